/* kit_metal.c - built-in closed hat (hh), open hat (oh), cymbal (cy) and
 * cowbell (cb). Hats and cymbal are the 808 recipe: six square oscillators
 * at inharmonic ratios, mixed with some noise, band-passed and high-passed;
 * the cowbell is two band-limited squares through a band-pass. */
#include "sample/kit_internal.h"

/* The TR-808's six metal oscillators, Hz. */
static const double metal_hz[6] = { 205.3, 304.4, 369.6, 522.7, 540.0, 800.0 };

typedef struct MetalParams {
    double scale;        /* oscillator tuning factor */
    double noise;        /* 0 = squares only, 1 = noise only */
    double bp_hz, bp_q, hp_hz;
    double fast_tau, slow_tau, slow; /* two decays: transient, then body (level slow) */
} MetalParams;

static void render_metal(KitRender *r, const MetalParams *p)
{
    KitOsc osc[6];
    for (int k = 0; k < 6; k++)
        kit_osc_init(&osc[k], metal_hz[k] * p->scale, 0.5 + 0.5 * kit_noise(&r->rng), r->rate);
    KitBiquad bp, hp1, hp2;
    kit_biquad_init(&bp, KIT_BANDPASS, p->bp_hz, p->bp_q, r->rate);
    kit_biquad_init(&hp1, KIT_HIGHPASS, p->hp_hz, 0.7, r->rate);
    kit_biquad_init(&hp2, KIT_HIGHPASS, p->hp_hz, 0.7, r->rate);
    KitDecay fast, slow;
    kit_decay_init(&fast, p->fast_tau, r->rate);
    kit_decay_init(&slow, p->slow_tau, r->rate);
    for (int64_t i = 0; i < r->n; i++) {
        double sq = 0.0;
        for (int k = 0; k < 6; k++) sq += kit_osc_square_raw(&osc[k]);
        double s = (1.0 - p->noise) * sq / 6.0 + p->noise * kit_noise(&r->rng);
        double y = kit_biquad_run(&hp2, kit_biquad_run(&hp1, kit_biquad_run(&bp, s)));
        double env = (1.0 - p->slow) * kit_decay_run(&fast) + p->slow * kit_decay_run(&slow);
        r->x[i] = (float)(y * env);
    }
}

static const MetalParams closed_hats[] = {
    { 1.00, 0.00, 10000.0, 1.2, 7500.0, 0.010, 0.030, 0.6 }, /* 808 */
    { 1.00, 0.60, 9000.0, 1.0, 7000.0, 0.012, 0.040, 0.6 },  /* 909-ish, noisier */
    { 1.18, 0.20, 11000.0, 1.5, 8500.0, 0.006, 0.015, 0.5 }, /* tight tick */
    { 0.88, 0.30, 8000.0, 1.0, 6000.0, 0.015, 0.035, 0.6 },  /* dark, loose */
};
static const MetalParams open_hats[] = {
    { 1.00, 0.10, 10000.0, 1.2, 7000.0, 0.020, 0.180, 0.7 },
    { 0.94, 0.40, 9000.0, 1.0, 6500.0, 0.020, 0.240, 0.7 },
    { 1.07, 0.25, 11000.0, 1.3, 7500.0, 0.015, 0.300, 0.7 },
};
static const MetalParams cymbals[] = {
    { 1.00, 0.30, 7000.0, 0.7, 4000.0, 0.050, 0.450, 0.6 }, /* crash */
    { 0.90, 0.45, 6000.0, 0.6, 3500.0, 0.060, 0.600, 0.7 }, /* long, washy */
    { 1.12, 0.25, 8500.0, 0.8, 5000.0, 0.030, 0.330, 0.5 }, /* splash */
};

static void render_hh(KitRender *r) { render_metal(r, &closed_hats[r->variation]); }
static void render_oh(KitRender *r) { render_metal(r, &open_hats[r->variation]); }
static void render_cy(KitRender *r) { render_metal(r, &cymbals[r->variation]); }

const KitBankDef kit_def_hh = {
    { "hh", 4, 0.0, "closed hat: 808, 909-ish, tight, dark" },
    { 0.12, 0.15, 0.08, 0.16 }, -3.0, 0.3, 10.0, render_hh,
};
const KitBankDef kit_def_oh = {
    { "oh", 3, 0.0, "open hat: 808, noisy, bright" },
    { 0.60, 0.75, 0.90 }, -3.0, 0.3, 40.0, render_oh,
};
const KitBankDef kit_def_cy = {
    { "cy", 3, 0.0, "cymbal: crash, long wash, splash" },
    { 1.50, 2.00, 1.20 }, -3.0, 0.5, 80.0, render_cy,
};

/* ---- cb ---------------------------------------------------------------- */

static const double cowbell_scale[] = { 1.0, 0.9, 1.15 };

static void render_cb(KitRender *r)
{
    double s = cowbell_scale[r->variation];
    KitOsc a, b;
    kit_osc_init(&a, 540.0 * s, 0.0, r->rate);
    kit_osc_init(&b, 800.0 * s, 0.0, r->rate);
    KitBiquad bp, lp;
    kit_biquad_init(&bp, KIT_BANDPASS, 2640.0 * s, 1.0, r->rate);
    kit_biquad_init(&lp, KIT_LOWPASS, 4000.0, 0.7, r->rate);
    KitDecay fast, slow;
    kit_decay_init(&fast, 0.012, r->rate);
    kit_decay_init(&slow, 0.110 + 0.03 * r->variation, r->rate);
    for (int64_t i = 0; i < r->n; i++) {
        double x = kit_osc_square(&a) + kit_osc_square(&b);
        double y = kit_biquad_run(&bp, x) + 0.35 * kit_biquad_run(&lp, x);
        r->x[i] = (float)(y * (0.6 * kit_decay_run(&fast) + 0.4 * kit_decay_run(&slow)));
    }
}

const KitBankDef kit_def_cb = {
    { "cb", 3, 0.0, "cowbell: 808 (540+800 Hz), lower, higher" },
    { 0.35, 0.40, 0.30 }, -2.5, 0.3, 20.0, render_cb,
};
