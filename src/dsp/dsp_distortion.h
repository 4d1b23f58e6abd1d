/* dsp_distortion.h - `distortion drive mix` (aliases distort, dist): a tanh
 * soft clipper.
 *
 * Arguments (Rust Phonon `distortion (in) drive [mix 0.5]`, same ranges):
 *   drive  input gain before the clipper, clamped to [1, 100] (NaN -> 1)
 *   mix    [0, 1]: out = in*(1-mix) + tanh(in*drive)*mix
 * The wet signal never exceeds +-1 whatever the input level. tanh is a
 * rational approximation (error ~2e-4, monotonic). No oversampling: at high
 * drive on bright input the clipper's harmonics alias (as in the reference). */
#ifndef PHONON_DSP_DSP_DISTORTION_H
#define PHONON_DSP_DSP_DISTORTION_H

#include "dsp/dsp.h"

typedef struct DspDistortion {
    int unused; /* stateless; the struct keeps the kernel interface uniform */
} DspDistortion;

void dsp_distortion_init(DspDistortion *k, float sample_rate);
void dsp_distortion_reset(DspDistortion *k);
void dsp_distortion_process(DspDistortion *k, const float *const in[2], float *const out[2],
                            int nch, const float *drive, const float *mix, int n);

#endif
