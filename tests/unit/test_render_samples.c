/* test_render_samples.c - sample playback as a listener checks it: onsets on
 * the exact sample, Euclidean steps, gain and pan ratios, file selection,
 * cut groups that choke within 5 ms, and bit-identical output for any thread
 * count. Uses the built-in kit only. */
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
#include "sample/sample_library.h"

#define SR 44100

static void render_ok(const char *src, double seconds, int threads, Rendered *r)
{
    RenderOptions o = { .rate = SR, .seconds = seconds, .threads = threads };
    int rc = render_source(src, &o, r);
    if (rc != 0) fprintf(stderr, "render failed:\n%s\n", r->diagnostics ? r->diagnostics : "");
    assert_int_equal(rc, 0);
    assert_int_equal(aa_count_nonfinite(r->l, r->frames), 0);
    assert_int_equal(aa_count_nonfinite(r->r, r->frames), 0);
}

/* The first frame at which the kit's bd:0 is non-zero (its own attack). */
static long kit_attack(const char *bank)
{
    SampleLibOptions o;
    sample_lib_options_init(&o, SR);
    o.env_path = o.local_dir = o.home = NULL;
    SampleLib *lib = NULL;
    assert_int_equal(sample_lib_open(&lib, &o), PH_OK);
    const Sample *s = sample_lib_get(lib, sample_lib_find(lib, bank), 0);
    assert_non_null(s);
    long k = 0;
    while (k < s->frames && s->data[0][k] == 0.0f) k++;
    sample_lib_close(lib);
    return k;
}

static void expect_onset_at(const Rendered *r, long frame, long attack)
{
    long at = frame + attack;
    assert_true(fabsf(r->l[at]) > 0.0f || fabsf(r->r[at]) > 0.0f);
    assert_true(r->l[at - 1] == 0.0f && r->r[at - 1] == 0.0f);
}

/* bd*4 at 0.5 cps: kicks at exactly 0, 0.5, 1.0 and 1.5 s. The render must
 * equal one kick copied to exactly those frames: an onset one sample off
 * would leave a difference the size of the kick's slope. */
static void test_kicks_on_the_sample(void **state)
{
    (void)state;
    long attack = kit_attack("bd");
    Rendered one, four;
    render_ok("tempo: 0.5\nout: s \"bd ~ ~ ~\"", 2, 1, &one);
    render_ok("tempo: 0.5\nout: s \"bd*4\"", 2, 1, &four);
    /* the lone kick starts on frame 0 (after the sample's own leading zeros) */
    assert_true(one.l[attack] != 0.0f);
    for (long k = 0; k < attack; k++) assert_true(one.l[k] == 0.0f);
    double worst = 0;
    for (size_t t = 0; t < four.frames; t++) {
        double want = 0;
        for (int k = 0; k < 4; k++)
            if (t >= (size_t)k * 22050) want += one.l[t - (size_t)k * 22050];
        double d = fabs(want - four.l[t]);
        if (d > worst) worst = d;
    }
    assert_true(worst < 1e-5);
    /* and shifting by one frame would not match */
    double off = 0;
    for (size_t t = 22051; t < 30000; t++) off = fmax(off, fabs((double)four.l[t] - one.l[t - 22049] - one.l[t]));
    assert_true(off > 1e-3);
    rendered_free(&one);
    rendered_free(&four);
}

/* examples/01 has hits every 0.25 s (hats), kicks every 0.5 s. */
static void test_house_example(void **state)
{
    (void)state;
    Rendered r;
    RenderOptions o = { .rate = SR, .cycles = 1 };
    assert_int_equal(render_example("01_house.ph", &o, &r), 0);
    for (int k = 0; k < 8; k++) assert_true(aa_peak_window(r.l, r.frames, SR, k * 0.25, k * 0.25 + 0.05) > 0.05);
    assert_true(aa_peak(r.l, r.frames) <= 1.0);
    rendered_free(&r);
}

/* bd(3,8): onsets on steps 0, 3 and 6 of 8 (2 s cycle: 0, 0.75, 1.5 s). */
static void test_euclid_steps(void **state)
{
    (void)state;
    long attack = kit_attack("bd");
    Rendered r;
    render_ok("tempo: 0.5\nout: s \"bd(3,8)\"", 2, 1, &r);
    expect_onset_at(&r, 0, attack);
    expect_onset_at(&r, 3 * 11025, attack);
    expect_onset_at(&r, 6 * 11025, attack);
    /* nothing starts on the other steps: the kick has decayed long before */
    assert_true(aa_peak_window(r.l, r.frames, SR, 0.6, 0.74) < 0.01);
    rendered_free(&r);
}

/* examples/05: gains 1, 0.8, 0.6, 0.4 (within 0.5 dB) and pans 0, 0.5, 1, 0.5. */
static void test_gain_and_pan(void **state)
{
    (void)state;
    Rendered r;
    RenderOptions o = { .rate = SR, .cycles = 1 };
    assert_int_equal(render_example("05_event_params.ph", &o, &r), 0);
    double level[4], left[4], right[4];
    for (int k = 0; k < 4; k++) {
        size_t a = (size_t)(k * 0.5 * SR), n = (size_t)(0.45 * SR);
        double m = 0;
        for (size_t i = a; i < a + n; i++) {
            double e = sqrt((double)r.l[i] * r.l[i] + (double)r.r[i] * r.r[i]);
            if (e > m) m = e;
        }
        level[k] = m;
        left[k] = aa_rms(r.l + a, n);
        right[k] = aa_rms(r.r + a, n);
    }
    const double gains[4] = { 1.0, 0.8, 0.6, 0.4 };
    for (int k = 1; k < 4; k++) assert_true(fabs(aa_to_db(level[k] / level[0]) - aa_to_db(gains[k])) < 0.5);
    assert_true(right[0] < left[0] * 0.01);           /* pan 0: left only */
    assert_true(left[2] < right[2] * 0.01);           /* pan 1: right only */
    assert_true(fabs(aa_to_db(left[1] / right[1])) < 0.1); /* centre */
    rendered_free(&r);
}

/* examples/06: four different files of the bd bank. */
static void test_four_files(void **state)
{
    (void)state;
    Rendered r;
    RenderOptions o = { .rate = SR, .cycles = 1 };
    assert_int_equal(render_example("06_sample_select.ph", &o, &r), 0);
    size_t n = (size_t)(0.3 * SR);
    for (int a = 0; a < 4; a++) {
        for (int b = a + 1; b < 4; b++) {
            double diff = 0;
            for (size_t i = 0; i < n; i++) {
                double d = fabs((double)r.l[(size_t)(a * 0.5 * SR) + i] - r.l[(size_t)(b * 0.5 * SR) + i]);
                if (d > diff) diff = d;
            }
            assert_true(diff > 0.05);
        }
    }
    rendered_free(&r);
}

/* The second open hat chokes the first: 5 ms after its onset the output is
 * the second voice alone. */
static void test_cut_group_chokes(void **state)
{
    (void)state;
    Rendered both, second;
    render_ok("tempo: 1\nout: s \"oh*4\" # cut 1", 1, 1, &both);
    render_ok("tempo: 1\nout: s \"[~ oh ~ ~, ~ ~ oh ~, ~ ~ ~ oh]\"", 1, 1, &second);
    size_t from = (size_t)(0.25 * SR + 0.005 * SR), to = (size_t)(0.5 * SR);
    double diff = 0;
    for (size_t i = from; i < to; i++) {
        double d = fabs((double)both.l[i] - second.l[i]);
        if (d > diff) diff = d;
    }
    assert_true(diff < 1e-4);
    /* the first hat fades out instead of stopping dead: what is left of it
     * (both - second) still sounds right after the choke and dies away
     * within the fade */
    size_t t2 = (size_t)(0.25 * SR), ms = (size_t)(0.001 * SR);
    float *first = malloc(sizeof(float) * 6 * ms);
    for (size_t i = 0; i < 6 * ms; i++) first[i] = both.l[t2 - ms + i] - second.l[t2 - ms + i];
    double before = aa_rms(first, ms), early = aa_rms(first + ms, 2 * ms), late = aa_rms(first + 4 * ms, ms);
    if (!(early > before * 0.3 && late < early * 0.5))
        fprintf(stderr, "choke: before %g early %g late %g\n", before, early, late);
    assert_true(early > before * 0.3);
    assert_true(late < early * 0.5);
    free(first);
    rendered_free(&both);
    rendered_free(&second);
}

static void test_same_output_for_any_thread_count(void **state)
{
    (void)state;
    const char *src = "tempo: 0.5\nout: s \"bd*64, hh*32?, [sn cp]*8\" # speed \"1 1.5 0.75\" # pan sine";
    Rendered one, two;
    render_ok(src, 4, 1, &one);
    render_ok(src, 4, 2, &two);
    assert_int_equal(one.frames, two.frames);
    assert_memory_equal(one.l, two.l, one.frames * sizeof(float));
    assert_memory_equal(one.r, two.r, one.frames * sizeof(float));
    rendered_free(&one);
    rendered_free(&two);
}

/* Insane controls are clamped: no crash, no NaN, no hang. */
static void test_hostile_controls(void **state)
{
    (void)state;
    const char *progs[] = {
        "out: s \"bd*4\" # speed 0",
        "out: s \"bd*4\" # speed -1 # gain 1e30",
        "out: s \"bd*4\" # begin 2 # end -1",
        "out: s \"bd*4\" # speed 1e9",
        "out: s \"bd*4\" # gain \"-3\" # pan 7",
        "out: s \"nosuchbank*4\"",
    };
    for (size_t i = 0; i < sizeof progs / sizeof progs[0]; i++) {
        Rendered r;
        render_ok(progs[i], 1, 1, &r);
        assert_true(aa_peak(r.l, r.frames) <= 1.0);
        rendered_free(&r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kicks_on_the_sample),
        cmocka_unit_test(test_house_example),
        cmocka_unit_test(test_euclid_steps),
        cmocka_unit_test(test_gain_and_pan),
        cmocka_unit_test(test_four_files),
        cmocka_unit_test(test_cut_group_chokes),
        cmocka_unit_test(test_same_output_for_any_thread_count),
        cmocka_unit_test(test_hostile_controls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
