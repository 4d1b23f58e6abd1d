/* live_reload.h - one save of the watched file, on the control thread: read
 * it, refuse binary data, parse and compile it (diagnostics with
 * FILE:LINE:COL and a caret on stderr), hand the Program to the audio thread,
 * and report when it went live.
 *
 * A save that does not compile changes nothing: the program that plays
 * keeps playing, and the next good save takes over. A save identical to
 * the version playing is not recompiled.
 *
 * Messages are lines on stderr starting with "phonon live: "; the one that
 * confirms a reload reads
 *
 *   phonon live: reload 3: compiled in 1.21 ms, playing from cycle 5.14 (6.4 ms after the save was seen)
 *
 * and with PHONON_LIVE_TRACE set (the integration tests) gives exact frames:
 *
 *   phonon live: reload 3: compiled in 1.21 ms, live at frame 123456 (cycle 5.1432),
 *   submitted at frame 123392, seen at t=1712345678.123456, live at t=1712345678.129876
 *
 * (t = CLOCK_REALTIME seconds: when the watcher reported the save, and when
 * the block that installed it started; add the master look-ahead and the
 * device latency for the moment it is heard.) */
#ifndef PHONON_CLI_LIVE_RELOAD_H
#define PHONON_CLI_LIVE_RELOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/live_session.h"
#include "cli/live_status.h"
#include "engine/program.h"

typedef struct LiveReloader {
    const char *path;
    LiveSession *session;
    LiveStatusLine *status;
    int64_t realtime_offset_ns;  /* CLOCK_REALTIME - CLOCK_MONOTONIC */
    char *good;                  /* the source of the program playing (NULL: none yet) */
    size_t good_len;
    int reloads, failures;
    double last_compile_ms;      /* < 0: none yet */
    bool broken;                 /* the file on disk does not compile */
    bool missing;                /* the file is gone */
    /* the last submitted program, until it is live */
    bool awaiting;
    uint64_t await_installs;
    int64_t await_seen_ns, await_submit_frame;
} LiveReloader;

void live_reload_init(LiveReloader *r, const char *path, LiveSession *s, LiveStatusLine *status);
void live_reload_free(LiveReloader *r);

/* Reads and compiles the file. With first != NULL (before the audio
 * starts) the program is returned there instead of being submitted.
 * Returns true if a new program was made. */
bool live_reload(LiveReloader *r, Program **first);

/* The watcher says the file is gone (said once; the music goes on). */
void live_reload_missing(LiveReloader *r);

/* Prints the "live at" line once the audio thread installed the last
 * submitted program. */
void live_reload_confirm(LiveReloader *r);

/* Prints a message on stderr ("phonon live: " + text), clearing the status line first. */
void live_say(LiveStatusLine *status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
