/* live_status.c - the status line of `phonon live`; see live_status.h. */
#include "cli/live_status.h"

#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

void live_status_init(LiveStatusLine *s, FILE *out, int fd)
{
    memset(s, 0, sizeof *s);
    s->out = out;
    s->enabled = isatty(fd);
    struct winsize ws;
    if (s->enabled && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) s->width = ws.ws_col;
}

void live_status_format(const LiveStatusInfo *i, char *buf, size_t size)
{
    const char *state = i->missing ? "FILE MISSING" : i->broken ? "ERROR (playing the last good version)"
                                                  : i->silent ? "waiting for a program that compiles" : "";
    char reload[48] = "";
    if (i->last_compile_ms >= 0)
        snprintf(reload, sizeof reload, " | %d reloads, compile %.1f ms", i->reloads, i->last_compile_ms);
    char missing[40] = "";
    if (i->missing_samples) snprintf(missing, sizeof missing, " | %llu events skipped", (unsigned long long)i->missing_samples);
    snprintf(buf, size, "> cycle %.2f | %.2f cps | %d voices | DSP %.0f%% (peak %.0f%%) | xruns %llu%s%s%s%s",
             i->cycle, i->cps, i->voices, 100.0 * i->load, 100.0 * i->load_peak, (unsigned long long)i->xruns, reload,
             missing, *state ? " | " : "", state);
}

void live_status_draw(LiveStatusLine *s, const LiveStatusInfo *i)
{
    if (!s->enabled) return;
    char line[256];
    live_status_format(i, line, sizeof line);
    int width = s->width > 0 ? s->width : 80;
    if (width > (int)sizeof line) width = (int)sizeof line;
    if ((int)strlen(line) >= width) line[width - 1] = '\0'; /* one line, never wrapped */
    fprintf(s->out, "\r\033[K%s", line);
    fflush(s->out);
    s->shown = true;
}

void live_status_clear(LiveStatusLine *s)
{
    if (!s->enabled || !s->shown) return;
    fputs("\r\033[K", s->out);
    fflush(s->out);
    s->shown = false;
}
