/* test_superdirt_orbits.c - orbits and their effects, on rendered programs:
 * `room` leaves a tail after the last hit (and `room 0` leaves silence),
 * `delay 0.5 # delaytime 0.25 # delayfeedback 0.5` echoes every 0.25 s at
 * half the level of the previous one, `delaysync` follows the tempo, one
 * orbit's effects never touch another orbit, the tails belong to the
 * pattern's signal (`~drums * 0` silences them too), an orbit first used
 * later plays dry, sleeping effects wake exactly, and live reload keeps
 * a ringing tail. */
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

static void render_ok(const char *src, double seconds, Rendered *r)
{
    RenderOptions o = { .rate = SR, .seconds = seconds };
    int rc = render_source(src, &o, r);
    if (rc != 0) fprintf(stderr, "render failed:\n%s\n", r->diagnostics ? r->diagnostics : "");
    assert_int_equal(rc, 0);
    assert_int_equal(aa_count_nonfinite(r->l, r->frames), 0);
    assert_int_equal(aa_count_nonfinite(r->r, r->frames), 0);
}

static double rms_at(const Rendered *r, double t0, double t1) { return aa_rms_window(r->l, r->frames, SR, t0, t1); }

/* The last frame (seconds) where |x| exceeds level. */
static double last_above(const float *x, size_t n, float level)
{
    for (size_t i = n; i-- > 0;)
        if (fabsf(x[i]) > level) return (double)i / SR;
    return 0.0;
}

static void test_room_tail_and_room_zero_silence(void **state)
{
    (void)state;
    Rendered dry, zero, wet;
    /* one snare, then nothing for 4 s */
    render_ok("tempo: 0.25\nout: s \"sn ~ ~ ~\"", 2.0, &dry);
    render_ok("tempo: 0.25\nout: s \"sn ~ ~ ~\" # room 0", 2.0, &zero);
    render_ok("tempo: 0.25\nout: s \"sn ~ ~ ~\" # room 0.5 # size 0.8", 2.0, &wet);
    double end = last_above(dry.l, dry.frames, 0.0f);
    assert_true(end > 0.05 && end < 0.6);
    /* room 0: exactly the dry render, silence after the hit */
    assert_memory_equal(zero.l, dry.l, sizeof(float) * dry.frames);
    assert_true(rms_at(&zero, end + 0.01, 2.0) == 0.0);
    /* room 0.5: a tail well after the hit has ended, decaying */
    double t1 = rms_at(&wet, end + 0.05, end + 0.3), t2 = rms_at(&wet, end + 0.6, end + 0.9);
    assert_true(aa_to_db(t1) > -50.0);
    assert_true(t2 < t1);
    /* the dry hit is still there at its level (the reverb adds, the dry passes) */
    assert_true(fabs(aa_peak_window(wet.l, wet.frames, SR, 0, 0.05) - aa_peak_window(dry.l, dry.frames, SR, 0, 0.05)) <
                0.2 * aa_peak(dry.l, dry.frames));
    /* a bigger size: a longer tail */
    Rendered small;
    render_ok("tempo: 0.25\nout: s \"sn ~ ~ ~\" # room 0.5 # size 0.1", 2.0, &small);
    assert_true(rms_at(&small, end + 0.6, end + 0.9) < 0.5 * t2);
    rendered_free(&dry);
    rendered_free(&zero);
    rendered_free(&wet);
    rendered_free(&small);
}

static void test_delay_echoes_halve_every_quarter_second(void **state)
{
    (void)state;
    Rendered r;
    /* a 30 ms rim shot, alone in a 4 s cycle */
    render_ok("tempo: 0.25\nout: s \"rim ~ ~ ~\" # sustain 0.03 # delay 0.5 # delaytime 0.25 # delayfeedback 0.5",
              1.6, &r);
    double dry = aa_peak_window(r.l, r.frames, SR, 0.0, 0.05);
    assert_true(dry > 0.1);
    double prev = dry;
    for (int k = 1; k <= 5; k++) {
        double t = 0.25 * k;
        /* nothing between the echoes */
        assert_true(aa_peak_window(r.l, r.frames, SR, t - 0.2, t - 0.005) < 1e-6);
        double e = aa_peak_window(r.l, r.frames, SR, t - 0.002, t + 0.05);
        double want = k == 1 ? 0.5 * dry : 0.5 * prev; /* send 0.5, then feedback 0.5 */
        assert_true(fabs(e - want) < 0.02 * want);
        /* the echo starts on time: the first loud frame within 1 ms of k * 0.25 s */
        long on = aa_first_above(r.l, r.frames, (size_t)((t - 0.01) * SR), 0.05 * e);
        assert_true(labs(on - (long)(t * SR)) < SR / 1000);
        prev = e;
    }
    rendered_free(&r);
}

static void test_delaysync_follows_tempo(void **state)
{
    (void)state;
    Rendered r;
    /* delaysync 0.125 cycles at 0.5 cps = 0.25 s; lock 1 makes delaytime cycles too */
    render_ok("tempo: 0.5\nout: s \"rim ~ ~ ~\" # sustain 0.03 # delay 0.5 # delaysync 0.125 # delayfeedback 0.5",
              0.7, &r);
    long on = aa_first_above(r.l, r.frames, (size_t)(0.1 * SR), 0.01);
    assert_true(labs(on - SR / 4) < SR / 1000);
    rendered_free(&r);
    render_ok("tempo: 1\nout: s \"rim ~ ~ ~\" # sustain 0.03 # delay 0.5 # delaytime 0.5 # lock 1", 0.7, &r);
    on = aa_first_above(r.l, r.frames, (size_t)(0.1 * SR), 0.01);
    assert_true(labs(on - SR / 2) < SR / 1000);
    rendered_free(&r);
}

/* Orbit 0 and orbit 1 of one pattern: each keeps to its own effects. */
static void test_orbits_are_isolated(void **state)
{
    (void)state;
    Rendered both, bd_alone, sn_alone;
    /* bd on orbit 0 with a big reverb; sn on orbit 1, dry */
    render_ok("tempo: 0.5\nout: s \"bd sn\" # orbit \"0 1\" # room \"0.9 0\" # size 0.9", 2.0, &both);
    render_ok("tempo: 0.5\nout: s \"bd ~\" # room 0.9 # size 0.9", 2.0, &bd_alone);
    render_ok("tempo: 0.5\nout: s \"~ sn\"", 2.0, &sn_alone);
    /* both = (bd + its reverb) + (sn, dry): subtracting bd's orbit leaves exactly the dry snare */
    double worst = 0.0;
    for (size_t i = 0; i < both.frames; i++) {
        double d = (double)both.l[i] - bd_alone.l[i] - sn_alone.l[i];
        if (fabs(d) > worst) worst = fabs(d);
    }
    assert_true(worst < 1e-6);
    /* and the reverb on orbit 1 leaves orbit 0 alone */
    Rendered swapped, bd_dry;
    render_ok("tempo: 0.5\nout: s \"bd sn\" # orbit \"0 1\" # room \"0 0.9\"", 1.2, &swapped);
    render_ok("tempo: 0.5\nout: s \"bd ~\"", 1.2, &bd_dry);
    assert_memory_equal(swapped.l, bd_dry.l, sizeof(float) * (size_t)(0.99 * SR)); /* before the snare */
    rendered_free(&both);
    rendered_free(&bd_alone);
    rendered_free(&sn_alone);
    rendered_free(&swapped);
    rendered_free(&bd_dry);
}

/* Orbits are per sound pattern: its signal carries its tails. */
static void test_tails_belong_to_the_pattern(void **state)
{
    (void)state;
    Rendered full, half, lp;
    render_ok("tempo: 0.25\n~d: s \"sn ~ ~ ~\" # room 0.6 # size 0.8\nout: ~d", 1.5, &full);
    render_ok("tempo: 0.25\n~d: s \"sn ~ ~ ~\" # room 0.6 # size 0.8\nout: ~d * 0.5", 1.5, &half);
    render_ok("tempo: 0.25\n~d: s \"sn ~ ~ ~\" # room 0.6 # size 0.8\nout: ~d # lpf 300 0.7", 1.5, &lp);
    double tail = rms_at(&full, 0.6, 1.2);
    assert_true(tail > 1e-4);
    assert_true(fabs(rms_at(&half, 0.6, 1.2) - 0.5 * tail) < 0.01 * tail);
    /* the signal low-pass darkens the tail as well */
    double c_full = aa_spectral_centroid(full.l + (size_t)(0.6 * SR), (size_t)(0.6 * SR), SR);
    double c_lp = aa_spectral_centroid(lp.l + (size_t)(0.6 * SR), (size_t)(0.6 * SR), SR);
    assert_true(c_lp < 0.5 * c_full);
    rendered_free(&full);
    rendered_free(&half);
    rendered_free(&lp);
}

/* An orbit whose sends first appear after the compile-time scan plays dry. */
static void test_late_orbit_plays_dry(void **state)
{
    (void)state;
    Rendered r, dry;
    render_ok("tempo: 4\nout: s \"sn\" # room \"<0!20 0.8>\"", 5.5, &r);
    render_ok("tempo: 4\nout: s \"sn\"", 5.5, &dry);
    assert_memory_equal(r.l, dry.l, sizeof(float) * r.frames);
    rendered_free(&r);
    rendered_free(&dry);
}

/* Effects sleep through long silences and wake on the frame; the same output for any block size. */
static void test_sleep_and_wake_exact(void **state)
{
    (void)state;
    const char *src = "tempo: 0.125\nout: s \"cp ~ ~ ~ ~ ~ ~ [~ cp]\" # room 0.4 # delay 0.3 # delaytime 0.2";
    Rendered a, b;
    RenderOptions o = { .rate = SR, .seconds = 8.0, .block = 512 };
    assert_int_equal(render_source(src, &o, &a), 0);
    o.block = 77;
    assert_int_equal(render_source(src, &o, &b), 0);
    assert_memory_equal(a.l, b.l, sizeof(float) * a.frames);
    /* silence in between (the tails fell below -120 dB, the effects slept), sound again at 7.5 s */
    assert_true(rms_at(&a, 5.0, 7.4) == 0.0);
    assert_true(rms_at(&a, 7.5, 7.7) > 0.01);
    rendered_free(&a);
    rendered_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_room_tail_and_room_zero_silence),
        cmocka_unit_test(test_delay_echoes_halve_every_quarter_second),
        cmocka_unit_test(test_delaysync_follows_tempo),
        cmocka_unit_test(test_orbits_are_isolated),
        cmocka_unit_test(test_tails_belong_to_the_pattern),
        cmocka_unit_test(test_late_orbit_plays_dry),
        cmocka_unit_test(test_sleep_and_wake_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
