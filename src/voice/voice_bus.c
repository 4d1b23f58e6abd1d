/* voice_bus.c - filter/send buses: the linear per-event effects (vowel,
 * hpf, bpf, lpf) and the orbit sends, shared by the voices that agree on
 * them.
 *
 * A filter is linear and time-invariant, so filtering every voice and
 * summing gives the same audio as summing the voices and filtering once.
 * Voices whose slot, orbit, pan, channel count, filter settings and sends
 * are all equal therefore mix (with their gain and envelope, by the normal
 * fast kernels) into one bus; the bus's filters run once per block on the
 * sum; its output goes to the slot (or the orbit's dry buffer) with the pan
 * gains and to the orbit's sends. `s "bd*16" # lpf 800` costs one filter,
 * not sixteen; `# lpf (range 200 2000 sine)` gives every voice its own bus,
 * and those are filtered lane-parallel (voice_bus_filter.c, which also
 * renders a bus's only voice itself). A voice that ends leaves its bus
 * ringing: the filter tail decays naturally.
 *
 * Determinism: a bus's identity is its key (the values above). Bus
 * outputs are added to each destination after the slot's direct voices:
 * first the buses without filters in key order, then the filter buses in
 * (stages, key) order, one after another (out = out + y * g per frame). A
 * bus is freed at a block end when no voice uses it and its filter state
 * is exactly zero, which is equivalent to a fresh bus of the same key
 * (a silent bus adds an exact 0 to a running sum); so which index a bus
 * gets, or at which block end it is freed, never changes a bit, and the
 * output is the same for any block size, thread count and SIMD path. */
#include <math.h>
#include <string.h>

#include "dsp/dsp.h"
#include "voice/voice_internal.h"
#include "voice/worker_pool.h"

#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

#define VOWEL_MAKEUP 4.0f            /* the formant sum's gain (about unity loudness on drums) */

/* Counter-tenor formants (Csound's table, as SuperCollider's Vowel):
 * Hz, dB, bandwidth Hz; a e i o u. */
static const float VOWEL_TABLE[5][3][VOICE_FORMANTS] = {
    { { 660, 1120, 2750, 3000, 3350 }, { 0, -6, -23, -24, -38 }, { 80, 90, 120, 130, 140 } },
    { { 440, 1800, 2700, 3000, 3300 }, { 0, -14, -18, -20, -20 }, { 70, 80, 100, 120, 120 } },
    { { 270, 1850, 2900, 3350, 3590 }, { 0, -24, -24, -36, -36 }, { 40, 90, 100, 120, 120 } },
    { { 430, 820, 2700, 3000, 3300 }, { 0, -10, -26, -22, -34 }, { 40, 80, 100, 120, 120 } },
    { { 370, 630, 2750, 3000, 3400 }, { 0, -20, -23, -30, -34 }, { 40, 60, 100, 120, 120 } },
};

static float clamp_cutoff(float hz, float rate)
{
    return dsp_clampf(hz, 20.0f, 0.49f * rate);
}

static void svf_coef(VoiceSvfCoef *c, float cutoff, float q, float rate, float gain)
{
    float g = dsp_tan_pi(clamp_cutoff(cutoff, rate) / rate);
    float k = 1.0f / dsp_clampf(q, 0.1f, 50.0f);
    c->a1 = 1.0f / (1.0f + g * (g + k));
    c->a2 = g * c->a1;
    c->a3 = g * c->a2;
    c->k = k;
    c->c11 = 2.0f * c->a1 - 1.0f;
    c->c21 = 2.0f * c->a2;
    c->k2 = c->c21 * c->c21;
    c->b2 = 2.0f * c->a3;
    c->gain = gain;
}

static uint32_t fbits(float x)
{
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static float q_or(float q, float dflt, float lo)
{
    return isfinite(q) && q > 0.0f ? dsp_clampf(q, lo, 50.0f) : dflt;
}

/* The normalised linear stages and sends of vs (all zero when unused). */
typedef struct BusSpec {
    int stages, vowel;
    float hcut, hq, bandf, bandq, cut, q, send[VOICE_SENDS];
} BusSpec;

static BusSpec bus_spec(const VoiceFx *fx, float rate)
{
    BusSpec b;
    memset(&b, 0, sizeof b);
    if (fx->vowel > VOICE_VOWEL_NONE && fx->vowel < VOICE_VOWEL_COUNT) {
        b.stages |= VOICE_STG_VOWEL;
        b.vowel = fx->vowel;
    }
    if (fx->hcutoff > 0.0f) { /* NaN compares false: off */
        b.stages |= VOICE_STG_HPF;
        b.hcut = clamp_cutoff(fx->hcutoff, rate);
        b.hq = q_or(fx->hq, 1.0f, 0.1f);
    }
    if (fx->bandf > 0.0f) {
        b.stages |= VOICE_STG_BPF;
        b.bandf = clamp_cutoff(fx->bandf, rate);
        b.bandq = q_or(fx->bandq, 10.0f, 1.0f);
    }
    if (fx->cutoff > 0.0f) {
        b.stages |= VOICE_STG_LPF;
        b.cut = clamp_cutoff(fx->cutoff, rate);
        b.q = q_or(fx->q, 1.0f, 0.1f);
    }
    for (int s = 0; s < VOICE_SENDS; s++) b.send[s] = fx->send[s] > 0.0f ? dsp_clampf(fx->send[s], 0.0f, 1.0f) : 0.0f;
    return b;
}

static int key_cmp(const uint32_t *a, const uint32_t *b)
{
    for (int i = 0; i < VOICE_BUS_KEY_WORDS; i++)
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
}

/* Position of key in bus_sorted (found: *hit = 1). */
static int bus_find(const VoicePool *p, const uint32_t *key, int *hit)
{
    int lo = 0, hi = p->nbus;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        int c = key_cmp(p->buses[p->bus_sorted[mid]].key, key);
        if (c == 0) {
            *hit = 1;
            return mid;
        }
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    *hit = 0;
    return lo;
}

static void bus_init(VoicePool *p, VoiceBus *b, const uint32_t *key, const BusSpec *s, const VoiceStart *vs,
                     int nch, float pan, float rate)
{
    memcpy(b->key, key, sizeof b->key);
    b->refs = 0;
    b->vxor = 0;
    b->staged_refs = 0;
    b->mode = VOICE_BUS_IDLE;
    b->slot = vs->slot;
    b->orbit = (int32_t)(key[2]);
    b->nch = nch;
    b->stages = s->stages;
    b->out_g[0] = (float)sin((1.0 - pan) * M_PI_2);
    b->out_g[1] = (float)sin(pan * M_PI_2);
    memcpy(b->send, s->send, sizeof b->send);
    memset(b->st, 0, sizeof b->st);
    if (s->stages & VOICE_STG_HPF) svf_coef(&b->hp, s->hcut, s->hq, rate, 1.0f);
    if (s->stages & VOICE_STG_BPF) svf_coef(&b->bp, s->bandf, s->bandq, rate, s->bandq);
    if (s->stages & VOICE_STG_LPF) svf_coef(&b->lp, s->cut, s->q, rate, 1.0f);
    if (s->stages & VOICE_STG_VOWEL) {
        const float(*t)[VOICE_FORMANTS] = VOWEL_TABLE[s->vowel - 1];
        for (int f = 0; f < VOICE_FORMANTS; f++) {
            float amp = VOWEL_MAKEUP * powf(10.0f, t[1][f] / 20.0f);
            svf_coef(&b->vw[f], t[0][f], t[0][f] / t[2][f], rate, amp);
        }
    }
    (void)p;
}

static void bus_attach(VoiceBus *b, uint32_t v, int staged)
{
    b->refs++;
    b->vxor ^= v;
    b->staged_refs += staged != 0;
}

int32_t voice_bus_acquire(VoicePool *p, const VoiceStart *vs, uint32_t v, int staged, int nch, float pan,
                          float rate)
{
    BusSpec s = bus_spec(&vs->fx, rate);
    if (!s.stages && !(s.send[0] > 0.0f) && !(s.send[1] > 0.0f)) return -1;
    /* stages first: bus_sorted is then in (stages, key) order, the summing order */
    uint32_t key[VOICE_BUS_KEY_WORDS] = {
        (uint32_t)s.stages, (uint32_t)vs->slot, (uint32_t)(((vs->orbit % VOICE_ORBITS) + VOICE_ORBITS) % VOICE_ORBITS),
        (uint32_t)nch, fbits(pan), (uint32_t)s.vowel, fbits(s.hcut), fbits(s.hq), fbits(s.bandf), fbits(s.bandq),
        fbits(s.cut), fbits(s.q), fbits(s.send[0]), fbits(s.send[1]),
    };
    int hit, pos = bus_find(p, key, &hit);
    if (hit) {
        int32_t b = p->bus_sorted[pos];
        bus_attach(&p->buses[b], v, staged);
        return b;
    }
    if (p->nbus_free == 0 && p->lazy && p->bus_cap < p->bus_want) voice_bus_reserve(p, p->bus_want);
    if (p->nbus_free == 0) {
        p->st.bus_full++;
        return -1;
    }
    int32_t b = p->bus_free[--p->nbus_free];
    bus_init(p, &p->buses[b], key, &s, vs, nch, pan, rate);
    bus_attach(&p->buses[b], v, staged);
    memmove(p->bus_sorted + pos + 1, p->bus_sorted + pos, sizeof(int32_t) * (size_t)(p->nbus - pos));
    p->bus_sorted[pos] = b;
    p->nbus++;
    return b;
}

void voice_bus_release(VoicePool *p, int32_t bus, uint32_t v, int staged)
{
    if (bus < 0 || bus >= p->bus_cap || p->buses[bus].refs <= 0) return;
    VoiceBus *b = &p->buses[bus];
    b->refs--;
    b->vxor ^= v;
    b->staged_refs -= staged != 0;
}

PhStatus voice_bus_reserve(VoicePool *p, int nbus)
{
    if (nbus > VOICE_BUS_MAX) nbus = VOICE_BUS_MAX;
    if (nbus <= p->bus_cap) return PH_OK;
    if (!p->bus_lg && voice_bus_filter_alloc(p) != PH_OK) return PH_ERR_NOMEM;
    /* Buses are only grown between blocks (like voices); block buffers move, so re-point them. */
    VoiceBus *nb = realloc(p->buses, sizeof *nb * (size_t)nbus);
    if (!nb) return PH_ERR_NOMEM;
    p->buses = nb;
    int32_t *ns = realloc(p->bus_sorted, sizeof *ns * (size_t)nbus);
    if (!ns) return PH_ERR_NOMEM;
    p->bus_sorted = ns;
    int32_t *nf = realloc(p->bus_free, sizeof *nf * (size_t)nbus);
    if (!nf) return PH_ERR_NOMEM;
    p->bus_free = nf;
    /* One cache line more than the two channels: with a power-of-two distance
     * between buses the 16 lanes of a filter tile would all fall in the same
     * L1 set (4 KiB aliasing) and evict each other on every tile. */
    size_t per = 2 * (size_t)p->stride + 16;
    float *mem = aligned_alloc(64, sizeof(float) * per * (size_t)nbus);
    if (!mem) return PH_ERR_NOMEM;
    memset(mem, 0, sizeof(float) * per * (size_t)nbus); /* fault the pages in now, not on the audio thread */
    free(p->bus_mem);
    p->bus_mem = mem;
    for (int b = 0; b < nbus; b++) {
        p->buses[b].buf[0] = mem + per * (size_t)b;
        p->buses[b].buf[1] = mem + per * (size_t)b + (size_t)p->stride;
    }
    /* new buses on the free stack below the old free ones, lowest id on top */
    int added = nbus - p->bus_cap;
    memmove(p->bus_free + added, p->bus_free, sizeof(int32_t) * (size_t)p->nbus_free);
    for (int i = 0; i < added; i++) p->bus_free[i] = nbus - 1 - i;
    p->nbus_free += added;
    p->bus_cap = nbus;
    return PH_OK;
}

void voice_bus_free_all(VoicePool *p)
{
    free(p->buses);
    free(p->bus_sorted);
    free(p->bus_free);
    free(p->bus_mem);
    voice_bus_filter_free(p);
}

void voice_bus_zero(VoicePool *p, VoiceBus *b)
{
    memset(b->buf[0], 0, sizeof(float) * (size_t)p->bus_n);
    if (b->nch == 2) memset(b->buf[1], 0, sizeof(float) * (size_t)p->bus_n); /* a mono bus's right channel is never read */
    b->zeroed = p->st.blocks;
}

void voice_bus_begin_block(VoicePool *p, int n, int lazy)
{
    p->bus_n = n;
    p->bus_lazy = lazy;
    for (int i = 0; i < p->nbus; i++) {
        VoiceBus *b = &p->buses[p->bus_sorted[i]];
        b->mode = b->refs == 0                                     ? VOICE_BUS_IDLE
                : b->refs == 1 && b->stages && !b->staged_refs ? VOICE_BUS_SOLO
                                                                   : VOICE_BUS_FED;
        if (!lazy && b->mode == VOICE_BUS_FED) voice_bus_zero(p, b);
    }
}

/* ---- distribution ------------------------------------------------------------------- */

typedef struct DistJob {
    VoicePool *p;
    const VoiceOut *out;
    int nslots, n, nranges;
} DistJob;

/* The buses without filters (sends only), in key order. */
static void dist_task(void *ctx, int task, int worker)
{
    (void)worker;
    const DistJob *j = ctx;
    VoicePool *p = j->p;
    int f0 = voice_range_start(j->n, j->nranges, task), f1 = voice_range_start(j->n, j->nranges, task + 1);
    if (f1 <= f0) return;
    unsigned csr = voice_fp_enter();
    VoiceBatch bt;
    bt.n = f1 - f0;
    for (int t = 0; t <= VOICE_SENDS; t++) {
        bt.count = 0;
        int kind = 0;
        for (int i = 0; i < p->nbus; i++) {
            const VoiceBus *b = &p->buses[p->bus_sorted[i]];
            float *L, *R;
            if (b->stages || b->mode == VOICE_BUS_IDLE || !voice_bus_target(b, j->out, j->nslots, t, &L, &R)) continue;
            int k = b->nch == 2 ? VOICE_K_STEREO : 0;
            if (bt.count && (k != kind || bt.count == VOICE_BATCH_MAX || bt.out[0] != L + f0)) {
                p->kern.batch[kind](&bt);
                bt.count = 0;
            }
            kind = k;
            bt.out[0] = L + f0;
            bt.out[1] = R + f0;
            bt.src[0][bt.count] = b->buf[0] + f0;
            bt.src[1][bt.count] = (b->nch == 2 ? b->buf[1] : b->buf[0]) + f0;
            float g[2];
            voice_bus_gains(b, t, g);
            bt.g[0][bt.count] = g[0];
            bt.g[1][bt.count] = g[1];
            bt.count++;
        }
        if (bt.count) p->kern.batch[kind](&bt);
    }
    voice_fp_leave(csr);
}

static int state_is_zero(const VoiceBus *b)
{
    const float *s = &b->st[0][0][0];
    int z = 1;
    for (size_t i = 0; i < sizeof b->st / sizeof(float); i++) z &= s[i] == 0.0f;
    return z;
}

void voice_bus_end_block(VoicePool *p, const VoiceOut *out, int nslots, int n, int nranges)
{
    if (p->nbus == 0) return;
    int plain = 0;
    for (int i = 0; i < p->nbus; i++) {
        VoiceBus *b = &p->buses[p->bus_sorted[i]];
        /* a fed bus none of whose voices sounded yet (serial blocks zero on first use) */
        if (p->bus_lazy && b->mode == VOICE_BUS_FED && b->zeroed != p->st.blocks) voice_bus_zero(p, b);
        plain += !b->stages && b->mode != VOICE_BUS_IDLE;
    }
    p->bus_lazy = 0;
    if (plain) {
        DistJob j = { p, out, nslots, n, nranges };
        if (nranges > 1) {
            worker_pool_run(p->workers, nranges, dist_task, &j);
        } else {
            dist_task(&j, 0, 0);
        }
    }
    p->st.voice_samples += voice_bus_filter_run(p, out, nslots, n, nranges);
}

void voice_bus_collect(VoicePool *p)
{
    int k = 0;
    for (int i = 0; i < p->nbus; i++) {
        int32_t bi = p->bus_sorted[i];
        const VoiceBus *b = &p->buses[bi];
        if (b->refs == 0 && (!b->stages || state_is_zero(b))) {
            p->bus_free[p->nbus_free++] = bi;
        } else {
            p->bus_sorted[k++] = bi;
        }
    }
    p->nbus = k;
    p->st.buses = k;
}
