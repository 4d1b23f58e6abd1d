/* voice_stage_lowpass_avx2.c - the fused low-pass kernel on 8-lane halves
 * (AVX2 + FMA): VoiceKernels.filter_mix on AVX2 machines, as
 * voice_stage_lowpass.c does it on AVX-512, with each 16-lane group taken
 * as two halves of 8 lanes (a half with no lanes is skipped) and tiles of
 * 8 frames. Before it, AVX2 machines filtered these voices through rows,
 * the lane filter and the batch kernels: a voice with its own cutoff cost
 * 10x a plain voice there, 4.2-4.7x with this kernel (measured on the
 * AVX-512 VM with the AVX2 kernels forced). On that VM (AMD Zen 4) this
 * kernel is 1.9x slower per voice than the 16-lane one: the 16 x 16
 * transposes, at about one 512-bit shuffle a cycle, beat 8 x 8 ones.
 *
 * Per tile k, in PASS_HALVES halves at a time, H slices: slice j steps
 * every half's recursion over its share of the tile's frames (independent
 * chains side by side, the states in registers), then reads half j's next
 * tile (scaled by each lane's gain, transposed, into an L1 buffer) and adds
 * its previous one (transposed back, lane after lane). Every lane gets the
 * operations of voice_stage_lowpass.c in the same order, so the bits are
 * those of every other path. */
#include <string.h>

#include "voice/voice_internal.h"
#include "voice/voice_stage_svf.h"

#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

#define GROUPS_MAX 5              /* groups per call: four and a tail (voice_bus_filter.c) */
#define HALVES_MAX (2 * GROUPS_MAX)
#define PASS_HALVES 4            /* halves per pass: their states fit the 16 vector registers */
#define TILES_MAX (VOICE_POOL_MAX_BLOCK / 8 + 2)

/* One half: its lanes' inputs, filter and destinations. */
typedef struct LpHalf {
    const VoiceLaneIO *o;
    int l0, nl;               /* lanes [l0, l0 + nl) of the group */
    const float *in[8];       /* row or sample at chunk frame 0 (empty lanes: zeros) */
    float ig[8];              /* input gain: the steady voice's, 1 for a row */
    __m256 c11, k2, b2, s1, s2;
} LpHalf;

/* The destinations' frames of the tile being added, per target. */
typedef struct LpAcc {
    __m256 L[VOICE_TARGETS], R[VOICE_TARGETS];
    float *cL[VOICE_TARGETS], *cR[VOICE_TARGETS];
} LpAcc;

AVX2_FN __m256 load_m(const float *p, const int m, const __m256i mask)
{
    return m == 8 ? _mm256_loadu_ps(p) : _mm256_maskload_ps(p, mask);
}

AVX2_FN void store_m(float *p, const int m, const __m256i mask, const __m256 v)
{
    if (m == 8) _mm256_storeu_ps(p, v);
    else _mm256_maskstore_ps(p, mask, v);
}

/* Frames [t0, t0 + m) of the half's lanes, scaled and transposed into X
 * (frame i of lane l at X[8 i + l]). */
AVX2_FN void half_in(const LpHalf *h, const int t0, const int m, const __m256i mask, float *X)
{
    __m256 r[8];
    UNROLL for (int l = 0; l < 8; l++)
        r[l] = _mm256_mul_ps(load_m(h->in[l] + t0, m, mask), _mm256_set1_ps(h->ig[l]));
    tr8(r);
    UNROLL for (int i = 0; i < 8; i++) _mm256_store_ps(X + 8 * i, r[i]);
}

/* Makes acc hold target t's destination at d (frames [t0, t0 + m)). */
AVX2_FN void acc_point(LpAcc *a, const int t, float *dL, float *dR, const int m, const __m256i mask)
{
    if (dL == a->cL[t]) return;
    if (a->cL[t]) {
        store_m(a->cL[t], m, mask, a->L[t]);
        store_m(a->cR[t], m, mask, a->R[t]);
    }
    a->cL[t] = dL;
    a->cR[t] = dR;
    a->L[t] = load_m(dL, m, mask);
    a->R[t] = load_m(dR, m, mask);
}

AVX2_FN void acc_flush(LpAcc *a, const int m, const __m256i mask)
{
    UNROLL for (int t = 0; t < VOICE_TARGETS; t++)
        if (a->cL[t]) {
            store_m(a->cL[t], m, mask, a->L[t]);
            store_m(a->cR[t], m, mask, a->R[t]);
            a->cL[t] = a->cR[t] = NULL;
        }
}

/* Adds the half's filtered tile X (chunk frames [t0, t0 + m)) to the
 * destinations, lane after lane: out = out + y * g. */
AVX2_FN void half_out(const LpHalf *h, const float *X, const int t0, const int m, const __m256i mask, LpAcc *a)
{
    __m256 r[8];
    UNROLL for (int i = 0; i < 8; i++) r[i] = _mm256_load_ps(X + 8 * i);
    tr8(r);
    const VoiceLaneIO *o = h->o;
    if (o->uniform) { /* mono lanes, one destination per target */
        for (int t = 0; t < VOICE_TARGETS; t++) {
            if (!o->dst[t][0][0]) continue;
            acc_point(a, t, o->dst[t][0][0] + o->off + t0, o->dst[t][0][1] + o->off + t0, m, mask);
            __m256 aL = a->L[t], aR = a->R[t];
            const float(*g)[2] = o->dg[t] + h->l0;
            if (o->centered) {
                UNROLL for (int l = 0; l < 8; l++) {
                    if (l >= h->nl) break;
                    const __m256 y = _mm256_mul_ps(r[l], _mm256_set1_ps(g[l][0]));
                    aL = _mm256_add_ps(aL, y);
                    aR = _mm256_add_ps(aR, y);
                }
            } else {
                UNROLL for (int l = 0; l < 8; l++) {
                    if (l >= h->nl) break;
                    aL = _mm256_add_ps(aL, _mm256_mul_ps(r[l], _mm256_set1_ps(g[l][0])));
                    aR = _mm256_add_ps(aR, _mm256_mul_ps(r[l], _mm256_set1_ps(g[l][1])));
                }
            }
            a->L[t] = aL;
            a->R[t] = aR;
        }
        return;
    }
    for (int l = 0; l < h->nl; l++) {
        const int L = h->l0 + l;
        for (int t = 0; t < VOICE_TARGETS; t++) {
            if (!o->dst[t][L][0]) continue;
            acc_point(a, t, o->dst[t][L][0] + o->off + t0, o->dst[t][L][1] + o->off + t0, m, mask);
            if (o->chmask[L] & 1) a->L[t] = _mm256_add_ps(a->L[t], _mm256_mul_ps(r[l], _mm256_set1_ps(o->dg[t][L][0])));
            if (o->chmask[L] & 2) a->R[t] = _mm256_add_ps(a->R[t], _mm256_mul_ps(r[l], _mm256_set1_ps(o->dg[t][L][1])));
        }
    }
}

/* The chunk's tiles: they end on the pool's 8-frame grid. */
static int lp_tiles(int n, int abs0, int *t0)
{
    int T = 0;
    for (int t = 0; t < n;) {
        t0[T++] = t;
        int t1 = t + 8 - ((abs0 + t) & 7);
        t = t1 < n ? t1 : n;
    }
    t0[T] = n;
    return T;
}

/* H halves (a constant in each instance, so the filter states stay in
 * registers): the pipeline described at the top. */
AVX2_FN void lp_halves(LpHalf *hv, const int H, const int n, const int abs0)
{
    int tt[TILES_MAX + 1];
    const int T = lp_tiles(n, abs0, tt);
    _Alignas(32) float X[3][HALVES_MAX][64];
    struct { VoiceV8 c11, c21, b2, s1, s2; } f[HALVES_MAX];
    UNROLL for (int h = 0; h < H; h++) {
        f[h].c11 = (VoiceV8)hv[h].c11;
        f[h].c21 = (VoiceV8)hv[h].k2;
        f[h].b2 = (VoiceV8)hv[h].b2;
        f[h].s1 = (VoiceV8)hv[h].s1;
        f[h].s2 = (VoiceV8)hv[h].s2;
    }
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    LpAcc acc;
    memset(&acc, 0, sizeof acc);
    for (int k = -1; k <= T; k++) {
        float(*Xi)[64] = X[(k + 4) % 3], (*Xr)[64] = X[(k + 3) % 3], (*Xo)[64] = X[(k + 2) % 3];
        const int doI = k + 1 < T, doR = k >= 0 && k < T, doO = k >= 1;
        const int mi = doI ? tt[k + 2] - tt[k + 1] : 0, mr = doR ? tt[k + 1] - tt[k] : 0;
        const int mo = doO ? tt[k] - tt[k - 1] : 0;
        const __m256i maski = _mm256_cmpgt_epi32(_mm256_set1_epi32(mi), lane);
        const __m256i masko = _mm256_cmpgt_epi32(_mm256_set1_epi32(mo), lane);
        for (int j = 0; j < H; j++) {
            const int i0 = mr * j / H, i1 = mr * (j + 1) / H;
            for (int i = i0; i < i1; i++)
                UNROLL for (int h = 0; h < H; h++) {
                    VoiceV8 x = ld8(Xr[h] + 8 * i);
                    SVF_LP_STEP(VoiceV8, fma8, f[h], x);
                    memcpy(Xr[h] + 8 * i, &x, sizeof x);
                }
            if (doI) half_in(&hv[j], tt[k + 1], mi, maski, Xi[j]);
            if (doO) half_out(&hv[j], Xo[j], tt[k - 1], mo, masko, &acc);
        }
        if (doR && ((abs0 + tt[k + 1]) & 15) == 0)
            UNROLL for (int h = 0; h < H; h++) FLUSH_VEC(VoiceV8, VoiceI8, f[h], 0);
        if (doO) acc_flush(&acc, mo, masko);
    }
    UNROLL for (int h = 0; h < H; h++) {
        hv[h].s1 = (__m256)f[h].s1;
        hv[h].s2 = (__m256)f[h].s2;
    }
}

__attribute__((target("avx2,fma"))) void voice_lowpass_mix_avx2(VoiceLaneGroup *const *gs, const VoiceLaneIO *const *io,
                                                                 int count)
{
    static const float zero_row[VOICE_POOL_MAX_BLOCK];
    LpHalf hv[HALVES_MAX];
    int H = 0;
    for (int q = 0; q < count; q++) {
        const VoiceLaneGroup *g = gs[q];
        for (int l0 = 0; l0 < g->nlanes; l0 += 8) {
            LpHalf *h = &hv[H++];
            h->o = io[q];
            h->l0 = l0;
            h->nl = g->nlanes - l0 < 8 ? g->nlanes - l0 : 8;
            for (int l = 0; l < 8; l++) {
                const int L = l0 + l, steady = l < h->nl && io[q]->src[L];
                h->in[l] = l >= h->nl ? zero_row : steady ? io[q]->src[L] + io[q]->off : g->buf[L];
                h->ig[l] = steady ? io[q]->sg[L] : 1.0f;
            }
            h->c11 = _mm256_loadu_ps(&g->c[ST_LP][VOICE_C_C11][l0]);
            h->k2 = _mm256_loadu_ps(&g->c[ST_LP][VOICE_C_C21][l0]);
            h->b2 = _mm256_loadu_ps(&g->c[ST_LP][VOICE_C_B2][l0]);
            h->s1 = _mm256_loadu_ps(&g->s[ST_LP][0][l0]);
            h->s2 = _mm256_loadu_ps(&g->s[ST_LP][1][l0]);
        }
    }
    const int n = gs[0]->n, abs0 = gs[0]->abs0; /* the same for every group of a call */
    for (int h0 = 0; h0 < H; h0 += PASS_HALVES) {
        switch (H - h0 < PASS_HALVES ? H - h0 : PASS_HALVES) {
        case 4: lp_halves(hv + h0, 4, n, abs0); break;
        case 3: lp_halves(hv + h0, 3, n, abs0); break;
        case 2: lp_halves(hv + h0, 2, n, abs0); break;
        default: lp_halves(hv + h0, 1, n, abs0); break;
        }
    }
    int h = 0;
    for (int q = 0; q < count; q++)
        for (int l0 = 0; l0 < gs[q]->nlanes; l0 += 8, h++) {
            _mm256_storeu_ps(&gs[q]->s[ST_LP][0][l0], hv[h].s1);
            _mm256_storeu_ps(&gs[q]->s[ST_LP][1][l0], hv[h].s2);
        }
}

#endif
