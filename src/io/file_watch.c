/* file_watch.c - inotify watcher for one file: watches the directory,
 * filters by name, debounces, tracks writers that still hold the file open,
 * and survives the directory vanishing (behaviour described in file_watch.h).
 *
 * Internals: an epoll set holds the inotify descriptor and a timerfd armed
 * at the next deadline (end of the quiet period, the forced-report time, the
 * writer hold limit, or the directory re-arm time), so the epoll descriptor
 * is what file_watch_fd() hands out and what file_watch_wait() sleeps on. */
#include "io/file_watch.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define FW_NO_DEADLINE INT64_MAX
#define FW_MASK (IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | \
                 IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_EXCL_UNLINK)

struct FileWatch {
    int inotify_fd, timer_fd, epoll_fd;
    int wd;                  /* directory watch, -1 while the directory is missing */
    int64_t debounce_ns;
    bool pending;            /* relevant events not yet reported */
    bool writing;            /* modified or created, not yet closed */
    bool present;            /* state last reported (or found at create) */
    int64_t quiet_at;        /* report when quiet until here ... */
    int64_t forced_at;       /* ... or at the latest here (continuous churn) */
    int64_t hold_until;      /* a writer holding the file open delays reports until here */
    int64_t retry_at;        /* next inotify_add_watch attempt while wd < 0 */
    int64_t timer_armed;     /* deadline the timerfd is armed for */
    char *given;             /* path as passed to create */
    char *dir;               /* directory watched */
    char *name;              /* file name filtered for */
    char *full;              /* dir/name, what is stat()ed after the quiet period */
    char error[FILE_WATCH_ERR_MAX];
    char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
};

static void fw_set_error(char *dst, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fw_set_error(char *dst, size_t size, const char *fmt, ...)
{
    if (!dst || size == 0) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(dst, size, fmt, ap);
    va_end(ap);
}

static int64_t fw_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static char *fw_strndup(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = 0;
    }
    return p;
}

/* Splits PATH into directory and name. A symlinked file is followed to its
 * target, since the editor's writes land in the target's directory. */
static PhStatus fw_split(FileWatch *w, const char *path, char *err, size_t err_size)
{
    char *resolved = NULL;
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) resolved = realpath(path, NULL);
    const char *p = resolved ? resolved : path;
    const char *slash = strrchr(p, '/');
    const char *name = slash ? slash + 1 : p;
    if (*name == 0 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
        fw_set_error(err, err_size, "%s: not a file name", path);
        free(resolved);
        return PH_ERR_ARG;
    }
    if (!slash) w->dir = fw_strndup(".", 1);
    else if (slash == p) w->dir = fw_strndup("/", 1);
    else w->dir = fw_strndup(p, (size_t)(slash - p));
    w->name = fw_strndup(name, strlen(name));
    w->full = fw_strndup(p, strlen(p));
    free(resolved);
    if (!w->dir || !w->name || !w->full) {
        fw_set_error(err, err_size, "%s: out of memory", path);
        return PH_ERR_NOMEM;
    }
    return PH_OK;
}

static bool fw_file_exists(const FileWatch *w)
{
    struct stat st;
    if (stat(w->full, &st) == 0) return true;
    /* Anything but "not there" (say EACCES) counts as present: the caller's
     * read will then report the real problem. */
    return !(errno == ENOENT || errno == ENOTDIR);
}

/* Arms the timerfd for DEADLINE (FW_NO_DEADLINE disarms). */
static void fw_arm_timer(FileWatch *w, int64_t deadline)
{
    if (deadline == w->timer_armed) return;
    struct itimerspec its;
    memset(&its, 0, sizeof its);
    if (deadline != FW_NO_DEADLINE) {
        if (deadline <= 0) deadline = 1;
        its.it_value.tv_sec = (time_t)(deadline / 1000000000);
        its.it_value.tv_nsec = (long)(deadline % 1000000000);
    }
    timerfd_settime(w->timer_fd, TFD_TIMER_ABSTIME, &its, NULL);
    w->timer_armed = deadline;
}

/* Something happened to the file at NOW: restart the quiet period. */
static void fw_touch(FileWatch *w, int64_t now)
{
    if (!w->pending) w->forced_at = now + FILE_WATCH_MAX_DELAY_FACTOR * w->debounce_ns;
    w->pending = true;
    w->quiet_at = now + w->debounce_ns;
}

static void fw_dir_lost(FileWatch *w, int64_t now, bool remove_watch)
{
    if (remove_watch && w->wd >= 0) inotify_rm_watch(w->inotify_fd, w->wd);
    w->wd = -1;
    w->writing = false;
    w->pending = true;
    w->quiet_at = now;  /* report MISSING without waiting */
    w->forced_at = now;
    w->retry_at = now + (int64_t)FILE_WATCH_RETRY_MS * 1000000;
}

static void fw_handle(FileWatch *w, const struct inotify_event *ev, int64_t now)
{
    if (ev->mask & IN_Q_OVERFLOW) { /* events were lost: assume the worst */
        w->writing = false;
        fw_touch(w, now);
        return;
    }
    if (ev->wd != w->wd || w->wd < 0) return; /* a stale watch's leftovers */
    if (ev->mask & (IN_DELETE_SELF | IN_IGNORED | IN_UNMOUNT)) {
        fw_dir_lost(w, now, false);
        return;
    }
    if (ev->mask & IN_MOVE_SELF) { /* the watch would follow the moved directory */
        fw_dir_lost(w, now, true);
        return;
    }
    if (ev->len == 0 || strcmp(ev->name, w->name) != 0) return;
    if ((ev->mask & (IN_MODIFY | IN_CREATE)) && !(ev->mask & IN_ISDIR)) {
        if (!w->writing) w->hold_until = now + (int64_t)FILE_WATCH_MAX_HOLD_MS * 1000000;
        w->writing = true;
    }
    if (ev->mask & (IN_CLOSE_WRITE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO)) w->writing = false;
    fw_touch(w, now);
}

/* Reads every queued inotify event and clears the timer. false on error. */
static bool fw_drain(FileWatch *w)
{
    uint64_t expirations;
    while (read(w->timer_fd, &expirations, sizeof expirations) > 0) {}
    for (;;) {
        ssize_t n = read(w->inotify_fd, w->buf, sizeof w->buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN) return true;
            fw_set_error(w->error, sizeof w->error, "%s: reading inotify events: %s", w->given,
                         strerror(errno));
            return false;
        }
        if (n == 0) return true;
        int64_t now = fw_now();
        for (char *p = w->buf; p < w->buf + n;) {
            const struct inotify_event *ev = (const struct inotify_event *)(void *)p;
            fw_handle(w, ev, now);
            p += sizeof *ev + ev->len;
        }
    }
}

static void fw_retry_dir(FileWatch *w, int64_t now)
{
    int wd = inotify_add_watch(w->inotify_fd, w->dir, FW_MASK);
    if (wd < 0) {
        w->retry_at = now + (int64_t)FILE_WATCH_RETRY_MS * 1000000;
        return;
    }
    w->wd = wd;
    fw_touch(w, now); /* the file may be arriving with the directory */
}

/* The report due at NOW, if any. */
static FileWatchEvent fw_evaluate(FileWatch *w, int64_t now)
{
    if (!w->pending) return FILE_WATCH_NONE;
    bool hold = w->writing && now < w->hold_until;
    if (hold || (now < w->quiet_at && now < w->forced_at)) return FILE_WATCH_NONE;
    w->pending = false;
    w->writing = false;
    if (w->wd >= 0 && fw_file_exists(w)) {
        w->present = true;
        return FILE_WATCH_CHANGED;
    }
    if (w->present) {
        w->present = false;
        return FILE_WATCH_MISSING;
    }
    return FILE_WATCH_NONE;
}

static int64_t fw_next_deadline(const FileWatch *w)
{
    int64_t next = FW_NO_DEADLINE;
    if (w->pending) {
        if (w->writing) next = w->hold_until; /* a close event wakes us earlier */
        else next = w->quiet_at < w->forced_at ? w->quiet_at : w->forced_at;
    }
    if (w->wd < 0 && w->retry_at < next) next = w->retry_at;
    return next;
}

FileWatchEvent file_watch_wait(FileWatch *w, int timeout_ms)
{
    if (!w) return FILE_WATCH_ERROR;
    int64_t start = fw_now();
    int64_t end = timeout_ms < 0 ? FW_NO_DEADLINE : start + (int64_t)timeout_ms * 1000000;
    for (;;) {
        if (!fw_drain(w)) return FILE_WATCH_ERROR;
        int64_t now = fw_now();
        if (w->wd < 0 && now >= w->retry_at) fw_retry_dir(w, now);
        FileWatchEvent ev = fw_evaluate(w, now);
        int64_t next = fw_next_deadline(w);
        fw_arm_timer(w, next);
        if (ev != FILE_WATCH_NONE) return ev;
        if (now >= end) return FILE_WATCH_NONE;
        int64_t until = next < end ? next : end;
        int ms = -1;
        if (until != FW_NO_DEADLINE) {
            int64_t d = (until - now + 999999) / 1000000;
            ms = d > INT_MAX ? INT_MAX : (int)d;
        }
        struct epoll_event evs[2];
        int n = epoll_wait(w->epoll_fd, evs, 2, ms);
        if (n < 0 && errno != EINTR) {
            fw_set_error(w->error, sizeof w->error, "%s: epoll_wait: %s", w->given, strerror(errno));
            return FILE_WATCH_ERROR;
        }
    }
}

static PhStatus fw_open_fds(FileWatch *w, char *err, size_t err_size)
{
    w->inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    w->timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    w->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    if (w->inotify_fd < 0 || w->timer_fd < 0 || w->epoll_fd < 0) {
        fw_set_error(err, err_size, "%s: cannot set up inotify: %s", w->given, strerror(errno));
        return PH_ERR_IO;
    }
    struct epoll_event ev;
    memset(&ev, 0, sizeof ev);
    ev.events = EPOLLIN;
    ev.data.fd = w->inotify_fd;
    if (epoll_ctl(w->epoll_fd, EPOLL_CTL_ADD, w->inotify_fd, &ev) != 0) goto fail;
    ev.data.fd = w->timer_fd;
    if (epoll_ctl(w->epoll_fd, EPOLL_CTL_ADD, w->timer_fd, &ev) != 0) goto fail;
    w->wd = inotify_add_watch(w->inotify_fd, w->dir, FW_MASK);
    if (w->wd < 0) {
        const char *hint = errno == ENOSPC ? " (raise fs.inotify.max_user_watches)" : "";
        fw_set_error(err, err_size, "%s: cannot watch directory %s: %s%s", w->given, w->dir,
                     strerror(errno), hint);
        return PH_ERR_IO;
    }
    return PH_OK;
fail:
    fw_set_error(err, err_size, "%s: epoll: %s", w->given, strerror(errno));
    return PH_ERR_IO;
}

PhStatus file_watch_create(FileWatch **out, const char *path, int debounce_ms,
                           char *err, size_t err_size)
{
    if (!out) return PH_ERR_ARG;
    *out = NULL;
    if (!path || !*path) {
        fw_set_error(err, err_size, "no file to watch");
        return PH_ERR_ARG;
    }
    if (debounce_ms < 0 || debounce_ms > FILE_WATCH_MAX_DEBOUNCE_MS) {
        fw_set_error(err, err_size, "%s: debounce %d ms outside 0..%d", path, debounce_ms,
                     FILE_WATCH_MAX_DEBOUNCE_MS);
        return PH_ERR_ARG;
    }
    FileWatch *w = calloc(1, sizeof *w);
    if (!w) {
        fw_set_error(err, err_size, "%s: out of memory", path);
        return PH_ERR_NOMEM;
    }
    w->inotify_fd = w->timer_fd = w->epoll_fd = w->wd = -1;
    w->timer_armed = FW_NO_DEADLINE;
    w->debounce_ns = (int64_t)(debounce_ms ? debounce_ms : FILE_WATCH_DEFAULT_DEBOUNCE_MS) * 1000000;
    w->given = fw_strndup(path, strlen(path));
    PhStatus st = w->given ? fw_split(w, path, err, err_size) : PH_ERR_NOMEM;
    if (st == PH_OK) st = fw_open_fds(w, err, err_size);
    if (st != PH_OK) {
        if (!w->given) fw_set_error(err, err_size, "%s: out of memory", path);
        file_watch_destroy(w);
        return st;
    }
    w->present = fw_file_exists(w);
    *out = w;
    return PH_OK;
}

int file_watch_fd(const FileWatch *w)
{
    return w ? w->epoll_fd : -1;
}

const char *file_watch_path(const FileWatch *w)
{
    return w && w->given ? w->given : "";
}

const char *file_watch_error(const FileWatch *w)
{
    return w ? w->error : "";
}

void file_watch_destroy(FileWatch *w)
{
    if (!w) return;
    if (w->epoll_fd >= 0) close(w->epoll_fd);
    if (w->timer_fd >= 0) close(w->timer_fd);
    if (w->inotify_fd >= 0) close(w->inotify_fd); /* drops the watch too */
    free(w->given);
    free(w->dir);
    free(w->name);
    free(w->full);
    free(w);
}

const char *file_watch_event_name(FileWatchEvent e)
{
    switch (e) {
    case FILE_WATCH_NONE: return "none";
    case FILE_WATCH_CHANGED: return "changed";
    case FILE_WATCH_MISSING: return "missing";
    case FILE_WATCH_ERROR: return "error";
    }
    return "?";
}
