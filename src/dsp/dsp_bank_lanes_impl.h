/* dsp_bank_lanes_impl.h - internal to dsp_bank_lanes*.c: the per-call
 * set-up and write-back of lane state, shared by every ISA so they all
 * start from the same values. The per-lane constants are computed exactly
 * as dsp_osc.c / dsp_svf.c compute them (the same expressions on the same
 * floats), so the recursions that follow can match those kernels bit for
 * bit. Unused lanes (count..DSP_LANES_MAX-1) get harmless values: a silent
 * oscillator, a filter of zeros. */
#ifndef PHONON_DSP_DSP_BANK_LANES_IMPL_H
#define PHONON_DSP_DSP_BANK_LANES_IMPL_H

#include <stdint.h>

#include "dsp/dsp_bank_lanes.h"

#define LN DSP_LANES_MAX

typedef struct LaneOscPrep {
    double ph[LN], incd[LN];   /* phase, increment as double */
    float amp[LN], step[LN];   /* de-click gain and its per-frame step */
    float inc[LN], top[LN];    /* increment (the blep's dt) and 1 - dt */
    float w[LN];               /* pulse width (0.5 for square) */
    int32_t on[LN];            /* -1: sounding (frequency > 0), 0: resting */
} LaneOscPrep;

static inline void lane_osc_prep(LaneOscPrep *p, const DspOscLanes *l)
{
    for (int v = 0; v < LN; v++) {
        if (v >= l->count) {
            p->ph[v] = 0.0;
            p->incd[v] = 0.25;
            p->amp[v] = p->step[v] = 0.0f;
            p->inc[v] = 0.25f;
            p->top[v] = 0.75f;
            p->w[v] = 0.5f;
            p->on[v] = 0;
            continue;
        }
        const DspOsc *k = l->osc[v];
        float f = l->freq[v];
        int on = f > 0.0f;
        float inc = on ? dsp_clampf(f * k->inv_sr, 0.0f, DSP_OSC_MAX_INC) : k->last_inc;
        p->ph[v] = k->phase;
        p->inc[v] = inc;
        p->incd[v] = (double)inc;
        p->top[v] = 1.0f - inc;
        p->amp[v] = k->amp;
        p->step[v] = k->amp_step;
        p->w[v] = l->wave == DSP_WAVE_PULSE ? dsp_clampf(l->width[v], 0.01f, 0.99f) : 0.5f;
        p->on[v] = on ? -1 : 0;
    }
}

/* After n > 0 frames: the phase and gain the kernel reached, back into the
 * oscillators (last_inc is the block's increment, as after any frame). */
static inline void lane_osc_finish(const LaneOscPrep *p, const DspOscLanes *l)
{
    for (int v = 0; v < l->count; v++) {
        DspOsc *k = l->osc[v];
        k->phase = p->ph[v];
        k->amp = p->amp[v];
        k->last_inc = p->inc[v];
    }
}

typedef struct LaneSvfPrep {
    float s1[LN], s2[LN];                       /* integrator states */
    float a1[LN], a2[LN], a3[LN], mk[LN];       /* coefficients (mk: the mode's k*v1 weight) */
    float c11[LN], c12[LN], c21[LN], c22[LN], b2[LN];
    float m0[LN], m2[LN];                       /* the mode's input and v2 weights */
} LaneSvfPrep;

static inline void lane_svf_prep(LaneSvfPrep *p, const DspSvfLanes *l)
{
    for (int v = 0; v < LN; v++) {
        if (v >= l->count) {
            p->s1[v] = p->s2[v] = p->a1[v] = p->a2[v] = p->a3[v] = p->mk[v] = 0.0f;
            p->c11[v] = p->c12[v] = p->c21[v] = p->c22[v] = p->b2[v] = p->m0[v] = p->m2[v] = 0.0f;
            continue;
        }
        const DspSvf *k = l->svf[v];
        int ch = l->ch[v] ? 1 : 0;
        DspSvfCoef c = dsp_svf_coef(k, l->cutoff[v], l->q[v]);
        p->s1[v] = k->ic1[ch];
        p->s2[v] = k->ic2[ch];
        p->a1[v] = c.a1;
        p->a2[v] = c.a2;
        p->a3[v] = c.a3;
        p->mk[v] = c.m1;
        p->c11[v] = 2.0f * c.a1 - 1.0f;
        p->c12[v] = -2.0f * c.a2;
        p->c21[v] = 2.0f * c.a2;
        p->c22[v] = 1.0f - 2.0f * c.a3;
        p->b2[v] = 2.0f * c.a3;
        dsp_svf_mix(k, &p->m0[v], &p->m2[v]);
    }
}

/* After n > 0 frames: the states back, then every filter's integrators
 * cleaned as dsp_svf_process cleans them after each call (both channels). */
static inline void lane_svf_finish(const LaneSvfPrep *p, const DspSvfLanes *l)
{
    for (int v = 0; v < l->count; v++) {
        int ch = l->ch[v] ? 1 : 0;
        l->svf[v]->ic1[ch] = p->s1[v];
        l->svf[v]->ic2[ch] = p->s2[v];
    }
    for (int v = 0; v < l->count; v++) {
        DspSvf *k = l->svf[v];
        for (int c = 0; c < 2; c++) {
            k->ic1[c] = dsp_flush(dsp_finite_or_zero(k->ic1[c]));
            k->ic2[c] = dsp_flush(dsp_finite_or_zero(k->ic2[c]));
        }
    }
}

#undef LN

#endif
