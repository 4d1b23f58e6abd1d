/* dsp.h - conventions every DSP kernel in src/dsp follows (Soundpipe-style),
 * plus the small inline helpers they share.
 *
 *  - One kernel per file: dsp_<name>.h / dsp_<name>.c.
 *  - A kernel is a state struct plus
 *        void dsp_<name>_init(Dsp<Name> *k, float sample_rate, ...);   may allocate
 *        void dsp_<name>_reset(Dsp<Name> *k);                          clears state
 *        void dsp_<name>_process(Dsp<Name> *k, ..., int n);            never allocates
 *        void dsp_<name>_free(Dsp<Name> *k);   only if init allocated
 *    Kernels whose init allocates return PhStatus (PH_ERR_NOMEM on failure) and
 *    have a _free; a failed init leaves a state that _free accepts.
 *  - Audio is planar stereo: `const float *const in[2]`, `float *const out[2]`,
 *    `nch` (1 or 2) channels, n frames, 0 <= n <= DSP_BLOCK_MAX. In-place
 *    (out[c] == in[c]) is allowed unless a header says not. Only in[0..nch-1]
 *    and out[0..nch-1] are touched.
 *  - Sources (oscillators, noise, envelopes) write ONE channel: a mono signal.
 *    The engine represents a mono signal as ch[1] == ch[0] (as sample.h does),
 *    which costs nothing; a stereo effect fed a mono signal gets nch = 1 or the
 *    same pointer twice.
 *  - Parameters that may be modulated are per-frame arrays (`const float *cutoff`),
 *    so a pattern or an LFO modulates at audio rate; the caller fills constant
 *    arrays for constants (dsp_fill). Parameter values are clamped to a safe
 *    range inside the kernel: any float (NaN, inf, negative, huge) in, finite
 *    audio out. NaN parameters clamp to the LOW end of their range.
 *  - Finite input gives finite output; NaN/inf INPUT audio is the master
 *    stage's job (dsp_master), but no kernel lets it into its long-lived
 *    state (delay lines, reverb, filter integrators are reset to 0 if a
 *    non-finite value reaches them, checked once per block).
 *  - State stays denormal-free: feedback paths flush tiny values to 0, and the
 *    engine should also call dsp_ftz_enable() (dsp_math.h) on its audio threads. */
#ifndef PHONON_DSP_DSP_H
#define PHONON_DSP_DSP_H

#include <math.h>
#include <stdint.h>

#define DSP_BLOCK_MAX 1024

#define DSP_PI 3.14159265358979323846
#define DSP_TWO_PI 6.28318530717958647692

/* Lowest and highest sample rates kernels accept; init clamps into this range. */
#define DSP_RATE_MIN 1000.0f
#define DSP_RATE_MAX 768000.0f

/* Clamp x into [lo, hi]. NaN and -inf give lo, +inf gives hi. Written with
 * comparisons (not fminf/fmaxf) so it compiles to minss/maxss and vectorises. */
static inline float dsp_clampf(float x, float lo, float hi)
{
    x = x > lo ? x : lo; /* NaN compares false -> lo */
    return x < hi ? x : hi;
}

/* A sample rate made safe for every kernel. */
static inline float dsp_rate(float sr)
{
    return dsp_clampf(sr, DSP_RATE_MIN, DSP_RATE_MAX);
}

/* Tiny values to exact zero. Used on feedback state so a decaying tail never
 * reaches the denormal range (where x86 arithmetic is ~100x slower). */
static inline float dsp_flush(float x)
{
    return (x > -1e-15f && x < 1e-15f) ? 0.0f : x;
}

/* The PolyBLEP residual of a unit-size-2 upward step at phase t = 0
 * (mod 1), t in [0, 1), dt the phase increment: band-limits the jumps of
 * saws and pulses (the oscillators of dsp_osc.c and the synth voices). */
static inline float dsp_polyblep(float t, float dt)
{
    if (t < dt) {
        float x = t / dt;
        return x + x - x * x - 1.0f;
    }
    if (t > 1.0f - dt) {
        float x = (t - 1.0f) / dt;
        return x * x + x + x + 1.0f;
    }
    return 0.0f;
}

/* x if finite else 0 (NaN and +-inf). A bit test, so it works under any
 * floating-point flags and vectorises. */
static inline float dsp_finite_or_zero(float x)
{
    union { float f; uint32_t u; } v = { x };
    return ((v.u & 0x7f800000u) == 0x7f800000u) ? 0.0f : x;
}

static inline int dsp_is_finite(float x)
{
    union { float f; uint32_t u; } v = { x };
    return (v.u & 0x7f800000u) != 0x7f800000u;
}

/* sin(y) for y in [-pi/2, pi/2]: odd Taylor polynomial to y^11, error < 1e-7
 * there; enough for audio (distortion products below -140 dB). */
static inline float dsp_sin_poly(float y)
{
    float y2 = y * y;
    return y * (1.0f + y2 * (-1.6666667e-1f + y2 * (8.3333333e-3f + y2 * (-1.9841270e-4f
             + y2 * (2.7557319e-6f + y2 * -2.5052108e-8f)))));
}

/* sin(2*pi*x) for a phase x in cycles, x in [0, 1). */
static inline float dsp_sin2pi01(float x)
{
    float r = x >= 0.5f ? x - 1.0f : x;       /* [-0.5, 0.5) */
    float a = r < 0.0f ? -r : r;              /* [0, 0.5] */
    a = a > 0.25f ? 0.5f - a : a;             /* sin(pi - t) = sin t */
    float s = dsp_sin_poly((float)DSP_TWO_PI * a);
    return r < 0.0f ? -s : s;
}

/* tan(pi*x) for x in [0, 0.5): the bilinear-transform prewarp g = tan(pi*fc/sr).
 * sin/cos by the same polynomial; relative error < 1e-5 up to x = 0.49. */
static inline float dsp_tan_pi(float x)
{
    float s = dsp_sin_poly((float)DSP_PI * x);
    float c = dsp_sin_poly((float)DSP_PI * (0.5f - x));
    return s / c;
}

/* tanh(x), rational approximation clamped at |x| = 4.97 where it reaches 1.
 * Max error ~2e-4 and monotonic, cheap and vectorisable: used by the
 * distortion soft clipper where exactness does not matter but cost does. */
static inline float dsp_tanh_fast(float x)
{
    x = dsp_clampf(x, -4.97f, 4.97f);
    float x2 = x * x;
    float num = x * (135135.0f + x2 * (17325.0f + x2 * (378.0f + x2)));
    float den = 135135.0f + x2 * (62370.0f + x2 * (3150.0f + x2 * 28.0f));
    float y = num / den;
    return dsp_clampf(y, -1.0f, 1.0f);
}

/* Deterministic xorshift32 generator; one per kernel state, never global. */
static inline uint32_t dsp_rng_next(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *s = x;
    return x;
}

/* A uniform float in [-1, 1). */
static inline float dsp_rng_bipolar(uint32_t *s)
{
    return (float)(int32_t)dsp_rng_next(s) * (1.0f / 2147483648.0f);
}

/* Decibels <-> linear amplitude. */
static inline float dsp_db_to_lin(float db) { return powf(10.0f, db * 0.05f); }
static inline float dsp_lin_to_db(float lin)
{
    return 20.0f * log10f(lin > 1e-12f ? lin : 1e-12f);
}

/* One-pole smoothing coefficient for a time constant of `seconds`:
 * y += (x - y) * (1 - c). seconds <= 0 gives c = 0 (instant). */
static inline float dsp_onepole_coef(float seconds, float sr)
{
    if (!(seconds > 0.0f)) return 0.0f;
    return expf(-1.0f / (seconds * sr));
}

#endif
