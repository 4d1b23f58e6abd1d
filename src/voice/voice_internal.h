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

#include "voice/voice_kernel.h"
#include "voice/voice_pool.h"

#define VOICE_ACCEL_STEP 64                       /* frames per accelerate speed step */
#define VOICE_AGE_NEVER INT64_MAX
#define VOICE_KIND_DONE (-1)                      /* VoiceRun.kind of a voice that ended */
#define VOICE_MIX_MIN_RANGE 128                   /* frames per parallel range, at least */
#define VOICE_MIX_MIN_PARALLEL 16384                /* voice-frames per block worth splitting */
#define VOICE_MAX_RANGES 16                       /* parallel ranges (= hot-state copies), at most */

enum { VOICE_FREE = 0, VOICE_PLAYING, VOICE_FADING, VOICE_DONE };

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
    uint8_t *accel;       /* increment changes every VOICE_ACCEL_STEP frames */
    double *acc_inc0, *acc_slope;    /* fixed-point increment at onset, change per frame */

    /* order */
    uint32_t *list;       /* live voices in trigger order */
    int list_len;
    int steal_cursor;
    uint32_t *free_stack;
    int nfree;
    uint64_t next_serial;

    VoiceCutEntry *cuts;
    int ncuts;

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

/* voice_cursor.c */
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
/* Frames until pos leaves [lo, hi) moving by inc != 0 (0 if already outside). */
int64_t voice_frames_to_exit(int64_t pos, int64_t inc, int64_t lo, int64_t hi);
/* Mixes frames [f0, f1) of an n-frame block for every live voice, in
 * trigger order, into its slot (batching the common case), advancing the
 * voices' hot-state copy `copy` over the whole block. */
uint64_t voice_render_range(VoicePool *p, const VoiceOut *out, int nslots, int n, int f0, int f1, int copy);
/* Writes r as voice v's hot state in every copy. */
void voice_run_set(VoicePool *p, uint32_t v, const VoiceRun *r);
/* Stops voice v now (it is retired at the end of the next mix). */
void voice_kill(VoicePool *p, uint32_t v);
/* Starts a fade of d frames at age t (no-op if the voice ends sooner). */
void voice_fade_at(VoicePool *p, uint32_t v, int64_t t, int64_t d);

#endif
