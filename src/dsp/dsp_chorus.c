/* dsp_chorus.c - LFO-modulated delay (see dsp_chorus.h). */
#include "dsp/dsp_chorus.h"

#include <stdlib.h>
#include <string.h>

#include "dsp/dsp_delay.h" /* dsp_ring_read_hermite */

PhStatus dsp_chorus_init(DspChorus *k, float sample_rate)
{
    memset(k, 0, sizeof *k);
    k->sr = dsp_rate(sample_rate);
    k->inv_sr = 1.0f / k->sr;
    uint32_t need = (uint32_t)((DSP_CHORUS_BASE_S + DSP_CHORUS_SWING_S) * k->sr) + 8;
    uint32_t size = 1;
    while (size < need) size <<= 1;
    k->buf[0] = calloc(size, sizeof(float));
    k->buf[1] = calloc(size, sizeof(float));
    if (!k->buf[0] || !k->buf[1]) {
        dsp_chorus_free(k);
        return PH_ERR_NOMEM;
    }
    k->mask = size - 1;
    return PH_OK;
}

void dsp_chorus_reset(DspChorus *k)
{
    for (int c = 0; c < 2; c++)
        if (k->buf[c]) memset(k->buf[c], 0, (k->mask + 1) * sizeof(float));
    k->w = 0;
    k->lfo_phase = 0.0;
}

void dsp_chorus_free(DspChorus *k)
{
    free(k->buf[0]);
    free(k->buf[1]);
    k->buf[0] = k->buf[1] = NULL;
}

void dsp_chorus_adopt(DspChorus *dst, const DspChorus *src)
{
    if (!dst->buf[0] || !src->buf[0] || dst->buf[0] == src->buf[0] || dst->mask != src->mask) return;
    for (int c = 0; c < 2; c++) memcpy(dst->buf[c], src->buf[c], (dst->mask + 1) * sizeof(float));
    dst->w = src->w;
    dst->lfo_phase = src->lfo_phase;
}

void dsp_chorus_process(DspChorus *k, const float *const in[2], float *const out[2], int nch,
                        const float *rate, const float *depth, const float *mix, int n)
{
    if (!k->buf[0] || n <= 0) return;
    nch = nch == 2 ? 2 : 1;
    uint32_t mask = k->mask, w = k->w;
    double ph = k->lfo_phase;
    float base = DSP_CHORUS_BASE_S * k->sr, swing = DSP_CHORUS_SWING_S * k->sr;
    for (int i = 0; i < n; i++) {
        float inc = dsp_clampf(rate[i], 0.1f, 10.0f) * k->inv_sr;
        float dep = dsp_clampf(depth[i], 0.0f, 1.0f) * swing;
        float m = dsp_clampf(mix[i], 0.0f, 1.0f);
        float p = (float)ph;
        for (int c = 0; c < nch; c++) {
            float pc = p + 0.25f * (float)c;
            if (pc >= 1.0f) pc -= 1.0f;
            float d = base + dep * dsp_sin2pi01(pc);
            float xi = in[c][i];
            float wet = dsp_ring_read_hermite(k->buf[c], mask, w, d);
            k->buf[c][w & mask] = dsp_finite_or_zero(xi);
            out[c][i] = xi * (1.0f - m) + wet * m;
        }
        w++;
        ph += inc;
        if (ph >= 1.0) ph -= 1.0;
    }
    k->w = w & mask;
    k->lfo_phase = ph;
}
