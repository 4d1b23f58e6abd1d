/* voice_kernel_scalar.c - the reference mixing kernels (plain C). The SIMD
 * paths must reproduce these bit for bit (voice_kernel.h gives the maths). */
#include <stddef.h>

#include "voice/voice_kernel.h"

#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

static inline __attribute__((always_inline)) void scalar_mix(const VoiceSeg *sg, int flags)
{
    const bool stereo = flags & VOICE_K_STEREO, interp = flags & VOICE_K_INTERP,
               ramp = flags & VOICE_K_RAMP;
    float *restrict oL = sg->out[0];
    float *restrict oR = sg->out[1];
    const float *sL = sg->src[0];
    const float *sR = sg->src[1];
    const float scale = 1.0f / (float)VOICE_FRAC_ONE;
    const int64_t i0 = sg->pos >> VOICE_FRAC_BITS;
    for (int32_t j = 0; j < sg->n; j++) {
        float eL = sg->g[0], eR = sg->g[1];
        if (ramp) {
            float kf = (float)(sg->k0 + j);
            eL = sg->g[0] + kf * sg->s[0];
            eR = sg->g[1] + kf * sg->s[1];
        }
        float xL, xR;
        if (!interp) {
            xL = sL[i0 + j];
            xR = stereo ? sR[i0 + j] : xL;
        } else {
            int64_t p = sg->pos + (int64_t)j * sg->inc;
            int64_t i = p >> VOICE_FRAC_BITS;
            float fr = (float)(int32_t)(p & VOICE_FRAC_MASK) * scale;
            float a = sL[i], b = sL[i + 1];
            xL = a + fr * (b - a);
            if (stereo) {
                a = sR[i];
                b = sR[i + 1];
                xR = a + fr * (b - a);
            } else {
                xR = xL;
            }
        }
        oL[j] = oL[j] + xL * eL;
        oR[j] = oR[j] + xR * eR;
    }
}

#define SCALAR_VARIANT(F) \
    static void scalar_mix_##F(const VoiceSeg *sg) { scalar_mix(sg, F); }
SCALAR_VARIANT(0)
SCALAR_VARIANT(1)
SCALAR_VARIANT(2)
SCALAR_VARIANT(3)
SCALAR_VARIANT(4)
SCALAR_VARIANT(5)
SCALAR_VARIANT(6)
SCALAR_VARIANT(7)

static inline __attribute__((always_inline)) void scalar_batch(const VoiceBatch *b, bool stereo, int mode)
{
    voice_batch_frames_scalar(b, stereo, mode, 0, b->n);
}

static void scalar_batch_m0(const VoiceBatch *b) { scalar_batch(b, false, 0); }
static void scalar_batch_s0(const VoiceBatch *b) { scalar_batch(b, true, 0); }
static void scalar_batch_m1(const VoiceBatch *b) { scalar_batch(b, false, 1); }
static void scalar_batch_s1(const VoiceBatch *b) { scalar_batch(b, true, 1); }
static void scalar_batch_m2(const VoiceBatch *b) { scalar_batch(b, false, 2); }
static void scalar_batch_s2(const VoiceBatch *b) { scalar_batch(b, true, 2); }

static void scalar_add(float *restrict dst, const float *restrict src, int n)
{
    for (int i = 0; i < n; i++) dst[i] = dst[i] + src[i];
}

void voice_kernels_fill(VoiceKernels *k, const VoiceMixFn seg[8], const VoiceBatchFn batch[6], const char *name)
{
    for (int i = 0; i < VOICE_K_COUNT; i++) {
        k->fn[i] = seg[(i & VOICE_K_REV) ? ((i | VOICE_K_INTERP) & 7) : i];
        k->batch[i] = NULL;
    }
    for (int st = 0; st < 2; st++) {
        k->batch[st] = batch[st];
        k->batch[st | VOICE_K_INTERP] = batch[2 + st];
        k->batch[st | VOICE_K_REV] = batch[4 + st];
    }
    k->name = name;
}

void voice_kernels_scalar(VoiceKernels *k)
{
    static const VoiceMixFn fns[8] = {
        scalar_mix_0, scalar_mix_1, scalar_mix_2, scalar_mix_3,
        scalar_mix_4, scalar_mix_5, scalar_mix_6, scalar_mix_7,
    };
    static const VoiceBatchFn batch[6] = {
        scalar_batch_m0, scalar_batch_s0, scalar_batch_m1, scalar_batch_s1, scalar_batch_m2, scalar_batch_s2,
    };
    voice_kernels_fill(k, fns, batch, "scalar");
    k->add = scalar_add;
}
