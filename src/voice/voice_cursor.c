/* voice_cursor.c - one voice through one block: split its frames into
 * segments where the increment is constant and the gain is linear, and
 * run the kernel on each.
 *
 * Everything is a closed-form function of the voice's age (frames since
 * onset): the envelope is a piecewise-linear gain over age (attack, hold,
 * release, forced fade), positions are exact 64-bit fixed point (pos + k *
 * inc), and breakpoints (envelope corners, loop wraps, accelerate steps,
 * the end) are at integer ages. So where block boundaries fall never
 * changes a sample: 64-frame blocks render exactly what 512-frame blocks do.
 * The common case (no breakpoint in the block) is one kernel call after a
 * single comparison. */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "voice/voice_internal.h"

#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

/* The gain line in force at age t: g0 + (age - t0) * slope for ages in [t0.., t1). */
typedef struct EnvLine {
    int64_t t0, t1;
    float g0, slope;
} EnvLine;

static EnvLine env_line(const VoicePool *p, uint32_t v, int64_t t)
{
    EnvLine e;
    if (t >= p->fade_t[v]) {
        e.t0 = p->fade_t[v];
        e.t1 = p->fade_t[v] + p->fade_d[v];
        e.g0 = p->fade_g[v];
        e.slope = -p->fade_g[v] / (float)p->fade_d[v];
        return e;
    }
    int64_t a = p->env_a[v], rs = p->env_rs[v], l = p->env_l[v];
    if (t < a) {
        e.t0 = 0;
        e.t1 = a;
        e.g0 = 0.0f;
        e.slope = 1.0f / (float)a;
    } else if (t < rs) {
        e.t0 = t;
        e.t1 = rs;
        e.g0 = 1.0f;
        e.slope = 0.0f;
    } else if (l > rs) {
        e.t0 = rs;
        e.t1 = l;
        e.g0 = 1.0f;
        e.slope = -1.0f / (float)(l - rs);
    } else {
        e.t0 = t;
        e.t1 = VOICE_AGE_NEVER;
        e.g0 = 1.0f;
        e.slope = 0.0f;
    }
    if (e.t1 > p->fade_t[v]) e.t1 = p->fade_t[v];
    return e;
}

void voice_env_apply(const VoicePool *p, uint32_t v, int64_t age0, float *const y[2], int nch, int n)
{
    int f = 0;
    if (age0 < 0) { /* before the onset */
        f = -age0 < n ? (int)-age0 : n;
        for (int c = 0; c < nch; c++) memset(y[c], 0, sizeof(float) * (size_t)f);
    }
    const int64_t end = p->end_age[v];
    while (f < n) {
        int64_t t = age0 + f;
        if (t >= end) {
            for (int c = 0; c < nch; c++) memset(y[c] + f, 0, sizeof(float) * (size_t)(n - f));
            return;
        }
        EnvLine e = env_line(p, v, t);
        int64_t stop = e.t1 < end ? e.t1 : end;
        int m = stop - t < (int64_t)(n - f) ? (int)(stop - t) : n - f;
        if (m < 1) m = 1;
        if (e.slope == 0.0f) {
            if (e.g0 != 1.0f)
                for (int c = 0; c < nch; c++)
                    for (int j = 0; j < m; j++) y[c][f + j] = y[c][f + j] * e.g0;
        } else {
            const int32_t k0 = (int32_t)(t - e.t0);
            for (int c = 0; c < nch; c++)
                for (int j = 0; j < m; j++) y[c][f + j] = y[c][f + j] * (e.g0 + (float)(k0 + j) * e.slope);
        }
        f += m;
    }
}

float voice_env_level(const VoicePool *p, uint32_t v, int64_t t)
{
    EnvLine e = env_line(p, v, t);
    float g = e.slope == 0.0f ? e.g0 : e.g0 + (float)(t - e.t0) * e.slope;
    return g < 0.0f ? 0.0f : g > 1.0f ? 1.0f : g;
}

int64_t voice_frames_to_exit(int64_t pos, int64_t inc, int64_t lo, int64_t hi)
{
    if (inc > 0) return pos >= hi ? 0 : (hi - pos + inc - 1) / inc;
    return pos < lo ? 0 : (pos - lo) / -inc + 1;
}

static int32_t accel_inc(const VoicePool *p, uint32_t v, int64_t t)
{
    double inc = p->acc_inc0[v] + p->acc_slope[v] * (double)t;
    double lim = VOICE_SPEED_MAX * (double)VOICE_FRAC_ONE;
    if (inc > lim) inc = lim;
    if (inc < -lim) inc = -lim;
    return (int32_t)llrint(inc);
}

int voice_cursor_step(const VoicePool *p, uint32_t v, VoiceRun *r, int64_t t)
{
    if (t >= p->end_age[v]) {
        r->kind = VOICE_KIND_DONE;
        return 0;
    }
    int64_t pos_event = VOICE_AGE_NEVER;
    if (p->looping[v] || p->accel[v]) {
        if (p->accel[v] && t % VOICE_ACCEL_STEP == 0) r->inc = accel_inc(p, v, t);
        int64_t lo = p->win_lo[v], hi = p->win_hi[v], w = hi - lo;
        if (r->pos >= hi || r->pos < lo) {
            if (!p->looping[v]) {
                r->kind = VOICE_KIND_DONE;
                return 0;
            }
            int64_t m = (r->pos - lo) % w; /* one step, however tiny the window */
            r->pos = lo + (m < 0 ? m + w : m);
        }
        if (r->inc != 0) pos_event = t + voice_frames_to_exit(r->pos, r->inc, lo, hi);
        if (p->accel[v]) {
            int64_t step = (t / VOICE_ACCEL_STEP + 1) * VOICE_ACCEL_STEP;
            if (step < pos_event) pos_event = step;
        }
    }
    EnvLine e = env_line(p, v, t);
    const float *pg = &p->pan_g[2 * (size_t)v];
    const int staged = p->staged[v];
    if (staged) { /* the stage pre-pass applies the envelope after the stages, the range pass the gains */
        e.g0 = 1.0f;
        e.slope = 0.0f;
        r->env_t0 = t;
        r->g[0] = r->g[1] = 1.0f;
        r->s[0] = r->s[1] = 0.0f;
    } else {
        r->env_t0 = e.t0;
        r->g[0] = pg[0] * e.g0;
        r->g[1] = pg[1] * e.g0;
        r->s[0] = pg[0] * e.slope;
        r->s[1] = pg[1] * e.slope;
    }
    int64_t next = e.t1 < pos_event ? e.t1 : pos_event;
    if (p->end_age[v] < next) next = p->end_age[v];
    r->next_event = next;
    const Sample *smp = r->smp;
    int kind = smp->data[1] != smp->data[0] ? VOICE_K_STEREO : 0;
    if ((r->pos & VOICE_FRAC_MASK) != 0 || (r->inc != VOICE_FRAC_ONE && r->inc != -VOICE_FRAC_ONE))
        kind |= VOICE_K_INTERP;
    else if (r->inc < 0)
        kind |= VOICE_K_REV;
    if (e.slope != 0.0f) kind |= VOICE_K_RAMP;
    if (staged) kind |= VOICE_K_STAGED;
    r->kind = (int16_t)kind;
    return 1;
}

/* voice_render and voice_render_at: out[k] is frame base + k. */
static int64_t render_from(const VoicePool *p, uint32_t v, VoiceRun *r, float *outL, float *outR, int base, int f0,
                           int f1, int n)
{
    const int64_t a = r->age;
    int f = a < 0 ? (-a < n ? (int)-a : n) : 0;
    int64_t done = 0;
    while (f < n) {
        int64_t age = a + f;
        if (age >= r->next_event) {
            if (!voice_cursor_step(p, v, r, age)) break;
            continue;
        }
        int64_t left = r->next_event - age;
        int m = left < (int64_t)(n - f) ? (int)left : n - f;
        /* the part of [f, f+m) inside [f0, f1) */
        int a0 = f > f0 ? f : f0, a1 = f + m < f1 ? f + m : f1;
        if (outL && a0 < a1) {
            VoiceSeg sg;
            sg.out[0] = outL + (a0 - base);
            sg.out[1] = outR + (a0 - base);
            sg.src[0] = r->smp->data[0];
            sg.src[1] = r->smp->data[1];
            sg.pos = r->pos + (int64_t)(a0 - f) * r->inc;
            sg.inc = r->inc;
            sg.n = a1 - a0;
            sg.k0 = (r->kind & VOICE_K_RAMP) ? (int32_t)(age + (a0 - f) - r->env_t0) : 0;
            sg.g[0] = r->g[0];
            sg.g[1] = r->g[1];
            sg.s[0] = r->s[0];
            sg.s[1] = r->s[1];
            p->kern.fn[r->kind & (VOICE_K_COUNT - 1)](&sg);
        }
        if (a0 < a1) done += a1 - a0;
        r->pos += (int64_t)m * r->inc;
        f += m;
    }
    r->age = a + n;
    return done;
}

int64_t voice_render(const VoicePool *p, uint32_t v, VoiceRun *r, float *outL, float *outR, int f0, int f1,
                     int n)
{
    return render_from(p, v, r, outL, outR, 0, f0, f1, n);
}

int64_t voice_render_at(const VoicePool *p, uint32_t v, VoiceRun *r, float *outL, float *outR, int f0, int f1,
                        int n)
{
    return render_from(p, v, r, outL, outR, f0, f0, f1, n);
}

void voice_kill(VoicePool *p, uint32_t v)
{
    p->state[v] = VOICE_DONE;
    for (int c = 0; c < p->ncopies; c++) p->run[c][v].kind = VOICE_KIND_DONE;
}

void voice_fade_at(VoicePool *p, uint32_t v, int64_t t, int64_t d)
{
    uint8_t st = p->state[v];
    if (st != VOICE_PLAYING && st != VOICE_FADING) return;
    if (d < 1) d = 1;
    if (t <= 0) { /* the fade point is at or before the onset: never sounds */
        voice_kill(p, v);
        return;
    }
    if (t < p->run[0][v].age) t = p->run[0][v].age;
    if (t >= p->end_age[v]) return;
    if (p->fade_t[v] != VOICE_AGE_NEVER && p->fade_t[v] + p->fade_d[v] <= t + d) return;
    float g = voice_env_level(p, v, t);
    p->fade_t[v] = t;
    p->fade_d[v] = d;
    p->fade_g[v] = g;
    if (t + d < p->end_age[v]) p->end_age[v] = t + d;
    p->state[v] = VOICE_FADING;
    for (int c = 0; c < p->ncopies; c++)
        if (t < p->run[c][v].next_event) p->run[c][v].next_event = t;
}

static void flush_batch(const VoicePool *p, VoiceBatch *b, int kind)
{
    if (b->count) p->kern.batch[kind](b);
    b->count = 0;
}

void voice_run_set(VoicePool *p, uint32_t v, const VoiceRun *r)
{
    for (int c = 0; c < p->ncopies; c++) p->run[c][v] = *r;
}

void voice_dest_out(const VoicePool *p, const VoiceOut *out, int nslots, uint32_t v, int32_t dest, float **oL,
                    float **oR)
{
    *oL = *oR = NULL;
    if (voice_dest_is_bus(dest)) {
        const VoiceBus *b = &p->buses[dest - VOICE_DEST_BUS];
        *oL = b->buf[0];
        *oR = b->nch == 2 ? b->buf[1] : p->bus_dummy; /* a mono bus: the kernels' right channel (x * 0) goes nowhere */
        return;
    }
    if (dest >= nslots || !out[dest].ch[0] || !out[dest].ch[1]) return;
    const VoiceOut *o = &out[dest];
    *oL = o->ch[0];
    *oR = o->ch[1];
    if (o->orbit) { /* an orbit with effects has its own dry buffer */
        const VoiceOrbitOut *ob = &o->orbit[p->orbit[v]];
        if (ob->dry[0] && ob->dry[1]) {
            *oL = ob->dry[0];
            *oR = ob->dry[1];
        }
    }
}

uint64_t voice_render_range(VoicePool *p, const VoiceOut *out, int nslots, int n, int f0, int f1, int copy, int i0,
                            int i1)
{
    VoiceRun *run = p->run[copy];
    VoiceBatch b;
    b.n = f1 - f0;
    b.count = 0;
    b.out[0] = b.out[1] = NULL;
    int bkind = 0;
    uint64_t frames = 0;
    for (int i = i0; i < i1; i++) {
        uint32_t v = p->list[i];
        VoiceRun *r = &run[v];
        if (r->kind == VOICE_KIND_DONE) continue;
        float *oL, *oR;
        if (r->slot < nslots && !out[r->slot].orbit) { /* the common case: straight into a slot */
            oL = out[r->slot].ch[0];
            oR = out[r->slot].ch[1];
            if (!oR) oL = NULL;
        } else {
            /* a bus's only voice is rendered by the filter pass itself (voice_bus_filter.c) */
            if (voice_dest_is_bus(r->slot) && p->buses[r->slot - VOICE_DEST_BUS].mode == VOICE_BUS_SOLO) continue;
            voice_bus_touch(p, r->slot);
            voice_dest_out(p, out, nslots, v, r->slot, &oL, &oR);
        }
        if (r->kind & VOICE_K_STAGED) { /* rendered by the pre-pass: add its buffer with the voice's gains */
            const float *sb = p->sbuf_of[v];
            if (!oL || !sb) continue;
            int k = p->stg[v].synth == 0 && r->smp->data[1] != r->smp->data[0] ? VOICE_K_STEREO : 0;
            if (b.count && (k != bkind || b.count == VOICE_BATCH_MAX || b.out[0] != oL + f0))
                flush_batch(p, &b, bkind);
            bkind = k;
            b.out[0] = oL + f0;
            b.out[1] = oR + f0;
            b.src[0][b.count] = sb + f0;
            b.src[1][b.count] = (k ? sb + p->stride : sb) + f0;
            b.g[0][b.count] = p->pan_g[2 * (size_t)v];
            b.g[1][b.count] = p->pan_g[2 * (size_t)v + 1];
            b.count++;
            frames += (uint64_t)(f1 - f0);
            continue;
        }
        /* sounding all block long with a constant gain: batched */
        if (oL && r->age >= 0 && r->next_event - r->age >= n && !(r->kind & VOICE_K_RAMP)) {
            if (b.count && (r->kind != bkind || b.count == VOICE_BATCH_MAX || b.out[0] != oL + f0))
                flush_batch(p, &b, bkind);
            bkind = r->kind;
            b.out[0] = oL + f0;
            b.out[1] = oR + f0;
            const float *d0 = r->smp->data[0], *d1 = r->smp->data[1];
            if (r->kind & VOICE_K_INTERP) {
                b.src[0][b.count] = d0;
                b.src[1][b.count] = d1;
                b.pos[b.count] = r->pos + (int64_t)f0 * r->inc;
                b.inc[b.count] = r->inc;
            } else {
                int64_t i0f = (r->pos >> VOICE_FRAC_BITS) + ((r->kind & VOICE_K_REV) ? -f0 : f0);
                b.src[0][b.count] = d0 + i0f;
                b.src[1][b.count] = d1 + i0f;
            }
            b.g[0][b.count] = r->g[0];
            b.g[1][b.count] = r->g[1];
            b.count++;
            r->pos += (int64_t)n * r->inc;
            r->age += n;
            frames += (uint64_t)(f1 - f0);
        } else {
            flush_batch(p, &b, bkind); /* keep each output's sum in trigger order */
            frames += (uint64_t)voice_render(p, v, r, oL, oR, f0, f1, n);
        }
    }
    flush_batch(p, &b, bkind);
    return frames;
}
