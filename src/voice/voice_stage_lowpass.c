/* voice_stage_lowpass.c - the fused low-pass kernels (AVX-512): a block (or
 * a chunk of it) of low-pass-only lane groups read from their samples or
 * rows, filtered, and added to their destinations in one pass
 * (VoiceKernels.filter_mix, driven by voice_bus_filter.c): up to four
 * 16-lane groups, and a tail of up to 8 lanes after them.
 *
 * Why fused: with a cutoff per voice every voice is its own filter lane;
 * reading, filtering and mixing in one pass keeps the work in registers
 * and L1. The per-lane maths are those of voice_stage_filter.c (the same
 * operations in the same order), so the output is bit-identical to the
 * rows + filter + batch path the other ISAs and parallel blocks take. */
#include <string.h>

#include "voice/voice_internal.h"
#include "voice/voice_stage_svf.h"

#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

/* The fused low-pass (VoiceLaneIO, voice_bus_filter.c): Q groups at once.
 * Steady lanes are read straight from their sample as x * gain (a voice
 * kernel writes 0 + x * gain into a zeroed row: the same value but for the
 * sign of a zero, and a zero's sign never reaches a nonzero output sample
 * of the filter), the rest from their rows; after
 * the recursion (the same steps as avx512_lp_pair) and the transpose back,
 * every lane is added to its destinations in lane order, out = out + y * g
 * (multiply, then add: the batch kernels' rounding), keeping each
 * destination's 16 frames in a register while consecutive lanes share it. */
#define LP_MIX_MAX 4 /* groups per fused call: four recursions hide the FMA latency */
AVX512_FN void avx512_lp_mix_q(VoiceLaneGroup *const *gs, const VoiceLaneIO *const *io, const int Q)
{
    VoiceV16 c11[LP_MIX_MAX], c21[LP_MIX_MAX], b2[LP_MIX_MAX], s1[LP_MIX_MAX], s2[LP_MIX_MAX];
    lp_load(gs, Q, c11, c21, b2, s1, s2);
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
                    r[q][l] = _mm512_mul_ps(x, _mm512_set1_ps(o->sg[l]));
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
    lp_save(gs, Q, s1, s2);
}

/* The pipelined fused low-pass, for the common case: Q uniform groups
 * (mono lanes, one destination per target) and whole tiles on the pool's
 * 16-frame grid. Per tile, the recursion (a chain of dependent steps, the
 * execution units mostly idle) is split in quarters, and each quarter is
 * followed by the input transpose of one group's next tile and the output
 * transpose and mix of its previous one, so the out-of-order core overlaps
 * them. Tiles pass through three L1 buffers (in, filtering, out). Every
 * lane gets the same operations in the same order as avx512_lp_mix_q: a
 * row lane reads x * 1 (the row itself), an empty lane a zero row (never
 * added); a centred group computes y g once for both channels. */
AVX512_FN void lp_pipe_in(const float *const *in, const float *ig, const int t0, float *X)
{
    __m512 r[16];
    UNROLL for (int l = 0; l < 16; l++) {
        r[l] = _mm512_mul_ps(_mm512_loadu_ps(in[l] + t0), _mm512_set1_ps(ig[l]));
    }
    tr16(r);
    UNROLL for (int i = 0; i < 16; i++) _mm512_store_ps(X + 16 * i, r[i]);
}

/* The destinations' 16 frames being added to, per target (a uniform
 * group's lanes all go to the same ones). */
typedef struct LpAcc {
    __m512 L[VOICE_TARGETS], R[VOICE_TARGETS];
    float *cL[VOICE_TARGETS], *cR[VOICE_TARGETS];
} LpAcc;

/* Points target t's frames at o's destination at chunk frame t0, storing
 * the previous destination's first. */
AVX512_FN void acc_point(LpAcc *a, const VoiceLaneIO *o, const int t, const int t0)
{
    float *dL = o->dst[t][0][0] + o->off + t0;
    if (dL == a->cL[t]) return;
    if (a->cL[t]) {
        _mm512_storeu_ps(a->cL[t], a->L[t]);
        _mm512_storeu_ps(a->cR[t], a->R[t]);
    }
    a->cL[t] = dL;
    a->cR[t] = o->dst[t][0][1] + o->off + t0;
    a->L[t] = _mm512_loadu_ps(a->cL[t]);
    a->R[t] = _mm512_loadu_ps(a->cR[t]);
}

/* Adds lanes r[0, nl) (N at most) to target t, lane after lane, with
 * gains g[l]: out = out + y g (a centred group computes y g once). */
AVX512_FN void acc_add(LpAcc *a, const int t, const __m512 *r, const int N, const int nl, const float (*g)[2],
                       const int centered)
{
    __m512 aL = a->L[t], aR = a->R[t];
    if (centered) { /* y gL == y gR: one product for both */
        UNROLL for (int l = 0; l < N; l++) {
            if (l >= nl) break;
            const __m512 y = _mm512_mul_ps(r[l], _mm512_set1_ps(g[l][0]));
            aL = _mm512_add_ps(aL, y);
            aR = _mm512_add_ps(aR, y);
        }
    } else {
        UNROLL for (int l = 0; l < N; l++) {
            if (l >= nl) break;
            aL = _mm512_add_ps(aL, _mm512_mul_ps(r[l], _mm512_set1_ps(g[l][0])));
            aR = _mm512_add_ps(aR, _mm512_mul_ps(r[l], _mm512_set1_ps(g[l][1])));
        }
    }
    a->L[t] = aL;
    a->R[t] = aR;
}

AVX512_FN void acc_flush(LpAcc *a)
{
    UNROLL for (int t = 0; t < VOICE_TARGETS; t++)
        if (a->cL[t]) {
            _mm512_storeu_ps(a->cL[t], a->L[t]);
            _mm512_storeu_ps(a->cR[t], a->R[t]);
        }
}

/* Adds the filtered tile X of a uniform group (nl lanes) at chunk frame t0
 * to its destinations. */
AVX512_FN void lp_pipe_out(const VoiceLaneIO *o, const int nl, const float *X, const int t0, LpAcc *a)
{
    __m512 r[16];
    UNROLL for (int i = 0; i < 16; i++) r[i] = _mm512_load_ps(X + 16 * i);
    tr16(r);
    UNROLL for (int t = 0; t < VOICE_TARGETS; t++) {
        if (!o->dst[t][0][0]) continue;
        acc_point(a, o, t, t0);
        acc_add(a, t, r, 16, nl, o->dg[t], o->centered);
    }
}

/* The tail (TAIL): a last group of at most VOICE_TAIL_LANES lanes (gs[Q],
 * uniform) rides along in one or two 4-lane vectors: a lone group of a few lanes
 * would cost a whole 16-lane group (the transposes and the recursion do
 * not shrink with the lanes). Its rows go through 4 x 4 transposes inside
 * the 128-bit quarters of a tile (frame 4c + j of lanes 0-3 in quarter c
 * of vector j, read and written as 128-bit pieces), and its lanes are
 * added after the Q groups' lanes, in lane order: the key order. */
typedef float VoiceV4 __attribute__((vector_size(16)));
typedef int32_t VoiceI4 __attribute__((vector_size(16)));

typedef struct LpTail {
    int nt;
    const float *in[4];   /* lanes past nt read zeros */
    float ig[4];
    VoiceV4 c11, k2, b2, s1, s2;
} LpTail;             /* four lanes: a tail has one or two */
#define TAIL_QUADS (VOICE_TAIL_LANES / 4)

AVX512_FN VoiceV4 fma4(VoiceV4 a, VoiceV4 b, VoiceV4 c)
{
    return (VoiceV4)_mm_fmadd_ps((__m128)a, (__m128)b, (__m128)c);
}

/* 4 x 4 transposes inside each 128-bit quarter of r[0..3] (its own inverse). */
AVX512_FN void tr4q(__m512 *r)
{
    const __m512d t0 = _mm512_castps_pd(_mm512_unpacklo_ps(r[0], r[1]));
    const __m512d t1 = _mm512_castps_pd(_mm512_unpackhi_ps(r[0], r[1]));
    const __m512d t2 = _mm512_castps_pd(_mm512_unpacklo_ps(r[2], r[3]));
    const __m512d t3 = _mm512_castps_pd(_mm512_unpackhi_ps(r[2], r[3]));
    r[0] = _mm512_castpd_ps(_mm512_unpacklo_pd(t0, t2));
    r[1] = _mm512_castpd_ps(_mm512_unpackhi_pd(t0, t2));
    r[2] = _mm512_castpd_ps(_mm512_unpacklo_pd(t1, t3));
    r[3] = _mm512_castpd_ps(_mm512_unpackhi_pd(t1, t3));
}

/* The tail's tile at chunk frame t0, scaled, into V (frame 4c + j of the
 * four lanes at V[j] + 4c). */
AVX512_FN void lp_tail_in(const LpTail *tl, const int t0, float (*V)[16])
{
    __m512 r[4];
    UNROLL for (int l = 0; l < 4; l++) r[l] = _mm512_mul_ps(_mm512_loadu_ps(tl->in[l] + t0), _mm512_set1_ps(tl->ig[l]));
    tr4q(r);
    UNROLL for (int j = 0; j < 4; j++) _mm512_store_ps(V[j], r[j]);
}

/* Frames [i0, i0 + 4) of the tail's tile: V in, Y out (the same layout). */
AVX512_FN void lp_tail_run(LpTail *tl, float (*V)[16], float (*Y)[16], const int i0)
{
    struct { VoiceV4 c11, c21, b2, s1, s2; } f = { tl->c11, tl->k2, tl->b2, tl->s1, tl->s2 };
    UNROLL for (int i = i0; i < i0 + 4; i++) {
        VoiceV4 x;
        memcpy(&x, V[i & 3] + 4 * (i >> 2), sizeof x);
        SVF_LP_STEP(VoiceV4, fma4, f, x);
        memcpy(Y[i & 3] + 4 * (i >> 2), &x, sizeof x);
    }
    tl->s1 = f.s1;
    tl->s2 = f.s2;
}

/* Adds the tail's filtered tile Y (lanes [l0, l0 + 4)) after the groups'
 * lanes (as lp_pipe_out). */
AVX512_FN void lp_tail_out(const VoiceLaneIO *o, const LpTail *tl, const int l0, float (*Y)[16], const int t0, LpAcc *a)
{
    __m512 r[4];
    UNROLL for (int j = 0; j < 4; j++) r[j] = _mm512_load_ps(Y[j]);
    tr4q(r);
    UNROLL for (int t = 0; t < VOICE_TARGETS; t++) {
        if (!o->dst[t][0][0]) continue;
        acc_point(a, o, t, t0);
        acc_add(a, t, r, 4, tl->nt, o->dg[t] + l0, o->centered);
    }
}

AVX512_FN void avx512_lp_pipe_q(VoiceLaneGroup *const *gs, const VoiceLaneIO *const *io, const int Q, const int TAIL)
{
    static const float zero_row[VOICE_POOL_MAX_BLOCK];
    VoiceV16 c11[LP_MIX_MAX], c21[LP_MIX_MAX], b2[LP_MIX_MAX], s1[LP_MIX_MAX], s2[LP_MIX_MAX];
    const float *in[LP_MIX_MAX][16];
    float ig[LP_MIX_MAX][16];
    lp_load(gs, Q, c11, c21, b2, s1, s2);
    UNROLL for (int q = 0; q < Q; q++) {
        const VoiceLaneIO *o = io[q];
        for (int l = 0; l < 16; l++) {
            const int steady = l < gs[q]->nlanes && o->src[l];
            in[q][l] = l >= gs[q]->nlanes ? zero_row : steady ? o->src[l] + o->off : gs[q]->buf[l];
            ig[q][l] = steady ? o->sg[l] : 1.0f;
        }
    }
    LpTail tl[TAIL_QUADS];
    memset(tl, 0, sizeof tl);
    _Alignas(64) float Y[2][TAIL_QUADS][4][16], V[TAIL_QUADS][4][16];
    const int nq = TAIL ? (gs[Q]->nlanes + 3) / 4 : 0;
    for (int u = 0; u < nq; u++) {
        const VoiceLaneGroup *g = gs[Q];
        const VoiceLaneIO *o = io[Q];
        tl[u].nt = g->nlanes - 4 * u;
        for (int l = 0; l < 4; l++) {
            const int L = 4 * u + l, steady = l < tl[u].nt && o->src[L];
            tl[u].in[l] = l >= tl[u].nt ? zero_row : steady ? o->src[L] + o->off : g->buf[L];
            tl[u].ig[l] = steady ? o->sg[L] : 1.0f;
        }
        memcpy(&tl[u].c11, &g->c[ST_LP][VOICE_C_C11][4 * u], sizeof tl[u].c11);
        memcpy(&tl[u].k2, &g->c[ST_LP][VOICE_C_C21][4 * u], sizeof tl[u].k2);
        memcpy(&tl[u].b2, &g->c[ST_LP][VOICE_C_B2][4 * u], sizeof tl[u].b2);
        memcpy(&tl[u].s1, &g->s[ST_LP][0][4 * u], sizeof tl[u].s1);
        memcpy(&tl[u].s2, &g->s[ST_LP][1][4 * u], sizeof tl[u].s2);
    }
    _Alignas(64) float X[3][LP_MIX_MAX][16 * 16];
    const int T = gs[0]->n / 16;
    for (int k = -1; k <= T; k++) {
        float(*Xi)[256] = X[(k + 4) % 3], (*Xr)[256] = X[(k + 3) % 3], (*Xo)[256] = X[(k + 2) % 3];
        const int doI = k + 1 < T, doR = k >= 0 && k < T, doO = k >= 1;
        LpAcc acc;
        UNROLL for (int t = 0; t < VOICE_TARGETS; t++) {
            acc.L[t] = acc.R[t] = _mm512_setzero_ps();
            acc.cL[t] = acc.cR[t] = NULL;
        }
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
                if (TAIL)
                    for (int u = 0; u < nq; u++) {
                        if (j == 0) lp_tail_in(&tl[u], k * 16, V[u]);
                        lp_tail_run(&tl[u], V[u], Y[k & 1][u], 4 * j);
                    }
            }
            if (j < Q) {
                if (doI) lp_pipe_in(in[j], ig[j], (k + 1) * 16, Xi[j]);
                if (doO) lp_pipe_out(io[j], gs[j]->nlanes, Xo[j], (k - 1) * 16, &acc);
            }
        }
        if (TAIL && doO)
            for (int u = 0; u < nq; u++)
                lp_tail_out(io[Q], &tl[u], 4 * u, Y[(k - 1) & 1][u], (k - 1) * 16, &acc);
        if (doR) { /* every tile ends on the grid */
            UNROLL for (int q = 0; q < Q; q++) {
                struct { VoiceV16 s1, s2; } f = { s1[q], s2[q] };
                FLUSH_VEC(VoiceV16, VoiceI16, f, 0);
                s1[q] = f.s1;
                s2[q] = f.s2;
            }
            for (int u = 0; u < nq; u++) FLUSH_VEC(VoiceV4, VoiceI4, tl[u], 0);
        }
        acc_flush(&acc);
    }
    lp_save(gs, Q, s1, s2);
    for (int u = 0; u < nq; u++) {
        memcpy(&gs[Q]->s[ST_LP][0][4 * u], &tl[u].s1, sizeof tl[u].s1);
        memcpy(&gs[Q]->s[ST_LP][1][4 * u], &tl[u].s2, sizeof tl[u].s2);
    }
}

/* One function per instance: each gets the whole register file to itself. */
#define LP_PIPE_FN(name, Q, TAIL)                                                                   \
    __attribute__((target("avx512f,fma"), noinline)) static void name(VoiceLaneGroup *const *gs,     \
                                                                      const VoiceLaneIO *const *io) \
    {                                                                                               \
        avx512_lp_pipe_q(gs, io, Q, TAIL);                                                          \
    }
LP_PIPE_FN(lp_pipe_1, 1, 0)
LP_PIPE_FN(lp_pipe_2, 2, 0)
LP_PIPE_FN(lp_pipe_3, 3, 0)
LP_PIPE_FN(lp_pipe_4, 4, 0)
LP_PIPE_FN(lp_pipe_4_tail, 4, 1)

__attribute__((target("avx512f,fma"))) void voice_lowpass_mix_avx512(VoiceLaneGroup *const *gs, const VoiceLaneIO *const *io,
                                                                      int count)
{
    int pipe = (gs[0]->n & 15) == 0 && (gs[0]->abs0 & 15) == 0 && gs[0]->n <= VOICE_POOL_MAX_BLOCK;
    for (int q = 0; q < count; q++) pipe &= io[q]->uniform;
    if (count > LP_MIX_MAX) { /* a tail group (voice_bus_filter.c) */
        if (pipe && gs[LP_MIX_MAX]->nlanes <= VOICE_TAIL_LANES) {
            lp_pipe_4_tail(gs, io);
            return;
        }
        voice_lowpass_mix_avx512(gs, io, LP_MIX_MAX);
        voice_lowpass_mix_avx512(gs + LP_MIX_MAX, io + LP_MIX_MAX, count - LP_MIX_MAX);
        return;
    }
    if (pipe) {
        switch (count) {
        case 4: lp_pipe_4(gs, io); break;
        case 3: lp_pipe_3(gs, io); break;
        case 2: lp_pipe_2(gs, io); break;
        default: lp_pipe_1(gs, io); break;
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

#endif
