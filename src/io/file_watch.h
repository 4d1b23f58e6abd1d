/* file_watch.h - "tell me when this file was saved" for `phonon live`, on
 * inotify (no mtime polling).
 *
 * The watcher watches the file's DIRECTORY and filters events by the file's
 * name, so every way editors save is seen: write in place (`>`, VS Code),
 * append, write-temp-then-rename (sed -i, emacs, vim with backupcopy=no),
 * backup-rename-then-write (vim's default), delete then create.
 *
 * Debounce: an event is reported only after DEBOUNCE_MS of quiet for the
 * file, so one save -> one CHANGED. While the file is open for writing (seen
 * modified but not yet closed) the report waits, up to FILE_WATCH_MAX_HOLD_MS,
 * so a half-written file is not read. Under continuous churn (a save every few
 * ms) a report is forced after FILE_WATCH_MAX_DELAY_FACTOR x debounce, so
 * reports stay bounded and never starve; the last report always comes after
 * the last save.
 *
 * When the file is gone after the quiet period (deleted, renamed away) the
 * watcher reports MISSING once; when it reappears, CHANGED. If the directory
 * itself vanishes or is moved, MISSING is reported and the watcher re-arms
 * itself every FILE_WATCH_RETRY_MS until the directory is back (this retries
 * inotify_add_watch; it never stats the file on a timer).
 *
 * One watcher belongs to one thread; it never blocks except inside
 * file_watch_wait(). */
#ifndef PHONON_IO_FILE_WATCH_H
#define PHONON_IO_FILE_WATCH_H

#include <stddef.h>

#include "core/status.h"

typedef enum FileWatchEvent {
    FILE_WATCH_NONE = 0,  /* timeout: nothing to report */
    FILE_WATCH_CHANGED,   /* the file was saved (or reappeared): read it again */
    FILE_WATCH_MISSING,   /* the file (or its directory) is gone: keep playing */
    FILE_WATCH_ERROR      /* inotify failed; see file_watch_error() */
} FileWatchEvent;

enum {
    FILE_WATCH_DEFAULT_DEBOUNCE_MS = 40,
    FILE_WATCH_MAX_DEBOUNCE_MS = 10000,
    FILE_WATCH_MAX_HOLD_MS = 2000,       /* longest wait for a writer to close the file */
    FILE_WATCH_MAX_DELAY_FACTOR = 10,    /* forced report after this many debounce periods */
    FILE_WATCH_RETRY_MS = 200,           /* re-arm period while the directory is missing */
    FILE_WATCH_ERR_MAX = 256
};

typedef struct FileWatch FileWatch;

/* Starts watching PATH. The file may be missing (it is reported as CHANGED
 * when it appears); its directory must exist. DEBOUNCE_MS 0 picks
 * FILE_WATCH_DEFAULT_DEBOUNCE_MS. Errors: PH_ERR_IO (directory missing,
 * inotify limits), PH_ERR_ARG, PH_ERR_NOMEM; message in ERR (may be NULL). */
PhStatus file_watch_create(FileWatch **out, const char *path, int debounce_ms,
                           char *err, size_t err_size);

/* Waits up to TIMEOUT_MS (0: just check, -1: forever) for the next report.
 * Returns FILE_WATCH_NONE on timeout. */
FileWatchEvent file_watch_wait(FileWatch *w, int timeout_ms);

/* A descriptor that becomes readable when file_watch_wait(w, 0) may have
 * something to report (inotify data or a debounce deadline), for callers that
 * multiplex with poll()/epoll. Owned by the watcher. */
int file_watch_fd(const FileWatch *w);

/* The watched path as given, and the last error message ("" if none). */
const char *file_watch_path(const FileWatch *w);
const char *file_watch_error(const FileWatch *w);

/* Stops watching and frees W (NULL is a no-op). */
void file_watch_destroy(FileWatch *w);

/* "none" / "changed" / "missing" / "error". */
const char *file_watch_event_name(FileWatchEvent e);

#endif
