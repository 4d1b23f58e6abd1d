/* cli_program.c - loading and compiling a program for the CLI; see cli_program.h. */
#include "cli/cli_program.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "lang/compiler.h"
#include "lang/parser.h"
#include "sample/sample_library.h"

char *cli_read_source(const char *cmd, const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "phonon %s: %s: %s\n", cmd, path, strerror(errno));
        return NULL;
    }
    size_t cap = 64 * 1024, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        if (n == cap) {
            if (cap >= CLI_MAX_SOURCE) {
                fprintf(stderr, "phonon %s: %s: larger than %u MiB\n", cmd, path, CLI_MAX_SOURCE >> 20);
                free(buf);
                buf = NULL;
                break;
            }
            cap *= 2;
            char *nb = realloc(buf, cap + 1);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                fprintf(stderr, "phonon %s: %s: read error\n", cmd, path);
                free(buf);
                buf = NULL;
            }
            break;
        }
    }
    if (f != stdin) fclose(f);
    if (!buf) return NULL;
    buf[n] = '\0';
    *len = n;
    return buf;
}

static void print_sample_warning(void *user, const SampleWarning *w)
{
    (void)user;
    fprintf(stderr, "phonon: warning: %s: %s\n", w->path, w->message);
}

struct SampleLib *cli_open_samples(const char *cmd, const char *const *dirs, int ndirs, double rate)
{
    SampleLibOptions o;
    sample_lib_options_init(&o, rate);
    o.dirs = dirs;
    o.ndirs = ndirs;
    o.warn = print_sample_warning;
    SampleLib *lib = NULL;
    PhStatus st = sample_lib_open(&lib, &o);
    if (st != PH_OK) {
        fprintf(stderr, "phonon %s: cannot open the sample library: %s\n", cmd, ph_status_name(st));
        return NULL;
    }
    return lib;
}

/* PHONON_OPT_OFF=MASK turns optimisation passes off (PROGRAM_OPT_* bits,
 * program.h), to compare renders and timings with and without them. */
static unsigned opt_off_from_env(void)
{
    const char *s = getenv("PHONON_OPT_OFF");
    if (!s || !*s) return 0;
    char *end;
    unsigned long v = strtoul(s, &end, 0);
    return *end ? 0u : (unsigned)v;
}

Program *cli_compile(const char *path, const char *src, size_t len, double rate, struct SampleLib *samples,
                     int *nerrors)
{
    Diag d;
    diag_init(&d, path, src, len);
    Arena ast_arena;
    arena_init(&ast_arena, 64 * 1024, 0);
    AstProgram *ast = NULL;
    Program *prog = NULL;
    PhStatus st = parse_program(src, len, path, &ast_arena, &d, &ast);
    if (st == PH_OK && ast) {
        /* after syntax errors, compiling the statements that parsed would
         * only add confusing follow-on errors (a bus whose line failed...) */
        CompileOptions opt = { .sample_rate = rate, .samples = samples, .notes = stderr,
                               .opt_off = opt_off_from_env() };
        st = compile_program(ast, &opt, &d, &prog);
    }
    if (st != PH_OK && prog) {
        program_destroy(prog);
        prog = NULL;
    }
    if (st != PH_OK && d.errors == 0)
        diag_error(&d, 0, 0, "cannot compile: %s", ph_status_name(st));
    diag_print(&d, stderr);
    if (nerrors) *nerrors = d.errors;
    diag_free(&d);
    arena_free(&ast_arena);
    return prog;
}

bool cli_parse_int(const char *s, long min, long max, long *out)
{
    if (!s || !*s) return false;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < min || v > max) return false;
    *out = v;
    return true;
}

bool cli_parse_double(const char *s, double min, double max, double *out)
{
    if (!s || !*s) return false;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || *end || !isfinite(v) || v < min || v > max) return false;
    *out = v;
    return true;
}
