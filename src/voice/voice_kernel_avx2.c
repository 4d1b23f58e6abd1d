/* voice_kernel_avx2.c - AVX2 mixing kernels (8 frames per step).
 *
 * Compiled for the baseline ISA; only these functions carry
 * target("avx2") (no "fma": the maths must match the scalar reference
 * bit for bit, see voice_kernel.h). Interpolated voices with |inc| <= ~2
 * fetch their 8 frame pairs from a 16-float window with two permutes and a
 * blend; faster voices use gathers. Tails run the scalar formula. */
#include "voice/voice_kernel.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

#define AVX2_FN __attribute__((target("avx2"))) static inline __attribute__((always_inline))

/* The scalar formula for frames j0..n-1 (same operations as the reference). */
AVX2_FN void avx2_tail(const VoiceSeg *sg, int flags, int32_t j0)
{
    const bool stereo = flags & VOICE_K_STEREO, interp = flags & VOICE_K_INTERP,
               ramp = flags & VOICE_K_RAMP;
    const float scale = 1.0f / (float)VOICE_FRAC_ONE;
    const int64_t i0 = sg->pos >> VOICE_FRAC_BITS;
    for (int32_t j = j0; j < sg->n; j++) {
        float eL = sg->g[0], eR = sg->g[1];
        if (ramp) {
            float kf = (float)(sg->k0 + j);
            eL = sg->g[0] + kf * sg->s[0];
            eR = sg->g[1] + kf * sg->s[1];
        }
        float xL, xR;
        if (!interp) {
            xL = sg->src[0][i0 + j];
            xR = stereo ? sg->src[1][i0 + j] : xL;
        } else {
            int64_t p = sg->pos + (int64_t)j * sg->inc;
            int64_t i = p >> VOICE_FRAC_BITS;
            float fr = (float)(int32_t)(p & VOICE_FRAC_MASK) * scale;
            float a = sg->src[0][i], b = sg->src[0][i + 1];
            xL = a + fr * (b - a);
            if (stereo) {
                a = sg->src[1][i];
                b = sg->src[1][i + 1];
                xR = a + fr * (b - a);
            } else {
                xR = xL;
            }
        }
        sg->out[0][j] = sg->out[0][j] + xL * eL;
        sg->out[1][j] = sg->out[1][j] + xR * eR;
    }
}

/* Fetch src[base + r] for 8 lanes from the window src[base+lo .. base+lo+15],
 * reading only its first `len` floats. rr = r - lo (0..15). */
AVX2_FN __m256 avx2_window_fetch(const float *w, __m256i rr, __m256i m0, __m256i m1)
{
    __m256 w0 = _mm256_maskload_ps(w, m0);
    __m256 w1 = _mm256_maskload_ps(w + 8, m1);
    __m256 a = _mm256_permutevar8x32_ps(w0, rr);
    __m256 b = _mm256_permutevar8x32_ps(w1, rr);
    __m256 hi = _mm256_castsi256_ps(_mm256_cmpgt_epi32(rr, _mm256_set1_epi32(7)));
    return _mm256_blendv_ps(a, b, hi);
}

/* Interpolated source frames for 8 lanes starting at fixed-point position
 * pj; incv = lane * inc. */
AVX2_FN void avx2_interp(const float *sL, const float *sR, int64_t pj, int32_t inc, __m256i incv, bool stereo,
                         __m256 *xL, __m256 *xR)
{
    const __m256i iota = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const int64_t base = pj >> VOICE_FRAC_BITS;
    const int32_t f = (int32_t)(pj & VOICE_FRAC_MASK);
    const __m256i q = _mm256_add_epi32(_mm256_set1_epi32(f), incv);
    const __m256i r = _mm256_srai_epi32(q, VOICE_FRAC_BITS);
    const __m256 fr = _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_and_si256(q, _mm256_set1_epi32((int32_t)VOICE_FRAC_MASK))),
                                    _mm256_set1_ps(1.0f / (float)VOICE_FRAC_ONE));
    const int32_t rl = (f + 7 * inc) >> VOICE_FRAC_BITS; /* r of the last lane */
    const int32_t lo = inc >= 0 ? 0 : rl, hi = inc >= 0 ? rl : 0;
    const int32_t len = hi - lo + 2;                      /* floats needed: r and r+1 */
    __m256 aL, bL, aR = _mm256_setzero_ps(), bR = _mm256_setzero_ps();
    if (len <= 16) {
        const __m256i rr = _mm256_sub_epi32(r, _mm256_set1_epi32(lo));
        const __m256i rr1 = _mm256_add_epi32(rr, _mm256_set1_epi32(1));
        const __m256i lenv = _mm256_set1_epi32(len);
        const __m256i m0 = _mm256_cmpgt_epi32(lenv, iota);
        const __m256i m1 = _mm256_cmpgt_epi32(lenv, _mm256_add_epi32(iota, _mm256_set1_epi32(8)));
        const float *wL = sL + base + lo;
        aL = avx2_window_fetch(wL, rr, m0, m1);
        bL = avx2_window_fetch(wL, rr1, m0, m1);
        if (stereo) {
            const float *wR = sR + base + lo;
            aR = avx2_window_fetch(wR, rr, m0, m1);
            bR = avx2_window_fetch(wR, rr1, m0, m1);
        }
    } else {
        const __m256i idx = _mm256_add_epi32(r, _mm256_set1_epi32((int32_t)base));
        aL = _mm256_i32gather_ps(sL, idx, 4);
        bL = _mm256_i32gather_ps(sL + 1, idx, 4);
        if (stereo) {
            aR = _mm256_i32gather_ps(sR, idx, 4);
            bR = _mm256_i32gather_ps(sR + 1, idx, 4);
        }
    }
    *xL = _mm256_add_ps(aL, _mm256_mul_ps(fr, _mm256_sub_ps(bL, aL)));
    *xR = stereo ? _mm256_add_ps(aR, _mm256_mul_ps(fr, _mm256_sub_ps(bR, aR))) : *xL;
}

AVX2_FN void avx2_mix(const VoiceSeg *sg, int flags)
{
    const bool stereo = flags & VOICE_K_STEREO, interp = flags & VOICE_K_INTERP,
               ramp = flags & VOICE_K_RAMP;
    float *oL = sg->out[0], *oR = sg->out[1];
    const __m256i iota = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const __m256 gL = _mm256_set1_ps(sg->g[0]), gR = _mm256_set1_ps(sg->g[1]);
    const __m256 sLv = _mm256_set1_ps(sg->s[0]), sRv = _mm256_set1_ps(sg->s[1]);
    const int32_t n8 = sg->n & ~7;
    const int32_t inc = sg->inc;
    const __m256i incv = _mm256_mullo_epi32(iota, _mm256_set1_epi32(inc));
    const int64_t i0 = sg->pos >> VOICE_FRAC_BITS;
    for (int32_t j = 0; j < n8; j += 8) {
        __m256 eL = gL, eR = gR;
        if (ramp) {
            __m256 kf = _mm256_cvtepi32_ps(_mm256_add_epi32(_mm256_set1_epi32(sg->k0 + j), iota));
            eL = _mm256_add_ps(gL, _mm256_mul_ps(kf, sLv));
            eR = _mm256_add_ps(gR, _mm256_mul_ps(kf, sRv));
        }
        __m256 xL, xR;
        if (!interp) {
            xL = _mm256_loadu_ps(sg->src[0] + i0 + j);
            xR = stereo ? _mm256_loadu_ps(sg->src[1] + i0 + j) : xL;
        } else {
            avx2_interp(sg->src[0], sg->src[1], sg->pos + (int64_t)j * inc, inc, incv, stereo, &xL, &xR);
        }
        __m256 l = _mm256_loadu_ps(oL + j), rgt = _mm256_loadu_ps(oR + j);
        _mm256_storeu_ps(oL + j, _mm256_add_ps(l, _mm256_mul_ps(xL, eL)));
        _mm256_storeu_ps(oR + j, _mm256_add_ps(rgt, _mm256_mul_ps(xR, eR)));
    }
    if (n8 < sg->n) avx2_tail(sg, flags, n8);
}

AVX2_FN void avx2_batch(const VoiceBatch *b, bool stereo, int mode)
{
    const bool interp = mode == 1, rev = mode == 2;
    const __m256i revix = _mm256_setr_epi32(7, 6, 5, 4, 3, 2, 1, 0);
    float *oL = b->out[0], *oR = b->out[1];
    const int32_t n8 = b->n & ~7;
    const __m256i iota = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    __m256i incv[VOICE_BATCH_MAX];
    if (interp)
        for (int v = 0; v < b->count; v++) incv[v] = _mm256_mullo_epi32(iota, _mm256_set1_epi32(b->inc[v]));
    for (int32_t j = 0; j < n8; j += 8) {
        __m256 l = _mm256_loadu_ps(oL + j), r = _mm256_loadu_ps(oR + j);
        for (int v = 0; v < b->count; v++) {
            __m256 xL, xR;
            if (interp) {
                avx2_interp(b->src[0][v], b->src[1][v], b->pos[v] + (int64_t)j * b->inc[v], b->inc[v], incv[v], stereo,
                            &xL, &xR);
            } else if (rev) {
                xL = _mm256_permutevar8x32_ps(_mm256_loadu_ps(b->src[0][v] - j - 7), revix);
                xR = stereo ? _mm256_permutevar8x32_ps(_mm256_loadu_ps(b->src[1][v] - j - 7), revix) : xL;
            } else {
                xL = _mm256_loadu_ps(b->src[0][v] + j);
                xR = stereo ? _mm256_loadu_ps(b->src[1][v] + j) : xL;
            }
            l = _mm256_add_ps(l, _mm256_mul_ps(xL, _mm256_broadcast_ss(&b->g[0][v])));
            r = _mm256_add_ps(r, _mm256_mul_ps(xR, _mm256_broadcast_ss(&b->g[1][v])));
        }
        _mm256_storeu_ps(oL + j, l);
        _mm256_storeu_ps(oR + j, r);
    }
    voice_batch_frames_scalar(b, stereo, mode, n8, b->n);
}

#define AVX2_BATCH(NAME, ST, MODE) \
    __attribute__((target("avx2"))) static void NAME(const VoiceBatch *b) { avx2_batch(b, ST, MODE); }
AVX2_BATCH(avx2_batch_m0, false, 0)
AVX2_BATCH(avx2_batch_s0, true, 0)
AVX2_BATCH(avx2_batch_m1, false, 1)
AVX2_BATCH(avx2_batch_s1, true, 1)
AVX2_BATCH(avx2_batch_m2, false, 2)
AVX2_BATCH(avx2_batch_s2, true, 2)

__attribute__((target("avx2"))) static void avx2_add(float *restrict dst, const float *restrict src, int n)
{
    int i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(dst + i, _mm256_add_ps(_mm256_loadu_ps(dst + i), _mm256_loadu_ps(src + i)));
    for (; i < n; i++) dst[i] = dst[i] + src[i];
}

#define AVX2_VARIANT(F) \
    __attribute__((target("avx2"))) static void avx2_mix_##F(const VoiceSeg *sg) { avx2_mix(sg, F); }
AVX2_VARIANT(0)
AVX2_VARIANT(1)
AVX2_VARIANT(2)
AVX2_VARIANT(3)
AVX2_VARIANT(4)
AVX2_VARIANT(5)
AVX2_VARIANT(6)
AVX2_VARIANT(7)

bool voice_kernels_avx2(VoiceKernels *k)
{
    static const VoiceMixFn fns[8] = {
        avx2_mix_0, avx2_mix_1, avx2_mix_2, avx2_mix_3,
        avx2_mix_4, avx2_mix_5, avx2_mix_6, avx2_mix_7,
    };
    static const VoiceBatchFn batch[6] = {
        avx2_batch_m0, avx2_batch_s0, avx2_batch_m1, avx2_batch_s1, avx2_batch_m2, avx2_batch_s2,
    };
    voice_kernels_fill(k, fns, batch, "avx2");
    k->add = avx2_add;
    return true;
}

#else

bool voice_kernels_avx2(VoiceKernels *k)
{
    (void)k;
    return false;
}

#endif
