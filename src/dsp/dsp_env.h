/* dsp_env.h - `env`: an ADSR applied to an input signal (a VCA).
 *
 * Rust Phonon's `env (in) attack decay sustain release` is an "always
 * triggered" envelope on its input; `env_trig (in) "pattern" a d s r`
 * retriggers it from a pattern. Both are this kernel: the envelope of
 * dsp_adsr.h (same gate/trigger interface and parameter meanings) multiplied
 * into nch channels of `in`. For the always-triggered form the engine passes
 * gate = constant 1 (the first frame is the rising edge, so the attack starts
 * at the program start and the level then holds at sustain). */
#ifndef PHONON_DSP_DSP_ENV_H
#define PHONON_DSP_DSP_ENV_H

#include "dsp/dsp_adsr.h"

typedef struct DspEnv {
    DspAdsr adsr;
} DspEnv;

void dsp_env_init(DspEnv *k, float sample_rate);
void dsp_env_reset(DspEnv *k);
void dsp_env_process(DspEnv *k, const float *const in[2], float *const out[2], int nch,
                     const float *gate, const float *trig, const float *attack,
                     const float *decay, const float *sustain, const float *release, int n);

#endif
