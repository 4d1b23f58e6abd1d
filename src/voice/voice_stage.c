/* voice_stage.c - staged voices: synths and the nonlinear per-event
 * stages (shape, crush, coarse), rendered voice by voice before the mix.
 *
 * A staged voice's block is rendered into its own buffer (planar, before
 * pan and gain): the source (a sample through the normal cursor and
 * kernels at unit gain, or a synth generator, synth_*.c), then
 *   shape   y = (1+k)x / (1+k|x|), k = 2s/(1-s)          (SuperDirt dirt_shape)
 *   crush   y = round(x / q) * q, q = 0.5^(crush-1)        (dirt_crush)
 *   coarse  y = x at every coarse-th frame of the voice, held (dirt_coarse)
 * then the voice's envelope (attack, release, fades). The range pass adds
 * the buffer at the voice's place in trigger order with its gains, as if it
 * were a contiguous sample, so the mix stays in trigger order and
 * bit-identical for any thread count. Voices are independent, so any
 * thread may render any voice; each state advances by exactly the block,
 * so block sizes do not matter either. With no staged voice alive none of
 * this runs (voice_mix.c checks a count). */
#include <math.h>
#include <string.h>

#include "voice/synth.h"
#include "voice/voice_internal.h"
#include "voice/worker_pool.h"

#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

#define CRUSH_MAGIC 12582912.0f /* 1.5 * 2^23: (t + M) - M rounds t to an integer (|t| < 2^22) */

static float clampf(float x, float lo, float hi) { return x > lo ? (x < hi ? x : hi) : lo; }

void voice_stage_start(VoicePool *p, uint32_t v, const VoiceStart *vs)
{
    VoiceStageState *st = &p->stg[v];
    memset(st, 0, sizeof *st);
    const VoiceFx *fx = &vs->fx;
    if (fx->coarse > 1.0f) st->coarse_n = (int32_t)lroundf(clampf(fx->coarse, 2.0f, 4096.0f));
    if (fx->crush > 0.0f) {
        st->crush_step = exp2f(-(clampf(fx->crush, 1.0f, 16.0f) - 1.0f));
        st->crush_inv = 1.0f / st->crush_step;
    }
    if (fx->shape > 0.0f) {
        float s = clampf(fx->shape, 0.0f, 0.99f);
        st->shape_k = 2.0f * s / (1.0f - s);
    }
    const VoiceSynthDef *def = voice_synth_def(vs->synth);
    if (!def) return;
    st->synth = vs->synth;
    double f = vs->freq;
    st->freq = isfinite(f) && f > 0.0 ? clampf((float)f, 1.0f, 0.45f * (float)p->rate) : 261.62557f;
    st->accel = isfinite(vs->accelerate) ? clampf((float)vs->accelerate, -0.99f, 16.0f) : 0.0f;
    for (int i = 0; i < VOICE_SYNTH_PARAMS; i++)
        st->sp[i] = isfinite(vs->sp[i]) ? vs->sp[i] : def->sp_default[i];
    uint32_t seed = vs->seed ? vs->seed : (uint32_t)(p->serial[v] * 2654435761u) ^ 0x9e3779b9u;
    st->rng = seed ? seed : 1u;
    def->init(st, (float)p->rate);
}

/* 8 frames at a time with vector types (plain C operators, the same float
 * operations as the scalar tail, so every path gives the same bits). */
typedef float StageV8 __attribute__((vector_size(32)));
typedef int32_t StageI8 __attribute__((vector_size(32)));

static void shape_run(float *x, int f0, int n, float k)
{
    const float k1 = 1.0f + k;
    int i = f0;
    for (; i + 8 <= n; i += 8) {
        StageV8 v, a;
        memcpy(&v, x + i, sizeof v);
        a = (StageV8)((StageI8)v & 0x7fffffff); /* |v| */
        v = k1 * v / (1.0f + k * a);
        memcpy(x + i, &v, sizeof v);
    }
    for (; i < n; i++) x[i] = k1 * x[i] / (1.0f + k * fabsf(x[i]));
}

/* round(x / q) * q with the 1.5 * 2^23 trick: exact for |x / q| < 2^22
 * (any normal source); beyond, coarser but finite. */
static void crush_run(float *x, int f0, int n, float q, float iq)
{
    int i = f0;
    for (; i + 8 <= n; i += 8) {
        StageV8 v;
        memcpy(&v, x + i, sizeof v);
        v = ((v * iq + CRUSH_MAGIC) - CRUSH_MAGIC) * q;
        memcpy(x + i, &v, sizeof v);
    }
    for (; i < n; i++) x[i] = ((x[i] * iq + CRUSH_MAGIC) - CRUSH_MAGIC) * q;
}

/* shape, crush, coarse on y[c][f0..n) (SuperDirt's order) */
static void nonlinear(VoiceStageState *st, float *const y[2], int nch, int f0, int n)
{
    for (int c = 0; c < nch; c++) {
        if (st->shape_k > 0.0f) shape_run(y[c], f0, n, st->shape_k);
        if (st->crush_step > 0.0f) crush_run(y[c], f0, n, st->crush_step, st->crush_inv);
    }
    if (st->coarse_n > 1) {
        const int32_t per = st->coarse_n;
        int32_t cnt = st->coarse_cnt;
        for (int c = 0; c < nch; c++) {
            float *x = y[c], hold = st->coarse_hold[c];
            cnt = st->coarse_cnt;
            for (int i = f0; i < n; i++) {
                if (cnt == 0) hold = x[i];
                x[i] = hold;
                if (++cnt == per) cnt = 0;
            }
            st->coarse_hold[c] = hold;
        }
        st->coarse_cnt = cnt;
    }
}

/* One staged voice's block into buf (2 channels of p->stride floats). */
static void stage_render(VoicePool *p, uint32_t v, float *buf, int n)
{
    VoiceRun *r0 = &p->run[0][v];
    if (p->state[v] == VOICE_DONE || r0->kind == VOICE_KIND_DONE) {
        p->sbuf_of[v] = NULL;
        return;
    }
    VoiceStageState *st = &p->stg[v];
    const int stereo = !st->synth && r0->smp->data[1] != r0->smp->data[0];
    float *y[2] = { buf, buf + p->stride };
    const int64_t age0 = r0->age, end = p->end_age[v];
    const int fs = age0 < 0 ? (-age0 < n ? (int)-age0 : n) : 0;
    int ended;
    memset(y[0], 0, sizeof(float) * (size_t)n);
    if (st->synth) {
        int64_t left = end - age0;
        int fe = left < (int64_t)n ? (left > fs ? (int)left : fs) : n;
        /* Synths flush and renormalise their state at the end of each call;
         * calls end on a fixed grid of voice age so the output does not
         * depend on where blocks fall (bit-identical at any block size). */
        const VoiceSynthDef *def = voice_synth_def(st->synth);
        for (int f = fs; f < fe;) {
            int g = f + SYNTH_GRID - (int)((age0 + f) & (SYNTH_GRID - 1));
            if (g > fe) g = fe;
            def->render(st, y[0] + f, age0 + f, g - f, (float)p->rate, p->env_l[v]);
            f = g;
        }
        r0->age = age0 + n;
        ended = r0->age >= end;
    } else {
        if (stereo) memset(y[1], 0, sizeof(float) * (size_t)n); /* mono: the kernel adds x * 1 into y[1] too, unread */
        VoiceRun r = *r0;
        voice_render(p, v, &r, y[0], y[1], 0, n, n);
        ended = r.kind == VOICE_KIND_DONE;
        if (ended) r.kind = (int16_t)(VOICE_K_STAGED | (stereo ? VOICE_K_STEREO : 0));
        *r0 = r;
    }
    int nch = stereo ? 2 : 1;
    nonlinear(st, y, nch, fs, n);
    voice_env_apply(p, v, age0, y, nch, n);
    if (ended) p->state[v] = VOICE_DONE; /* retired after this block's mix */
    p->sbuf_of[v] = buf;
}

typedef struct StageJob {
    VoicePool *p;
    int n;
} StageJob;

static void stage_task(void *ctx, int task, int worker)
{
    (void)worker;
    const StageJob *j = ctx;
    VoicePool *p = j->p;
    unsigned csr = voice_fp_enter();
    stage_render(p, p->stodo[task], p->sbuf + (size_t)task * 2 * (size_t)p->stride, j->n);
    voice_fp_leave(csr);
}

int voice_stage_prepass(VoicePool *p, int i0, int n, int parallel)
{
    int count = 0, i1 = p->list_len;
    if (i0 == 0 && p->nstaged <= p->stage_k) {
        for (int i = 0; i < p->nstaged; i++) {
            uint32_t v = p->slist[i];
            if (p->state[v] == VOICE_DONE) p->sbuf_of[v] = NULL;
            else p->stodo[count++] = v;
        }
    } else { /* more staged voices than buffers: this chunk ends before the next one that has none */
        for (int i = i0; i < p->list_len; i++) {
            uint32_t v = p->list[i];
            if (!p->staged[v]) continue;
            if (p->state[v] == VOICE_DONE) {
                p->sbuf_of[v] = NULL;
                continue;
            }
            if (count == p->stage_k) {
                i1 = i;
                break;
            }
            p->stodo[count++] = v;
        }
    }
    StageJob j = { p, n };
    if (parallel && count >= 2) {
        worker_pool_run(p->workers, count, stage_task, &j);
    } else {
        for (int t = 0; t < count; t++) stage_task(&j, t, 0);
    }
    return i1;
}
