/* dsp_compressor.c - hard-knee feed-forward compressor (see dsp_compressor.h).
 * The log-domain gain is only computed while the detector is above the
 * threshold; below it the gain is the makeup gain, so quiet passages cost
 * one compare per frame. */
#include "dsp/dsp_compressor.h"

void dsp_compressor_init(DspCompressor *k, float sample_rate)
{
    k->sr = dsp_rate(sample_rate);
    k->at_last = k->rt_last = k->th_last = k->mk_last = NAN; /* force first computation */
    k->at_coef = k->rt_coef = 0.0f;
    k->th_lin = k->mk_lin = 1.0f;
    dsp_compressor_reset(k);
}

void dsp_compressor_reset(DspCompressor *k)
{
    k->env = 0.0f;
}

void dsp_compressor_process(DspCompressor *k, const float *const in[2], float *const out[2],
                            int nch, const float *threshold_db, const float *ratio,
                            const float *attack, const float *release, const float *makeup_db,
                            int n)
{
    nch = nch == 2 ? 2 : 1;
    float env = k->env;
    for (int i = 0; i < n; i++) {
        float th = dsp_clampf(threshold_db[i], -60.0f, 0.0f);
        float at = dsp_clampf(attack[i], 0.001f, 1.0f);
        float rt = dsp_clampf(release[i], 0.01f, 3.0f);
        float mk = dsp_clampf(makeup_db[i], 0.0f, 30.0f);
        float ra = dsp_clampf(ratio[i], 1.0f, 20.0f);
        if (th != k->th_last) { k->th_last = th; k->th_lin = dsp_db_to_lin(th); }
        if (mk != k->mk_last) { k->mk_last = mk; k->mk_lin = dsp_db_to_lin(mk); }
        if (at != k->at_last) { k->at_last = at; k->at_coef = dsp_onepole_coef(at, k->sr); }
        if (rt != k->rt_last) { k->rt_last = rt; k->rt_coef = dsp_onepole_coef(rt, k->sr); }

        float l = dsp_finite_or_zero(in[0][i]);
        float r = nch == 2 ? dsp_finite_or_zero(in[1][i]) : 0.0f;
        float level = l < 0.0f ? -l : l, lr = r < 0.0f ? -r : r;
        level = lr > level ? lr : level;
        float c = level > env ? k->at_coef : k->rt_coef;
        env = level + (env - level) * c;

        float gain = k->mk_lin;
        if (env > k->th_lin) {
            float over_db = dsp_lin_to_db(env) - th;
            gain *= dsp_db_to_lin(-over_db * (1.0f - 1.0f / ra));
        }
        out[0][i] = in[0][i] * gain;
        if (nch == 2) out[1][i] = in[1][i] * gain;
    }
    k->env = dsp_flush(env);
}
