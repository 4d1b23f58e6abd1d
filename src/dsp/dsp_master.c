/* dsp_master.c - sanitise + safety limiter + clamp (see dsp_master.h). */
#include "dsp/dsp_master.h"

void dsp_master_init(DspMaster *k, float sample_rate, float lookahead_s, float ceiling_db)
{
    float db = ceiling_db == ceiling_db ? dsp_clampf(ceiling_db, -60.0f, 0.0f) : DSP_MASTER_CEILING_DB;
    k->ceiling = dsp_db_to_lin(db);
    dsp_limiter_init(&k->lim, sample_rate, lookahead_s);
    k->nonfinite = 0;
}

void dsp_master_reset(DspMaster *k)
{
    dsp_limiter_reset(&k->lim);
    k->nonfinite = 0;
}

int dsp_master_latency(const DspMaster *k)
{
    return dsp_limiter_latency(&k->lim);
}

void dsp_master_process(DspMaster *k, const float *const in[2], float *const out[2], int nch, int n)
{
    if (n <= 0) return;
    if (n > DSP_BLOCK_MAX) n = DSP_BLOCK_MAX;
    nch = nch == 2 ? 2 : 1;
    float clean[2][DSP_BLOCK_MAX], th[DSP_BLOCK_MAX], rel[DSP_BLOCK_MAX];
    for (int c = 0; c < nch; c++) {
        const float *x = in[c];
        int bad = 0;
        for (int i = 0; i < n; i++) {
            float v = x[i];
            bad += !dsp_is_finite(v);
            clean[c][i] = dsp_flush(dsp_finite_or_zero(v));
        }
        k->nonfinite += bad;
    }
    for (int i = 0; i < n; i++) {
        th[i] = k->ceiling;
        rel[i] = DSP_MASTER_RELEASE_S;
    }
    const float *cin[2] = { clean[0], clean[1] };
    dsp_limiter_process(&k->lim, cin, out, nch, th, rel, n);
}
