/* orbit.c - orbit effects of a sound pattern: reverb and delay fed by
 * per-event sends, a limiter on dry + wet (see orbit.h).
 *
 * Parameters: `size` (roomsize) sets the reverb's size (0..1 -> Freeverb
 * room, damping 0.3), `delaytime` the delay in seconds (`lock 1` or
 * `delaysync` make it cycles, so it follows the tempo), `delayfeedback`
 * the echo level ratio (0..0.99). They are orbit-wide, as in SuperDirt: the
 * latest event that carries one sets it, from its onset frame on. Delay
 * time changes glide (20 ms) instead of jumping. */
#include <math.h>
#include <string.h>

#include "dsp/dsp_delay.h"
#include "dsp/dsp_limiter.h"
#include "dsp/dsp_reverb.h"
#include "engine/block.h"
#include "engine/orbit.h"

#define ORBIT_SIZE_DEFAULT 0.1f      /* SuperDirt's */
#define ORBIT_DTIME_DEFAULT 0.25f    /* seconds (Strudel's default) */
#define ORBIT_DFB_DEFAULT 0.5f
#define ORBIT_DAMPING 0.3f
#define ORBIT_QUIET_LEVEL 1e-6f      /* -120 dBFS */
#define ORBIT_GLIDE_S 0.02

typedef struct OrbitEv {
    int32_t off;
    OrbitEvent ev;
} OrbitEv;

enum { W_REV_L, W_REV_R, W_DEL_L, W_DEL_R, W_SUM_L, W_SUM_R, W_SIZE, W_DTIME, W_DFB, W_DAMP, W_ONE, W_THRESH,
       W_REL, W_COUNT };

typedef struct OrbitFx {
    ProgSound *snd;
    int orbit;
    float rate;
    bool has_rev, has_del, started;
    DspReverb rev;
    DspDelay del;
    DspLimiter lim;
    float size, dtime, dfb;
    bool dcycles;
    double dt_cur, glide;
    bool rev_on, del_on;
    int64_t rev_quiet, del_quiet;
    int nev;
    OrbitEv ev[ORBIT_EVENTS_MAX];
    float w[W_COUNT][PROGRAM_MAX_BLOCK];
} OrbitFx;

static bool any_nonzero(const float *const x[2], int n)
{
    int nz = 0;
    for (int c = 0; c < 2; c++)
        for (int i = 0; i < n; i++) nz |= x[c][i] != 0.0f;
    return nz != 0;
}

/* After an effect ran: counts quiet frames (input zero, output below the
 * level); once there are qmax in a row the effect sleeps from that frame:
 * the rest of its output is zeroed and its state reset (returns true). */
static bool went_quiet(int64_t *quiet, const float *const in[2], float *const w[2], int n, int64_t qmax)
{
    int64_t q = *quiet;
    for (int i = 0; i < n; i++) {
        float a = fabsf(w[0][i]), b = fabsf(w[1][i]);
        bool loud = in[0][i] != 0.0f || in[1][i] != 0.0f || a > ORBIT_QUIET_LEVEL || b > ORBIT_QUIET_LEVEL;
        q = loud ? 0 : q + 1;
        if (q >= qmax) {
            for (int c = 0; c < 2; c++) memset(w[c] + i + 1, 0, sizeof(float) * (size_t)(n - i - 1));
            *quiet = 0;
            return true;
        }
    }
    *quiet = q;
    return false;
}

static void apply_event(OrbitFx *fx, const OrbitEvent *e)
{
    if (e->has_size) fx->size = isfinite(e->size) ? dsp_clampf(e->size, 0.0f, 1.0f) : fx->size;
    if (e->has_dtime && isfinite(e->dtime)) {
        fx->dtime = e->dtime;
        fx->dcycles = e->dtime_cycles;
    }
    if (e->has_dfb && isfinite(e->dfb)) fx->dfb = dsp_clampf(e->dfb, 0.0f, DSP_DELAY_FEEDBACK_MAX);
}

/* The per-frame parameters of this block, events applied at their frames. */
static void fill_params(OrbitFx *fx, const EngineBlock *b, int n)
{
    for (int i = 1; i < fx->nev; i++) /* stable insertion sort by frame */
        for (int k = i; k > 0 && fx->ev[k - 1].off > fx->ev[k].off; k--) {
            OrbitEv t = fx->ev[k];
            fx->ev[k] = fx->ev[k - 1];
            fx->ev[k - 1] = t;
        }
    double spc = clock_seconds_per_cycle(b->clock);
    int e = 0;
    for (int i = 0; i < n; i++) {
        while (e < fx->nev && fx->ev[e].off <= i) apply_event(fx, &fx->ev[e++].ev);
        double target = fx->dcycles ? (double)fx->dtime * spc : (double)fx->dtime;
        if (!(target > 0.001)) target = 0.001;
        if (target > ORBIT_DELAY_MAX_S) target = ORBIT_DELAY_MAX_S;
        if (!fx->started) {
            fx->dt_cur = target;
            fx->started = true;
        }
        fx->dt_cur += (target - fx->dt_cur) * fx->glide;
        fx->w[W_SIZE][i] = fx->size;
        fx->w[W_DTIME][i] = (float)fx->dt_cur;
        fx->w[W_DFB][i] = fx->dfb;
    }
    fx->nev = 0;
}

static void orbit_process(ProgNode *node, const EngineBlock *b)
{
    OrbitFx *fx = node->state;
    const int n = b->nframes;
    const float *dry[2] = { block_buf(b, node->in[0].l), block_buf(b, node->in[0].r) };
    const float *rs[2] = { block_buf(b, node->in[1].l), block_buf(b, node->in[1].r) };
    const float *ds[2] = { block_buf(b, node->in[2].l), block_buf(b, node->in[2].r) };
    float *out[2] = { block_buf(b, node->out.l), block_buf(b, node->out.r) };
    float *wr[2] = { fx->w[W_REV_L], fx->w[W_REV_R] }, *wd[2] = { fx->w[W_DEL_L], fx->w[W_DEL_R] };
    float *sum[2] = { fx->w[W_SUM_L], fx->w[W_SUM_R] };
    fill_params(fx, b, n);
    bool rev = false, del = false;
    if (fx->has_rev && (fx->rev_on || any_nonzero(rs, n))) {
        fx->rev_on = true;
        dsp_reverb_process(&fx->rev, rs, wr, 2, fx->w[W_SIZE], fx->w[W_DAMP], fx->w[W_ONE], n);
        if (went_quiet(&fx->rev_quiet, rs, wr, n, (int64_t)(ORBIT_SLEEP_S * fx->rate))) {
            dsp_reverb_reset(&fx->rev);
            fx->rev_on = false;
        }
        rev = true;
    }
    if (fx->has_del && (fx->del_on || any_nonzero(ds, n))) {
        fx->del_on = true;
        dsp_delay_process(&fx->del, ds, wd, 2, fx->w[W_DTIME], fx->w[W_DFB], fx->w[W_ONE], n);
        double longest = fx->dt_cur > fx->w[W_DTIME][0] ? fx->dt_cur : fx->w[W_DTIME][0];
        if (went_quiet(&fx->del_quiet, ds, wd, n, (int64_t)((longest + ORBIT_SLEEP_S) * fx->rate))) {
            dsp_delay_reset(&fx->del);
            fx->del_on = false;
        }
        del = true;
    }
    for (int c = 0; c < 2; c++)
        for (int i = 0; i < n; i++) {
            float s = dry[c][i];
            if (rev) s += wr[c][i];
            if (del) s += wd[c][i];
            sum[c][i] = s;
        }
    const float *lin[2] = { sum[0], sum[1] };
    dsp_limiter_process(&fx->lim, lin, sum, 2, fx->w[W_THRESH], fx->w[W_REL], n);
    for (int c = 0; c < 2; c++)
        for (int i = 0; i < n; i++) out[c][i] += sum[c][i];
}

static void orbit_free(ProgNode *node)
{
    OrbitFx *fx = node->state;
    if (!fx) return;
    if (fx->has_rev) dsp_reverb_free(&fx->rev);
    if (fx->has_del) dsp_delay_free(&fx->del);
}

static void orbit_adopt(ProgNode *node, const ProgNode *old)
{
    OrbitFx *fx = node->state;
    const OrbitFx *o = old->state;
    if (fx->has_rev && o->has_rev) {
        dsp_reverb_adopt(&fx->rev, &o->rev);
        fx->rev_on = o->rev_on;
        fx->rev_quiet = o->rev_quiet;
    }
    if (fx->has_del && o->has_del) {
        dsp_delay_adopt(&fx->del, &o->del);
        fx->del_on = o->del_on;
        fx->del_quiet = o->del_quiet;
    }
    fx->lim = o->lim;
    fx->size = o->size;
    fx->dtime = o->dtime;
    fx->dfb = o->dfb;
    fx->dcycles = o->dcycles;
    fx->dt_cur = o->dt_cur;
    fx->started = o->started;
}

bool orbit_make_node(Program *p, ProgSound *snd, int orbit, bool reverb, bool delay, Signal out, double rate,
                     ProgNode *node)
{
    memset(node, 0, sizeof *node);
    OrbitFx *fx = arena_alloc(&p->arena, sizeof *fx);
    if (!fx) return false;
    memset(fx, 0, sizeof *fx);
    fx->snd = snd;
    fx->orbit = orbit;
    fx->rate = (float)rate;
    fx->size = ORBIT_SIZE_DEFAULT;
    fx->dtime = ORBIT_DTIME_DEFAULT;
    fx->dfb = ORBIT_DFB_DEFAULT;
    fx->glide = 1.0 - exp(-1.0 / (ORBIT_GLIDE_S * rate));
    for (int i = 0; i < PROGRAM_MAX_BLOCK; i++) {
        fx->w[W_DAMP][i] = ORBIT_DAMPING;
        fx->w[W_ONE][i] = 1.0f;
        fx->w[W_THRESH][i] = 1.0f;
        fx->w[W_REL][i] = 0.1f;
    }
    node->state = fx;
    node->free = orbit_free;
    if (reverb) {
        if (dsp_reverb_init(&fx->rev, (float)rate) != PH_OK) {
            dsp_reverb_free(&fx->rev);
            return false;
        }
        fx->has_rev = true;
    }
    if (delay) {
        if (dsp_delay_init(&fx->del, (float)rate, (float)ORBIT_DELAY_MAX_S + 0.01f) != PH_OK) {
            dsp_delay_free(&fx->del);
            orbit_free(node);
            return false;
        }
        fx->has_del = true;
    }
    dsp_limiter_init(&fx->lim, (float)rate, 0.0f);
    node->process = orbit_process;
    node->adopt = orbit_adopt;
    node->kind = "orbit";
    node->ninputs = 3;
    for (int k = 0; k < 3; k++) {
        node->in[k] = program_new_signal(p, true);
        if (node->in[k].l < 0) {
            orbit_free(node);
            return false;
        }
    }
    node->out = out;
    snd->fx[orbit] = fx;
    return true;
}

void orbit_fx_event(OrbitFx *fx, int32_t offset, const OrbitEvent *ev)
{
    if (!fx) return;
    if (fx->nev == ORBIT_EVENTS_MAX) { /* full: fold the oldest into the state now */
        apply_event(fx, &fx->ev[0].ev);
        memmove(fx->ev, fx->ev + 1, sizeof fx->ev[0] * (ORBIT_EVENTS_MAX - 1));
        fx->nev--;
    }
    fx->ev[fx->nev].off = offset < 0 ? 0 : offset;
    fx->ev[fx->nev].ev = *ev;
    fx->nev++;
}

void orbit_bind(Program *p)
{
    for (int i = 0; i < p->nnodes; i++) {
        ProgNode *n = &p->nodes[i];
        if (n->process != orbit_process) continue;
        OrbitFx *fx = n->state;
        VoiceOrbitOut *o = &fx->snd->orbit_out[fx->orbit];
        o->dry[0] = p->buffers[n->in[0].l];
        o->dry[1] = p->buffers[n->in[0].r];
        for (int s = 0; s < VOICE_SENDS; s++) {
            o->send[s][0] = p->buffers[n->in[1 + s].l];
            o->send[s][1] = p->buffers[n->in[1 + s].r];
        }
    }
}

void orbit_clear(const Program *p, int n)
{
    for (int t = 0; t < p->ntriggers; t++) {
        const ProgSound *snd = p->triggers[t].sound;
        if (!snd) continue;
        for (int o = 0; o < VOICE_ORBITS; o++) {
            const VoiceOrbitOut *x = &snd->orbit_out[o];
            if (!x->dry[0]) continue;
            for (int c = 0; c < 2; c++) {
                memset(x->dry[c], 0, sizeof(float) * (size_t)n);
                for (int s = 0; s < VOICE_SENDS; s++) memset(x->send[s][c], 0, sizeof(float) * (size_t)n);
            }
        }
    }
}
