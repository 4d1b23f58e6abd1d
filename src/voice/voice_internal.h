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

#define VOICE_CHUNK_SHIFT 4                       /* 16 voices per mixing chunk */
#define VOICE_ACCEL_STEP 64                       /* frames per accelerate speed step */
#define VOICE_AGE_NEVER INT64_MAX

enum { VOICE_FREE = 0, VOICE_PLAYING, VOICE_FADING, VOICE_DONE };

typedef struct VoiceRun {
    const Sample *smp;
    int64_t pos;          /* fixed-point source position at `age` (start position before onset) */
    int64_t age;          /* frames since onset at the start of the next block (< 0: not begun) */
    int64_t next_event;   /* age at which voice_cursor_step must run again */
    int64_t env_t0;       /* age origin of the gain line g + (age - env_t0) * s */
    int32_t inc;          /* fixed-point increment per frame */
    int32_t kind;         /* VOICE_K_* flags for the kernel table */
    float g[2];           /* gain line at env_t0, pan gains folded in */
    float s[2];           /* gain slope per frame */
} VoiceRun;

/* A chunk of one slot's voices: order[first .. first+count). */
typedef struct VoiceItem {
    int32_t slot;
    int32_t first;
    int32_t count;
    int16_t audible;      /* slot has an output buffer */
    int16_t direct;       /* first chunk of its slot: mixes straight into the (zeroed) output */
    uint64_t frames;      /* voice-frames rendered (filled by the task) */
} VoiceItem;

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
    VoiceRun *run;
    uint8_t *state;
    int32_t *slot;
    int32_t *orbit;
    int32_t *cut;
    uint64_t *serial;     /* global trigger number (age order, cut stale check) */
    uint64_t *slot_serial;/* per-slot trigger number: chunk key = >> VOICE_CHUNK_SHIFT */
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
    uint64_t *slot_next;  /* per-slot serial counters (VOICE_POOL_MAX_SLOTS) */
    int slot_hi;          /* highest slot index used + 1 */

    VoiceCutEntry *cuts;
    int ncuts;

    /* per-block scratch (sized at reserve time) */
    uint32_t *order;      /* list grouped by slot */
    int32_t *slot_count;  /* VOICE_POOL_MAX_SLOTS + 1 */
    VoiceItem *items;
    int nbuf;             /* chunk buffers per wave (items mixed per wave) */
    float *bufs;          /* 2 sets * nbuf * 2 channels * max_block */

    VoicePoolStats st;
};

/* voice_cursor.c */
/* Envelope level at age t (fade included), for starting a fade there. */
float voice_env_level(const VoicePool *p, uint32_t v, int64_t t);
/* Recomputes the hot record for age t (the position in run[v].pos must be
 * the one at t). Returns 0 and marks the voice DONE when it has ended. */
int voice_cursor_step(VoicePool *p, uint32_t v, int64_t t);
/* Renders n frames of voice v into out (NULL: advance silently); returns
 * frames rendered. */
int64_t voice_render(VoicePool *p, uint32_t v, float *outL, float *outR, int n);
/* Frames until pos leaves [lo, hi) moving by inc != 0 (0 if already outside). */
int64_t voice_frames_to_exit(int64_t pos, int64_t inc, int64_t lo, int64_t hi);
/* Renders the voices ord[0..count) in order (batching the common case). */
uint64_t voice_render_chunk(VoicePool *p, const uint32_t *ord, int count, float *outL, float *outR, int n);
/* Starts a fade of d frames at age t (no-op if the voice ends sooner). */
void voice_fade_at(VoicePool *p, uint32_t v, int64_t t, int64_t d);

#endif
