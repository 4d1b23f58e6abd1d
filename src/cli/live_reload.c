/* live_reload.c - read, check, compile and submit one save; see live_reload.h. */
#include "cli/live_reload.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli_program.h"
#include "core/utf8.h"

static int64_t lr_mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void live_say(LiveStatusLine *status, const char *fmt, ...)
{
    if (status) live_status_clear(status);
    va_list ap;
    va_start(ap, fmt);
    fputs("phonon live: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void live_reload_init(LiveReloader *r, const char *path, LiveSession *s, LiveStatusLine *status)
{
    memset(r, 0, sizeof *r);
    r->path = path;
    r->session = s;
    r->status = status;
    r->last_compile_ms = -1;
    struct timespec rt;
    clock_gettime(CLOCK_REALTIME, &rt);
    int64_t mono = lr_mono_ns();
    r->realtime_offset_ns = (int64_t)rt.tv_sec * 1000000000 + rt.tv_nsec - mono;
}

void live_reload_free(LiveReloader *r)
{
    free(r->good);
    r->good = NULL;
}

/* Binary data would put garbage (or terminal escapes) on the screen: refuse
 * a NUL, a control character other than tab, newline, carriage return and
 * form feed, or bytes that are not UTF-8. Returns the offset or len. */
static size_t lr_first_binary(const char *src, size_t len)
{
    size_t bad = utf8_validate(src, len);
    for (size_t i = 0; i < bad; i++) {
        unsigned char c = (unsigned char)src[i];
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7f) return i;
    }
    return bad;
}

static void lr_line_col(const char *src, size_t off, int *line, int *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off; i++) {
        if (src[i] == '\n') {
            (*line)++;
            *col = 1;
        } else if (((unsigned char)src[i] & 0xC0) != 0x80) {
            (*col)++;
        }
    }
}

static void lr_failed(LiveReloader *r)
{
    r->failures++;
    r->broken = true;
    live_say(r->status, "%s: %s", r->path,
             r->good ? "still playing the previous version" : "nothing plays until a save compiles");
}

bool live_reload(LiveReloader *r, Program **first)
{
    int64_t seen = lr_mono_ns();
    bool was_missing = r->missing;
    r->missing = false;
    size_t len = 0;
    live_status_clear(r->status);
    char *src = cli_read_source("live", r->path, &len);
    if (!src) {
        lr_failed(r);
        return false;
    }
    if (r->good && len == r->good_len && memcmp(src, r->good, len) == 0) {
        if (r->broken || was_missing) live_say(r->status, "%s: back to the version that is playing", r->path);
        r->broken = false;
        free(src);
        return false;
    }
    size_t bin = lr_first_binary(src, len);
    if (bin < len) {
        int line, col;
        lr_line_col(src, bin, &line, &col);
        live_say(r->status, "%s:%d:%d: error: not a text file (byte 0x%02X)", r->path, line, col,
                 (unsigned char)src[bin]);
        free(src);
        lr_failed(r);
        return false;
    }
    int nerrors = 0;
    int64_t t0 = lr_mono_ns();
    Program *p = cli_compile(r->path, src, len, live_session_rate(r->session), live_session_samples(r->session),
                             &nerrors);
    double ms = (double)(lr_mono_ns() - t0) / 1e6;
    if (!p) {
        free(src);
        lr_failed(r);
        return false;
    }
    free(r->good);
    r->good = src;
    r->good_len = len;
    r->broken = false;
    r->last_compile_ms = ms;
    if (first) {
        *first = p;
        return true;
    }
    EngineStatus es;
    live_session_engine_status(r->session, &es);
    r->await_installs = es.installs + 1;
    r->reloads++;
    r->await_submit_frame = live_session_submit(r->session, p);
    r->awaiting = true;
    r->await_seen_ns = seen;
    return true;
}

void live_reload_missing(LiveReloader *r)
{
    if (r->missing) return;
    r->missing = true;
    live_say(r->status, "%s is gone; still playing (waiting for it to come back)", r->path);
}

void live_reload_confirm(LiveReloader *r)
{
    if (!r->awaiting) return;
    EngineStatus es;
    live_session_engine_status(r->session, &es);
    if (es.installs < r->await_installs) return;
    int64_t live_ns = live_session_install_ns(r->session);
    if (live_ns < r->await_seen_ns) return; /* the callback has not stamped the block yet */
    r->awaiting = false;
    double cycle = es.cycle - (double)(es.frame - es.install_frame) * es.cps / live_session_rate(r->session);
    if (getenv("PHONON_LIVE_TRACE")) {
        /* the exact frames and clocks, for the integration tests */
        double off = (double)r->realtime_offset_ns;
        live_say(r->status,
                 "reload %d: compiled in %.2f ms, live at frame %lld (cycle %.4f), submitted at frame %lld, "
                 "seen at t=%.6f, live at t=%.6f",
                 r->reloads, r->last_compile_ms, (long long)es.install_frame, cycle, (long long)r->await_submit_frame,
                 ((double)r->await_seen_ns + off) / 1e9, ((double)live_ns + off) / 1e9);
        return;
    }
    live_say(r->status, "reload %d: compiled in %.2f ms, playing from cycle %.2f (%.1f ms after the save was seen)",
             r->reloads, r->last_compile_ms, cycle, (double)(live_ns - r->await_seen_ns) / 1e6);
}
