/* dsp_distortion.c - tanh soft clipper with dry/wet mix (see dsp_distortion.h). */
#include "dsp/dsp_distortion.h"

void dsp_distortion_init(DspDistortion *k, float sample_rate)
{
    (void)sample_rate;
    k->unused = 0;
}

void dsp_distortion_reset(DspDistortion *k)
{
    (void)k;
}

void dsp_distortion_process(DspDistortion *k, const float *const in[2], float *const out[2],
                            int nch, const float *drive, const float *mix, int n)
{
    (void)k;
    nch = nch == 2 ? 2 : 1;
    for (int c = 0; c < nch; c++) {
        const float *x = in[c];
        float *y = out[c];
        for (int i = 0; i < n; i++) {
            float d = dsp_clampf(drive[i], 1.0f, 100.0f);
            float m = dsp_clampf(mix[i], 0.0f, 1.0f);
            float xi = x[i];
            y[i] = xi * (1.0f - m) + dsp_tanh_fast(xi * d) * m;
        }
    }
}
