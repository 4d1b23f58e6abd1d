/* cval.h - compile-time values: what an expression evaluates to while compiling.
 *
 * Functions are curried: `fast 2` is a CV_FUNC holding one bound argument,
 * `lpf 800 0.7` a CV_FUNC waiting for its input. A name can mean several
 * things (`sine` is an oscillator and a continuous pattern, `lpf` an effect
 * and a per-event control, `delay` an effect with 3 arguments and a control
 * with 1); a CFunc keeps every candidate and is resolved when its arguments
 * and subject are known. */
#ifndef PHONON_LANG_CVAL_H
#define PHONON_LANG_CVAL_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/program.h"
#include "lang/ast.h"
#include "pattern/control.h"
#include "pattern/pattern.h"
#include "pattern/transform.h"

typedef enum CvKind {
    CV_NUM,    /* a number known at compile time */
    CV_STR,    /* a string literal: mini-notation, parsed when a pattern is needed */
    CV_PAT,    /* a pattern; ctrl says whether its values are control maps */
    CV_SIG,    /* an audio-rate signal (a Program buffer pair) */
    CV_FUNC,   /* a function waiting for arguments or a subject */
    CV_LIST    /* [a, b, c] */
} CvKind;

typedef struct CVal CVal;
typedef struct CFunc CFunc;
struct SigBuiltin;

struct BusInfo;

struct CVal {
    CvKind kind;
    size_t offset, length;          /* source span, for messages */
    struct BusInfo *bus;            /* set when this is exactly a bus's value: its signal is shared */
    union {
        double num;
        struct {
            const char *text;
            size_t len;
            size_t content_offset;   /* source offset of the first content byte */
        } str;
        struct {
            const Pattern *p;
            bool ctrl;               /* values are control maps */
            bool sound;              /* a control pattern that names sounds (`s`): it plays */
        } pat;
        Signal sig;
        const CFunc *fn;
        struct {
            const CVal *items;
            int n;
        } list;
    } u;
};

typedef enum CFuncKind {
    CF_NAMED,     /* a builtin name with its candidates and bound arguments */
    CF_PATFN      /* a ready pattern function (section, composition) */
} CFuncKind;

#define CFUNC_MAX_ARGS 8

struct CFunc {
    CFuncKind kind;
    const char *name;
    /* CF_NAMED candidates (any may be NULL) */
    const PatTransformDef *transform;
    const PatControlDef *control;
    const struct SigBuiltin *signal;
    int nargs;
    CVal args[CFUNC_MAX_ARGS];
    /* CF_PATFN */
    const PatFn *patfn;
};

#endif
