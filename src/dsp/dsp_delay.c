/* dsp_delay.c - feedback delay with a fractional, modulatable time (see
 * dsp_delay.h). Read before write, so a delay of d frames returns the input
 * of d frames ago; the written value is input + feedback*read, flushed of
 * denormals and non-finite values so a NaN can never live in the line. */
#include "dsp/dsp_delay.h"

#include <stdlib.h>
#include <string.h>

PhStatus dsp_delay_init(DspDelay *k, float sample_rate, float max_seconds)
{
    memset(k, 0, sizeof *k);
    k->sr = dsp_rate(sample_rate);
    float secs = dsp_clampf(max_seconds, 0.01f, DSP_DELAY_MAX_SECONDS);
    uint32_t need = (uint32_t)(secs * k->sr) + 4; /* + interpolation taps */
    uint32_t size = 1;
    while (size < need) size <<= 1;
    k->buf[0] = calloc(size, sizeof(float));
    k->buf[1] = calloc(size, sizeof(float));
    if (!k->buf[0] || !k->buf[1]) {
        dsp_delay_free(k);
        return PH_ERR_NOMEM;
    }
    k->mask = size - 1;
    k->max_frames = (float)(need - 4);
    return PH_OK;
}

void dsp_delay_reset(DspDelay *k)
{
    for (int c = 0; c < 2; c++)
        if (k->buf[c]) memset(k->buf[c], 0, (k->mask + 1) * sizeof(float));
    k->w = 0;
}

void dsp_delay_free(DspDelay *k)
{
    free(k->buf[0]);
    free(k->buf[1]);
    k->buf[0] = k->buf[1] = NULL;
}

void dsp_delay_adopt(DspDelay *dst, const DspDelay *src)
{
    if (!dst->buf[0] || !src->buf[0] || dst->buf[0] == src->buf[0]) return;
    if (dst->mask == src->mask) {
        for (int c = 0; c < 2; c++) memcpy(dst->buf[c], src->buf[c], (dst->mask + 1) * sizeof(float));
        dst->w = src->w;
        return;
    }
    /* different sizes (the maximum time changed): the newest frames, kept at
     * the same distance behind the write position */
    uint32_t m = (dst->mask < src->mask ? dst->mask : src->mask) + 1;
    for (int c = 0; c < 2; c++) {
        float *d = dst->buf[c];
        const float *s = src->buf[c];
        memset(d, 0, (dst->mask + 1) * sizeof(float));
        for (uint32_t k = 1; k <= m; k++) d[(dst->w - k) & dst->mask] = s[(src->w - k) & src->mask];
    }
}

void dsp_delay_process(DspDelay *k, const float *const in[2], float *const out[2], int nch,
                       const float *time, const float *feedback, const float *mix, int n)
{
    if (!k->buf[0] || n <= 0) return;
    nch = nch == 2 ? 2 : 1;
    uint32_t mask = k->mask, w0 = k->w;
    for (int c = 0; c < nch; c++) {
        float *b = k->buf[c];
        const float *x = in[c];
        float *y = out[c];
        uint32_t w = w0;
        for (int i = 0; i < n; i++) {
            float d = dsp_clampf(time[i] * k->sr, 2.0f, k->max_frames);
            float fb = dsp_clampf(feedback[i], 0.0f, DSP_DELAY_FEEDBACK_MAX);
            float m = dsp_clampf(mix[i], 0.0f, 1.0f);
            float wet = dsp_ring_read_hermite(b, mask, w, d);
            float xi = x[i];
            b[w & mask] = dsp_flush(dsp_finite_or_zero(xi + fb * wet));
            y[i] = xi * (1.0f - m) + wet * m;
            w++;
        }
    }
    k->w = (w0 + (uint32_t)n) & mask;
}
