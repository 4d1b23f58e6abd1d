/* dsp_adsr.c - gate/trigger ADSR envelope (see dsp_adsr.h). */
#include "dsp/dsp_adsr.h"

/* ln(1000): a T60 time constant reaches 1/1000 of the distance. */
#define LN_1000 6.907755279f
#define DECAY_DONE 1e-4f   /* within -80 dB of the sustain level: decay has ended */
#define RELEASE_DONE 1e-5f /* -100 dB: the release has ended */

static float t60_coef(float seconds, float sr)
{
    float frames = seconds * sr;
    return frames < 1.0f ? 0.0f : expf(-LN_1000 / frames);
}

static inline float clamp_time(float t)
{
    return dsp_clampf(t, 0.0f, DSP_ADSR_TIME_MAX);
}

void dsp_adsr_init(DspAdsr *k, float sample_rate)
{
    k->sr = dsp_rate(sample_rate);
    k->a_time = k->d_time = k->r_time = -1.0f; /* force the first computation */
    dsp_adsr_reset(k);
}

void dsp_adsr_reset(DspAdsr *k)
{
    k->stage = DSP_ADSR_IDLE;
    k->level = 0.0f;
    k->gate_prev = 0;
}

void dsp_adsr_process(DspAdsr *k, const float *gate, const float *trig, const float *attack,
                      const float *decay, const float *sustain, const float *release,
                      float *out, int n)
{
    DspAdsrStage stage = k->stage;
    float level = k->level;
    int gprev = k->gate_prev;
    for (int i = 0; i < n; i++) {
        float at = clamp_time(attack[i]), dt = clamp_time(decay[i]), rt = clamp_time(release[i]);
        if (at != k->a_time) {
            k->a_time = at;
            float frames = at * k->sr;
            k->a_inc = frames < 1.0f ? 1.0f : 1.0f / frames;
        }
        if (dt != k->d_time) { k->d_time = dt; k->d_coef = t60_coef(dt, k->sr); }
        if (rt != k->r_time) { k->r_time = rt; k->r_coef = t60_coef(rt, k->sr); }
        float sus = dsp_clampf(sustain[i], 0.0f, 1.0f);

        int t = trig && trig[i] > 0.5f;
        if (gate) {
            int g = gate[i] > 0.5f;
            if ((g && !gprev) || (g && t)) stage = DSP_ADSR_ATTACK;
            else if (!g && gprev && stage != DSP_ADSR_IDLE) stage = DSP_ADSR_RELEASE;
            gprev = g;
        } else if (t) {
            stage = DSP_ADSR_ATTACK;
        }

        switch (stage) {
        case DSP_ADSR_IDLE:
            level = 0.0f;
            break;
        case DSP_ADSR_ATTACK:
            level += k->a_inc;
            if (level >= 1.0f) { level = 1.0f; stage = DSP_ADSR_DECAY; }
            break;
        case DSP_ADSR_DECAY:
            level = sus + (level - sus) * k->d_coef;
            if (!gate && level - sus < DECAY_DONE && level - sus > -DECAY_DONE) {
                level = sus; /* one-shot: the decay has ended, release now */
                stage = DSP_ADSR_RELEASE;
            }
            break;
        case DSP_ADSR_RELEASE:
            level *= k->r_coef;
            if (level < RELEASE_DONE) { level = 0.0f; stage = DSP_ADSR_IDLE; }
            break;
        }
        out[i] = level;
    }
    k->stage = stage;
    k->level = dsp_flush(dsp_finite_or_zero(level));
    k->gate_prev = gprev;
}
