/* block.h - what a node sees while processing one block.
 *
 * The block covers frames [frame0, frame0 + nframes) and the exact cycle
 * span [c0, c1). Nodes read and write the Program's buffers by id and may
 * query patterns through `pat` (whose scratch arena the engine resets every
 * block), so nothing on this path allocates in the steady state. */
#ifndef PHONON_ENGINE_BLOCK_H
#define PHONON_ENGINE_BLOCK_H

#include <stdint.h>

#include "core/rational.h"
#include "engine/clock.h"
#include "engine/program.h"
#include "pattern/pattern.h"

typedef struct EngineBlock {
    int64_t frame0;
    int nframes;
    Rat c0, c1;                 /* cycle span of the block */
    double rate;
    const EngineClock *clock;
    float *const *buf;          /* the program's buffers, by id */
    PatCtx *pat;                /* query context; its scratch is reset per block */
    uint64_t *query_errors;     /* counts failed queries (reported by the engine) */
} EngineBlock;

static inline float *block_buf(const EngineBlock *b, int32_t id) { return b->buf[id]; }

#endif
