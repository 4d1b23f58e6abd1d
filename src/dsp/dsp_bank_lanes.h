/* dsp_bank_lanes.h - single kernels (DspOsc, DspSvf) run side by side in
 * SIMD lanes, bit for bit as each would run alone.
 *
 * One DspOsc or DspSvf per frame is a short dependency chain, so a lone
 * kernel is bound by that chain's latency (2-4 ns/frame) and leaves the
 * vector units idle. Here up to DSP_LANES_MAX independent kernels of one
 * kind advance together, one lane each: per frame, the same chain for all
 * lanes in one register. Unlike dsp_bank.h (the voice engine's banks, with
 * their own lane state and a float phase), the lanes here are the callers'
 * own DspOsc / DspSvf structs: their state is loaded into registers at the
 * start of the call and stored back at the end, so the program's nodes
 * keep their state (live reload adopts it by key) and a kernel may run in
 * lanes one block and alone the next.
 *
 * Exactness: every lane performs the operations of dsp_osc.c / dsp_svf.c
 * in the same order, in the same precision (double phase), without fused
 * multiply-adds, so each output sample and the state after the call are
 * bit-identical to dsp_osc_process / dsp_svf_process with the same
 * (block-constant) parameters. tests/unit/test_engine_schedule.c checks
 * every ISA against the single kernels.
 *
 * Audio: each lane reads and writes its own plain buffer (the program's
 * buffers); the kernels transpose 16x16 (8x8 on AVX2) tiles in registers
 * between those and the lane-across-register layout.
 *
 * Dispatch: dsp_lane_kernels_pick chooses once (AVX-512F: 16 lanes per
 * register, AVX2: 8, else scalar: the single kernels one after another)
 * and stores the choice in a DspLaneKernels the caller keeps. */
#ifndef PHONON_DSP_DSP_BANK_LANES_H
#define PHONON_DSP_DSP_BANK_LANES_H

#include <stdbool.h>

#include "dsp/dsp.h"
#include "dsp/dsp_osc.h"
#include "dsp/dsp_svf.h"

#define DSP_LANES_MAX 16

typedef enum DspIsa { DSP_ISA_AUTO = 0, DSP_ISA_SCALAR, DSP_ISA_AVX2, DSP_ISA_AVX512 } DspIsa;

/* Up to DSP_LANES_MAX oscillators of one waveform (lane l: osc[l] with
 * state in its own struct), each with a frequency and, for DSP_WAVE_PULSE,
 * a width constant over the call, each writing n frames to out[l]. */
typedef struct DspOscLanes {
    int count;
    DspWave wave;
    DspOsc *osc[DSP_LANES_MAX];
    float freq[DSP_LANES_MAX];
    float width[DSP_LANES_MAX];   /* DSP_WAVE_PULSE only */
    float *out[DSP_LANES_MAX];
} DspOscLanes;

/* Up to DSP_LANES_MAX filter channels: lane l runs channel ch[l] of svf[l]
 * (a stereo filter takes two lanes, one per channel; modes may differ), with
 * cutoff and q constant over the call. out[l] may equal in[l]. */
typedef struct DspSvfLanes {
    int count;
    DspSvf *svf[DSP_LANES_MAX];
    int ch[DSP_LANES_MAX];
    float cutoff[DSP_LANES_MAX], q[DSP_LANES_MAX];
    const float *in[DSP_LANES_MAX];
    float *out[DSP_LANES_MAX];
} DspSvfLanes;

/* Frame-wise buffer arithmetic (the engine's `a + b` nodes), in the widest
 * registers: out[i] = a[i] op b[i], one IEEE operation per frame, so every
 * ISA gives the same bits. out may equal a or b (not overlap them partly). */
typedef enum DspLaneOp { DSP_LANE_ADD = 0, DSP_LANE_SUB, DSP_LANE_MUL } DspLaneOp;

typedef struct DspLaneKernels {
    const char *name;   /* "avx512", "avx2", "scalar" */
    int lanes;          /* lanes one register holds (1: scalar, banks gain nothing) */
    void (*osc)(const DspOscLanes *l, int n);
    void (*svf)(const DspSvfLanes *l, int n);
    void (*arith)(DspLaneOp op, float *out, const float *a, const float *b, int n);
} DspLaneKernels;

/* The widest kernels this CPU runs, no wider than `isa` (AUTO: widest). */
void dsp_lane_kernels_pick(DspLaneKernels *k, DspIsa isa);

/* Each ISA's table; false (k untouched) where the CPU or the compiler
 * lacks it. dsp_lane_kernels_scalar always succeeds. */
bool dsp_lane_kernels_scalar(DspLaneKernels *k);
bool dsp_lane_kernels_avx2(DspLaneKernels *k);
bool dsp_lane_kernels_avx512(DspLaneKernels *k);

#endif
