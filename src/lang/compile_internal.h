/* compile_internal.h - shared by the compiler's files (not a public header).
 *
 *   compile.c         statements, buses, outputs, tempo, the Program
 *   compile_expr.c    AST evaluation: application, `$` chains, `#`, sections
 *   compile_coerce.c  coercions: to pattern, to signal, to pattern function
 *   compile_arith.c   + - * / and the structure operators, pattern or signal
 *   builtin_signal.c  oscillators, filters, effects: the signal builtin table */
#ifndef PHONON_LANG_COMPILE_INTERNAL_H
#define PHONON_LANG_COMPILE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "core/diag.h"
#include "engine/program.h"
#include "lang/ast.h"
#include "lang/compiler.h"
#include "lang/cval.h"

#define COMPILE_MAX_DEPTH 200   /* nested evaluation (buses referring to buses, calls) */
#define LANG_SECTION_SPINE_MAX 64 /* operators in one section: (# a # b # c ...) */

typedef enum BusState { BUS_PENDING, BUS_EVALUATING, BUS_DONE, BUS_FAILED } BusState;

typedef struct BusInfo {
    const char *name;
    const AstStmt *stmt;
    BusState state;
    CVal value;
    bool has_signal;        /* the value as a signal, made once and shared */
    Signal signal;
    bool feedback;          /* read while being evaluated: one block of delay */
    Signal delayed;
} BusInfo;

typedef struct Compiler {
    const CompileOptions *opt;
    Diag *d;
    Program *prog;          /* NULL when compiling a pattern only (query) */
    Arena *arena;           /* where patterns and values live */
    BusInfo *buses;
    int nbuses;
    int depth;
    uint64_t key_scope;     /* hash of the statement being compiled */
    uint32_t key_counter;   /* nodes made in this statement so far */
} Compiler;

/* compile_expr.c */
bool cx_eval(Compiler *c, const AstNode *n, CVal *out);
bool cx_apply_args(Compiler *c, const CVal *fn, const CVal *args, int nargs, const AstNode *site, CVal *out);
bool cx_apply_subject(Compiler *c, const CVal *fn, const CVal *subject, CVal *out);
bool cx_chain(Compiler *c, const CVal *lhs, const CVal *rhs, CVal *out);
bool cx_func_wants_subject(const CVal *v);
void cx_span(CVal *v, size_t offset, size_t length);

/* compile_coerce.c */
bool cx_to_pattern(Compiler *c, const CVal *v, const Pattern **out, bool *ctrl);
bool cx_to_signal(Compiler *c, const CVal *v, Signal *out);
bool cx_to_patfn(Compiler *c, const CVal *v, const PatFn **out);
bool cx_string_pattern(Compiler *c, const CVal *v, const Pattern **out);
const char *cx_kind_text(const CVal *v);

/* compile_arith.c */
bool cx_arith(Compiler *c, AstArith op, AstSide side, const CVal *l, const CVal *r, CVal *out);
bool cx_negate(Compiler *c, const CVal *v, CVal *out);

/* compile.c */
BusInfo *cx_find_bus(Compiler *c, const char *name);
bool cx_bus_value(Compiler *c, const AstNode *ref, CVal *out);
uint64_t cx_next_key(Compiler *c);
/* Node keys made while a bus's value becomes a signal (its sound pattern's
 * voice slot, a stepped pattern) belong to the bus, not to the statement
 * that first reads it, so they survive edits to the readers (live reload
 * keeps voices and state by key). Enter returns the scope to restore. */
typedef struct KeyScope {
    uint64_t scope;
    uint32_t counter;
} KeyScope;
KeyScope cx_key_scope_enter_bus(Compiler *c, const char *bus_name);
void cx_key_scope_restore(Compiler *c, KeyScope saved);
/* Before a sound pattern's trigger is added: scans its first cycles and
 * makes the orbit effect nodes and bus voice nodes it needs (t->sound). */
bool cx_sound_prepare(Compiler *c, ProgTrigger *t);
/* Adds a node, setting its key; false (with an error at site) past limits. */
bool cx_add_node(Compiler *c, ProgNode *node, size_t off, size_t len);
/* A diagnostic at a value's span. */
void cx_error(Compiler *c, const CVal *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void cx_error_at(Compiler *c, size_t off, size_t len, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* "did you mean" over every known name and bus. */
const char *cx_suggest(Compiler *c, const char *name);

#endif
