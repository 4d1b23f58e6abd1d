/* render_helper.h - compile and render a .ph program in-process, for tests.
 *
 * Hermetic: only the built-in kit (no ./samples, $HOME or PHONON_SAMPLES)
 * unless a folder is given. The master stage's look-ahead is compensated as
 * `phonon render` does, so frame 0 is cycle 0. */
#ifndef PHONON_TEST_RENDER_HELPER_H
#define PHONON_TEST_RENDER_HELPER_H

#include <stddef.h>

typedef struct Rendered {
    float *l, *r;       /* frames each */
    size_t frames;
    int rate;
    double cps;
    char *diagnostics;  /* everything the compiler printed (errors and warnings) */
    int errors;
} Rendered;

typedef struct RenderOptions {
    int rate;           /* default 44100 */
    int threads;        /* default 1 */
    int block;          /* default 512 */
    double seconds;     /* length; if 0, cycles is used */
    double cycles;      /* default 4 */
    const char *samples_dir;  /* an extra sample folder searched first, or NULL */
    unsigned opt_off;   /* PROGRAM_OPT_* passes the compiler skips (0: all run) */
} RenderOptions;

/* Returns 0 and fills *out on success; -1 when the program does not
 * compile (out->diagnostics says why) or on failure. Free with rendered_free. */
int render_source(const char *src, const RenderOptions *opt, Rendered *out);
/* Renders a file of the repository's examples/ folder. */
int render_example(const char *name, const RenderOptions *opt, Rendered *out);
void rendered_free(Rendered *r);

/* Compiles only: the diagnostics text (caller frees) and the error count. */
char *compile_diagnostics(const char *src, const char *filename, int *errors);

#endif
