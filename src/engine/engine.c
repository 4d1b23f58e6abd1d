/* engine.c - the block loop; see engine.h. Live reload (the pending
 * program, crossfade, voice slots by key) is in engine_swap.c. */
#include "engine/engine.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dsp/dsp_master.h"
#include "engine/engine_internal.h"
#include "engine/orbit.h"

#define ENGINE_DEFAULT_BLOCK 512
#define ENGINE_SCRATCH_LIMIT (256u << 20)   /* query memory per block, at most */
#define ENGINE_EVENT_RESERVE 65536

Engine *engine_create(const EngineConfig *cfg, PhStatus *status)
{
    PhStatus st = PH_ERR_NOMEM;
    Engine *e = calloc(1, sizeof *e);
    if (!e) goto fail;
    e->cfg = *cfg;
    if (e->cfg.block <= 0) e->cfg.block = ENGINE_DEFAULT_BLOCK;
    if (e->cfg.block > PROGRAM_MAX_BLOCK || e->cfg.rate <= 0) {
        st = PH_ERR_ARG;
        goto fail;
    }
    if ((st = clock_init(&e->clock, e->cfg.rate, rat_make(1, 2))) != PH_OK) goto fail;
    st = PH_ERR_NOMEM;
    arena_init(&e->scratch, 256 * 1024, ENGINE_SCRATCH_LIMIT);
    if (e->cfg.scratch_reserve > 0) {
        void *warm = arena_alloc(&e->scratch, e->cfg.scratch_reserve);
        if (!warm) goto fail;
        memset(warm, 0, e->cfg.scratch_reserve); /* fault the pages in now, not on the audio thread */
        arena_reset(&e->scratch);
    }
    pat_ctx_init(&e->pat, &e->scratch);
    if (!pat_ctx_reserve(&e->pat, ENGINE_EVENT_RESERVE)) goto fail;
    VoicePoolConfig vc = { 0 };
    vc.rate = e->cfg.rate;
    vc.max_block = e->cfg.block;
    vc.threads = e->cfg.threads;
    vc.hard_cap = e->cfg.max_voices;
    vc.capacity = e->cfg.voice_capacity;
    vc.rt_priority = e->cfg.rt_priority;
    vc.lazy_effects = e->cfg.blocking_loads; /* render may allocate between blocks; live never does */
    e->voices = voice_pool_create(&vc, &st);
    if (!e->voices) goto fail;
    st = PH_ERR_NOMEM;
    e->mix[0] = aligned_alloc(64, sizeof(float) * PROGRAM_MAX_BLOCK);
    e->mix[1] = aligned_alloc(64, sizeof(float) * PROGRAM_MAX_BLOCK);
    e->xmix[0] = aligned_alloc(64, sizeof(float) * PROGRAM_MAX_BLOCK);
    e->xmix[1] = aligned_alloc(64, sizeof(float) * PROGRAM_MAX_BLOCK);
    e->slot_out = calloc(VOICE_POOL_MAX_SLOTS, sizeof *e->slot_out);
    e->master = calloc(1, sizeof *e->master);
    if (!e->mix[0] || !e->mix[1] || !e->xmix[0] || !e->xmix[1] || !e->slot_out || !e->master ||
        block_times_init(&e->times) != 0)
        goto fail;
    atomic_init(&e->pending, NULL);
    atomic_init(&e->retired_head, 0);
    atomic_init(&e->retired_tail, 0);
    dsp_master_init(e->master, (float)e->cfg.rate, DSP_MASTER_LOOKAHEAD_S, DSP_MASTER_CEILING_DB);
    if (status) *status = PH_OK;
    return e;
fail:
    engine_destroy(e);
    if (status) *status = st;
    return NULL;
}

void engine_destroy(Engine *e)
{
    if (!e) return;
    engine_swap_free_all(e);
    program_destroy(e->program);
    if (e->voices) voice_pool_destroy(e->voices);
    pat_ctx_free(&e->pat);
    arena_free(&e->scratch);
    free(e->slot_out);
    free(e->mix[0]);
    free(e->mix[1]);
    free(e->xmix[0]);
    free(e->xmix[1]);
    free(e->master);
    block_times_free(&e->times);
    free(e);
}

void engine_set_program(Engine *e, Program *p)
{
    Program *old = e->program;
    engine_swap_free_all(e);
    if (p) engine_swap_install(e, p, false);
    else e->program = NULL;
    program_destroy(old);
}

const Program *engine_program(const Engine *e) { return e->program; }

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static void copy_signal(float *const *buf, Signal from, Signal to, int n)
{
    memcpy(buf[to.l], buf[from.l], sizeof(float) * (size_t)n);
    if (to.r != to.l) memcpy(buf[to.r], buf[from.r], sizeof(float) * (size_t)n);
}

/* Sums p's outputs into dst. */
static void sum_outputs(const Program *p, float *const dst[2], int n)
{
    memset(dst[0], 0, sizeof(float) * (size_t)n);
    memset(dst[1], 0, sizeof(float) * (size_t)n);
    if (p->hush) return;
    for (int o = 0; o < p->noutputs; o++) {
        const float *l = p->buffers[p->outputs[o].l], *r = p->buffers[p->outputs[o].r];
        float g = p->output_gain[o];
        for (int i = 0; i < n; i++) {
            dst[0][i] += l[i] * g;
            dst[1][i] += r[i] * g;
        }
    }
}

static void clear_trigger_buffers(const Program *p, int n)
{
    for (int t = 0; t < p->ntriggers; t++) {
        Signal s = p->triggers[t].out;
        memset(p->buffers[s.l], 0, sizeof(float) * (size_t)n);
        memset(p->buffers[s.r], 0, sizeof(float) * (size_t)n);
    }
    orbit_clear(p, n);
}

static void copy_pair(float *const dst[2], float *const src[2], int n)
{
    if (!dst[0] || !src[0] || dst[0] == src[0]) return;
    memcpy(dst[0], src[0], sizeof(float) * (size_t)n);
    memcpy(dst[1], src[1], sizeof(float) * (size_t)n);
}

/* The ProgSound of p's sound pattern with this key and slot. */
static const ProgSound *new_sound(const Program *p, int32_t slot, uint64_t key)
{
    int32_t pos = program_trigger_key_pos(p, key);
    for (; pos >= 0 && pos < p->ntriggers; pos++) {
        const ProgTrigger *t = &p->triggers[p->trigger_by_key[pos]];
        if (t->key != key) break;
        if (t->slot == slot) return t->sound;
    }
    return NULL;
}

/* Crossfade: the orbit buffers the new program's voices filled, copied to
 * the fading program's orbits of the same number (slot kept by key). */
static void copy_orbits(const ProgSound *from, const ProgSound *to, int n)
{
    if (!from || !to) return;
    for (int o = 0; o < VOICE_ORBITS; o++) {
        const VoiceOrbitOut *a = &from->orbit_out[o], *b = &to->orbit_out[o];
        copy_pair(b->dry, a->dry, n);
        for (int s = 0; s < VOICE_SENDS; s++) copy_pair(b->send[s], a->send[s], n);
    }
}

/* Mixes every voice into its slot's buffers (e->slot_out points into the
 * programs, engine_swap.c keeps it current). During a crossfade the slots
 * both programs play are mixed once, into the new program, and copied. */
static void mix_voices(Engine *e, int n)
{
    clear_trigger_buffers(e->program, n);
    if (e->fading) clear_trigger_buffers(e->fading, n);
    voice_pool_mix(e->voices, n, e->slot_out, e->mix_slots);
    const Program *old = e->fading;
    if (!old) return;
    for (int t = 0; t < old->ntriggers; t++) {
        int32_t slot = old->triggers[t].slot;
        if (slot < 0 || e->slots[slot].claim != e->claim_gen || !e->slot_out[slot].ch[0]) continue;
        Signal s = old->triggers[t].out;
        memcpy(old->buffers[s.l], e->slot_out[slot].ch[0], sizeof(float) * (size_t)n);
        memcpy(old->buffers[s.r], e->slot_out[slot].ch[1], sizeof(float) * (size_t)n);
        if (old->triggers[t].sound) copy_orbits(new_sound(e->program, slot, old->triggers[t].key), old->triggers[t].sound, n);
    }
}

/* Runs p's nodes for block b and sums its outputs into dst. */
static void run_program(Program *p, EngineBlock *b, float *const dst[2])
{
    int n = b->nframes;
    b->buf = p->buffers;
    for (int i = 0; i < p->nnodes; i++) p->nodes[i].process(&p->nodes[i], b);
    sum_outputs(p, dst, n);
    for (int i = 0; i < p->ndelays; i++) copy_signal(p->buffers, p->delays[i].from, p->delays[i].to, n);
}

static void render_block(Engine *e, float *out_l, float *out_r, int n)
{
    engine_swap_poll(e);
    Program *p = e->program;
    EngineBlock b;
    b.frame0 = e->frame;
    b.nframes = n;
    b.c0 = clock_cycle_at(&e->clock, e->frame);
    b.c1 = clock_cycle_at(&e->clock, e->frame + n);
    b.rate = e->cfg.rate;
    b.clock = &e->clock;
    b.pat = &e->pat;
    b.query_errors = &e->query_errors;
    b.buf = NULL;
    arena_reset(&e->scratch);

    if (p && rat_ok(b.c0) && rat_ok(b.c1)) {
        b.buf = p->buffers;
        engine_trigger_block(e, &b);
        mix_voices(e, n);
        run_program(p, &b, e->mix);
        if (e->fading) run_program(e->fading, &b, e->xmix);
    } else {
        voice_pool_mix(e->voices, n, NULL, 0);
        for (int c = 0; c < 2; c++) {
            memset(e->mix[c], 0, sizeof(float) * (size_t)n);
            memset(e->xmix[c], 0, sizeof(float) * (size_t)n);
        }
    }
    if (e->fading) engine_swap_advance(e, n);
    const float *in[2] = { e->mix[0], e->mix[1] };
    float *out[2] = { out_l, out_r };
    dsp_master_process(e->master, in, out, 2, n);
    e->frame += n;
}

void engine_render(Engine *e, float *out_l, float *out_r, int nframes)
{
    while (nframes > 0) {
        int n = nframes < e->cfg.block ? nframes : e->cfg.block;
        double t0 = now_us();
        render_block(e, out_l, out_r, n);
        block_times_add(&e->times, now_us() - t0);
        out_l += n;
        out_r += n;
        nframes -= n;
    }
    engine_swap_publish(e);
}

int64_t engine_frame(const Engine *e) { return e->frame; }

double engine_cycle(const Engine *e) { return rat_to_double(clock_cycle_at(&e->clock, e->frame)); }

int engine_latency(const Engine *e) { return dsp_master_latency(e->master); }
int engine_threads(const Engine *e) { return voice_pool_threads(e->voices); }
bool engine_threads_realtime(const Engine *e) { return voice_pool_realtime(e->voices); }

void engine_stats(const Engine *e, EngineStats *out)
{
    memset(out, 0, sizeof *out);
    VoicePoolStats vs;
    voice_pool_stats(e->voices, &vs);
    out->frames = (uint64_t)e->frame;
    out->blocks = e->times.count;
    out->peak_voices = vs.peak;
    out->voice_samples = vs.voice_samples;
    out->mean_voices = e->frame > 0 ? (double)vs.voice_samples / (double)e->frame : 0.0;
    out->voices_started = vs.triggered;
    out->voices_stolen = vs.stolen;
    out->missing_samples = e->missing_samples;
    out->query_errors = e->query_errors;
    out->block_p50_us = block_times_quantile(&e->times, 0.50);
    out->block_p95_us = block_times_quantile(&e->times, 0.95);
    out->block_p99_us = block_times_quantile(&e->times, 0.99);
    out->block_max_us = e->times.max_us;
}
