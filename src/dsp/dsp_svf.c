/* dsp_svf.c - TPT state-variable filter (see dsp_svf.h).
 *
 * Per frame, with g = tan(pi*fc/sr), k = 1/q:
 *   a1 = 1/(1 + g(g + k)), a2 = g*a1, a3 = g*a2
 *   v3 = x - ic2;  v1 = a1*ic1 + a2*v3;  v2 = ic2 + a2*ic1 + a3*v3
 *   ic1 = 2*v1 - ic1;  ic2 = 2*v2 - ic2
 *   LP = v2, BP = v1 (k*v1 normalised), HP = x - k*v1 - v2, notch = x - k*v1
 * Output = m0*x + m1*v1 + m2*v2 with (m0, m1, m2) chosen by the mode, so one
 * loop serves all four modes.
 *
 * When cutoff and q are constant over the block (the common case) the
 * coefficients are computed once; otherwise they are computed for every frame
 * into scratch arrays first (a vectorisable pass), then the recursion runs. */
#include "dsp/dsp_svf.h"

typedef struct SvfCoef {
    float a1, a2, a3, m1;
} SvfCoef;

static const float MODE_M0[4] = { 0.0f, 1.0f, 0.0f, 1.0f };
static const float MODE_M1[4] = { 0.0f, -1.0f, 1.0f, -1.0f }; /* times k */
static const float MODE_M2[4] = { 1.0f, -1.0f, 0.0f, 0.0f };

static inline SvfCoef coef(const DspSvf *kn, float cutoff, float q)
{
    float x = dsp_clampf(cutoff, DSP_SVF_CUTOFF_MIN, DSP_SVF_CUTOFF_MAX_RATIO * kn->sr) * kn->inv_sr;
    x = dsp_clampf(x, 0.0f, DSP_SVF_CUTOFF_MAX_RATIO);
    float g = dsp_tan_pi(x);
    float k = 1.0f / dsp_clampf(q, DSP_SVF_Q_MIN, DSP_SVF_Q_MAX);
    SvfCoef c;
    c.a1 = 1.0f / (1.0f + g * (g + k));
    c.a2 = g * c.a1;
    c.a3 = g * c.a2;
    c.m1 = MODE_M1[kn->mode] * k;
    return c;
}

/* The recursion for one or two channels. `st` is 0 (one coefficient set for
 * the block) or 1 (a set per frame); always_inline lets the compiler fold it. */
__attribute__((always_inline)) static inline void run(DspSvf *k, const float *const in[2],
                                                      float *const out[2], int nch,
                                                      const float *a1, const float *a2,
                                                      const float *a3, const float *m1,
                                                      int st, int n)
{
    float m0 = MODE_M0[k->mode], m2 = MODE_M2[k->mode];
    float s1 = k->ic1[0], s2 = k->ic2[0];
    if (nch == 2) {
        float t1 = k->ic1[1], t2 = k->ic2[1];
        const float *xl = in[0], *xr = in[1];
        float *yl = out[0], *yr = out[1];
        for (int i = 0; i < n; i++) {
            int j = i * st;
            float l = xl[i], r = xr[i];
            float v3 = l - s2, w3 = r - t2;
            float v1 = a1[j] * s1 + a2[j] * v3, w1 = a1[j] * t1 + a2[j] * w3;
            float v2 = s2 + a2[j] * s1 + a3[j] * v3, w2 = t2 + a2[j] * t1 + a3[j] * w3;
            s1 = 2.0f * v1 - s1; t1 = 2.0f * w1 - t1;
            s2 = 2.0f * v2 - s2; t2 = 2.0f * w2 - t2;
            yl[i] = m0 * l + m1[j] * v1 + m2 * v2;
            yr[i] = m0 * r + m1[j] * w1 + m2 * w2;
        }
        k->ic1[1] = t1; k->ic2[1] = t2;
    } else {
        const float *x = in[0];
        float *y = out[0];
        for (int i = 0; i < n; i++) {
            int j = i * st;
            float v0 = x[i];
            float v3 = v0 - s2;
            float v1 = a1[j] * s1 + a2[j] * v3;
            float v2 = s2 + a2[j] * s1 + a3[j] * v3;
            s1 = 2.0f * v1 - s1;
            s2 = 2.0f * v2 - s2;
            y[i] = m0 * v0 + m1[j] * v1 + m2 * v2;
        }
    }
    k->ic1[0] = s1; k->ic2[0] = s2;
}

void dsp_svf_init(DspSvf *k, float sample_rate, DspSvfMode mode)
{
    k->sr = dsp_rate(sample_rate);
    k->inv_sr = 1.0f / k->sr;
    k->mode = (mode >= DSP_SVF_LP && mode <= DSP_SVF_NOTCH) ? mode : DSP_SVF_LP;
    dsp_svf_reset(k);
}

void dsp_svf_reset(DspSvf *k)
{
    k->ic1[0] = k->ic1[1] = k->ic2[0] = k->ic2[1] = 0.0f;
}

void dsp_svf_process(DspSvf *k, const float *const in[2], float *const out[2], int nch,
                     const float *cutoff, const float *q, int n)
{
    if (n <= 0) return;
    if (n > DSP_BLOCK_MAX) n = DSP_BLOCK_MAX;
    nch = nch == 2 ? 2 : 1;
    int constant = 1;
    for (int i = 1; i < n; i++) constant &= (cutoff[i] == cutoff[0]) & (q[i] == q[0]);
    if (constant) {
        SvfCoef c = coef(k, cutoff[0], q[0]);
        run(k, in, out, nch, &c.a1, &c.a2, &c.a3, &c.m1, 0, n);
    } else {
        float a1[DSP_BLOCK_MAX], a2[DSP_BLOCK_MAX], a3[DSP_BLOCK_MAX], m1[DSP_BLOCK_MAX];
        for (int i = 0; i < n; i++) {
            SvfCoef c = coef(k, cutoff[i], q[i]);
            a1[i] = c.a1; a2[i] = c.a2; a3[i] = c.a3; m1[i] = c.m1;
        }
        run(k, in, out, nch, a1, a2, a3, m1, 1, n);
    }
    /* Keep the integrators clean: flush denormals, and if non-finite input
     * poisoned them, start over from silence instead of staying NaN. */
    for (int c = 0; c < 2; c++) {
        k->ic1[c] = dsp_flush(dsp_finite_or_zero(k->ic1[c]));
        k->ic2[c] = dsp_flush(dsp_finite_or_zero(k->ic2[c]));
    }
}
