/* test_dsp_osc.c - oscillators: pitch accuracy, aliasing, clicks, rests,
 * phase continuity and determinism, measured the way a listener would. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "audio_analysis.h"
#include "dsp/dsp_math.h"
#include "dsp/dsp_osc.h"

#define SR 44100.0f

/* Render `frames` frames of `wave` at constant `hz` (pulse width `w`). */
static float *render_const(DspWave wave, float hz, float w, size_t frames)
{
    float *out = malloc(frames * sizeof *out);
    float f[DSP_BLOCK_MAX], pw[DSP_BLOCK_MAX];
    dsp_fill(f, hz, DSP_BLOCK_MAX);
    dsp_fill(pw, w, DSP_BLOCK_MAX);
    DspOsc o;
    dsp_osc_init(&o, SR, wave);
    for (size_t i = 0; i < frames; i += 256) {
        int n = (int)(frames - i < 256 ? frames - i : 256);
        dsp_osc_process(&o, f, pw, out + i, n);
    }
    return out;
}

static const char *wave_name(DspWave w)
{
    static const char *names[] = { "sine", "saw", "square", "tri", "pulse" };
    return names[w];
}

static void test_pitch_accuracy(void **state)
{
    (void)state;
    const float freqs[] = { 110.0f, 440.0f, 1000.0f, 5000.0f };
    for (int w = DSP_WAVE_SINE; w <= DSP_WAVE_PULSE; w++) {
        for (size_t i = 0; i < sizeof freqs / sizeof freqs[0]; i++) {
            size_t frames = (size_t)(SR * 1.1f);
            float *x = render_const((DspWave)w, freqs[i], 0.25f, frames);
            /* A 1-second window after the start-up de-click ramp. */
            double got = aa_peak_freq(x + 2205, 44100, SR);
            double err = fabs(got - freqs[i]) / freqs[i];
            if (err >= 0.001)
                fprintf(stderr, "%s %g Hz: measured %.4f Hz (%.4f %%)\n", wave_name((DspWave)w),
                        (double)freqs[i], got, err * 100.0);
            assert_true(err < 0.001);
            assert_true(aa_peak(x, frames) <= 1.2);
            assert_int_equal(aa_count_nonfinite(x, frames), 0);
            free(x);
        }
    }
}

/* Energy that is not at a harmonic of f0 (+-band Hz) and not near DC,
 * relative to the energy at the harmonics, in dB. */
static double alias_db(const float *x, size_t n, double f0)
{
    AaSpectrum s;
    assert_int_equal(aa_spectrum(x, n, SR, 1, &s), 0);
    double harm = 0.0, alias = 0.0, band = 30.0;
    for (size_t k = 0; k < s.bins; k++) {
        double f = (double)k * s.bin_hz;
        if (f < 50.0) continue;
        double h = f / f0, d = fabs(h - floor(h + 0.5)) * f0;
        double e = s.mag[k] * s.mag[k];
        if (d <= band) harm += e; else alias += e;
    }
    aa_spectrum_free(&s);
    return 10.0 * log10(alias / harm);
}

static void test_bandlimited_less_aliasing(void **state)
{
    (void)state;
    size_t n = 44100;
    float *bl = render_const(DSP_WAVE_SAW, 5000.0f, 0.5f, n + 4410);
    /* Naive saw at the same pitch for comparison. */
    float *naive = malloc(n * sizeof *naive);
    double ph = 0.0;
    for (size_t i = 0; i < n; i++) {
        naive[i] = (float)(2.0 * ph - 1.0);
        ph += 5000.0 / SR;
        if (ph >= 1.0) ph -= 1.0;
    }
    double a_bl = alias_db(bl + 4410, n, 5000.0), a_naive = alias_db(naive, n, 5000.0);
    fprintf(stderr, "saw 5 kHz aliasing: naive %.1f dB, band-limited %.1f dB\n", a_naive, a_bl);
    assert_true(a_bl < a_naive - 10.0);

    float *sq = render_const(DSP_WAVE_SQUARE, 5000.0f, 0.5f, n + 4410);
    float *tri = render_const(DSP_WAVE_TRI, 5000.0f, 0.5f, n + 4410);
    double a_sq = alias_db(sq + 4410, n, 5000.0), a_tri = alias_db(tri + 4410, n, 5000.0);
    fprintf(stderr, "square 5 kHz aliasing %.1f dB, tri %.1f dB\n", a_sq, a_tri);
    assert_true(a_sq < a_naive - 10.0);
    ph = 0.0;
    for (size_t i = 0; i < n; i++) { /* naive triangle */
        naive[i] = (float)(1.0 - 4.0 * fabs(ph - 0.5));
        ph += 5000.0 / SR;
        if (ph >= 1.0) ph -= 1.0;
    }
    double a_tri_naive = alias_db(naive, n, 5000.0);
    fprintf(stderr, "tri naive %.1f dB\n", a_tri_naive);
    assert_true(a_tri < a_tri_naive - 10.0);
    free(bl); free(naive); free(sq); free(tri);
}

static void test_no_clicks_constant_freq(void **state)
{
    (void)state;
    size_t n = 44100;
    float *s = render_const(DSP_WAVE_SINE, 440.0f, 0.5f, n);
    double bound = 2.0 * 3.14159265 * 440.0 / SR;
    assert_true(aa_max_step(s, n, NULL) <= bound * 1.02);
    float *t = render_const(DSP_WAVE_TRI, 440.0f, 0.5f, n);
    assert_true(aa_max_step(t + 100, n - 100, NULL) <= 4.0 * 440.0 / SR * 1.05); /* after the ramp */
    /* saw: the only big steps are the resets, one per cycle, each at most 2. */
    float *w = render_const(DSP_WAVE_SAW, 110.0f, 0.5f, n);
    size_t big = 0;
    for (size_t i = 1; i < n; i++) big += fabsf(w[i] - w[i - 1]) > 0.1f;
    assert_true(big <= 3 * 111); /* BLEP spreads each reset over <= 3 steps */
    assert_true(aa_max_step(w, n, NULL) <= 2.0);
    free(s); free(t); free(w);
}

/* saw "55 ~ 110": frequency 0 is a rest. Silence, not DC, entered and left
 * without a click. */
static void test_rest_is_silence(void **state)
{
    (void)state;
    size_t seg = 22050, n = 3 * seg;
    float *f = malloc(n * sizeof *f), *x = malloc(n * sizeof *x);
    for (size_t i = 0; i < n; i++) f[i] = i < seg ? 55.0f : (i < 2 * seg ? 0.0f : 110.0f);
    for (int wave = DSP_WAVE_SINE; wave <= DSP_WAVE_PULSE; wave++) {
        DspOsc o;
        dsp_osc_init(&o, SR, (DspWave)wave);
        for (size_t i = 0; i < n; i += 512) dsp_osc_process(&o, f + i, NULL, x + i, 512 < n - i ? 512 : (int)(n - i));
        /* After the 2 ms fade the rest is exactly zero. */
        for (size_t i = seg + 100; i < 2 * seg; i++) assert_true(x[i] == 0.0f);
        assert_true(aa_rms_window(x, n, SR, 0.1, 0.5) > 0.3);
        assert_true(aa_rms_window(x, n, SR, 1.1, 1.5) > 0.3);
        /* Entering and leaving the rest: no step larger than the waveform's
         * own per-sample motion plus the ramp (sine: 2*pi*110/sr + 1/88). */
        if (wave == DSP_WAVE_SINE) {
            double m = aa_max_step(x, n, NULL);
            assert_true(m < 0.03);
        }
    }
    /* Negative, NaN and inf frequencies are rests too; huge is clamped. */
    const float bad[] = { -440.0f, NAN, -INFINITY };
    for (size_t b = 0; b < 3; b++) {
        DspOsc o;
        dsp_osc_init(&o, SR, DSP_WAVE_SAW);
        dsp_fill(f, bad[b], 1024);
        dsp_osc_process(&o, f, NULL, x, 1024);
        for (int i = 0; i < 1024; i++) assert_true(x[i] == 0.0f);
    }
    DspOsc o;
    dsp_osc_init(&o, SR, DSP_WAVE_PULSE);
    dsp_fill(f, INFINITY, 1024);
    dsp_fill(f + 1024, NAN, 1024); /* width NaN */
    dsp_osc_process(&o, f, f + 1024, x, 1024);
    assert_int_equal(aa_count_nonfinite(x, 1024), 0);
    assert_true(aa_peak(x, 1024) <= 1.5);
    free(f); free(x);
}

/* A glide 100 Hz -> 2000 Hz with a new frequency every frame: the phase
 * must stay continuous (no step larger than the sine's own slope). */
static void test_phase_continuous_glide(void **state)
{
    (void)state;
    size_t n = 44100;
    float *f = malloc(n * sizeof *f), *x = malloc(n * sizeof *x);
    for (size_t i = 0; i < n; i++) f[i] = 100.0f + 1900.0f * (float)i / (float)n;
    DspOsc o;
    dsp_osc_init(&o, SR, DSP_WAVE_SINE);
    for (size_t i = 0; i < n; i += 1000) dsp_osc_process(&o, f + i, NULL, x + i, (int)(n - i < 1000 ? n - i : 1000));
    assert_true(aa_max_step(x, n, NULL) <= 2.0 * 3.14159265 * 2000.0 / SR * 1.02);
    /* Stepped frequency (a pattern): 110 -> 220 -> 440 at arbitrary frames. */
    for (size_t i = 0; i < n; i++) f[i] = i < 14700 ? 110.0f : (i < 29400 ? 220.0f : 440.0f);
    dsp_osc_init(&o, SR, DSP_WAVE_SINE);
    for (size_t i = 0; i < n; i += 333) dsp_osc_process(&o, f + i, NULL, x + i, (int)(n - i < 333 ? n - i : 333));
    assert_true(aa_max_step(x, n, NULL) <= 2.0 * 3.14159265 * 440.0 / SR * 1.02);
    double p1 = aa_peak_freq(x + 2000, 12000, SR), p3 = aa_peak_freq(x + 30000, 14000, SR);
    assert_true(fabs(p1 - 110.0) < 1.0 && fabs(p3 - 440.0) < 1.0);
    free(f); free(x);
}

static void test_pulse_width_and_shapes(void **state)
{
    (void)state;
    size_t n = 45000;
    float *p = render_const(DSP_WAVE_PULSE, 100.0f, 0.25f, n);
    assert_true(fabs(aa_mean(p + 441, 44000) - (-0.5)) < 0.01); /* +1 a quarter of the time */
    float *sq = render_const(DSP_WAVE_SQUARE, 100.0f, 0.0f, n);
    assert_true(fabs(aa_mean(sq + 441, 44000)) < 0.01);
    /* Start conventions: saw rises from -1, square is +1 first, tri starts at -1. */
    float *sw = render_const(DSP_WAVE_SAW, 100.0f, 0.5f, n);
    assert_true(sw[200] > sw[150] && sw[150] > sw[100]);
    assert_true(sq[100] > 0.0f && sq[300] < 0.0f);
    float *tr = render_const(DSP_WAVE_TRI, 100.0f, 0.5f, n);
    assert_true(tr[441] < -0.95f && tr[441 + 220] > 0.95f);
    free(p); free(sq); free(sw); free(tr);
}

static void test_deterministic(void **state)
{
    (void)state;
    for (int w = DSP_WAVE_SINE; w <= DSP_WAVE_PULSE; w++) {
        float *a = render_const((DspWave)w, 333.3f, 0.3f, 20000);
        float *b = render_const((DspWave)w, 333.3f, 0.3f, 20000);
        assert_memory_equal(a, b, 20000 * sizeof(float));
        free(a); free(b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pitch_accuracy),
        cmocka_unit_test(test_bandlimited_less_aliasing),
        cmocka_unit_test(test_no_clicks_constant_freq),
        cmocka_unit_test(test_rest_is_silence),
        cmocka_unit_test(test_phase_continuous_glide),
        cmocka_unit_test(test_pulse_width_and_shapes),
        cmocka_unit_test(test_deterministic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
