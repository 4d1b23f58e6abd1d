/* dsp_noise.h - the noise sources `noise` (white), `pink` and `brown`.
 *
 * Deterministic: each kernel owns a seeded xorshift32 generator, so the same
 * seed renders the same bytes every time (no global rand()). Output is mono,
 * roughly within [-1, 1]:
 *   white  uniform in [-1, 1)  (RMS ~0.58), flat spectrum
 *   pink   Paul Kellet's refined 7-pole filter of white, -3 dB/octave
 *          (coefficients designed for 44.1 kHz; at other rates the slope
 *          holds over a slightly shifted band), RMS ~0.2
 *   brown  leaky integral of white, -6 dB/octave above ~140 Hz, RMS ~0.2 */
#ifndef PHONON_DSP_DSP_NOISE_H
#define PHONON_DSP_DSP_NOISE_H

#include <stdint.h>

#include "dsp/dsp.h"

typedef enum DspNoiseColor { DSP_NOISE_WHITE = 0, DSP_NOISE_PINK, DSP_NOISE_BROWN } DspNoiseColor;

typedef struct DspNoise {
    DspNoiseColor color;
    uint32_t seed, rng;
    float b[7];     /* pink filter state */
    float brown;    /* brown integrator */
} DspNoise;

/* seed 0 picks a fixed default seed; different seeds give uncorrelated noise. */
void dsp_noise_init(DspNoise *k, float sample_rate, DspNoiseColor color, uint32_t seed);
void dsp_noise_reset(DspNoise *k); /* back to the seed: replays the same noise */
void dsp_noise_process(DspNoise *k, float *out, int n);

#endif
