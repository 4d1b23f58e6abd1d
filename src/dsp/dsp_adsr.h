/* dsp_adsr.h - the envelope generator behind `adsr` and `env`.
 *
 * Gate/trigger interface (per-frame arrays, like every parameter):
 *   gate[i] > 0.5   the note is held. A rising edge starts the attack, a
 *                   falling edge starts the release.
 *   trig[i] > 0.5   (optional, may be NULL) restart the attack at frame i even
 *                   while the gate stays high: two back-to-back events of a
 *                   pattern give one continuous gate but two triggers.
 *   gate == NULL    trigger-only ("one-shot") mode: each trigger runs attack,
 *                   then decay to the sustain level, then release at once.
 * The engine compiles a pattern's events to gate/trig arrays (gate high for
 * the event's duration, a trigger on its onset frame). Rust Phonon's
 * standalone `adsr a d s r` (restarting every cycle, release ending at the
 * cycle end) is a gate that is high from each cycle start to cycle end minus
 * `release`, with a trigger at each cycle start.
 *
 * Shape: the attack is linear from the CURRENT level to 1 (a retrigger never
 * jumps to 0, so no click); decay and release are exponential, the analogue
 * RC shape, and their times are T60 times: the distance to the target has
 * fallen by 60 dB after `decay` / `release` seconds. Levels below -100 dB end
 * the release exactly at 0.
 *
 * Arguments (Rust Phonon order `adsr attack decay sustain release`, defaults
 * sustain 0.7, release 0.2 there): attack, decay, release in seconds clamped
 * to [0, 60]; sustain level clamped to [0, 1]. While held, the level follows
 * a changing sustain with the decay time constant, so patterned sustain does
 * not click. Output: the envelope (mono, 0..1). */
#ifndef PHONON_DSP_DSP_ADSR_H
#define PHONON_DSP_DSP_ADSR_H

#include "dsp/dsp.h"

#define DSP_ADSR_TIME_MAX 60.0f

typedef enum DspAdsrStage {
    DSP_ADSR_IDLE = 0,
    DSP_ADSR_ATTACK,
    DSP_ADSR_DECAY, /* decaying to, then holding, the sustain level */
    DSP_ADSR_RELEASE
} DspAdsrStage;

typedef struct DspAdsr {
    float sr;
    DspAdsrStage stage;
    float level;
    int gate_prev;
    /* Coefficient caches: recomputed only when a time parameter changes. */
    float a_time, a_inc;
    float d_time, d_coef;
    float r_time, r_coef;
} DspAdsr;

void dsp_adsr_init(DspAdsr *k, float sample_rate);
void dsp_adsr_reset(DspAdsr *k);
void dsp_adsr_process(DspAdsr *k, const float *gate, const float *trig, const float *attack,
                      const float *decay, const float *sustain, const float *release,
                      float *out, int n);

#endif
