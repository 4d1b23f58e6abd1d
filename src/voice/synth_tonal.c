/* synth_tonal.c - the pitched synths: supersaw, superpwm, superchip,
 * superfm, superpiano (SuperDirt's names; Phonon's own designs, synth.h).
 * All sound at the voice's pitch (the fundamental is the strongest partial)
 * and glide with `accelerate`. Oscillators are PolyBLEP band-limited. */
#include <math.h>
#include <string.h>

#include "voice/synth.h"

/* ---- supersaw: seven detuned saws (eight vector lanes, the last silent) ----------------- */
#define SAWS 8
static const float SAW_SPREAD[SAWS] = { -1.0f, -0.62f, -0.28f, 0.0f, 0.28f, 0.62f, 1.0f, 0.0f };
static const float SAW_AMP[SAWS] = { 0.45f, 0.5f, 0.6f, 1.0f, 0.6f, 0.5f, 0.45f, 0.0f };
enum { W_PH = 0, W_RATIO = SAWS };

static void saw_init(VoiceStageState *st, float sr)
{
    (void)sr;
    float *s = st->sy;
    float det = dsp_clampf(st->sp[SP_DETUNE], 0.0f, 12.0f);
    for (int k = 0; k < SAWS; k++) {
        s[W_PH + k] = k == 3 ? 0.0f : (float)(dsp_rng_next(&st->rng) >> 8) * (1.0f / 16777216.0f);
        s[W_RATIO + k] = exp2f(SAW_SPREAD[k] * det / 12.0f);
    }
}

static void saw_render(VoiceStageState *st, float *out, int64_t age0, int n, float sr, int64_t len)
{
    float *s = st->sy;
    const float inv_sr = 1.0f / sr;
    float dt[SAWS];
    for (int i = 0; i < n; i++) {
        if (i == 0 || st->accel != 0.0f) {
            float f = st->freq * synth_glide(st, age0 + i, len) * inv_sr;
            for (int k = 0; k < SAWS; k++) dt[k] = dsp_clampf(f * s[W_RATIO + k], 1e-6f, 0.45f);
        }
        float y = 0.0f;
        for (int k = 0; k < SAWS - 1; k++) {
            y += SAW_AMP[k] * synth_saw(s[W_PH + k], dt[k]);
            s[W_PH + k] = synth_wrap(s[W_PH + k] + dt[k]);
        }
        out[i] = 0.22f * y;
    }
}

/* ---- superpwm: two pulses with LFO-swept widths ----------------------------------------- */
enum { M_PH1, M_PH2, M_LFO, M_R1, M_R2 };

static void pwm_init(VoiceStageState *st, float sr)
{
    (void)sr;
    float *s = st->sy;
    float det = dsp_clampf(st->sp[SP_DETUNE], 0.0f, 12.0f);
    s[M_PH1] = 0.0f;
    s[M_PH2] = 0.5f;
    s[M_LFO] = 0.0f;
    s[M_R1] = exp2f(-det / 12.0f);
    s[M_R2] = exp2f(det / 12.0f);
}

static void pwm_render(VoiceStageState *st, float *out, int64_t age0, int n, float sr, int64_t len)
{
    float *s = st->sy;
    const float inv_sr = 1.0f / sr;
    const float lfo_inc = dsp_clampf(st->sp[SP_RATE], 0.0f, 50.0f) * inv_sr;
    for (int i = 0; i < n; i++) {
        float f = st->freq * synth_glide(st, age0 + i, len) * inv_sr;
        float w = 0.5f + 0.38f * dsp_sin2pi01(s[M_LFO]);
        float d1 = dsp_clampf(f * s[M_R1], 1e-6f, 0.45f), d2 = dsp_clampf(f * s[M_R2], 1e-6f, 0.45f);
        out[i] = 0.3f * (synth_pulse(s[M_PH1], d1, w) + synth_pulse(s[M_PH2], d2, 1.0f - w));
        s[M_PH1] = synth_wrap(s[M_PH1] + d1);
        s[M_PH2] = synth_wrap(s[M_PH2] + d2);
        s[M_LFO] = synth_wrap(s[M_LFO] + lfo_inc);
    }
}

/* ---- superchip: a narrow pulse with vibrato ---------------------------------------------- */
enum { C_PH, C_LFO, C_W, C_DEPTH };

static void chip_init(VoiceStageState *st, float sr)
{
    (void)sr;
    float *s = st->sy;
    s[C_PH] = 0.0f;
    s[C_LFO] = 0.0f;
    s[C_W] = dsp_clampf(0.125f + 0.375f * st->sp[SP_VOICE], 0.05f, 0.5f);
    s[C_DEPTH] = exp2f(dsp_clampf(st->sp[SP_DETUNE], 0.0f, 12.0f) / 12.0f) - 1.0f;
}

static void chip_render(VoiceStageState *st, float *out, int64_t age0, int n, float sr, int64_t len)
{
    float *s = st->sy;
    const float inv_sr = 1.0f / sr;
    const float lfo_inc = dsp_clampf(st->sp[SP_RATE], 0.0f, 50.0f) * inv_sr;
    for (int i = 0; i < n; i++) {
        float vib = 1.0f + s[C_DEPTH] * dsp_sin2pi01(s[C_LFO]);
        float dt = dsp_clampf(st->freq * synth_glide(st, age0 + i, len) * vib * inv_sr, 1e-6f, 0.45f);
        out[i] = 0.4f * synth_pulse(s[C_PH], dt, s[C_W]);
        s[C_PH] = synth_wrap(s[C_PH] + dt);
        s[C_LFO] = synth_wrap(s[C_LFO] + lfo_inc);
    }
}

/* ---- superfm: two-operator FM, the index decays ----------------------------------------- */
enum { F_PC, F_PM, F_RATIO, F_IDX, F_IDXD };

static void fm_init(VoiceStageState *st, float sr)
{
    float *s = st->sy;
    s[F_PC] = s[F_PM] = 0.0f;
    s[F_RATIO] = (float)(1 + (int)(dsp_clampf(st->sp[SP_VOICE], 0.0f, 1.0f) * 6.0f + 0.5f));
    s[F_IDX] = 1.0f;
    s[F_IDXD] = synth_decay(0.25f * dsp_clampf(st->sp[SP_DECAY], 0.05f, 20.0f), sr);
}

static void fm_render(VoiceStageState *st, float *out, int64_t age0, int n, float sr, int64_t len)
{
    float *s = st->sy;
    const float inv_sr = 1.0f / sr;
    float idx = s[F_IDX];
    for (int i = 0; i < n; i++) {
        float dc = dsp_clampf(st->freq * synth_glide(st, age0 + i, len) * inv_sr, 1e-6f, 0.45f);
        float dm = dsp_clampf(dc * s[F_RATIO], 0.0f, 0.45f);
        float index = 0.5f + 3.0f * idx; /* radians of phase deviation */
        float mod = dsp_sin2pi01(s[F_PM]) * index * (1.0f / (float)DSP_TWO_PI);
        out[i] = 0.45f * dsp_sin2pi01(synth_wrap(s[F_PC] + mod));
        s[F_PC] = synth_wrap(s[F_PC] + dc);
        s[F_PM] = synth_wrap(s[F_PM] + dm);
        idx *= s[F_IDXD];
    }
    s[F_IDX] = synth_cell_flush(idx, age0, n);
}

/* ---- superpiano: slightly inharmonic partials, higher ones decay faster, a hammer ---------- */
#define PARTIALS 8 /* 7 sounding, one silent lane */
enum { PN_C = 0, PN_S = PARTIALS, PN_AMP = 2 * PARTIALS, PN_DEC = 3 * PARTIALS, PN_HAM = 4 * PARTIALS,
       PN_HAMD, PN_PH = PN_HAMD + 1 /* glide: phases */ };

static float piano_ratio(int k)
{
    const float B = 0.00035f;
    float h = (float)(k + 1);
    return h * sqrtf(1.0f + B * h * h);
}

static void piano_init(VoiceStageState *st, float sr)
{
    float *s = st->sy;
    float decay = dsp_clampf(st->sp[SP_DECAY], 0.05f, 20.0f);
    float bright = dsp_clampf(st->sp[SP_VOICE], 0.0f, 1.0f);
    for (int k = 0; k < PARTIALS; k++) {
        float h = (float)(k + 1);
        int audible = k < 7 && st->freq * piano_ratio(k) < 0.45f * sr;
        s[PN_C + k] = 1.0f; /* phasor (cos, sin) at phase 0 */
        s[PN_S + k] = 0.0f;
        s[PN_AMP + k] = audible ? powf(h, -(1.6f - bright)) : 0.0f;
        s[PN_DEC + k] = synth_decay(1.6f * decay / (1.0f + 0.7f * (h - 1.0f)), sr);
    }
    s[PN_HAM] = 0.12f;
    s[PN_HAMD] = synth_decay(0.004f, sr);
}

/* Steady pitch: each partial is a rotating phasor (4 multiplies a frame),
 * renormalised at the end of each SYNTH_GRID cell; with `accelerate` the partials' phases are
 * integrated instead. */
static void piano_render(VoiceStageState *st, float *out, int64_t age0, int n, float sr, int64_t len)
{
    float *s = st->sy;
    const float inv_sr = 1.0f / sr;
    SynthV8 c, sn, amp, dec;
    memcpy(&c, &s[PN_C], sizeof c);
    memcpy(&sn, &s[PN_S], sizeof sn);
    memcpy(&amp, &s[PN_AMP], sizeof amp);
    memcpy(&dec, &s[PN_DEC], sizeof dec);
    float ham = s[PN_HAM];
    if (st->accel == 0.0f) {
        SynthV8 cr, sr8;
        for (int k = 0; k < PARTIALS; k++) {
            double w = DSP_TWO_PI * (double)dsp_clampf(st->freq * piano_ratio(k) * inv_sr, 0.0f, 0.45f);
            cr[k] = (float)cos(w);
            sr8[k] = (float)sin(w);
        }
        for (int i = 0; i < n; i++) {
            SynthV8 part = amp * sn;
            float y = synth_noise(&st->rng) * ham + SYNTH_V8_SUM(part);
            SynthV8 c2 = c * cr - sn * sr8;
            sn = sn * cr + c * sr8;
            c = c2;
            amp = amp * dec;
            ham = ham * s[PN_HAMD];
            out[i] = 0.45f * y;
        }
        if (synth_cell_end(age0, n)) {
            SynthV8 r2 = c * c + sn * sn, g = 1.5f - 0.5f * r2; /* one Newton step to |phasor| = 1 */
            c = c * g;
            sn = sn * g;
        }
    } else {
        SynthV8 ratio;
        for (int k = 0; k < PARTIALS; k++) ratio[k] = piano_ratio(k);
        for (int i = 0; i < n; i++) {
            float f = st->freq * synth_glide(st, age0 + i, len) * inv_sr;
            float y = synth_noise(&st->rng) * ham;
            for (int k = 0; k < PARTIALS; k++) {
                float ph = s[PN_PH + k];
                y += amp[k] * dsp_sin2pi01(ph);
                s[PN_PH + k] = synth_wrap(ph + dsp_clampf(f * ratio[k], 0.0f, 0.45f));
            }
            amp = amp * dec;
            ham = ham * s[PN_HAMD];
            out[i] = 0.45f * y;
        }
    }
    for (int k = 0; k < PARTIALS; k++) amp[k] = synth_cell_flush(amp[k], age0, n);
    memcpy(&s[PN_C], &c, sizeof c);
    memcpy(&s[PN_S], &sn, sizeof sn);
    memcpy(&s[PN_AMP], &amp, sizeof amp);
    s[PN_HAM] = synth_cell_flush(ham, age0, n);
}

const VoiceSynthDef voice_synth_tonal[5] = {
    { "supersaw", { 1.0f, 0.25f, 0.0f, 1.0f }, saw_init, saw_render },
    { "superpwm", { 1.0f, 0.1f, 0.0f, 1.0f }, pwm_init, pwm_render },
    { "superchip", { 1.0f, 0.1f, 0.33f, 6.0f }, chip_init, chip_render },
    { "superfm", { 1.0f, 0.0f, 0.17f, 1.0f }, fm_init, fm_render },
    { "superpiano", { 1.0f, 0.0f, 0.3f, 1.0f }, piano_init, piano_render },
};

/* ---- the table ---------------------------------------------------------------------------- */

#define NDRUMS (int)(sizeof voice_synth_drums / sizeof voice_synth_drums[0])
#define NTONAL (int)(sizeof voice_synth_tonal / sizeof voice_synth_tonal[0])

const VoiceSynthDef *voice_synth_def(int id)
{
    if (id >= 1 && id <= NDRUMS) return &voice_synth_drums[id - 1];
    if (id > NDRUMS && id <= NDRUMS + NTONAL) return &voice_synth_tonal[id - 1 - NDRUMS];
    return NULL;
}

int voice_synth_count(void) { return NDRUMS + NTONAL; }

int voice_synth_find(const char *name)
{
    if (!name) return 0;
    for (int id = 1; id <= voice_synth_count(); id++)
        if (!strcmp(voice_synth_def(id)->name, name)) return id;
    return 0;
}

const char *voice_synth_name(int id)
{
    const VoiceSynthDef *d = voice_synth_def(id);
    return d ? d->name : NULL;
}
