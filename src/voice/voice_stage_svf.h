/* voice_stage_svf.h - the state-variable filter steps of the filter lanes
 * (scalar and vector), and the AVX-512 lane helpers shared by the generic
 * stage kernels (voice_stage_filter.c) and the fused low-pass kernels
 * (voice_stage_lowpass.c). Internal to src/voice; see voice_stage_filter.c
 * for the maths. */
#ifndef PHONON_VOICE_STAGE_SVF_H
#define PHONON_VOICE_STAGE_SVF_H

#include <string.h>

#include "voice/voice_internal.h"

enum { ST_HP = 0, ST_BP = 1, ST_LP = 2, ST_VW = 3 };

/* One SVF's coefficients and state as vectors (or scalars) of type V. */
#define SVF_DECL(V) \
    struct {        \
        V a1, a2, a3, o1, c11, c21, b2, s1, s2; \
    }

/* The per-frame step of one SVF f on x: v1 (band) and v2 (low) out; F is
 * the fused multiply-add of V, F(a, b, c) = a b + c rounded once. */
#define SVF_STEP(V, F, f, x, v1, v2)                         \
    do {                                                     \
        V t_ = (x) - (f).s2;                                 \
        v1 = F((f).a2, t_, (f).a1 * (f).s1);                 \
        v2 = F((f).a3, t_, F((f).a2, (f).s1, (f).s2));       \
        V n1_ = F((f).c21, t_, (f).c11 * (f).s1);            \
        V n2_ = F((f).b2, t_, F((f).c21, (f).s1, (f).s2));   \
        (f).s1 = n1_;                                        \
        (f).s2 = n2_;                                        \
    } while (0)

/* The low-pass step: x becomes 2 v2 (see voice_stage_filter.c). Its first
 * state is kept scaled, s1 = u c21 (u' = c11 u + t), which saves the
 * multiply c21 t: the row VOICE_C_C21 of a low-pass holds k2 = c21^2, the
 * weight of u in s2' = s2 + k2 u + b2 t. */
#define SVF_LP_STEP(V, F, f, x)                              \
    do {                                                     \
        V t_ = (x) - (f).s2;                                 \
        V n1_ = F((f).c11, (f).s1, t_);                      \
        V n2_ = F((f).b2, t_, F((f).c21, (f).s1, (f).s2));   \
        x = (f).s2 + n2_;                                    \
        (f).s1 = n1_;                                        \
        (f).s2 = n2_;                                        \
    } while (0)

/* All stages of a group for one frame, x in and out; STG is a constant in
 * each instantiation, so the tests fold away. */
#define STAGES_STEP(V, F, STG, x, hp, bp, lp, vw)                                 \
    do {                                                                          \
        V v1s_, v2s_;                                                             \
        if ((STG) & VOICE_STG_VOWEL) {                                            \
            V acc_ = (V){ 0 };                                                    \
            for (int f_ = 0; f_ < VOICE_FORMANTS; f_++) {                         \
                SVF_STEP(V, F, vw[f_], x, v1s_, v2s_);                            \
                acc_ = F(vw[f_].o1, v1s_, acc_);                                  \
            }                                                                     \
            (void)v2s_;                                                           \
            x = acc_;                                                             \
        }                                                                         \
        if ((STG) & VOICE_STG_HPF) {                                              \
            SVF_STEP(V, F, hp, x, v1s_, v2s_);                                    \
            x = F(hp.o1, v1s_, x) - v2s_;                                         \
        }                                                                         \
        if ((STG) & VOICE_STG_BPF) {                                              \
            SVF_STEP(V, F, bp, x, v1s_, v2s_);                                    \
            (void)v2s_;                                                           \
            x = bp.o1 * v1s_;                                                     \
        }                                                                         \
        if ((STG) & VOICE_STG_LPF) SVF_LP_STEP(V, F, lp, x);                      \
    } while (0)

/* Loads stage si of lane range [l0, l0 + W) into f; LD reads one V from
 * a float pointer (a plain load, so f stays in registers). */
#define SVF_LOAD(LD, f, g, si_, l0)                     \
    do {                                                \
        (f).a1 = LD(&(g)->c[si_][VOICE_C_A1][l0]);      \
        (f).a2 = LD(&(g)->c[si_][VOICE_C_A2][l0]);      \
        (f).a3 = LD(&(g)->c[si_][VOICE_C_A3][l0]);      \
        (f).o1 = LD(&(g)->c[si_][VOICE_C_O1][l0]);      \
        (f).c11 = LD(&(g)->c[si_][VOICE_C_C11][l0]);    \
        (f).c21 = LD(&(g)->c[si_][VOICE_C_C21][l0]);    \
        (f).b2 = LD(&(g)->c[si_][VOICE_C_B2][l0]);      \
        (f).s1 = LD(&(g)->s[si_][0][l0]);               \
        (f).s2 = LD(&(g)->s[si_][1][l0]);               \
    } while (0)

#define SVF_SAVE(V, f, g, si_, l0)                            \
    do {                                                      \
        memcpy(&(g)->s[si_][0][l0], &(f).s1, sizeof(V));      \
        memcpy(&(g)->s[si_][1][l0], &(f).s2, sizeof(V));      \
    } while (0)

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

#if defined(__clang__)
#define UNROLL _Pragma("unroll")
#else
#define UNROLL _Pragma("GCC unroll 16")
#endif

/* The flush on vectors: s = 0 where |s| < VOICE_BUS_FLUSH. */
#define FLUSH_VEC(V, VI, f, idle)                                                            \
    do {                                                                                     \
        VI m1_ = (VI)(((V)((VI)(f).s1 & 0x7fffffff)) < VOICE_BUS_FLUSH);                     \
        VI m2_ = (VI)(((V)((VI)(f).s2 & 0x7fffffff)) < VOICE_BUS_FLUSH);                     \
        (f).s1 = (V)((VI)(f).s1 & ~m1_);                                                     \
        (f).s2 = (V)((VI)(f).s2 & ~m2_);                                                     \
    } while (0)

/* ---- AVX2: 8 lanes ----------------------------------------------------------------------- */

typedef float VoiceV8 __attribute__((vector_size(32)));
typedef int32_t VoiceI8 __attribute__((vector_size(32)));
typedef SVF_DECL(VoiceV8) SvfV8;
#define AVX2_FN __attribute__((target("avx2,fma"))) static inline __attribute__((always_inline))

AVX2_FN VoiceV8 ld8(const float *p)
{
    VoiceV8 v;
    memcpy(&v, p, sizeof v);
    return v;
}

AVX2_FN VoiceV8 fma8(VoiceV8 a, VoiceV8 b, VoiceV8 c)
{
    return (VoiceV8)_mm256_fmadd_ps((__m256)a, (__m256)b, (__m256)c);
}

/* 8x8 transpose in registers (named temporaries, as tr16). */
AVX2_FN void tr8(__m256 *r)
{
    __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]);
    __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]);
    __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]), t5 = _mm256_unpackhi_ps(r[4], r[5]);
    __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]), t7 = _mm256_unpackhi_ps(r[6], r[7]);
    __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
    __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
    __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE);
    __m256 u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
    r[0] = _mm256_permute2f128_ps(u0, u4, 0x20);
    r[4] = _mm256_permute2f128_ps(u0, u4, 0x31);
    r[1] = _mm256_permute2f128_ps(u1, u5, 0x20);
    r[5] = _mm256_permute2f128_ps(u1, u5, 0x31);
    r[2] = _mm256_permute2f128_ps(u2, u6, 0x20);
    r[6] = _mm256_permute2f128_ps(u2, u6, 0x31);
    r[3] = _mm256_permute2f128_ps(u3, u7, 0x20);
    r[7] = _mm256_permute2f128_ps(u3, u7, 0x31);
}

/* ---- AVX-512: 16 lanes ---------------------------------------------------------------- */

typedef float VoiceV16 __attribute__((vector_size(64)));
typedef int32_t VoiceI16 __attribute__((vector_size(64)));
typedef SVF_DECL(VoiceV16) SvfV16;
#define AVX512_FN __attribute__((target("avx512f,fma"))) static inline __attribute__((always_inline))

AVX512_FN VoiceV16 ld16(const float *p)
{
    VoiceV16 v;
    memcpy(&v, p, sizeof v);
    return v;
}

AVX512_FN VoiceV16 fma16(VoiceV16 a, VoiceV16 b, VoiceV16 c)
{
    return (VoiceV16)_mm512_fmadd_ps((__m512)a, (__m512)b, (__m512)c);
}

/* 16x16 transpose in registers (named temporaries: GCC keeps arrays of
 * vectors in memory). */
#define TR_UNPACK(i) \
    __m512 t##i = _mm512_unpacklo_ps(r[i], r[i + 1]), t##i##h = _mm512_unpackhi_ps(r[i], r[i + 1])
#define TR_PD(a, b, lo) \
    _mm512_castpd_ps(lo ? _mm512_unpacklo_pd(_mm512_castps_pd(a), _mm512_castps_pd(b)) \
                        : _mm512_unpackhi_pd(_mm512_castps_pd(a), _mm512_castps_pd(b)))
AVX512_FN void tr16(__m512 *r)
{
    TR_UNPACK(0);
    TR_UNPACK(2);
    TR_UNPACK(4);
    TR_UNPACK(6);
    TR_UNPACK(8);
    TR_UNPACK(10);
    TR_UNPACK(12);
    TR_UNPACK(14);
    /* u[4q + j]: columns j, j+4, j+8, j+12 (one per 128-bit block) of rows 4q..4q+3 */
    __m512 u0 = TR_PD(t0, t2, 1), u1 = TR_PD(t0, t2, 0), u2 = TR_PD(t0h, t2h, 1), u3 = TR_PD(t0h, t2h, 0);
    __m512 u4 = TR_PD(t4, t6, 1), u5 = TR_PD(t4, t6, 0), u6 = TR_PD(t4h, t6h, 1), u7 = TR_PD(t4h, t6h, 0);
    __m512 u8 = TR_PD(t8, t10, 1), u9 = TR_PD(t8, t10, 0), u10 = TR_PD(t8h, t10h, 1), u11 = TR_PD(t8h, t10h, 0);
    __m512 u12 = TR_PD(t12, t14, 1), u13 = TR_PD(t12, t14, 0), u14 = TR_PD(t12h, t14h, 1),
           u15 = TR_PD(t12h, t14h, 0);
#define TR_F4(a, b, k) _mm512_shuffle_f32x4(a, b, k)
    __m512 v0 = TR_F4(u0, u4, 0x88), v4 = TR_F4(u0, u4, 0xdd), v1 = TR_F4(u1, u5, 0x88), v5 = TR_F4(u1, u5, 0xdd);
    __m512 v2 = TR_F4(u2, u6, 0x88), v6 = TR_F4(u2, u6, 0xdd), v3 = TR_F4(u3, u7, 0x88), v7 = TR_F4(u3, u7, 0xdd);
    __m512 v8 = TR_F4(u8, u12, 0x88), v12 = TR_F4(u8, u12, 0xdd), v9 = TR_F4(u9, u13, 0x88),
           v13 = TR_F4(u9, u13, 0xdd);
    __m512 v10 = TR_F4(u10, u14, 0x88), v14 = TR_F4(u10, u14, 0xdd), v11 = TR_F4(u11, u15, 0x88),
           v15 = TR_F4(u11, u15, 0xdd);
    r[0] = TR_F4(v0, v8, 0x88);
    r[8] = TR_F4(v0, v8, 0xdd);
    r[1] = TR_F4(v1, v9, 0x88);
    r[9] = TR_F4(v1, v9, 0xdd);
    r[2] = TR_F4(v2, v10, 0x88);
    r[10] = TR_F4(v2, v10, 0xdd);
    r[3] = TR_F4(v3, v11, 0x88);
    r[11] = TR_F4(v3, v11, 0xdd);
    r[4] = TR_F4(v4, v12, 0x88);
    r[12] = TR_F4(v4, v12, 0xdd);
    r[5] = TR_F4(v5, v13, 0x88);
    r[13] = TR_F4(v5, v13, 0xdd);
    r[6] = TR_F4(v6, v14, 0x88);
    r[14] = TR_F4(v6, v14, 0xdd);
    r[7] = TR_F4(v7, v15, 0x88);
    r[15] = TR_F4(v7, v15, 0xdd);
#undef TR_F4
}
#undef TR_UNPACK
#undef TR_PD

/* The low-pass step's coefficients and state of Q groups, and the state back. */
AVX512_FN void lp_load(VoiceLaneGroup *const *gs, const int Q, VoiceV16 *c11, VoiceV16 *c21, VoiceV16 *b2,
                       VoiceV16 *s1, VoiceV16 *s2)
{
    UNROLL for (int q = 0; q < Q; q++) {
        c11[q] = ld16(&gs[q]->c[ST_LP][VOICE_C_C11][0]);
        c21[q] = ld16(&gs[q]->c[ST_LP][VOICE_C_C21][0]);
        b2[q] = ld16(&gs[q]->c[ST_LP][VOICE_C_B2][0]);
        s1[q] = ld16(&gs[q]->s[ST_LP][0][0]);
        s2[q] = ld16(&gs[q]->s[ST_LP][1][0]);
    }
}

AVX512_FN void lp_save(VoiceLaneGroup *const *gs, const int Q, const VoiceV16 *s1, const VoiceV16 *s2)
{
    UNROLL for (int q = 0; q < Q; q++) {
        memcpy(&gs[q]->s[ST_LP][0][0], &s1[q], sizeof(VoiceV16));
        memcpy(&gs[q]->s[ST_LP][1][0], &s2[q], sizeof(VoiceV16));
    }
}

/* One tile of the low-pass recursion for Q interleaved groups (frame i of
 * group q in r[q][i], transposed), then the flush when the tile ends on the
 * pool's 16-frame grid. */
AVX512_FN void lp_tile_run(__m512 (*r)[16], VoiceV16 *c11, VoiceV16 *c21, VoiceV16 *b2, VoiceV16 *s1,
                           VoiceV16 *s2, const int Q, const int m, const int flush)
{
    for (int i = 0; i < m; i++) {
        UNROLL for (int q = 0; q < Q; q++) {
            struct { VoiceV16 c11, c21, b2, s1, s2; } f = { c11[q], c21[q], b2[q], s1[q], s2[q] };
            VoiceV16 x = (VoiceV16)r[q][i];
            SVF_LP_STEP(VoiceV16, fma16, f, x);
            r[q][i] = (__m512)x;
            s1[q] = f.s1;
            s2[q] = f.s2;
        }
    }
    if (flush) {
        UNROLL for (int q = 0; q < Q; q++) {
            struct { VoiceV16 s1, s2; } f = { s1[q], s2[q] };
            FLUSH_VEC(VoiceV16, VoiceI16, f, 0);
            s1[q] = f.s1;
            s2[q] = f.s2;
        }
    }
}

/* The fused low-pass of VoiceKernels.filter_mix on AVX-512 (voice_stage_lowpass.c)
 * and on 8-lane halves with AVX2 (voice_stage_lowpass_avx2.c). */
void voice_lowpass_mix_avx512(VoiceLaneGroup *const *gs, const VoiceLaneIO *const *io, int count);
void voice_lowpass_mix_avx2(VoiceLaneGroup *const *gs, const VoiceLaneIO *const *io, int count);

#endif

#endif
