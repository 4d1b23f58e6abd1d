/* dsp_delay.h - `delay time feedback mix`: a feedback delay line.
 *
 * Arguments (Rust Phonon `delay (in) time [feedback 0.5] [mix 0.5]`):
 *   time      seconds, clamped to [2 frames, max_seconds] (NaN -> 2 frames)
 *   feedback  clamped to [0, 0.99]: each echo is `feedback` times the last
 *   mix       clamped to [0, 1]: out = in*(1-mix) + delayed*mix
 * The first echo comes `time` after the input at full level (times mix), the
 * k-th at k*time with level feedback^(k-1). The delay time is fractional and
 * may change every frame: reads use 4-point cubic Hermite interpolation, so
 * modulated delays (tape-style wobble) are smooth and an integer delay is
 * exact. Stereo: independent lines per channel, shared parameters.
 * The buffers are allocated at init (max_seconds clamped to [0.01, 60]). */
#ifndef PHONON_DSP_DSP_DELAY_H
#define PHONON_DSP_DSP_DELAY_H

#include <stdint.h>

#include "core/status.h"
#include "dsp/dsp.h"

#define DSP_DELAY_MAX_SECONDS 60.0f
#define DSP_DELAY_FEEDBACK_MAX 0.99f

typedef struct DspDelay {
    float sr;
    float *buf[2];
    uint32_t mask;       /* buffer size - 1 (power of two) */
    uint32_t w;          /* write position */
    float max_frames;    /* longest delay in frames */
} DspDelay;

PhStatus dsp_delay_init(DspDelay *k, float sample_rate, float max_seconds);
void dsp_delay_reset(DspDelay *k);
void dsp_delay_free(DspDelay *k);
/* Live reload: copies src's line (the most recent frames that fit) and
 * write position into dst, whose buffers stay its own. No allocation;
 * real-time safe (cost: one pass over the smaller line). */
void dsp_delay_adopt(DspDelay *dst, const DspDelay *src);
void dsp_delay_process(DspDelay *k, const float *const in[2], float *const out[2], int nch,
                       const float *time, const float *feedback, const float *mix, int n);

/* 4-point cubic Hermite read of a power-of-two ring buffer `b` at `d` frames
 * (d >= 2) before write position w. Shared with the chorus. */
static inline float dsp_ring_read_hermite(const float *b, uint32_t mask, uint32_t w, float d)
{
    uint32_t di = (uint32_t)d;
    float t = d - (float)di;
    uint32_t r = w - di;
    float xm1 = b[(r + 1) & mask], x0 = b[r & mask], x1 = b[(r - 1) & mask], x2 = b[(r - 2) & mask];
    float c1 = 0.5f * (x1 - xm1);
    float c2 = xm1 - 2.5f * x0 + 2.0f * x1 - 0.5f * x2;
    float c3 = 0.5f * (x2 - xm1) + 1.5f * (x0 - x1);
    return ((c3 * t + c2) * t + c1) * t + x0;
}

#endif
