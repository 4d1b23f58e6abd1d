/* kit_internal.h - what the built-in kit's files share: the bank table entry
 * type, the render context, and small DSP pieces (PRNG, biquad, envelopes,
 * band-limited oscillators, damped resonators). Only for src/sample/kit_*.c. */
#ifndef PHONON_SAMPLE_KIT_INTERNAL_H
#define PHONON_SAMPLE_KIT_INTERNAL_H

#include <math.h>
#include <stdint.h>

#include "sample/kit.h"

#define KIT_MAX_VARIATIONS 4
#define KIT_PI 3.141592653589793
#define KIT_TWO_PI 6.283185307179586

typedef struct KitRng {
    uint64_t s;
} KitRng;

/* Per-variation render state. x holds n zeroed frames to add into. */
typedef struct KitRender {
    float *x;
    int64_t n;
    double rate;
    int variation;
    KitRng rng;
} KitRender;

typedef struct KitBankDef {
    KitBankInfo info;
    double seconds[KIT_MAX_VARIATIONS]; /* length of each variation */
    double peak_db;                     /* normalised peak, dBFS */
    double fade_in_ms, fade_out_ms;     /* raised-cosine edges */
    void (*render)(KitRender *r);
} KitBankDef;

/* Filter sweeps recompute coefficients every KIT_SWEEP_FRAMES frames. */
#define KIT_SWEEP_FRAMES 16

/* One bank per definition; kit.c lists them in byte order. */
extern const KitBankDef kit_def_arpy, kit_def_bass, kit_def_bd, kit_def_cb, kit_def_cp,
    kit_def_cy, kit_def_hh, kit_def_ht, kit_def_lt, kit_def_mt, kit_def_oh, kit_def_pad,
    kit_def_rim, kit_def_sn, kit_def_stab;

/* splitmix64 generator: deterministic, no globals. */
void kit_rng_seed(KitRng *r, uint64_t seed);
uint64_t kit_rng_next(KitRng *r);
/* Uniform in [-1, 1). */
static inline double kit_noise(KitRng *r)
{
    return (double)(kit_rng_next(r) >> 11) * (2.0 / 9007199254740992.0) - 1.0;
}

/* RBJ-cookbook biquad (transposed direct form II), double precision. */
typedef enum KitFilterType { KIT_LOWPASS, KIT_HIGHPASS, KIT_BANDPASS } KitFilterType;
typedef struct KitBiquad {
    double b0, b1, b2, a1, a2, z1, z2;
} KitBiquad;
/* Sets coefficients (hz clamped below Nyquist), keeps the state. */
void kit_biquad_set(KitBiquad *f, KitFilterType type, double hz, double q, double rate);
/* Sets coefficients and clears the state. */
void kit_biquad_init(KitBiquad *f, KitFilterType type, double hz, double q, double rate);
static inline double kit_biquad_run(KitBiquad *f, double x)
{
    double y = f->b0 * x + f->z1;
    f->z1 = f->b1 * x - f->a1 * y + f->z2;
    f->z2 = f->b2 * x - f->a2 * y;
    return y;
}

/* Exponential decay: value starts at 1 and is multiplied by k every frame. */
typedef struct KitDecay {
    double v, k;
} KitDecay;
void kit_decay_init(KitDecay *e, double tau_seconds, double rate);
static inline double kit_decay_run(KitDecay *e)
{
    double v = e->v;
    e->v *= e->k;
    return v;
}

/* Phase accumulator in cycles [0,1) with PolyBLEP band-limited saw/square. */
typedef struct KitOsc {
    double phase, inc;
} KitOsc;
void kit_osc_init(KitOsc *o, double hz, double phase, double rate);
double kit_osc_saw(KitOsc *o);
double kit_osc_square(KitOsc *o);
/* Plain (aliasing) square, for the metallic 808-style clusters. */
static inline double kit_osc_square_raw(KitOsc *o)
{
    double v = o->phase < 0.5 ? 1.0 : -1.0;
    o->phase += o->inc;
    if (o->phase >= 1.0) o->phase -= 1.0;
    return v;
}

/* A decaying sine a*r^n*sin(w n) by a two-multiply recurrence (modal synthesis). */
typedef struct KitMode {
    double c1, c2, y1, y2;
} KitMode;
void kit_mode_init(KitMode *m, double hz, double tau_seconds, double amp, double rate);
static inline double kit_mode_run(KitMode *m)
{
    double y = m->c1 * m->y1 - m->c2 * m->y2;
    m->y2 = m->y1;
    m->y1 = y;
    return y;
}

/* Soft clip with unity gain at small signals. */
static inline double kit_drive(double x, double amount)
{
    return amount > 0.0 ? tanh(x * amount) / amount : x;
}

/* Makes a rendered variation clean: DC blocked (10 Hz), raised-cosine fades,
 * the remaining mean removed through a Hann window, peak set to peak_db. */
void kit_finish(float *x, int64_t n, double rate, double peak_db, double fade_in_ms,
                double fade_out_ms);

#endif
