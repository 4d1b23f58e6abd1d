/* engine_rig.c - see engine_rig.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_rig.h"
#include "core/arena.h"
#include "core/diag.h"
#include "lang/compiler.h"
#include "lang/parser.h"

Program *engine_rig_compile(SampleLib *lib, const char *src, unsigned opt_off)
{
    Diag d;
    size_t len = strlen(src);
    diag_init(&d, "rig.ph", src, len);
    Arena a;
    arena_init(&a, 0, 0);
    AstProgram *ast = NULL;
    Program *p = NULL;
    if (parse_program(src, len, "rig.ph", &a, &d, &ast) == PH_OK) {
        CompileOptions opt = { .sample_rate = ENGINE_RIG_RATE, .samples = lib, .notes = NULL, .opt_off = opt_off };
        compile_program(ast, &opt, &d, &p);
    }
    if (!p) diag_print(&d, stderr);
    diag_free(&d);
    arena_free(&a);
    assert_non_null(p);
    return p;
}

void engine_rig_open(EngineRig *g, int block, long cap_frames)
{
    memset(g, 0, sizeof *g);
    SampleLibOptions o;
    sample_lib_options_init(&o, ENGINE_RIG_RATE);
    o.env_path = o.local_dir = o.home = NULL;
    assert_int_equal(sample_lib_open(&g->lib, &o), PH_OK);
    EngineConfig cfg = { .rate = ENGINE_RIG_RATE, .block = block, .threads = 1, .samples = g->lib,
                         .blocking_loads = false };
    g->e = engine_create(&cfg, NULL);
    assert_non_null(g->e);
    g->block = block;
    g->lat = engine_latency(g->e);
    g->cap = cap_frames;
    g->l = calloc((size_t)cap_frames, sizeof(float));
    g->r = calloc((size_t)cap_frames, sizeof(float));
    assert_true(g->l && g->r);
}

void engine_rig_collect(EngineRig *g)
{
    Program *p;
    while ((p = engine_collect(g->e)) != NULL) {
        program_destroy(p);
        g->retired++;
    }
}

void engine_rig_close(EngineRig *g)
{
    engine_rig_collect(g);
    engine_destroy(g->e);
    sample_lib_close(g->lib);
    free(g->l);
    free(g->r);
}

void engine_rig_run(EngineRig *g, long until)
{
    assert_true(until <= g->cap);
    while (g->frames < until) {
        int n = (int)(until - g->frames < g->block ? until - g->frames : g->block);
        engine_render(g->e, g->l + g->frames, g->r + g->frames, n);
        g->frames += n;
        engine_rig_collect(g);
    }
}

void engine_rig_submit(EngineRig *g, const char *src, unsigned opt_off)
{
    program_destroy(engine_submit(g->e, engine_rig_compile(g->lib, src, opt_off)));
}

void engine_rig_play_swap(EngineRig *g, const char *a, const char *b, long at, long until)
{
    engine_rig_submit(g, a, 0);
    engine_rig_run(g, at);
    if (b) engine_rig_submit(g, b, 0);
    engine_rig_run(g, until);
}
