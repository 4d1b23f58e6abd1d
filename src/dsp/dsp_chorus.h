/* dsp_chorus.h - `chorus rate depth mix`: a modulated short delay.
 *
 * Arguments (Rust Phonon `chorus (in) rate depth [mix 0.3]`, same ranges):
 *   rate   LFO Hz, clamped to [0.1, 10]
 *   depth  [0, 1]: the delay swings 15 ms +- depth*10 ms (5..25 ms at 1)
 *   mix    [0, 1]: out = in*(1-mix) + delayed*mix
 * Stereo: the right channel's LFO runs a quarter cycle after the left, which
 * widens a mono source (the Rust reference was mono). Reads use cubic
 * Hermite interpolation; buffers are allocated at init. */
#ifndef PHONON_DSP_DSP_CHORUS_H
#define PHONON_DSP_DSP_CHORUS_H

#include <stdint.h>

#include "core/status.h"
#include "dsp/dsp.h"

#define DSP_CHORUS_BASE_S 0.015f
#define DSP_CHORUS_SWING_S 0.010f

typedef struct DspChorus {
    float sr, inv_sr;
    float *buf[2];
    uint32_t mask, w;
    double lfo_phase; /* cycles, left channel */
} DspChorus;

PhStatus dsp_chorus_init(DspChorus *k, float sample_rate);
void dsp_chorus_reset(DspChorus *k);
void dsp_chorus_free(DspChorus *k);
/* Live reload: copies src's lines, write position and LFO phase into dst
 * (same sample rate; otherwise dst is left as is). Real-time safe. */
void dsp_chorus_adopt(DspChorus *dst, const DspChorus *src);
void dsp_chorus_process(DspChorus *k, const float *const in[2], float *const out[2], int nch,
                        const float *rate, const float *depth, const float *mix, int n);

#endif
