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

/* Lanes [g, g + 8) of the call. */
A2_FN void a2_osc_group(LaneOscPrep *p, const DspOscLanes *l, int g, int n, DspWave wave)
{
    const __m256 one = _mm256_set1_ps(1.0f), zero = _mm256_setzero_ps();
    const __m256d oned = _mm256_set1_pd(1.0);
    const __m256 step = _mm256_loadu_ps(p->step + g), dt = _mm256_loadu_ps(p->inc + g);
    const __m256 top = _mm256_loadu_ps(p->top + g), w = _mm256_loadu_ps(p->w + g);
    const __m256 on = _mm256_castsi256_ps(_mm256_loadu_si256((const __m256i *)(p->on + g)));
    const __m256d inc0 = _mm256_loadu_pd(p->incd + g), inc1 = _mm256_loadu_pd(p->incd + g + 4);
    __m256 amp = _mm256_loadu_ps(p->amp + g);
    __m256d ph0 = _mm256_loadu_pd(p->ph + g), ph1 = _mm256_loadu_pd(p->ph + g + 4);
    int count = l->count - g < W ? l->count - g : W;
    for (int i0 = 0; i0 < n; i0 += W) {
        int m = n - i0 < W ? n - i0 : W;
        __m256 y[W];
        for (int f = 0; f < W; f++) {
            if (f >= m) {
                y[f] = zero;
                continue;
            }
            __m256 up = _mm256_add_ps(amp, step), dn = _mm256_sub_ps(amp, step);
            up = SEL(LT(up, one), up, one);
            dn = SEL(GT(dn, zero), dn, zero);
            amp = SEL(on, up, dn);
            __m256 live = _mm256_cmp_ps(amp, zero, _CMP_NEQ_UQ);
            __m256 t = _mm256_insertf128_ps(_mm256_castps128_ps256(_mm256_cvtpd_ps(ph0)), _mm256_cvtpd_ps(ph1), 1);
            t = _mm256_andnot_ps(GE(t, one), t);
            y[f] = _mm256_and_ps(live, _mm256_mul_ps(amp, a2_shape(wave, t, dt, top, w)));
            __m256i li = _mm256_castps_si256(live);
            __m256d l0 = _mm256_castsi256_pd(_mm256_cvtepi32_epi64(_mm256_castsi256_si128(li)));
            __m256d l1 = _mm256_castsi256_pd(_mm256_cvtepi32_epi64(_mm256_extracti128_si256(li, 1)));
            ph0 = _mm256_blendv_pd(ph0, _mm256_add_pd(ph0, inc0), l0);
            ph1 = _mm256_blendv_pd(ph1, _mm256_add_pd(ph1, inc1), l1);
            __m256d w0 = _mm256_and_pd(l0, _mm256_cmp_pd(ph0, oned, _CMP_GE_OQ));
            __m256d w1 = _mm256_and_pd(l1, _mm256_cmp_pd(ph1, oned, _CMP_GE_OQ));
            ph0 = _mm256_blendv_pd(ph0, _mm256_sub_pd(ph0, oned), w0);
            ph1 = _mm256_blendv_pd(ph1, _mm256_sub_pd(ph1, oned), w1);
        }
        a2_store_tile(y, l->out + g, count, i0, m);
    }
    _mm256_storeu_ps(p->amp + g, amp);
    _mm256_storeu_pd(p->ph + g, ph0);
    _mm256_storeu_pd(p->ph + g + 4, ph1);
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

A2_FN void a2_svf_group(LaneSvfPrep *p, const DspSvfLanes *l, int g, int n)
{
#define LD(x) const __m256 x = _mm256_loadu_ps(p->x + g)
    LD(a1); LD(a2); LD(a3); LD(mk); LD(c11); LD(c12); LD(c21); LD(c22); LD(b2); LD(m0); LD(m2);
#undef LD
    __m256 s1 = _mm256_loadu_ps(p->s1 + g), s2 = _mm256_loadu_ps(p->s2 + g);
    int count = l->count - g < W ? l->count - g : W;
    for (int i0 = 0; i0 < n; i0 += W) {
        int m = n - i0 < W ? n - i0 : W;
        __m256i k = a2_frame_mask(m);
        __m256 x[W];
        for (int v = 0; v < W; v++)
            x[v] = v < count ? (m >= W ? _mm256_loadu_ps(l->in[g + v] + i0) : _mm256_maskload_ps(l->in[g + v] + i0, k))
                             : _mm256_setzero_ps();
        a2_transpose(x);
        for (int f = 0; f < W; f++) {
            if (f >= m) {
                x[f] = _mm256_setzero_ps();
                continue;
            }
            __m256 v0 = x[f];
            __m256 v3 = _mm256_sub_ps(v0, s2);
            __m256 v1 = _mm256_add_ps(_mm256_mul_ps(a1, s1), _mm256_mul_ps(a2, v3));
            __m256 v2 = _mm256_add_ps(_mm256_add_ps(s2, _mm256_mul_ps(a2, s1)), _mm256_mul_ps(a3, v3));
            __m256 n1 = _mm256_add_ps(_mm256_mul_ps(c11, s1), _mm256_add_ps(_mm256_mul_ps(c12, s2), _mm256_mul_ps(c21, v0)));
            __m256 n2 = _mm256_add_ps(_mm256_mul_ps(c22, s2), _mm256_add_ps(_mm256_mul_ps(c21, s1), _mm256_mul_ps(b2, v0)));
            s1 = n1;
            s2 = n2;
            x[f] = _mm256_add_ps(_mm256_add_ps(_mm256_mul_ps(m0, v0), _mm256_mul_ps(mk, v1)), _mm256_mul_ps(m2, v2));
        }
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

bool dsp_lane_kernels_avx2(DspLaneKernels *k)
{
    k->name = "avx2";
    k->lanes = W;
    k->osc = a2_osc_any;
    k->svf = a2_svf;
    return true;
}

#else

bool dsp_lane_kernels_avx2(DspLaneKernels *k)
{
    (void)k;
    return false;
}

#endif
