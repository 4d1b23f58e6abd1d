/* test_dsp_fx.c - delay, reverb, distortion, bitcrush, chorus, compressor and
 * limiter: echo times and levels, tails that decay, clipping bounds,
 * quantisation steps, gain reduction amounts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "audio_analysis.h"
#include "dsp/dsp_bitcrush.h"
#include "dsp/dsp_chorus.h"
#include "dsp/dsp_compressor.h"
#include "dsp/dsp_delay.h"
#include "dsp/dsp_distortion.h"
#include "dsp/dsp_limiter.h"
#include "dsp/dsp_math.h"
#include "dsp/dsp_reverb.h"

#define SR 44100.0f
#define BLK 512

static float *sine(size_t n, double hz, double amp)
{
    float *x = malloc(n * sizeof *x);
    for (size_t i = 0; i < n; i++) x[i] = (float)(amp * sin(2.0 * 3.141592653589793 * hz * (double)i / SR));
    return x;
}

/* Constant-parameter helpers: fill up to 5 parameter arrays per block. */
typedef struct Params {
    float p[5][DSP_BLOCK_MAX];
} Params;

static void params(Params *p, float a, float b, float c, float d, float e)
{
    dsp_fill(p->p[0], a, DSP_BLOCK_MAX); dsp_fill(p->p[1], b, DSP_BLOCK_MAX);
    dsp_fill(p->p[2], c, DSP_BLOCK_MAX); dsp_fill(p->p[3], d, DSP_BLOCK_MAX);
    dsp_fill(p->p[4], e, DSP_BLOCK_MAX);
}

static float *run_delay(const float *x, size_t n, float time, float fb, float mix)
{
    float *y = malloc(n * sizeof *y);
    Params p;
    params(&p, time, fb, mix, 0, 0);
    DspDelay d;
    assert_int_equal(dsp_delay_init(&d, SR, 2.0f), PH_OK);
    for (size_t i = 0; i < n; i += BLK) {
        int m = (int)(n - i < BLK ? n - i : BLK);
        const float *in[2] = { x + i, NULL };
        float *out[2] = { y + i, NULL };
        dsp_delay_process(&d, in, out, 1, p.p[0], p.p[1], p.p[2], m);
    }
    dsp_delay_free(&d);
    return y;
}

/* delay 0.25 0.5 1 on an impulse: echoes every 0.25 s, each half the last. */
static void test_delay_echoes(void **state)
{
    (void)state;
    size_t n = 2 * 44100;
    float *x = calloc(n, sizeof *x);
    x[100] = 1.0f;
    float *y = run_delay(x, n, 0.25f, 0.5f, 1.0f);
    long on[16];
    size_t k = aa_onsets(y, n, SR, 0.01, 0.1, on, 16);
    assert_true(k >= 6);
    for (size_t e = 0; e < 6; e++) {
        long at = 100 + 11025 * (long)(e + 1);
        assert_int_equal(on[e], at);
        double want = pow(0.5, (double)e), got = y[at];
        assert_true(fabs(got - want) <= 0.03 * want);
    }
    assert_true(aa_peak(y, 100 + 11025) == 0.0); /* nothing before the first echo */
    /* mix 0 is the dry signal exactly; mix 0.5 halves the echoes */
    float *dry = run_delay(x, n, 0.25f, 0.5f, 0.0f);
    assert_memory_equal(dry, x, n * sizeof(float));
    float *half = run_delay(x, n, 0.25f, 0.5f, 0.5f);
    assert_true(fabs(half[100] - 0.5f) < 1e-6f && fabs(half[100 + 11025] - 0.5f) < 1e-3f);
    free(x); free(y); free(dry); free(half);
}

/* A fractional delay puts the echo between frames; a swept delay stays smooth. */
static void test_delay_fractional_and_modulated(void **state)
{
    (void)state;
    size_t n = 44100;
    float *x = sine(n, 440.0, 0.5);
    float *y = run_delay(x, n, 0.0100113f, 0.0f, 1.0f); /* 441.5 frames */
    /* A pure delay of a sine keeps its pitch and level. */
    assert_true(fabs(aa_rms(y + 1000, n - 1000) - aa_rms(x, n)) < 0.005);
    float *t = malloc(n * sizeof *t), *z = malloc(n * sizeof *z);
    for (size_t i = 0; i < n; i++) t[i] = 0.01f + 0.005f * (float)sin(2.0 * 3.14159 * 2.0 * (double)i / SR);
    float fb[BLK], mx[BLK];
    dsp_fill(fb, 0.3f, BLK);
    dsp_fill(mx, 1.0f, BLK);
    DspDelay d;
    assert_int_equal(dsp_delay_init(&d, SR, 0.1f), PH_OK);
    for (size_t i = 0; i < n; i += BLK) {
        int m = (int)(n - i < BLK ? n - i : BLK);
        const float *in[2] = { x + i, NULL };
        float *out[2] = { z + i, NULL };
        dsp_delay_process(&d, in, out, 1, t + i, fb, mx, m);
    }
    dsp_delay_free(&d);
    assert_int_equal(aa_count_nonfinite(z, n), 0);
    assert_true(aa_max_step(z + 2000, n - 2000, NULL) < 0.1); /* smooth: no clicks */
    free(x); free(y); free(t); free(z);
}

static void test_reverb_tail(void **state)
{
    (void)state;
    size_t n = 4 * 44100;
    float *x = calloc(n, sizeof *x), *l = malloc(n * sizeof *l), *r = malloc(n * sizeof *r);
    x[0] = 1.0f;
    Params p;
    params(&p, 0.7f, 0.5f, 1.0f, 0, 0);
    DspReverb rv;
    assert_int_equal(dsp_reverb_init(&rv, SR), PH_OK);
    for (size_t i = 0; i < n; i += BLK) {
        int m = (int)(n - i < BLK ? n - i : BLK);
        const float *in[2] = { x + i, x + i };
        float *out[2] = { l + i, r + i };
        dsp_reverb_process(&rv, in, out, 2, p.p[0], p.p[1], p.p[2], m);
    }
    double e0 = aa_rms_window(l, n, SR, 0.0, 0.3), e1 = aa_rms_window(l, n, SR, 1.0, 1.5),
           e3 = aa_rms_window(l, n, SR, 3.5, 4.0);
    fprintf(stderr, "reverb rms: 0-0.3 s %.2e, 1-1.5 s %.2e, 3.5-4 s %.2e\n", e0, e1, e3);
    assert_true(e0 > 1e-3);
    assert_true(e1 < e0 * 0.5 && e1 > 0.0);   /* a tail, decaying */
    assert_true(e3 < e0 * 1e-3);              /* and gone after a few seconds */
    assert_int_equal(aa_count_nonfinite(l, n) + aa_count_nonfinite(r, n), 0);
    /* Stereo: the sides differ (decorrelated tail). */
    assert_memory_not_equal(l, r, 44100 * sizeof(float));
    /* Longest room, no damping, loud noise for a while: still bounded. */
    dsp_reverb_reset(&rv);
    params(&p, 1.0f, 0.0f, 1.0f, 0, 0);
    for (size_t i = 0; i < n; i++) x[i] = (float)((i * 7919u) % 1000u) / 500.0f - 1.0f;
    for (size_t i = 0; i < n; i += BLK) {
        int m = (int)(n - i < BLK ? n - i : BLK);
        const float *in[2] = { x + i, x + i };
        float *out[2] = { l + i, r + i };
        dsp_reverb_process(&rv, in, out, 2, p.p[0], p.p[1], p.p[2], m);
    }
    assert_int_equal(aa_count_nonfinite(l, n), 0);
    assert_true(aa_peak(l, n) < 10.0);
    dsp_reverb_free(&rv);
    free(x); free(l); free(r);
}

static void test_distortion(void **state)
{
    (void)state;
    size_t n = 44100;
    float *x = sine(n, 220.0, 0.5), *y = malloc(n * sizeof *y);
    Params p;
    params(&p, 10.0f, 1.0f, 0, 0, 0);
    DspDistortion d;
    dsp_distortion_init(&d, SR);
    for (size_t i = 0; i < n; i += BLK) {
        int m = (int)(n - i < BLK ? n - i : BLK);
        const float *in[2] = { x + i, NULL };
        float *out[2] = { y + i, NULL };
        dsp_distortion_process(&d, in, out, 1, p.p[0], p.p[1], m);
    }
    assert_true(aa_peak(y, n) <= 1.0 && aa_peak(y, n) > 0.99);
    /* Soft clipping adds odd harmonics: the 3rd is now strong. */
    double h3x = aa_level_db_at(x, n, SR, 660.0, 5.0), h3y = aa_level_db_at(y, n, SR, 660.0, 5.0);
    assert_true(h3y > -20.0 && h3y > h3x + 60.0);
    /* mix 0 is the dry signal. */
    params(&p, 10.0f, 0.0f, 0, 0, 0);
    const float *in[2] = { x, NULL };
    float *out[2] = { y, NULL };
    dsp_distortion_process(&d, in, out, 1, p.p[0], p.p[1], BLK);
    assert_memory_equal(x, y, BLK * sizeof(float));
    /* tanh approximation: monotonic and within 3e-4 of tanh. */
    float prev = -2.0f;
    for (float v = -8.0f; v <= 8.0f; v += 0.001f) {
        float t = dsp_tanh_fast(v);
        assert_true(t >= prev && fabsf(t - tanhf(v)) < 3e-4f);
        prev = t;
    }
    free(x); free(y);
}

static void test_bitcrush(void **state)
{
    (void)state;
    size_t n = 4096;
    float *x = sine(n, 100.0, 0.9), *y = malloc(n * sizeof *y);
    Params p;
    params(&p, 2.0f, 4.0f, 0, 0, 0);
    DspBitcrush b;
    dsp_bitcrush_init(&b, SR);
    for (size_t i = 0; i < n; i += BLK) {
        const float *in[2] = { x + i, NULL };
        float *out[2] = { y + i, NULL };
        dsp_bitcrush_process(&b, in, out, 1, p.p[0], p.p[1], BLK);
    }
    for (size_t i = 0; i < n; i++) {
        float q = y[i] * 4.0f; /* 2 bits: steps of 1/4 */
        assert_true(fabsf(q - roundf(q)) < 1e-6f);
        assert_true(fabsf(y[i] - x[i - i % 4]) <= 0.125f + 1e-6f); /* held sample, quantised */
        if (i % 4) assert_true(y[i] == y[i - 1]); /* held for 4 frames */
    }
    /* bits 16, rate 1: nearly transparent */
    params(&p, 16.0f, 1.0f, 0, 0, 0);
    dsp_bitcrush_reset(&b);
    const float *in[2] = { x, NULL };
    float *out[2] = { y, NULL };
    dsp_bitcrush_process(&b, in, out, 1, p.p[0], p.p[1], BLK);
    for (int i = 0; i < BLK; i++) assert_true(fabsf(y[i] - x[i]) <= 1.0f / 131072.0f + 1e-7f);
    free(x); free(y);
}

static void test_chorus(void **state)
{
    (void)state;
    size_t n = 44100;
    float *x = calloc(n, sizeof *x), *l = malloc(n * sizeof *l), *r = malloc(n * sizeof *r);
    x[0] = 1.0f;
    Params p;
    params(&p, 1.0f, 0.0f, 1.0f, 0, 0); /* depth 0: a plain 15 ms delay */
    DspChorus c;
    assert_int_equal(dsp_chorus_init(&c, SR), PH_OK);
    const float *in[2] = { x, x };
    float *out[2] = { l, r };
    dsp_chorus_process(&c, in, out, 2, p.p[0], p.p[1], p.p[2], 1024);
    size_t at;
    aa_max_step(l, 1024, &at);
    assert_true(fabs((double)aa_first_above(l, 1024, 0, 0.3) - 661.5) <= 1.0);
    /* Modulated, on a tone: finite, about the same level, the sides differ. */
    float *s = sine(n, 440.0, 0.5);
    params(&p, 2.0f, 1.0f, 0.5f, 0, 0);
    dsp_chorus_reset(&c);
    for (size_t i = 0; i < n; i += BLK) {
        int m = (int)(n - i < BLK ? n - i : BLK);
        const float *i2[2] = { s + i, s + i };
        float *o2[2] = { l + i, r + i };
        dsp_chorus_process(&c, i2, o2, 2, p.p[0], p.p[1], p.p[2], m);
    }
    assert_int_equal(aa_count_nonfinite(l, n), 0);
    assert_true(aa_peak(l, n) <= 0.5 * 1.01);
    assert_memory_not_equal(l + 2000, r + 2000, 1000 * sizeof(float));
    dsp_chorus_free(&c);
    free(x); free(l); free(r); free(s);
}

static float *run_comp(const float *x, size_t n, float th, float ratio, float at, float rt, float mk)
{
    float *y = malloc(n * sizeof *y);
    Params p;
    params(&p, th, ratio, at, rt, mk);
    DspCompressor c;
    dsp_compressor_init(&c, SR);
    for (size_t i = 0; i < n; i += BLK) {
        int m = (int)(n - i < BLK ? n - i : BLK);
        const float *in[2] = { x + i, NULL };
        float *out[2] = { y + i, NULL };
        dsp_compressor_process(&c, in, out, 1, p.p[0], p.p[1], p.p[2], p.p[3], p.p[4], m);
    }
    return y;
}

static void test_compressor(void **state)
{
    (void)state;
    size_t n = 44100;
    float *loud = sine(n, 200.0, 1.0);
    /* 0 dBFS peaks, threshold -20 dB, ratio 4: 20 dB over -> 5 dB over = -15 dB. */
    float *y = run_comp(loud, n, -20.0f, 4.0f, 0.005f, 0.1f, 0.0f);
    double pk = aa_to_db(aa_peak_window(y, n, SR, 0.5, 1.0));
    fprintf(stderr, "compressor steady peak %.2f dB (expect about -15)\n", pk);
    assert_true(fabs(pk + 15.0) < 1.5);
    /* Below the threshold: untouched apart from makeup (+6 dB = x2). */
    float *quiet = sine(n, 200.0, 0.01);
    float *q = run_comp(quiet, n, -20.0f, 4.0f, 0.005f, 0.1f, 6.0206f);
    for (size_t i = 0; i < n; i++) assert_true(fabsf(q[i] - 2.0f * quiet[i]) < 1e-5f);
    free(loud); free(y); free(quiet); free(q);
}

static void test_limiter(void **state)
{
    (void)state;
    size_t n = 44100;
    float *x = sine(n, 100.0, 0.1), *y = malloc(n * sizeof *y);
    for (size_t i = 441 * 45; i < 441 * 68; i++) x[i] *= 20.0f; /* a 2.0-peak burst, zero crossing to zero crossing */
    Params p;
    params(&p, 0.5f, 0.05f, 0, 0, 0);
    DspLimiter lim;
    dsp_limiter_init(&lim, SR, 0.005f);
    int lat = dsp_limiter_latency(&lim);
    assert_int_equal(lat, 221);
    for (size_t i = 0; i < n; i += BLK) {
        int m = (int)(n - i < BLK ? n - i : BLK);
        const float *in[2] = { x + i, NULL };
        float *out[2] = { y + i, NULL };
        dsp_limiter_process(&lim, in, out, 1, p.p[0], p.p[1], m);
    }
    assert_true(aa_peak(y, n) <= 0.5);
    assert_true(aa_peak_window(y, n, SR, 0.5, 0.65) > 0.49); /* limited to, not below, 0.5 */
    /* Before the burst, the quiet tone passes exactly, delayed by the latency. */
    for (size_t i = (size_t)lat; i < 19000; i++) assert_true(y[i] == x[i - (size_t)lat]);
    /* Smooth gain: no step much larger than the signal's own. */
    assert_true(aa_max_step(y, n, NULL) < 0.05);
    free(x); free(y);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_delay_echoes),
        cmocka_unit_test(test_delay_fractional_and_modulated),
        cmocka_unit_test(test_reverb_tail),
        cmocka_unit_test(test_distortion),
        cmocka_unit_test(test_bitcrush),
        cmocka_unit_test(test_chorus),
        cmocka_unit_test(test_compressor),
        cmocka_unit_test(test_limiter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
