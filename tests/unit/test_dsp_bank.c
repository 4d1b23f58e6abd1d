/* test_dsp_bank.c - lane-parallel banks behave like the single kernels:
 * per-lane pitch, rests, filtering identical to DspSvf, mixdown. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "audio_analysis.h"
#include "dsp/dsp_bank.h"
#include "dsp/dsp_math.h"
#include "dsp/dsp_noise.h"

#define SR 44100.0f
#define L DSP_BANK_LANES

/* Pull lane v out of an interleaved buffer. */
static void lane(const float *inter, int v, float *out, size_t n)
{
    for (size_t i = 0; i < n; i++) out[i] = inter[i * L + (size_t)v];
}

static void test_osc_bank_pitch_and_rests(void **state)
{
    (void)state;
    size_t n = 44100 + 2048;
    float *buf = malloc(n * L * sizeof *buf), *x = malloc(n * sizeof *x);
    const DspWave waves[] = { DSP_WAVE_SINE, DSP_WAVE_SAW, DSP_WAVE_SQUARE, DSP_WAVE_PULSE };
    float freq[L] = { 110.0f, 440.0f, 1000.0f, 5000.0f, 0.0f, -3.0f, NAN, 233.3f };
    float width[L];
    dsp_fill(width, 0.25f, L);
    for (int w = 0; w < 4; w++) {
        DspOscBank b;
        dsp_osc_bank_init(&b, SR, waves[w]);
        for (size_t i = 0; i < n; i += 512) dsp_osc_bank_process(&b, freq, width, buf + i * L, (int)(n - i < 512 ? n - i : 512));
        for (int v = 0; v < L; v++) {
            lane(buf, v, x, n);
            assert_int_equal(aa_count_nonfinite(x, n), 0);
            if (freq[v] > 0.0f) {
                double got = aa_peak_freq(x + 2048, 44100, SR);
                assert_true(fabs(got - freq[v]) / freq[v] < 0.001);
                assert_true(aa_peak(x, n) <= 1.2);
            } else {
                assert_true(aa_peak(x, n) == 0.0); /* a rest is silence */
            }
        }
    }
    free(buf); free(x);
}

static void test_svf_bank_matches_single(void **state)
{
    (void)state;
    size_t n = 8192;
    float *in = malloc(n * L * sizeof *in), *out = malloc(n * L * sizeof *out);
    float *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y), *z = malloc(n * sizeof *z);
    DspNoise nz;
    dsp_noise_init(&nz, SR, DSP_NOISE_WHITE, 11);
    for (size_t i = 0; i < n * L; i += 1024) dsp_noise_process(&nz, in + i, 1024);
    float cut[L] = { 100.0f, 500.0f, 1000.0f, 3000.0f, NAN, -5.0f, 30000.0f, 12000.0f };
    float q[L] = { 0.7f, 1.0f, 9.0f, 50.0f, 1.0f, INFINITY, 0.0f, 2.0f };
    for (int mode = DSP_SVF_LP; mode <= DSP_SVF_NOTCH; mode++) {
        DspSvfBank b;
        dsp_svf_bank_init(&b, SR, (DspSvfMode)mode);
        for (size_t i = 0; i < n; i += 512) dsp_svf_bank_process(&b, in + i * L, out + i * L, cut, q, 512);
        for (int v = 0; v < L; v++) {
            lane(in, v, x, n);
            lane(out, v, y, n);
            DspSvf s;
            dsp_svf_init(&s, SR, (DspSvfMode)mode);
            float c[512], qq[512];
            dsp_fill(c, cut[v], 512);
            dsp_fill(qq, q[v], 512);
            for (size_t i = 0; i < n; i += 512) {
                const float *i2[2] = { x + i, NULL };
                float *o2[2] = { z + i, NULL };
                dsp_svf_process(&s, i2, o2, 1, c, qq, 512);
            }
            for (size_t i = 0; i < n; i++) assert_true(fabsf(y[i] - z[i]) <= 1e-5f * (1.0f + fabsf(z[i])));
        }
    }
    /* In place and the mixdown. */
    DspSvfBank b;
    dsp_svf_bank_init(&b, SR, DSP_SVF_LP);
    memcpy(out, in, n * L * sizeof *in);
    dsp_svf_bank_process(&b, out, out, cut, q, 512);
    float g[L], m[512];
    dsp_fill(g, 0.5f, L);
    dsp_bank_mix(out, g, m, 512);
    float want = 0.0f;
    for (int v = 0; v < L; v++) want += out[100 * L + v] * 0.5f;
    assert_true(fabsf(m[100] - want) < 1e-5f);
    free(in); free(out); free(x); free(y); free(z);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_osc_bank_pitch_and_rests),
        cmocka_unit_test(test_svf_bank_matches_single),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
