/* test_dsp_filter.c - lpf/hpf/bpf/notch/rlpf: attenuation where a listener
 * expects it, exact cutoff, resonance that rings but stays stable, audio-rate
 * modulation, hostile parameters, stereo and determinism. */
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
#include "dsp/dsp_noise.h"
#include "dsp/dsp_osc.h"
#include "dsp/dsp_svf.h"

#define SR 44100.0f
#define N 88200 /* 2 s */

static float *white(size_t n, uint32_t seed)
{
    float *x = malloc(n * sizeof *x);
    DspNoise nz;
    dsp_noise_init(&nz, SR, DSP_NOISE_WHITE, seed);
    for (size_t i = 0; i < n; i += DSP_BLOCK_MAX)
        dsp_noise_process(&nz, x + i, (int)(n - i < DSP_BLOCK_MAX ? n - i : DSP_BLOCK_MAX));
    return x;
}

/* Run a mono filter over x with constant cutoff/q, blocks of 512. */
static float *filter_const(DspSvfMode mode, const float *x, size_t n, float fc, float q)
{
    float *y = malloc(n * sizeof *y);
    float c[DSP_BLOCK_MAX], qq[DSP_BLOCK_MAX];
    dsp_fill(c, fc, DSP_BLOCK_MAX);
    dsp_fill(qq, q, DSP_BLOCK_MAX);
    DspSvf f;
    dsp_svf_init(&f, SR, mode);
    for (size_t i = 0; i < n; i += 512) {
        int m = (int)(n - i < 512 ? n - i : 512);
        const float *in[2] = { x + i, x + i };
        float *out[2] = { y + i, y + i };
        dsp_svf_process(&f, in, out, 1, c, qq, m);
    }
    return y;
}

static void test_lpf_500_on_noise(void **state)
{
    (void)state;
    float *x = white(N, 1);
    float *y = filter_const(DSP_SVF_LP, x, N, 500.0f, 1.0f);
    double g5k = aa_gain_db_at(x, y, N, SR, 5000.0, 100.0);
    double g100 = aa_gain_db_at(x, y, N, SR, 100.0, 20.0);
    fprintf(stderr, "lpf 500: 100 Hz %.2f dB, 5 kHz %.2f dB\n", g100, g5k);
    assert_true(g5k <= -24.0);
    assert_true(fabs(g100) < 1.0);
    free(x); free(y);
}

static void test_hpf_mirror(void **state)
{
    (void)state;
    float *x = white(N, 2);
    float *y = filter_const(DSP_SVF_HP, x, N, 5000.0f, 1.0f);
    double g500 = aa_gain_db_at(x, y, N, SR, 500.0, 50.0);
    double g15k = aa_gain_db_at(x, y, N, SR, 15000.0, 200.0);
    fprintf(stderr, "hpf 5000: 500 Hz %.2f dB, 15 kHz %.2f dB\n", g500, g15k);
    assert_true(g500 <= -24.0);
    assert_true(fabs(g15k) < 1.0);
    free(x); free(y);
}

static void test_bpf_notch(void **state)
{
    (void)state;
    float *x = white(N, 3);
    float *b = filter_const(DSP_SVF_BP, x, N, 1000.0f, 5.0f);
    assert_true(fabs(aa_gain_db_at(x, b, N, SR, 1000.0, 10.0)) < 1.0); /* unity at fc */
    assert_true(aa_gain_db_at(x, b, N, SR, 100.0, 20.0) < -20.0);
    assert_true(aa_gain_db_at(x, b, N, SR, 10000.0, 200.0) < -20.0);
    float *nt = filter_const(DSP_SVF_NOTCH, x, N, 1000.0f, 1.0f);
    assert_true(aa_gain_db_at(x, nt, N, SR, 1000.0, 5.0) < -20.0);
    assert_true(fabs(aa_gain_db_at(x, nt, N, SR, 100.0, 20.0)) < 1.0);
    assert_true(fabs(aa_gain_db_at(x, nt, N, SR, 10000.0, 200.0)) < 1.0);
    free(x); free(b); free(nt);
}

/* The prewarped cutoff is exact: a Butterworth (q = 1/sqrt 2) low-pass is
 * -3.01 dB at fc for a sine at fc, even close to Nyquist. */
static void test_cutoff_exact(void **state)
{
    (void)state;
    const float fcs[] = { 100.0f, 1000.0f, 10000.0f, 18000.0f };
    for (size_t t = 0; t < 4; t++) {
        float *s = malloc(N * sizeof *s);
        for (size_t i = 0; i < N; i++) s[i] = sinf((float)(2.0 * 3.141592653589793 * fcs[t] * (double)i / SR));
        float *y = filter_const(DSP_SVF_LP, s, N, fcs[t], 0.70710678f);
        double g = aa_to_db(aa_rms(y + N / 2, N / 2) / aa_rms(s + N / 2, N / 2));
        fprintf(stderr, "lpf %g Hz at fc: %.3f dB\n", (double)fcs[t], g);
        assert_true(fabs(g + 3.01) < 0.1);
        free(s); free(y);
    }
}

/* rlpf q 9: an impulse makes it ring at fc for tens of milliseconds, the
 * ring decays, nothing blows up. */
static void test_resonant_rings_and_decays(void **state)
{
    (void)state;
    float *x = calloc(N, sizeof *x);
    x[0] = 1.0f;
    float *y = filter_const(DSP_SVF_LP, x, N, 1000.0f, 9.0f);
    double p = aa_peak(y, N);
    /* Time constant 2q/(2 pi fc) = 2.9 ms: clearly ringing at 5 ms, audible at 15 ms. */
    assert_true(aa_peak_window(y, N, SR, 0.005, 0.006) > p * 0.1);
    assert_true(aa_peak_window(y, N, SR, 0.015, 0.016) > p * 1e-3);
    double f = aa_peak_freq_in(y, 4410, SR, 200.0, 5000.0);
    assert_true(fabs(f - 1000.0) < 30.0);
    assert_true(aa_peak_window(y, N, SR, 1.0, 2.0) < 1e-6); /* decayed */
    assert_int_equal(aa_count_nonfinite(y, N), 0);
    free(x); free(y);
}

/* Audio-rate modulation: cutoff swept 20 Hz .. 20 kHz by a sine LFO at
 * 1 Hz, 200 Hz and 5 kHz, on a full-scale saw, for several q. Bounded and
 * finite every time. */
static void test_audio_rate_modulation(void **state)
{
    (void)state;
    const float rates[] = { 1.0f, 200.0f, 5000.0f };
    const float qs[] = { 0.5f, 0.7071f, 9.0f, 50.0f };
    float *saw = malloc(N * sizeof *saw), *lfo = malloc(N * sizeof *lfo), *y = malloc(N * sizeof *y);
    float *fc = malloc(N * sizeof *fc);
    float f[DSP_BLOCK_MAX], qq[DSP_BLOCK_MAX];
    DspOsc o;
    dsp_osc_init(&o, SR, DSP_WAVE_SAW);
    dsp_fill(f, 110.0f, DSP_BLOCK_MAX);
    for (size_t i = 0; i < N; i += 1000) dsp_osc_process(&o, f, NULL, saw + i, (int)(N - i < 1000 ? N - i : 1000));
    for (int mode = DSP_SVF_LP; mode <= DSP_SVF_NOTCH; mode++)
        for (size_t r = 0; r < 3; r++)
            for (size_t qi = 0; qi < 4; qi++) {
                for (size_t i = 0; i < N; i++) {
                    double s = sin(2.0 * 3.141592653589793 * rates[r] * (double)i / SR);
                    fc[i] = (float)(20.0 * pow(1000.0, 0.5 + 0.5 * s)); /* 20 Hz .. 20 kHz */
                }
                (void)lfo;
                DspSvf sv;
                dsp_svf_init(&sv, SR, (DspSvfMode)mode);
                dsp_fill(qq, qs[qi], DSP_BLOCK_MAX);
                for (size_t i = 0; i < N; i += 256) {
                    int m = (int)(N - i < 256 ? N - i : 256);
                    const float *in[2] = { saw + i, saw + i };
                    float *out[2] = { y + i, y + i };
                    dsp_svf_process(&sv, in, out, 1, fc + i, qq, m);
                }
                double pk = aa_peak(y, N);
                assert_int_equal(aa_count_nonfinite(y, N), 0);
                if (pk > 4.0 * qs[qi] + 4.0)
                    fprintf(stderr, "mode %d rate %g q %g: peak %g\n", mode, (double)rates[r], (double)qs[qi], pk);
                assert_true(pk <= 4.0 * qs[qi] + 4.0);
            }
    free(saw); free(lfo); free(y); free(fc);
}

static void test_hostile_parameters(void **state)
{
    (void)state;
    const float bad[] = { NAN, INFINITY, -INFINITY, -5.0f, 0.0f, 1e30f, -1e30f, 1e-30f };
    float *x = white(4096, 4);
    float y[4096], c[DSP_BLOCK_MAX], q[DSP_BLOCK_MAX];
    for (int mode = DSP_SVF_LP; mode <= DSP_SVF_NOTCH; mode++)
        for (size_t a = 0; a < 8; a++)
            for (size_t b = 0; b < 8; b++) {
                DspSvf f;
                dsp_svf_init(&f, SR, (DspSvfMode)mode);
                for (int blk = 0; blk < 4; blk++) {
                    for (int i = 0; i < DSP_BLOCK_MAX; i++) { /* mix constant and varying */
                        c[i] = (blk & 1) && (i & 1) ? 1000.0f : bad[a];
                        q[i] = (blk & 2) && (i & 1) ? 1.0f : bad[b];
                    }
                    const float *in[2] = { x + blk * 1024, x };
                    float *out[2] = { y + blk * 1024, y };
                    dsp_svf_process(&f, in, out, 1, c, q, DSP_BLOCK_MAX);
                }
                assert_int_equal(aa_count_nonfinite(y, 4096), 0);
                assert_true(aa_peak(y, 4096) < 200.0);
            }
    free(x);
}

/* NaN in the input poisons at most the block it arrives in. */
static void test_recovers_from_nan_input(void **state)
{
    (void)state;
    float x[512], y[512], c[512], q[512];
    dsp_fill(c, 800.0f, 512);
    dsp_fill(q, 2.0f, 512);
    for (int i = 0; i < 512; i++) x[i] = sinf((float)i * 0.1f);
    x[100] = NAN;
    DspSvf f;
    dsp_svf_init(&f, SR, DSP_SVF_LP);
    const float *in[2] = { x, x };
    float *out[2] = { y, y };
    dsp_svf_process(&f, in, out, 1, c, q, 512);
    x[100] = 0.0f;
    dsp_svf_process(&f, in, out, 1, c, q, 512);
    assert_int_equal(aa_count_nonfinite(y, 512), 0);
}

/* Stereo: two channels filter independently and exactly like two mono runs. */
static void test_stereo_matches_mono(void **state)
{
    (void)state;
    size_t n = 8192;
    float *l = white(n, 5), *r = white(n, 6);
    float *yl = malloc(n * sizeof *yl), *yr = malloc(n * sizeof *yr);
    float c[DSP_BLOCK_MAX], q[DSP_BLOCK_MAX];
    for (int i = 0; i < DSP_BLOCK_MAX; i++) { c[i] = 300.0f + 10.0f * (float)i; q[i] = 3.0f; }
    DspSvf st;
    dsp_svf_init(&st, SR, DSP_SVF_HP);
    for (size_t i = 0; i < n; i += DSP_BLOCK_MAX) {
        const float *in[2] = { l + i, r + i };
        float *out[2] = { yl + i, yr + i };
        dsp_svf_process(&st, in, out, 2, c, q, DSP_BLOCK_MAX);
    }
    float *ml = malloc(n * sizeof *ml);
    DspSvf mo;
    dsp_svf_init(&mo, SR, DSP_SVF_HP);
    for (size_t i = 0; i < n; i += DSP_BLOCK_MAX) {
        const float *in[2] = { r + i, NULL };
        float *out[2] = { ml + i, NULL };
        dsp_svf_process(&mo, in, out, 1, c, q, DSP_BLOCK_MAX);
    }
    assert_memory_equal(ml, yr, n * sizeof(float));
    /* In place works too. */
    DspSvf ip;
    dsp_svf_init(&ip, SR, DSP_SVF_HP);
    for (size_t i = 0; i < n; i += DSP_BLOCK_MAX) {
        const float *in[2] = { r + i, NULL };
        float *out[2] = { r + i, NULL };
        dsp_svf_process(&ip, in, out, 1, c, q, DSP_BLOCK_MAX);
    }
    assert_memory_equal(ml, r, n * sizeof(float));
    free(l); free(r); free(yl); free(yr); free(ml);
}

static void test_deterministic(void **state)
{
    (void)state;
    float *x = white(N, 7);
    float *a = filter_const(DSP_SVF_BP, x, N, 2000.0f, 4.0f);
    float *b = filter_const(DSP_SVF_BP, x, N, 2000.0f, 4.0f);
    assert_memory_equal(a, b, N * sizeof(float));
    free(x); free(a); free(b);
}

/* examples/12_acid.ph: saw "55 55 82.5 55" # rlpf (~env * 1800 + 400) 9 with
 * ~env = sine 0.25. The cutoff dips below zero (clamped to 10 Hz) and sweeps
 * to 2.2 kHz: bounded, finite, and brighter where the cutoff is high. */
static void test_acid_example(void **state)
{
    (void)state;
    size_t n = 4 * 44100; /* one sweep cycle of the 0.25 Hz sine */
    float *saw = malloc(n * sizeof *saw), *y = malloc(n * sizeof *y), *fc = malloc(n * sizeof *fc);
    float *fr = malloc(n * sizeof *fr), q[DSP_BLOCK_MAX];
    for (size_t i = 0; i < n; i++) {
        double t = (double)i / SR;
        int step = (int)(t / 0.5) % 4; /* tempo 0.5: four steps per 2 s cycle */
        fr[i] = step == 2 ? 82.5f : 55.0f;
        fc[i] = (float)(sin(2.0 * 3.141592653589793 * 0.25 * t) * 1800.0 + 400.0);
    }
    DspOsc o;
    dsp_osc_init(&o, SR, DSP_WAVE_SAW);
    DspSvf f;
    dsp_svf_init(&f, SR, DSP_SVF_LP);
    dsp_fill(q, 9.0f, DSP_BLOCK_MAX);
    for (size_t i = 0; i < n; i += 512) {
        int m = (int)(n - i < 512 ? n - i : 512);
        dsp_osc_process(&o, fr + i, NULL, saw + i, m);
        const float *in[2] = { saw + i, saw + i };
        float *out[2] = { y + i, y + i };
        dsp_svf_process(&f, in, out, 1, fc + i, q, m);
    }
    assert_int_equal(aa_count_nonfinite(y, n), 0);
    double pk = aa_peak(y, n);
    fprintf(stderr, "acid: peak %.2f, rms high-cutoff %.3f, low-cutoff %.3f\n", pk,
            aa_rms_window(y, n, SR, 0.8, 1.2), aa_rms_window(y, n, SR, 2.8, 3.2));
    assert_true(pk < 10.0);
    /* Around t = 1 s the cutoff is 2.2 kHz, around t = 3 s it is clamped low. */
    double c_hi = aa_spectral_centroid(y + 35280, 17640, SR);
    double c_lo = aa_spectral_centroid(y + 123480, 17640, SR);
    assert_true(c_hi > 2.0 * c_lo);
    /* (at 10 Hz, q 9 still rings on the note changes, so not silent) */
    assert_true(aa_rms_window(y, n, SR, 0.8, 1.2) > 3.0 * aa_rms_window(y, n, SR, 2.8, 3.2));
    free(saw); free(y); free(fc); free(fr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lpf_500_on_noise),
        cmocka_unit_test(test_hpf_mirror),
        cmocka_unit_test(test_bpf_notch),
        cmocka_unit_test(test_cutoff_exact),
        cmocka_unit_test(test_resonant_rings_and_decays),
        cmocka_unit_test(test_audio_rate_modulation),
        cmocka_unit_test(test_hostile_parameters),
        cmocka_unit_test(test_recovers_from_nan_input),
        cmocka_unit_test(test_stereo_matches_mono),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_acid_example),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
