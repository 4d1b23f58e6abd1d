/* live_term.h - the terminal under `phonon live`: single keys without Enter
 * (non-canonical, no echo; Ctrl-C still raises SIGINT), restored on exit.
 *
 * Only the local modes change (ICANON, ECHO): output processing stays on,
 * so "\n" still returns the carriage and diagnostics print normally. */
#ifndef PHONON_CLI_LIVE_TERM_H
#define PHONON_CLI_LIVE_TERM_H

#include <stdbool.h>
#include <termios.h>

typedef struct LiveTerm {
    int fd;
    bool raw;                 /* the mode was changed and must be restored */
    struct termios saved;
} LiveTerm;

/* Puts fd (a TTY) in single-key mode. Returns false, changing nothing, if
 * fd is not a terminal or the mode cannot be set. */
bool live_term_enter(LiveTerm *t, int fd);
/* Restores the saved mode (idempotent). */
void live_term_restore(LiveTerm *t);

/* Reads the keys waiting on t->fd without blocking; returns true if one of
 * them asks to quit ('q', 'Q', Ctrl-D, Escape). *eof is set when the input
 * is closed. */
bool live_term_read_quit(const LiveTerm *t, bool *eof);

#endif
