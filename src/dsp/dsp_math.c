/* dsp_math.c - per-frame buffer arithmetic (see dsp_math.h). Each function is
 * one simple loop so the compiler can vectorise it. */
#include "dsp/dsp_math.h"

#if defined(__SSE__) || defined(__x86_64__)
#include <xmmintrin.h>
#define DSP_HAVE_MXCSR 1
#endif

void dsp_fill(float *out, float value, int n)
{
    for (int i = 0; i < n; i++) out[i] = value;
}

void dsp_copy(float *out, const float *a, int n)
{
    if (out == a) return;
    for (int i = 0; i < n; i++) out[i] = a[i];
}

void dsp_add(float *out, const float *a, const float *b, int n)
{
    for (int i = 0; i < n; i++) out[i] = a[i] + b[i];
}

void dsp_sub(float *out, const float *a, const float *b, int n)
{
    for (int i = 0; i < n; i++) out[i] = a[i] - b[i];
}

void dsp_mul(float *out, const float *a, const float *b, int n)
{
    for (int i = 0; i < n; i++) out[i] = a[i] * b[i];
}

void dsp_div(float *out, const float *a, const float *b, int n)
{
    for (int i = 0; i < n; i++) {
        float d = b[i];
        float q = a[i] / (d != 0.0f ? d : 1.0f);
        out[i] = d != 0.0f ? dsp_finite_or_zero(q) : 0.0f;
    }
}

void dsp_add_scalar(float *out, const float *a, float s, int n)
{
    for (int i = 0; i < n; i++) out[i] = a[i] + s;
}

void dsp_mul_scalar(float *out, const float *a, float s, int n)
{
    for (int i = 0; i < n; i++) out[i] = a[i] * s;
}

void dsp_muladd(float *out, const float *a, const float *b, const float *c, int n)
{
    for (int i = 0; i < n; i++) out[i] = a[i] * b[i] + c[i];
}

void dsp_muladd_scalar(float *out, const float *a, float s, float t, int n)
{
    for (int i = 0; i < n; i++) out[i] = a[i] * s + t;
}

void dsp_accum(float *out, const float *a, float gain, int n)
{
    for (int i = 0; i < n; i++) out[i] += a[i] * gain;
}

int dsp_sanitize(float *buf, int n)
{
    int bad = 0;
    for (int i = 0; i < n; i++) {
        float x = buf[i];
        bad += !dsp_is_finite(x);
        buf[i] = dsp_flush(dsp_finite_or_zero(x));
    }
    return bad;
}

void dsp_mtof(float *out, const float *midi, int n)
{
    for (int i = 0; i < n; i++) {
        /* Clamp to a range whose frequencies stay finite (~0.008 Hz .. 1e12 Hz). */
        float m = dsp_clampf(midi[i], -1000.0f, 1000.0f);
        float hz = 440.0f * exp2f((m - 69.0f) * (1.0f / 12.0f));
        out[i] = dsp_is_finite(midi[i]) ? hz : 0.0f;
    }
}

void dsp_ftz_enable(void)
{
#ifdef DSP_HAVE_MXCSR
    /* FTZ (bit 15) and DAZ (bit 6). */
    _mm_setcsr(_mm_getcsr() | 0x8040u);
#endif
}
