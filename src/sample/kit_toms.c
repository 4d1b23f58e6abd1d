/* kit_toms.c - built-in toms (lt, mt, ht): a sine with a gentle pitch drop,
 * a weaker inharmonic second partial and a short stick noise. */
#include "sample/kit_internal.h"

typedef struct TomParams {
    double hz, amp_tau;
} TomParams;

static void render_tom(KitRender *r, const TomParams *p)
{
    KitDecay pitch, amp, amp2, stick;
    kit_decay_init(&pitch, 0.05, r->rate);
    kit_decay_init(&amp, p->amp_tau, r->rate);
    kit_decay_init(&amp2, 0.4 * p->amp_tau, r->rate);
    kit_decay_init(&stick, 0.004, r->rate);
    KitBiquad bp;
    kit_biquad_init(&bp, KIT_BANDPASS, 3000.0, 0.8, r->rate);
    double ph1 = 0.0, ph2 = 0.0;
    for (int64_t i = 0; i < r->n; i++) {
        double f = p->hz * (1.0 + 0.5 * kit_decay_run(&pitch));
        double body = sin(KIT_TWO_PI * ph1) * kit_decay_run(&amp) +
                      0.2 * sin(KIT_TWO_PI * ph2) * kit_decay_run(&amp2);
        ph1 += f / r->rate;
        ph2 += 1.6 * f / r->rate;
        ph1 -= floor(ph1);
        ph2 -= floor(ph2);
        double s = kit_biquad_run(&bp, kit_noise(&r->rng)) * kit_decay_run(&stick) * 0.3;
        r->x[i] = (float)(body + s);
    }
}

static const TomParams low_toms[] = { { 80.0, 0.16 }, { 92.0, 0.14 }, { 70.0, 0.20 } };
static const TomParams mid_toms[] = { { 120.0, 0.13 }, { 136.0, 0.12 }, { 108.0, 0.15 } };
static const TomParams high_toms[] = { { 170.0, 0.11 }, { 195.0, 0.10 }, { 155.0, 0.13 } };

static void render_lt(KitRender *r) { render_tom(r, &low_toms[r->variation]); }
static void render_mt(KitRender *r) { render_tom(r, &mid_toms[r->variation]); }
static void render_ht(KitRender *r) { render_tom(r, &high_toms[r->variation]); }

const KitBankDef kit_def_lt = {
    { "lt", 3, 0.0, "low tom: 80, 92, 70 Hz" },
    { 0.50, 0.45, 0.55 }, -1.5, 0.2, 20.0, render_lt,
};
const KitBankDef kit_def_mt = {
    { "mt", 3, 0.0, "mid tom: 120, 136, 108 Hz" },
    { 0.45, 0.40, 0.50 }, -1.5, 0.2, 20.0, render_mt,
};
const KitBankDef kit_def_ht = {
    { "ht", 3, 0.0, "high tom: 170, 195, 155 Hz" },
    { 0.40, 0.35, 0.45 }, -1.5, 0.2, 20.0, render_ht,
};
