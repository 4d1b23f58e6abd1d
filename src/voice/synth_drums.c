/* synth_drums.c - the drum synths: superkick, supersnare, superhat,
 * superclap (SuperDirt's names; Phonon's own designs, see synth.h).
 *
 * Pitch: the note sets the drum's tuning. superkick's body sweeps down to
 * two octaves below the note (c4, the default, gives 65.4 Hz), supersnare's
 * shell tone is an octave below the note (130.8 Hz at c4) with a second
 * mode at 1.6x, superhat's and superclap's noise bands move with the note
 * (7 kHz and 1.1 kHz at c4). Envelopes are exponential decays scaled by
 * `decay` (SP_DECAY, default 1); the voice's length (sustain, legato, or
 * the event's duration) cuts them off with the usual 4 ms release. */
#include <math.h>

#include "voice/synth.h"

#define C4_HZ 261.62557f

/* ---- superkick: sine body with a pitch drop, a short noise click ---------------------- */
enum { K_PH, K_AMP, K_AMPD, K_PEN, K_PEND, K_CLK, K_CLKD, K_F };

static void kick_init(VoiceStageState *st, float sr)
{
    float *s = st->sy;
    float decay = dsp_clampf(st->sp[SP_DECAY], 0.05f, 20.0f);
    s[K_PH] = 0.0f;
    s[K_AMP] = 1.0f;
    s[K_AMPD] = synth_decay(0.3f * decay, sr);
    s[K_PEN] = 1.0f;
    s[K_PEND] = synth_decay(0.025f, sr);
    s[K_CLK] = dsp_clampf(0.15f + 0.6f * st->sp[SP_VOICE], 0.0f, 1.0f);
    s[K_CLKD] = synth_decay(0.003f, sr);
    s[K_F] = st->freq * 0.25f;
}

static void kick_render(VoiceStageState *st, float *out, int64_t age0, int n, float sr, int64_t len)
{
    float *s = st->sy;
    const float inv_sr = 1.0f / sr;
    float ph = s[K_PH], amp = s[K_AMP], pen = s[K_PEN], clk = s[K_CLK];
    for (int i = 0; i < n; i++) {
        float f = s[K_F] * synth_glide(st, age0 + i, len) * (1.0f + 3.0f * pen);
        float y = dsp_sin2pi01(ph) * amp + synth_noise(&st->rng) * clk;
        out[i] = 0.9f * y;
        ph = synth_wrap(ph + dsp_clampf(f * inv_sr, 0.0f, 0.45f));
        amp *= s[K_AMPD];
        pen *= s[K_PEND];
        clk *= s[K_CLKD];
    }
    s[K_PH] = ph;
    s[K_AMP] = amp;
    s[K_PEN] = synth_cell_flush(pen, age0, n);
    s[K_CLK] = synth_cell_flush(clk, age0, n);
}

/* ---- supersnare: two shell modes and band-passed noise ---------------------------------- */
enum { S_PH1, S_PH2, S_TONE, S_TONED, S_NOISE, S_NOISED, S_F, S_C = 8, S_Z = 12, S_C2 = 14, S_Z2 = 18 };

static void snare_init(VoiceStageState *st, float sr)
{
    float *s = st->sy;
    float decay = dsp_clampf(st->sp[SP_DECAY], 0.05f, 20.0f);
    s[S_PH1] = s[S_PH2] = 0.0f;
    s[S_TONE] = 1.0f;
    s[S_TONED] = synth_decay(0.07f * decay, sr);
    s[S_NOISE] = 1.0f;
    s[S_NOISED] = synth_decay(0.14f * decay, sr);
    s[S_F] = st->freq * 0.5f;
    float ratio = st->freq / C4_HZ;
    synth_svf_init(&s[S_C], &s[S_Z], 3500.0f * ratio, 0.6f, sr);   /* noise band */
    synth_svf_init(&s[S_C2], &s[S_Z2], 900.0f * ratio, 0.7f, sr);  /* low cut under it */
}

static void snare_render(VoiceStageState *st, float *out, int64_t age0, int n, float sr, int64_t len)
{
    float *s = st->sy;
    const float inv_sr = 1.0f / sr;
    float p1 = s[S_PH1], p2 = s[S_PH2], tone = s[S_TONE], noise = s[S_NOISE];
    for (int i = 0; i < n; i++) {
        float f = s[S_F] * synth_glide(st, age0 + i, len);
        float bp, hpbp;
        float x = synth_noise(&st->rng);
        (void)synth_svf(&s[S_C], &s[S_Z], x, &bp);
        float lp = synth_svf(&s[S_C2], &s[S_Z2], bp, &hpbp);
        float hp = bp - s[S_C2 + 3] * hpbp - lp;
        float y = (dsp_sin2pi01(p1) + 0.5f * dsp_sin2pi01(p2)) * tone * 0.45f + hp * noise * 1.2f;
        out[i] = y;
        p1 = synth_wrap(p1 + dsp_clampf(f * inv_sr, 0.0f, 0.45f));
        p2 = synth_wrap(p2 + dsp_clampf(1.6f * f * inv_sr, 0.0f, 0.45f));
        tone *= s[S_TONED];
        noise *= s[S_NOISED];
    }
    s[S_PH1] = p1;
    s[S_PH2] = p2;
    s[S_TONE] = synth_cell_flush(tone, age0, n);
    s[S_NOISE] = synth_cell_flush(noise, age0, n);
}

/* ---- superhat: high-passed noise, short decay ------------------------------------------- */
enum { H_ENV, H_ENVD, H_C = 4, H_Z = 8, H_C2 = 10, H_Z2 = 14 };

static void hat_init(VoiceStageState *st, float sr)
{
    float *s = st->sy;
    float decay = dsp_clampf(st->sp[SP_DECAY], 0.05f, 20.0f);
    float ratio = st->freq / C4_HZ;
    s[H_ENV] = 1.0f;
    s[H_ENVD] = synth_decay(0.045f * decay, sr);
    synth_svf_init(&s[H_C], &s[H_Z], 7000.0f * ratio, 0.8f, sr);
    synth_svf_init(&s[H_C2], &s[H_Z2], 10000.0f * ratio, 1.5f, sr);
}

static void hat_render(VoiceStageState *st, float *out, int64_t age0, int n, float sr, int64_t len)
{
    (void)sr;
    (void)len;
    float *s = st->sy;
    float env = s[H_ENV];
    for (int i = 0; i < n; i++) {
        float bp, bp2;
        float x = synth_noise(&st->rng);
        float lp = synth_svf(&s[H_C], &s[H_Z], x, &bp);
        float hp = x - s[H_C + 3] * bp - lp;
        (void)synth_svf(&s[H_C2], &s[H_Z2], hp, &bp2);
        out[i] = (0.6f * hp + 0.5f * bp2) * env;
        env *= s[H_ENVD];
    }
    s[H_ENV] = synth_cell_flush(env, age0, n);
}

/* ---- superclap: three quick bursts and a tail of band-passed noise ---------------------- */
enum { P_TAU, P_C = 4, P_Z = 8 };

static void clap_init(VoiceStageState *st, float sr)
{
    float *s = st->sy;
    float decay = dsp_clampf(st->sp[SP_DECAY], 0.05f, 20.0f);
    s[P_TAU] = 0.12f * decay;
    synth_svf_init(&s[P_C], &s[P_Z], 1100.0f * st->freq / C4_HZ, 1.4f, sr);
}

static void clap_render(VoiceStageState *st, float *out, int64_t age0, int n, float sr, int64_t len)
{
    (void)len;
    float *s = st->sy;
    for (int i = 0; i < n; i++) {
        float t = (float)(age0 + i) / sr, e;
        if (t < 0.033f) {
            float k = (float)(int)(t / 0.011f);
            e = expf(-(t - 0.011f * k) / 0.0035f);
        } else {
            e = expf(-(t - 0.033f) / s[P_TAU]);
        }
        float bp;
        (void)synth_svf(&s[P_C], &s[P_Z], synth_noise(&st->rng), &bp);
        out[i] = 1.5f * bp * e;
    }
}

const VoiceSynthDef voice_synth_drums[4] = {
    { "superkick", { 1.0f, 0.0f, 0.0f, 1.0f }, kick_init, kick_render },
    { "supersnare", { 1.0f, 0.0f, 0.0f, 1.0f }, snare_init, snare_render },
    { "superhat", { 1.0f, 0.0f, 0.0f, 1.0f }, hat_init, hat_render },
    { "superclap", { 1.0f, 0.0f, 0.0f, 1.0f }, clap_init, clap_render },
};
