/* dsp_bank_avx2.c - AVX2 lane kernels: 8 oscillators or filter channels
 * per register, lanes 8..15 of a call in a second pass
 * (dsp_bank_lanes.h).
 *
 * Only these functions carry target("avx2") (no "fma"). The operations
 * per lane are the scalar kernels', in their order, so the results are the
 * same bits as dsp_osc.c / dsp_svf.c and as the AVX-512 kernels. Audio
 * moves through 8x8 register transposes, as in dsp_bank_avx512.c. */
#include "dsp/dsp_bank_lanes.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#include <stdint.h>
#include <string.h>

#include "dsp/dsp_bank_lanes_impl.h"

#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

#define A2_ATTR __attribute__((target("avx2")))
#define A2_FN A2_ATTR static inline __attribute__((always_inline))
#define W 8 /* lanes per register and frames per tile */

/* r[i] (row i = 8 values) becomes column i. */
A2_FN void a2_transpose(__m256 r[W])
{
    __m256 t[W];
    for (int i = 0; i < W; i += 2) {
        t[i] = _mm256_unpacklo_ps(r[i], r[i + 1]);
        t[i + 1] = _mm256_unpackhi_ps(r[i], r[i + 1]);
    }
    for (int i = 0; i < W; i += 4) {
        r[i] = _mm256_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(1, 0, 1, 0));
        r[i + 1] = _mm256_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(3, 2, 3, 2));
        r[i + 2] = _mm256_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(1, 0, 1, 0));
        r[i + 3] = _mm256_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(3, 2, 3, 2));
    }
    for (int j = 0; j < 4; j++) {
        t[j] = _mm256_permute2f128_ps(r[j], r[j + 4], 0x20);
        t[j + 4] = _mm256_permute2f128_ps(r[j], r[j + 4], 0x31);
    }
    for (int j = 0; j < W; j++) r[j] = t[j];
}

/* The same on 8 named registers, straight-line (keeps the tile in registers). */
#define A2_T8(r0, r1, r2, r3, r4, r5, r6, r7)                                        \
    do {                                                                             \
        __m256 t0_ = _mm256_unpacklo_ps(r0, r1), t1_ = _mm256_unpackhi_ps(r0, r1);   \
        __m256 t2_ = _mm256_unpacklo_ps(r2, r3), t3_ = _mm256_unpackhi_ps(r2, r3);   \
        __m256 t4_ = _mm256_unpacklo_ps(r4, r5), t5_ = _mm256_unpackhi_ps(r4, r5);   \
        __m256 t6_ = _mm256_unpacklo_ps(r6, r7), t7_ = _mm256_unpackhi_ps(r6, r7);   \
        r0 = _mm256_shuffle_ps(t0_, t2_, _MM_SHUFFLE(1, 0, 1, 0));                   \
        r1 = _mm256_shuffle_ps(t0_, t2_, _MM_SHUFFLE(3, 2, 3, 2));                   \
        r2 = _mm256_shuffle_ps(t1_, t3_, _MM_SHUFFLE(1, 0, 1, 0));                   \
        r3 = _mm256_shuffle_ps(t1_, t3_, _MM_SHUFFLE(3, 2, 3, 2));                   \
        r4 = _mm256_shuffle_ps(t4_, t6_, _MM_SHUFFLE(1, 0, 1, 0));                   \
        r5 = _mm256_shuffle_ps(t4_, t6_, _MM_SHUFFLE(3, 2, 3, 2));                   \
        r6 = _mm256_shuffle_ps(t5_, t7_, _MM_SHUFFLE(1, 0, 1, 0));                   \
        r7 = _mm256_shuffle_ps(t5_, t7_, _MM_SHUFFLE(3, 2, 3, 2));                   \
        t0_ = _mm256_permute2f128_ps(r0, r4, 0x20); t4_ = _mm256_permute2f128_ps(r0, r4, 0x31); \
        t1_ = _mm256_permute2f128_ps(r1, r5, 0x20); t5_ = _mm256_permute2f128_ps(r1, r5, 0x31); \
        t2_ = _mm256_permute2f128_ps(r2, r6, 0x20); t6_ = _mm256_permute2f128_ps(r2, r6, 0x31); \
        t3_ = _mm256_permute2f128_ps(r3, r7, 0x20); t7_ = _mm256_permute2f128_ps(r3, r7, 0x31); \
        r0 = t0_; r1 = t1_; r2 = t2_; r3 = t3_; r4 = t4_; r5 = t5_; r6 = t6_; r7 = t7_;  \
    } while (0)
#define A2_CALL(m, ...) m(__VA_ARGS__)
#define A2_REGS(x) x##0, x##1, x##2, x##3, x##4, x##5, x##6, x##7

A2_FN __m256i a2_frame_mask(int m)
{
    const __m256i idx = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(m), idx);
}

/* Writes the first m frames of tile y to lanes [0, count) of out at i0. */
A2_FN void a2_store_tile(__m256 y[W], float *const out[], int count, int i0, int m)
{
    a2_transpose(y);
    if (m >= W) {
        for (int v = 0; v < count; v++) _mm256_storeu_ps(out[v] + i0, y[v]);
    } else {
        __m256i k = a2_frame_mask(m);
        for (int v = 0; v < count; v++) _mm256_maskstore_ps(out[v] + i0, k, y[v]);
    }
}

/* ---- oscillators ------------------------------------------------------------------- */

#define SEL(k, a, b) _mm256_blendv_ps((b), (a), (k))
#define LT(a, b) _mm256_cmp_ps((a), (b), _CMP_LT_OQ)
#define GT(a, b) _mm256_cmp_ps((a), (b), _CMP_GT_OQ)
#define GE(a, b) _mm256_cmp_ps((a), (b), _CMP_GE_OQ)
#define NEG(x) _mm256_xor_ps((x), _mm256_set1_ps(-0.0f))

A2_FN __m256 a2_blep(__m256 t, __m256 dt, __m256 top)
{
    const __m256 one = _mm256_set1_ps(1.0f);
    __m256 lo = LT(t, dt), hi = GT(t, top);
    __m256 x = _mm256_div_ps(SEL(lo, t, _mm256_sub_ps(t, one)), dt);
    __m256 xx = _mm256_mul_ps(x, x);
    __m256 r1 = _mm256_sub_ps(_mm256_sub_ps(_mm256_add_ps(x, x), xx), one);
    __m256 r2 = _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(xx, x), x), one);
    return _mm256_and_ps(_mm256_or_ps(lo, hi), SEL(lo, r1, r2));
}

A2_FN __m256 a2_blamp(__m256 t, __m256 dt, __m256 top)
{
    const __m256 one = _mm256_set1_ps(1.0f);
    __m256 lo = LT(t, dt), hi = GT(t, top);
    __m256 q = _mm256_div_ps(SEL(lo, t, _mm256_sub_ps(t, one)), dt);
    __m256 x = SEL(lo, _mm256_sub_ps(q, one), _mm256_add_ps(q, one));
    __m256 c = SEL(lo, _mm256_set1_ps(-1.0f / 3.0f), _mm256_set1_ps(1.0f / 3.0f));
    __m256 r = _mm256_mul_ps(_mm256_mul_ps(_mm256_mul_ps(c, x), x), x);
    return _mm256_and_ps(_mm256_or_ps(lo, hi), r);
}

A2_FN __m256 a2_wrap01(__m256 t)
{
    const __m256 one = _mm256_set1_ps(1.0f);
    __m256 below = SEL(LT(t, _mm256_setzero_ps()), _mm256_add_ps(t, one), t);
    return SEL(GE(t, one), _mm256_sub_ps(t, one), below);
}

A2_FN __m256 a2_sin2pi01(__m256 x)
{
    __m256 r = SEL(GE(x, _mm256_set1_ps(0.5f)), _mm256_sub_ps(x, _mm256_set1_ps(1.0f)), x);
    __m256 neg = LT(r, _mm256_setzero_ps());
    __m256 a = SEL(neg, NEG(r), r);
    a = SEL(GT(a, _mm256_set1_ps(0.25f)), _mm256_sub_ps(_mm256_set1_ps(0.5f), a), a);
    __m256 y = _mm256_mul_ps(_mm256_set1_ps((float)DSP_TWO_PI), a);
    __m256 y2 = _mm256_mul_ps(y, y);
    __m256 p = _mm256_add_ps(_mm256_set1_ps(2.7557319e-6f), _mm256_mul_ps(y2, _mm256_set1_ps(-2.5052108e-8f)));
    p = _mm256_add_ps(_mm256_set1_ps(-1.9841270e-4f), _mm256_mul_ps(y2, p));
    p = _mm256_add_ps(_mm256_set1_ps(8.3333333e-3f), _mm256_mul_ps(y2, p));
    p = _mm256_add_ps(_mm256_set1_ps(-1.6666667e-1f), _mm256_mul_ps(y2, p));
    p = _mm256_add_ps(_mm256_set1_ps(1.0f), _mm256_mul_ps(y2, p));
    __m256 s = _mm256_mul_ps(y, p);
    return SEL(neg, NEG(s), s);
}

A2_FN __m256 a2_shape(DspWave wave, __m256 t, __m256 dt, __m256 top, __m256 w)
{
    const __m256 one = _mm256_set1_ps(1.0f);
    switch (wave) {
    case DSP_WAVE_SINE: return a2_sin2pi01(t);
    case DSP_WAVE_SAW:
        return _mm256_sub_ps(_mm256_sub_ps(_mm256_mul_ps(_mm256_set1_ps(2.0f), t), one), a2_blep(t, dt, top));
    case DSP_WAVE_SQUARE:
    case DSP_WAVE_PULSE: {
        __m256 v = SEL(LT(t, w), one, _mm256_set1_ps(-1.0f));
        __m256 b2 = a2_blep(a2_wrap01(_mm256_sub_ps(t, w)), dt, top);
        return _mm256_sub_ps(_mm256_add_ps(v, a2_blep(t, dt, top)), b2);
    }
    case DSP_WAVE_TRI: {
        __m256 d = _mm256_sub_ps(t, _mm256_set1_ps(0.5f));
        __m256 ad = SEL(LT(d, _mm256_setzero_ps()), NEG(d), d);
        __m256 v = _mm256_sub_ps(one, _mm256_mul_ps(_mm256_set1_ps(4.0f), ad));
        __m256 b = _mm256_sub_ps(a2_blamp(t, dt, top), a2_blamp(a2_wrap01(_mm256_add_ps(t, _mm256_set1_ps(0.5f))), dt, top));
        return _mm256_add_ps(v, _mm256_mul_ps(_mm256_mul_ps(_mm256_set1_ps(5.0f), dt), b));
    }
    }
    return _mm256_setzero_ps();
}

/* The oscillators' registers between frames (lanes g..g+7). */
typedef struct A2Osc {
    __m256 amp, step, dt, top, w, on;
    __m256d ph0, ph1, inc0, inc1; /* lanes 0-3 and 4-7 */
    __m256d run0, run1;           /* settled: the increment of sounding lanes, 0 for silent ones */
} A2Osc;

/* One frame (dsp_osc.c's run() loop body); see a5_osc_frame. */
A2_FN __m256 a2_osc_frame(A2Osc *s, DspWave wave, bool settled)
{
    const __m256 one = _mm256_set1_ps(1.0f), zero = _mm256_setzero_ps();
    const __m256d oned = _mm256_set1_pd(1.0);
    __m256 live = s->on;
    if (!settled) {
        __m256 up = _mm256_add_ps(s->amp, s->step), dn = _mm256_sub_ps(s->amp, s->step);
        up = SEL(LT(up, one), up, one);
        dn = SEL(GT(dn, zero), dn, zero);
        s->amp = SEL(s->on, up, dn);
        live = _mm256_cmp_ps(s->amp, zero, _CMP_NEQ_UQ);
    }
    __m256 t = _mm256_insertf128_ps(_mm256_castps128_ps256(_mm256_cvtpd_ps(s->ph0)), _mm256_cvtpd_ps(s->ph1), 1);
    t = _mm256_andnot_ps(GE(t, one), t);
    __m256 y = _mm256_and_ps(live, _mm256_mul_ps(s->amp, a2_shape(wave, t, s->dt, s->top, s->w)));
    if (settled) { /* compare-free wrap, as in dsp_bank_avx512.c */
        s->ph0 = _mm256_add_pd(s->ph0, s->run0);
        s->ph1 = _mm256_add_pd(s->ph1, s->run1);
        s->ph0 = _mm256_sub_pd(s->ph0, _mm256_round_pd(s->ph0, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC));
        s->ph1 = _mm256_sub_pd(s->ph1, _mm256_round_pd(s->ph1, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC));
        return y;
    }
    __m256i li = _mm256_castps_si256(live);
    __m256d l0 = _mm256_castsi256_pd(_mm256_cvtepi32_epi64(_mm256_castsi256_si128(li)));
    __m256d l1 = _mm256_castsi256_pd(_mm256_cvtepi32_epi64(_mm256_extracti128_si256(li, 1)));
    s->ph0 = _mm256_blendv_pd(s->ph0, _mm256_add_pd(s->ph0, s->inc0), l0);
    s->ph1 = _mm256_blendv_pd(s->ph1, _mm256_add_pd(s->ph1, s->inc1), l1);
    __m256d w0 = _mm256_and_pd(l0, _mm256_cmp_pd(s->ph0, oned, _CMP_GE_OQ));
    __m256d w1 = _mm256_and_pd(l1, _mm256_cmp_pd(s->ph1, oned, _CMP_GE_OQ));
    s->ph0 = _mm256_blendv_pd(s->ph0, _mm256_sub_pd(s->ph0, oned), w0);
    s->ph1 = _mm256_blendv_pd(s->ph1, _mm256_sub_pd(s->ph1, oned), w1);
    return y;
}

/* Lanes [g, g + 8) of the call. */
A2_FN void a2_osc_group(LaneOscPrep *p, const DspOscLanes *l, int g, int n, DspWave wave)
{
    const __m256 one = _mm256_set1_ps(1.0f), zero = _mm256_setzero_ps();
    A2Osc s;
    s.step = _mm256_loadu_ps(p->step + g);
    s.dt = _mm256_loadu_ps(p->inc + g);
    s.top = _mm256_loadu_ps(p->top + g);
    s.w = _mm256_loadu_ps(p->w + g);
    s.on = _mm256_castsi256_ps(_mm256_loadu_si256((const __m256i *)(p->on + g)));
    s.inc0 = _mm256_loadu_pd(p->incd + g);
    s.inc1 = _mm256_loadu_pd(p->incd + g + 4);
    s.amp = _mm256_loadu_ps(p->amp + g);
    s.ph0 = _mm256_loadu_pd(p->ph + g);
    s.ph1 = _mm256_loadu_pd(p->ph + g + 4);
    __m256i oni = _mm256_castps_si256(s.on);
    s.run0 = _mm256_and_pd(_mm256_castsi256_pd(_mm256_cvtepi32_epi64(_mm256_castsi256_si128(oni))), s.inc0);
    s.run1 = _mm256_and_pd(_mm256_castsi256_pd(_mm256_cvtepi32_epi64(_mm256_extracti128_si256(oni, 1))), s.inc1);
    int count = l->count - g < W ? l->count - g : W;
    float sink[DSP_BLOCK_MAX]; /* unused lanes write here */
    float *out[W];
    for (int v = 0; v < W; v++) out[v] = v < count ? l->out[g + v] : sink;
    int i0 = 0;
    if (_mm256_movemask_ps(s.on) == 0 && _mm256_movemask_ps(_mm256_cmp_ps(s.amp, zero, _CMP_EQ_OQ)) == 0xFF) {
        /* every lane silent and resting: zeros, phases held */
        for (int v = 0; v < count; v++) memset(l->out[g + v], 0, sizeof(float) * (size_t)n);
        i0 = n;
    }
    for (; i0 < n; i0 += W) {
        int m = n - i0 < W ? n - i0 : W;
        __m256 rest = _mm256_or_ps(_mm256_and_ps(s.on, _mm256_cmp_ps(s.amp, one, _CMP_EQ_OQ)),
                                   _mm256_andnot_ps(s.on, _mm256_cmp_ps(s.amp, zero, _CMP_EQ_OQ)));
        if (m == W && _mm256_movemask_ps(rest) == 0xFF) {
            __m256 A2_REGS(y);
            y0 = a2_osc_frame(&s, wave, true); y1 = a2_osc_frame(&s, wave, true);
            y2 = a2_osc_frame(&s, wave, true); y3 = a2_osc_frame(&s, wave, true);
            y4 = a2_osc_frame(&s, wave, true); y5 = a2_osc_frame(&s, wave, true);
            y6 = a2_osc_frame(&s, wave, true); y7 = a2_osc_frame(&s, wave, true);
            A2_CALL(A2_T8, A2_REGS(y));
            _mm256_storeu_ps(out[0] + i0, y0); _mm256_storeu_ps(out[1] + i0, y1);
            _mm256_storeu_ps(out[2] + i0, y2); _mm256_storeu_ps(out[3] + i0, y3);
            _mm256_storeu_ps(out[4] + i0, y4); _mm256_storeu_ps(out[5] + i0, y5);
            _mm256_storeu_ps(out[6] + i0, y6); _mm256_storeu_ps(out[7] + i0, y7);
            continue;
        }
        __m256 y[W];
        for (int f = 0; f < W; f++) y[f] = f < m ? a2_osc_frame(&s, wave, false) : zero;
        a2_store_tile(y, l->out + g, count, i0, m);
    }
    _mm256_storeu_ps(p->amp + g, s.amp);
    _mm256_storeu_pd(p->ph + g, s.ph0);
    _mm256_storeu_pd(p->ph + g + 4, s.ph1);
}

A2_FN void a2_osc(const DspOscLanes *l, int n, DspWave wave)
{
    LaneOscPrep p;
    lane_osc_prep(&p, l);
    for (int g = 0; g < l->count; g += W) a2_osc_group(&p, l, g, n, wave);
    lane_osc_finish(&p, l);
}

#define A2_OSC(name, wave) \
    A2_ATTR static void name(const DspOscLanes *l, int n) { a2_osc(l, n, wave); }
A2_OSC(a2_osc_sine, DSP_WAVE_SINE)
A2_OSC(a2_osc_saw, DSP_WAVE_SAW)
A2_OSC(a2_osc_square, DSP_WAVE_SQUARE)
A2_OSC(a2_osc_tri, DSP_WAVE_TRI)
A2_OSC(a2_osc_pulse, DSP_WAVE_PULSE)

static void a2_osc_any(const DspOscLanes *l, int n)
{
    if (n <= 0 || l->count <= 0) return;
    if (n > DSP_BLOCK_MAX) n = DSP_BLOCK_MAX;
    switch (l->wave) {
    case DSP_WAVE_SINE: a2_osc_sine(l, n); break;
    case DSP_WAVE_SAW: a2_osc_saw(l, n); break;
    case DSP_WAVE_SQUARE: a2_osc_square(l, n); break;
    case DSP_WAVE_TRI: a2_osc_tri(l, n); break;
    case DSP_WAVE_PULSE: a2_osc_pulse(l, n); break;
    }
}

/* ---- filters ----------------------------------------------------------------------- */

#define A2_SVF_STEP(x)                                                                                        \
    do {                                                                                                      \
        __m256 v0_ = (x);                                                                                     \
        __m256 v3_ = _mm256_sub_ps(v0_, s2);                                                                  \
        __m256 v1_ = _mm256_add_ps(_mm256_mul_ps(a1, s1), _mm256_mul_ps(a2, v3_));                            \
        __m256 v2_ = _mm256_add_ps(_mm256_add_ps(s2, _mm256_mul_ps(a2, s1)), _mm256_mul_ps(a3, v3_));         \
        __m256 n1_ = _mm256_add_ps(_mm256_mul_ps(c11, s1), _mm256_add_ps(_mm256_mul_ps(c12, s2), _mm256_mul_ps(c21, v0_))); \
        __m256 n2_ = _mm256_add_ps(_mm256_mul_ps(c22, s2), _mm256_add_ps(_mm256_mul_ps(c21, s1), _mm256_mul_ps(b2, v0_)));  \
        s1 = n1_;                                                                                             \
        s2 = n2_;                                                                                             \
        (x) = _mm256_add_ps(_mm256_add_ps(_mm256_mul_ps(m0, v0_), _mm256_mul_ps(mk, v1_)), _mm256_mul_ps(m2, v2_)); \
    } while (0)

A2_FN void a2_svf_group(LaneSvfPrep *p, const DspSvfLanes *l, int g, int n)
{
#define LD(x) const __m256 x = _mm256_loadu_ps(p->x + g)
    LD(a1); LD(a2); LD(a3); LD(mk); LD(c11); LD(c12); LD(c21); LD(c22); LD(b2); LD(m0); LD(m2);
#undef LD
    __m256 s1 = _mm256_loadu_ps(p->s1 + g), s2 = _mm256_loadu_ps(p->s2 + g);
    int count = l->count - g < W ? l->count - g : W;
    static const float zeros[DSP_BLOCK_MAX];
    float sink[DSP_BLOCK_MAX]; /* unused lanes read zeros and write here */
    const float *in[W];
    float *out[W];
    for (int v = 0; v < W; v++) {
        in[v] = v < count ? l->in[g + v] : zeros;
        out[v] = v < count ? l->out[g + v] : sink;
    }
    int i0 = 0;
    for (; i0 + W <= n; i0 += W) {
        __m256 A2_REGS(x);
        x0 = _mm256_loadu_ps(in[0] + i0); x1 = _mm256_loadu_ps(in[1] + i0);
        x2 = _mm256_loadu_ps(in[2] + i0); x3 = _mm256_loadu_ps(in[3] + i0);
        x4 = _mm256_loadu_ps(in[4] + i0); x5 = _mm256_loadu_ps(in[5] + i0);
        x6 = _mm256_loadu_ps(in[6] + i0); x7 = _mm256_loadu_ps(in[7] + i0);
        A2_CALL(A2_T8, A2_REGS(x));
        A2_SVF_STEP(x0); A2_SVF_STEP(x1); A2_SVF_STEP(x2); A2_SVF_STEP(x3);
        A2_SVF_STEP(x4); A2_SVF_STEP(x5); A2_SVF_STEP(x6); A2_SVF_STEP(x7);
        A2_CALL(A2_T8, A2_REGS(x));
        _mm256_storeu_ps(out[0] + i0, x0); _mm256_storeu_ps(out[1] + i0, x1);
        _mm256_storeu_ps(out[2] + i0, x2); _mm256_storeu_ps(out[3] + i0, x3);
        _mm256_storeu_ps(out[4] + i0, x4); _mm256_storeu_ps(out[5] + i0, x5);
        _mm256_storeu_ps(out[6] + i0, x6); _mm256_storeu_ps(out[7] + i0, x7);
    }
    if (i0 < n) { /* the last m < 8 frames */
        int m = n - i0;
        __m256i k = a2_frame_mask(m);
        __m256 x[W];
        for (int v = 0; v < W; v++) x[v] = _mm256_maskload_ps(in[v] + i0, k);
        a2_transpose(x);
        for (int f = 0; f < m; f++) A2_SVF_STEP(x[f]);
        a2_store_tile(x, l->out + g, count, i0, m);
    }
    _mm256_storeu_ps(p->s1 + g, s1);
    _mm256_storeu_ps(p->s2 + g, s2);
}

A2_ATTR static void a2_svf_run(const DspSvfLanes *l, int n)
{
    LaneSvfPrep p;
    lane_svf_prep(&p, l);
    for (int g = 0; g < l->count; g += W) a2_svf_group(&p, l, g, n);
    lane_svf_finish(&p, l);
}

static void a2_svf(const DspSvfLanes *l, int n)
{
    if (n <= 0 || l->count <= 0) return;
    if (n > DSP_BLOCK_MAX) n = DSP_BLOCK_MAX;
    a2_svf_run(l, n);
}

/* ---- buffer arithmetic ----------------------------------------------------------------- */

#define A2_ARITH(name, vop, sop)                                                            \
    A2_ATTR static void name(float *out, const float *a, const float *b, int n)            \
    {                                                                                       \
        int i = 0;                                                                          \
        for (; i + W <= n; i += W)                                                          \
            _mm256_storeu_ps(out + i, vop(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i))); \
        for (; i < n; i++) out[i] = a[i] sop b[i];                                          \
    }
A2_ARITH(a2_add, _mm256_add_ps, +)
A2_ARITH(a2_sub, _mm256_sub_ps, -)
A2_ARITH(a2_mul, _mm256_mul_ps, *)

static void a2_arith(DspLaneOp op, float *out, const float *a, const float *b, int n)
{
    switch (op) {
    case DSP_LANE_ADD: a2_add(out, a, b, n); break;
    case DSP_LANE_SUB: a2_sub(out, a, b, n); break;
    case DSP_LANE_MUL: a2_mul(out, a, b, n); break;
    }
}

bool dsp_lane_kernels_avx2(DspLaneKernels *k)
{
    k->name = "avx2";
    k->lanes = W;
    k->osc = a2_osc_any;
    k->svf = a2_svf;
    k->arith = a2_arith;
    return true;
}

#else

bool dsp_lane_kernels_avx2(DspLaneKernels *k)
{
    (void)k;
    return false;
}

#endif
