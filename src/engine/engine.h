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
    int voice_capacity;         /* voices allocated at creation (0: the voice engine's default);
                                   live mode sizes the pool up front, it never grows while playing */
    size_t scratch_reserve;     /* bytes of per-block query memory allocated (and touched) up front,
                                   so a heavier program after a reload does not make the audio
                                   thread grow the scratch arena (0: grow on first need) */
    int rt_priority;            /* live: voice workers on SCHED_FIFO at this priority where
                                   permitted (0: normal threads; render never asks) */
} EngineConfig;

typedef struct Engine Engine;

Engine *engine_create(const EngineConfig *cfg, PhStatus *status);
void engine_destroy(Engine *e);

/* Installs a program now, with no crossfade (render; or before the audio
 * thread starts). The engine owns it from then on; the previous one is
 * destroyed. Not while another thread runs engine_render. */
void engine_set_program(Engine *e, Program *p);
const Program *engine_program(const Engine *e);

/* Renders nframes of stereo audio (any count; split into blocks). */
void engine_render(Engine *e, float *out_l, float *out_r, int nframes);

/* ---- live reload (engine_swap.c) -----------------------------------------------
 *
 * A control thread compiles programs and hands them to the audio thread,
 * which installs them at a block boundary inside engine_render. Nothing on
 * the audio path allocates or frees: a replaced program comes back through
 * engine_collect. At the install the clock keeps its cycle position (a new
 * tempo applies from there; `setCycle`/`resetCycles`/`nudge` move it when
 * they change), node state (phases, filter memory, delay and reverb lines)
 * is copied from the node of the same key, sound patterns keep their voice
 * slot by key (sounding voices ring on), and for ENGINE_XFADE_S both
 * programs run and their outputs are crossfaded: what did not change
 * cancels exactly, removed sounds fade out, new ones fade in.
 *
 * engine_submit, engine_collect and engine_status may be called from one
 * control thread while another thread runs engine_render. */
#define ENGINE_XFADE_S 0.010          /* crossfade (and removed voices' fade) after a swap */
#define ENGINE_RETIRED_MAX 16         /* replaced programs waiting for engine_collect */

/* Queues p to be installed at the next block boundary (newest wins).
 * Returns a program submitted earlier and never installed, which the caller
 * now owns again and destroys; NULL if there was none. */
Program *engine_submit(Engine *e, Program *p);

/* One program the audio thread no longer uses (NULL if none): the caller
 * destroys it. Call it regularly; while the ring is full no swap happens. */
Program *engine_collect(Engine *e);

/* What the audio thread published after its last engine_render call. */
typedef struct EngineStatus {
    int64_t frame;              /* frames rendered */
    double cycle, cps;
    int voices;                 /* voices sounding or fading */
    uint64_t installs;          /* programs installed so far (the first one counts) */
    int64_t install_frame;      /* the frame (block start) of the last install */
    bool crossfading;
    uint64_t missing_samples;   /* events whose sound was unknown or not loaded yet */
    uint64_t query_errors;
} EngineStatus;
void engine_status(const Engine *e, EngineStatus *out);

int64_t engine_frame(const Engine *e);
/* Frames the master stage delays its output by (its look-ahead). */
int engine_latency(const Engine *e);
/* Voice mixing threads (the calling thread included); whether the extra
 * ones got real-time scheduling (EngineConfig.rt_priority). */
int engine_threads(const Engine *e);
bool engine_threads_realtime(const Engine *e);
double engine_cycle(const Engine *e);
void engine_stats(const Engine *e, EngineStats *out);

#endif
