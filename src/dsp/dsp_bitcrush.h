/* dsp_bitcrush.h - `bitcrush bits rate`: amplitude quantisation plus
 * sample-rate reduction (sample and hold).
 *
 * Arguments (Rust Phonon `bitcrush (in) bits rate_reduction`, same ranges):
 *   bits  [1, 16], may be fractional: the signal is rounded to steps of
 *         1/2^bits (bits 1 -> steps of 0.5, i.e. levels -1, -0.5, 0, 0.5, 1)
 *   rate  reduction FACTOR [1, 64] (not Hz): each quantised value is held for
 *         `rate` frames (fractional factors hold alternately floor/ceil
 *         frames); 1 = no reduction.
 * (The Rust reference's rate reduction never engaged because of a phase bug;
 * this implements what its documentation describes.) */
#ifndef PHONON_DSP_DSP_BITCRUSH_H
#define PHONON_DSP_DSP_BITCRUSH_H

#include "dsp/dsp.h"

typedef struct DspBitcrush {
    float phase;    /* frames since the last sample was taken */
    float held[2];  /* the value being held per channel */
    float bits_last, step, inv_step;
} DspBitcrush;

void dsp_bitcrush_init(DspBitcrush *k, float sample_rate);
void dsp_bitcrush_reset(DspBitcrush *k);
void dsp_bitcrush_process(DspBitcrush *k, const float *const in[2], float *const out[2], int nch,
                          const float *bits, const float *rate, int n);

#endif
