/* voice_kernel.h - internal: the per-segment mixing kernels and their
 * runtime dispatch table (scalar / AVX2 / AVX-512).
 *
 * A segment is a run of frames of one voice in which the playback
 * increment is constant and the gain is linear in time. Every kernel
 * computes exactly this, per frame j in 0..n-1, with no fused
 * multiply-add and in this order, so all paths give the same bits:
 *
 *   eL = g[0] + (float)(k0 + j) * s[0]          (eR likewise; g only if !RAMP)
 *   contiguous (!INTERP): x = src[(pos >> VOICE_FRAC_BITS) + j]
 *   interpolated: p = pos + j*inc; i = p >> F; fr = (float)(p & MASK) * 2^-F
 *                 x = src[i] + fr * (src[i+1] - src[i])
 *   out[0][j] = out[0][j] + xL * eL;  out[1][j] = out[1][j] + xR * eR
 *
 * Contiguous segments have inc == 1 << VOICE_FRAC_BITS and an integral pos.
 * Reversed segments (VOICE_K_REV: inc == -1 frame, integral pos) use the
 * interpolating segment kernels (fr == 0, so x == src[i]) and their own
 * batch kernels, which read src[i0 - j] directly: the same values.
 * Mono samples have src[1] == src[0] (STEREO clear: one load per frame).
 * Kernels read src only at the indices above (masked loads), so the
 * sample's SAMPLE_PAD frames suffice at both ends. */
#ifndef PHONON_VOICE_KERNEL_H
#define PHONON_VOICE_KERNEL_H

#include <stdbool.h>
#include <stdint.h>

#define VOICE_FRAC_BITS 20
#define VOICE_FRAC_ONE ((int64_t)1 << VOICE_FRAC_BITS)
#define VOICE_FRAC_MASK (VOICE_FRAC_ONE - 1)

typedef struct VoiceSeg {
    float *out[2];          /* first output frame of the segment */
    const float *src[2];    /* sample channel data at frame 0 */
    int64_t pos;            /* fixed-point source position of the first frame */
    int32_t inc;            /* fixed-point increment per frame */
    int32_t n;              /* frames, >= 1 */
    int32_t k0;             /* frames since the gain line's origin, first frame */
    float g[2];             /* gain at the origin (pan and envelope folded in) */
    float s[2];             /* gain slope per frame */
} VoiceSeg;

enum {
    VOICE_K_STEREO = 1,
    VOICE_K_INTERP = 2,
    VOICE_K_RAMP = 4,
    VOICE_K_REV = 8,      /* inc == -1 frame, integral pos: read backwards, no interpolation */
    VOICE_K_COUNT = 16
};

typedef void (*VoiceMixFn)(const VoiceSeg *seg);

/* Up to VOICE_BATCH_MAX consecutive voices of one kind (mono/stereo ×
 * contiguous/interpolated, constant gain) covering the same n frames, mixed
 * in one pass over the output: per frame, out = ((out + x0*g0) + x1*g1) +
 * ... in voice order, which is exactly what mixing them one after another
 * gives, with a fraction of the output loads and stores and one call.
 * Contiguous: src[c][v] points at voice v's first frame (reversed: frame j
 * is src[c][v][-j]). Interpolated: src[c][v] is the channel's frame 0 and
 * pos[v]/inc[v] as in VoiceSeg. */
#define VOICE_BATCH_MAX 8
typedef struct VoiceBatch {
    float *out[2];
    int32_t n;
    int32_t count;
    const float *src[2][VOICE_BATCH_MAX];
    float g[2][VOICE_BATCH_MAX];
    int64_t pos[VOICE_BATCH_MAX];
    int32_t inc[VOICE_BATCH_MAX];
} VoiceBatch;

typedef void (*VoiceBatchFn)(const VoiceBatch *b);
/* dst[i] = dst[i] + src[i] (the chunk reduction). */
typedef void (*VoiceAddFn)(float *restrict dst, const float *restrict src, int n);

struct VoiceLaneGroup;
/* The bus filters of `count` (1 to 4) consecutive lane groups (up to 16
 * lanes each, on every path), in place (voice_stage_filter.c). */
typedef void (*VoiceFilterFn)(struct VoiceLaneGroup *g, int count);
struct VoiceLaneIO;
/* Low-pass-only groups (count 1 to 4), fused: read the steady lanes' samples,
 * filter, add to the destinations (voice_bus_filter.c); NULL where the path
 * has none (then rows, filter and batch kernels do the same, bit for bit). */
typedef void (*VoiceFilterMixFn)(struct VoiceLaneGroup *const *g, const struct VoiceLaneIO *const *io, int count);

typedef struct VoiceKernels {
    VoiceFilterFn filter;           /* bus filter lanes */
    VoiceFilterMixFn filter_mix;
    VoiceMixFn fn[VOICE_K_COUNT];   /* indexed by VOICE_K_* flags */
    VoiceBatchFn batch[VOICE_K_COUNT]; /* indexed by kind; kinds without VOICE_K_RAMP */
    VoiceAddFn add;
    const char *name;
} VoiceKernels;

/* Fills fn[] from the 8 non-reversed segment kernels (reversed kinds use the
 * interpolating ones) and batch[] from the 6 batch kernels
 * (mono, stereo) × (contiguous, interpolated, reversed). */
void voice_kernels_fill(VoiceKernels *k, const VoiceMixFn seg[8], const VoiceBatchFn batch[6], const char *name);

void voice_kernels_scalar(VoiceKernels *k);
/* Fill k and return true if the build has the path (CPU support is checked by the caller). */
bool voice_kernels_avx2(VoiceKernels *k);
bool voice_kernels_avx512(VoiceKernels *k);
/* The bus filter kernel for the chosen path: 0 scalar, 1 AVX2, 2 AVX-512
 * (lane-parallel, bit-identical to the scalar one). */
void voice_kernels_filter(VoiceKernels *k, int level);

/* The reference batch mix over frames [j0, j1): the scalar kernel runs it
 * on the whole block, the SIMD kernels on the frames after their last full
 * vector. Plain multiplies and adds, no FMA, so every path gives the same
 * bits. */
static inline __attribute__((always_inline)) void voice_batch_frames_scalar(const VoiceBatch *b, bool stereo, int mode,
                                                                            int32_t j0, int32_t j1)
{
    const bool interp = mode == 1, rev = mode == 2;
    float *restrict oL = b->out[0];
    float *restrict oR = b->out[1];
    const float scale = 1.0f / (float)VOICE_FRAC_ONE;
    for (int32_t j = j0; j < j1; j++) {
        float l = oL[j], r = oR[j];
        for (int v = 0; v < b->count; v++) {
            float xL, xR;
            if (interp) {
                int64_t p = b->pos[v] + (int64_t)j * b->inc[v];
                int64_t i = p >> VOICE_FRAC_BITS;
                float fr = (float)(int32_t)(p & VOICE_FRAC_MASK) * scale;
                float a = b->src[0][v][i], c = b->src[0][v][i + 1];
                xL = a + fr * (c - a);
                if (stereo) {
                    a = b->src[1][v][i];
                    c = b->src[1][v][i + 1];
                    xR = a + fr * (c - a);
                } else {
                    xR = xL;
                }
            } else {
                int32_t jj = rev ? -j : j;
                xL = b->src[0][v][jj];
                xR = stereo ? b->src[1][v][jj] : xL;
            }
            l = l + xL * b->g[0][v];
            r = r + xR * b->g[1][v];
        }
        oL[j] = l;
        oR[j] = r;
    }
}

#endif
