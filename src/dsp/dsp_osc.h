/* dsp_osc.h - the audio-rate oscillators `sine saw square tri pulse`.
 *
 * Phase accumulator (double) in cycles, advanced by freq/sr per frame, so the
 * pitch is exact to float precision and the phase stays continuous when the
 * frequency changes at every frame (patterns, FM, glides). saw, square and
 * pulse are band-limited with PolyBLEP, tri with PolyBLAMP; sine is a
 * polynomial sine (error < 1e-7).
 *
 * Shapes (Rust Phonon conventions, start phase 0):
 *   sine   sin(2*pi*phase)
 *   saw    rises -1 -> +1 over a cycle, drops at the wrap
 *   square +1 for the first half of the cycle, -1 for the second
 *   pulse  +1 while phase < width, else -1 (width clamped to [0.01, 0.99];
 *          Rust `pulse freq width`, width 0.5 = square)
 *   tri    -1 at phase 0, +1 at phase 0.5
 *
 * Frequency <= 0 (or NaN) is SILENCE, not DC: a rest `~` in `saw "55 ~ 110"`
 * arrives as frequency 0. Entering and leaving silence is de-clicked with a
 * DSP_OSC_DECLICK_S linear gain ramp (the tone keeps its last frequency while
 * it fades out; the phase holds during silence and resumes after). An
 * oscillator starts silent and ramps in, so a note never starts with a step.
 * Frequencies above 0.45*sr are clamped to 0.45*sr. Negative frequency is not
 * "backwards": it is silence too (documented choice; FM through zero rests).
 *
 * Output is mono (one channel, see dsp.h). */
#ifndef PHONON_DSP_DSP_OSC_H
#define PHONON_DSP_DSP_OSC_H

#include "dsp/dsp.h"

#define DSP_OSC_DECLICK_S 0.002f
#define DSP_OSC_MAX_INC 0.45f   /* phase increment per frame, at most (0.45 * sr) */

typedef enum DspWave {
    DSP_WAVE_SINE = 0,
    DSP_WAVE_SAW,
    DSP_WAVE_SQUARE,
    DSP_WAVE_TRI,
    DSP_WAVE_PULSE
} DspWave;

typedef struct DspOsc {
    float sr, inv_sr;
    DspWave wave;
    double phase;    /* [0, 1) cycles */
    float amp;       /* de-click gain 0..1 */
    float amp_step;  /* per-frame ramp increment */
    float last_inc;  /* increment kept while fading out after a rest begins */
} DspOsc;

void dsp_osc_init(DspOsc *k, float sample_rate, DspWave wave);
void dsp_osc_reset(DspOsc *k);
/* freq: Hz per frame. width: pulse width per frame (only read for
 * DSP_WAVE_PULSE; NULL means 0.5). out: n mono frames. */
void dsp_osc_process(DspOsc *k, const float *freq, const float *width, float *out, int n);

#endif
