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

/* The per-frame step of one SVF on vector (or scalar) type V. */
#define SVF_STEP(V, x, s1, s2, C, v1, v2)                       \
    do {                                                        \
        V v3_ = (x) - (s2);                                     \
        v1 = (C)[C_A1] * (s1) + (C)[C_A2] * v3_;                \
        v2 = (s2) + (C)[C_A2] * (s1) + (C)[C_A3] * v3_;         \
        V n1_ = (C)[C_C11] * (s1) + ((C)[C_C12] * (s2) + (C)[C_C21] * (x)); \
        V n2_ = (C)[C_C22] * (s2) + ((C)[C_C21] * (s1) + (C)[C_B2] * (x));  \
        s1 = n1_;                                               \
        s2 = n2_;                                               \
    } while (0)

/* All stages of a group for one frame: x in, x out. C[stage][coef], S[stage][2]. */
#define STAGES_STEP(V, stages, x, C, S)                                          \
    do {                                                                         \
        V v1s_, v2s_;                                                            \
        if ((stages) & VOICE_STG_VOWEL) {                                        \
            V acc_ = (V){ 0 };                                                  \
            for (int f_ = 0; f_ < VOICE_FORMANTS; f_++) {                        \
                SVF_STEP(V, x, S[ST_VW + f_][0], S[ST_VW + f_][1], C[ST_VW + f_], v1s_, v2s_); \
                acc_ = acc_ + (C[ST_VW + f_][C_K] * v1s_) * C[ST_VW + f_][C_GAIN]; \
            }                                                                    \
            (void)v2s_;                                                          \
            x = acc_;                                                            \
        }                                                                        \
        if ((stages) & VOICE_STG_HPF) {                                          \
            SVF_STEP(V, x, S[ST_HP][0], S[ST_HP][1], C[ST_HP], v1s_, v2s_);      \
            x = ((x) - C[ST_HP][C_K] * v1s_) - v2s_;                             \
        }                                                                        \
        if ((stages) & VOICE_STG_BPF) {                                          \
            SVF_STEP(V, x, S[ST_BP][0], S[ST_BP][1], C[ST_BP], v1s_, v2s_);      \
            x = (C[ST_BP][C_K] * v1s_) * C[ST_BP][C_GAIN];                       \
        }                                                                        \
        if ((stages) & VOICE_STG_LPF) {                                          \
            SVF_STEP(V, x, S[ST_LP][0], S[ST_LP][1], C[ST_LP], v1s_, v2s_);      \
            x = v2s_;                                                            \
        }                                                                        \
    } while (0)

#define NST (3 + VOICE_FORMANTS)

/* ---- scalar: one lane at a time ------------------------------------------------------- */

static void filter_scalar(VoiceLaneGroup *g)
{
    for (int l = 0; l < g->nlanes; l++) {
        float C[NST][10], S[NST][2];
        for (int s = 0; s < NST; s++) {
            for (int c = 0; c < 10; c++) C[s][c] = g->c[s][c][l];
            S[s][0] = g->s[s][0][l];
            S[s][1] = g->s[s][1][l];
        }
        float *b = g->buf[l];
        const int stages = g->stages;
        for (int i = 0; i < g->n; i++) {
            float x = b[i];
            STAGES_STEP(float, stages, x, C, S);
            b[i] = x;
        }
        for (int s = 0; s < NST; s++) {
            g->s[s][0][l] = S[s][0];
            g->s[s][1][l] = S[s][1];
        }
    }
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

/* ---- AVX2: 8 lanes ------------------------------------------------------------------ */

typedef float VoiceV8 __attribute__((vector_size(32)));
#define AVX2_ATTR __attribute__((target("avx2")))

AVX2_ATTR static inline __attribute__((always_inline)) void tr8(__m256 *r)
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

AVX2_ATTR static void filter_avx2(VoiceLaneGroup *g)
{
    VoiceV8 C[NST][10], S[NST][2];
    const int stages = g->stages;
    for (int s = 0; s < NST; s++) {
        if (s >= ST_VW ? !(stages & VOICE_STG_VOWEL)
                       : !(stages & (s == ST_HP ? VOICE_STG_HPF : s == ST_BP ? VOICE_STG_BPF : VOICE_STG_LPF)))
            continue;
        for (int c = 0; c < 10; c++) memcpy(&C[s][c], g->c[s][c], sizeof(VoiceV8));
        memcpy(&S[s][0], g->s[s][0], sizeof(VoiceV8));
        memcpy(&S[s][1], g->s[s][1], sizeof(VoiceV8));
    }
    const int nl = g->nlanes;
    for (int t0 = 0; t0 < g->n; t0 += 8) {
        int m = g->n - t0 < 8 ? g->n - t0 : 8;
        __m256 r[8];
        for (int l = 0; l < 8; l++) {
            if (l < nl && m == 8) {
                r[l] = _mm256_loadu_ps(g->buf[l] + t0);
            } else {
                float tmp[8] = { 0 };
                if (l < nl) memcpy(tmp, g->buf[l] + t0, sizeof(float) * (size_t)m);
                r[l] = _mm256_loadu_ps(tmp);
            }
        }
        tr8(r);
        for (int i = 0; i < m; i++) {
            VoiceV8 x = (VoiceV8)r[i];
            STAGES_STEP(VoiceV8, stages, x, C, S);
            r[i] = (__m256)x;
        }
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
    }
    for (int s = 0; s < NST; s++) {
        if (s >= ST_VW ? !(stages & VOICE_STG_VOWEL)
                       : !(stages & (s == ST_HP ? VOICE_STG_HPF : s == ST_BP ? VOICE_STG_BPF : VOICE_STG_LPF)))
            continue;
        memcpy(g->s[s][0], &S[s][0], sizeof(VoiceV8));
        memcpy(g->s[s][1], &S[s][1], sizeof(VoiceV8));
    }
}

/* ---- AVX-512: 16 lanes ---------------------------------------------------------------- */

typedef float VoiceV16 __attribute__((vector_size(64)));
#define AVX512_ATTR __attribute__((target("avx512f")))

AVX512_ATTR static inline __attribute__((always_inline)) void tr16(__m512 *r)
{
    __m512 t[16], u[16];
    for (int i = 0; i < 16; i += 2) {
        t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);
        t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);
    }
    for (int i = 0; i < 16; i += 4) {
        __m512d a = _mm512_castps_pd(t[i]), b = _mm512_castps_pd(t[i + 2]);
        __m512d c = _mm512_castps_pd(t[i + 1]), d = _mm512_castps_pd(t[i + 3]);
        u[i] = _mm512_castpd_ps(_mm512_unpacklo_pd(a, b));
        u[i + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(a, b));
        u[i + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(c, d));
        u[i + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(c, d));
    }
    /* u[4q + j]: column j (+4, +8, +12 in the 128-bit blocks) of rows 4q..4q+3 */
    for (int h = 0; h < 16; h += 8)
        for (int j = 0; j < 4; j++) {
            t[h + j] = _mm512_shuffle_f32x4(u[h + j], u[h + j + 4], 0x88);
            t[h + j + 4] = _mm512_shuffle_f32x4(u[h + j], u[h + j + 4], 0xdd);
        }
    for (int j = 0; j < 8; j++) {
        r[j] = _mm512_shuffle_f32x4(t[j], t[j + 8], 0x88);
        r[j + 8] = _mm512_shuffle_f32x4(t[j], t[j + 8], 0xdd);
    }
}

AVX512_ATTR static void filter_avx512(VoiceLaneGroup *g)
{
    VoiceV16 C[NST][10], S[NST][2];
    const int stages = g->stages;
    for (int s = 0; s < NST; s++) {
        if (s >= ST_VW ? !(stages & VOICE_STG_VOWEL)
                       : !(stages & (s == ST_HP ? VOICE_STG_HPF : s == ST_BP ? VOICE_STG_BPF : VOICE_STG_LPF)))
            continue;
        for (int c = 0; c < 10; c++) memcpy(&C[s][c], g->c[s][c], sizeof(VoiceV16));
        memcpy(&S[s][0], g->s[s][0], sizeof(VoiceV16));
        memcpy(&S[s][1], g->s[s][1], sizeof(VoiceV16));
    }
    const int nl = g->nlanes;
    for (int t0 = 0; t0 < g->n; t0 += 16) {
        int m = g->n - t0 < 16 ? g->n - t0 : 16;
        __mmask16 km = (__mmask16)((1u << m) - 1u);
        __m512 r[16];
        for (int l = 0; l < 16; l++)
            r[l] = l < nl ? _mm512_maskz_loadu_ps(km, g->buf[l] + t0) : _mm512_setzero_ps();
        tr16(r);
        for (int i = 0; i < m; i++) {
            VoiceV16 x = (VoiceV16)r[i];
            STAGES_STEP(VoiceV16, stages, x, C, S);
            r[i] = (__m512)x;
        }
        tr16(r);
        for (int l = 0; l < nl; l++) _mm512_mask_storeu_ps(g->buf[l] + t0, km, r[l]);
    }
    for (int s = 0; s < NST; s++) {
        if (s >= ST_VW ? !(stages & VOICE_STG_VOWEL)
                       : !(stages & (s == ST_HP ? VOICE_STG_HPF : s == ST_BP ? VOICE_STG_BPF : VOICE_STG_LPF)))
            continue;
        memcpy(g->s[s][0], &S[s][0], sizeof(VoiceV16));
        memcpy(g->s[s][1], &S[s][1], sizeof(VoiceV16));
    }
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
