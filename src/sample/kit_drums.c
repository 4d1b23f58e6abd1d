/* kit_drums.c - built-in kick (bd), snare (sn), clap (cp) and rimshot (rim),
 * after the 808/909 recipes: a sine with a fast pitch drop plus a click for
 * the kick; a tuned two-tone body plus filtered noise for the snare; noise
 * bursts plus a tail for the clap; two short resonances for the rim. */
#include "sample/kit_internal.h"

/* ---- bd ---------------------------------------------------------------- */

typedef struct KickParams {
    double f_start, f_end, pitch_tau; /* Hz, Hz, seconds */
    double hold, amp_tau;             /* seconds at full level, then decay */
    double click, click_hz, click_tau;/* noise click level, low-pass, decay */
    double drive;                     /* tanh saturation, 0 = none */
} KickParams;

static const KickParams kicks[] = {
    { 150.0, 48.0, 0.045, 0.005, 0.110, 0.10, 3000.0, 0.0015, 0.0 }, /* 808: long round boom */
    { 230.0, 54.0, 0.020, 0.010, 0.075, 0.25, 5000.0, 0.0012, 1.8 }, /* 909: punchy, driven */
    { 190.0, 60.0, 0.012, 0.000, 0.050, 0.18, 4000.0, 0.0010, 1.0 }, /* tight and short */
    { 120.0, 42.0, 0.060, 0.020, 0.120, 0.08, 2000.0, 0.0020, 2.5 }, /* deep sub, saturated */
};

static void render_bd(KitRender *r)
{
    const KickParams *p = &kicks[r->variation];
    KitDecay pitch, amp, click;
    kit_decay_init(&pitch, p->pitch_tau, r->rate);
    kit_decay_init(&amp, p->amp_tau, r->rate);
    kit_decay_init(&click, p->click_tau, r->rate);
    KitBiquad lp;
    kit_biquad_init(&lp, KIT_LOWPASS, p->click_hz, 0.7, r->rate);
    int64_t hold = (int64_t)(p->hold * r->rate);
    double phase = 0.0;
    for (int64_t i = 0; i < r->n; i++) {
        double f = p->f_end + (p->f_start - p->f_end) * kit_decay_run(&pitch);
        double a = i < hold ? 1.0 : kit_decay_run(&amp);
        double body = sin(KIT_TWO_PI * phase) * a;
        phase += f / r->rate;
        if (phase >= 1.0) phase -= 1.0;
        double c = kit_biquad_run(&lp, kit_noise(&r->rng)) * kit_decay_run(&click) * p->click;
        r->x[i] = (float)kit_drive(body + c, p->drive);
    }
}

const KitBankDef kit_def_bd = {
    { "bd", 4, 0.0, "kick: 808 boom, 909 punch, tight, deep sub" },
    { 0.45, 0.38, 0.30, 0.50 }, -1.0, 0.1, 25.0, render_bd,
};

/* ---- sn ---------------------------------------------------------------- */

typedef struct SnareParams {
    double f1, f2, tone_tau, tone;      /* two body partials */
    double noise_tau, noise, hp_hz, lp_hz; /* the snares */
} SnareParams;

static const SnareParams snares[] = {
    { 180.0, 330.0, 0.050, 0.80, 0.070, 0.55, 1500.0, 9000.0 },  /* 808: tonal */
    { 200.0, 345.0, 0.030, 0.50, 0.090, 0.85, 1000.0, 12000.0 }, /* 909: noisy */
    { 240.0, 420.0, 0.020, 0.50, 0.045, 0.80, 2500.0, 14000.0 }, /* tight crack */
    { 160.0, 290.0, 0.060, 0.70, 0.140, 0.60, 700.0, 7000.0 },   /* fat and long */
};

static void render_sn(KitRender *r)
{
    const SnareParams *p = &snares[r->variation];
    KitDecay bend, tone, noise;
    kit_decay_init(&bend, 0.006, r->rate);
    kit_decay_init(&tone, p->tone_tau, r->rate);
    kit_decay_init(&noise, p->noise_tau, r->rate);
    KitBiquad hp, lp;
    kit_biquad_init(&hp, KIT_HIGHPASS, p->hp_hz, 0.7, r->rate);
    kit_biquad_init(&lp, KIT_LOWPASS, p->lp_hz, 0.7, r->rate);
    double ph1 = 0.0, ph2 = 0.0;
    for (int64_t i = 0; i < r->n; i++) {
        double b = 1.0 + 0.4 * kit_decay_run(&bend);
        double t = (sin(KIT_TWO_PI * ph1) + 0.6 * sin(KIT_TWO_PI * ph2)) * kit_decay_run(&tone);
        ph1 += p->f1 * b / r->rate;
        ph2 += p->f2 * b / r->rate;
        ph1 -= floor(ph1);
        ph2 -= floor(ph2);
        double nz = kit_biquad_run(&lp, kit_biquad_run(&hp, kit_noise(&r->rng)));
        r->x[i] = (float)(p->tone * t + p->noise * nz * kit_decay_run(&noise));
    }
}

const KitBankDef kit_def_sn = {
    { "sn", 4, 0.0, "snare: 808 tonal, 909 noisy, tight crack, fat" },
    { 0.25, 0.28, 0.18, 0.35 }, -1.5, 0.2, 15.0, render_sn,
};

/* ---- cp ---------------------------------------------------------------- */

typedef struct ClapParams {
    double bp_hz, q, spacing, burst_tau, tail_tau;
    int bursts;
} ClapParams;

static const ClapParams claps[] = {
    { 1200.0, 1.6, 0.011, 0.0040, 0.090, 4 }, /* 808 */
    { 1000.0, 1.2, 0.008, 0.0035, 0.140, 3 }, /* wide room */
    { 1500.0, 2.0, 0.014, 0.0050, 0.060, 5 }, /* tight, many hands */
};

static void render_cp(KitRender *r)
{
    const ClapParams *p = &claps[r->variation];
    KitBiquad bp, bright, hp;
    kit_biquad_init(&bp, KIT_BANDPASS, p->bp_hz, p->q, r->rate);
    kit_biquad_init(&bright, KIT_BANDPASS, 2.2 * p->bp_hz, 1.0, r->rate);
    kit_biquad_init(&hp, KIT_HIGHPASS, 500.0, 0.7, r->rate);
    double last = p->spacing * (p->bursts - 1);
    for (int64_t i = 0; i < r->n; i++) {
        double t = (double)i / r->rate, env;
        if (t < last) {
            double k = floor(t / p->spacing);
            env = exp(-(t - k * p->spacing) / p->burst_tau);
        } else {
            env = exp(-(t - last) / p->tail_tau);
        }
        double nz = kit_noise(&r->rng);
        double y = kit_biquad_run(&bp, nz) + 0.4 * kit_biquad_run(&bright, nz);
        r->x[i] = (float)(kit_biquad_run(&hp, y) * env);
    }
}

const KitBankDef kit_def_cp = {
    { "cp", 3, 0.0, "clap: 808, wide room, tight" },
    { 0.35, 0.45, 0.30 }, -2.0, 0.2, 15.0, render_cp,
};

/* ---- rim --------------------------------------------------------------- */

typedef struct RimParams {
    double f_hi, tau_hi, f_lo, tau_lo, lo, click;
} RimParams;

static const RimParams rims[] = {
    { 1667.0, 0.010, 455.0, 0.015, 0.6, 0.4 }, /* 808 rimshot */
    { 1900.0, 0.008, 560.0, 0.012, 0.5, 0.5 }, /* high, sharp */
    { 1200.0, 0.020, 380.0, 0.025, 0.8, 0.3 }, /* woody side stick */
};

static void render_rim(KitRender *r)
{
    const RimParams *p = &rims[r->variation];
    KitMode hi, lo;
    kit_mode_init(&hi, p->f_hi, p->tau_hi, 1.0, r->rate);
    kit_mode_init(&lo, p->f_lo, p->tau_lo, p->lo, r->rate);
    KitDecay click;
    kit_decay_init(&click, 0.002, r->rate);
    KitBiquad chp, hp;
    kit_biquad_init(&chp, KIT_HIGHPASS, 3000.0, 0.7, r->rate);
    kit_biquad_init(&hp, KIT_HIGHPASS, 300.0, 0.7, r->rate);
    for (int64_t i = 0; i < r->n; i++) {
        double c = kit_biquad_run(&chp, kit_noise(&r->rng)) * kit_decay_run(&click) * p->click;
        double y = kit_mode_run(&hi) + kit_mode_run(&lo) + c;
        r->x[i] = (float)kit_drive(kit_biquad_run(&hp, y), 2.0);
    }
}

const KitBankDef kit_def_rim = {
    { "rim", 3, 0.0, "rimshot: 808, high, woody" },
    { 0.10, 0.09, 0.14 }, -2.0, 0.1, 8.0, render_rim,
};
