/* dsp_bank.c - lane-parallel oscillators and SVFs (see dsp_bank.h).
 *
 * Inner loops run over the DSP_BANK_LANES lanes with a constant trip count;
 * the filter and mix loops vectorise at -O2, the oscillator loop overlaps
 * its independent lanes (see blep_sel). The math per lane is that of
 * dsp_osc.c / dsp_svf.c. */
#include "dsp/dsp_bank.h"

#include <stddef.h>

#define L DSP_BANK_LANES
#define OSC_MAX_INC 0.45f

_Static_assert(DSP_BANK_LANES == 8, "dsp_bank_mix sums exactly 8 lanes");

void dsp_osc_bank_init(DspOscBank *k, float sample_rate, DspWave wave)
{
    k->sr = dsp_rate(sample_rate);
    k->inv_sr = 1.0f / k->sr;
    k->amp_step = 1.0f / (DSP_OSC_DECLICK_S * k->sr);
    k->wave = (wave >= DSP_WAVE_SINE && wave <= DSP_WAVE_PULSE) ? wave : DSP_WAVE_SINE;
    dsp_osc_bank_reset(k);
}

void dsp_osc_bank_reset(DspOscBank *k)
{
    for (int v = 0; v < L; v++) k->phase[v] = k->amp[v] = k->last_inc[v] = 0.0f;
}

/* PolyBLEP residual (step of 2 at t = 0 mod 1), as in dsp_osc.c. The
 * oscillator loop stays scalar: gcc will not if-convert these float selects
 * under the default -ftrapping-math (measured: a select-only rewrite that
 * vectorises with -fno-trapping-math was slower without it), so the bank's
 * gain for oscillators comes from independent lanes overlapping in the CPU,
 * and the filter loop (no selects) is the SIMD part. */
static inline float blep_sel(float t, float dt, float inv_dt)
{
    float x1 = t * inv_dt;
    float r1 = (2.0f - x1) * x1 - 1.0f;
    float x2 = (t - 1.0f) * inv_dt;
    float r2 = (x2 + 2.0f) * x2 + 1.0f;
    return t < dt ? r1 : (t > 1.0f - dt ? r2 : 0.0f);
}

__attribute__((always_inline)) static inline void osc_run(DspOscBank *k, const float *freq,
                                                          const float *width, float *out, int n,
                                                          DspWave wave)
{
    float inc[L], inv[L], on[L], w[L], ph[L], amp[L];
    for (int v = 0; v < L; v++) {
        float f = freq[v];
        int is_on = f > 0.0f;
        inc[v] = is_on ? dsp_clampf(f * k->inv_sr, 0.0f, OSC_MAX_INC) : k->last_inc[v];
        k->last_inc[v] = inc[v];
        inv[v] = inc[v] > 0.0f ? 1.0f / inc[v] : 0.0f;
        on[v] = is_on ? k->amp_step : -k->amp_step;
        w[v] = wave == DSP_WAVE_PULSE && width ? dsp_clampf(width[v], 0.01f, 0.99f) : 0.5f;
        ph[v] = k->phase[v];
        amp[v] = k->amp[v];
    }
    for (int i = 0; i < n; i++) {
        float *o = out + (size_t)i * L;
        for (int v = 0; v < L; v++) {
            float a = dsp_clampf(amp[v] + on[v], 0.0f, 1.0f);
            float t = ph[v], dt = inc[v], y;
            if (wave == DSP_WAVE_SAW) {
                y = 2.0f * t - 1.0f - blep_sel(t, dt, inv[v]);
            } else if (wave == DSP_WAVE_SQUARE || wave == DSP_WAVE_PULSE) {
                float t2 = t - w[v];
                t2 = t2 < 0.0f ? t2 + 1.0f : t2;
                y = (t < w[v] ? 1.0f : -1.0f) + blep_sel(t, dt, inv[v]) - blep_sel(t2, dt, inv[v]);
            } else {
                y = dsp_sin2pi01(t);
            }
            o[v] = a * y;
            /* A silent lane holds its phase, like DspOsc. */
            float np = t + (a > 0.0f ? dt : 0.0f);
            ph[v] = np >= 1.0f ? np - 1.0f : np;
            amp[v] = a;
        }
    }
    for (int v = 0; v < L; v++) {
        k->phase[v] = ph[v] >= 0.0f && ph[v] < 1.0f ? ph[v] : 0.0f;
        k->amp[v] = amp[v];
    }
}

void dsp_osc_bank_process(DspOscBank *k, const float freq[DSP_BANK_LANES],
                          const float width[DSP_BANK_LANES], float *out, int n)
{
    switch (k->wave) {
    case DSP_WAVE_SAW: osc_run(k, freq, width, out, n, DSP_WAVE_SAW); break;
    case DSP_WAVE_SQUARE: osc_run(k, freq, width, out, n, DSP_WAVE_SQUARE); break;
    case DSP_WAVE_PULSE: osc_run(k, freq, width, out, n, DSP_WAVE_PULSE); break;
    default: osc_run(k, freq, width, out, n, DSP_WAVE_SINE); break;
    }
}

void dsp_svf_bank_init(DspSvfBank *k, float sample_rate, DspSvfMode mode)
{
    k->sr = dsp_rate(sample_rate);
    k->inv_sr = 1.0f / k->sr;
    k->mode = (mode >= DSP_SVF_LP && mode <= DSP_SVF_NOTCH) ? mode : DSP_SVF_LP;
    dsp_svf_bank_reset(k);
}

void dsp_svf_bank_reset(DspSvfBank *k)
{
    for (int v = 0; v < L; v++) k->s1[v] = k->s2[v] = 0.0f;
}

void dsp_svf_bank_process(DspSvfBank *k, const float *in, float *out,
                          const float cutoff[DSP_BANK_LANES], const float q[DSP_BANK_LANES], int n)
{
    static const float M0[4] = { 0.0f, 1.0f, 0.0f, 1.0f }, M1[4] = { 0.0f, -1.0f, 1.0f, -1.0f },
                       M2[4] = { 1.0f, -1.0f, 0.0f, 0.0f };
    float A1[L], A2[L], A3[L], C11[L], C12[L], C21[L], C22[L], B2[L], MK[L], s1[L], s2[L];
    float m0 = M0[k->mode], m2 = M2[k->mode];
    for (int v = 0; v < L; v++) {
        float x = dsp_clampf(cutoff[v], DSP_SVF_CUTOFF_MIN, DSP_SVF_CUTOFF_MAX_RATIO * k->sr) * k->inv_sr;
        float g = dsp_tan_pi(dsp_clampf(x, 0.0f, DSP_SVF_CUTOFF_MAX_RATIO));
        float kk = 1.0f / dsp_clampf(q[v], DSP_SVF_Q_MIN, DSP_SVF_Q_MAX);
        A1[v] = 1.0f / (1.0f + g * (g + kk));
        A2[v] = g * A1[v];
        A3[v] = g * A2[v];
        C11[v] = 2.0f * A1[v] - 1.0f; C12[v] = -2.0f * A2[v];
        C21[v] = 2.0f * A2[v]; C22[v] = 1.0f - 2.0f * A3[v]; B2[v] = 2.0f * A3[v];
        MK[v] = M1[k->mode] * kk;
        s1[v] = k->s1[v]; s2[v] = k->s2[v];
    }
    for (int i = 0; i < n; i++) {
        const float *xi = in + (size_t)i * L;
        float *yo = out + (size_t)i * L;
        /* Through local arrays: in == out is allowed, and the compiler will
         * only vectorise at -O2 when it can see nothing aliases. */
        float xv[L], yv[L];
        for (int v = 0; v < L; v++) xv[v] = xi[v];
        for (int v = 0; v < L; v++) {
            float v0 = xv[v];
            float v3 = v0 - s2[v];
            float v1 = A1[v] * s1[v] + A2[v] * v3;
            float v2 = s2[v] + A2[v] * s1[v] + A3[v] * v3;
            float n1 = C11[v] * s1[v] + (C12[v] * s2[v] + C21[v] * v0);
            float n2 = C22[v] * s2[v] + (C21[v] * s1[v] + B2[v] * v0);
            s1[v] = n1; s2[v] = n2;
            yv[v] = m0 * v0 + MK[v] * v1 + m2 * v2;
        }
        for (int v = 0; v < L; v++) yo[v] = yv[v];
    }
    for (int v = 0; v < L; v++) {
        k->s1[v] = dsp_flush(dsp_finite_or_zero(s1[v]));
        k->s2[v] = dsp_flush(dsp_finite_or_zero(s2[v]));
    }
}

void dsp_bank_mix(const float *in, const float gain[DSP_BANK_LANES], float *out, int n)
{
    /* A pairwise tree per frame (depth 3) rather than a serial sum: the
     * frames stay independent, so the adds overlap. */
    for (int i = 0; i < n; i++) {
        const float *x = in + (size_t)i * L;
        float p[L];
        for (int v = 0; v < L; v++) p[v] = x[v] * gain[v];
        float a = (p[0] + p[1]) + (p[2] + p[3]);
        float b = (p[4] + p[5]) + (p[6] + p[7]);
        out[i] = a + b;
    }
}
