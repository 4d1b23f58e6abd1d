/* voice_internal.h - internal: the VoicePool layout shared by the voice
 * module's .c files (voice_pool.c lifecycle and triggers, voice_cursor.c
 * per-voice segment walking, voice_mix.c block orchestration).
 *
 * Layout: one 64-byte hot record per voice (VoiceRun: everything the block
 * loop touches for a voice whose envelope and increment do not change this
 * block) plus struct-of-arrays cold fields touched only at events (trigger,
 * envelope breakpoints, loop wraps, fades). The mixing loop vectorises over
 * frames, so per-voice fields gain nothing from lane layout; what matters is
 * that the common per-voice-per-block path reads one cache line. */
#ifndef PHONON_VOICE_INTERNAL_H
#define PHONON_VOICE_INTERNAL_H

#include <stdint.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "voice/voice_kernel.h"
#include "voice/voice_pool.h"

#define VOICE_ACCEL_STEP 64                       /* frames per accelerate speed step */
#define VOICE_AGE_NEVER INT64_MAX
#define VOICE_KIND_DONE (-1)                      /* VoiceRun.kind of a voice that ended */
#define VOICE_MIX_MIN_RANGE 128                   /* frames per parallel range, at least */
#define VOICE_MIX_MIN_PARALLEL 16384                /* voice-frames per block worth splitting */
#define VOICE_MAX_RANGES 16                       /* parallel ranges (= hot-state copies), at most */

enum { VOICE_FREE = 0, VOICE_PLAYING, VOICE_FADING, VOICE_DONE };

/* VoiceRun.kind flag of a staged voice (synth, or a nonlinear stage): its
 * block is rendered by the stage pre-pass (voice_stage.c) into a buffer,
 * which the range pass adds like a contiguous sample. */
#define VOICE_K_STAGED 16
/* VoiceRun.slot >= this: the voice goes to bus (slot - VOICE_DEST_BUS). */
#define VOICE_DEST_BUS VOICE_POOL_MAX_SLOTS

/* Bus stages (VoiceBus.stages). */
enum { VOICE_STG_VOWEL = 1, VOICE_STG_HPF = 2, VOICE_STG_BPF = 4, VOICE_STG_LPF = 8 };
#define VOICE_FORMANTS 5
#define VOICE_BUS_KEY_WORDS 14
#define VOICE_LANES_MAX 16                        /* filter lanes per group (AVX-512) */
/* A bus no voice feeds rings on until its filter state is exactly zero,
 * then it is freed. To end inaudible tails sooner, filter state values
 * below this are set to zero at the last frame of every 16-frame group of
 * the pool's own frame count (so where blocks start never matters):
 * -140 dBFS, below any DAC. */
#define VOICE_BUS_FLUSH 1e-7f

/* One SVF (TPT, state-space form as in dsp_svf.c) of a bus: coefficients. */
typedef struct VoiceSvfCoef {
    float a1, a2, a3, k;      /* Zavalishin: a1 = 1/(1+g(g+k)), a2 = g a1, a3 = g a2, k = 1/q */
    float c11, c21, b2;       /* state update with t = x - s2: s1' = c11 s1 + c21 t, s2' = s2 + c21 s1 + b2 t */
    float k2;                 /* c21^2: the low-pass keeps u = s1 / c21 (voice_stage_svf.h SVF_LP_STEP) */
    float gain;               /* output scale (band-pass: bandq; vowel: formant amplitude) */
} VoiceSvfCoef;

/* Coefficient rows of VoiceLaneGroup.c[stage] (see voice_stage_filter.c):
 * O1 is the weight of the band output v1 in the stage's output (high-pass
 * -k, band-pass and formants k * gain). */
enum { VOICE_C_A1, VOICE_C_A2, VOICE_C_A3, VOICE_C_O1, VOICE_C_C11, VOICE_C_C21, VOICE_C_B2, VOICE_C_ROWS };

/* A filter/send bus: voices with equal (slot, orbit, pan, channels, linear
 * stages, sends) mix into it; its filters run once on the sum; its output
 * goes to the slot (or the orbit's dry buffer) and the orbit's sends. */
typedef struct VoiceBus {
    /* hot: read every block (modes, grouping, distribution), one cache line */
    int32_t refs;             /* voices routed here (retired voices release) */
    int32_t slot, orbit;
    int32_t nch;              /* 1: mono (mono sources, panned at the output); 2: stereo */
    int32_t stages;           /* VOICE_STG_* */
    int32_t mode;             /* this block: VOICE_BUS_FED / _SOLO / _IDLE (voice_bus_begin_block) */
    uint32_t vxor;            /* XOR of the voices routed here: the voice itself when refs == 1 */
    int32_t staged_refs;      /* staged voices among refs (rendered by the stage pre-pass) */
    float out_g[2];           /* pan gains at the output */
    float send[VOICE_SENDS];
    float *buf[2];            /* this block's input, then (in place) its output */
    /* the filters: the low-pass (the common one) and the state first */
    VoiceSvfCoef lp;
    float st[3 + VOICE_FORMANTS][2][2]; /* [stage: hp, bp, lp, formants][channel][s1, s2] */
    VoiceSvfCoef hp, bp, vw[VOICE_FORMANTS];
    uint64_t zeroed;          /* the block (VoicePoolStats.blocks) whose zeroing buf has had */
    uint32_t key[VOICE_BUS_KEY_WORDS]; /* the identity; buses are summed in (stages, key) order */
} VoiceBus;

/* How a bus gets its input this block. FED: its voices add into buf in
 * the range pass. SOLO: a filter bus with one (non-staged) voice, which
 * the filter pass renders itself, chunk by chunk into L1 rows
 * (voice_bus_filter.c); the range pass skips it. IDLE: no voice (a
 * ringing tail): silence in. */
enum { VOICE_BUS_FED = 0, VOICE_BUS_SOLO, VOICE_BUS_IDLE };
struct VoiceBusGroup;

/* Per staged voice: nonlinear stage parameters and synth state. */
typedef struct VoiceStageState {
    int32_t synth;            /* 0: sample voice */
    int32_t coarse_n, coarse_cnt;
    float coarse_hold[2];
    float crush_step, crush_inv; /* 0: off */
    float shape_k;            /* 0: off */
    float freq;               /* synth: Hz */
    float sp[VOICE_SYNTH_PARAMS];
    float accel;              /* synth: pitch ramps to freq * (1 + accel) over the voice */
    uint32_t rng;
    float sy[40];             /* synth state (synth_*.c) */
} VoiceStageState;

typedef struct VoiceRun {
    const Sample *smp;
    int64_t pos;          /* fixed-point source position at `age` (start position before onset) */
    int64_t age;          /* frames since onset at the start of the next block (< 0: not begun) */
    int64_t next_event;   /* age at which voice_cursor_step must run again */
    int64_t env_t0;       /* age origin of the gain line g + (age - env_t0) * s */
    int32_t inc;          /* fixed-point increment per frame */
    int16_t kind;         /* VOICE_K_* flags for the kernel table, VOICE_KIND_DONE: ended */
    int16_t slot;         /* output slot */
    float g[2];           /* gain line at env_t0, pan gains folded in */
    float s[2];           /* gain slope per frame */
} VoiceRun;

/* Per-range counters, one cache line each (written by whichever thread runs the range). */
typedef struct VoiceRangeStat {
    _Alignas(64) uint64_t frames;
} VoiceRangeStat;

typedef struct VoiceCutEntry {
    uint32_t voice;
    uint64_t serial;      /* global serial of the voice when entered (stale check) */
} VoiceCutEntry;

struct VoicePool {
    double rate;
    int max_block;
    int stride;           /* max_block rounded up to 16 floats: the channel stride of stage and bus buffers */
    int capacity;         /* voices that may sound (non-fading) at once */
    int storage;          /* allocated voices: capacity + steal reserve */
    int hard_cap;
    VoiceKernels kern;
    WorkerPool *workers;
    int owns_workers;

    /* per voice */
    /* Hot state, one identical copy per parallel range (ncopies): range k
     * reads and advances only copy k, so in the steady state each core keeps
     * its own copy in its own cache instead of pulling every voice record
     * across cores every block. Serial code (trigger, fades) writes all
     * copies; run[0] is the one read between blocks. A block mixed as one
     * range advances run[0] only (writing the other copies every block
     * would cost a cache miss per voice); they are refreshed from run[0]
     * before the next parallel block. */
    VoiceRun *run[VOICE_MAX_RANGES];
    int ncopies;
    int copies_stale;     /* serial blocks advanced only run[0]: resync before a parallel one */
    uint8_t *state;
    int32_t *slot;
    int32_t *orbit;
    int32_t *cut;
    uint64_t *serial;     /* global trigger number (age order, cut stale check) */
    float *pan_g;         /* 2 per voice: left, right gain */
    int64_t *win_lo, *win_hi;        /* fixed-point window */
    int64_t *end_age;     /* voice is done at this age */
    int64_t *env_a;       /* attack length */
    int64_t *env_rs;      /* release start */
    int64_t *env_l;       /* release end (the envelope's length) */
    int64_t *fade_t;      /* forced fade start (VOICE_AGE_NEVER: none) */
    int64_t *fade_d;
    float *fade_g;        /* level at fade start */
    uint8_t *looping;     /* wraps at the window edges */
    uint8_t *staged;      /* 1: rendered by the stage pre-pass (VOICE_K_STAGED) */
    int32_t *bus;         /* the voice's bus, or -1 */
    VoiceStageState *stg; /* per voice (used by staged voices only) */
    const float **sbuf_of;/* staged voices: this block's rendered buffer (2 * max_block floats), or NULL */
    uint8_t *accel;       /* increment changes every VOICE_ACCEL_STEP frames */
    double *acc_inc0, *acc_slope;    /* fixed-point increment at onset, change per frame */

    /* order */
    uint32_t *list;       /* live voices in trigger order */
    int list_len;
    int steal_cursor;
    uint32_t *free_stack;
    int nfree;
    uint64_t next_serial;
    uint64_t frames_mixed;   /* the pool's own clock (frames mixed since creation) */

    VoiceCutEntry *cuts;
    int ncuts;

    /* staged voices (voice_stage.c) */
    int nstaged;          /* live staged voices */
    uint32_t *slist;      /* staged voices in trigger order */
    int stage_k;          /* staged voice buffers per pre-pass chunk */
    int lazy;             /* config.lazy_effects */
    int bus_want;         /* lazy: buses voice_pool_reserve asked for, allocated on first need */
    float *sbuf;          /* stage_k * 2 * max_block floats */
    uint32_t *stodo;      /* stage_k: the voices of the current pre-pass chunk */

    /* buses (voice_bus.c) */
    VoiceBus *buses;      /* bus_cap records */
    int bus_cap;
    float *bus_mem;       /* bus_cap * 2 * max_block floats */
    float *bus_dummy;     /* max_block floats: where voices into mono buses write their (zero) right channel */
    int32_t *bus_sorted;  /* buses in use, by key */
    int nbus;
    int bus_lazy;         /* this block: bus buffers are zeroed by their first voice (voice_bus_touch) */
    int bus_n;            /* this block's frames */
    int32_t *bus_free;
    int nbus_free;
    /* filter pass (voice_bus_filter.c), allocated with the first buses */
    struct VoiceLaneGroup *bus_lg;   /* VOICE_BUS_GROUPS lane groups */
    struct VoiceBusGroup *bus_gm;    /* their lanes and destinations */
    float *bus_scratch;   /* per worker: chunk rows of the solo and idle lanes */
    size_t bus_scratch_per;
    size_t bus_fx_bytes;  /* bytes of the three above */

    int min_range;        /* frames per range, at least */
    /* parallel governor (voice_mix.c): cost per voice-frame of blocks mixed
     * serially [0] and in parallel [1]; the cheaper mode is used, the other
     * probed now and then. Output bits never depend on the mode. */
    double gov_cost[2];
    uint32_t gov_blocks;
    int gov_best;         /* mode in use: 0 serial, 1 parallel */
    int gov_last;         /* mode of the previous governed block */
    int gov_probe_left;   /* blocks left in the current probe */
    int gov_probing;
    uint32_t gov_interval;    /* blocks between probes */
    uint32_t gov_next_probe;  /* gov_blocks value of the next probe */
    int adaptive;         /* governor on (config.fixed_ranges == 0) */
    double parallel_above_s;
    VoiceRangeStat range_stat[VOICE_MAX_RANGES];

    VoicePoolStats st;
};

/* Denormals flushed the same way in every thread that mixes or filters,
 * so which thread runs a task can never change a bit. */
static inline unsigned voice_fp_enter(void)
{
#if defined(__x86_64__)
    unsigned old = _mm_getcsr();
    _mm_setcsr(old | 0x8040u); /* FTZ | DAZ */
    return old;
#else
    return 0;
#endif
}

static inline void voice_fp_leave(unsigned old)
{
#if defined(__x86_64__)
    _mm_setcsr(old);
#else
    (void)old;
#endif
}

/* Range k of an n-frame block split in nranges: boundaries on 16-frame
 * multiples (cache lines). */
static inline int voice_range_start(int n, int nranges, int k)
{
    if (k >= nranges) return n;
    return (int)(((int64_t)n * k / nranges) & ~(int64_t)15);
}

/* voice_pool.c */
static inline int voice_dest_is_bus(int32_t dest) { return dest >= VOICE_DEST_BUS; }

/* voice_cursor.c */
/* Multiplies y[c][0..n) (ages age0..) by the voice's envelope (attack,
 * release, forced fade; 0 before the onset and after the end). */
void voice_env_apply(const VoicePool *p, uint32_t v, int64_t age0, float *const y[2], int nch, int n);
/* Envelope level at age t (fade included), for starting a fade there. */
float voice_env_level(const VoicePool *p, uint32_t v, int64_t t);
/* Recomputes the hot record r of voice v for age t (r->pos must be the
 * position at t). Returns 0 and sets r->kind = VOICE_KIND_DONE when the
 * voice has ended. Reads only the voice's cold fields. */
int voice_cursor_step(const VoicePool *p, uint32_t v, VoiceRun *r, int64_t t);
/* Advances r (voice v) over a block of n frames, mixing its frames that
 * fall in [f0, f1) into out (NULL: silently); returns frames mixed. */
int64_t voice_render(const VoicePool *p, uint32_t v, VoiceRun *r, float *outL, float *outR, int f0, int f1,
                     int n);
/* The same with outL[0], outR[0] at frame f0 (a chunk buffer). */
int64_t voice_render_at(const VoicePool *p, uint32_t v, VoiceRun *r, float *outL, float *outR, int f0, int f1,
                        int n);
/* Frames until pos leaves [lo, hi) moving by inc != 0 (0 if already outside). */
int64_t voice_frames_to_exit(int64_t pos, int64_t inc, int64_t lo, int64_t hi);
/* Mixes frames [f0, f1) of an n-frame block for every live voice, in
 * trigger order, into its slot (batching the common case), advancing the
 * voices' hot-state copy `copy` over the whole block. */
uint64_t voice_render_range(VoicePool *p, const VoiceOut *out, int nslots, int n, int f0, int f1, int copy, int i0,
                            int i1);
/* Writes r as voice v's hot state in every copy. */
void voice_run_set(VoicePool *p, uint32_t v, const VoiceRun *r);
/* Stops voice v now (it is retired at the end of the next mix). */
void voice_kill(VoicePool *p, uint32_t v);
/* Starts a fade of d frames at age t (no-op if the voice ends sooner). */
void voice_fade_at(VoicePool *p, uint32_t v, int64_t t, int64_t d);
/* Output buffers of destination `dest` (a slot or a bus) for voice v, or NULL. */
void voice_dest_out(const VoicePool *p, const VoiceOut *out, int nslots, uint32_t v, int32_t dest, float **oL,
                    float **oR);

/* voice_stage.c: renders this block of the staged voices of list[i0..)
 * into stage buffers (sbuf_of[]), as many as there are buffers (in
 * parallel when `parallel`); returns i1: the range pass then mixes
 * list[i0..i1). */
int voice_stage_prepass(VoicePool *p, int i0, int n, int parallel);
/* Sets up the stage state of a new staged voice (trigger). */
void voice_stage_start(VoicePool *p, uint32_t v, const VoiceStart *vs);

/* voice_bus.c */
/* The bus for new voice v (creating it), or -1 (none needed, or none free). */
int32_t voice_bus_acquire(VoicePool *p, const VoiceStart *vs, uint32_t v, int staged, int nch, float pan,
                          float rate);
void voice_bus_release(VoicePool *p, int32_t bus, uint32_t v, int staged);
/* Where bus b's output goes for target t (0 dry, 1.. sends): 1 and the
 * two channels, or 0. */
static inline int voice_bus_target(const VoiceBus *b, const VoiceOut *out, int nslots, int t, float **L, float **R)
{
    if (b->slot < 0 || b->slot >= nslots || !out[b->slot].ch[0] || !out[b->slot].ch[1]) return 0;
    const VoiceOut *o = &out[b->slot];
    const VoiceOrbitOut *ob = o->orbit && o->orbit[b->orbit].dry[0] && o->orbit[b->orbit].dry[1]
                                  ? &o->orbit[b->orbit] : NULL;
    if (t == 0) {
        *L = ob ? ob->dry[0] : o->ch[0];
        *R = ob ? ob->dry[1] : o->ch[1];
        return 1;
    }
    if (!ob || !(b->send[t - 1] > 0.0f) || !ob->send[t - 1][0] || !ob->send[t - 1][1]) return 0;
    *L = ob->send[t - 1][0];
    *R = ob->send[t - 1][1];
    return 1;
}

/* The gain a bus's output gets for target t (pan, send, the low-pass's 1/2). */
static inline void voice_bus_gains(const VoiceBus *b, int t, float g[2])
{
    float s = t == 0 ? 1.0f : b->send[t - 1];
    if (b->stages & VOICE_STG_LPF) s *= 0.5f; /* the low-pass leaves 2 v2 (voice_stage_filter.c) */
    g[0] = b->out_g[0] * s;
    g[1] = b->out_g[1] * s;
}

/* Per block: zero the buses' buffers; after the range pass, filter them and
 * add them to their destinations (parallel by frame ranges); then free the
 * idle ones. */
void voice_bus_begin_block(VoicePool *p, int n, int lazy);
void voice_bus_zero(VoicePool *p, VoiceBus *b);
/* A serial block zeroes a bus's buffers just before its first voice adds
 * into them (one pass over cold memory instead of two); end_block zeroes
 * the ones no voice fed (ringing tails). */
static inline void voice_bus_touch(VoicePool *p, int32_t dest)
{
    if (p->bus_lazy && voice_dest_is_bus(dest)) {
        VoiceBus *b = &p->buses[dest - VOICE_DEST_BUS];
        if (b->zeroed != p->st.blocks) voice_bus_zero(p, b);
    }
}
void voice_bus_end_block(VoicePool *p, const VoiceOut *out, int nslots, int n, int nranges);
void voice_bus_collect(VoicePool *p);
PhStatus voice_bus_reserve(VoicePool *p, int nbus);
void voice_bus_free_all(VoicePool *p);

/* voice_bus_filter.c: filters the filter buses of this block (their
 * inputs complete: the range pass has run) and adds them to their
 * destinations; frame ranges split as in the range pass. */
#define VOICE_BUS_GROUPS 32                       /* lane groups per filter batch */
PhStatus voice_bus_filter_alloc(VoicePool *p);
void voice_bus_filter_free(VoicePool *p);
uint64_t voice_bus_filter_run(VoicePool *p, const VoiceOut *out, int nslots, int n, int nranges);

/* voice_stage_filter.c: the filter lanes of one group, in place. A group
 * is 16 lanes on every path (AVX2 runs two halves, scalar one lane at a
 * time), so which lanes are summed together never depends on the path. */
typedef struct VoiceLaneGroup {
    int nlanes;               /* lanes used, <= VOICE_LANES_MAX */
    int stages;               /* VOICE_STG_*, the same for every lane */
    int n;                    /* frames */
    int abs0;                 /* the pool's frame count at the block start, mod 16 (see VOICE_BUS_FLUSH) */
    float *buf[VOICE_LANES_MAX];
    /* per lane: coefficients [coef][lane] and states, in stage order hp, bp, lp, formants */
    float c[3 + VOICE_FORMANTS][VOICE_C_ROWS][VOICE_LANES_MAX];
    float s[3 + VOICE_FORMANTS][2][VOICE_LANES_MAX];
} VoiceLaneGroup;

/* The fused low-pass kernel's inputs and outputs for one group and chunk
 * (VoiceKernels.filter_mix): a lane reads a steady voice straight from its
 * sample (x * gain, what the voice kernels would write into a zeroed row)
 * or its row buf[l]; after filtering, each lane is added to its
 * destinations in lane order: out = out + y * g, as the batch kernels do. */
#define VOICE_TARGETS (1 + VOICE_SENDS)
#define VOICE_LANE_CHUNK 128 /* frames per filter chunk (voice_bus_filter.c): rows stay in L1 */
#define VOICE_TAIL_LANES 8   /* a last group this small rides with the four before it (voice_bus_filter.c) */
typedef struct VoiceLaneIO {
    int off;                                    /* the chunk's first frame in the block (src, dst are at frame 0) */
    const float *src[VOICE_LANES_MAX];          /* steady lane: sample data at the block's first frame, else NULL */
    float sg[VOICE_LANES_MAX];                  /* its gain */
    float *dst[VOICE_TARGETS][VOICE_LANES_MAX][2]; /* destination at the block's first frame, or NULL */
    float dg[VOICE_TARGETS][VOICE_LANES_MAX][2];
    uint8_t chmask[VOICE_LANES_MAX];            /* bit 0: adds to the left channel, bit 1: to the right */
    int uniform;                                /* every lane mono with lane 0's destinations */
    int centered;                               /* uniform, and each lane's two gains equal (a centred pan) */
} VoiceLaneIO;
#endif
