/* voice_stage_filter.c - the linear per-event stages of filter buses
 * (vowel, high-pass, band-pass, low-pass), lane-parallel.
 *
 * A lane is one channel of one bus. Up to 16 lanes with the same set of
 * stages form a group (voice_bus_filter.c); a group is filtered in tiles of
 * W frames x W lanes: the W lane buffers are loaded as rows, transposed so
 * that one vector holds one frame of every lane, run through the stages
 * frame by frame (W independent recursions per instruction), transposed
 * back and stored in place. W = 16 (AVX-512), 8 (AVX2: two halves per
 * group) or 1 (scalar, no transposes). The fused low-pass kernel
 * (avx512_lp_mix_q) also reads its inputs and adds its outputs. Every lane computes the
 * same float operations in the same order on every path, so the output is
 * bit-identical whichever path and whichever lane a bus lands in. The steps
 * use fused multiply-adds everywhere: hardware FMA on AVX-512 and AVX2 (the
 * AVX2 filter needs the FMA flag), fmaf() in the scalar path; both round
 * once, so the bits agree.
 *
 * Each stage is the TPT state-variable filter of dsp_svf.c in state-space
 * form, written around t = x - s2 so that each state update is two
 * dependent operations (the recursion, not the arithmetic, bounds the
 * speed: one frame must finish before the next starts):
 *   t = x - s2
 *   v1 = a1 s1 + a2 t;  v2 = s2 + a2 s1 + a3 t
 *   s1' = 2 v1 - s1 = c11 s1 + c21 t;  s2' = 2 v2 - s2 = s2 + c21 s1 + b2 t
 *   high-pass (x - k v1) - v2; band-pass (k gain) v1
 * The low-pass (always the last stage) needs neither v1 nor v2: its output
 * is s2 + s2' = 2 v2, and the factor 1/2 is folded (exactly, a power of two)
 * into the bus's output gains (voice_bus.c). The vowel is five parallel
 * band-passes at the formants, summed with their amplitudes (counter-tenor
 * formant table, as SuperDirt's Vowel). */
#include <math.h>
#include <string.h>

#include "dsp/dsp.h"
#include "voice/voice_internal.h"

#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

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

/* The low-pass step: x becomes 2 v2 (see the top). */
#define SVF_LP_STEP(V, F, f, x)                              \
    do {                                                     \
        V t_ = (x) - (f).s2;                                 \
        V n1_ = F((f).c21, t_, (f).c11 * (f).s1);            \
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

/* ---- scalar: one lane at a time ------------------------------------------------------- */

typedef SVF_DECL(float) SvfS;

static inline float ld1(const float *p) { return *p; }

static inline float flush_s(float s) { return fabsf(s) < VOICE_BUS_FLUSH ? 0.0f : s; }

static inline __attribute__((always_inline)) void scalar_run(VoiceLaneGroup *g, const int STG)
{
    for (int l = 0; l < g->nlanes; l++) {
        SvfS hp, bp, lp, vw[VOICE_FORMANTS];
        if (STG & VOICE_STG_HPF) SVF_LOAD(ld1, hp, g, ST_HP, l);
        if (STG & VOICE_STG_BPF) SVF_LOAD(ld1, bp, g, ST_BP, l);
        if (STG & VOICE_STG_LPF) SVF_LOAD(ld1, lp, g, ST_LP, l);
        if (STG & VOICE_STG_VOWEL)
            for (int f = 0; f < VOICE_FORMANTS; f++) SVF_LOAD(ld1, vw[f], g, ST_VW + f, l);
        float *b = g->buf[l];
        for (int i = 0; i < g->n; i++) {
            float x = b[i];
            STAGES_STEP(float, fmaf, STG, x, hp, bp, lp, vw);
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

#define LOAD_ALL(LD, STG, g, L0, hp, bp, lp, vw)                                                 \
    do {                                                                                    \
        if ((STG) & VOICE_STG_HPF) SVF_LOAD(LD, hp, g, ST_HP, L0);                            \
        if ((STG) & VOICE_STG_BPF) SVF_LOAD(LD, bp, g, ST_BP, L0);                            \
        if ((STG) & VOICE_STG_LPF) SVF_LOAD(LD, lp, g, ST_LP, L0);                            \
        if ((STG) & VOICE_STG_VOWEL)                                                        \
            for (int f_ = 0; f_ < VOICE_FORMANTS; f_++) SVF_LOAD(LD, vw[f_], g, ST_VW + f_, L0); \
    } while (0)

#define SAVE_ALL(V, STG, g, L0, hp, bp, lp, vw)                                                 \
    do {                                                                                    \
        if ((STG) & VOICE_STG_HPF) SVF_SAVE(V, hp, g, ST_HP, L0);                            \
        if ((STG) & VOICE_STG_BPF) SVF_SAVE(V, bp, g, ST_BP, L0);                            \
        if ((STG) & VOICE_STG_LPF) SVF_SAVE(V, lp, g, ST_LP, L0);                            \
        if ((STG) & VOICE_STG_VOWEL)                                                        \
            for (int f_ = 0; f_ < VOICE_FORMANTS; f_++) SVF_SAVE(V, vw[f_], g, ST_VW + f_, L0); \
    } while (0)

/* ---- AVX2: 8 lanes ------------------------------------------------------------------ */

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

/* Lanes [l0, l0 + 8) of g (a group holds up to 16: two halves). */
AVX2_FN void avx2_half(VoiceLaneGroup *g, const int l0, const int STG)
{
    SvfV8 hp, bp, lp, vw[VOICE_FORMANTS];
    LOAD_ALL(ld8, STG, g, l0, hp, bp, lp, vw);
    const int nl = g->nlanes - l0 < 8 ? g->nlanes - l0 : 8;
    float *const *buf = g->buf + l0;
    for (int t0 = 0; t0 < g->n;) {
        /* tiles end on the pool's 8-frame grid, so the flush falls after a tile */
        int t1 = t0 + 8 - ((g->abs0 + t0) & 7);
        if (t1 > g->n) t1 = g->n;
        const int m = t1 - t0;
        __m256 r[8];
        UNROLL for (int l = 0; l < 8; l++) {
            if (l < nl && m == 8) {
                r[l] = _mm256_loadu_ps(buf[l] + t0);
            } else {
                float tmp[8] = { 0 };
                if (l < nl) memcpy(tmp, buf[l] + t0, sizeof(float) * (size_t)m);
                r[l] = _mm256_loadu_ps(tmp);
            }
        }
        tr8(r);
        if (m == 8) {
            UNROLL for (int i = 0; i < 8; i++) {
                VoiceV8 x = (VoiceV8)r[i];
                STAGES_STEP(VoiceV8, fma8, STG, x, hp, bp, lp, vw);
                r[i] = (__m256)x;
            }
        } else {
            for (int i = 0; i < m; i++) {
                VoiceV8 x = (VoiceV8)r[i];
                STAGES_STEP(VoiceV8, fma8, STG, x, hp, bp, lp, vw);
                r[i] = (__m256)x;
            }
        }
        if (((g->abs0 + t1) & 15) == 0) FLUSH_ALL(VoiceV8, VoiceI8, STG, hp, bp, lp, vw);
        tr8(r);
        for (int l = 0; l < nl; l++) {
            if (m == 8) {
                _mm256_storeu_ps(buf[l] + t0, r[l]);
            } else {
                float tmp[8];
                _mm256_storeu_ps(tmp, r[l]);
                memcpy(buf[l] + t0, tmp, sizeof(float) * (size_t)m);
            }
        }
        t0 = t1;
    }
    SAVE_ALL(VoiceV8, STG, g, l0, hp, bp, lp, vw);
}

AVX2_FN void avx2_run(VoiceLaneGroup *g, const int STG)
{
    avx2_half(g, 0, STG);
    if (g->nlanes > 8) avx2_half(g, 8, STG);
}

__attribute__((target("avx2,fma"))) static void filter_avx2(VoiceLaneGroup *g, int count)
{
    for (int i = 0; i < count; i++) DISPATCH(avx2_run, &g[i]);
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

AVX512_FN void avx512_run(VoiceLaneGroup *g, const int STG)
{
    SvfV16 hp, bp, lp, vw[VOICE_FORMANTS];
    LOAD_ALL(ld16, STG, g, 0, hp, bp, lp, vw);
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
                STAGES_STEP(VoiceV16, fma16, STG, x, hp, bp, lp, vw);
                r[i] = (__m512)x;
            }
        } else {
            for (int i = 0; i < m; i++) {
                VoiceV16 x = (VoiceV16)r[i];
                STAGES_STEP(VoiceV16, fma16, STG, x, hp, bp, lp, vw);
                r[i] = (__m512)x;
            }
        }
        if (((g->abs0 + t1) & 15) == 0) FLUSH_ALL(VoiceV16, VoiceI16, STG, hp, bp, lp, vw);
        tr16(r);
        for (int l = 0; l < nl; l++) _mm512_mask_storeu_ps(g->buf[l] + t0, km, r[l]);
        t0 = t1;
    }
    SAVE_ALL(VoiceV16, STG, g, 0, hp, bp, lp, vw);
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

/* The common per-voice low-pass (stages = LPF only), LP_PAIR groups at
 * once: one group's recursion is a chain of dependent operations per frame
 * (latency-bound, the execution units mostly idle), so interleaving
 * independent groups fills them. The same operations per lane as
 * avx512_run (and the scalar and AVX2 paths). */
#define LP_PAIR 2
AVX512_FN void avx512_lp_pair(VoiceLaneGroup *const *gs)
{
    VoiceV16 c11[LP_PAIR], c21[LP_PAIR], b2[LP_PAIR], s1[LP_PAIR], s2[LP_PAIR];
    UNROLL for (int q = 0; q < LP_PAIR; q++) {
        c11[q] = ld16(&gs[q]->c[ST_LP][VOICE_C_C11][0]);
        c21[q] = ld16(&gs[q]->c[ST_LP][VOICE_C_C21][0]);
        b2[q] = ld16(&gs[q]->c[ST_LP][VOICE_C_B2][0]);
        s1[q] = ld16(&gs[q]->s[ST_LP][0][0]);
        s2[q] = ld16(&gs[q]->s[ST_LP][1][0]);
    }
    const VoiceLaneGroup *g = gs[0]; /* every group of a block has the same n and abs0 */
    for (int t0 = 0; t0 < g->n;) {
        int t1 = t0 + 16 - ((g->abs0 + t0) & 15);
        if (t1 > g->n) t1 = g->n;
        const int m = t1 - t0;
        const __mmask16 km = (__mmask16)((1u << m) - 1u);
        __m512 r[LP_PAIR][16];
        UNROLL for (int q = 0; q < LP_PAIR; q++) {
            const int nl = gs[q]->nlanes;
            UNROLL for (int l = 0; l < 16; l++) {
                /* 32 rows are too many streams for the hardware prefetcher: fetch two tiles ahead */
                if (l < nl) _mm_prefetch((const char *)(gs[q]->buf[l] + t0 + 32), _MM_HINT_T0);
                r[q][l] = l >= nl ? _mm512_setzero_ps()
                        : m == 16 ? _mm512_loadu_ps(gs[q]->buf[l] + t0)
                                  : _mm512_maskz_loadu_ps(km, gs[q]->buf[l] + t0);
            }
            tr16(r[q]);
        }
        lp_tile_run(r, c11, c21, b2, s1, s2, LP_PAIR, m, ((g->abs0 + t1) & 15) == 0);
        UNROLL for (int q = 0; q < LP_PAIR; q++) {
            tr16(r[q]);
            if (m == 16) {
                for (int l = 0; l < gs[q]->nlanes; l++) _mm512_storeu_ps(gs[q]->buf[l] + t0, r[q][l]);
            } else {
                for (int l = 0; l < gs[q]->nlanes; l++) _mm512_mask_storeu_ps(gs[q]->buf[l] + t0, km, r[q][l]);
            }
        }
        t0 = t1;
    }
    UNROLL for (int q = 0; q < LP_PAIR; q++) {
        memcpy(&gs[q]->s[ST_LP][0][0], &s1[q], sizeof(VoiceV16));
        memcpy(&gs[q]->s[ST_LP][1][0], &s2[q], sizeof(VoiceV16));
    }
}

/* The fused low-pass (VoiceLaneIO, voice_bus_filter.c): Q groups at once.
 * Steady lanes are read straight from their sample (x * gain + 0, what a
 * voice kernel writes into a zeroed row), the rest from their rows; after
 * the recursion (the same steps as avx512_lp_pair) and the transpose back,
 * every lane is added to its destinations in lane order, out = out + y * g
 * (multiply, then add: the batch kernels' rounding), keeping each
 * destination's 16 frames in a register while consecutive lanes share it. */
#define LP_MIX_MAX 4 /* groups per fused call: four recursions hide the FMA latency */
AVX512_FN void avx512_lp_mix_q(VoiceLaneGroup *const *gs, const VoiceLaneIO *const *io, const int Q)
{
    VoiceV16 c11[LP_MIX_MAX], c21[LP_MIX_MAX], b2[LP_MIX_MAX], s1[LP_MIX_MAX], s2[LP_MIX_MAX];
    UNROLL for (int q = 0; q < Q; q++) {
        c11[q] = ld16(&gs[q]->c[ST_LP][VOICE_C_C11][0]);
        c21[q] = ld16(&gs[q]->c[ST_LP][VOICE_C_C21][0]);
        b2[q] = ld16(&gs[q]->c[ST_LP][VOICE_C_B2][0]);
        s1[q] = ld16(&gs[q]->s[ST_LP][0][0]);
        s2[q] = ld16(&gs[q]->s[ST_LP][1][0]);
    }
    const VoiceLaneGroup *g = gs[0];
    const __m512 zero = _mm512_setzero_ps();
    for (int t0 = 0; t0 < g->n;) {
        int t1 = t0 + 16 - ((g->abs0 + t0) & 15);
        if (t1 > g->n) t1 = g->n;
        const int m = t1 - t0;
        const __mmask16 km = (__mmask16)((1u << m) - 1u);
        __m512 r[LP_MIX_MAX][16];
        UNROLL for (int q = 0; q < Q; q++) {
            const int nl = gs[q]->nlanes;
            const VoiceLaneIO *o = io[q];
            UNROLL for (int l = 0; l < 16; l++) {
                if (l >= nl) {
                    r[q][l] = zero;
                } else if (o->src[l]) {
                    const float *xs = o->src[l] + o->off + t0;
                    __m512 x = m == 16 ? _mm512_loadu_ps(xs) : _mm512_maskz_loadu_ps(km, xs);
                    r[q][l] = _mm512_add_ps(_mm512_mul_ps(x, _mm512_set1_ps(o->sg[l])), zero);
                } else {
                    r[q][l] = m == 16 ? _mm512_loadu_ps(gs[q]->buf[l] + t0) : _mm512_maskz_loadu_ps(km, gs[q]->buf[l] + t0);
                }
            }
            tr16(r[q]);
        }
        lp_tile_run(r, c11, c21, b2, s1, s2, Q, m, ((g->abs0 + t1) & 15) == 0);
        __m512 accL[VOICE_TARGETS], accR[VOICE_TARGETS];
        float *curL[VOICE_TARGETS] = { NULL }, *curR[VOICE_TARGETS] = { NULL };
        UNROLL for (int t = 0; t < VOICE_TARGETS; t++) accL[t] = accR[t] = zero;
        UNROLL for (int q = 0; q < Q; q++) {
            tr16(r[q]);
            const VoiceLaneIO *o = io[q];
            if (o->uniform) { /* the common case: one destination per target, mono lanes */
                const int nl = gs[q]->nlanes;
                UNROLL for (int t = 0; t < VOICE_TARGETS; t++) {
                    if (!o->dst[t][0][0]) continue;
                    float *dL = o->dst[t][0][0] + o->off, *dR = o->dst[t][0][1] + o->off;
                    if (dL != curL[t]) {
                        if (curL[t]) {
                            _mm512_mask_storeu_ps(curL[t] + t0, km, accL[t]);
                            _mm512_mask_storeu_ps(curR[t] + t0, km, accR[t]);
                        }
                        curL[t] = dL;
                        curR[t] = dR;
                        accL[t] = _mm512_maskz_loadu_ps(km, dL + t0);
                        accR[t] = _mm512_maskz_loadu_ps(km, dR + t0);
                    }
                    __m512 aL = accL[t], aR = accR[t];
                    UNROLL for (int l = 0; l < 16; l++) {
                        if (l >= nl) break;
                        aL = _mm512_add_ps(aL, _mm512_mul_ps(r[q][l], _mm512_set1_ps(o->dg[t][l][0])));
                        aR = _mm512_add_ps(aR, _mm512_mul_ps(r[q][l], _mm512_set1_ps(o->dg[t][l][1])));
                    }
                    accL[t] = aL;
                    accR[t] = aR;
                }
                continue;
            }
            for (int l = 0; l < gs[q]->nlanes; l++) {
                UNROLL for (int t = 0; t < VOICE_TARGETS; t++) {
                    if (!o->dst[t][l][0]) continue;
                    float *dL = o->dst[t][l][0] + o->off;
                    if (dL != curL[t]) {
                        if (curL[t]) {
                            _mm512_mask_storeu_ps(curL[t] + t0, km, accL[t]);
                            _mm512_mask_storeu_ps(curR[t] + t0, km, accR[t]);
                        }
                        curL[t] = dL;
                        curR[t] = o->dst[t][l][1] + o->off;
                        accL[t] = _mm512_maskz_loadu_ps(km, curL[t] + t0);
                        accR[t] = _mm512_maskz_loadu_ps(km, curR[t] + t0);
                    }
                    if (o->chmask[l] & 1)
                        accL[t] = _mm512_add_ps(accL[t], _mm512_mul_ps(r[q][l], _mm512_set1_ps(o->dg[t][l][0])));
                    if (o->chmask[l] & 2)
                        accR[t] = _mm512_add_ps(accR[t], _mm512_mul_ps(r[q][l], _mm512_set1_ps(o->dg[t][l][1])));
                }
            }
        }
        UNROLL for (int t = 0; t < VOICE_TARGETS; t++)
            if (curL[t]) {
                _mm512_mask_storeu_ps(curL[t] + t0, km, accL[t]);
                _mm512_mask_storeu_ps(curR[t] + t0, km, accR[t]);
            }
        t0 = t1;
    }
    UNROLL for (int q = 0; q < Q; q++) {
        memcpy(&gs[q]->s[ST_LP][0][0], &s1[q], sizeof(VoiceV16));
        memcpy(&gs[q]->s[ST_LP][1][0], &s2[q], sizeof(VoiceV16));
    }
}

/* The pipelined fused low-pass, for the common case: Q uniform groups
 * (mono lanes, one destination per target) and whole tiles on the pool's
 * 16-frame grid. Per tile, the recursion (a chain of dependent steps, the
 * execution units mostly idle) is split in quarters, and each quarter is
 * followed by the input transpose of one group's next tile and the output
 * transpose and mix of its previous one, so the out-of-order core overlaps
 * them. Tiles pass through three L1 buffers (in, filtering, out). Every
 * lane gets the same operations in the same order as avx512_lp_mix_q: a
 * row lane reads x * 1 + 0 (the row itself: rows never hold -0), an empty
 * lane a zero row (never added). */
AVX512_FN void lp_pipe_in(const float *const *in, const float *ig, const int t0, float *X)
{
    __m512 r[16];
    UNROLL for (int l = 0; l < 16; l++) {
        r[l] = _mm512_add_ps(_mm512_mul_ps(_mm512_loadu_ps(in[l] + t0), _mm512_set1_ps(ig[l])), _mm512_setzero_ps());
    }
    tr16(r);
    UNROLL for (int i = 0; i < 16; i++) _mm512_store_ps(X + 16 * i, r[i]);
}

/* Adds the filtered tile X of a uniform group (nl lanes) at chunk frame t0
 * to its destinations, keeping each destination's 16 frames in acc. */
AVX512_FN void lp_pipe_out(const VoiceLaneIO *o, const int nl, const float *X, const int t0, __m512 *accL,
                           __m512 *accR, float **curL, float **curR)
{
    __m512 r[16];
    UNROLL for (int i = 0; i < 16; i++) r[i] = _mm512_load_ps(X + 16 * i);
    tr16(r);
    UNROLL for (int t = 0; t < VOICE_TARGETS; t++) {
        if (!o->dst[t][0][0]) continue;
        float *dL = o->dst[t][0][0] + o->off + t0;
        if (dL != curL[t]) {
            if (curL[t]) {
                _mm512_storeu_ps(curL[t], accL[t]);
                _mm512_storeu_ps(curR[t], accR[t]);
            }
            curL[t] = dL;
            curR[t] = o->dst[t][0][1] + o->off + t0;
            accL[t] = _mm512_loadu_ps(curL[t]);
            accR[t] = _mm512_loadu_ps(curR[t]);
        }
        __m512 aL = accL[t], aR = accR[t];
        UNROLL for (int l = 0; l < 16; l++) {
            if (l >= nl) break;
            aL = _mm512_add_ps(aL, _mm512_mul_ps(r[l], _mm512_set1_ps(o->dg[t][l][0])));
            aR = _mm512_add_ps(aR, _mm512_mul_ps(r[l], _mm512_set1_ps(o->dg[t][l][1])));
        }
        accL[t] = aL;
        accR[t] = aR;
    }
}

AVX512_FN void avx512_lp_pipe_q(VoiceLaneGroup *const *gs, const VoiceLaneIO *const *io, const int Q)
{
    static const float zero_row[VOICE_LANE_CHUNK];
    VoiceV16 c11[LP_MIX_MAX], c21[LP_MIX_MAX], b2[LP_MIX_MAX], s1[LP_MIX_MAX], s2[LP_MIX_MAX];
    const float *in[LP_MIX_MAX][16];
    float ig[LP_MIX_MAX][16];
    UNROLL for (int q = 0; q < Q; q++) {
        c11[q] = ld16(&gs[q]->c[ST_LP][VOICE_C_C11][0]);
        c21[q] = ld16(&gs[q]->c[ST_LP][VOICE_C_C21][0]);
        b2[q] = ld16(&gs[q]->c[ST_LP][VOICE_C_B2][0]);
        s1[q] = ld16(&gs[q]->s[ST_LP][0][0]);
        s2[q] = ld16(&gs[q]->s[ST_LP][1][0]);
        const VoiceLaneIO *o = io[q];
        for (int l = 0; l < 16; l++) {
            const int steady = l < gs[q]->nlanes && o->src[l];
            in[q][l] = l >= gs[q]->nlanes ? zero_row : steady ? o->src[l] + o->off : gs[q]->buf[l];
            ig[q][l] = steady ? o->sg[l] : 1.0f;
        }
    }
    _Alignas(64) float X[3][LP_MIX_MAX][16 * 16];
    const int T = gs[0]->n / 16;
    for (int k = -1; k <= T; k++) {
        float(*Xi)[256] = X[(k + 4) % 3], (*Xr)[256] = X[(k + 3) % 3], (*Xo)[256] = X[(k + 2) % 3];
        const int doI = k + 1 < T, doR = k >= 0 && k < T, doO = k >= 1;
        __m512 accL[VOICE_TARGETS], accR[VOICE_TARGETS];
        float *curL[VOICE_TARGETS] = { NULL }, *curR[VOICE_TARGETS] = { NULL };
        UNROLL for (int t = 0; t < VOICE_TARGETS; t++) accL[t] = accR[t] = _mm512_setzero_ps();
        UNROLL for (int j = 0; j < 4; j++) {
            if (doR) {
                UNROLL for (int i = 4 * j; i < 4 * j + 4; i++) {
                    UNROLL for (int q = 0; q < Q; q++) {
                        struct { VoiceV16 c11, c21, b2, s1, s2; } f = { c11[q], c21[q], b2[q], s1[q], s2[q] };
                        VoiceV16 x = ld16(Xr[q] + 16 * i);
                        SVF_LP_STEP(VoiceV16, fma16, f, x);
                        memcpy(Xr[q] + 16 * i, &x, sizeof x);
                        s1[q] = f.s1;
                        s2[q] = f.s2;
                    }
                }
            }
            if (j < Q) {
                if (doI) lp_pipe_in(in[j], ig[j], (k + 1) * 16, Xi[j]);
                if (doO) lp_pipe_out(io[j], gs[j]->nlanes, Xo[j], (k - 1) * 16, accL, accR, curL, curR);
            }
        }
        if (doR) /* every tile ends on the grid */
            UNROLL for (int q = 0; q < Q; q++) {
                struct { VoiceV16 s1, s2; } f = { s1[q], s2[q] };
                FLUSH_VEC(VoiceV16, VoiceI16, f, 0);
                s1[q] = f.s1;
                s2[q] = f.s2;
            }
        UNROLL for (int t = 0; t < VOICE_TARGETS; t++)
            if (curL[t]) {
                _mm512_storeu_ps(curL[t], accL[t]);
                _mm512_storeu_ps(curR[t], accR[t]);
            }
    }
    UNROLL for (int q = 0; q < Q; q++) {
        memcpy(&gs[q]->s[ST_LP][0][0], &s1[q], sizeof(VoiceV16));
        memcpy(&gs[q]->s[ST_LP][1][0], &s2[q], sizeof(VoiceV16));
    }
}

__attribute__((target("avx512f,fma"))) static void filter_mix_avx512(VoiceLaneGroup *const *gs,
                                                                     const VoiceLaneIO *const *io, int count)
{
    int pipe = (gs[0]->n & 15) == 0 && (gs[0]->abs0 & 15) == 0 && gs[0]->n <= VOICE_LANE_CHUNK;
    for (int q = 0; q < count; q++) pipe &= io[q]->uniform;
    if (pipe) {
        switch (count) {
        case 4: avx512_lp_pipe_q(gs, io, 4); break;
        case 3: avx512_lp_pipe_q(gs, io, 3); break;
        case 2: avx512_lp_pipe_q(gs, io, 2); break;
        default: avx512_lp_pipe_q(gs, io, 1); break;
        }
        return;
    }
    switch (count) {
    case 4: avx512_lp_mix_q(gs, io, 4); break;
    case 3: avx512_lp_mix_q(gs, io, 3); break;
    case 2: avx512_lp_mix_q(gs, io, 2); break;
    default: avx512_lp_mix_q(gs, io, 1); break;
    }
}

__attribute__((target("avx512f,fma"))) static void filter_avx512(VoiceLaneGroup *g, int count)
{
    VoiceLaneGroup *lp[LP_PAIR];
    int nlp = 0;
    for (int i = 0; i < count; i++) {
        if (g[i].stages != VOICE_STG_LPF) {
            DISPATCH(avx512_run, &g[i]);
            continue;
        }
        lp[nlp++] = &g[i];
        if (nlp == LP_PAIR) {
            avx512_lp_pair(lp);
            nlp = 0;
        }
    }
    for (int i = 0; i < nlp; i++) avx512_run(lp[i], VOICE_STG_LPF);
}

#endif

void voice_kernels_filter(VoiceKernels *k, int level)
{
    k->filter = filter_scalar;
    k->filter_mix = NULL;
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    if (level >= 2) {
        k->filter = filter_avx512;
        k->filter_mix = filter_mix_avx512;
    } else if (level == 1) {
        k->filter = filter_avx2;
    }
#else
    (void)level;
#endif
}
