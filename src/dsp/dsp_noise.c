/* dsp_noise.c - white, pink and brown noise (see dsp_noise.h). */
#include "dsp/dsp_noise.h"

#define NOISE_DEFAULT_SEED 0x9E3779B9u

void dsp_noise_init(DspNoise *k, float sample_rate, DspNoiseColor color, uint32_t seed)
{
    (void)sample_rate;
    k->color = (color == DSP_NOISE_PINK || color == DSP_NOISE_BROWN) ? color : DSP_NOISE_WHITE;
    /* Scramble the seed (splitmix-style) so nearby seeds give unrelated
     * streams; xorshift must never start at 0. */
    uint32_t z = seed ? seed : NOISE_DEFAULT_SEED;
    z = (z ^ (z >> 16)) * 0x7feb352du;
    z = (z ^ (z >> 15)) * 0x846ca68bu;
    z ^= z >> 16;
    k->seed = z ? z : NOISE_DEFAULT_SEED;
    dsp_noise_reset(k);
}

void dsp_noise_reset(DspNoise *k)
{
    k->rng = k->seed;
    for (int i = 0; i < 7; i++) k->b[i] = 0.0f;
    k->brown = 0.0f;
}

static void white(DspNoise *k, float *out, int n)
{
    uint32_t s = k->rng;
    for (int i = 0; i < n; i++) out[i] = dsp_rng_bipolar(&s);
    k->rng = s;
}

/* Paul Kellet's "refined" pink filter: parallel one-poles spaced so their
 * sum approximates 1/f within +-0.05 dB above ~10 Hz at 44.1 kHz. */
static void pink(DspNoise *k, float *out, int n)
{
    uint32_t s = k->rng;
    float b0 = k->b[0], b1 = k->b[1], b2 = k->b[2], b3 = k->b[3], b4 = k->b[4],
          b5 = k->b[5], b6 = k->b[6];
    for (int i = 0; i < n; i++) {
        float w = dsp_rng_bipolar(&s);
        b0 = 0.99886f * b0 + w * 0.0555179f;
        b1 = 0.99332f * b1 + w * 0.0750759f;
        b2 = 0.96900f * b2 + w * 0.1538520f;
        b3 = 0.86650f * b3 + w * 0.3104856f;
        b4 = 0.55000f * b4 + w * 0.5329522f;
        b5 = -0.7616f * b5 - w * 0.0168980f;
        out[i] = (b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362f) * 0.11f;
        b6 = w * 0.115926f;
    }
    k->rng = s;
    k->b[0] = b0; k->b[1] = b1; k->b[2] = b2; k->b[3] = b3;
    k->b[4] = b4; k->b[5] = b5; k->b[6] = b6;
}

/* Brown: integrate white with a small leak so it cannot wander off to DC. */
static void brown(DspNoise *k, float *out, int n)
{
    uint32_t s = k->rng;
    float y = k->brown;
    for (int i = 0; i < n; i++) {
        y = (y + 0.02f * dsp_rng_bipolar(&s)) * (1.0f / 1.02f);
        out[i] = y * 3.5f;
    }
    k->rng = s;
    k->brown = y;
}

void dsp_noise_process(DspNoise *k, float *out, int n)
{
    switch (k->color) {
    case DSP_NOISE_WHITE: white(k, out, n); break;
    case DSP_NOISE_PINK: pink(k, out, n); break;
    case DSP_NOISE_BROWN: brown(k, out, n); break;
    }
}
