/* voice_pool.h - polyphonic sample voices: trigger, mix into output slots.
 *
 * The engine owns one VoicePool. Between blocks it calls
 * voice_pool_trigger() for every event whose onset falls in the next block
 * (with the onset's frame offset), then voice_pool_mix() once per block,
 * which adds every sounding voice into the planar stereo buffer of its
 * output slot (each `s` pattern has its own slot). Both are real-time safe:
 * no allocation, lock, I/O or syscall (the optional worker pool parks idle
 * threads on a futex, see worker_pool.h). voice_pool_reserve() is the only
 * call that allocates after creation; call it off the audio path.
 *
 * Semantics follow SuperDirt (spec/LANGUAGE.md §5): linear gain,
 * equal-power pan 0..1, speed < 0 backwards, begin/end window, loop count,
 * legato/sustain length, attack/release, accelerate, unit "c", cut groups
 * per orbit. Voices never click: any voice that stops before its sample
 * does (cut, steal, legato, release_slot, fade_all) fades out linearly in at
 * most VOICE_FADE_MAX_S; voices that start mid-sample fade in over
 * VOICE_FADE_IN_S. Insane controls are clamped; nothing produces NaN.
 *
 * Per-event effects (VoiceFx: filters, vowel, shape, crush, coarse, orbit
 * sends) and synth voices (VoiceStart.synth) go through the same pool:
 * filters run on buses shared by voices with equal settings, synths and
 * nonlinear stages are rendered per voice before the mix (README.md).
 *
 * Output is a pure function of the trigger sequence: bit-identical for any
 * thread count, any SIMD path (scalar / AVX2 / AVX-512), and any split of
 * time into blocks (64-frame blocks give the same samples as 512-frame
 * blocks). src/voice/README.md explains how. */
#ifndef PHONON_VOICE_POOL_H
#define PHONON_VOICE_POOL_H

#include <stdbool.h>
#include <stdint.h>

#include "core/status.h"
#include "sample/sample.h"

#define VOICE_POOL_HARD_CAP 65536      /* default and maximum voice capacity */
#define VOICE_POOL_MAX_BLOCK 4096      /* largest nframes accepted by voice_pool_mix */
#define VOICE_POOL_MAX_SLOTS 1024      /* output slots (s patterns, later orbits) */
#define VOICE_SPEED_MAX 64.0           /* |playback increment| clamp, frames per frame */
#define VOICE_GAIN_MAX 16.0f           /* gain clamp (linear) */
#define VOICE_ENV_MAX_S 60.0           /* attack / release clamp, seconds */
#define VOICE_FADE_MAX_S 0.004         /* fade-out of cut, stolen, truncated voices */
#define VOICE_FADE_IN_S 0.001          /* fade-in of voices that start mid-sample */
#define VOICE_PARALLEL_ABOVE_S 50e-6   /* default: blocks cheaper than this are mixed serially */
#define VOICE_ORBITS 16                /* orbit numbers, wrapped modulo this */
#define VOICE_SENDS 2                  /* orbit sends per voice: 0 reverb (room), 1 delay */
#define VOICE_BUS_MAX 1024             /* filter/send buses (see VoiceFx), at most */
#define VOICE_SYNTH_PARAMS 4           /* VoiceStart.sp: decay, detune, voice, rate */
#define VOICE_SYNTH_DEFAULT_S 0.5      /* synth voice length without sustain/legato/delta */

typedef struct WorkerPool WorkerPool;
typedef struct VoicePool VoicePool;

/* Which SIMD kernels voice_pool_mix uses. AUTO picks the best the CPU has
 * (once, at creation, via __builtin_cpu_supports). */
typedef enum VoiceIsa {
    VOICE_ISA_AUTO = 0,
    VOICE_ISA_SCALAR,
    VOICE_ISA_AVX2,
    VOICE_ISA_AVX512
} VoiceIsa;

typedef struct VoicePoolConfig {
    double rate;            /* output sample rate, Hz (required, > 0) */
    int max_block;          /* largest nframes per mix (0 → 1024; <= VOICE_POOL_MAX_BLOCK) */
    int capacity;           /* voices allocated at creation (0 → 1024) */
    int hard_cap;           /* voice_pool_reserve never grows past this (0 → VOICE_POOL_HARD_CAP) */
    int threads;            /* used only when workers == NULL: >1 creates an owned pool,
                               0 → one per CPU, 1 → mix on the calling thread */
    WorkerPool *workers;    /* optional shared pool (borrowed; must outlive the VoicePool) */
    VoiceIsa isa;           /* AUTO unless testing a path; unsupported requests fall back */
    int ranges;             /* max parallel frame ranges per block (0 → one per thread);
                               a tuning/testing knob: the output bits never depend on it */
    int fixed_ranges;       /* 1: always split big blocks into `ranges` (no governor:
                               by default the pool measures serial vs parallel blocks and
                               uses the cheaper, which matters on oversubscribed machines) */
    double parallel_above_s;/* mix in parallel only when a serial block is measured to take
                               longer than this (0 → VOICE_PARALLEL_ABOVE_S; < 0: whenever
                               parallel is cheaper). Live mode: e.g. a quarter of the block
                               duration, so that a block that fits easily never waits on a
                               worker the OS has descheduled */
    int rt_priority;        /* owned workers: SCHED_FIFO at this priority where permitted (0: normal) */
    int lazy_effects;       /* 1: filter/send buses and staged-voice buffers (~6 MB) are allocated
                               by the first trigger that needs them (render: a program without
                               per-voice effects never pays for them); 0: all up front, so a
                               trigger never allocates (live) */
} VoicePoolConfig;

typedef enum VoiceUnit {
    VOICE_UNIT_RATE = 0,    /* speed is a playback rate (Tidal unit "r") */
    VOICE_UNIT_CYCLE        /* speed × cps × file duration (Tidal unit "c": 1 = one cycle) */
} VoiceUnit;

/* SuperDirt's vowel formant filter (counter-tenor formants). */
typedef enum VoiceVowel {
    VOICE_VOWEL_NONE = 0,
    VOICE_VOWEL_A,
    VOICE_VOWEL_E,
    VOICE_VOWEL_I,
    VOICE_VOWEL_O,
    VOICE_VOWEL_U,
    VOICE_VOWEL_COUNT
} VoiceVowel;

/* Per-event effects of one voice (SuperDirt's per-event modules); every
 * field 0 = off, and a voice with all of them off costs nothing extra.
 * Order: the *nonlinear* stages run on the voice's own source, before its
 * envelope and gain (coarse, crush, shape); then the voice is mixed into a
 * *filter bus* shared by every voice of the same output slot, orbit, pan
 * and filter settings, where the *linear* stages run once for all of them
 * (vowel, high-pass, band-pass, low-pass: a filter of a sum is the sum of
 * the filtered voices), and the bus feeds the orbit's sends. Values are
 * clamped (voice_pool.c); NaN is "off". */
typedef struct VoiceFx {
    float coarse;           /* > 1: sample-and-hold every round(coarse) frames (<= 4096) */
    float crush;            /* > 0: round to steps of 0.5^(crush-1), crush clamped to 1..16 */
    float shape;            /* > 0: (1+k)x/(1+k|x|), k = 2s/(1-s), s clamped to 0.99 */
    int32_t vowel;          /* VoiceVowel */
    float hcutoff, hq;      /* high-pass: Hz (0 off; clamped 20..0.49 rate), q (0.1..50) */
    float bandf, bandq;     /* band-pass: Hz, q (>= 1); the output is scaled by q (SuperDirt) */
    float cutoff, q;        /* low-pass: Hz, q */
    float send[VOICE_SENDS];/* orbit sends (0..1): reverb, delay */
} VoiceFx;

/* One event's voice. Fill with voice_start_init() (SuperDirt defaults),
 * then set what the event specifies. Times are seconds, fractions are of
 * the whole file. */
typedef struct VoiceStart {
    const Sample *sample;   /* borrowed; must stay valid while the voice sounds */
    int32_t offset;         /* onset, frames after the start of the next mixed block (>= 0) */
    int32_t slot;           /* output slot, 0..VOICE_POOL_MAX_SLOTS-1 */
    int32_t orbit;          /* scope of cut groups */
    int32_t cut;            /* 0 none; N > 0 fades older voices of group N on this orbit;
                               N < 0 only those playing the same sample */
    float gain;             /* linear, 1 = unity, clamped to 0..VOICE_GAIN_MAX */
    float pan;              /* 0 left, 0.5 centre (-3 dB each side), 1 right; equal power */
    double speed;           /* playback rate, < 0 backwards; |speed| ~ 0 or NaN: not played */
    double note;            /* transposition in semitones (speed × 2^(note/12)) */
    double begin, end;      /* window within the file, 0..1 (end < begin: swapped) */
    double loop;            /* passes over the window (SuperDirt `loop`; <= 1 plays once) */
    double accelerate;      /* speed ramps linearly to speed × (1 + accelerate) over the voice */
    double attack;          /* fade-in time (0 → none, or VOICE_FADE_IN_S mid-sample) */
    double release;         /* fade-out time at the end of the voice */
    double sustain;         /* voice length limit (0 → none; overrides legato) */
    double legato;          /* length in event durations (0 → none), needs delta */
    double delta;           /* the event's duration */
    double cps;             /* cycles per second, for unit CYCLE */
    VoiceUnit unit;
    VoiceFx fx;             /* per-event effects (all 0: none) */
    int32_t synth;          /* 0: a sample voice; else a synth id (voice_synth_find) */
    double freq;            /* synth pitch, Hz */
    float sp[VOICE_SYNTH_PARAMS]; /* synth parameters (NaN: the synth's default) */
    uint32_t seed;          /* synth noise seed (0: derived from the trigger count) */
} VoiceStart;

typedef struct VoicePoolStats {
    int active;             /* voices sounding or fading after the last mix */
    int peak;               /* max of active since creation / stats reset */
    int capacity;           /* voices allocated */
    uint64_t triggered;     /* voices started */
    uint64_t dropped;       /* triggers refused: no sample, speed 0/NaN, empty window, or
                               no voice free even after stealing (steal reserve used up) */
    uint64_t stolen;        /* voices faded out (4 ms) to make room for new ones */
    uint64_t cut;           /* voices faded by a cut group */
    uint64_t voice_samples; /* voice-frames mixed (the benchmark unit) */
    uint64_t blocks;        /* voice_pool_mix calls */
    uint64_t staged;        /* voices started with a synth or a nonlinear stage */
    uint64_t bused;         /* voices started into a filter/send bus */
    uint64_t bus_full;      /* voices that found no free bus (played dry, unfiltered) */
    int buses;              /* buses in use after the last mix */
    size_t effect_bytes;    /* bus and staged-voice buffers allocated (lazy_effects: 0 until needed) */
} VoicePoolStats;

/* Where one orbit of an output slot goes, when that orbit has effects:
 * its own dry buffer and its send buffers (all planar stereo). */
typedef struct VoiceOrbitOut {
    float *dry[2];          /* NULL: the orbit has no effects here: voices go to the slot's ch[], sends are dropped */
    float *send[VOICE_SENDS][2];
} VoiceOrbitOut;

/* A planar stereo buffer of at least nframes frames (one per output slot). */
typedef struct VoiceOut {
    float *ch[2];           /* NULL: the slot's voices advance silently */
    const VoiceOrbitOut *orbit; /* NULL, or VOICE_ORBITS entries (orbit routing, see VoiceOrbitOut) */
} VoiceOut;

void voice_start_init(VoiceStart *vs, const Sample *sample);

/* Synth voices (synth_*.c): the id of a synth name (`superkick` ...), or 0. */
int voice_synth_find(const char *name);
const char *voice_synth_name(int id);
int voice_synth_count(void);     /* ids are 1..count */

/* NULL (and *status set, if given) on bad config or out of memory. */
VoicePool *voice_pool_create(const VoicePoolConfig *cfg, PhStatus *status);
void voice_pool_destroy(VoicePool *pool);

/* Grows the voice capacity to at least n (<= hard cap). Allocates: never
 * call concurrently with mix/trigger, nor from the audio callback. Render
 * mode never needs to steal below the hard cap: before triggering a block's
 * events call voice_pool_reserve(pool, voice_pool_active(pool) + nevents).
 * Live mode: create the pool with the capacity it may need. */
PhStatus voice_pool_reserve(VoicePool *pool, int n);
/* Voices sounding or fading, including those triggered since the last mix. */
int voice_pool_active(const VoicePool *pool);

/* Starts a voice at frame vs->offset of the next mixed block. Applies cut
 * groups. If no voice is free, the oldest sounding voice is stolen (it
 * fades out, counted in stats.stolen). PH_ERR_ARG: the trigger was dropped
 * (no sample, speed 0/NaN, empty window; counted in stats.dropped). */
PhStatus voice_pool_trigger(VoicePool *pool, const VoiceStart *vs);

/* Adds nframes (1..max_block) of every voice into out[slot] (slot <
 * nslots; the caller zeroes the buffers, or not, as it needs); voices of
 * slots >= nslots or with NULL buffers advance without output. Per output
 * sample the voices are added in trigger order. */
PhStatus voice_pool_mix(VoicePool *pool, int nframes, const VoiceOut *out, int nslots);

/* Fades out every voice of `slot` (release_slot) or of every slot
 * (fade_all), linearly from frame `offset` of the next block over fade_s
 * seconds (<= 0 → VOICE_FADE_MAX_S; at most 50 ms). For reloads: a removed
 * sound fades in <= 10 ms instead of clicking. */
void voice_pool_release_slot(VoicePool *pool, int slot, int32_t offset, double fade_s);
void voice_pool_fade_all(VoicePool *pool, int32_t offset, double fade_s);
/* Stops every voice immediately (panic). */
void voice_pool_kill_all(VoicePool *pool);
/* Stops every voice playing `sample` immediately, so the sample library may
 * free it after the next mix (fade them first with release_slot if they
 * are audible). Returns the number of voices stopped. */
int voice_pool_forget_sample(VoicePool *pool, const Sample *sample);

void voice_pool_stats(const VoicePool *pool, VoicePoolStats *out);
void voice_pool_reset_peak(VoicePool *pool);
/* Name of the kernels in use: "scalar", "avx2" or "avx512". */
const char *voice_pool_isa_name(const VoicePool *pool);
int voice_pool_threads(const VoicePool *pool);
/* True when the pool's worker threads run on a real-time schedule. */
bool voice_pool_realtime(const VoicePool *pool);

#endif
