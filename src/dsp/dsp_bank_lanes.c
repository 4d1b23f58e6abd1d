/* dsp_bank_lanes.c - the scalar lane kernels (each lane through its own
 * single kernel, the reference the SIMD kernels must match) and the
 * runtime dispatch; see dsp_bank_lanes.h. */
#include "dsp/dsp_bank_lanes.h"

#include <stddef.h>

#include "dsp/dsp_math.h"

static void scalar_osc(const DspOscLanes *l, int n)
{
    if (n <= 0) return;
    if (n > DSP_BLOCK_MAX) n = DSP_BLOCK_MAX;
    float freq[DSP_BLOCK_MAX], width[DSP_BLOCK_MAX];
    for (int v = 0; v < l->count; v++) {
        dsp_fill(freq, l->freq[v], n);
        dsp_fill(width, l->width[v], n);
        dsp_osc_process(l->osc[v], freq, l->wave == DSP_WAVE_PULSE ? width : NULL, l->out[v], n);
    }
}

/* A stereo filter's two lanes run as one stereo call, as alone. */
static void scalar_svf(const DspSvfLanes *l, int n)
{
    if (n <= 0) return;
    if (n > DSP_BLOCK_MAX) n = DSP_BLOCK_MAX;
    float cutoff[DSP_BLOCK_MAX], q[DSP_BLOCK_MAX];
    for (int v = 0; v < l->count; v++) {
        int pair = -1;
        for (int u = 0; u < l->count; u++)
            if (u != v && l->svf[u] == l->svf[v]) pair = u;
        if (pair >= 0 && l->ch[v] == 1) continue; /* done with its left lane */
        dsp_fill(cutoff, l->cutoff[v], n);
        dsp_fill(q, l->q[v], n);
        if (pair >= 0) {
            const float *in[2] = { l->in[v], l->in[pair] };
            float *out[2] = { l->out[v], l->out[pair] };
            dsp_svf_process(l->svf[v], in, out, 2, cutoff, q, n);
        } else {
            const float *in[2] = { l->in[v], l->in[v] };
            float *out[2] = { l->out[v], l->out[v] };
            dsp_svf_process(l->svf[v], in, out, 1, cutoff, q, n);
        }
    }
}

static void scalar_arith(DspLaneOp op, float *out, const float *a, const float *b, int n)
{
    switch (op) {
    case DSP_LANE_ADD: for (int i = 0; i < n; i++) out[i] = a[i] + b[i]; break;
    case DSP_LANE_SUB: for (int i = 0; i < n; i++) out[i] = a[i] - b[i]; break;
    case DSP_LANE_MUL: for (int i = 0; i < n; i++) out[i] = a[i] * b[i]; break;
    }
}

bool dsp_lane_kernels_scalar(DspLaneKernels *k)
{
    k->name = "scalar";
    k->lanes = 1;
    k->osc = scalar_osc;
    k->svf = scalar_svf;
    k->arith = scalar_arith;
    return true;
}

void dsp_lane_kernels_pick(DspLaneKernels *k, DspIsa isa)
{
    dsp_lane_kernels_scalar(k);
    if (isa == DSP_ISA_SCALAR) return;
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    __builtin_cpu_init();
    bool has2 = __builtin_cpu_supports("avx2");
    bool has512 = has2 && __builtin_cpu_supports("avx512f");
    if ((isa == DSP_ISA_AUTO || isa == DSP_ISA_AVX512) && has512 && dsp_lane_kernels_avx512(k)) return;
    if (has2) dsp_lane_kernels_avx2(k);
#endif
}
