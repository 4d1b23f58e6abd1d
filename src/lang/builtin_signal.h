/* builtin_signal.h - the signal builtins: oscillators, noises, filters,
 * envelopes, effects. One table row per function (name, role, parameters
 * with defaults, a maker that instantiates the DSP kernel as a Program
 * node), so adding a function is one row plus one kernel in src/dsp. */
#ifndef PHONON_LANG_BUILTIN_SIGNAL_H
#define PHONON_LANG_BUILTIN_SIGNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/program.h"

#define SIG_MAX_PARAMS 6

typedef enum SigRole {
    SIG_SOURCE,   /* makes a signal from its parameters: sine 440, noise */
    SIG_EFFECT    /* processes an input given by `#`: lpf 800 0.7 */
} SigRole;

typedef struct SigParam {
    const char *name;
    double def;       /* default; NAN marks a required parameter */
} SigParam;

/* What a maker gets and fills. */
typedef struct SigMake {
    Program *prog;
    double rate;
    Signal input;                  /* SIG_EFFECT only */
    int nparams;                   /* all parameters, defaults filled in */
    Signal params[SIG_MAX_PARAMS]; /* each parameter as a signal (constants are constant signals) */
    double constant[SIG_MAX_PARAMS];  /* the value when is_constant */
    bool is_constant[SIG_MAX_PARAMS];
    ProgNode node;                 /* to fill: process, state, free, adopt, kind, in, out */
    char error[160];               /* set when the maker fails */
} SigMake;

typedef struct SigBuiltin {
    const char *name;
    SigRole role;
    int nparams;
    SigParam params[SIG_MAX_PARAMS];
    bool (*make)(SigMake *m);
    const char *usage;             /* "lpf CUTOFF [Q]" */
    bool standalone;               /* an effect that, given no input, shapes a constant 1 (adsr) */
} SigBuiltin;

const SigBuiltin *sig_builtin_find(const char *name, size_t len);
const SigBuiltin *sig_builtin_table(size_t *n);
int sig_builtin_required(const SigBuiltin *b);

#endif
