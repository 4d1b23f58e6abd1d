/* test_io_file_watch.c - the file watcher against the ways real editors and
 * tools save: in place, append, rename-over (mv, sed -i), delete+recreate,
 * vim (both backupcopy modes, the real binary when installed), ed, bursts
 * of writes, a writer that keeps the file open, unrelated files, a missing
 * file, the directory vanishing and coming back, and the pollable fd.
 *
 * Every check counts reports after the tool finished: one save must give
 * exactly one CHANGED, and the content read afterwards must be the last one
 * written. Debounces are generous (150 ms) so a loaded machine does not split
 * a save in two; the tests never assert durations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "io/file_watch.h"

enum { DEBOUNCE = 150, SETTLE_MS = 700 };

typedef struct Fixture {
    char dir[64];
    char file[128];
    FileWatch *w;
} Fixture;

static void run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void run(const char *fmt, ...)
{
    char cmd[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    int rc = system(cmd);
    if (rc != 0) fail_msg("command failed (%d): %s", rc, cmd);
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void read_file(const char *path, char *buf, size_t cap)
{
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    size_t n = fread(buf, 1, cap - 1, fp);
    buf[n] = 0;
    fclose(fp);
}

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/phonon_watch_XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    snprintf(f->file, sizeof f->file, "%s/song.ph", f->dir);
    write_file(f->file, "initial\n");
    char err[FILE_WATCH_ERR_MAX];
    if (file_watch_create(&f->w, f->file, DEBOUNCE, err, sizeof err) != PH_OK) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    file_watch_destroy(f->w);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s.moved'", f->dir, f->dir);
    if (system(cmd) != 0) return -1;
    free(f);
    return 0;
}

typedef struct Counts {
    int changed, missing, error;
    FileWatchEvent last;
} Counts;

/* Collects reports until none arrives for SETTLE_MS. */
static Counts collect_for(FileWatch *w, int settle_ms)
{
    Counts c = {0, 0, 0, FILE_WATCH_NONE};
    for (;;) {
        FileWatchEvent e = file_watch_wait(w, settle_ms);
        if (e == FILE_WATCH_NONE) return c;
        c.last = e;
        if (e == FILE_WATCH_CHANGED) c.changed++;
        if (e == FILE_WATCH_MISSING) c.missing++;
        if (e == FILE_WATCH_ERROR) {
            c.error++;
            return c;
        }
    }
}

static Counts collect(FileWatch *w)
{
    return collect_for(w, SETTLE_MS);
}

static void expect_one_change(Fixture *f, const char *want_content)
{
    Counts c = collect(f->w);
    assert_int_equal(c.error, 0);
    assert_int_equal(c.missing, 0);
    assert_int_equal(c.changed, 1);
    char buf[256];
    read_file(f->file, buf, sizeof buf);
    assert_string_equal(buf, want_content);
}

static void test_quiet_when_untouched(void **state)
{
    Fixture *f = *state;
    assert_int_equal(file_watch_wait(f->w, 0), FILE_WATCH_NONE);
    assert_int_equal(file_watch_wait(f->w, 300), FILE_WATCH_NONE);
    assert_string_equal(file_watch_path(f->w), f->file);
}

static void test_write_in_place(void **state)
{
    Fixture *f = *state;
    run("printf 'in place\\n' > '%s'", f->file);
    expect_one_change(f, "in place\n");
}

static void test_append(void **state)
{
    Fixture *f = *state;
    run("printf 'more\\n' >> '%s'", f->file);
    expect_one_change(f, "initial\nmore\n");
}

static void test_rename_over(void **state)
{
    Fixture *f = *state;
    run("printf 'renamed\\n' > '%s/.song.ph.tmp' && mv '%s/.song.ph.tmp' '%s'", f->dir, f->dir,
        f->file);
    expect_one_change(f, "renamed\n");
}

static void test_sed_in_place(void **state)
{
    Fixture *f = *state;
    run("sed -i 's/initial/sedded/' '%s'", f->file);
    expect_one_change(f, "sedded\n");
}

static void test_delete_then_create(void **state)
{
    Fixture *f = *state;
    run("rm '%s' && printf 'recreated\\n' > '%s'", f->file, f->file);
    expect_one_change(f, "recreated\n");
}

static void test_vim_style_backup_rename(void **state)
{
    Fixture *f = *state;
    /* what vim does with backupcopy=no: move the original to a backup, write
     * a new file under the name, delete the backup */
    run("mv '%s' '%s~' && printf 'vim\\n' > '%s' && rm '%s~'", f->file, f->file, f->file, f->file);
    expect_one_change(f, "vim\n");
}

static int have_tool(const char *name)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", name);
    return system(cmd) == 0;
}

static void test_real_vim_both_modes(void **state)
{
    Fixture *f = *state;
    if (!have_tool("vim")) {
        print_message("vim not installed: skipping the real-editor check\n");
        skip();
    }
    const char *modes[] = {"no", "yes", "auto"};
    for (int i = 0; i < 3; i++) {
        run("vim -u NONE -i NONE -N -n -e -s -c 'set backupcopy=%s writebackup backup' "
            "-c '%%d' -c 'call setline(1, \"vim %s\")' -c 'wq' '%s' </dev/null >/dev/null 2>&1",
            modes[i], modes[i], f->file);
        char want[64];
        snprintf(want, sizeof want, "vim %s\n", modes[i]);
        expect_one_change(f, want);
    }
}

static void test_real_ed(void **state)
{
    Fixture *f = *state;
    if (!have_tool("ed")) skip();
    run("printf ',s/initial/ed/\\nw\\nq\\n' | ed -s '%s'", f->file);
    expect_one_change(f, "ed\n");
}

/* Many writes inside one debounce window: one report, last content. */
static void test_burst_is_one_change(void **state)
{
    Fixture *f = *state;
    char text[32];
    for (int i = 0; i < 20; i++) {
        snprintf(text, sizeof text, "burst %d\n", i);
        write_file(f->file, text);
    }
    expect_one_change(f, "burst 19\n");
}

/* 100 saves over about a second: a few reports, never one per save, and
 * the last report comes after the last save. */
static void test_hundred_saves_in_a_second(void **state)
{
    Fixture *f = *state;
    FileWatch *w = NULL;
    assert_int_equal(file_watch_create(&w, f->file, 40, NULL, 0), PH_OK);
    char text[32];
    int reports = 0;
    for (int i = 0; i < 100; i++) {
        snprintf(text, sizeof text, "save %d\n", i);
        if (i % 2) {
            write_file(f->file, text);
        } else {
            char tmp[160];
            snprintf(tmp, sizeof tmp, "%s/tmp.%d", f->dir, i);
            write_file(tmp, text);
            assert_int_equal(rename(tmp, f->file), 0);
        }
        /* 10 ms between saves, spent checking the watcher like a live loop */
        FileWatchEvent e = file_watch_wait(w, 10);
        assert_true(e == FILE_WATCH_NONE || e == FILE_WATCH_CHANGED);
        reports += e == FILE_WATCH_CHANGED;
    }
    Counts c = collect(w);
    assert_true(c.changed <= 1); /* the final save is reported once (or was just forced out) */
    assert_int_equal(c.missing, 0);
    reports += c.changed;
    print_message("100 saves in ~1 s -> %d reports\n", reports);
    assert_true(reports >= 1 && reports <= 12);
    char buf[64];
    read_file(f->file, buf, sizeof buf);
    assert_string_equal(buf, "save 99\n");
    file_watch_destroy(w);
}

/* A writer that pauses longer than the debounce with the file open is
 * waited for: the single report comes after it closed the file. */
static void test_slow_writer_waited_for(void **state)
{
    Fixture *f = *state;
    int fd = open(f->file, O_WRONLY | O_TRUNC);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "first half ", 11), 11);
    assert_int_equal(file_watch_wait(f->w, 3 * DEBOUNCE), FILE_WATCH_NONE);
    assert_int_equal(write(fd, "second half\n", 12), 12);
    close(fd);
    expect_one_change(f, "first half second half\n");
}

static void test_unrelated_files_ignored(void **state)
{
    Fixture *f = *state;
    run("cd '%s' && printf x > other.ph && printf y > .song.ph.swp && printf z > song.ph~ "
        "&& printf w > song.ph.bak && mv other.ph other2.ph && rm .song.ph.swp && mkdir sub "
        "&& printf v > sub/song.ph",
        f->dir);
    /* long enough to outlast the open-writer hold, so a wrongly matched
     * create/modify would have been reported */
    Counts c = collect_for(f->w, FILE_WATCH_MAX_HOLD_MS + 500);
    assert_int_equal(c.changed + c.missing + c.error, 0);
}

static void test_delete_reports_missing_then_reappears(void **state)
{
    Fixture *f = *state;
    run("rm '%s'", f->file);
    Counts c = collect(f->w);
    assert_int_equal(c.missing, 1);
    assert_int_equal(c.changed, 0);
    /* more activity while missing is not reported again */
    run("printf q > '%s/other.ph'", f->dir);
    c = collect(f->w);
    assert_int_equal(c.missing + c.changed, 0);
    run("printf 'back\\n' > '%s'", f->file);
    expect_one_change(f, "back\n");
}

static void test_rename_away_is_missing(void **state)
{
    Fixture *f = *state;
    run("mv '%s' '%s/renamed.ph'", f->file, f->dir);
    Counts c = collect(f->w);
    assert_int_equal(c.missing, 1);
    assert_int_equal(c.changed, 0);
}

static void test_missing_at_create_then_appears(void **state)
{
    Fixture *f = *state;
    char path[160];
    snprintf(path, sizeof path, "%s/later.ph", f->dir);
    FileWatch *w = NULL;
    assert_int_equal(file_watch_create(&w, path, DEBOUNCE, NULL, 0), PH_OK);
    assert_int_equal(file_watch_wait(w, 300), FILE_WATCH_NONE);
    write_file(path, "hello\n");
    Counts c = collect(w);
    assert_int_equal(c.changed, 1);
    assert_int_equal(c.missing, 0);
    file_watch_destroy(w);
}

static void test_directory_vanishes_and_returns(void **state)
{
    Fixture *f = *state;
    run("rm -rf '%s'", f->dir);
    Counts c = collect(f->w);
    assert_int_equal(c.missing, 1);
    assert_int_equal(c.changed, 0);
    assert_int_equal(c.error, 0);
    run("mkdir '%s' && printf 'new dir\\n' > '%s'", f->dir, f->file);
    expect_one_change(f, "new dir\n");
}

static void test_directory_moved_away_and_back(void **state)
{
    Fixture *f = *state;
    run("mv '%s' '%s.moved'", f->dir, f->dir);
    Counts c = collect(f->w);
    assert_int_equal(c.missing, 1);
    /* a save inside the moved directory is not our file any more */
    run("printf 'elsewhere\\n' > '%s.moved/song.ph'", f->dir);
    c = collect(f->w);
    assert_int_equal(c.changed + c.missing, 0);
    run("mv '%s.moved' '%s'", f->dir, f->dir);
    expect_one_change(f, "elsewhere\n");
}

/* The fd is what a live loop polls alongside other inputs. */
static void test_pollable_fd(void **state)
{
    Fixture *f = *state;
    int fd = file_watch_fd(f->w);
    assert_true(fd >= 0);
    struct pollfd p = {fd, POLLIN, 0};
    assert_int_equal(poll(&p, 1, 0), 0); /* nothing yet */
    write_file(f->file, "polled\n");
    FileWatchEvent e = FILE_WATCH_NONE;
    for (int i = 0; i < 20 && e == FILE_WATCH_NONE; i++) {
        assert_int_equal(poll(&p, 1, 5000), 1); /* must wake: data, then the debounce timer */
        e = file_watch_wait(f->w, 0);
    }
    assert_int_equal(e, FILE_WATCH_CHANGED);
    assert_int_equal(poll(&p, 1, 300), 0); /* and then go quiet */
}

static void test_create_errors(void **state)
{
    (void)state;
    FileWatch *w = (FileWatch *)1;
    char err[FILE_WATCH_ERR_MAX] = "";
    assert_int_equal(file_watch_create(&w, "/nonexistent_phonon_dir/a.ph", 0, err, sizeof err),
                     PH_ERR_IO);
    assert_null(w);
    assert_non_null(strstr(err, "/nonexistent_phonon_dir"));
    assert_int_equal(file_watch_create(&w, "/tmp/", 0, err, sizeof err), PH_ERR_ARG);
    assert_int_equal(file_watch_create(&w, "a.ph", -1, err, sizeof err), PH_ERR_ARG);
    assert_int_equal(file_watch_create(&w, "", 0, err, sizeof err), PH_ERR_ARG);
    /* a bare name watches the current directory */
    assert_int_equal(file_watch_create(&w, "no_such_file_here.ph", 0, err, sizeof err), PH_OK);
    assert_int_equal(file_watch_wait(w, 0), FILE_WATCH_NONE);
    file_watch_destroy(w);
    file_watch_destroy(NULL);
    assert_string_equal(file_watch_event_name(FILE_WATCH_MISSING), "missing");
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_quiet_when_untouched),
        T(test_write_in_place),
        T(test_append),
        T(test_rename_over),
        T(test_sed_in_place),
        T(test_delete_then_create),
        T(test_vim_style_backup_rename),
        T(test_real_vim_both_modes),
        T(test_real_ed),
        T(test_burst_is_one_change),
        T(test_hundred_saves_in_a_second),
        T(test_slow_writer_waited_for),
        T(test_unrelated_files_ignored),
        T(test_delete_reports_missing_then_reappears),
        T(test_rename_away_is_missing),
        T(test_missing_at_create_then_appears),
        T(test_directory_vanishes_and_returns),
        T(test_directory_moved_away_and_back),
        T(test_pollable_fd),
        T(test_create_errors),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
