/* engine.h - runs a Program block by block: the clock, the voices, the master.
 *
 * For each block: query every sound pattern for the block's exact cycle span
 * and start a voice for each onset at its frame offset; mix all voices (in
 * parallel, bit-identically for any thread count); run the Program's nodes
 * in order; sum the outputs through the master stage. The engine owns the
 * voice pool and the clock, which outlive any one Program (live reload). */
#ifndef PHONON_ENGINE_ENGINE_H
#define PHONON_ENGINE_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/status.h"
#include "engine/program.h"
#include "engine/stats.h"

struct SampleLib;

typedef struct EngineConfig {
    int rate;                   /* output sample rate, Hz */
    int block;                  /* frames per block, 1..PROGRAM_MAX_BLOCK (default 512) */
    int threads;                /* voice mixing threads (0: one per CPU) */
    int max_voices;             /* hard cap (0: the voice engine's default) */
    struct SampleLib *samples;  /* borrowed; NULL plays no samples */
    bool blocking_loads;        /* render: a sample not loaded yet is loaded on the spot */
} EngineConfig;

typedef struct Engine Engine;

Engine *engine_create(const EngineConfig *cfg, PhStatus *status);
void engine_destroy(Engine *e);

/* Installs a program at the next block (render: now). The engine owns it
 * from then on; the previous one is destroyed. */
void engine_set_program(Engine *e, Program *p);
const Program *engine_program(const Engine *e);

/* Renders nframes of stereo audio (any count; split into blocks). */
void engine_render(Engine *e, float *out_l, float *out_r, int nframes);

int64_t engine_frame(const Engine *e);
/* Frames the master stage delays its output by (its look-ahead). */
int engine_latency(const Engine *e);
double engine_cycle(const Engine *e);
void engine_stats(const Engine *e, EngineStats *out);

#endif
