/* synth.h - internal: the synth voices (`s "superkick"`, `note "c e" # s
 * "supersaw"`), their table and shared helpers.
 *
 * A synth is a small generator rendered per voice into the voice's stage
 * buffer (voice_stage.c): init() sets its state from the voice's pitch and
 * parameters, render() writes n mono frames for ages age0.. (always
 * contiguous from the onset, block after block). The voice engine then
 * applies the per-event stages, the envelope (attack, release, the 1 ms
 * fade-in and 4 ms release every synth gets), gain, pan, filters and
 * orbits as for samples. Generators are plain C: the same code on every
 * SIMD path, so synth output is bit-identical everywhere too.
 *
 * Parameters (VoiceStageState.sp, NaN = the synth's default):
 *   SP_DECAY  decay-time scale (kick, snare, hat, clap, fm, piano)
 *   SP_DETUNE detune in semitones (supersaw spread, superpwm, superchip vibrato depth)
 *   SP_VOICE  timbre 0..1 (kick click, chip pulse width, fm ratio, piano brightness)
 *   SP_RATE   LFO rate in Hz (superpwm width, superchip vibrato) */
#ifndef PHONON_VOICE_SYNTH_H
#define PHONON_VOICE_SYNTH_H

#include "dsp/dsp.h"
#include "voice/voice_internal.h"

enum { SP_DECAY = 0, SP_DETUNE, SP_VOICE, SP_RATE };

/* render calls never cross a multiple of SYNTH_GRID frames of voice age, so
 * per-call work (flushes, renormalising) lands on the same frames at any
 * block size. */
#define SYNTH_GRID 64

/* True when a render call ends on the grid: the only place per-call state
 * fix-ups (flushes, renormalising) may happen, so that splitting a cell into
 * more calls changes nothing. */
static inline int synth_cell_end(int64_t age0, int n)
{
    return ((age0 + n) & (SYNTH_GRID - 1)) == 0;
}

/* dsp_flush, on the grid only. */
static inline float synth_cell_flush(float x, int64_t age0, int n)
{
    return synth_cell_end(age0, n) ? dsp_flush(x) : x;
}

typedef struct VoiceSynthDef {
    const char *name;
    float sp_default[VOICE_SYNTH_PARAMS];
    void (*init)(VoiceStageState *st, float sr);
    /* out[0..n): ages age0 .. age0+n-1, all in [0, len), within one SYNTH_GRID cell */
    void (*render)(VoiceStageState *st, float *out, int64_t age0, int n, float sr, int64_t len);
} VoiceSynthDef;

/* NULL unless 1 <= id <= voice_synth_count(). */
const VoiceSynthDef *voice_synth_def(int id);

extern const VoiceSynthDef voice_synth_drums[4];
extern const VoiceSynthDef voice_synth_tonal[5];

/* ---- helpers -------------------------------------------------------------------- */

/* White noise in [-1, 1). */
static inline float synth_noise(uint32_t *rng)
{
    return (float)(int32_t)dsp_rng_next(rng) * (1.0f / 2147483648.0f);
}


/* Band-limited saw (-1..1) at phase t, increment dt. */
static inline float synth_saw(float t, float dt)
{
    return 2.0f * t - 1.0f - dsp_polyblep(t, dt);
}

/* Band-limited pulse (+1 while t < w) at phase t, increment dt. */
static inline float synth_pulse(float t, float dt, float w)
{
    float t2 = t - w;
    if (t2 < 0.0f) t2 += 1.0f;
    return (t < w ? 1.0f : -1.0f) + dsp_polyblep(t, dt) - dsp_polyblep(t2, dt);
}

static inline float synth_wrap(float ph)
{
    return ph - (float)(int32_t)ph + (ph < 0.0f ? 1.0f : 0.0f);
}

/* The pitch ramp of `accelerate`: 1 at the onset, 1 + accel at the end. */
static inline float synth_glide(const VoiceStageState *st, int64_t age, int64_t len)
{
    return st->accel == 0.0f ? 1.0f : 1.0f + st->accel * (float)((double)age / (double)(len > 0 ? len : 1));
}

/* A one-pole decay factor per frame for time constant tau seconds. */
static inline float synth_decay(float tau, float sr)
{
    return expf(-1.0f / (dsp_clampf(tau, 1e-4f, 100.0f) * sr));
}

/* 8 lanes of floats (oscillator banks inside one voice). Plain C
 * operators: every SIMD path runs this same code, so the bits agree. */
typedef float SynthV8 __attribute__((vector_size(32)));

/* (A macro, not a function: a 32-byte vector argument would change the
 * ABI of functions compiled without AVX.) */
/* the 8 lanes summed in lane order */
#define SYNTH_V8_SUM(v) (((((((v)[0] + (v)[1]) + (v)[2]) + (v)[3]) + (v)[4]) + (v)[5]) + (v)[6] + (v)[7])

/* A TPT state-variable filter inside a synth: coefficients c[0..3] = a1,
 * a2, a3, k and state z[0..1]. */
static inline void synth_svf_init(float *c, float *z, float hz, float q, float sr)
{
    float g = dsp_tan_pi(dsp_clampf(hz, 10.0f, 0.45f * sr) / sr);
    float k = 1.0f / dsp_clampf(q, 0.1f, 50.0f);
    c[0] = 1.0f / (1.0f + g * (g + k));
    c[1] = g * c[0];
    c[2] = g * c[1];
    c[3] = k;
    z[0] = z[1] = 0.0f;
}

/* One frame; *bp and the return value (low-pass) out; high-pass = x - k bp - lp. */
static inline float synth_svf(const float *c, float *z, float x, float *bp)
{
    float v3 = x - z[1];
    float v1 = c[0] * z[0] + c[1] * v3;
    float v2 = z[1] + c[1] * z[0] + c[2] * v3;
    z[0] = dsp_flush(2.0f * v1 - z[0]);
    z[1] = dsp_flush(2.0f * v2 - z[1]);
    *bp = v1;
    return v2;
}

#endif
