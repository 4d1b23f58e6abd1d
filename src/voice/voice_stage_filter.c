/* voice_stage_filter.c - the linear per-event stages of filter buses
 * (vowel, high-pass, band-pass, low-pass), lane-parallel.
 *
 * A lane is one channel of one bus. Up to 16 lanes with the same set of
 * stages form a group (voice_bus_filter.c); a group is filtered in tiles of
 * W frames x W lanes: the W lane buffers are loaded as rows, transposed so
 * that one vector holds one frame of every lane, run through the stages
 * frame by frame (W independent recursions per instruction), transposed
 * back and stored in place. W = 16 (AVX-512), 8 (AVX2: two halves per
 * group) or 1 (scalar, no transposes). The fused low-pass kernels
 * (voice_stage_lowpass.c) also read their inputs and add their outputs.
 * Every lane computes the
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
 * into the bus's output gains (voice_bus.c); and it keeps its first state
 * scaled, u = s1 / c21, so that u' = c11 u + t and s2' = s2 + c21^2 u + b2 t
 * take three multiply-adds, not four. The vowel is five parallel
 * band-passes at the formants, summed with their amplitudes (counter-tenor
 * formant table, as SuperDirt's Vowel). */
#include <math.h>
#include <string.h>

#include "dsp/dsp.h"
#include "voice/voice_internal.h"
#include "voice/voice_stage_svf.h"

#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

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

/* ---- AVX-512: 16 lanes (types, transpose: voice_stage_svf.h) --------------------------- */

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

/* The common per-voice low-pass (stages = LPF only), LP_PAIR groups at
 * once: one group's recursion is a chain of dependent operations per frame
 * (latency-bound, the execution units mostly idle), so interleaving
 * independent groups fills them. The same operations per lane as
 * avx512_run (and the scalar and AVX2 paths). */
#define LP_PAIR 2
AVX512_FN void avx512_lp_pair(VoiceLaneGroup *const *gs)
{
    VoiceV16 c11[LP_PAIR], c21[LP_PAIR], b2[LP_PAIR], s1[LP_PAIR], s2[LP_PAIR];
    lp_load(gs, LP_PAIR, c11, c21, b2, s1, s2);
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
    lp_save(gs, LP_PAIR, s1, s2);
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
        k->filter_mix = voice_lowpass_mix_avx512;
    } else if (level == 1) {
        k->filter = filter_avx2;
        k->filter_mix = voice_lowpass_mix_avx2;
    }
#else
    (void)level;
#endif
}
