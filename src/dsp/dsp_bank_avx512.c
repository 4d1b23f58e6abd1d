/* dsp_bank_avx512.c - AVX-512F lane kernels: 16 oscillators or filter
 * channels per register (dsp_bank_lanes.h).
 *
 * Only these functions carry target("avx512f"). Each lane does exactly the
 * scalar kernel's operations in the scalar kernel's order (no FMA: GCC
 * compiles C17 with -ffp-contract=off, and clang is told so below), so the
 * results are the same bits. Audio moves between the lanes' own buffers
 * and the lane-across-register layout through 16x16 register transposes:
 * the filter loads 16 frames of 16 buffers and transposes them into 16
 * frame vectors; both kernels compute 16 frame vectors into a tile and
 * transpose it back into 16 frames of 16 buffers. */
#include "dsp/dsp_bank_lanes.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#include <stdint.h>
#include <string.h>

#include "dsp/dsp_bank_lanes_impl.h"

#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

#define A5_ATTR __attribute__((target("avx512f")))
#define A5_FN A5_ATTR static inline __attribute__((always_inline))
#define T 16 /* lanes per register and frames per tile */

/* r[i] (row i = 16 values) becomes column i. */
A5_FN void a5_transpose(__m512 r[T])
{
    __m512 t[T];
    for (int i = 0; i < T; i += 2) {
        t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);
        t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);
    }
    for (int i = 0; i < T; i += 4) {
        r[i] = _mm512_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(1, 0, 1, 0));
        r[i + 1] = _mm512_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(3, 2, 3, 2));
        r[i + 2] = _mm512_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(1, 0, 1, 0));
        r[i + 3] = _mm512_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(3, 2, 3, 2));
    }
    /* r[0..3]: rows 0-3 at columns (0,4,8,12)+j in 128-bit lane k; r[4..7] rows 4-7 ... */
    for (int j = 0; j < 4; j++) {
        t[j] = _mm512_shuffle_f32x4(r[j], r[j + 4], 0x88);
        t[j + 4] = _mm512_shuffle_f32x4(r[j], r[j + 4], 0xdd);
        t[j + 8] = _mm512_shuffle_f32x4(r[j + 8], r[j + 12], 0x88);
        t[j + 12] = _mm512_shuffle_f32x4(r[j + 8], r[j + 12], 0xdd);
    }
    for (int j = 0; j < 4; j++) {
        r[j] = _mm512_shuffle_f32x4(t[j], t[j + 8], 0x88);
        r[j + 4] = _mm512_shuffle_f32x4(t[j + 4], t[j + 12], 0x88);
        r[j + 8] = _mm512_shuffle_f32x4(t[j], t[j + 8], 0xdd);
        r[j + 12] = _mm512_shuffle_f32x4(t[j + 4], t[j + 12], 0xdd);
    }
}

/* The same transpose on 16 named registers, straight-line (GCC keeps an
 * array of vectors in memory; this keeps the whole tile in registers). */
#define A5_UNPACK(a, b, lo, hi)         \
    lo = _mm512_unpacklo_ps((a), (b)); \
    hi = _mm512_unpackhi_ps((a), (b))
#define A5_SHUF4(t0, t1, t2, t3, r0, r1, r2, r3)                \
    r0 = _mm512_shuffle_ps(t0, t2, _MM_SHUFFLE(1, 0, 1, 0)); \
    r1 = _mm512_shuffle_ps(t0, t2, _MM_SHUFFLE(3, 2, 3, 2)); \
    r2 = _mm512_shuffle_ps(t1, t3, _MM_SHUFFLE(1, 0, 1, 0)); \
    r3 = _mm512_shuffle_ps(t1, t3, _MM_SHUFFLE(3, 2, 3, 2))
#define A5_LANE4(a, b, lo, hi)                 \
    lo = _mm512_shuffle_f32x4((a), (b), 0x88); \
    hi = _mm512_shuffle_f32x4((a), (b), 0xdd)
#define A5_T16(r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11, r12, r13, r14, r15)                     \
    do {                                                                                                 \
        __m512 t0_, t1_, t2_, t3_, t4_, t5_, t6_, t7_, t8_, t9_, t10_, t11_, t12_, t13_, t14_, t15_;     \
        A5_UNPACK(r0, r1, t0_, t1_); A5_UNPACK(r2, r3, t2_, t3_);                                        \
        A5_UNPACK(r4, r5, t4_, t5_); A5_UNPACK(r6, r7, t6_, t7_);                                        \
        A5_UNPACK(r8, r9, t8_, t9_); A5_UNPACK(r10, r11, t10_, t11_);                                    \
        A5_UNPACK(r12, r13, t12_, t13_); A5_UNPACK(r14, r15, t14_, t15_);                                \
        A5_SHUF4(t0_, t1_, t2_, t3_, r0, r1, r2, r3);                                                    \
        A5_SHUF4(t4_, t5_, t6_, t7_, r4, r5, r6, r7);                                                    \
        A5_SHUF4(t8_, t9_, t10_, t11_, r8, r9, r10, r11);                                                \
        A5_SHUF4(t12_, t13_, t14_, t15_, r12, r13, r14, r15);                                            \
        A5_LANE4(r0, r4, t0_, t4_); A5_LANE4(r1, r5, t1_, t5_);                                          \
        A5_LANE4(r2, r6, t2_, t6_); A5_LANE4(r3, r7, t3_, t7_);                                          \
        A5_LANE4(r8, r12, t8_, t12_); A5_LANE4(r9, r13, t9_, t13_);                                      \
        A5_LANE4(r10, r14, t10_, t14_); A5_LANE4(r11, r15, t11_, t15_);                                  \
        A5_LANE4(t0_, t8_, r0, r8); A5_LANE4(t1_, t9_, r1, r9);                                          \
        A5_LANE4(t2_, t10_, r2, r10); A5_LANE4(t3_, t11_, r3, r11);                                      \
        A5_LANE4(t4_, t12_, r4, r12); A5_LANE4(t5_, t13_, r5, r13);                                      \
        A5_LANE4(t6_, t14_, r6, r14); A5_LANE4(t7_, t15_, r7, r15);                                      \
    } while (0)
#define A5_CALL(m, ...) m(__VA_ARGS__)
#define A5_REGS(x) x##0, x##1, x##2, x##3, x##4, x##5, x##6, x##7, x##8, x##9, x##10, x##11, x##12, x##13, x##14, x##15

/* Writes the first m frames of tile y (frame f = y[f], lanes across) to the
 * lanes' buffers at frame i0. */
A5_FN void a5_store_tile(__m512 y[T], float *const out[], int count, int i0, int m)
{
    a5_transpose(y);
    __mmask16 k = (__mmask16)(m >= T ? 0xFFFFu : (1u << m) - 1u);
    for (int v = 0; v < count; v++) _mm512_mask_storeu_ps(out[v] + i0, k, y[v]);
}

/* ---- oscillators ------------------------------------------------------------------- */

/* x ? a : b per lane. */
#define SEL(k, a, b) _mm512_mask_blend_ps((k), (b), (a))
#define LT(a, b) _mm512_cmp_ps_mask((a), (b), _CMP_LT_OQ)
#define GT(a, b) _mm512_cmp_ps_mask((a), (b), _CMP_GT_OQ)
#define GE(a, b) _mm512_cmp_ps_mask((a), (b), _CMP_GE_OQ)

/* dsp_polyblep(t, dt) (dsp.h): t < dt ? x+x-x*x-1 (x = t/dt) : t > 1-dt ? x*x+x+x+1
 * (x = (t-1)/dt) : 0. One division serves both sides (never both true). */
A5_FN __m512 a5_blep(__m512 t, __m512 dt, __m512 top)
{
    const __m512 one = _mm512_set1_ps(1.0f);
    __mmask16 lo = LT(t, dt), hi = GT(t, top);
    __m512 x = _mm512_div_ps(SEL(lo, t, _mm512_sub_ps(t, one)), dt);
    __m512 xx = _mm512_mul_ps(x, x);
    __m512 r1 = _mm512_sub_ps(_mm512_sub_ps(_mm512_add_ps(x, x), xx), one);
    __m512 r2 = _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(xx, x), x), one);
    return _mm512_maskz_mov_ps((__mmask16)(lo | hi), SEL(lo, r1, r2));
}

/* dsp_osc.c's blamp(t, dt). */
A5_FN __m512 a5_blamp(__m512 t, __m512 dt, __m512 top)
{
    const __m512 one = _mm512_set1_ps(1.0f);
    __mmask16 lo = LT(t, dt), hi = GT(t, top);
    __m512 q = _mm512_div_ps(SEL(lo, t, _mm512_sub_ps(t, one)), dt);
    __m512 x = SEL(lo, _mm512_sub_ps(q, one), _mm512_add_ps(q, one));
    __m512 c = SEL(lo, _mm512_set1_ps(-1.0f / 3.0f), _mm512_set1_ps(1.0f / 3.0f));
    __m512 r = _mm512_mul_ps(_mm512_mul_ps(_mm512_mul_ps(c, x), x), x);
    return _mm512_maskz_mov_ps((__mmask16)(lo | hi), r);
}

/* dsp_osc.c's wrap01. */
A5_FN __m512 a5_wrap01(__m512 t)
{
    const __m512 one = _mm512_set1_ps(1.0f);
    __m512 below = SEL(LT(t, _mm512_setzero_ps()), _mm512_add_ps(t, one), t);
    return SEL(GE(t, one), _mm512_sub_ps(t, one), below);
}

/* dsp.h's dsp_sin2pi01. */
A5_FN __m512 a5_sin2pi01(__m512 x)
{
    const __m512 zero = _mm512_setzero_ps();
    __m512 r = SEL(GE(x, _mm512_set1_ps(0.5f)), _mm512_sub_ps(x, _mm512_set1_ps(1.0f)), x);
    __mmask16 neg = LT(r, zero);
    __m512 nr = _mm512_castsi512_ps(_mm512_xor_si512(_mm512_castps_si512(r), _mm512_set1_epi32((int32_t)0x80000000u)));
    __m512 a = SEL(neg, nr, r);
    a = SEL(GT(a, _mm512_set1_ps(0.25f)), _mm512_sub_ps(_mm512_set1_ps(0.5f), a), a);
    __m512 y = _mm512_mul_ps(_mm512_set1_ps((float)DSP_TWO_PI), a);
    __m512 y2 = _mm512_mul_ps(y, y);
    __m512 p = _mm512_add_ps(_mm512_set1_ps(2.7557319e-6f), _mm512_mul_ps(y2, _mm512_set1_ps(-2.5052108e-8f)));
    p = _mm512_add_ps(_mm512_set1_ps(-1.9841270e-4f), _mm512_mul_ps(y2, p));
    p = _mm512_add_ps(_mm512_set1_ps(8.3333333e-3f), _mm512_mul_ps(y2, p));
    p = _mm512_add_ps(_mm512_set1_ps(-1.6666667e-1f), _mm512_mul_ps(y2, p));
    p = _mm512_add_ps(_mm512_set1_ps(1.0f), _mm512_mul_ps(y2, p));
    __m512 s = _mm512_mul_ps(y, p);
    __m512 ns = _mm512_castsi512_ps(_mm512_xor_si512(_mm512_castps_si512(s), _mm512_set1_epi32((int32_t)0x80000000u)));
    return SEL(neg, ns, s);
}

/* dsp_osc.c's shape(wave, t, dt, w); top = 1 - dt. */
A5_FN __m512 a5_shape(DspWave wave, __m512 t, __m512 dt, __m512 top, __m512 w)
{
    const __m512 one = _mm512_set1_ps(1.0f);
    switch (wave) {
    case DSP_WAVE_SINE: return a5_sin2pi01(t);
    case DSP_WAVE_SAW:
        return _mm512_sub_ps(_mm512_sub_ps(_mm512_mul_ps(_mm512_set1_ps(2.0f), t), one), a5_blep(t, dt, top));
    case DSP_WAVE_SQUARE:
    case DSP_WAVE_PULSE: {
        __m512 v = SEL(LT(t, w), one, _mm512_set1_ps(-1.0f));
        __m512 b2 = a5_blep(a5_wrap01(_mm512_sub_ps(t, w)), dt, top);
        return _mm512_sub_ps(_mm512_add_ps(v, a5_blep(t, dt, top)), b2);
    }
    case DSP_WAVE_TRI: {
        __m512 d = _mm512_sub_ps(t, _mm512_set1_ps(0.5f));
        __m512 nd = _mm512_castsi512_ps(_mm512_xor_si512(_mm512_castps_si512(d), _mm512_set1_epi32((int32_t)0x80000000u)));
        __m512 ad = SEL(LT(d, _mm512_setzero_ps()), nd, d);
        __m512 v = _mm512_sub_ps(one, _mm512_mul_ps(_mm512_set1_ps(4.0f), ad));
        __m512 b = _mm512_sub_ps(a5_blamp(t, dt, top), a5_blamp(a5_wrap01(_mm512_add_ps(t, _mm512_set1_ps(0.5f))), dt, top));
        return _mm512_add_ps(v, _mm512_mul_ps(_mm512_mul_ps(_mm512_set1_ps(5.0f), dt), b));
    }
    }
    return _mm512_setzero_ps();
}

/* The oscillators' registers between frames. */
typedef struct A5Osc {
    __m512 amp, step, dt, top, w;
    __m512d ph0, ph1, inc0, inc1; /* lanes 0-7 and 8-15 */
    __m512d run0, run1;           /* settled: the increment of sounding lanes, 0 for silent ones */
    __mmask16 on;
} A5Osc;

/* One frame for all lanes (dsp_osc.c's run() loop body): returns the
 * output vector and advances gain and phase. settled: every gain is at
 * its resting point (1 sounding, 0 resting), where the update keeps it, so
 * it is skipped; `live` is then the sounding lanes. */
A5_FN __m512 a5_osc_frame(A5Osc *s, DspWave wave, bool settled, __mmask16 live)
{
    const __m512 one = _mm512_set1_ps(1.0f), zero = _mm512_setzero_ps();
    const __m512d oned = _mm512_set1_pd(1.0);
    if (!settled) {
        /* amp = on ? (amp + step < 1 ? amp + step : 1) : (amp - step > 0 ? amp - step : 0) */
        __m512 up = _mm512_add_ps(s->amp, s->step), dn = _mm512_sub_ps(s->amp, s->step);
        up = SEL(LT(up, one), up, one);
        dn = SEL(GT(dn, zero), dn, zero);
        s->amp = SEL(s->on, up, dn);
        live = _mm512_cmp_ps_mask(s->amp, zero, _CMP_NEQ_UQ); /* amp == 0: silent, phase held */
    }
    __m512 t = _mm512_castpd_ps(_mm512_insertf64x4(_mm512_castps_pd(_mm512_castps256_ps512(_mm512_cvtpd_ps(s->ph0))),
                                                   _mm256_castps_pd(_mm512_cvtpd_ps(s->ph1)), 1));
    t = _mm512_maskz_mov_ps((__mmask16)~GE(t, one), t); /* double -> float rounding at the top */
    __m512 y = _mm512_maskz_mul_ps(live, s->amp, a5_shape(wave, t, s->dt, s->top, s->w));
    if (settled) {
        /* ph += inc; if (ph >= 1) ph -= 1, without a compare on the chain: ph
         * is in [0, 1.45), so floor(ph) is the 0 or 1 to subtract (exact);
         * a silent lane adds 0 and stays below 1 */
        s->ph0 = _mm512_add_pd(s->ph0, s->run0);
        s->ph1 = _mm512_add_pd(s->ph1, s->run1);
        s->ph0 = _mm512_sub_pd(s->ph0, _mm512_roundscale_pd(s->ph0, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC));
        s->ph1 = _mm512_sub_pd(s->ph1, _mm512_roundscale_pd(s->ph1, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC));
        return y;
    }
    __mmask8 l0 = (__mmask8)(live & 0xFF), l1 = (__mmask8)(live >> 8);
    s->ph0 = _mm512_mask_add_pd(s->ph0, l0, s->ph0, s->inc0);
    s->ph1 = _mm512_mask_add_pd(s->ph1, l1, s->ph1, s->inc1);
    s->ph0 = _mm512_mask_sub_pd(s->ph0, (__mmask8)(l0 & _mm512_cmp_pd_mask(s->ph0, oned, _CMP_GE_OQ)), s->ph0, oned);
    s->ph1 = _mm512_mask_sub_pd(s->ph1, (__mmask8)(l1 & _mm512_cmp_pd_mask(s->ph1, oned, _CMP_GE_OQ)), s->ph1, oned);
    return y;
}

A5_FN void a5_osc(const DspOscLanes *l, int n, DspWave wave)
{
    LaneOscPrep p;
    lane_osc_prep(&p, l);
    const __m512 one = _mm512_set1_ps(1.0f), zero = _mm512_setzero_ps();
    A5Osc s;
    s.step = _mm512_loadu_ps(p.step);
    s.dt = _mm512_loadu_ps(p.inc);
    s.top = _mm512_loadu_ps(p.top);
    s.w = _mm512_loadu_ps(p.w);
    s.on = _mm512_cmpneq_epi32_mask(_mm512_loadu_si512(p.on), _mm512_setzero_si512());
    s.inc0 = _mm512_loadu_pd(p.incd);
    s.inc1 = _mm512_loadu_pd(p.incd + 8);
    s.amp = _mm512_loadu_ps(p.amp);
    s.ph0 = _mm512_loadu_pd(p.ph);
    s.ph1 = _mm512_loadu_pd(p.ph + 8);
    float sink[DSP_BLOCK_MAX]; /* unused lanes write here */
    float *out[T];
    for (int v = 0; v < T; v++) out[v] = v < l->count ? l->out[v] : sink;
    int i0 = 0;
    if (s.on == 0 && _mm512_cmp_ps_mask(s.amp, zero, _CMP_EQ_OQ) == 0xFFFF) {
        /* every lane silent and resting: zeros, phases held (the scalar
         * kernel's amp == 0 path for every frame) */
        for (int v = 0; v < l->count; v++) memset(l->out[v], 0, sizeof(float) * (size_t)n);
        i0 = n;
    }
    for (; i0 < n; i0 += T) {
        int m = n - i0 < T ? n - i0 : T;
        __mmask16 rest = (__mmask16)((_mm512_cmp_ps_mask(s.amp, one, _CMP_EQ_OQ) & s.on) |
                                     (_mm512_cmp_ps_mask(s.amp, zero, _CMP_EQ_OQ) & (__mmask16)~s.on));
        if (m == T && rest == 0xFFFF) {
            /* the common case: a whole tile, every gain settled; all in registers */
            s.run0 = _mm512_maskz_mov_pd((__mmask8)(s.on & 0xFF), s.inc0);
            s.run1 = _mm512_maskz_mov_pd((__mmask8)(s.on >> 8), s.inc1);
            __m512 A5_REGS(y);
#define FRAME(v) y##v = a5_osc_frame(&s, wave, true, s.on)
            FRAME(0); FRAME(1); FRAME(2); FRAME(3); FRAME(4); FRAME(5); FRAME(6); FRAME(7);
            FRAME(8); FRAME(9); FRAME(10); FRAME(11); FRAME(12); FRAME(13); FRAME(14); FRAME(15);
#undef FRAME
            A5_CALL(A5_T16, A5_REGS(y));
#define STOREY(v) _mm512_storeu_ps(out[v] + i0, y##v)
            STOREY(0); STOREY(1); STOREY(2); STOREY(3); STOREY(4); STOREY(5); STOREY(6); STOREY(7);
            STOREY(8); STOREY(9); STOREY(10); STOREY(11); STOREY(12); STOREY(13); STOREY(14); STOREY(15);
#undef STOREY
            continue;
        }
        /* gains ramping (a note starting or stopping) or the last frames */
        __m512 y[T];
        for (int f = 0; f < T; f++) y[f] = f < m ? a5_osc_frame(&s, wave, false, 0) : zero;
        a5_store_tile(y, l->out, l->count, i0, m);
    }
    _mm512_storeu_ps(p.amp, s.amp);
    _mm512_storeu_pd(p.ph, s.ph0);
    _mm512_storeu_pd(p.ph + 8, s.ph1);
    lane_osc_finish(&p, l);
}

#define A5_OSC(name, wave) \
    A5_ATTR static void name(const DspOscLanes *l, int n) { a5_osc(l, n, wave); }
A5_OSC(a5_osc_sine, DSP_WAVE_SINE)
A5_OSC(a5_osc_saw, DSP_WAVE_SAW)
A5_OSC(a5_osc_square, DSP_WAVE_SQUARE)
A5_OSC(a5_osc_tri, DSP_WAVE_TRI)
A5_OSC(a5_osc_pulse, DSP_WAVE_PULSE)

static void a5_osc_any(const DspOscLanes *l, int n)
{
    if (n <= 0 || l->count <= 0) return;
    if (n > DSP_BLOCK_MAX) n = DSP_BLOCK_MAX;
    switch (l->wave) {
    case DSP_WAVE_SINE: a5_osc_sine(l, n); break;
    case DSP_WAVE_SAW: a5_osc_saw(l, n); break;
    case DSP_WAVE_SQUARE: a5_osc_square(l, n); break;
    case DSP_WAVE_TRI: a5_osc_tri(l, n); break;
    case DSP_WAVE_PULSE: a5_osc_pulse(l, n); break;
    }
}

/* ---- filters ----------------------------------------------------------------------- */

/* One filter frame for all lanes: x (the input vector) becomes the output
 * vector; s1, s2 advance. The operations and their order are dsp_svf.c's. */
#define A5_SVF_STEP(x)                                                                                       \
    do {                                                                                                     \
        __m512 v0_ = (x);                                                                                    \
        __m512 v3_ = _mm512_sub_ps(v0_, s2);                                                                 \
        __m512 v1_ = _mm512_add_ps(_mm512_mul_ps(a1, s1), _mm512_mul_ps(a2, v3_));                           \
        __m512 v2_ = _mm512_add_ps(_mm512_add_ps(s2, _mm512_mul_ps(a2, s1)), _mm512_mul_ps(a3, v3_));        \
        __m512 n1_ = _mm512_add_ps(_mm512_mul_ps(c11, s1), _mm512_add_ps(_mm512_mul_ps(c12, s2), _mm512_mul_ps(c21, v0_))); \
        __m512 n2_ = _mm512_add_ps(_mm512_mul_ps(c22, s2), _mm512_add_ps(_mm512_mul_ps(c21, s1), _mm512_mul_ps(b2, v0_)));  \
        s1 = n1_;                                                                                            \
        s2 = n2_;                                                                                            \
        (x) = _mm512_add_ps(_mm512_add_ps(_mm512_mul_ps(m0, v0_), _mm512_mul_ps(mk, v1_)), _mm512_mul_ps(m2, v2_)); \
    } while (0)

A5_ATTR static void a5_svf_run(const DspSvfLanes *l, int n)
{
    LaneSvfPrep p;
    lane_svf_prep(&p, l);
#define LD(x) const __m512 x = _mm512_loadu_ps(p.x)
    LD(a1); LD(a2); LD(a3); LD(mk); LD(c11); LD(c12); LD(c21); LD(c22); LD(b2); LD(m0); LD(m2);
#undef LD
    __m512 s1 = _mm512_loadu_ps(p.s1), s2 = _mm512_loadu_ps(p.s2);
    const int count = l->count;
    const float *in[T];
    for (int v = 0; v < T; v++) in[v] = v < count ? l->in[v] : NULL;
    int i0 = 0;
    /* whole tiles: straight-line code, the tile in registers; unused lanes
     * read zeros and write to a sink */
    static const float zeros[DSP_BLOCK_MAX];
    float sink[DSP_BLOCK_MAX];
    float *out[T];
    for (int v = 0; v < T; v++) {
        out[v] = v < count ? l->out[v] : sink;
        if (!in[v]) in[v] = zeros;
    }
    for (; i0 + T <= n; i0 += T) {
        __m512 A5_REGS(x);
#define LOADX(v) x##v = _mm512_loadu_ps(in[v] + i0)
        LOADX(0); LOADX(1); LOADX(2); LOADX(3); LOADX(4); LOADX(5); LOADX(6); LOADX(7);
        LOADX(8); LOADX(9); LOADX(10); LOADX(11); LOADX(12); LOADX(13); LOADX(14); LOADX(15);
#undef LOADX
        A5_CALL(A5_T16, A5_REGS(x));
        A5_SVF_STEP(x0); A5_SVF_STEP(x1); A5_SVF_STEP(x2); A5_SVF_STEP(x3);
        A5_SVF_STEP(x4); A5_SVF_STEP(x5); A5_SVF_STEP(x6); A5_SVF_STEP(x7);
        A5_SVF_STEP(x8); A5_SVF_STEP(x9); A5_SVF_STEP(x10); A5_SVF_STEP(x11);
        A5_SVF_STEP(x12); A5_SVF_STEP(x13); A5_SVF_STEP(x14); A5_SVF_STEP(x15);
        A5_CALL(A5_T16, A5_REGS(x));
#define STOREX(v) _mm512_storeu_ps(out[v] + i0, x##v)
        STOREX(0); STOREX(1); STOREX(2); STOREX(3); STOREX(4); STOREX(5); STOREX(6); STOREX(7);
        STOREX(8); STOREX(9); STOREX(10); STOREX(11); STOREX(12); STOREX(13); STOREX(14); STOREX(15);
#undef STOREX
    }
    if (i0 < n) { /* the last m < 16 frames */
        int m = n - i0;
        __mmask16 k = (__mmask16)((1u << m) - 1u);
        __m512 x[T];
        for (int v = 0; v < T; v++) x[v] = _mm512_maskz_loadu_ps(k, in[v] + i0);
        a5_transpose(x);
        for (int f = 0; f < m; f++) A5_SVF_STEP(x[f]);
        a5_store_tile(x, l->out, count, i0, m);
    }
    _mm512_storeu_ps(p.s1, s1);
    _mm512_storeu_ps(p.s2, s2);
    lane_svf_finish(&p, l);
}

static void a5_svf(const DspSvfLanes *l, int n)
{
    if (n <= 0 || l->count <= 0) return;
    if (n > DSP_BLOCK_MAX) n = DSP_BLOCK_MAX;
    a5_svf_run(l, n);
}

/* ---- buffer arithmetic ----------------------------------------------------------------- */

#define A5_ARITH(name, op)                                                                  \
    A5_ATTR static void name(float *out, const float *a, const float *b, int n)            \
    {                                                                                       \
        int i = 0;                                                                          \
        for (; i + T <= n; i += T)                                                          \
            _mm512_storeu_ps(out + i, op(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i)));  \
        if (i < n) {                                                                        \
            __mmask16 k = (__mmask16)((1u << (n - i)) - 1u);                                \
            __m512 x = _mm512_maskz_loadu_ps(k, a + i), y = _mm512_maskz_loadu_ps(k, b + i); \
            _mm512_mask_storeu_ps(out + i, k, op(x, y));                                    \
        }                                                                                   \
    }
A5_ARITH(a5_add, _mm512_add_ps)
A5_ARITH(a5_sub, _mm512_sub_ps)
A5_ARITH(a5_mul, _mm512_mul_ps)

static void a5_arith(DspLaneOp op, float *out, const float *a, const float *b, int n)
{
    switch (op) {
    case DSP_LANE_ADD: a5_add(out, a, b, n); break;
    case DSP_LANE_SUB: a5_sub(out, a, b, n); break;
    case DSP_LANE_MUL: a5_mul(out, a, b, n); break;
    }
}

bool dsp_lane_kernels_avx512(DspLaneKernels *k)
{
    k->name = "avx512";
    k->lanes = T;
    k->osc = a5_osc_any;
    k->svf = a5_svf;
    k->arith = a5_arith;
    return true;
}

#else

bool dsp_lane_kernels_avx512(DspLaneKernels *k)
{
    (void)k;
    return false;
}

#endif
