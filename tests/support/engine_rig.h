/* engine_rig.h - an engine driven block by block in-process, for live
 * reload tests: compile a source, submit it, render until a frame, swap in
 * another program at a known frame, collect the programs handed back.
 *
 * Hermetic like render_helper.h (built-in kit only). Output frames are
 * engine frames (the master look-ahead is not compensated). Failures are
 * cmocka assertions. */
#ifndef PHONON_TEST_ENGINE_RIG_H
#define PHONON_TEST_ENGINE_RIG_H

#include "engine/engine.h"
#include "sample/sample_library.h"

#define ENGINE_RIG_RATE 44100

typedef struct EngineRig {
    SampleLib *lib;
    Engine *e;
    int block;             /* frames per engine_render call */
    long lat;              /* engine_latency */
    float *l, *r;          /* output so far (index = engine frame) */
    long frames, cap;
    int retired;           /* programs handed back by engine_collect */
} EngineRig;

/* Compiles src (asserting it compiles; diagnostics go to stderr). */
Program *engine_rig_compile(SampleLib *lib, const char *src, unsigned opt_off);

/* An engine at ENGINE_RIG_RATE, one thread, room for cap_frames of output. */
void engine_rig_open(EngineRig *g, int block, long cap_frames);
void engine_rig_close(EngineRig *g);

/* Destroys the programs the engine handed back. */
void engine_rig_collect(EngineRig *g);
/* Renders until the engine is at frame `until`, g->block frames a call. */
void engine_rig_run(EngineRig *g, long until);
/* Compiles and submits src; the replaced pending program, if any, is destroyed. */
void engine_rig_submit(EngineRig *g, const char *src, unsigned opt_off);
/* Plays a from the current frame, submits b (if not NULL) at frame `at`,
 * plays on until `until`. */
void engine_rig_play_swap(EngineRig *g, const char *a, const char *b, long at, long until);

#endif
