/* voice_stage_filter.c - the linear per-event stages of filter buses
 * (vowel, high-pass, band-pass, low-pass), lane-parallel.
 *
 * A lane is one channel of one bus. Lanes with the same set of stages form
 * a group; a group is filtered in tiles of W frames x W lanes: the W lane
 * buffers are loaded as rows, transposed so that one vector holds one frame
 * of every lane, run through the stages frame by frame (W independent
 * recursions per instruction), transposed back and stored in place. W = 16
 * (AVX-512), 8 (AVX2) or 1 (scalar, no transposes). Every lane computes the
 * same float operations in the same order on every path (no FMA), so the
 * output is bit-identical whichever path and whichever lane a bus lands in.
 *
 * Each stage is the TPT state-variable filter of dsp_svf.c in its
 * state-space form (short dependency chain):
 *   v3 = x - s2; v1 = a1 s1 + a2 v3; v2 = s2 + a2 s1 + a3 v3
 *   s1' = c11 s1 + (c12 s2 + c21 x); s2' = c22 s2 + (c21 s1 + b2 x)
 *   low-pass v2; high-pass (x - k v1) - v2; band-pass (k v1) * gain
 * and the vowel is five parallel band-passes at the formants, summed with
 * their amplitudes (counter-tenor formant table, as SuperDirt's Vowel). */
#include <math.h>
#include <string.h>

#include "dsp/dsp.h"
#include "voice/voice_internal.h"

#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

/* coefficient rows of VoiceLaneGroup.c[stage] */
enum { C_A1, C_A2, C_A3, C_K, C_C11, C_C12, C_C21, C_C22, C_B2, C_GAIN };
enum { ST_HP = 0, ST_BP = 1, ST_LP = 2, ST_VW = 3 };
#define NST (3 + VOICE_FORMANTS)

/* One SVF's coefficients and state as vectors (or scalars) of type V. */
#define SVF_DECL(V) \
    struct {        \
        V a1, a2, a3, k, c11, c12, c21, c22, b2, gain, s1, s2; \
    }

/* The per-frame step of one SVF f on x: v1 (band) and v2 (low) out. */
#define SVF_STEP(V, f, x, v1, v2)                                    \
    do {                                                             \
        V v3_ = (x) - (f).s2;                                        \
        v1 = (f).a1 * (f).s1 + (f).a2 * v3_;                         \
        v2 = (f).s2 + (f).a2 * (f).s1 + (f).a3 * v3_;                \
        V n1_ = (f).c11 * (f).s1 + ((f).c12 * (f).s2 + (f).c21 * (x)); \
        V n2_ = (f).c22 * (f).s2 + ((f).c21 * (f).s1 + (f).b2 * (x));  \
        (f).s1 = n1_;                                                \
        (f).s2 = n2_;                                                \
    } while (0)

/* All stages of a group for one frame, x in and out; STG is a constant in
 * each instantiation, so the tests fold away. */
#define STAGES_STEP(V, STG, x, hp, bp, lp, vw)                                    \
    do {                                                                          \
        V v1s_, v2s_;                                                             \
        if ((STG) & VOICE_STG_VOWEL) {                                            \
            V acc_ = (V){ 0 };                                                    \
            for (int f_ = 0; f_ < VOICE_FORMANTS; f_++) {                         \
                SVF_STEP(V, vw[f_], x, v1s_, v2s_);                               \
                acc_ = acc_ + (vw[f_].k * v1s_) * vw[f_].gain;                    \
            }                                                                     \
            (void)v2s_;                                                           \
            x = acc_;                                                             \
        }                                                                         \
        if ((STG) & VOICE_STG_HPF) {                                              \
            SVF_STEP(V, hp, x, v1s_, v2s_);                                       \
            x = ((x) - hp.k * v1s_) - v2s_;                                       \
        }                                                                         \
        if ((STG) & VOICE_STG_BPF) {                                              \
            SVF_STEP(V, bp, x, v1s_, v2s_);                                       \
            x = (bp.k * v1s_) * bp.gain;                                          \
        }                                                                         \
        if ((STG) & VOICE_STG_LPF) {                                              \
            SVF_STEP(V, lp, x, v1s_, v2s_);                                       \
            (void)v1s_;                                                           \
            x = v2s_;                                                             \
        }                                                                         \
    } while (0)

/* Loads stage s of lane range [l0, l0 + W) into f (V = W floats). */
#define SVF_LOAD(V, f, g, si_, l0)                                                   \
    do {                                                                           \
        V *const dst_[12] = { &(f).a1, &(f).a2, &(f).a3, &(f).k, &(f).c11, &(f).c12, \
                              &(f).c21, &(f).c22, &(f).b2, &(f).gain, &(f).s1, &(f).s2 }; \
        for (int c_ = 0; c_ < 10; c_++) memcpy(dst_[c_], &(g)->c[si_][c_][l0], sizeof(V)); \
        memcpy(dst_[10], &(g)->s[si_][0][l0], sizeof(V));                          \
        memcpy(dst_[11], &(g)->s[si_][1][l0], sizeof(V));                          \
    } while (0)

#define SVF_SAVE(V, f, g, si_, l0)                            \
    do {                                                      \
        memcpy(&(g)->s[si_][0][l0], &(f).s1, sizeof(V));      \
        memcpy(&(g)->s[si_][1][l0], &(f).s2, sizeof(V));      \
    } while (0)

/* ---- scalar: one lane at a time ------------------------------------------------------- */

typedef SVF_DECL(float) SvfS;

static inline float flush_s(float s) { return fabsf(s) < VOICE_BUS_FLUSH ? 0.0f : s; }

static inline __attribute__((always_inline)) void scalar_run(VoiceLaneGroup *g, const int STG)
{
    for (int l = 0; l < g->nlanes; l++) {
        SvfS hp, bp, lp, vw[VOICE_FORMANTS];
        if (STG & VOICE_STG_HPF) SVF_LOAD(float, hp, g, ST_HP, l);
        if (STG & VOICE_STG_BPF) SVF_LOAD(float, bp, g, ST_BP, l);
        if (STG & VOICE_STG_LPF) SVF_LOAD(float, lp, g, ST_LP, l);
        if (STG & VOICE_STG_VOWEL)
            for (int f = 0; f < VOICE_FORMANTS; f++) SVF_LOAD(float, vw[f], g, ST_VW + f, l);
        float *b = g->buf[l];
        for (int i = 0; i < g->n; i++) {
            float x = b[i];
            STAGES_STEP(float, STG, x, hp, bp, lp, vw);
            b[i] = x;
            if (((g->abs0 + i + 1) & 15) == 0) {
#define FLUSH_ONE(f) ((f).s1 = flush_s((f).s1), (f).s2 = flush_s((f).s2))
                if (STG & VOICE_STG_HPF) FLUSH_ONE(hp);
                if (STG & VOICE_STG_BPF) FLUSH_ONE(bp);
                if (STG & VOICE_STG_LPF) FLUSH_ONE(lp);
                if (STG & VOICE_STG_VOWEL)
                    for (int f = 0; f < VOICE_FORMANTS; f++) FLUSH_ONE(vw[f]);
#undef FLUSH_ONE
            }
        }
        if (STG & VOICE_STG_HPF) SVF_SAVE(float, hp, g, ST_HP, l);
        if (STG & VOICE_STG_BPF) SVF_SAVE(float, bp, g, ST_BP, l);
        if (STG & VOICE_STG_LPF) SVF_SAVE(float, lp, g, ST_LP, l);
        if (STG & VOICE_STG_VOWEL)
            for (int f = 0; f < VOICE_FORMANTS; f++) SVF_SAVE(float, vw[f], g, ST_VW + f, l);
    }
}

#define DISPATCH(run, g)                   \
    switch ((g)->stages) {                 \
    case 1: run(g, 1); break;              \
    case 2: run(g, 2); break;              \
    case 3: run(g, 3); break;              \
    case 4: run(g, 4); break;              \
    case 5: run(g, 5); break;              \
    case 6: run(g, 6); break;              \
    case 7: run(g, 7); break;              \
    case 8: run(g, 8); break;              \
    case 9: run(g, 9); break;              \
    case 10: run(g, 10); break;            \
    case 11: run(g, 11); break;            \
    case 12: run(g, 12); break;            \
    case 13: run(g, 13); break;            \
    case 14: run(g, 14); break;            \
    case 15: run(g, 15); break;            \
    default: break;                        \
    }

static void filter_scalar(VoiceLaneGroup *g, int count)
{
    for (int i = 0; i < count; i++) DISPATCH(scalar_run, &g[i]);
}

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

#define FLUSH_ALL(V, VI, STG, hp, bp, lp, vw)                                         \
    do {                                                                             \
        if ((STG) & VOICE_STG_HPF) FLUSH_VEC(V, VI, hp, 0);                          \
        if ((STG) & VOICE_STG_BPF) FLUSH_VEC(V, VI, bp, 0);                          \
        if ((STG) & VOICE_STG_LPF) FLUSH_VEC(V, VI, lp, 0);                          \
        if ((STG) & VOICE_STG_VOWEL)                                                 \
            for (int f_ = 0; f_ < VOICE_FORMANTS; f_++) FLUSH_VEC(V, VI, vw[f_], 0); \
    } while (0)

#define LOAD_ALL(V, STG, g, hp, bp, lp, vw)                                                 \
    do {                                                                                    \
        if ((STG) & VOICE_STG_HPF) SVF_LOAD(V, hp, g, ST_HP, 0);                            \
        if ((STG) & VOICE_STG_BPF) SVF_LOAD(V, bp, g, ST_BP, 0);                            \
        if ((STG) & VOICE_STG_LPF) SVF_LOAD(V, lp, g, ST_LP, 0);                            \
        if ((STG) & VOICE_STG_VOWEL)                                                        \
            for (int f_ = 0; f_ < VOICE_FORMANTS; f_++) SVF_LOAD(V, vw[f_], g, ST_VW + f_, 0); \
    } while (0)

#define SAVE_ALL(V, STG, g, hp, bp, lp, vw)                                                 \
    do {                                                                                    \
        if ((STG) & VOICE_STG_HPF) SVF_SAVE(V, hp, g, ST_HP, 0);                            \
        if ((STG) & VOICE_STG_BPF) SVF_SAVE(V, bp, g, ST_BP, 0);                            \
        if ((STG) & VOICE_STG_LPF) SVF_SAVE(V, lp, g, ST_LP, 0);                            \
        if ((STG) & VOICE_STG_VOWEL)                                                        \
            for (int f_ = 0; f_ < VOICE_FORMANTS; f_++) SVF_SAVE(V, vw[f_], g, ST_VW + f_, 0); \
    } while (0)

/* ---- AVX2: 8 lanes ------------------------------------------------------------------ */

typedef float VoiceV8 __attribute__((vector_size(32)));
typedef int32_t VoiceI8 __attribute__((vector_size(32)));
typedef SVF_DECL(VoiceV8) SvfV8;
#define AVX2_FN __attribute__((target("avx2"))) static inline __attribute__((always_inline))

AVX2_FN void tr8(__m256 *r)
{
    __m256 t[8], u[8];
    for (int i = 0; i < 8; i += 2) {
        t[i] = _mm256_unpacklo_ps(r[i], r[i + 1]);
        t[i + 1] = _mm256_unpackhi_ps(r[i], r[i + 1]);
    }
    for (int i = 0; i < 8; i += 4) {
        u[i] = _mm256_shuffle_ps(t[i], t[i + 2], 0x44);
        u[i + 1] = _mm256_shuffle_ps(t[i], t[i + 2], 0xEE);
        u[i + 2] = _mm256_shuffle_ps(t[i + 1], t[i + 3], 0x44);
        u[i + 3] = _mm256_shuffle_ps(t[i + 1], t[i + 3], 0xEE);
    }
    for (int i = 0; i < 4; i++) {
        r[i] = _mm256_permute2f128_ps(u[i], u[i + 4], 0x20);
        r[i + 4] = _mm256_permute2f128_ps(u[i], u[i + 4], 0x31);
    }
}

AVX2_FN void avx2_run(VoiceLaneGroup *g, const int STG)
{
    SvfV8 hp, bp, lp, vw[VOICE_FORMANTS];
    LOAD_ALL(VoiceV8, STG, g, hp, bp, lp, vw);
    const int nl = g->nlanes;
    for (int t0 = 0; t0 < g->n;) {
        /* tiles end on the pool's 8-frame grid, so the flush falls after a tile */
        int t1 = t0 + 8 - ((g->abs0 + t0) & 7);
        if (t1 > g->n) t1 = g->n;
        const int m = t1 - t0;
        __m256 r[8];
        UNROLL for (int l = 0; l < 8; l++) {
            if (l < nl && m == 8) {
                r[l] = _mm256_loadu_ps(g->buf[l] + t0);
            } else {
                float tmp[8] = { 0 };
                if (l < nl) memcpy(tmp, g->buf[l] + t0, sizeof(float) * (size_t)m);
                r[l] = _mm256_loadu_ps(tmp);
            }
        }
        tr8(r);
        if (m == 8) {
            UNROLL for (int i = 0; i < 8; i++) {
                VoiceV8 x = (VoiceV8)r[i];
                STAGES_STEP(VoiceV8, STG, x, hp, bp, lp, vw);
                r[i] = (__m256)x;
            }
        } else {
            for (int i = 0; i < m; i++) {
                VoiceV8 x = (VoiceV8)r[i];
                STAGES_STEP(VoiceV8, STG, x, hp, bp, lp, vw);
                r[i] = (__m256)x;
            }
        }
        if (((g->abs0 + t1) & 15) == 0) FLUSH_ALL(VoiceV8, VoiceI8, STG, hp, bp, lp, vw);
        tr8(r);
        for (int l = 0; l < nl; l++) {
            if (m == 8) {
                _mm256_storeu_ps(g->buf[l] + t0, r[l]);
            } else {
                float tmp[8];
                _mm256_storeu_ps(tmp, r[l]);
                memcpy(g->buf[l] + t0, tmp, sizeof(float) * (size_t)m);
            }
        }
        t0 = t1;
    }
    SAVE_ALL(VoiceV8, STG, g, hp, bp, lp, vw);
}

__attribute__((target("avx2"))) static void filter_avx2(VoiceLaneGroup *g, int count)
{
    for (int i = 0; i < count; i++) DISPATCH(avx2_run, &g[i]);
}

/* ---- AVX-512: 16 lanes ---------------------------------------------------------------- */

typedef float VoiceV16 __attribute__((vector_size(64)));
typedef int32_t VoiceI16 __attribute__((vector_size(64)));
typedef SVF_DECL(VoiceV16) SvfV16;
#define AVX512_FN __attribute__((target("avx512f"))) static inline __attribute__((always_inline))

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

AVX512_FN void avx512_run(VoiceLaneGroup *g, const int STG)
{
    SvfV16 hp, bp, lp, vw[VOICE_FORMANTS];
    LOAD_ALL(VoiceV16, STG, g, hp, bp, lp, vw);
    const int nl = g->nlanes;
    for (int t0 = 0; t0 < g->n;) {
        /* tiles end on the pool's 16-frame grid, so the flush falls after a tile */
        int t1 = t0 + 16 - ((g->abs0 + t0) & 15);
        if (t1 > g->n) t1 = g->n;
        const int m = t1 - t0;
        const __mmask16 km = (__mmask16)((1u << m) - 1u);
        __m512 r[16];
        UNROLL for (int l = 0; l < 16; l++)
            r[l] = l < nl ? _mm512_maskz_loadu_ps(km, g->buf[l] + t0) : _mm512_setzero_ps();
        tr16(r);
        if (m == 16) {
            UNROLL for (int i = 0; i < 16; i++) {
                VoiceV16 x = (VoiceV16)r[i];
                STAGES_STEP(VoiceV16, STG, x, hp, bp, lp, vw);
                r[i] = (__m512)x;
            }
        } else {
            for (int i = 0; i < m; i++) {
                VoiceV16 x = (VoiceV16)r[i];
                STAGES_STEP(VoiceV16, STG, x, hp, bp, lp, vw);
                r[i] = (__m512)x;
            }
        }
        if (((g->abs0 + t1) & 15) == 0) FLUSH_ALL(VoiceV16, VoiceI16, STG, hp, bp, lp, vw);
        tr16(r);
        for (int l = 0; l < nl; l++) _mm512_mask_storeu_ps(g->buf[l] + t0, km, r[l]);
        t0 = t1;
    }
    SAVE_ALL(VoiceV16, STG, g, hp, bp, lp, vw);
}

__attribute__((target("avx512f"))) static void filter_avx512(VoiceLaneGroup *g, int count)
{
    for (int i = 0; i < count; i++) DISPATCH(avx512_run, &g[i]);
}

#endif

void voice_kernels_filter(VoiceKernels *k, int level)
{
    k->filter = filter_scalar;
    k->lanes = 1;
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    if (level >= 2) {
        k->filter = filter_avx512;
        k->lanes = 16;
    } else if (level == 1) {
        k->filter = filter_avx2;
        k->lanes = 8;
    }
#else
    (void)level;
#endif
}
