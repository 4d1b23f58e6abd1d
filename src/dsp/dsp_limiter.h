/* dsp_limiter.h - `limiter threshold [attack] [release]`: a look-ahead peak
 * limiter whose output never exceeds the threshold.
 *
 * Arguments (Rust Phonon `limiter (in) threshold [attack 0.005] [release 0.05]`):
 *   threshold  linear amplitude (as in the reference), clamped to [0.001, 100]
 *   attack     seconds, fixed at init: the look-ahead time, clamped to
 *              [0, DSP_LIMITER_MAX_LOOKAHEAD frames]. The output is delayed by
 *              dsp_limiter_latency() = round(attack*sr) frames; 0 = no delay,
 *              and then the gain drops within the offending frame.
 *   release    seconds [0.001, 10], per frame: how fast the gain recovers
 * (The Rust reference's limiter was a hard clamp; this one ramps the gain
 * down over the look-ahead window before a peak, so it does not distort.)
 *
 * How: for each frame the required gain is min(1, threshold / peak over the
 * channels). A sliding minimum over the look-ahead window L+1 holds it, a
 * release one-pole lets it rise slowly (instant fall), and a moving average
 * over the same window turns the steps into ramps. Every value averaged for
 * the frame that leaves the delay line is <= that frame's required gain, so
 * the output is <= threshold (a final clamp catches float rounding). Below
 * the threshold the gain is exactly 1.0 and the output is the input, delayed.
 * Allocation-free: all state is fixed-size arrays in the struct. */
#ifndef PHONON_DSP_DSP_LIMITER_H
#define PHONON_DSP_DSP_LIMITER_H

#include <stdint.h>

#include "dsp/dsp.h"

#define DSP_LIMITER_MAX_LOOKAHEAD 1023 /* frames (23 ms at 44.1 kHz, 5.3 ms at 192 kHz) */
#define DSP_LIMITER_WIN (DSP_LIMITER_MAX_LOOKAHEAD + 1)

typedef struct DspLimiter {
    float sr;
    int la;                          /* look-ahead (latency) in frames */
    int win;                         /* la + 1 */
    float delay[2][DSP_LIMITER_WIN]; /* input delay line, la frames long (ring of win) */
    int dpos;
    float dq_val[DSP_LIMITER_WIN];   /* sliding-minimum deque (ring) */
    uint32_t dq_time[DSP_LIMITER_WIN];
    int dq_head, dq_count;
    uint32_t t;                      /* frame counter (wraps; differences only) */
    float rel;                       /* release-smoothed gain */
    float box[DSP_LIMITER_WIN];      /* moving-average window */
    int bpos, below;                 /* `below`: entries < 1 in the window */
    double bsum;
    float rt_last, rt_coef;
} DspLimiter;

void dsp_limiter_init(DspLimiter *k, float sample_rate, float attack_s);
void dsp_limiter_reset(DspLimiter *k);
int dsp_limiter_latency(const DspLimiter *k);
/* in[c] may equal out[c]; out[0] and out[1] must be different buffers when nch = 2. */
void dsp_limiter_process(DspLimiter *k, const float *const in[2], float *const out[2], int nch,
                         const float *threshold, const float *release, int n);

#endif
