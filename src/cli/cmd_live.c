/* cmd_live.c - `phonon live IN.ph`: play a program and reload it on every
 * save while the beat goes on.
 *
 * Threads: this (control) thread parses options, opens the session
 * (live_session.h: device, engine, samples, recorder), then loops on
 * ppoll() over the file watcher's descriptor and, on a terminal, stdin (for
 * `q`), waking every 100 ms to redraw the status line. A save is read,
 * compiled and submitted here (live_reload.h); the audio thread installs it
 * at a block boundary. SIGINT/SIGTERM/SIGHUP only set a flag: they are blocked in
 * every thread and let through only while this thread waits in ppoll(),
 * so the work of stopping (fade out, stop the device, finish the
 * recording, restore the terminal) happens here, in order. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_program.h"
#include "cli/live_reload.h"
#include "cli/live_session.h"
#include "cli/live_status.h"
#include "cli/live_term.h"
#include "core/realtime.h"
#include "core/status.h"
#include "io/audio_device.h"
#include "io/file_watch.h"

const char cmd_live_usage[] =
    "usage: phonon live [IN.ph] [options]\n"
    "\n"
    "Plays IN.ph and reloads it every time it is saved: the change is heard at\n"
    "the next block, the beat goes on, sounding notes ring on. A save with an\n"
    "error is reported and changes nothing. Without IN.ph, plays ./live.ph and\n"
    "creates it with a starter program if it does not exist.\n"
    "On a terminal a status line shows the cycle, tempo, voices, DSP load and\n"
    "xruns; q or Ctrl-C fades out and quits.\n"
    "  --device NAME     output device: a name (or part of it), an index from\n"
    "                    --list-devices, or null (no sound, real-time paced)\n"
    "  --list-devices    list the output devices and exit\n"
    "  --latency MS      suggested output latency (default: the device's low default)\n"
    "  --block N         frames per block (default 512)\n"
    "  --sample-rate R   output rate in Hz (default: the device's native rate)\n"
    "  --record OUT.wav  write exactly what is sent to the device (32-bit float)\n"
    "  --samples DIR     a sample folder (repeatable; searched first)\n"
    "  --threads N       voice mixing threads (default: one per CPU)\n"
    "  --voices N        voices allocated up front (default 16384)\n"
    "  --rt-priority N   real-time (SCHED_FIFO) priority of the audio threads, 1-99,\n"
    "                    where the system permits it (root, or an rtprio limit as\n"
    "                    the audio group has); 0: normal scheduling (default 70)\n"
    "  --debounce MS     quiet time after a file event before reloading (default 10)\n"
    "  --duration SEC    stop by itself after SEC seconds of audio (scripts, tests)\n";

#define LIVE_STARTER_NAME "live.ph"
#define LIVE_STATUS_MS 100
#define LIVE_AWAIT_MS 2            /* poll period while a reload waits to go live */
#define LIVE_DEFAULT_DEBOUNCE_MS 10
#define LIVE_CONTROL_NICE 10       /* this thread's niceness once the audio runs (see live_calm_down) */

static const char live_starter[] =
    "-- live.ph: `phonon live` plays this file and reloads it every time you save.\n"
    "-- Change a number or a pattern, save, and hear it at the next block.\n"
    "-- A save with an error changes nothing (the error is printed); q or Ctrl-C quits.\n"
    "tempo: 0.5\n"
    "\n"
    "~drums: s \"[bd*4, hh*8, ~ sn ~ sn]\" # gain 0.9\n"
    "~bass: saw \"55 55 82.5 73.4\" # lpf 700 0.9\n"
    "~pad: sine \"220 277.18 329.63 277.18\" * 0.08\n"
    "\n"
    "out: ~drums * 0.7 + ~bass * 0.12 + ~pad\n";

/* The one piece of mutable global state: which stop signal arrived. */
static volatile sig_atomic_t live_stop_signal;

static void live_on_signal(int sig) { live_stop_signal = sig; }

typedef struct LiveArgs {
    const char *in;
    LiveOptions o;
    bool list;
    int debounce_ms;
    double duration;
    const char *dirs[CLI_MAX_SAMPLE_DIRS];
} LiveArgs;

static int live_parse_value(LiveArgs *a, const char *o, const char *v)
{
    long n;
    double x;
    if (!strcmp(o, "--device")) {
        if (!v) return cli_usage_error("live", "--device needs a name, an index or null");
        a->o.device = v;
    } else if (!strcmp(o, "--latency")) {
        if (!cli_parse_double(v, 0.0, AUDIO_DEVICE_MAX_LATENCY_MS, &a->o.latency_ms))
            return cli_usage_error("live", "--latency needs milliseconds from 0 to %g", AUDIO_DEVICE_MAX_LATENCY_MS);
    } else if (!strcmp(o, "--block")) {
        if (!cli_parse_int(v, 16, PROGRAM_MAX_BLOCK, &n))
            return cli_usage_error("live", "--block needs 16 to %d frames", PROGRAM_MAX_BLOCK);
        a->o.block = (int)n;
    } else if (!strcmp(o, "--sample-rate")) {
        if (!cli_parse_int(v, 8000, 384000, &n))
            return cli_usage_error("live", "--sample-rate needs a rate from 8000 to 384000 Hz");
        a->o.sample_rate = (double)n;
    } else if (!strcmp(o, "--record")) {
        if (!v) return cli_usage_error("live", "--record needs a file name");
        a->o.record = v;
    } else if (!strcmp(o, "--samples")) {
        if (!v) return cli_usage_error("live", "--samples needs a folder");
        if (a->o.nsample_dirs == CLI_MAX_SAMPLE_DIRS) return cli_usage_error("live", "too many --samples folders");
        a->dirs[a->o.nsample_dirs++] = v;
    } else if (!strcmp(o, "--threads")) {
        if (!cli_parse_int(v, 1, 256, &n)) return cli_usage_error("live", "--threads needs a count from 1 to 256");
        a->o.threads = (int)n;
    } else if (!strcmp(o, "--voices")) {
        if (!cli_parse_int(v, 16, 65536, &n)) return cli_usage_error("live", "--voices needs 16 to 65536");
        a->o.voices = (int)n;
    } else if (!strcmp(o, "--rt-priority")) {
        if (!cli_parse_int(v, 0, REALTIME_MAX_PRIORITY, &n))
            return cli_usage_error("live", "--rt-priority needs 0 (off) to %d", REALTIME_MAX_PRIORITY);
        a->o.rt_priority = (int)n;
    } else if (!strcmp(o, "--debounce")) {
        if (!cli_parse_int(v, 1, FILE_WATCH_MAX_DEBOUNCE_MS, &n))
            return cli_usage_error("live", "--debounce needs 1 to %d ms", FILE_WATCH_MAX_DEBOUNCE_MS);
        a->debounce_ms = (int)n;
    } else if (!strcmp(o, "--duration")) {
        if (!cli_parse_double(v, 1e-3, 1e7, &x)) return cli_usage_error("live", "--duration needs seconds > 0");
        a->duration = x;
    } else {
        return cli_usage_error("live", "unknown option '%s'", o);
    }
    return -1;
}

static int live_parse_args(int argc, char **argv, LiveArgs *a)
{
    memset(a, 0, sizeof *a);
    a->o.block = LIVE_DEFAULT_BLOCK;
    a->o.voices = LIVE_DEFAULT_VOICES;
    a->o.rt_priority = REALTIME_DEFAULT_PRIORITY;
    a->o.sample_dirs = a->dirs;
    a->debounce_ms = LIVE_DEFAULT_DEBOUNCE_MS;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        if (!strcmp(o, "--list-devices")) {
            a->list = true;
        } else if (o[0] == '-' && o[1] == '-') {
            int rc = live_parse_value(a, o, i + 1 < argc ? argv[i + 1] : NULL);
            if (rc >= 0) return rc;
            i++;
        } else if (!a->in) {
            a->in = o;
        } else {
            return cli_usage_error("live", "unexpected argument '%s'", o);
        }
    }
    if (a->in && !strcmp(a->in, "-"))
        return cli_usage_error("live", "live mode watches a file; it cannot read stdin");
    return -1;
}

static int live_list_devices(void)
{
    AudioDeviceInfo devs[64];
    int n = 0;
    char err[AUDIO_DEVICE_ERR_MAX] = "";
    PhStatus st = audio_device_list(devs, 64, &n, err, sizeof err);
    if (st != PH_OK) fprintf(stderr, "phonon live: %s\n", err);
    if (n > 64) n = 64;
    printf("%-6s %-40s %-28s %4s %8s %9s\n", "index", "name", "host", "ch", "rate", "latency");
    for (int i = 0; i < n; i++) {
        const AudioDeviceInfo *d = &devs[i];
        char idx[16];
        if (d->index == AUDIO_DEVICE_NULL_INDEX) snprintf(idx, sizeof idx, "-");
        else snprintf(idx, sizeof idx, "%d", d->index);
        printf("%-6s %-40.40s %-28.28s %4d %8.0f %6.1f ms%s\n", idx, d->name, d->host_api, d->max_output_channels,
               d->default_rate, d->default_latency_ms, d->is_default ? "  (default)" : "");
    }
    return PH_EXIT_OK;
}

/* No IN.ph: ./live.ph, created with the starter program unless it exists. */
static const char *live_starter_file(void)
{
    int fd = open(LIVE_STARTER_NAME, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0) {
        if (errno == EEXIST) {
            fprintf(stderr, "phonon live: playing the existing %s\n", LIVE_STARTER_NAME);
            return LIVE_STARTER_NAME;
        }
        fprintf(stderr, "phonon live: cannot create %s: %s\n", LIVE_STARTER_NAME, strerror(errno));
        return NULL;
    }
    size_t n = sizeof live_starter - 1;
    bool ok = write(fd, live_starter, n) == (ssize_t)n;
    ok = close(fd) == 0 && ok;
    if (!ok) {
        fprintf(stderr, "phonon live: cannot write %s: %s\n", LIVE_STARTER_NAME, strerror(errno));
        return NULL;
    }
    fprintf(stderr, "phonon live: created %s with a starter program; edit it and save\n", LIVE_STARTER_NAME);
    return LIVE_STARTER_NAME;
}

/* ---- the control loop -------------------------------------------------------------------------- */

typedef struct LiveLoop {
    LiveSession *session;
    LiveReloader reload;
    LiveStatusLine status;
    FileWatch *watch;
    LiveTerm term;
    bool keys;                 /* stdin is a terminal in single-key mode */
    int64_t stop_frame;        /* --duration, or INT64_MAX */
    uint64_t xruns_seen;       /* xruns already reported */
    int rt_priority;           /* --rt-priority */
    sigset_t wait_mask;        /* the signal mask while waiting: the stop signals let through */
} LiveLoop;

static int64_t live_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Handles what the watcher has to report. false if it failed for good. */
static bool live_watch_events(LiveLoop *L)
{
    for (;;) {
        FileWatchEvent ev = file_watch_wait(L->watch, 0);
        switch (ev) {
        case FILE_WATCH_NONE: return true;
        case FILE_WATCH_CHANGED: live_reload(&L->reload, NULL); break;
        case FILE_WATCH_MISSING: live_reload_missing(&L->reload); break;
        case FILE_WATCH_ERROR:
            live_say(&L->status, "%s; no more reloads (the music goes on; q or Ctrl-C quits)",
                     file_watch_error(L->watch));
            return false;
        }
    }
}

static void live_draw_status(LiveLoop *L)
{
    LiveMeter m;
    live_session_meter(L->session, &m);
    if (m.xruns > L->xruns_seen && !L->status.enabled) /* a terminal shows the count instead */
        live_say(NULL, "%llu xrun(s) around frame %lld (cycle %.3f)", (unsigned long long)(m.xruns - L->xruns_seen),
                 (long long)m.engine.frame, m.engine.cycle);
    L->xruns_seen = m.xruns;
    LiveStatusInfo i = { .cycle = m.engine.cycle, .cps = m.engine.cps, .voices = m.engine.voices,
                         .load = m.load, .load_peak = m.load_peak, .xruns = m.xruns,
                         .reloads = L->reload.reloads, .errors = L->reload.failures,
                         .last_compile_ms = L->reload.last_compile_ms, .broken = L->reload.broken,
                         .missing = L->reload.missing, .silent = L->reload.good == NULL,
                         .missing_samples = m.engine.missing_samples };
    live_status_draw(&L->status, &i);
}

static void live_run(LiveLoop *L)
{
    bool watching = true;
    int64_t next_status = 0;
    while (!live_stop_signal) {
        int64_t now = live_mono_ms();
        int timeout = L->reload.awaiting ? LIVE_AWAIT_MS : (int)(next_status > now ? next_status - now : 0);
        if (timeout > LIVE_STATUS_MS) timeout = LIVE_STATUS_MS;
        struct pollfd fds[2] = { { watching ? file_watch_fd(L->watch) : -1, POLLIN, 0 },
                                 { L->keys ? STDIN_FILENO : -1, POLLIN, 0 } };
        struct timespec ts = { timeout / 1000, (long)(timeout % 1000) * 1000000 };
        int n = ppoll(fds, 2, &ts, &L->wait_mask);
        if (live_stop_signal) break;
        if (n > 0 && (fds[1].revents & POLLIN)) {
            bool eof;
            if (live_term_read_quit(&L->term, &eof) || eof) break;
        } else if (n > 0 && (fds[1].revents & (POLLHUP | POLLERR | POLLNVAL))) {
            L->keys = false; /* the terminal went away: stop listening, keep playing */
        }
        if (watching && n > 0 && fds[0].revents) watching = live_watch_events(L);
        live_session_collect(L->session);
        live_reload_confirm(&L->reload);
        EngineStatus es;
        live_session_engine_status(L->session, &es);
        if (es.frame >= L->stop_frame) break;
        now = live_mono_ms();
        if (now >= next_status) {
            live_draw_status(L);
            next_status = now + LIVE_STATUS_MS;
        }
    }
}

/* Blocks SIGINT/SIGTERM/SIGHUP in this thread (so every thread created from now on
 * inherits the block) and installs the flag-setting handlers. */
static void live_signals(LiveLoop *L, sigset_t *saved)
{
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &block, saved);
    L->wait_mask = *saved;
    sigdelset(&L->wait_mask, SIGINT);
    sigdelset(&L->wait_mask, SIGTERM);
    sigdelset(&L->wait_mask, SIGHUP);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = live_on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL); /* the terminal closed: stop cleanly, finish the recording */
    signal(SIGPIPE, SIG_IGN);
}

/* Once every audio-side thread exists (device, voice workers, recorder;
 * they keep the niceness they were created with), this thread - parsing,
 * compiling, printing - yields the CPU to them: a 1 MB program compiles for
 * half a second, and on a busy 2-core machine it must not make a voice
 * worker late. Linux gives each thread its own nice value. */
static void live_calm_down(void)
{
    pid_t tid = (pid_t)syscall(SYS_gettid);
    int now = getpriority(PRIO_PROCESS, (id_t)tid);
    if (now < LIVE_CONTROL_NICE) setpriority(PRIO_PROCESS, (id_t)tid, LIVE_CONTROL_NICE);
}

static void live_banner(LiveLoop *L, const char *path)
{
    const AudioDeviceStatus *d = live_session_device(L->session);
    double rate = live_session_rate(L->session);
    int block = live_session_block(L->session);
    live_say(NULL, "playing %s on %s (%s): %.0f Hz, %d-frame blocks (%.1f ms), device latency %.1f ms, "
                   "look-ahead %d frames",
             path, d->name, d->host_api, rate, block, 1000.0 * block / rate, d->latency_ms,
             live_session_latency_frames(L->session));
    bool dev_rt, work_rt;
    int threads;
    live_session_realtime(L->session, &dev_rt, &work_rt, &threads);
    if (L->rt_priority > 0 && dev_rt && (work_rt || threads < 2))
        live_say(NULL, "audio threads: real-time (SCHED_FIFO %d)", L->rt_priority);
    else if (L->rt_priority > 0)
        live_say(NULL, "audio threads: %s scheduling (real-time was not permitted: an rtprio limit, "
                       "such as the audio group's, allows it); xruns are more likely under load",
                 dev_rt || work_rt ? "partly normal" : "normal");
    if (L->status.enabled) live_say(NULL, "edit and save %s; q or Ctrl-C quits", path);
}

static void live_summary(LiveLoop *L)
{
    LiveMeter m;
    live_session_meter(L->session, &m);
    double rate = live_session_rate(L->session);
    live_say(&L->status,
             "stopped after %.1f s of audio: frames=%lld reloads=%d failed=%d xruns=%llu "
             "worst_block=%.2fms@%lld%s",
             (double)m.engine.frame / rate, (long long)m.engine.frame, L->reload.reloads, L->reload.failures,
             (unsigned long long)m.xruns, m.worst_block_ms, (long long)m.worst_block_frame,
             live_stop_signal == SIGTERM ? " (SIGTERM)" : "");
    EngineStats es;
    live_session_engine_stats(L->session, &es);
    live_say(&L->status,
             "engine: peak_voices=%d mean_voices=%.1f voices_started=%llu voices_stolen=%llu "
             "missing_samples=%llu block_us p50=%.1f p99=%.1f max=%.1f (%.1f us per block of %d frames)",
             es.peak_voices, es.mean_voices, (unsigned long long)es.voices_started,
             (unsigned long long)es.voices_stolen, (unsigned long long)es.missing_samples, es.block_p50_us,
             es.block_p99_us, es.block_max_us, 1e6 * live_session_block(L->session) / rate,
             live_session_block(L->session));
}

int cmd_live(int argc, char **argv)
{
    LiveArgs a;
    int rc = live_parse_args(argc, argv, &a);
    if (rc >= 0) return rc;
    if (a.list) return live_list_devices();
    const char *path = a.in ? a.in : live_starter_file();
    if (!path) return PH_EXIT_ERROR;
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "phonon live: %s: %s\n", path, strerror(errno));
        return PH_EXIT_ERROR;
    }

    LiveLoop L;
    memset(&L, 0, sizeof L);
    sigset_t saved_mask;
    live_signals(&L, &saved_mask);
    live_stop_signal = 0;
    rc = PH_EXIT_ERROR;
    char err[FILE_WATCH_ERR_MAX];
    if (file_watch_create(&L.watch, path, a.debounce_ms, err, sizeof err) != PH_OK) {
        fprintf(stderr, "phonon live: %s\n", err);
        goto done;
    }
    if (live_session_open(&L.session, &a.o) != PH_OK) goto done;
    live_status_init(&L.status, stderr, STDERR_FILENO);
    live_reload_init(&L.reload, path, L.session, &L.status);
    double rate = live_session_rate(L.session);
    L.stop_frame = a.duration > 0 ? (int64_t)(a.duration * rate + 0.5) : INT64_MAX;

    Program *first = NULL;
    if (!live_reload(&L.reload, &first))
        live_say(NULL, "%s does not compile yet; playing silence until a save does", path);
    if (first) live_session_set_program(L.session, first);
    if (live_session_start(L.session) != PH_OK) goto done;
    live_calm_down();
    L.rt_priority = a.o.rt_priority;
    live_banner(&L, path);
    L.keys = live_term_enter(&L.term, STDIN_FILENO);

    live_run(&L);

    live_term_restore(&L.term);
    live_session_fade_out(L.session);
    live_session_stop(L.session);
    live_summary(&L);
    rc = PH_EXIT_OK;
done:
    live_term_restore(&L.term);
    live_status_clear(&L.status);
    if (live_session_close(L.session) != PH_OK) rc = PH_EXIT_ERROR;
    live_reload_free(&L.reload);
    file_watch_destroy(L.watch);
    pthread_sigmask(SIG_SETMASK, &saved_mask, NULL);
    return rc;
}
