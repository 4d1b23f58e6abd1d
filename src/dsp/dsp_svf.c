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

typedef DspSvfCoef SvfCoef;

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

/* The recursion for one or two channels, written in state-space form so the
 * loop-carried dependency is one multiply and two adds per state:
 *   ic1' = 2*v1 - ic1 = (2*a1 - 1)*ic1 - 2*a2*ic2 + 2*a2*x
 *   ic2' = 2*v2 - ic2 = 2*a2*ic1 + (1 - 2*a3)*ic2 + 2*a3*x
 * (algebraically the TPT update above; the states are the same integrator
 * states, so modulation behaves identically). v1, v2 for the output are
 * computed from the old states off the critical path. `st` is 0 (one
 * coefficient set for the block) or 1 (a set per frame); always_inline lets
 * the compiler fold it. */
__attribute__((always_inline)) static inline void run(DspSvf *k, const float *const in[2],
                                                      float *const out[2], int nch,
                                                      const float *a1, const float *a2,
                                                      const float *a3, const float *m1,
                                                      int st, int n)
{
    float m0 = MODE_M0[k->mode], m2 = MODE_M2[k->mode];
    float s1 = k->ic1[0], s2 = k->ic2[0];
    /* Constant coefficients live in registers (stores to out[] could alias
     * the arrays as far as the compiler knows). */
    const float K1 = a1[0], K2 = a2[0], K3 = a3[0], KM = m1[0];
#define COEF(arr, kon) (st ? arr[i] : kon)
    if (nch == 2) {
        float t1 = k->ic1[1], t2 = k->ic2[1];
        const float *xl = in[0], *xr = in[1];
        float *yl = out[0], *yr = out[1];
        for (int i = 0; i < n; i++) {
            float A1 = COEF(a1, K1), A2 = COEF(a2, K2), A3 = COEF(a3, K3), M1 = COEF(m1, KM);
            float c11 = 2.0f * A1 - 1.0f, c12 = -2.0f * A2, c21 = 2.0f * A2, c22 = 1.0f - 2.0f * A3;
            float l = xl[i], r = xr[i];
            float v3 = l - s2, w3 = r - t2;
            float v1 = A1 * s1 + A2 * v3, w1 = A1 * t1 + A2 * w3;
            float v2 = s2 + A2 * s1 + A3 * v3, w2 = t2 + A2 * t1 + A3 * w3;
            float bl1 = c21 * l, bl2 = 2.0f * A3 * l, br1 = c21 * r, br2 = 2.0f * A3 * r;
            float n1 = c11 * s1 + (c12 * s2 + bl1), n2 = c22 * s2 + (c21 * s1 + bl2);
            float u1 = c11 * t1 + (c12 * t2 + br1), u2 = c22 * t2 + (c21 * t1 + br2);
            s1 = n1; s2 = n2; t1 = u1; t2 = u2;
            yl[i] = m0 * l + M1 * v1 + m2 * v2;
            yr[i] = m0 * r + M1 * w1 + m2 * w2;
        }
        k->ic1[1] = t1; k->ic2[1] = t2;
    } else {
        const float *x = in[0];
        float *y = out[0];
        for (int i = 0; i < n; i++) {
            float A1 = COEF(a1, K1), A2 = COEF(a2, K2), A3 = COEF(a3, K3), M1 = COEF(m1, KM);
            float c11 = 2.0f * A1 - 1.0f, c12 = -2.0f * A2, c21 = 2.0f * A2, c22 = 1.0f - 2.0f * A3;
            float v0 = x[i];
            float v3 = v0 - s2;
            float v1 = A1 * s1 + A2 * v3;
            float v2 = s2 + A2 * s1 + A3 * v3;
            float b1 = c21 * v0, b2 = 2.0f * A3 * v0;
            float n1 = c11 * s1 + (c12 * s2 + b1), n2 = c22 * s2 + (c21 * s1 + b2);
            s1 = n1; s2 = n2;
            y[i] = m0 * v0 + M1 * v1 + m2 * v2;
        }
    }
#undef COEF
    k->ic1[0] = s1; k->ic2[0] = s2;
}

DspSvfCoef dsp_svf_coef(const DspSvf *k, float cutoff, float q) { return coef(k, cutoff, q); }

void dsp_svf_mix(const DspSvf *k, float *m0, float *m2)
{
    *m0 = MODE_M0[k->mode];
    *m2 = MODE_M2[k->mode];
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
