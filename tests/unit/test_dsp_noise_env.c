/* test_dsp_noise_env.c - noise colours (spectral slope, level, determinism)
 * and the ADSR / env envelopes (timing, levels, retrigger without clicks). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "audio_analysis.h"
#include "dsp/dsp_adsr.h"
#include "dsp/dsp_env.h"
#include "dsp/dsp_math.h"
#include "dsp/dsp_noise.h"

#define SR 44100.0f
#define N 176400 /* 4 s */

static float *noise(DspNoiseColor c, uint32_t seed, size_t n)
{
    float *x = malloc(n * sizeof *x);
    DspNoise k;
    dsp_noise_init(&k, SR, c, seed);
    for (size_t i = 0; i < n; i += 700) dsp_noise_process(&k, x + i, (int)(n - i < 700 ? n - i : 700));
    return x;
}

/* Energy per Hz in [lo, hi], in dB. */
static double density_db(const float *x, size_t n, double lo, double hi)
{
    return 10.0 * log10(aa_band_energy(x, n, SR, lo, hi) / (hi - lo));
}

static void test_noise_colours(void **state)
{
    (void)state;
    float *w = noise(DSP_NOISE_WHITE, 1, N), *p = noise(DSP_NOISE_PINK, 1, N),
          *b = noise(DSP_NOISE_BROWN, 1, N);
    /* 500-1000 Hz vs 8-16 kHz: four octaves apart. */
    double dw = density_db(w, N, 8000, 16000) - density_db(w, N, 500, 1000);
    double dp = density_db(p, N, 8000, 16000) - density_db(p, N, 500, 1000);
    double db = density_db(b, N, 8000, 16000) - density_db(b, N, 500, 1000);
    fprintf(stderr, "4-octave slope: white %.2f dB, pink %.2f dB, brown %.2f dB\n", dw, dp, db);
    fprintf(stderr, "rms white %.3f pink %.3f brown %.3f; peak %.3f %.3f %.3f\n", aa_rms(w, N),
            aa_rms(p, N), aa_rms(b, N), aa_peak(w, N), aa_peak(p, N), aa_peak(b, N));
    assert_true(fabs(dw) < 1.0);
    assert_true(fabs(dp + 12.0) < 1.5);  /* -3 dB/octave */
    assert_true(fabs(db + 24.0) < 2.0);  /* -6 dB/octave */
    assert_true(aa_peak(w, N) <= 1.0);
    assert_true(aa_peak(p, N) <= 1.2 && aa_rms(p, N) > 0.1);
    assert_true(aa_peak(b, N) <= 1.2 && aa_rms(b, N) > 0.1);
    assert_true(fabs(aa_mean(w, N)) < 0.01 && fabs(aa_mean(p, N)) < 0.02 && fabs(aa_mean(b, N)) < 0.05);
    free(w); free(p); free(b);
}

static void test_noise_deterministic(void **state)
{
    (void)state;
    for (int c = DSP_NOISE_WHITE; c <= DSP_NOISE_BROWN; c++) {
        float *a = noise((DspNoiseColor)c, 42, 10000), *b = noise((DspNoiseColor)c, 42, 10000);
        float *d = noise((DspNoiseColor)c, 43, 10000);
        assert_memory_equal(a, b, 10000 * sizeof(float));
        assert_memory_not_equal(a, d, 10000 * sizeof(float));
        /* reset replays the stream */
        DspNoise k;
        float r[1000];
        dsp_noise_init(&k, SR, (DspNoiseColor)c, 42);
        dsp_noise_process(&k, r, 1000);
        dsp_noise_reset(&k);
        dsp_noise_process(&k, r, 1000);
        assert_memory_equal(a, r, 1000 * sizeof(float));
        free(a); free(b); free(d);
    }
}

/* Render an adsr with constant parameters over a gate array. */
static float *adsr(const float *gate, const float *trig, size_t n, float a, float d, float s, float r)
{
    float *y = malloc(n * sizeof *y);
    float pa[DSP_BLOCK_MAX], pd[DSP_BLOCK_MAX], ps[DSP_BLOCK_MAX], pr[DSP_BLOCK_MAX];
    dsp_fill(pa, a, DSP_BLOCK_MAX); dsp_fill(pd, d, DSP_BLOCK_MAX);
    dsp_fill(ps, s, DSP_BLOCK_MAX); dsp_fill(pr, r, DSP_BLOCK_MAX);
    DspAdsr k;
    dsp_adsr_init(&k, SR);
    for (size_t i = 0; i < n; i += 500) {
        int m = (int)(n - i < 500 ? n - i : 500);
        dsp_adsr_process(&k, gate ? gate + i : NULL, trig ? trig + i : NULL, pa, pd, ps, pr, y + i, m);
    }
    return y;
}

static void test_adsr_shape(void **state)
{
    (void)state;
    size_t n = 44100;
    float *gate = calloc(n, sizeof *gate);
    for (size_t i = 0; i < 22050; i++) gate[i] = 1.0f; /* held for 0.5 s */
    float *y = adsr(gate, NULL, n, 0.01f, 0.1f, 0.5f, 0.2f);
    /* Attack: linear 0 -> 1 in 10 ms (441 frames). */
    assert_true(fabs(y[220] - 0.5f) < 0.01f);
    assert_true(y[440] > 0.99f);
    /* Decay: within -60 dB of the distance to sustain after 0.1 s. */
    assert_true(fabs(y[441 + 4410] - 0.5f) < 0.5f * 0.0011f);
    assert_true(y[441 + 2205] > 0.51f); /* still decaying halfway */
    assert_true(fabs(y[22049] - 0.5f) < 1e-4f); /* sustain */
    /* Release: -60 dB after 0.2 s, exactly 0 after -100 dB (~0.33 s). */
    assert_true(y[22050 + 8820] < 0.5f * 0.0011f && y[22050 + 8820] > 0.0f);
    assert_true(y[22050 + 20000] == 0.0f);
    assert_true(aa_max_step(y, n, NULL) <= 1.0 / 441.0 + 1e-6);
    free(gate); free(y);
}

/* A retrigger while the envelope is high restarts the attack from the
 * current level: no jump to 0, no click. */
static void test_adsr_retrigger_no_click(void **state)
{
    (void)state;
    size_t n = 22050;
    float *gate = malloc(n * sizeof *gate), *trig = calloc(n, sizeof *trig);
    dsp_fill(gate, 1.0f, (int)n);
    trig[5000] = trig[9000] = 1.0f;
    float *y = adsr(gate, trig, n, 0.005f, 0.05f, 0.3f, 0.1f);
    assert_true(y[5000] > 0.3f);                         /* did not drop to zero */
    assert_true(aa_peak(y + 5000, 221) > 0.99);           /* back at the top within the attack */
    assert_true(aa_max_step(y, n, NULL) <= 1.0 / 220.5 + 1e-6);
    /* Gate off then on again mid-release: attack from the current level. */
    for (size_t i = 12000; i < 14000; i++) gate[i] = 0.0f;
    float *z = adsr(gate, NULL, n, 0.005f, 0.05f, 0.3f, 0.1f);
    assert_true(z[13999] > 0.0f && z[13999] < 0.3f);
    assert_true(aa_max_step(z, n, NULL) <= 1.0 / 220.5 + 1e-6);
    free(gate); free(trig); free(y); free(z);
}

/* Trigger-only mode: a percussive one-shot per trigger. */
static void test_adsr_one_shot(void **state)
{
    (void)state;
    size_t n = 44100;
    float *trig = calloc(n, sizeof *trig);
    trig[0] = trig[22050] = 1.0f;
    float *y = adsr(NULL, trig, n, 0.005f, 0.05f, 0.0f, 0.05f);
    assert_true(y[220] > 0.99f);
    assert_true(y[220 + 2205] < 0.0011f);  /* decayed 60 dB after 50 ms */
    assert_true(y[20000] == 0.0f);          /* silent before the next trigger */
    assert_true(y[22050 + 220] > 0.99f);
    /* With sustain > 0 the one-shot still ends: decay, then release. */
    float *z = adsr(NULL, trig, n, 0.005f, 0.02f, 0.5f, 0.05f);
    assert_true(z[20000] == 0.0f);
    free(trig); free(y); free(z);
}

static void test_env_vca_and_hostile(void **state)
{
    (void)state;
    float l[1024], r[1024], ol[1024], orr[1024], g[1024], a[1024], d[1024], s[1024], rel[1024];
    for (int i = 0; i < 1024; i++) { l[i] = 0.5f; r[i] = -0.25f; }
    dsp_fill(g, 1.0f, 1024); /* always on: Rust `env` */
    dsp_fill(a, 0.01f, 1024); dsp_fill(d, 0.1f, 1024); dsp_fill(s, 0.5f, 1024); dsp_fill(rel, 0.1f, 1024);
    DspEnv e;
    dsp_env_init(&e, SR);
    const float *in[2] = { l, r };
    float *out[2] = { ol, orr };
    dsp_env_process(&e, in, out, 2, g, NULL, a, d, s, rel, 1024);
    assert_true(fabs(ol[220] - 0.25f) < 0.01f && fabs(orr[220] + 0.125f) < 0.01f);
    assert_true(ol[0] < 0.01f);
    /* Hostile parameters: any float in, finite 0..1 envelope out. */
    const float bad[] = { NAN, INFINITY, -INFINITY, -1.0f, 1e30f };
    for (size_t b = 0; b < 5; b++) {
        float bb[1024], y[1024];
        dsp_fill(bb, bad[b], 1024);
        DspAdsr k;
        dsp_adsr_init(&k, SR);
        dsp_adsr_process(&k, bb, bb, bb, bb, bb, bb, y, 1024);
        dsp_adsr_process(&k, g, NULL, bb, bb, bb, bb, y, 1024);
        assert_int_equal(aa_count_nonfinite(y, 1024), 0);
        for (int i = 0; i < 1024; i++) assert_true(y[i] >= 0.0f && y[i] <= 1.0f);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_noise_colours),
        cmocka_unit_test(test_noise_deterministic),
        cmocka_unit_test(test_adsr_shape),
        cmocka_unit_test(test_adsr_retrigger_no_click),
        cmocka_unit_test(test_adsr_one_shot),
        cmocka_unit_test(test_env_vca_and_hostile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
