/* dsp_math.h - per-frame buffer arithmetic for the compiler's expression
 * kernels (signal + signal, signal * constant, ...) and thread set-up.
 *
 * Plain loops over n frames (n <= DSP_BLOCK_MAX, any n >= 0) that the
 * compiler vectorises; `out` may alias any input (in-place is fine).
 * Division by zero gives 0, as the language spec says for `/`. */
#ifndef PHONON_DSP_DSP_MATH_H
#define PHONON_DSP_DSP_MATH_H

#include "dsp/dsp.h"

void dsp_fill(float *out, float value, int n);
void dsp_copy(float *out, const float *a, int n);
void dsp_add(float *out, const float *a, const float *b, int n);
void dsp_sub(float *out, const float *a, const float *b, int n);
void dsp_mul(float *out, const float *a, const float *b, int n);
/* a / b, 0 where b == 0 (and where the quotient is not finite). */
void dsp_div(float *out, const float *a, const float *b, int n);
void dsp_add_scalar(float *out, const float *a, float s, int n);
void dsp_mul_scalar(float *out, const float *a, float s, int n);
/* out = a * b + c, the common `~lfo * 2000 + 500` shape in one pass. */
void dsp_muladd(float *out, const float *a, const float *b, const float *c, int n);
/* out = a * s + t. */
void dsp_muladd_scalar(float *out, const float *a, float s, float t, int n);
/* out += a * gain (mixing a source into a bus). */
void dsp_accum(float *out, const float *a, float gain, int n);
/* NaN/inf -> 0 and denormals -> 0, in place. Returns how many values were non-finite. */
int dsp_sanitize(float *buf, int n);
/* MIDI note -> Hz (440 * 2^((m-69)/12)), `mtof`. Non-finite m gives 0 Hz. */
void dsp_mtof(float *out, const float *midi, int n);

/* Set flush-to-zero / denormals-are-zero for the calling thread (x86 SSE;
 * no-op elsewhere). The engine calls it once on each audio/render thread. */
void dsp_ftz_enable(void);

#endif
