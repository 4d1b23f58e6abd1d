/* voice_pool.c - VoicePool lifecycle, capacity, triggers (controls →
 * voice parameters, cut groups, stealing), forced fades and statistics. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "voice/voice_internal.h"
#include "voice/worker_pool.h"

static int steal_reserve(int capacity) { return capacity / 16 > 8 ? capacity / 16 : 8; }

static int64_t seconds_to_frames(const VoicePool *p, double s)
{
    if (!(s > 0.0)) return 0;
    double f = s * p->rate;
    if (f > 4e15) f = 4e15;
    return (int64_t)llround(f);
}

void voice_start_init(VoiceStart *vs, const Sample *sample)
{
    memset(vs, 0, sizeof *vs);
    vs->sample = sample;
    vs->freq = 261.6255653005986;
    for (int i = 0; i < VOICE_SYNTH_PARAMS; i++) vs->sp[i] = NAN;
    vs->gain = 1.0f;
    vs->pan = 0.5f;
    vs->speed = 1.0;
    vs->end = 1.0;
    vs->loop = 1.0;
    vs->cps = 0.5;
    vs->unit = VOICE_UNIT_RATE;
}

static void pick_kernels(VoicePool *p, VoiceIsa isa)
{
    voice_kernels_scalar(&p->kern);
    voice_kernels_filter(&p->kern, 0);
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    __builtin_cpu_init();
    bool has512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    bool has2 = __builtin_cpu_supports("avx2");
    if ((isa == VOICE_ISA_AUTO || isa == VOICE_ISA_AVX512) && has512 && voice_kernels_avx512(&p->kern)) {
        voice_kernels_filter(&p->kern, 2);
        return;
    }
    /* the AVX2 filter uses FMA (to match the scalar fmaf bit for bit); without it the scalar filter runs */
    if ((isa == VOICE_ISA_AUTO || isa == VOICE_ISA_AVX512 || isa == VOICE_ISA_AVX2) && has2 &&
        voice_kernels_avx2(&p->kern))
        voice_kernels_filter(&p->kern, __builtin_cpu_supports("fma") ? 1 : 0);
#else
    (void)isa;
#endif
}

#define GROW(field, type, per)                                                         \
    do {                                                                               \
        type *np = realloc(p->field, sizeof(type) * (size_t)(per) * (size_t)storage);  \
        if (!np) return PH_ERR_NOMEM;                                                  \
        p->field = np;                                                                 \
    } while (0)

/* Reallocates every per-voice array to `storage` entries (contents kept). */
static PhStatus grow_arrays(VoicePool *p, int storage)
{
    for (int k = 0; k < p->ncopies; k++) {
        VoiceRun **field = &p->run[k];
        VoiceRun *nr = aligned_alloc(64, sizeof(VoiceRun) * (size_t)storage);
        if (!nr) return PH_ERR_NOMEM;
        if (*field) memcpy(nr, *field, sizeof(VoiceRun) * (size_t)p->storage);
        free(*field);
        *field = nr;
    }
    GROW(state, uint8_t, 1);
    GROW(slot, int32_t, 1);
    GROW(orbit, int32_t, 1);
    GROW(cut, int32_t, 1);
    GROW(serial, uint64_t, 1);
    GROW(pan_g, float, 2);
    GROW(win_lo, int64_t, 1);
    GROW(win_hi, int64_t, 1);
    GROW(end_age, int64_t, 1);
    GROW(env_a, int64_t, 1);
    GROW(env_rs, int64_t, 1);
    GROW(env_l, int64_t, 1);
    GROW(fade_t, int64_t, 1);
    GROW(fade_d, int64_t, 1);
    GROW(fade_g, float, 1);
    GROW(looping, uint8_t, 1);
    GROW(staged, uint8_t, 1);
    GROW(bus, int32_t, 1);
    GROW(stg, VoiceStageState, 1);
    GROW(sbuf_of, const float *, 1);
    GROW(slist, uint32_t, 1);
    GROW(accel, uint8_t, 1);
    GROW(acc_inc0, double, 1);
    GROW(acc_slope, double, 1);
    GROW(list, uint32_t, 1);
    GROW(free_stack, uint32_t, 1);
    GROW(cuts, VoiceCutEntry, 1);
    return PH_OK;
}
#undef GROW

PhStatus voice_pool_reserve(VoicePool *p, int n)
{
    if (n > p->hard_cap) n = p->hard_cap;
    if (n <= p->capacity) return PH_OK;
    int storage = n + steal_reserve(n);
    PhStatus s = grow_arrays(p, storage);
    if (s != PH_OK) return s;
    /* new voices go on the free stack below the existing free ones, highest id
     * deepest, so allocation order stays low ids first */
    int added = storage - p->storage;
    memmove(p->free_stack + added, p->free_stack, sizeof(uint32_t) * (size_t)p->nfree);
    for (int i = 0; i < added; i++) {
        uint32_t v = (uint32_t)(storage - 1 - i);
        p->free_stack[i] = v;
        p->state[v] = VOICE_FREE;
    }
    p->nfree += added;
    p->storage = storage;
    p->capacity = n;
    p->st.capacity = n;
    p->bus_want = storage < VOICE_BUS_MAX ? storage : VOICE_BUS_MAX;
    return p->lazy ? PH_OK : voice_bus_reserve(p, p->bus_want);
}

/* The staged voices' pre-pass buffers (stage_k voices x 2 channels). */
static PhStatus stage_buffers_alloc(VoicePool *p)
{
    size_t n = 2 * (size_t)p->stride * (size_t)p->stage_k;
    p->sbuf = aligned_alloc(64, sizeof(float) * n);
    if (!p->sbuf) return PH_ERR_NOMEM;
    memset(p->sbuf, 0, sizeof(float) * n); /* fault the pages in now, not on the audio thread */
    return PH_OK;
}

VoicePool *voice_pool_create(const VoicePoolConfig *cfg, PhStatus *status)
{
    PhStatus dummy;
    if (!status) status = &dummy;
    *status = PH_ERR_ARG;
    if (!cfg || !(cfg->rate > 0.0) || cfg->rate > 1e6 || cfg->max_block < 0 ||
        cfg->max_block > VOICE_POOL_MAX_BLOCK || cfg->capacity < 0 || cfg->hard_cap < 0)
        return NULL;
    size_t size = (sizeof(VoicePool) + 63) / 64 * 64;
    VoicePool *p = aligned_alloc(64, size); /* range_stat is cache-line aligned */
    if (p) memset(p, 0, size);
    if (!p) {
        *status = PH_ERR_NOMEM;
        return NULL;
    }
    p->rate = cfg->rate;
    p->max_block = cfg->max_block ? cfg->max_block : 1024;
    p->hard_cap = cfg->hard_cap ? cfg->hard_cap : VOICE_POOL_HARD_CAP;
    if (p->hard_cap > VOICE_POOL_HARD_CAP) p->hard_cap = VOICE_POOL_HARD_CAP;
    pick_kernels(p, cfg->isa);
    if (cfg->workers) {
        p->workers = cfg->workers;
    } else if (cfg->threads != 1) {
        p->workers = worker_pool_create_rt(cfg->threads, cfg->rt_priority);
        p->owns_workers = 1;
        if (!p->workers) {
            *status = PH_ERR_NOMEM;
            voice_pool_destroy(p);
            return NULL;
        }
    }
    p->ncopies = cfg->ranges > 0 ? cfg->ranges : worker_pool_threads(p->workers);
    if (p->ncopies > VOICE_MAX_RANGES) p->ncopies = VOICE_MAX_RANGES;
    p->min_range = cfg->ranges > 0 ? 16 : VOICE_MIX_MIN_RANGE;
    p->adaptive = !cfg->fixed_ranges;
    double pa = cfg->parallel_above_s;
    p->parallel_above_s = !isfinite(pa) || pa == 0.0 ? VOICE_PARALLEL_ABOVE_S : pa < 0.0 ? 0.0 : pa;
    p->gov_interval = 32;
    p->gov_next_probe = 32;
    /* staged voice buffers: about 2 MB, at least 16 voices per pre-pass chunk */
    p->stride = (p->max_block + 15) & ~15;
    p->stage_k = (int)((2u << 20) / (sizeof(float) * 2 * (size_t)p->stride));
    if (p->stage_k < 16) p->stage_k = 16;
    if (p->stage_k > 1024) p->stage_k = 1024;
    p->lazy = cfg->lazy_effects != 0;
    p->stodo = malloc(sizeof(uint32_t) * (size_t)p->stage_k);
    p->bus_dummy = aligned_alloc(64, sizeof(float) * (size_t)p->stride);
    if (!p->stodo || !p->bus_dummy || (!p->lazy && stage_buffers_alloc(p) != PH_OK)) {
        *status = PH_ERR_NOMEM;
        voice_pool_destroy(p);
        return NULL;
    }
    memset(p->bus_dummy, 0, sizeof(float) * (size_t)p->stride);
    int cap = cfg->capacity ? cfg->capacity : 1024;
    if (cap > p->hard_cap) cap = p->hard_cap;
    if (voice_pool_reserve(p, cap) != PH_OK) {
        *status = PH_ERR_NOMEM;
        voice_pool_destroy(p);
        return NULL;
    }
    *status = PH_OK;
    return p;
}

void voice_pool_destroy(VoicePool *p)
{
    if (!p) return;
    if (p->owns_workers) worker_pool_destroy(p->workers);
    for (int c = 0; c < VOICE_MAX_RANGES; c++) free(p->run[c]);
    free(p->state);
    free(p->slot);
    free(p->orbit);
    free(p->cut);
    free(p->serial);
    free(p->pan_g);
    free(p->win_lo);
    free(p->win_hi);
    free(p->end_age);
    free(p->env_a);
    free(p->env_rs);
    free(p->env_l);
    free(p->fade_t);
    free(p->fade_d);
    free(p->fade_g);
    free(p->looping);
    free(p->staged);
    free(p->bus);
    free(p->stg);
    free(p->sbuf_of);
    free(p->slist);
    free(p->sbuf);
    free(p->stodo);
    free(p->bus_dummy);
    voice_bus_free_all(p);
    free(p->accel);
    free(p->acc_inc0);
    free(p->acc_slope);
    free(p->list);
    free(p->free_stack);
    free(p->cuts);
    free(p);
}

/* ---- triggers ---------------------------------------------------------- */

static double finite_or(double x, double dflt) { return isfinite(x) ? x : dflt; }
static double clampd(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }

/* Takes a free voice, stealing the oldest sounding one when only the steal
 * reserve is left. Returns -1 when even the reserve is exhausted. */
static int64_t alloc_voice(VoicePool *p, int32_t offset)
{
    if (p->nfree == 0) return -1; /* never steal for a trigger that cannot start */
    if (p->nfree <= steal_reserve(p->capacity)) {
        for (; p->steal_cursor < p->list_len; p->steal_cursor++) {
            uint32_t v = p->list[p->steal_cursor];
            if (p->state[v] == VOICE_PLAYING) {
                voice_fade_at(p, v, p->run[0][v].age + offset, seconds_to_frames(p, VOICE_FADE_MAX_S));
                p->st.stolen++;
                p->steal_cursor++;
                break;
            }
        }
    }
    return p->free_stack[--p->nfree];
}

static void apply_cut(VoicePool *p, const VoiceStart *vs, uint32_t nv)
{
    int64_t d = seconds_to_frames(p, VOICE_FADE_MAX_S);
    int32_t orbit = ((vs->orbit % VOICE_ORBITS) + VOICE_ORBITS) % VOICE_ORBITS;
    for (int i = 0; i < p->ncuts;) {
        uint32_t v = p->cuts[i].voice;
        int live = p->state[v] == VOICE_PLAYING && p->serial[v] == p->cuts[i].serial;
        int match = live && p->orbit[v] == orbit && p->cut[v] == vs->cut &&
                    (vs->cut > 0 || p->run[0][v].smp == vs->sample);
        if (match) {
            voice_fade_at(p, v, p->run[0][v].age + vs->offset, d);
            p->st.cut++;
        }
        if (!live || match) {
            p->cuts[i] = p->cuts[--p->ncuts];
            continue;
        }
        i++;
    }
    if (p->ncuts < p->storage) {
        p->cuts[p->ncuts].voice = nv;
        p->cuts[p->ncuts].serial = p->serial[nv];
        p->ncuts++;
    }
}

/* Playback increment in frames per output frame, before clamping; 0 = don't play. */
static double start_increment(const VoicePool *p, const VoiceStart *vs)
{
    const Sample *s = vs->sample;
    double speed = vs->speed;
    if (isnan(speed) || speed == 0.0) return 0.0;
    double file_rate = isfinite(s->rate) && s->rate > 0.0 ? s->rate : p->rate;
    if (vs->unit == VOICE_UNIT_CYCLE) {
        double cps = isfinite(vs->cps) && vs->cps > 0.0 ? vs->cps : 0.5;
        speed *= cps * ((double)s->frames / file_rate);
    }
    double note = clampd(finite_or(vs->note, 0.0), -240.0, 240.0);
    double inc = speed * exp2(note / 12.0) * (file_rate / p->rate);
    if (isnan(inc)) return 0.0;
    return clampd(inc, -VOICE_SPEED_MAX, VOICE_SPEED_MAX);
}

/* Envelope and length of a new voice (see README.md "Envelope"). */
static void start_envelope(VoicePool *p, uint32_t v, const VoiceStart *vs, int64_t natural,
                           int natural_edge, int mid_start)
{
    double sustain = finite_or(vs->sustain, 0.0);
    if (!(sustain > 0.0) && finite_or(vs->legato, 0.0) > 0.0 && finite_or(vs->delta, 0.0) > 0.0)
        sustain = vs->legato * vs->delta;
    int64_t len = natural;
    if (sustain > 0.0) {
        int64_t s = seconds_to_frames(p, sustain);
        if (s < 1) s = 1;
        if (s < len) len = s;
    }
    int64_t a = seconds_to_frames(p, clampd(finite_or(vs->attack, 0.0), 0.0, VOICE_ENV_MAX_S));
    int64_t r = seconds_to_frames(p, clampd(finite_or(vs->release, 0.0), 0.0, VOICE_ENV_MAX_S));
    int64_t fin = seconds_to_frames(p, VOICE_FADE_IN_S), fout = seconds_to_frames(p, VOICE_FADE_MAX_S);
    if (mid_start && a < fin) a = fin;
    if ((len < natural || !natural_edge) && r < fout) r = fout;
    if (a + r > len) { /* both ramps fit inside the voice, in proportion */
        int64_t a2 = (int64_t)((double)len * (double)a / (double)(a + r));
        r = len - a2;
        a = a2;
    }
    p->env_a[v] = a;
    p->env_rs[v] = len - r;
    p->env_l[v] = len;
    p->end_age[v] = len;
}

/* Where and how a new voice plays, from its controls (no pool state). */
typedef struct VoicePlan {
    int64_t inc, lo, hi, pos;   /* fixed point: increment, window, start position */
    int64_t natural;            /* frames until the window (times loop) is played */
    int natural_edge;           /* ends where the file's audio ends (no fade needed) */
    double loop, acc;
} VoicePlan;

static int plan_voice(const VoicePool *p, const VoiceStart *vs, VoicePlan *pl)
{
    const Sample *s = vs->sample;
    pl->inc = llround(start_increment(p, vs) * (double)VOICE_FRAC_ONE);
    double b = clampd(finite_or(vs->begin, 0.0), 0.0, 1.0), e = clampd(finite_or(vs->end, 1.0), 0.0, 1.0);
    if (e < b) {
        double t = b;
        b = e;
        e = t;
    }
    double fr = (double)s->frames * (double)VOICE_FRAC_ONE;
    pl->lo = llround(b * fr);
    pl->hi = llround(e * fr);
    if (pl->inc == 0 || pl->hi - pl->lo < 1) return 0;
    /* forward from the window start; backward from the last whole frame in it */
    pl->pos = pl->inc > 0 ? pl->lo : ((pl->hi - 1) >> VOICE_FRAC_BITS) << VOICE_FRAC_BITS;
    if (pl->pos < pl->lo) pl->pos = pl->lo;
    pl->loop = clampd(finite_or(vs->loop, 1.0), 1.0, 1e6);
    pl->acc = clampd(finite_or(vs->accelerate, 0.0), -1e3, 1e3);
    pl->natural_edge = pl->inc > 0 ? pl->hi >= s->frames * VOICE_FRAC_ONE : pl->lo <= 0;
    if (pl->acc == 0.0 && pl->loop == 1.0) {
        pl->natural = voice_frames_to_exit(pl->pos, pl->inc, pl->lo, pl->hi);
    } else {
        double avg = fabs((double)pl->inc) * (pl->acc == 0.0 ? 1.0 : 0.5 * (1.0 + fabs(1.0 + pl->acc)));
        double n = avg > 0.0 ? ceil(pl->loop * (double)(pl->hi - pl->lo) / avg) : 4e15;
        pl->natural = n > 4e15 ? (int64_t)4e15 : n < 1.0 ? 1 : (int64_t)n;
        if (pl->loop != floor(pl->loop) || pl->acc != 0.0) pl->natural_edge = 0;
    }
    return 1;
}

/* A synth voice's plan: no sample; its length is the event's (SuperDirt:
 * sustain = delta unless sustain or legato say otherwise). */
static void plan_synth(const VoicePool *p, const VoiceStart *vs, VoicePlan *pl)
{
    memset(pl, 0, sizeof *pl);
    double d = finite_or(vs->delta, 0.0);
    pl->natural = seconds_to_frames(p, d > 0.0 ? d : VOICE_SYNTH_DEFAULT_S);
    if (pl->natural < 1) pl->natural = 1;
    pl->natural_edge = 0; /* ends with a release ramp */
    pl->loop = 1.0;
}

static int fx_nonlinear(const VoiceFx *fx)
{
    return fx->coarse > 1.0f || fx->crush > 0.0f || fx->shape > 0.0f;
}

PhStatus voice_pool_trigger(VoicePool *p, const VoiceStart *vs)
{
    int synth = vs && vs->synth > 0 && vs->synth <= voice_synth_count() ? vs->synth : 0;
    const Sample *s = vs && !synth ? vs->sample : NULL;
    VoicePlan pl;
    if (!vs || vs->slot < 0 || vs->slot >= VOICE_POOL_MAX_SLOTS ||
        (!synth && (!s || !s->data[0] || !s->data[1] || s->frames <= 0 || s->frames > ((int64_t)1 << 31) - 64 ||
                    !plan_voice(p, vs, &pl)))) {
        p->st.dropped++;
        return PH_ERR_ARG;
    }
    if (synth) plan_synth(p, vs, &pl);
    int staged = synth || fx_nonlinear(&vs->fx);
    if (staged && !p->sbuf && stage_buffers_alloc(p) != PH_OK) { /* lazy only */
        p->st.dropped++;
        return PH_ERR_NOMEM;
    }
    int32_t offset = vs->offset < 0 ? 0 : vs->offset;
    int64_t nv64 = alloc_voice(p, offset);
    if (nv64 < 0) {
        p->st.dropped++;
        return PH_ERR_LIMIT;
    }
    uint32_t v = (uint32_t)nv64;
    int nch = synth ? 1 : s->data[1] != s->data[0] ? 2 : 1;
    /* NaN, negative and denormal-small gains are silence */
    float gain = !(vs->gain > 1e-30f) ? 0.0f : vs->gain > VOICE_GAIN_MAX ? VOICE_GAIN_MAX : vs->gain;
    double pan = clampd(isnan(vs->pan) ? 0.5 : (double)vs->pan, 0.0, 1.0);
    int32_t bus = voice_bus_acquire(p, vs, v, staged, nch, (float)pan, (float)p->rate);
    VoiceRun r = { 0 };
    r.smp = s;
    r.pos = pl.pos;
    r.age = -(int64_t)offset;
    r.next_event = 0; /* the first cursor step runs at the onset */
    r.inc = (int32_t)pl.inc;
    r.slot = (int16_t)(bus >= 0 ? VOICE_DEST_BUS + bus : vs->slot);
    r.kind = staged ? VOICE_K_STAGED : 0;
    voice_run_set(p, v, &r);
    if (bus >= 0) { /* the bus pans; a mono bus ignores the right channel */
        p->pan_g[2 * (size_t)v] = gain;
        p->pan_g[2 * (size_t)v + 1] = nch == 2 ? gain : 0.0f;
        p->st.bused++;
    } else {
        p->pan_g[2 * (size_t)v] = gain * (float)sin((1.0 - pan) * M_PI_2);
        p->pan_g[2 * (size_t)v + 1] = gain * (float)sin(pan * M_PI_2);
    }
    p->win_lo[v] = pl.lo;
    p->win_hi[v] = pl.hi;
    p->looping[v] = pl.loop > 1.0;
    p->accel[v] = !synth && pl.acc != 0.0;
    start_envelope(p, v, vs, pl.natural, pl.natural_edge, synth ? 1 : pl.inc > 0 ? pl.lo > 0 : 1);
    p->acc_inc0[v] = (double)pl.inc;
    p->acc_slope[v] = pl.acc != 0.0 ? (double)pl.inc * pl.acc / (double)p->env_l[v] : 0.0;
    p->fade_t[v] = VOICE_AGE_NEVER;
    p->fade_d[v] = 0;
    p->fade_g[v] = 0.0f;
    p->state[v] = VOICE_PLAYING;
    p->slot[v] = vs->slot;
    p->orbit[v] = ((vs->orbit % VOICE_ORBITS) + VOICE_ORBITS) % VOICE_ORBITS;
    p->cut[v] = vs->cut;
    p->serial[v] = p->next_serial++;
    p->staged[v] = (uint8_t)staged;
    p->bus[v] = bus;
    p->sbuf_of[v] = NULL;
    p->list[p->list_len++] = v;
    if (staged) {
        voice_stage_start(p, v, vs);
        p->slist[p->nstaged++] = v;
        p->st.staged++;
    }
    if (vs->cut != 0) apply_cut(p, vs, v);
    p->st.triggered++;
    return PH_OK;
}

/* ---- fades, stats ------------------------------------------------------ */

static int64_t fade_frames(const VoicePool *p, double fade_s)
{
    if (!(fade_s > 0.0)) fade_s = VOICE_FADE_MAX_S;
    if (fade_s > 0.05) fade_s = 0.05;
    int64_t d = seconds_to_frames(p, fade_s);
    return d < 1 ? 1 : d;
}

void voice_pool_release_slot(VoicePool *p, int slot, int32_t offset, double fade_s)
{
    int64_t d = fade_frames(p, fade_s);
    if (offset < 0) offset = 0;
    for (int i = 0; i < p->list_len; i++) {
        uint32_t v = p->list[i];
        if (slot < 0 || p->slot[v] == slot) voice_fade_at(p, v, p->run[0][v].age + offset, d);
    }
}

void voice_pool_fade_all(VoicePool *p, int32_t offset, double fade_s)
{
    voice_pool_release_slot(p, -1, offset, fade_s);
}

void voice_pool_kill_all(VoicePool *p)
{
    for (int i = 0; i < p->list_len; i++) voice_kill(p, p->list[i]);
    p->ncuts = 0;
}

int voice_pool_forget_sample(VoicePool *p, const Sample *sample)
{
    int n = 0;
    for (int i = 0; i < p->list_len; i++) {
        uint32_t v = p->list[i];
        if (p->run[0][v].smp == sample && p->state[v] != VOICE_DONE) {
            voice_kill(p, v);
            n++;
        }
    }
    return n;
}

void voice_pool_stats(const VoicePool *p, VoicePoolStats *out)
{
    *out = p->st;
    size_t per = 2 * (size_t)p->stride * sizeof(float);
    out->effect_bytes = per * (size_t)p->bus_cap + p->bus_fx_bytes + (p->sbuf ? per * (size_t)p->stage_k : 0);
}

int voice_pool_active(const VoicePool *p) { return p->list_len; }

void voice_pool_reset_peak(VoicePool *p) { p->st.peak = p->st.active; }

const char *voice_pool_isa_name(const VoicePool *p) { return p->kern.name; }

int voice_pool_threads(const VoicePool *p) { return worker_pool_threads(p->workers); }
bool voice_pool_realtime(const VoicePool *p) { return worker_pool_realtime(p->workers); }
