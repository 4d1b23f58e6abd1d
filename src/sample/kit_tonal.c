/* kit_tonal.c - built-in tonal banks, all tuned to C so `note` transposes
 * from C: bass (C2), arpy plucks (C4, modal synthesis of a string), pad (C3,
 * detuned oscillators), stab (chords on C4). */
#include "sample/kit_internal.h"

#define KIT_C2 65.40639132514966
#define KIT_C3 130.8127826502993
#define KIT_C4 261.6255653005986

static double cents(double c) { return pow(2.0, c / 1200.0); }

/* ---- bass -------------------------------------------------------------- */

static void render_bass(KitRender *r)
{
    int v = r->variation;
    KitDecay amp, cut;
    kit_decay_init(&amp, v == 0 ? 0.5 : 0.42, r->rate);
    kit_decay_init(&cut, 0.09, r->rate);
    KitOsc osc;
    kit_osc_init(&osc, KIT_C2, 0.0, r->rate);
    KitBiquad lp;
    kit_biquad_init(&lp, KIT_LOWPASS, v == 2 ? 700.0 : 2400.0, v == 1 ? 5.0 : 1.0, r->rate);
    double phase = 0.0, inc = KIT_C2 / r->rate;
    for (int64_t i = 0; i < r->n; i++) {
        double a = kit_decay_run(&amp), c = kit_decay_run(&cut), y;
        double w = KIT_TWO_PI * phase;
        phase += inc;
        phase -= floor(phase);
        switch (v) {
        case 0: /* sub: sine and a touch of octave, warmed */
            y = kit_drive(sin(w) + 0.3 * sin(2.0 * w), 1.5);
            break;
        case 1: /* acid: resonant low-pass sweeping down on a saw */
            if (i % KIT_SWEEP_FRAMES == 0)
                kit_biquad_set(&lp, KIT_LOWPASS, 200.0 + 2200.0 * c, 5.0, r->rate);
            y = 0.5 * kit_biquad_run(&lp, kit_osc_saw(&osc));
            break;
        case 2: /* square through a dark low-pass */
            y = kit_biquad_run(&lp, kit_osc_square(&osc));
            break;
        default: /* FM: index falling from 3.5 to 0.5 */
            y = sin(w + (0.5 + 3.0 * c) * sin(w));
            break;
        }
        r->x[i] = (float)(y * a);
    }
}

const KitBankDef kit_def_bass = {
    { "bass", 4, KIT_C2, "bass on C2: sub, acid, square, FM" },
    { 0.70, 0.70, 0.60, 0.70 }, -1.5, 2.0, 25.0, render_bass,
};

/* ---- arpy (plucked string by modal synthesis) --------------------------- */

typedef struct PluckParams {
    double bright;   /* harmonic k has amplitude 1/k^bright */
    double pos;      /* pluck position along the string, 0..0.5 */
    double tau;      /* decay of the fundamental, s */
    double damp;     /* harmonic k decays (1 + damp (k^2 - 1)) times faster */
    double stiff;    /* inharmonicity B: f_k = k f sqrt(1 + B k^2) */
} PluckParams;

static const PluckParams plucks[] = {
    { 1.0, 0.18, 0.90, 0.020, 0.0 },    /* bright guitar-ish */
    { 1.4, 0.30, 0.60, 0.050, 0.0 },    /* mellow */
    { 0.8, 0.10, 1.10, 0.010, 0.0004 }, /* harpsichord-ish, slightly stiff */
    { 1.2, 0.50, 0.70, 0.030, 0.0 },    /* hollow: odd harmonics only */
};

enum { PLUCK_MAX_MODES = 40, PLUCK_BLOCK = 256 };

static void render_arpy(KitRender *r)
{
    const PluckParams *p = &plucks[r->variation];
    KitMode modes[PLUCK_MAX_MODES];
    double level[PLUCK_MAX_MODES], fall[PLUCK_MAX_MODES]; /* envelope, its per-block factor */
    int m = 0;
    for (int k = 1; k <= PLUCK_MAX_MODES; k++) {
        double f = k * KIT_C4 * sqrt(1.0 + p->stiff * k * k);
        if (f > 0.45 * r->rate) break;
        double a = fabs(sin(KIT_PI * k * p->pos)) / pow(k, p->bright);
        if (a < 1e-4) continue;
        double tau = p->tau / (1.0 + p->damp * (k * k - 1));
        kit_mode_init(&modes[m], f, tau, a, r->rate);
        level[m] = a;
        fall[m] = exp(-PLUCK_BLOCK / (tau * r->rate));
        m++;
    }
    KitBiquad lp;
    kit_biquad_init(&lp, KIT_LOWPASS, 3000.0, 0.7, r->rate);
    KitDecay pick;
    kit_decay_init(&pick, 0.003, r->rate);
    for (int64_t i0 = 0; i0 < r->n; i0 += PLUCK_BLOCK) {
        int64_t end = i0 + PLUCK_BLOCK < r->n ? i0 + PLUCK_BLOCK : r->n;
        for (int64_t i = i0; i < end; i++) {
            double y = 0.0;
            for (int k = 0; k < m; k++) y += kit_mode_run(&modes[k]);
            y += 0.1 * kit_biquad_run(&lp, kit_noise(&r->rng)) * kit_decay_run(&pick);
            r->x[i] = (float)y;
        }
        /* Modes that have died away (below -120 dB) stop costing time. */
        for (int k = 0; k < m; k++) {
            level[k] *= fall[k];
            if (level[k] < 1e-6) {
                m--;
                modes[k] = modes[m];
                level[k] = level[m];
                fall[k] = fall[m];
                k--;
            }
        }
    }
}

const KitBankDef kit_def_arpy = {
    { "arpy", 4, KIT_C4, "pluck on C4: bright, mellow, harpsichord, hollow" },
    { 1.00, 0.80, 1.20, 0.90 }, -2.0, 0.2, 30.0, render_arpy,
};

/* ---- pad --------------------------------------------------------------- */

/* Slow attack, held, released over the last 0.5 s. */
static double pad_env(double t, double len, double attack)
{
    double a = 1.0 - exp(-t / attack);
    double rel = len - t;
    if (rel < 0.5) a *= 0.5 - 0.5 * cos(KIT_PI * rel / 0.5);
    return a;
}

static void render_pad(KitRender *r)
{
    static const double detune[5] = { -14.0, -6.0, 0.0, 6.0, 14.0 };
    static const double harm[5] = { 1.0, 2.0, 3.0, 4.0, 6.0 };
    static const double harm_amp[5] = { 1.0, 0.5, 0.3, 0.2, 0.1 };
    int v = r->variation;
    KitOsc osc[5];
    KitMode glass[10];
    int n = v == 0 ? 5 : v == 1 ? 3 : 10;
    for (int k = 0; k < n; k++) {
        if (v == 2) { /* sines that do not decay: a resonator with a huge time constant */
            double hz = KIT_C3 * harm[k / 2] * cents(k % 2 ? 4.0 : -4.0);
            kit_mode_init(&glass[k], hz, 1e9, harm_amp[k / 2], r->rate);
            continue;
        }
        double hz = v == 0 ? KIT_C3 * cents(detune[k]) : KIT_C3 * cents(detune[k + 1] * 1.3);
        kit_osc_init(&osc[k], hz, 0.5 + 0.5 * kit_noise(&r->rng), r->rate);
    }
    KitBiquad lp;
    kit_biquad_init(&lp, KIT_LOWPASS, 1400.0, 0.8, r->rate);
    double len = (double)r->n / r->rate;
    for (int64_t i = 0; i < r->n; i++) {
        double t = (double)i / r->rate, y = 0.0;
        if (v == 0) {
            for (int k = 0; k < n; k++) y += kit_osc_saw(&osc[k]);
            if (i % KIT_SWEEP_FRAMES == 0)
                kit_biquad_set(&lp, KIT_LOWPASS, 1400.0 + 300.0 * sin(KIT_TWO_PI * 0.3 * t), 0.8,
                               r->rate);
            y = kit_biquad_run(&lp, y * 0.3);
        } else if (v == 1) {
            for (int k = 0; k < n; k++) y += kit_osc_square(&osc[k]);
            y += sin(KIT_TWO_PI * 0.5 * KIT_C3 * t);
            y = kit_biquad_run(&lp, y * 0.3);
        } else {
            for (int k = 0; k < n; k++) y += kit_mode_run(&glass[k]);
        }
        r->x[i] = (float)(y * pad_env(t, len, v == 1 ? 0.08 : 0.12));
    }
}

const KitBankDef kit_def_pad = {
    { "pad", 3, KIT_C3, "pad on C3: saws, squares, glassy sines" },
    { 2.00, 1.80, 2.20 }, -3.0, 5.0, 20.0, render_pad,
};

/* ---- stab -------------------------------------------------------------- */

static const int chords[3][4] = {
    { 0, 3, 7, 10 },  /* minor 7th */
    { 0, 4, 7, 14 },  /* major add 9 */
    { 0, 7, 12, 19 }, /* rave fifths */
};

static void render_stab(KitRender *r)
{
    const int *c = chords[r->variation];
    KitOsc osc[8];
    for (int k = 0; k < 8; k++)
        kit_osc_init(&osc[k], KIT_C4 * pow(2.0, c[k / 2] / 12.0) * cents(k % 2 ? 5.0 : -5.0),
                     0.5 + 0.5 * kit_noise(&r->rng), r->rate);
    KitBiquad lp;
    kit_biquad_init(&lp, KIT_LOWPASS, 5500.0, 1.5, r->rate);
    KitDecay cut, amp;
    kit_decay_init(&cut, 0.08, r->rate);
    kit_decay_init(&amp, 0.18, r->rate);
    int64_t hold = (int64_t)(0.03 * r->rate);
    for (int64_t i = 0; i < r->n; i++) {
        double y = 0.0;
        for (int k = 0; k < 8; k++) y += kit_osc_saw(&osc[k]);
        double f = 500.0 + 5000.0 * kit_decay_run(&cut);
        if (i % KIT_SWEEP_FRAMES == 0) kit_biquad_set(&lp, KIT_LOWPASS, f, 1.5, r->rate);
        double a = i < hold ? 1.0 : kit_decay_run(&amp);
        r->x[i] = (float)(kit_biquad_run(&lp, y * 0.2) * a);
    }
}

const KitBankDef kit_def_stab = {
    { "stab", 3, KIT_C4, "chord stab on C4: minor 7, major add 9, rave fifths" },
    { 0.50, 0.50, 0.50 }, -2.0, 1.0, 20.0, render_stab,
};
