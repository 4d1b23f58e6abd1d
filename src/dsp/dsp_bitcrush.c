/* dsp_bitcrush.c - quantiser + sample-and-hold (see dsp_bitcrush.h). */
#include "dsp/dsp_bitcrush.h"

void dsp_bitcrush_init(DspBitcrush *k, float sample_rate)
{
    (void)sample_rate;
    k->bits_last = -1.0f;
    k->step = k->inv_step = 1.0f;
    dsp_bitcrush_reset(k);
}

void dsp_bitcrush_reset(DspBitcrush *k)
{
    k->phase = 1e9f; /* take a sample on the first frame */
    k->held[0] = k->held[1] = 0.0f;
}

static inline float quantise(float x, float levels, float inv_levels)
{
    /* Round to nearest step; clamp first so huge input cannot overflow. */
    float v = dsp_clampf(x, -1e6f, 1e6f) * levels;
    float r = v >= 0.0f ? (float)(int64_t)(v + 0.5f) : -(float)(int64_t)(-v + 0.5f);
    return r * inv_levels;
}

void dsp_bitcrush_process(DspBitcrush *k, const float *const in[2], float *const out[2], int nch,
                          const float *bits, const float *rate, int n)
{
    nch = nch == 2 ? 2 : 1;
    float phase = k->phase, h0 = k->held[0], h1 = k->held[1];
    for (int i = 0; i < n; i++) {
        float b = dsp_clampf(bits[i], 1.0f, 16.0f);
        if (b != k->bits_last) {
            k->bits_last = b;
            k->step = exp2f(b);
            k->inv_step = 1.0f / k->step;
        }
        float r = dsp_clampf(rate[i], 1.0f, 64.0f);
        phase += 1.0f;
        if (phase >= r) {
            phase -= r;
            if (phase >= r) phase = 0.0f; /* after a rate drop or at start */
            h0 = quantise(dsp_finite_or_zero(in[0][i]), k->step, k->inv_step);
            if (nch == 2) h1 = quantise(dsp_finite_or_zero(in[1][i]), k->step, k->inv_step);
        }
        out[0][i] = h0;
        if (nch == 2) out[1][i] = h1;
    }
    k->phase = phase;
    k->held[0] = h0;
    k->held[1] = h1;
}
