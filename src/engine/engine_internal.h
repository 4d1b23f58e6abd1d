/* engine_internal.h - the Engine struct, shared by engine.c, engine_swap.c
 * and trigger.c. */
#ifndef PHONON_ENGINE_INTERNAL_H
#define PHONON_ENGINE_INTERNAL_H

#include <stdatomic.h>

#include "engine/block.h"
#include "engine/clock.h"
#include "engine/engine.h"
#include "voice/voice_pool.h"

/* A voice output slot: owned by a sound pattern (by key) across programs. */
typedef enum EngineSlotState { SLOT_FREE = 0, SLOT_USED, SLOT_FADING } EngineSlotState;

typedef struct EngineSlot {
    uint64_t key;              /* the owning trigger's key */
    int64_t free_at;           /* SLOT_FADING: reusable from this frame on */
    uint32_t claim;            /* == Engine.claim_gen: taken by the program being installed */
    uint8_t state;             /* EngineSlotState */
} EngineSlot;

/* What engine_status reads from other threads (relaxed atomics). */
typedef struct EnginePublished {
    _Atomic int64_t frame, install_frame;
    _Atomic uint64_t cycle_bits, cps_bits;    /* doubles */
    _Atomic int voices;
    _Atomic uint64_t installs;
    _Atomic bool crossfading;
    _Atomic uint64_t missing_samples, query_errors;
} EnginePublished;

struct Engine {
    EngineConfig cfg;
    EngineClock clock;
    int64_t frame;
    Program *program;
    VoicePool *voices;
    VoiceOut *slot_out;        /* VOICE_POOL_MAX_SLOTS entries, by engine slot */
    int mix_slots;             /* slots passed to voice_pool_mix */
    Arena scratch;             /* query-time allocations, reset every block */
    PatCtx pat;
    float *mix[2];             /* the output sum before the master stage */
    struct DspMaster *master;
    BlockTimes times;
    uint64_t query_errors;
    uint64_t missing_samples;
    uint64_t dropped_sends;    /* events with room/delay on an orbit that has no effects (compile.c scan missed it) */

    /* live reload (engine_swap.c) */
    _Atomic(Program *) pending;            /* submitted, not installed yet */
    Program *fading;                       /* the previous program during a crossfade */
    Program *retire_wait;                  /* crossfaded out, waiting for room in the ring */
    int xfade_pos, xfade_len;              /* frames of the crossfade done / in all */
    float *xmix[2];                        /* the fading program's output sum */
    Program *retired[ENGINE_RETIRED_MAX];  /* SPSC ring, audio -> control */
    _Atomic uint32_t retired_head, retired_tail;
    EngineSlot slots[VOICE_POOL_MAX_SLOTS];
    uint32_t claim_gen;
    uint64_t installs;
    EnginePublished pub;
};

/* Starts the voices whose onsets fall in block b (trigger.c). */
void engine_trigger_block(Engine *e, const EngineBlock *b);

/* engine_swap.c: at the start of a block (audio thread), installs a pending
 * program if one waits and no crossfade runs; retires the fading program. */
void engine_swap_poll(Engine *e);
/* Installs p now (the previous program, if any, crossfades out when
 * crossfade is set; otherwise the caller disposes of it). */
void engine_swap_install(Engine *e, Program *p, bool crossfade);
/* After a block of n frames with a crossfade: advances it, retires the old program at its end. */
void engine_swap_advance(Engine *e, int n);
/* Frees every program the engine still holds besides e->program (engine_destroy). */
void engine_swap_free_all(Engine *e);
/* Publishes the status engine_status reads (end of engine_render). */
void engine_swap_publish(Engine *e);

#endif
