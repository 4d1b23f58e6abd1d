/* live_term.c - single-key terminal mode for `phonon live`; see live_term.h. */
#include "cli/live_term.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

bool live_term_enter(LiveTerm *t, int fd)
{
    memset(t, 0, sizeof *t);
    t->fd = fd;
    if (!isatty(fd) || tcgetattr(fd, &t->saved) != 0) return false;
    struct termios raw = t->saved;
    raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    raw.c_cc[VMIN] = 0;
    raw.c_cc[VTIME] = 0;
    if (tcsetattr(fd, TCSANOW, &raw) != 0) return false;
    t->raw = true;
    return true;
}

void live_term_restore(LiveTerm *t)
{
    if (!t->raw) return;
    tcsetattr(t->fd, TCSANOW, &t->saved);
    t->raw = false;
}

bool live_term_read_quit(const LiveTerm *t, bool *eof)
{
    *eof = false;
    char buf[64];
    for (;;) {
        ssize_t n = read(t->fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n == 0 && !t->raw) *eof = true; /* a pipe or file on stdin was closed */
        if (n <= 0) return false;
        for (ssize_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)buf[i];
            if (c == 'q' || c == 'Q' || c == 4 /* Ctrl-D */) return true;
            /* a lone Escape (not the start of an arrow key's sequence) */
            if (c == 27 && i + 1 == n) return true;
        }
        if ((size_t)n < sizeof buf) return false;
    }
}
