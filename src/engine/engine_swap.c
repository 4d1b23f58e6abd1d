/* engine_swap.c - live reload: a new Program replaces the running one at a
 * block boundary without a click, a beat drop or a lock (engine.h).
 *
 * Hand-over. engine_submit (control thread) exchanges the program into a
 * single atomic slot; a program that was still waiting there comes back to
 * the caller (newest wins). At the start of every block the audio thread
 * takes the pending program, unless a crossfade is still running or a
 * retired program still waits for room in the ring (then it tries again at
 * the next block). Replaced programs go to an SPSC ring that the control
 * thread drains with engine_collect and frees: nothing here allocates or
 * frees.
 *
 * Install (audio thread, O(n log n) in the program size):
 *   - time: a new tempo re-anchors the clock at this frame (the cycle
 *     position is continuous); `setCycle`/`resetCycles` jump, and `nudge`
 *     shifts by its change, only when they changed since the last program
 *     (the statement stays in the file across saves);
 *   - voice slots: a sound pattern keeps the engine slot of the previous
 *     program's pattern with the same key, so its sounding voices ring on
 *     through the new chain; a new key gets a free slot; the voices of a
 *     vanished key fade out over ENGINE_XFADE_S and its slot is reused only
 *     after that;
 *   - node state: each node with an adopt function copies the state of the
 *     previous node with the same key and kind (oscillator phase, filter
 *     memory, delay/reverb/chorus lines). Copies, not moves: the old
 *     program keeps running during the crossfade;
 *   - crossfade: for ENGINE_XFADE_S both programs run on the same block
 *     span, every slot's voices are mixed once and copied into both, only the
 *     new program triggers events, and out = old + g * (new - old) with g
 *     rising linearly to 1. Where the two programs agree the output is the
 *     same float (new - old == 0), so an edit elsewhere leaves no seam;
 *   - `hush` crossfades to silence and fades every voice over the same
 *     time; `panic` fades every voice over VOICE_FADE_MAX_S and adopts no
 *     state (delay and reverb tails are dropped). */
#include <math.h>
#include <string.h>

#include "engine/engine_internal.h"
#include "engine/orbit.h"

static int swap_xfade_frames(const Engine *e)
{
    long x = lround(ENGINE_XFADE_S * (double)e->cfg.rate);
    return x < 1 ? 1 : (int)x;
}

/* ---- hand-over ------------------------------------------------------------------------ */

Program *engine_submit(Engine *e, Program *p)
{
    return atomic_exchange_explicit(&e->pending, p, memory_order_acq_rel);
}

Program *engine_collect(Engine *e)
{
    uint32_t head = atomic_load_explicit(&e->retired_head, memory_order_relaxed);
    uint32_t tail = atomic_load_explicit(&e->retired_tail, memory_order_acquire);
    if (head == tail) return NULL;
    Program *p = e->retired[head % ENGINE_RETIRED_MAX];
    atomic_store_explicit(&e->retired_head, head + 1, memory_order_release);
    return p;
}

/* Audio thread: hands p to the control thread; false if the ring is full. */
static bool swap_retire(Engine *e, Program *p)
{
    uint32_t tail = atomic_load_explicit(&e->retired_tail, memory_order_relaxed);
    uint32_t head = atomic_load_explicit(&e->retired_head, memory_order_acquire);
    if (tail - head >= ENGINE_RETIRED_MAX) return false;
    e->retired[tail % ENGINE_RETIRED_MAX] = p;
    atomic_store_explicit(&e->retired_tail, tail + 1, memory_order_release);
    return true;
}

void engine_swap_poll(Engine *e)
{
    if (e->retire_wait && swap_retire(e, e->retire_wait)) e->retire_wait = NULL;
    if (e->fading || e->retire_wait) return;
    if (!atomic_load_explicit(&e->pending, memory_order_relaxed)) return;
    Program *p = atomic_exchange_explicit(&e->pending, NULL, memory_order_acq_rel);
    if (p) engine_swap_install(e, p, true);
}

void engine_swap_free_all(Engine *e)
{
    program_destroy(atomic_exchange_explicit(&e->pending, NULL, memory_order_acq_rel));
    Program *p;
    while ((p = engine_collect(e)) != NULL) program_destroy(p);
    program_destroy(e->fading);
    program_destroy(e->retire_wait);
    e->fading = e->retire_wait = NULL;
}

/* ---- time -------------------------------------------------------------------------------- */

/* Moves the cycle position at the current frame to `to` (tempo unchanged). */
static void swap_set_position(Engine *e, Rat to)
{
    if (!rat_ok(to)) return;
    if (clock_set_cps(&e->clock, e->frame, e->clock.cps) != PH_OK) return; /* re-anchor here */
    e->clock.anchor_cycle = to;
}

static void swap_apply_time(Engine *e, const Program *old, const Program *p)
{
    if (!rat_eq(p->cps, e->clock.cps)) clock_set_cps(&e->clock, e->frame, p->cps);
    if (!old) return;
    if (p->has_set_cycle && (!old->has_set_cycle || old->set_cycle != p->set_cycle))
        swap_set_position(e, rat_from_double(p->set_cycle));
    if (p->nudge != old->nudge && isfinite(p->nudge - old->nudge)) {
        Rat here = clock_cycle_at(&e->clock, e->frame);
        swap_set_position(e, rat_add(here, rat_from_double(p->nudge - old->nudge)));
    }
}

/* ---- voice slots ------------------------------------------------------------------------ */

/* The slot of old's sound pattern with this key, unless already claimed. */
static int32_t swap_kept_slot(const Engine *e, const Program *old, uint64_t key)
{
    int32_t pos = program_trigger_key_pos(old, key);
    if (pos < 0) return -1;
    for (; pos < old->ntriggers; pos++) {
        const ProgTrigger *ot = &old->triggers[old->trigger_by_key[pos]];
        if (ot->key != key) break;
        if (ot->slot >= 0 && e->slots[ot->slot].claim != e->claim_gen) return ot->slot;
    }
    return -1;
}

/* The first reusable slot at or after *cursor (-1 if none). */
static int32_t swap_free_slot(const Engine *e, int *cursor)
{
    for (int s = *cursor; s < VOICE_POOL_MAX_SLOTS; s++) {
        const EngineSlot *x = &e->slots[s];
        if (x->claim == e->claim_gen) continue;
        if (x->state == SLOT_FREE || (x->state == SLOT_FADING && x->free_at <= e->frame)) {
            *cursor = s + 1;
            return s;
        }
    }
    *cursor = VOICE_POOL_MAX_SLOTS;
    return -1;
}

static void swap_assign_slots(Engine *e, const Program *old, Program *p)
{
    if (++e->claim_gen == 0) {
        for (int s = 0; s < VOICE_POOL_MAX_SLOTS; s++) e->slots[s].claim = 0;
        e->claim_gen = 1;
    }
    int cursor = 0;
    for (int t = 0; t < p->ntriggers; t++) {
        ProgTrigger *tr = &p->triggers[t];
        int32_t slot = old ? swap_kept_slot(e, old, tr->key) : -1;
        if (slot < 0) slot = swap_free_slot(e, &cursor);
        tr->slot = slot; /* -1: more sound patterns than slots; this one stays silent */
        if (slot < 0) continue;
        EngineSlot *x = &e->slots[slot];
        x->key = tr->key;
        x->claim = e->claim_gen;
        x->state = SLOT_USED;
    }
    if (!old) return;
    int64_t reusable = e->frame + swap_xfade_frames(e) + e->cfg.block;
    for (int t = 0; t < old->ntriggers; t++) {
        int32_t slot = old->triggers[t].slot;
        if (slot < 0 || e->slots[slot].claim == e->claim_gen) continue;
        voice_pool_release_slot(e->voices, slot, 0, ENGINE_XFADE_S);
        e->slots[slot].state = SLOT_FADING;
        e->slots[slot].free_at = reusable;
    }
}

static void swap_point_slots(Engine *e, const Program *p, int *max)
{
    for (int t = 0; t < p->ntriggers; t++) {
        int32_t slot = p->triggers[t].slot;
        if (slot < 0) continue;
        Signal s = p->triggers[t].out;
        e->slot_out[slot].ch[0] = p->buffers[s.l];
        e->slot_out[slot].ch[1] = p->buffers[s.r];
        e->slot_out[slot].orbit = p->triggers[t].sound ? p->triggers[t].sound->orbit_out : NULL; /* orbit.h */
        if (slot + 1 > *max) *max = slot + 1;
    }
}

/* Points every slot at the buffers it is mixed into: the new program's, or
 * the fading program's for a slot only it plays; others get no output. */
static void swap_update_slot_out(Engine *e)
{
    for (int s = 0; s < e->mix_slots; s++) {
        e->slot_out[s].ch[0] = e->slot_out[s].ch[1] = NULL;
        e->slot_out[s].orbit = NULL;
    }
    int max = 0;
    if (e->fading) swap_point_slots(e, e->fading, &max);
    if (e->program) swap_point_slots(e, e->program, &max);
    e->mix_slots = max;
}

/* ---- node state ------------------------------------------------------------------------- */

static bool swap_same_kind(const ProgNode *a, const ProgNode *b)
{
    if (a->adopt != b->adopt) return false;
    if (a->kind == b->kind) return true;
    return a->kind && b->kind && strcmp(a->kind, b->kind) == 0;
}

static void swap_adopt_nodes(const Program *old, Program *p)
{
    for (int i = 0; i < p->nnodes; i++) {
        ProgNode *n = &p->nodes[i];
        if (!n->adopt) continue;
        int32_t pos = program_node_key_pos(old, n->key);
        for (; pos >= 0 && pos < old->nnodes; pos++) {
            const ProgNode *o = &old->nodes[old->node_by_key[pos]];
            if (o->key != n->key) break;
            if (swap_same_kind(n, o)) {
                n->adopt(n, o);
                break;
            }
        }
    }
}

/* A feedback bus of the same name keeps last block's signal, so a
 * reload does not restart its loop from silence (one memcpy per bus). */
static void swap_adopt_feedback(const Program *old, Program *p, int n)
{
    for (int i = 0; i < p->ndelays; i++) {
        int32_t pos = program_delay_key_pos(old, p->delays[i].key);
        if (pos < 0) continue;
        Signal to = p->delays[i].to, from = old->delays[old->delay_by_key[pos]].to;
        memcpy(p->buffers[to.l], old->buffers[from.l], sizeof(float) * (size_t)n);
        if (to.r != to.l) memcpy(p->buffers[to.r], old->buffers[from.r], sizeof(float) * (size_t)n);
    }
}

/* ---- install and crossfade ------------------------------------------------------------------ */

void engine_swap_install(Engine *e, Program *p, bool crossfade)
{
    Program *old = e->program;
    swap_apply_time(e, old, p);
    swap_assign_slots(e, old, p);
    if (old && !p->panic) {
        swap_adopt_nodes(old, p);
        swap_adopt_feedback(old, p, PROGRAM_MAX_BLOCK);
    }
    if (p->panic) voice_pool_fade_all(e->voices, 0, VOICE_FADE_MAX_S);
    else if (p->hush && !(old && old->hush)) voice_pool_fade_all(e->voices, 0, ENGINE_XFADE_S);
    e->program = p;
    if (old && crossfade) {
        e->fading = old;
        e->xfade_pos = 0;
        e->xfade_len = swap_xfade_frames(e);
    }
    swap_update_slot_out(e);
    e->installs++;
    atomic_store_explicit(&e->pub.install_frame, e->frame, memory_order_relaxed);
    atomic_store_explicit(&e->pub.installs, e->installs, memory_order_release);
}

void engine_swap_advance(Engine *e, int n)
{
    float inv = 1.0f / (float)e->xfade_len;
    for (int c = 0; c < 2; c++) {
        float *m = e->mix[c];
        const float *x = e->xmix[c];
        for (int i = 0; i < n; i++) {
            int k = e->xfade_pos + i + 1;
            /* where both agree, m - x == 0 and the sample is kept exactly */
            if (k < e->xfade_len) m[i] = x[i] + (float)k * inv * (m[i] - x[i]);
        }
    }
    e->xfade_pos += n;
    if (e->xfade_pos < e->xfade_len) return;
    Program *old = e->fading;
    e->fading = NULL;
    swap_update_slot_out(e);
    if (!swap_retire(e, old)) e->retire_wait = old;
}

/* ---- status ---------------------------------------------------------------------------- */

static uint64_t swap_bits(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static double swap_double(uint64_t u)
{
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

void engine_swap_publish(Engine *e)
{
    EnginePublished *pub = &e->pub;
    atomic_store_explicit(&pub->frame, e->frame, memory_order_relaxed);
    atomic_store_explicit(&pub->cycle_bits, swap_bits(engine_cycle(e)), memory_order_relaxed);
    atomic_store_explicit(&pub->cps_bits, swap_bits(rat_to_double(e->clock.cps)), memory_order_relaxed);
    atomic_store_explicit(&pub->voices, voice_pool_active(e->voices), memory_order_relaxed);
    atomic_store_explicit(&pub->crossfading, e->fading != NULL, memory_order_relaxed);
    atomic_store_explicit(&pub->missing_samples, e->missing_samples, memory_order_relaxed);
    atomic_store_explicit(&pub->query_errors, e->query_errors, memory_order_relaxed);
}

void engine_status(const Engine *e, EngineStatus *out)
{
    const EnginePublished *pub = &e->pub;
    out->installs = atomic_load_explicit(&pub->installs, memory_order_acquire);
    out->install_frame = atomic_load_explicit(&pub->install_frame, memory_order_relaxed);
    out->frame = atomic_load_explicit(&pub->frame, memory_order_relaxed);
    out->cycle = swap_double(atomic_load_explicit(&pub->cycle_bits, memory_order_relaxed));
    out->cps = swap_double(atomic_load_explicit(&pub->cps_bits, memory_order_relaxed));
    out->voices = atomic_load_explicit(&pub->voices, memory_order_relaxed);
    out->crossfading = atomic_load_explicit(&pub->crossfading, memory_order_relaxed);
    out->missing_samples = atomic_load_explicit(&pub->missing_samples, memory_order_relaxed);
    out->query_errors = atomic_load_explicit(&pub->query_errors, memory_order_relaxed);
}
