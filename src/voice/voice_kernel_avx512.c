/* voice_kernel_avx512.c - AVX-512F mixing kernels (16 frames per step,
 * masked tails). Only these functions carry target("avx512f"); the maths
 * matches the scalar reference bit for bit (voice_kernel.h: no FMA).
 * Interpolated voices with |inc| <= ~1.9 fetch frame pairs from a 32-float
 * window with vpermt2ps; faster ones use gathers. */
#include "voice/voice_kernel.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

#define AVX512_ATTR __attribute__((target("avx512f")))
#define AVX512_FN AVX512_ATTR static inline __attribute__((always_inline))

/* Interpolated source frames for up to 16 lanes (m used, mask k) starting
 * at fixed-point position pj; incv = lane * inc. */
AVX512_FN void avx512_interp(const float *sL, const float *sR, int64_t pj, int32_t inc, __m512i incv, int32_t m,
                             __mmask16 k, bool stereo, __m512 *xL, __m512 *xR)
{
    const int64_t base = pj >> VOICE_FRAC_BITS;
    const int32_t f = (int32_t)(pj & VOICE_FRAC_MASK);
    const __m512i q = _mm512_add_epi32(_mm512_set1_epi32(f), incv);
    const __m512i r = _mm512_srai_epi32(q, VOICE_FRAC_BITS);
    const __m512 fr = _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_and_si512(q, _mm512_set1_epi32((int32_t)VOICE_FRAC_MASK))),
                                    _mm512_set1_ps(1.0f / (float)VOICE_FRAC_ONE));
    const int32_t rl = (f + (m - 1) * inc) >> VOICE_FRAC_BITS; /* r of the last used lane */
    const int32_t lo = inc >= 0 ? 0 : rl, hi = inc >= 0 ? rl : 0;
    const int32_t len = hi - lo + 2;                            /* floats needed: r and r+1 */
    __m512 aL, bL, aR = _mm512_setzero_ps(), bR = _mm512_setzero_ps();
    if (len <= 32) {
        const __m512i rr = _mm512_sub_epi32(r, _mm512_set1_epi32(lo));
        const __m512i rr1 = _mm512_add_epi32(rr, _mm512_set1_epi32(1));
        const uint32_t kk = len >= 32 ? 0xFFFFFFFFu : (1u << len) - 1u;
        const __mmask16 k0 = (__mmask16)(kk & 0xFFFFu), k1 = (__mmask16)(kk >> 16);
        const float *w = sL + base + lo;
        __m512 w0 = _mm512_maskz_loadu_ps(k0, w), w1 = _mm512_maskz_loadu_ps(k1, w + 16);
        aL = _mm512_permutex2var_ps(w0, rr, w1);
        bL = _mm512_permutex2var_ps(w0, rr1, w1);
        if (stereo) {
            w = sR + base + lo;
            w0 = _mm512_maskz_loadu_ps(k0, w);
            w1 = _mm512_maskz_loadu_ps(k1, w + 16);
            aR = _mm512_permutex2var_ps(w0, rr, w1);
            bR = _mm512_permutex2var_ps(w0, rr1, w1);
        }
    } else {
        const __m512i idx = _mm512_add_epi32(r, _mm512_set1_epi32((int32_t)base));
        const __m512 z = _mm512_setzero_ps();
        aL = _mm512_mask_i32gather_ps(z, k, idx, sL, 4);
        bL = _mm512_mask_i32gather_ps(z, k, idx, sL + 1, 4);
        if (stereo) {
            aR = _mm512_mask_i32gather_ps(z, k, idx, sR, 4);
            bR = _mm512_mask_i32gather_ps(z, k, idx, sR + 1, 4);
        }
    }
    *xL = _mm512_add_ps(aL, _mm512_mul_ps(fr, _mm512_sub_ps(bL, aL)));
    *xR = stereo ? _mm512_add_ps(aR, _mm512_mul_ps(fr, _mm512_sub_ps(bR, aR))) : *xL;
}

AVX512_FN void avx512_mix(const VoiceSeg *sg, int flags)
{
    const bool stereo = flags & VOICE_K_STEREO, interp = flags & VOICE_K_INTERP,
               ramp = flags & VOICE_K_RAMP;
    float *oL = sg->out[0], *oR = sg->out[1];
    const __m512i iota = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    const __m512 gL = _mm512_set1_ps(sg->g[0]), gR = _mm512_set1_ps(sg->g[1]);
    const __m512 sLv = _mm512_set1_ps(sg->s[0]), sRv = _mm512_set1_ps(sg->s[1]);
    const int32_t inc = sg->inc;
    const __m512i incv = _mm512_mullo_epi32(iota, _mm512_set1_epi32(inc));
    const int64_t i0 = sg->pos >> VOICE_FRAC_BITS;
    const int32_t n = sg->n;
    for (int32_t j = 0; j < n; j += 16) {
        const int32_t m = n - j < 16 ? n - j : 16;
        const __mmask16 k = (__mmask16)(m == 16 ? 0xFFFFu : (1u << m) - 1u);
        __m512 eL = gL, eR = gR;
        if (ramp) {
            __m512 kf = _mm512_cvtepi32_ps(_mm512_add_epi32(_mm512_set1_epi32(sg->k0 + j), iota));
            eL = _mm512_add_ps(gL, _mm512_mul_ps(kf, sLv));
            eR = _mm512_add_ps(gR, _mm512_mul_ps(kf, sRv));
        }
        __m512 xL, xR;
        if (!interp) {
            xL = _mm512_maskz_loadu_ps(k, sg->src[0] + i0 + j);
            xR = stereo ? _mm512_maskz_loadu_ps(k, sg->src[1] + i0 + j) : xL;
        } else {
            avx512_interp(sg->src[0], sg->src[1], sg->pos + (int64_t)j * inc, inc, incv, m, k, stereo, &xL, &xR);
        }
        __m512 l = _mm512_maskz_loadu_ps(k, oL + j), rg = _mm512_maskz_loadu_ps(k, oR + j);
        _mm512_mask_storeu_ps(oL + j, k, _mm512_add_ps(l, _mm512_mul_ps(xL, eL)));
        _mm512_mask_storeu_ps(oR + j, k, _mm512_add_ps(rg, _mm512_mul_ps(xR, eR)));
    }
}

AVX512_FN void avx512_batch(const VoiceBatch *b, bool stereo, int mode)
{
    const bool interp = mode == 1, rev = mode == 2;
    const __m512i revix = _mm512_setr_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    float *oL = b->out[0], *oR = b->out[1];
    const int32_t n = b->n;
    const __m512i iota = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    __m512i incv[VOICE_BATCH_MAX];
    if (interp)
        for (int v = 0; v < b->count; v++) incv[v] = _mm512_mullo_epi32(iota, _mm512_set1_epi32(b->inc[v]));
    for (int32_t j = 0; j < n; j += 16) {
        const int32_t m = n - j < 16 ? n - j : 16;
        const __mmask16 k = (__mmask16)(m == 16 ? 0xFFFFu : (1u << m) - 1u);
        __m512 l = _mm512_maskz_loadu_ps(k, oL + j), r = _mm512_maskz_loadu_ps(k, oR + j);
        for (int v = 0; v < b->count; v++) {
            __m512 xL, xR;
            if (interp) {
                avx512_interp(b->src[0][v], b->src[1][v], b->pos[v] + (int64_t)j * b->inc[v], b->inc[v], incv[v], m,
                              k, stereo, &xL, &xR);
            } else if (rev) { /* lanes 15-l of src - j - 15 hold src[-j-l] */
                const __mmask16 kr = (__mmask16)(k << (16 - m));
                xL = _mm512_permutexvar_ps(revix, _mm512_maskz_loadu_ps(kr, b->src[0][v] - j - 15));
                xR = stereo ? _mm512_permutexvar_ps(revix, _mm512_maskz_loadu_ps(kr, b->src[1][v] - j - 15)) : xL;
            } else {
                xL = _mm512_maskz_loadu_ps(k, b->src[0][v] + j);
                xR = stereo ? _mm512_maskz_loadu_ps(k, b->src[1][v] + j) : xL;
            }
            l = _mm512_add_ps(l, _mm512_mul_ps(xL, _mm512_set1_ps(b->g[0][v])));
            r = _mm512_add_ps(r, _mm512_mul_ps(xR, _mm512_set1_ps(b->g[1][v])));
        }
        _mm512_mask_storeu_ps(oL + j, k, l);
        _mm512_mask_storeu_ps(oR + j, k, r);
    }
}

#define AVX512_BATCH(NAME, ST, MODE) \
    AVX512_ATTR static void NAME(const VoiceBatch *b) { avx512_batch(b, ST, MODE); }
AVX512_BATCH(avx512_batch_m0, false, 0)
AVX512_BATCH(avx512_batch_s0, true, 0)
AVX512_BATCH(avx512_batch_m1, false, 1)
AVX512_BATCH(avx512_batch_s1, true, 1)
AVX512_BATCH(avx512_batch_m2, false, 2)
AVX512_BATCH(avx512_batch_s2, true, 2)

AVX512_ATTR static void avx512_add(float *restrict dst, const float *restrict src, int n)
{
    for (int i = 0; i < n; i += 16) {
        const int m = n - i < 16 ? n - i : 16;
        const __mmask16 k = (__mmask16)(m == 16 ? 0xFFFFu : (1u << m) - 1u);
        __m512 d = _mm512_maskz_loadu_ps(k, dst + i);
        _mm512_mask_storeu_ps(dst + i, k, _mm512_add_ps(d, _mm512_maskz_loadu_ps(k, src + i)));
    }
}

#define AVX512_VARIANT(F) \
    AVX512_ATTR static void avx512_mix_##F(const VoiceSeg *sg) { avx512_mix(sg, F); }
AVX512_VARIANT(0)
AVX512_VARIANT(1)
AVX512_VARIANT(2)
AVX512_VARIANT(3)
AVX512_VARIANT(4)
AVX512_VARIANT(5)
AVX512_VARIANT(6)
AVX512_VARIANT(7)

bool voice_kernels_avx512(VoiceKernels *k)
{
    static const VoiceMixFn fns[8] = {
        avx512_mix_0, avx512_mix_1, avx512_mix_2, avx512_mix_3,
        avx512_mix_4, avx512_mix_5, avx512_mix_6, avx512_mix_7,
    };
    static const VoiceBatchFn batch[6] = {
        avx512_batch_m0, avx512_batch_s0, avx512_batch_m1, avx512_batch_s1, avx512_batch_m2, avx512_batch_s2,
    };
    voice_kernels_fill(k, fns, batch, "avx512");
    k->add = avx512_add;
    return true;
}

#else

bool voice_kernels_avx512(VoiceKernels *k)
{
    (void)k;
    return false;
}

#endif
