/* test_render_synth.c - programs with oscillators, filters and effects,
 * rendered in-process and checked the way a listener would: pitch by FFT,
 * brightness by spectral centroid, attenuation in dB, echo timing, no NaN,
 * no clicks. */
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

static double peak_hz(const Rendered *r, double t0, double t1)
{
    size_t a = (size_t)(t0 * SR), b = (size_t)(t1 * SR);
    return aa_peak_freq_in(r->l + a, b - a, SR, 20, 10000);
}

/* examples/02: 110, 220, 440 Hz, each for a third of a 2 s cycle. */
static void test_pattern_as_signal_steps(void **state)
{
    (void)state;
    Rendered r;
    RenderOptions o = { .rate = SR, .cycles = 2 };
    assert_int_equal(render_example("02_pattern_as_signal.ph", &o, &r), 0);
    const double want[3] = { 110, 220, 440 };
    for (int cycle = 0; cycle < 2; cycle++) {
        for (int third = 0; third < 3; third++) {
            double t0 = cycle * 2.0 + third * 2.0 / 3.0;
            double hz = peak_hz(&r, t0 + 0.05, t0 + 2.0 / 3.0 - 0.05);
            assert_true(fabs(hz - want[third]) < want[third] * 0.005);
        }
    }
    assert_true(aa_rms(r.l, r.frames) > 0.05);
    rendered_free(&r);
}

/* examples/03: the LFO (0.25 Hz) opens the filter around t = 1 s and closes
 * it around t = 3 s, so the bass is much brighter at 1 s. */
static void test_lfo_moves_the_centroid(void **state)
{
    (void)state;
    Rendered r;
    RenderOptions o = { .rate = SR, .seconds = 8 };
    assert_int_equal(render_example("03_lfo_filter.ph", &o, &r), 0);
    for (int period = 0; period < 2; period++) {
        double open = aa_spectral_centroid(r.l + (size_t)((0.8 + 4 * period) * SR), SR / 2, SR);
        double closed = aa_spectral_centroid(r.l + (size_t)((2.8 + 4 * period) * SR), SR / 2, SR);
        assert_true(open > closed * 1.5);
    }
    rendered_free(&r);
}

static void test_lpf_attenuates_noise(void **state)
{
    (void)state;
    Rendered dry, wet;
    render_ok("out: noise * 0.5", 2, &dry);
    render_ok("out: noise * 0.5 # lpf 500 0.707", 2, &wet);
    double at5k = aa_gain_db_at(dry.l, wet.l, dry.frames, SR, 5000, 200);
    double at100 = aa_gain_db_at(dry.l, wet.l, dry.frames, SR, 100, 40);
    assert_true(at5k <= -24.0);
    assert_true(at100 > -3.0);
    rendered_free(&dry);
    rendered_free(&wet);
}

/* A short click through `delay 0.25 0.5 1`: echoes every 0.25 s, each half
 * the last. */
static void test_delay_echoes(void **state)
{
    (void)state;
    Rendered r;
    render_ok("tempo: 0.25\nout: s \"rim\" # delay 0.25 0.5 1", 2, &r);
    double p[4];
    for (int k = 0; k < 4; k++) {
        double t = 0.25 * (k + 1);
        p[k] = aa_peak_window(r.l, r.frames, SR, t - 0.01, t + 0.12);
    }
    /* before the first echo there is only silence (mix 1: no dry signal) */
    assert_true(aa_peak_window(r.l, r.frames, SR, 0.0, 0.24) < p[0] * 0.01);
    for (int k = 1; k < 4; k++) assert_true(fabs(p[k] / p[k - 1] - 0.5) < 0.05);
    rendered_free(&r);
}

static void test_oscillators_hit_their_frequency(void **state)
{
    (void)state;
    const char *waves[] = { "sine", "saw", "square", "tri", "pulse" };
    const double freqs[] = { 110, 440, 1000, 3520 };
    for (size_t w = 0; w < 5; w++) {
        for (size_t f = 0; f < 4; f++) {
            char src[128];
            snprintf(src, sizeof src, "out: %s %g * 0.3", waves[w], freqs[f]);
            Rendered r;
            render_ok(src, 1.2, &r);
            double hz = aa_peak_freq_in(r.l + SR / 10, SR, SR, freqs[f] * 0.5, freqs[f] * 1.5);
            assert_true(fabs(hz - freqs[f]) < freqs[f] * 0.001);
            /* a steady tone never jumps more than its waveform allows */
            size_t at;
            assert_true(aa_max_step(r.l + SR / 10, SR, &at) < 0.5);
            rendered_free(&r);
        }
    }
}

/* A rest in a frequency pattern is silence, not a held tone or DC. */
static void test_rest_is_silence(void **state)
{
    (void)state;
    Rendered r;
    render_ok("tempo: 1\nout: saw \"220 ~\" * 0.3", 1, &r);
    assert_true(aa_rms_window(r.l, r.frames, SR, 0.05, 0.45) > 0.05);
    assert_true(aa_rms_window(r.l, r.frames, SR, 0.55, 0.95) < 1e-3);
    rendered_free(&r);
}

/* A pattern of note names drives an oscillator in Hz. */
static void test_note_names_are_hz(void **state)
{
    (void)state;
    Rendered r;
    render_ok("tempo: 1\nout: sine \"a4 c5\" * 0.3", 1, &r);
    assert_true(fabs(peak_hz(&r, 0.05, 0.45) - 440.0) < 2.0);
    assert_true(fabs(peak_hz(&r, 0.55, 0.95) - 523.25) < 2.5);
    rendered_free(&r);
}

/* Effects and every example that needs no samples stay finite and bounded. */
static void test_examples_render_clean(void **state)
{
    (void)state;
    const char *names[] = { "02_pattern_as_signal.ph", "03_lfo_filter.ph", "12_acid.ph", "14_scale.ph" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        Rendered r;
        RenderOptions o = { .rate = SR, .cycles = 2 };
        assert_int_equal(render_example(names[i], &o, &r), 0);
        assert_int_equal(aa_count_nonfinite(r.l, r.frames), 0);
        assert_true(aa_peak(r.l, r.frames) <= 1.0);
        assert_true(aa_rms(r.l, r.frames) > 0.01);
        rendered_free(&r);
    }
}

static void test_effects_are_finite(void **state)
{
    (void)state;
    const char *fx[] = { "reverb 0.7 0.5 0.4", "distortion 10 0.5", "bitcrush 4 4", "chorus 1 0.5 0.5",
                         "compressor -20 4 0.01 0.1 0", "limiter 0.5", "delay 0.1 0.9 0.5", "env 0.01 0.1 0.5 0.2",
                         "adsr 0.01 0.1 0.5 0.2", "hpf 2000 4", "bpf 1000 8", "notch 1000 1", "rhpf 500 9" };
    for (size_t i = 0; i < sizeof fx / sizeof fx[0]; i++) {
        char src[160];
        snprintf(src, sizeof src, "out: saw \"110 220\" * 0.4 # %s", fx[i]);
        Rendered r;
        render_ok(src, 1, &r);
        assert_true(aa_peak(r.l, r.frames) <= 1.0);
        rendered_free(&r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pattern_as_signal_steps),
        cmocka_unit_test(test_lfo_moves_the_centroid),
        cmocka_unit_test(test_lpf_attenuates_noise),
        cmocka_unit_test(test_delay_echoes),
        cmocka_unit_test(test_oscillators_hit_their_frequency),
        cmocka_unit_test(test_rest_is_silence),
        cmocka_unit_test(test_note_names_are_hz),
        cmocka_unit_test(test_examples_render_clean),
        cmocka_unit_test(test_effects_are_finite),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
