/* render_helper.c - in-process compile + render for tests; see render_helper.h. */
#include "render_helper.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/diag.h"
#include "engine/engine.h"
#include "lang/compiler.h"
#include "lang/parser.h"
#include "sample/sample_library.h"

static SampleLib *open_kit(double rate, const char *dir)
{
    SampleLibOptions o;
    sample_lib_options_init(&o, rate);
    o.env_path = NULL;
    o.local_dir = NULL;
    o.home = NULL;
    const char *dirs[1] = { dir };
    if (dir) {
        o.dirs = dirs;
        o.ndirs = 1;
    }
    SampleLib *lib = NULL;
    return sample_lib_open(&lib, &o) == PH_OK ? lib : NULL;
}

static Program *compile_text(const char *src, const char *name, double rate, SampleLib *lib, unsigned opt_off,
                             char **diag_text, int *errors)
{
    Diag d;
    size_t len = strlen(src);
    diag_init(&d, name, src, len);
    Arena a;
    arena_init(&a, 0, 0);
    AstProgram *ast = NULL;
    Program *prog = NULL;
    if (parse_program(src, len, name, &a, &d, &ast) == PH_OK) {
        CompileOptions opt = { .sample_rate = rate, .samples = lib, .notes = NULL, .opt_off = opt_off };
        compile_program(ast, &opt, &d, &prog);
    }
    char *buf = NULL;
    size_t blen = 0;
    FILE *f = open_memstream(&buf, &blen);
    if (f) {
        diag_print(&d, f);
        fclose(f);
    }
    if (diag_text) *diag_text = buf;
    else free(buf);
    if (errors) *errors = d.errors;
    diag_free(&d);
    arena_free(&a);
    return prog;
}

char *compile_diagnostics(const char *src, const char *filename, int *errors)
{
    SampleLib *lib = open_kit(44100, NULL);
    char *text = NULL;
    Program *p = compile_text(src, filename, 44100, lib, 0, &text, errors);
    program_destroy(p);
    if (lib) sample_lib_close(lib);
    return text;
}

int render_source(const char *src, const RenderOptions *opt_in, Rendered *out)
{
    RenderOptions opt = opt_in ? *opt_in : (RenderOptions){ 0 };
    if (!opt.rate) opt.rate = 44100;
    if (!opt.threads) opt.threads = 1;
    if (!opt.block) opt.block = 512;
    if (!opt.seconds && !opt.cycles) opt.cycles = 4;
    memset(out, 0, sizeof *out);
    out->rate = opt.rate;
    SampleLib *lib = open_kit(opt.rate, opt.samples_dir);
    Program *p = compile_text(src, "test.ph", opt.rate, lib, opt.opt_off, &out->diagnostics, &out->errors);
    if (!p) {
        if (lib) sample_lib_close(lib);
        return -1;
    }
    out->cps = rat_to_double(p->cps);
    double seconds = opt.seconds ? opt.seconds : opt.cycles / out->cps;
    out->frames = (size_t)(seconds * opt.rate + 0.5);
    EngineConfig cfg = { .rate = opt.rate, .block = opt.block, .threads = opt.threads, .samples = lib,
                         .blocking_loads = true };
    Engine *e = engine_create(&cfg, NULL);
    if (!e) {
        program_destroy(p);
        sample_lib_close(lib);
        return -1;
    }
    engine_set_program(e, p);
    size_t lat = (size_t)engine_latency(e), total = out->frames + lat;
    float *l = malloc(sizeof(float) * total), *r = malloc(sizeof(float) * total);
    if (l && r) {
        for (size_t done = 0; done < total;) {
            size_t n = total - done < 4096 ? total - done : 4096;
            engine_render(e, l + done, r + done, (int)n);
            done += n;
        }
        memmove(l, l + lat, sizeof(float) * out->frames);
        memmove(r, r + lat, sizeof(float) * out->frames);
    }
    engine_destroy(e);
    sample_lib_close(lib);
    out->l = l;
    out->r = r;
    return l && r ? 0 : -1;
}

int render_example(const char *name, const RenderOptions *opt, Rendered *out)
{
    const char *root = getenv("PHONON_SOURCE");
    char path[1024];
    snprintf(path, sizeof path, "%s/examples/%s", root ? root : ".", name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        memset(out, 0, sizeof *out);
        return -1;
    }
    char *src = malloc(1 << 20);
    size_t n = src ? fread(src, 1, (1 << 20) - 1, f) : 0;
    fclose(f);
    if (!src) return -1;
    src[n] = '\0';
    int rc = render_source(src, opt, out);
    free(src);
    return rc;
}

void rendered_free(Rendered *r)
{
    free(r->l);
    free(r->r);
    free(r->diagnostics);
    memset(r, 0, sizeof *r);
}
