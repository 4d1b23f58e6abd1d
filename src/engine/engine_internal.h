/* engine_internal.h - the Engine struct, shared by engine.c and trigger.c. */
#ifndef PHONON_ENGINE_INTERNAL_H
#define PHONON_ENGINE_INTERNAL_H

#include "engine/block.h"
#include "engine/clock.h"
#include "engine/engine.h"
#include "voice/voice_pool.h"

struct Engine {
    EngineConfig cfg;
    EngineClock clock;
    int64_t frame;
    Program *program;
    VoicePool *voices;
    VoiceOut *slot_out;        /* one per voice slot of the program */
    int slot_cap;
    Arena scratch;             /* query-time allocations, reset every block */
    PatCtx pat;
    float *mix[2];             /* the output sum before the master stage */
    struct DspMaster *master;
    BlockTimes times;
    uint64_t query_errors;
    uint64_t missing_samples;
};

/* Starts the voices whose onsets fall in block b (trigger.c). */
void engine_trigger_block(Engine *e, const EngineBlock *b);

#endif
