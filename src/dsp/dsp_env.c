/* dsp_env.c - ADSR VCA (see dsp_env.h). */
#include "dsp/dsp_env.h"

void dsp_env_init(DspEnv *k, float sample_rate)
{
    dsp_adsr_init(&k->adsr, sample_rate);
}

void dsp_env_reset(DspEnv *k)
{
    dsp_adsr_reset(&k->adsr);
}

void dsp_env_process(DspEnv *k, const float *const in[2], float *const out[2], int nch,
                     const float *gate, const float *trig, const float *attack,
                     const float *decay, const float *sustain, const float *release, int n)
{
    if (n > DSP_BLOCK_MAX) n = DSP_BLOCK_MAX;
    float e[DSP_BLOCK_MAX];
    dsp_adsr_process(&k->adsr, gate, trig, attack, decay, sustain, release, e, n);
    nch = nch == 2 ? 2 : 1;
    for (int c = 0; c < nch; c++) {
        const float *x = in[c];
        float *y = out[c];
        for (int i = 0; i < n; i++) y[i] = x[i] * e[i];
    }
}
