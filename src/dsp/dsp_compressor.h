/* dsp_compressor.h - `compressor threshold ratio attack release makeup`
 * (alias comp): a feed-forward, stereo-linked peak compressor.
 *
 * Arguments (Rust Phonon, exactly 5, same units and ranges):
 *   threshold  dB [-60, 0]
 *   ratio      [1, 20]   (above the threshold, output rises 1 dB per `ratio` dB)
 *   attack     seconds [0.001, 1]   time constant of the level detector rising
 *   release    seconds [0.01, 3]    time constant of it falling
 *   makeup     dB [0, 30] gain after compression
 * Detector: one-pole envelope of max(|L|, |R|) (linked, so the stereo image
 * does not shift); gain from a hard-knee curve in dB. */
#ifndef PHONON_DSP_DSP_COMPRESSOR_H
#define PHONON_DSP_DSP_COMPRESSOR_H

#include "dsp/dsp.h"

typedef struct DspCompressor {
    float sr;
    float env;                    /* detector level, linear */
    float at_last, at_coef;       /* caches */
    float rt_last, rt_coef;
    float th_last, th_lin;
    float mk_last, mk_lin;
} DspCompressor;

void dsp_compressor_init(DspCompressor *k, float sample_rate);
void dsp_compressor_reset(DspCompressor *k);
void dsp_compressor_process(DspCompressor *k, const float *const in[2], float *const out[2],
                            int nch, const float *threshold_db, const float *ratio,
                            const float *attack, const float *release, const float *makeup_db,
                            int n);

#endif
