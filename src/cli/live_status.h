/* live_status.h - the one-line status of `phonon live` on a terminal:
 *
 *   > cycle 12.37 | 0.50 cps | 23 voices | DSP 4% (peak 9%) | xruns 0 | 3 reloads, compile 1.2 ms
 *
 * redrawn in place (carriage return + erase line) about ten times a second.
 * Anything else printed while it shows must call live_status_clear first,
 * so messages never mix with it. Off a terminal nothing is drawn. */
#ifndef PHONON_CLI_LIVE_STATUS_H
#define PHONON_CLI_LIVE_STATUS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct LiveStatusInfo {
    double cycle, cps;
    int voices;
    double load, load_peak;      /* DSP time / real time, 0..1+ */
    uint64_t xruns;
    int reloads, errors;         /* successful reloads, failed saves */
    double last_compile_ms;      /* < 0: no reload yet */
    bool broken;                 /* the file on disk does not compile */
    bool missing;                /* the file is gone */
    bool silent;                 /* nothing compiled yet */
    uint64_t missing_samples;
} LiveStatusInfo;

typedef struct LiveStatusLine {
    FILE *out;
    bool enabled;                /* out is a terminal */
    bool shown;                  /* a line is on screen now */
    int width;                   /* columns (0: unknown, 80 assumed) */
} LiveStatusLine;

void live_status_init(LiveStatusLine *s, FILE *out, int fd);
/* Formats the line (without control codes) into buf. */
void live_status_format(const LiveStatusInfo *i, char *buf, size_t size);
void live_status_draw(LiveStatusLine *s, const LiveStatusInfo *i);
void live_status_clear(LiveStatusLine *s);

#endif
