/* test_superdirt_fx.c - per-event effects as a listener hears them, on
 * rendered programs (built-in kit): `cutoff "200 8000"` alternates dull and
 * bright hits, `hpf` thins, `crush 4` adds quantisation noise, `vowel "a"`
 * and `"i"` put the formants in different places, `coarse` and `shape`
 * change the sound, resonance rings; bad values (unknown vowel, negative,
 * NaN-producing arithmetic) are clamped or warned about, never NaN; and the
 * render is bit-identical for any thread count and block size. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "audio_analysis.h"
#include "render_helper.h"

#define SR 44100

static void render_ok(const char *src, double seconds, int threads, int block, Rendered *r)
{
    RenderOptions o = { .rate = SR, .seconds = seconds, .threads = threads, .block = block };
    int rc = render_source(src, &o, r);
    if (rc != 0) fprintf(stderr, "render failed:\n%s\n", r->diagnostics ? r->diagnostics : "");
    assert_int_equal(rc, 0);
    assert_int_equal(aa_count_nonfinite(r->l, r->frames), 0);
    assert_int_equal(aa_count_nonfinite(r->r, r->frames), 0);
}

/* Spectral centroid of [t0, t0 + len) seconds of the left channel. */
static double centroid_at(const Rendered *r, double t0, double len)
{
    size_t a = (size_t)(t0 * SR), n = (size_t)(len * SR);
    return aa_spectral_centroid(r->l + a, n, SR);
}

static void test_cutoff_alternates_dull_and_bright(void **state)
{
    (void)state;
    Rendered r, plain;
    /* four snares over 2 s: cutoff 200, 8000, 200, 8000 */
    render_ok("tempo: 1\nout: s \"sn sn\" # cutoff \"200 8000\"", 2.0, 1, 512, &r);
    render_ok("tempo: 1\nout: s \"sn sn\"", 2.0, 1, 512, &plain);
    for (int k = 0; k < 2; k++) {
        double dull = centroid_at(&r, k * 1.0, 0.45), bright = centroid_at(&r, k * 1.0 + 0.5, 0.45);
        assert_true(dull < 600.0);
        assert_true(bright > 5.0 * dull);
        /* the bright hit keeps most of the unfiltered one's brightness (8 kHz trims the top) */
        double open = centroid_at(&plain, k * 1.0 + 0.5, 0.45);
        assert_true(bright > 0.5 * open && bright <= open);
    }
    /* the dull one has lost its top: -40 dB and more above 3 kHz */
    double hi_plain = aa_band_energy(plain.l, SR / 4, SR, 3000, 15000);
    double hi_dull = aa_band_energy(r.l, SR / 4, SR, 3000, 15000);
    assert_true(hi_dull < hi_plain * 1e-4);
    rendered_free(&r);
    rendered_free(&plain);
}

static void test_lpf_alias_resonance_and_hpf(void **state)
{
    (void)state;
    Rendered a, b, h;
    render_ok("tempo: 1\nout: s \"sn\" # lpf 1000", 0.6, 1, 512, &a);
    render_ok("tempo: 1\nout: s \"sn\" # lpf 1000 # resonance 0.7", 0.6, 1, 512, &b);
    render_ok("tempo: 1\nout: s \"sn\" # hpf 3000", 0.6, 1, 512, &h);
    /* resonance 0.7 (q 1000^0.7, capped at 50) makes the cutoff ring: far more energy at 1 kHz */
    assert_true(aa_band_energy(b.l, b.frames, SR, 950, 1050) > 10.0 * aa_band_energy(a.l, a.frames, SR, 950, 1050));
    assert_true(aa_peak_freq_in(b.l, b.frames, SR, 300, 3000) > 900.0);
    assert_true(aa_peak_freq_in(b.l, b.frames, SR, 300, 3000) < 1100.0);
    /* hpf 3000: the low end is gone */
    assert_true(aa_band_energy(h.l, h.frames, SR, 50, 500) < 1e-3 * aa_band_energy(a.l, a.frames, SR, 50, 500));
    rendered_free(&a);
    rendered_free(&b);
    rendered_free(&h);
}

static void test_crush_adds_quantisation_noise(void **state)
{
    (void)state;
    Rendered a, c;
    /* a sine-like tonal source: the kit's bass drum tail */
    render_ok("tempo: 1\nout: s \"bd\"", 0.5, 1, 512, &a);
    render_ok("tempo: 1\nout: s \"bd\" # crush 4", 0.5, 1, 512, &c);
    /* quantisation noise: energy far above the kick's band appears */
    double ha = aa_band_energy(a.l, a.frames, SR, 4000, 16000), hc = aa_band_energy(c.l, c.frames, SR, 4000, 16000);
    assert_true(hc > 100.0 * ha);
    /* and the output takes few distinct values (16 steps of 1/8, times the centre pan) */
    int distinct = 0;
    float seen[64];
    for (size_t i = 0; i < c.frames && distinct < 64; i++) {
        int found = 0;
        for (int k = 0; k < distinct; k++) found |= seen[k] == c.l[i];
        if (!found) seen[distinct++] = c.l[i];
    }
    assert_true(distinct <= 17);
    rendered_free(&a);
    rendered_free(&c);
}

static void test_vowels_move_formants(void **state)
{
    (void)state;
    Rendered a, i;
    /* a buzzy source: the snare (noise and tone) */
    render_ok("tempo: 1\nout: s \"sn\" # vowel \"a\"", 0.5, 1, 512, &a);
    render_ok("tempo: 1\nout: s \"sn\" # vowel \"i\"", 0.5, 1, 512, &i);
    double a_f1 = aa_band_energy(a.l, a.frames, SR, 600, 720), i_f1 = aa_band_energy(i.l, i.frames, SR, 600, 720);
    double a_low = aa_band_energy(a.l, a.frames, SR, 240, 300), i_low = aa_band_energy(i.l, i.frames, SR, 240, 300);
    assert_true(a_f1 > 4.0 * i_f1);   /* "a" has F1 at 660 Hz */
    assert_true(i_low > 4.0 * a_low); /* "i" has F1 at 270 Hz */
    assert_true(centroid_at(&a, 0.0, 0.3) != centroid_at(&i, 0.0, 0.3));
    rendered_free(&a);
    rendered_free(&i);
}

static void test_coarse_and_shape(void **state)
{
    (void)state;
    Rendered a, k, s;
    render_ok("tempo: 1\nout: s \"bd\"", 0.4, 1, 512, &a);
    render_ok("tempo: 1\nout: s \"bd\" # coarse 16", 0.4, 1, 512, &k);
    render_ok("tempo: 1\nout: s \"bd\" # shape 0.8", 0.4, 1, 512, &s);
    /* coarse 16: held 16 frames (steps every 16 frames) */
    int held = 0, total = 0;
    for (size_t i = 2000; i < 6000; i++) {
        total++;
        held += k.l[i] == k.l[i - 1];
    }
    assert_true(held >= total * 15 / 16 - 2);
    /* shape: louder and with more harmonics */
    assert_true(aa_rms(s.l, s.frames) > 1.3 * aa_rms(a.l, a.frames));
    assert_true(aa_band_energy(s.l, s.frames, SR, 500, 4000) > 2.0 * aa_band_energy(a.l, a.frames, SR, 500, 4000));
    rendered_free(&a);
    rendered_free(&k);
    rendered_free(&s);
}

static void test_bad_values_never_nan(void **state)
{
    (void)state;
    Rendered r;
    /* unknown vowel: a warning, and the events play unfiltered */
    render_ok("tempo: 1\nout: s \"sn\" # vowel \"x\"", 0.3, 1, 512, &r);
    assert_non_null(strstr(r.diagnostics, "unknown vowel \"x\""));
    assert_true(aa_rms(r.l, r.frames) > 0.01);
    rendered_free(&r);
    const char *bad[] = {
        "out: s \"bd*4\" # cutoff \"-100 0 1e9 200\" # resonance \"-3 2 100 0.99\"",
        "out: s \"sn*4\" # hcutoff (-5) # bandf 1e12 # bandq (-1)",
        "out: s \"hh*4\" # crush \"-1 0 0.5 99\" # coarse \"-3 0 1e9 3\" # shape \"-1 1 5 0.5\"",
        "out: s \"cp*4\" # room (-1) # size (-3) # delay 2 # delaytime (-1) # delayfeedback 7",
        "out: s \"bd*4\" # cutoff (1 / 0) # room (0 / 0) # gain (0 / 0)",
        "out: s \"supersaw*4\" # note 1e9 # cutoff 300 # sustain (-1) # legato 1e9",
        "out: s \"superkick*2\" # decay (-5) # n (-1000)",
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        render_ok(bad[k], 2.0, 1, 512, &r);
        assert_true(aa_peak(r.l, r.frames) <= 1.0);
        rendered_free(&r);
    }
}

static void test_threads_and_blocks_bit_identical(void **state)
{
    (void)state;
    const char *src = "tempo: 0.5\n"
                      "d1 $ s \"bd*8 sn*4 hh*16\" # cutoff (range 200 8000 sine) # resonance 0.2 # pan rand\n"
                      "d2 $ note \"c e g <b d5>\" # s \"supersaw superpiano\" # hpf 200 # vowel \"<a o>\" # crush \"<0 6>\"\n"
                      "d3 $ s \"cp*4\" # room 0.3 # delay 0.4 # delaytime 0.125 # orbit \"0 1\"";
    Rendered ref;
    render_ok(src, 3.0, 1, 512, &ref);
    assert_true(aa_rms(ref.l, ref.frames) > 0.01);
    const int threads[] = { 2, 4, 1, 2 }, blocks[] = { 512, 512, 64, 100 };
    for (int k = 0; k < 4; k++) {
        Rendered r;
        render_ok(src, 3.0, threads[k], blocks[k], &r);
        assert_int_equal(r.frames, ref.frames);
        assert_memory_equal(r.l, ref.l, sizeof(float) * ref.frames);
        assert_memory_equal(r.r, ref.r, sizeof(float) * ref.frames);
        rendered_free(&r);
    }
    rendered_free(&ref);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cutoff_alternates_dull_and_bright),
        cmocka_unit_test(test_lpf_alias_resonance_and_hpf),
        cmocka_unit_test(test_crush_adds_quantisation_noise),
        cmocka_unit_test(test_vowels_move_formants),
        cmocka_unit_test(test_coarse_and_shape),
        cmocka_unit_test(test_bad_values_never_nan),
        cmocka_unit_test(test_threads_and_blocks_bit_identical),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
