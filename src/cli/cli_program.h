/* cli_program.h - what `render`, `check` and `live` share: reading a .ph file,
 * parsing, compiling, printing every diagnostic, opening the sample library. */
#ifndef PHONON_CLI_PROGRAM_H
#define PHONON_CLI_PROGRAM_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"
#include "core/status.h"
#include "engine/program.h"

struct SampleLib;

#define CLI_MAX_SOURCE (4u << 20)   /* a .ph file larger than this is refused */
#define CLI_MAX_SAMPLE_DIRS 64

/* Reads PATH ("-" = stdin) into a NUL-terminated heap buffer. On failure
 * prints "phonon CMD: PATH: reason" and returns NULL. */
char *cli_read_source(const char *cmd, const char *path, size_t *len);

/* Opens the library with --samples folders (in priority order), printing
 * its warnings as "phonon: warning: ..." on stderr. NULL on failure (printed). */
struct SampleLib *cli_open_samples(const char *cmd, const char *const *dirs, int ndirs, double rate);

/* Parses and compiles src. Diagnostics (errors and warnings) are printed to
 * stderr. Returns the Program, or NULL if there was any error. */
Program *cli_compile(const char *path, const char *src, size_t len, double rate, struct SampleLib *samples,
                     int *nerrors);

/* Parses a positive integer / number option value; false if malformed. */
bool cli_parse_int(const char *s, long min, long max, long *out);
bool cli_parse_double(const char *s, double min, double max, double *out);

#endif
