/* test_dsp_robust.c - every kernel against hostile parameters (NaN, inf,
 * negative, huge, denormal), hostile input, odd block sizes and sample
 * rates: the output must stay finite and bounded, and the same input must
 * always give the same bytes. */
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
#include "dsp/dsp_bitcrush.h"
#include "dsp/dsp_chorus.h"
#include "dsp/dsp_compressor.h"
#include "dsp/dsp_delay.h"
#include "dsp/dsp_distortion.h"
#include "dsp/dsp_env.h"
#include "dsp/dsp_limiter.h"
#include "dsp/dsp_master.h"
#include "dsp/dsp_math.h"
#include "dsp/dsp_noise.h"
#include "dsp/dsp_osc.h"
#include "dsp/dsp_reverb.h"
#include "dsp/dsp_svf.h"

#define SR 44100.0f
#define NB 8 /* blocks per trial */

static const float BAD[] = { NAN, INFINITY, -INFINITY, -1.0f, 0.0f, 1e30f, -1e30f, 1e-40f, 0.5f };
#define NBAD (sizeof BAD / sizeof BAD[0])

/* Every kernel behind one signature: process block `n` of planar stereo with
 * parameter arrays p[0..5]. */
typedef struct Any {
    DspOsc osc; DspNoise noise; DspSvf svf; DspAdsr adsr; DspEnv env; DspDelay delay;
    DspReverb reverb; DspDistortion dist; DspBitcrush crush; DspChorus chorus;
    DspCompressor comp; DspLimiter lim; DspMaster master;
} Any;

enum { K_OSC, K_NOISE, K_SVF, K_ADSR, K_ENV, K_DELAY, K_REVERB, K_DIST, K_CRUSH, K_CHORUS, K_COMP,
       K_LIM, K_MASTER, K_COUNT };
static const char *KNAMES[K_COUNT] = { "osc", "noise", "svf", "adsr", "env", "delay", "reverb",
                                       "distortion", "bitcrush", "chorus", "compressor", "limiter",
                                       "master" };

static void init_any(Any *a, int kind, float sr, int variant)
{
    switch (kind) {
    case K_OSC: dsp_osc_init(&a->osc, sr, (DspWave)(variant % 5)); break;
    case K_NOISE: dsp_noise_init(&a->noise, sr, (DspNoiseColor)(variant % 3), 7); break;
    case K_SVF: dsp_svf_init(&a->svf, sr, (DspSvfMode)(variant % 4)); break;
    case K_ADSR: dsp_adsr_init(&a->adsr, sr); break;
    case K_ENV: dsp_env_init(&a->env, sr); break;
    case K_DELAY: assert_int_equal(dsp_delay_init(&a->delay, sr, 0.5f), PH_OK); break;
    case K_REVERB: assert_int_equal(dsp_reverb_init(&a->reverb, sr), PH_OK); break;
    case K_DIST: dsp_distortion_init(&a->dist, sr); break;
    case K_CRUSH: dsp_bitcrush_init(&a->crush, sr); break;
    case K_CHORUS: assert_int_equal(dsp_chorus_init(&a->chorus, sr), PH_OK); break;
    case K_COMP: dsp_compressor_init(&a->comp, sr); break;
    case K_LIM: dsp_limiter_init(&a->lim, sr, variant % 2 ? 0.005f : 0.0f); break;
    case K_MASTER: dsp_master_init(&a->master, sr, DSP_MASTER_LOOKAHEAD_S, DSP_MASTER_CEILING_DB); break;
    }
}

static void free_any(Any *a, int kind)
{
    if (kind == K_DELAY) dsp_delay_free(&a->delay);
    if (kind == K_REVERB) dsp_reverb_free(&a->reverb);
    if (kind == K_CHORUS) dsp_chorus_free(&a->chorus);
}

static void process_any(Any *a, int kind, const float *const in[2], float *const out[2], int nch,
                        float p[6][DSP_BLOCK_MAX], int n)
{
    switch (kind) {
    case K_OSC: dsp_osc_process(&a->osc, p[0], p[1], out[0], n); break;
    case K_NOISE: dsp_noise_process(&a->noise, out[0], n); break;
    case K_SVF: dsp_svf_process(&a->svf, in, out, nch, p[0], p[1], n); break;
    case K_ADSR: dsp_adsr_process(&a->adsr, p[0], p[1], p[2], p[3], p[4], p[5], out[0], n); break;
    case K_ENV: dsp_env_process(&a->env, in, out, nch, p[0], p[1], p[2], p[3], p[4], p[5], n); break;
    case K_DELAY: dsp_delay_process(&a->delay, in, out, nch, p[0], p[1], p[2], n); break;
    case K_REVERB: dsp_reverb_process(&a->reverb, in, out, nch, p[0], p[1], p[2], n); break;
    case K_DIST: dsp_distortion_process(&a->dist, in, out, nch, p[0], p[1], n); break;
    case K_CRUSH: dsp_bitcrush_process(&a->crush, in, out, nch, p[0], p[1], n); break;
    case K_CHORUS: dsp_chorus_process(&a->chorus, in, out, nch, p[0], p[1], p[2], n); break;
    case K_COMP: dsp_compressor_process(&a->comp, in, out, nch, p[0], p[1], p[2], p[3], p[4], n); break;
    case K_LIM: dsp_limiter_process(&a->lim, in, out, nch, p[0], p[1], n); break;
    case K_MASTER: dsp_master_process(&a->master, in, out, nch, n); break;
    }
}

/* Each parameter slot in turn takes each hostile value (constant over a
 * block, or alternating with a sane value per frame), the others sane. */
static void test_hostile_parameters(void **state)
{
    (void)state;
    static float in_l[DSP_BLOCK_MAX], in_r[DSP_BLOCK_MAX], out_l[DSP_BLOCK_MAX], out_r[DSP_BLOCK_MAX];
    static float p[6][DSP_BLOCK_MAX];
    const float sane[6] = { 440.0f, 0.7f, 0.3f, 0.2f, 0.5f, 0.1f };
    for (int i = 0; i < DSP_BLOCK_MAX; i++) {
        in_l[i] = 0.8f * sinf((float)i * 0.05f);
        in_r[i] = (float)((i * 37) % 101) / 50.0f - 1.0f;
    }
    for (int kind = 0; kind < K_COUNT; kind++)
        for (int slot = 0; slot < 6; slot++)
            for (size_t b = 0; b < NBAD; b++)
                for (int alt = 0; alt < 2; alt++) {
                    Any *a = calloc(1, sizeof *a);
                    init_any(a, kind, SR, (int)b + slot);
                    for (int blk = 0; blk < NB; blk++) {
                        for (int s = 0; s < 6; s++)
                            for (int i = 0; i < DSP_BLOCK_MAX; i++)
                                p[s][i] = s == slot && (!alt || (i & 1)) ? BAD[b] : sane[s];
                        const float *in[2] = { in_l, in_r };
                        float *out[2] = { out_l, out_r };
                        int nch = 1 + (blk & 1);
                        process_any(a, kind, in, out, nch, p, DSP_BLOCK_MAX);
                        size_t bad = aa_count_nonfinite(out_l, DSP_BLOCK_MAX);
                        double pk = aa_peak(out_l, DSP_BLOCK_MAX);
                        if (nch == 2 && kind != K_OSC && kind != K_NOISE && kind != K_ADSR) {
                            bad += aa_count_nonfinite(out_r, DSP_BLOCK_MAX);
                            double pr = aa_peak(out_r, DSP_BLOCK_MAX);
                            pk = pr > pk ? pr : pk;
                        }
                        if (bad || pk > 1000.0)
                            fprintf(stderr, "%s: slot %d value %g alt %d -> %zu non-finite, peak %g\n",
                                    KNAMES[kind], slot, (double)BAD[b], alt, bad, pk);
                        assert_int_equal(bad, 0);
                        assert_true(pk <= 1000.0);
                    }
                    free_any(a, kind);
                    free(a);
                }
}

/* NaN/inf in the input audio: stateful kernels must not stay poisoned. The
 * block after the bad one is finite. */
static void test_nonfinite_input_does_not_stick(void **state)
{
    (void)state;
    static float x[DSP_BLOCK_MAX], y[DSP_BLOCK_MAX], y2[DSP_BLOCK_MAX];
    static float p[6][DSP_BLOCK_MAX];
    const float sane[6] = { 0.01f, 0.5f, 0.5f, 0.1f, 0.5f, 0.1f };
    for (int s = 0; s < 6; s++) dsp_fill(p[s], sane[s], DSP_BLOCK_MAX);
    dsp_fill(p[0], 1.0f, DSP_BLOCK_MAX); /* gate on for env; first param elsewhere */
    const int kinds[] = { K_SVF, K_DELAY, K_REVERB, K_CHORUS, K_COMP, K_LIM, K_MASTER, K_ENV, K_CRUSH };
    for (size_t t = 0; t < sizeof kinds / sizeof kinds[0]; t++) {
        int kind = kinds[t];
        if (kind == K_SVF) { dsp_fill(p[0], 1000.0f, DSP_BLOCK_MAX); }
        else if (kind == K_COMP) { dsp_fill(p[0], -20.0f, DSP_BLOCK_MAX); dsp_fill(p[1], 4.0f, DSP_BLOCK_MAX); }
        else if (kind == K_CRUSH) { dsp_fill(p[0], 8.0f, DSP_BLOCK_MAX); dsp_fill(p[1], 2.0f, DSP_BLOCK_MAX); }
        else dsp_fill(p[0], kind == K_ENV ? 1.0f : 0.01f, DSP_BLOCK_MAX);
        Any *a = calloc(1, sizeof *a);
        init_any(a, kind, SR, 1);
        for (int i = 0; i < DSP_BLOCK_MAX; i++) x[i] = sinf((float)i * 0.1f);
        x[10] = NAN; x[11] = INFINITY; x[12] = -INFINITY;
        const float *in[2] = { x, x };
        float *out[2] = { y, y2 };
        process_any(a, kind, in, out, 2, p, DSP_BLOCK_MAX);
        x[10] = x[11] = x[12] = 0.0f;
        for (int blk = 0; blk < 3; blk++) process_any(a, kind, in, out, 2, p, DSP_BLOCK_MAX);
        if (aa_count_nonfinite(y, DSP_BLOCK_MAX)) fprintf(stderr, "%s stays non-finite\n", KNAMES[kind]);
        assert_int_equal(aa_count_nonfinite(y, DSP_BLOCK_MAX), 0);
        free_any(a, kind);
        free(a);
    }
}

/* Odd sample rates (including garbage that init must clamp) and block sizes
 * (0, 1, DSP_BLOCK_MAX): pitch stays right, nothing breaks. */
static void test_rates_and_block_sizes(void **state)
{
    (void)state;
    const float rates[] = { 8000.0f, 48000.0f, 96000.0f, 192000.0f };
    for (size_t r = 0; r < 4; r++) {
        size_t n = (size_t)rates[r] + 4096;
        float *x = malloc(n * sizeof *x), f[DSP_BLOCK_MAX];
        dsp_fill(f, 1000.0f, DSP_BLOCK_MAX);
        DspOsc o;
        dsp_osc_init(&o, rates[r], DSP_WAVE_SAW);
        size_t i = 0;
        for (int b = 0; i < n; b++) {
            int m = b % 3 == 0 ? 0 : (b % 3 == 1 ? 1 : DSP_BLOCK_MAX);
            if ((size_t)m > n - i) m = (int)(n - i);
            dsp_osc_process(&o, f, NULL, x + i, m);
            i += (size_t)m;
        }
        double got = aa_peak_freq(x + 4096, (size_t)rates[r], rates[r]);
        assert_true(fabs(got - 1000.0) < 1.0);
        free(x);
    }
    const float junk[] = { 0.0f, -44100.0f, NAN, INFINITY };
    for (size_t j = 0; j < 4; j++) {
        float y[64], g[64];
        dsp_fill(g, 440.0f, 64);
        DspOsc o;
        dsp_osc_init(&o, junk[j], DSP_WAVE_SINE);
        dsp_osc_process(&o, g, NULL, y, 64);
        assert_int_equal(aa_count_nonfinite(y, 64), 0);
        DspReverb rv;
        assert_int_equal(dsp_reverb_init(&rv, junk[j]), PH_OK);
        dsp_reverb_free(&rv);
        DspDelay d;
        assert_int_equal(dsp_delay_init(&d, junk[j], junk[j]), PH_OK);
        dsp_delay_free(&d);
    }
}

/* A whole synth voice chain twice from fresh state: identical bytes. */
static void chain(float *outl, float *outr, size_t n)
{
    DspOsc o; DspSvf f; DspDelay d; DspReverb rv; DspMaster m; DspNoise nz;
    dsp_osc_init(&o, SR, DSP_WAVE_SAW);
    dsp_noise_init(&nz, SR, DSP_NOISE_PINK, 3);
    dsp_svf_init(&f, SR, DSP_SVF_LP);
    assert_int_equal(dsp_delay_init(&d, SR, 1.0f), PH_OK);
    assert_int_equal(dsp_reverb_init(&rv, SR), PH_OK);
    dsp_master_init(&m, SR, DSP_MASTER_LOOKAHEAD_S, DSP_MASTER_CEILING_DB);
    float fr[256], c[256], q[256], t[256], fb[256], mx[256], room[256], damp[256], nbuf[256];
    dsp_fill(q, 4.0f, 256); dsp_fill(t, 0.125f, 256); dsp_fill(fb, 0.6f, 256);
    dsp_fill(mx, 0.4f, 256); dsp_fill(room, 0.8f, 256); dsp_fill(damp, 0.3f, 256);
    for (size_t i = 0; i < n; i += 256) {
        for (int k = 0; k < 256; k++) {
            double ts = (double)(i + (size_t)k) / SR;
            fr[k] = (int)(ts * 4.0) % 2 ? 55.0f : 82.5f;
            c[k] = (float)(1200.0 + 1000.0 * sin(2.0 * 3.14159 * 0.5 * ts));
        }
        float *l = outl + i, *r = outr + i;
        dsp_osc_process(&o, fr, NULL, l, 256);
        dsp_noise_process(&nz, nbuf, 256);
        dsp_accum(l, nbuf, 0.1f, 256);
        const float *in1[2] = { l, l };
        float *o1[2] = { l, r };
        dsp_svf_process(&f, in1, o1, 1, c, q, 256);
        dsp_copy(r, l, 256);
        const float *in2[2] = { l, r };
        float *o2[2] = { l, r };
        dsp_delay_process(&d, in2, o2, 2, t, fb, mx, 256);
        dsp_reverb_process(&rv, in2, o2, 2, room, damp, mx, 256);
        dsp_master_process(&m, in2, o2, 2, 256);
    }
    dsp_delay_free(&d);
    dsp_reverb_free(&rv);
}

static void test_chain_deterministic(void **state)
{
    (void)state;
    size_t n = 256 * 400;
    float *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), *c = malloc(n * sizeof *c),
          *d = malloc(n * sizeof *d);
    chain(a, b, n);
    chain(c, d, n);
    assert_memory_equal(a, c, n * sizeof(float));
    assert_memory_equal(b, d, n * sizeof(float));
    assert_true(aa_rms(a, n) > 0.01);
    assert_true(aa_peak(a, n) <= pow(10.0, -0.3 / 20.0) + 1e-7);
    free(a); free(b); free(c); free(d);
}

static void test_math_helpers(void **state)
{
    (void)state;
    float a[5] = { 1, 2, 3, 4, 5 }, b[5] = { 2, 0, -1, 0.5f, 0 }, y[5], m[3] = { 69, 81, NAN };
    dsp_div(y, a, b, 5);
    assert_true(y[0] == 0.5f && y[1] == 0.0f && y[2] == -3.0f && y[3] == 8.0f && y[4] == 0.0f);
    dsp_muladd_scalar(y, a, 2.0f, 1.0f, 5);
    assert_true(y[4] == 11.0f);
    dsp_mtof(y, m, 3);
    assert_true(fabsf(y[0] - 440.0f) < 1e-3f && fabsf(y[1] - 880.0f) < 1e-2f && y[2] == 0.0f);
    float s[4] = { NAN, INFINITY, 1e-30f, 0.25f };
    assert_int_equal(dsp_sanitize(s, 4), 2);
    assert_true(s[0] == 0.0f && s[1] == 0.0f && s[2] == 0.0f && s[3] == 0.25f);
    dsp_ftz_enable();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hostile_parameters),
        cmocka_unit_test(test_nonfinite_input_does_not_stick),
        cmocka_unit_test(test_rates_and_block_sizes),
        cmocka_unit_test(test_chain_deterministic),
        cmocka_unit_test(test_math_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
