/* compiler.h - the typed compiler: AST -> Program (a flat array of block kernels).
 *
 * Values are typed at compile time (number, string, pattern, control
 * pattern, signal, function, list) and coerced where the spec says
 * (LANGUAGE.md §2): a number becomes a constant signal or a pure pattern, a
 * string becomes a mini-notation pattern, a numeric pattern used as a signal
 * becomes a sample-accurate stepped signal (note names -> Hz), a control
 * pattern used as a signal plays on the voice engine. Every error is a Diag
 * with the exact source location; a program with errors yields no Program. */
#ifndef PHONON_LANG_COMPILER_H
#define PHONON_LANG_COMPILER_H

#include <stdio.h>

#include "core/diag.h"
#include "core/status.h"
#include "engine/program.h"
#include "lang/ast.h"
#include "pattern/pattern.h"

struct SampleLib;

typedef struct CompileOptions {
    double sample_rate;                 /* the engine's output rate (kernels are initialised for it) */
    struct SampleLib *samples;        /* NULL: sample names are not checked or preloaded */
    FILE *notes;                        /* where one-off notes go ("output is ~master"); NULL: none */
    unsigned opt_off;                   /* PROGRAM_OPT_* passes to skip (0: all run; program.h) */
} CompileOptions;

/* Compiles a parsed program. On success *out is a finalized Program owned by
 * the caller. On error *out is NULL and d holds every error found. */
PhStatus compile_program(const AstProgram *prog, const CompileOptions *opt, Diag *d, Program **out);

/* Compiles one expression to a pattern (for `phonon query`): strings are
 * mini-notation, and the result must be a pattern (not a signal). The
 * pattern lives in arena a. */
PhStatus compile_pattern_expr(const AstNode *expr, Arena *a, Diag *d, const Pattern **out);

#endif
