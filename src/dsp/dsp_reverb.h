/* dsp_reverb.h - `reverb room damping mix`: a stereo Freeverb-style reverb.
 *
 * Jezar's Freeverb structure: the input (L+R) feeds 8 parallel lowpass-
 * feedback comb filters and 4 series allpasses per channel; the right
 * channel's delays are 23 samples longer, which decorrelates the sides into a
 * wide stereo tail. Delay lengths are the classic 44.1 kHz tunings scaled to
 * the sample rate (buffers allocated at init).
 *
 * Arguments (Rust Phonon `reverb (in) room_size damping [mix 0.3]`):
 *   room     [0, 1]: comb feedback 0.7 + 0.28*room (Freeverb's mapping;
 *            room 0.7 gives a ~2 s tail, 1.0 a very long one)
 *   damping  [0, 1]: high-frequency loss in the tail (0 bright, 1 dark)
 *   mix      [0, 1]: out = in*(1-mix) + wet*mix
 * (The Rust reference used feedback 0.84*room, so room 0 gave no tail; here
 * room 0 is a small room. Same argument order, units and ranges.)
 * nch = 1 gives the left (mono-compatible) wet signal. */
#ifndef PHONON_DSP_DSP_REVERB_H
#define PHONON_DSP_DSP_REVERB_H

#include "core/status.h"
#include "dsp/dsp.h"

#define DSP_REVERB_COMBS 8
#define DSP_REVERB_ALLPASSES 4

typedef struct DspReverbLine {
    float *buf;
    int len, pos;
    float store; /* comb lowpass state */
} DspReverbLine;

typedef struct DspReverb {
    float sr;
    float *mem; /* one allocation for every line */
    DspReverbLine comb[2][DSP_REVERB_COMBS];
    DspReverbLine ap[2][DSP_REVERB_ALLPASSES];
} DspReverb;

PhStatus dsp_reverb_init(DspReverb *k, float sample_rate);
void dsp_reverb_reset(DspReverb *k);
void dsp_reverb_free(DspReverb *k);
/* Live reload: copies src's lines, positions and filter states into dst
 * (same sample rate, so the same layout; otherwise dst is left as is). No
 * allocation; real-time safe. */
void dsp_reverb_adopt(DspReverb *dst, const DspReverb *src);
void dsp_reverb_process(DspReverb *k, const float *const in[2], float *const out[2], int nch,
                        const float *room, const float *damping, const float *mix, int n);

#endif
