/* test_io_audio_device.c - the audio device on real audio paths of a machine
 * without a sound card:
 *   - ALSA through PortAudio, with the `null` and `file` PCMs defined in
 *     tests/data/io/asound.conf (ALSA_CONFIG_PATH = system alsa.conf + that
 *     file); the file PCM captures the raw stream, which must equal what the
 *     render callback produced, sample for sample;
 *   - JACK through PortAudio, with a private `jackd -d dummy` (a timer-paced
 *     JACK server, no hardware) started here and killed afterwards: pacing,
 *     fixed block sizes, the block adapter, xruns, start/stop cycles;
 *   - the built-in null device (timer thread): pacing, xruns, start/stop.
 * A path whose tools are missing (no alsa.conf, no jackd) is skipped with a
 * message. Pacing checks are deliberately loose (the machine is shared): they
 * catch an unpaced stream (ALSA null runs ~1000x real time) or a stalled one,
 * and print the measured numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <errno.h>
#include <sys/prctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/realtime.h"
#include "io/audio_device.h"

#define SYSTEM_ALSA_CONF "/usr/share/alsa/alsa.conf"
#define JACK_HOST "JACK Audio Connection Kit"

enum { RATE = 48000, MAX_CALLS = 20000 };

/* What the render callback saw; preallocated, filled on the audio thread. */
typedef struct Probe {
    int64_t pos;                 /* frames produced so far = index of the next sample */
    int calls;
    int min_n, max_n;
    int64_t t_ns[MAX_CALLS];     /* call times (CLOCK_MONOTONIC) */
    int stall_every;             /* if > 0, every stall_every-th call sleeps stall_ms */
    int stall_ms;
    int policy;                  /* the render thread's scheduling policy (last call) */
} Probe;

typedef struct Env {
    bool alsa;                   /* our asound.conf is in effect */
    char alsa_file[128];         /* where the file PCM writes */
    bool jack;                   /* a private jackd is up */
    pid_t jackd;
    char tmp[64];
} Env;

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};
    nanosleep(&ts, NULL);
}

/* The test signal: distinct, exactly representable, never 0. */
static float sig_l(int64_t i)
{
    return (float)((i % 8191) + 1) / 8192.0f;
}

static float sig_r(int64_t i)
{
    return -(float)((i % 4093) + 1) / 4096.0f;
}

static void probe_render(void *user, float *l, float *r, int n)
{
    Probe *p = user;
    if (p->calls < MAX_CALLS) p->t_ns[p->calls] = now_ns();
    for (int i = 0; i < n; i++) {
        l[i] = sig_l(p->pos + i);
        r[i] = sig_r(p->pos + i);
    }
    p->pos += n;
    if (p->calls == 0 || n < p->min_n) p->min_n = n;
    if (n > p->max_n) p->max_n = n;
    p->calls++;
    struct sched_param sp;
    pthread_getschedparam(pthread_self(), &p->policy, &sp);
    if (p->stall_every > 0 && p->calls % p->stall_every == 0) sleep_ms(p->stall_ms);
}

static Probe *probe_new(void)
{
    Probe *p = calloc(1, sizeof *p);
    assert_non_null(p);
    return p;
}

static AudioDevice *open_dev_rt(const char *name, int block, Probe *p, int rt_priority)
{
    AudioDeviceConfig cfg = {name, RATE, block, 0, probe_render, p, rt_priority};
    AudioDevice *d = NULL;
    char err[AUDIO_DEVICE_ERR_MAX] = "";
    PhStatus st = audio_device_open(&d, &cfg, err, sizeof err);
    /* On a heavily loaded machine a backend probe can time out (seen once
     * with JACK while four test processes ran at once): retry, and say so. */
    for (int attempt = 1; st != PH_OK && attempt < 4; attempt++) {
        print_message("open %s failed (%s: %s), retrying\n", name, ph_status_name(st), err);
        sleep_ms(300);
        st = audio_device_open(&d, &cfg, err, sizeof err);
    }
    if (st != PH_OK) fail_msg("open %s: %s (%s)", name, ph_status_name(st), err);
    return d;
}

static AudioDevice *open_dev(const char *name, int block, Probe *p) { return open_dev_rt(name, block, p, 0); }

/* Frames rendered so far, read through the device's atomic counter (the
 * probe itself belongs to the audio thread while the device runs). */
static int64_t dev_frames(AudioDevice *d)
{
    AudioDeviceStatus s;
    audio_device_status(d, &s);
    return (int64_t)s.frames;
}

/* Runs D for about MS milliseconds; returns the frames/second it achieved
 * relative to its rate, and prints pacing numbers. */
static double run_and_measure(AudioDevice *d, Probe *p, int ms, const char *label)
{
    int64_t base = dev_frames(d);
    assert_int_equal(audio_device_start(d), PH_OK);
    int64_t t0 = now_ns();
    sleep_ms(ms);
    int64_t frames_at = dev_frames(d) - base, t1 = now_ns();
    assert_int_equal(audio_device_stop(d), PH_OK);
    AudioDeviceStatus s;
    audio_device_status(d, &s);
    double secs = (double)(t1 - t0) / 1e9;
    double pace = (double)frames_at / (secs * s.sample_rate);
    int calls = p->calls < MAX_CALLS ? p->calls : MAX_CALLS;
    double max_gap = 0, sum = 0, sum2 = 0;
    for (int i = 1; i < calls; i++) {
        double g = (double)(p->t_ns[i] - p->t_ns[i - 1]) / 1e6;
        if (g > max_gap) max_gap = g;
        sum += g;
        sum2 += g * g;
    }
    double mean = calls > 1 ? sum / (calls - 1) : 0;
    double sd = calls > 2 ? sqrt(fmax(0, sum2 / (calls - 1) - mean * mean)) : 0;
    print_message("%s: \"%s\" [%s] %g Hz block %d latency %.2f ms: %lld frames in %.3f s "
                  "(pace %.3f), %d calls of %d..%d frames, interval mean %.3f ms sd %.3f ms "
                  "max %.3f ms, xruns %llu\n",
                  label, s.name, s.host_api, s.sample_rate, s.block_frames, s.latency_ms,
                  (long long)frames_at, secs, pace, p->calls, p->min_n, p->max_n, mean, sd, max_gap,
                  (unsigned long long)s.xruns);
    return pace;
}

/* ---- harness: ALSA config and a private JACK server -------------------- */

static void setup_alsa(Env *env)
{
    const char *src = getenv("PHONON_SOURCE");
    char conf[512];
    snprintf(conf, sizeof conf, "%s/tests/data/io/asound.conf", src ? src : ".");
    if (access(SYSTEM_ALSA_CONF, R_OK) != 0 || access(conf, R_OK) != 0) return;
    char path[1100];
    snprintf(path, sizeof path, "%s:%s", SYSTEM_ALSA_CONF, conf);
    setenv("ALSA_CONFIG_PATH", path, 1);
    snprintf(env->alsa_file, sizeof env->alsa_file, "%s/alsa_file.raw", env->tmp);
    setenv("PHONON_ALSA_FILE", env->alsa_file, 1);
    env->alsa = true;
}

static bool jack_listed(void)
{
    AudioDeviceInfo info[64];
    int n = 0;
    audio_device_list(info, 64, &n, NULL, 0);
    for (int i = 0; i < n && i < 64; i++)
        if (strcmp(info[i].host_api, JACK_HOST) == 0) return true;
    return false;
}

static void setup_jack(Env *env)
{
    char name[64], log[128];
    snprintf(name, sizeof name, "phonon_test_%d", (int)getpid());
    snprintf(log, sizeof log, "%s/jackd.log", env->tmp);
    setenv("JACK_DEFAULT_SERVER", name, 1);
    setenv("JACK_NO_START_SERVER", "1", 1);
    /* fork+exec rather than posix_spawn so the server gets PR_SET_PDEATHSIG:
     * if this test process crashes, jackd goes with it. */
    pid_t pid = fork();
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        int out = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int in = open("/dev/null", O_RDONLY);
        if (out >= 0) {
            dup2(out, 1);
            dup2(out, 2);
        }
        if (in >= 0) dup2(in, 0);
        execlp("jackd", "jackd", "-n", name, "-r", "-d", "dummy", "-r", "48000", "-p", "256",
               (char *)NULL);
        _exit(127);
    }
    if (pid < 0) {
        fprintf(stderr, "cannot fork for jackd (%s): JACK tests will be skipped\n", strerror(errno));
        return;
    }
    env->jackd = pid;
    for (int i = 0; i < 100 && !env->jack; i++) {
        int status;
        if (waitpid(env->jackd, &status, WNOHANG) == env->jackd) {
            fprintf(stderr, "jackd exited early (status %d, see %s): JACK tests will be skipped\n",
                    status, log);
            env->jackd = 0;
            return;
        }
        sleep_ms(100);
        env->jack = jack_listed();
    }
    if (!env->jack) fprintf(stderr, "jackd did not come up in 10 s: JACK tests will be skipped\n");
}

static int group_setup(void **state)
{
    Env *env = calloc(1, sizeof *env);
    if (!env) return -1;
    *state = env;
    snprintf(env->tmp, sizeof env->tmp, "/tmp/phonon_audio_XXXXXX");
    if (!mkdtemp(env->tmp)) return -1;
    setup_alsa(env);
    setup_jack(env);
    return 0;
}

static int group_teardown(void **state)
{
    Env *env = *state;
    if (env->jackd > 0) {
        kill(env->jackd, SIGTERM);
        int status;
        for (int i = 0; i < 50 && waitpid(env->jackd, &status, WNOHANG) == 0; i++) sleep_ms(100);
        if (waitpid(env->jackd, &status, WNOHANG) == 0) {
            kill(env->jackd, SIGKILL);
            waitpid(env->jackd, &status, 0);
        }
    }
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", env->tmp);
    int rc = system(cmd);
    free(env);
    return rc == 0 ? 0 : -1;
}

#define NEED_ALSA()                                                                  \
    do {                                                                             \
        if (!env->alsa) {                                                           \
            print_message("no %s or tests/data/io/asound.conf: skipping\n", SYSTEM_ALSA_CONF); \
            skip();                                                                  \
        }                                                                            \
    } while (0)
#define NEED_JACK()                                                                  \
    do {                                                                             \
        if (!env->jack) {                                                           \
            print_message("no private jackd (dummy driver) running: skipping\n");   \
            skip();                                                                  \
        }                                                                            \
    } while (0)

/* ---- null device ------------------------------------------------------ */

static void test_null_device_paced(void **state)
{
    (void)state;
    Probe *p = probe_new();
    AudioDevice *d = open_dev("null", 256, p);
    double pace = run_and_measure(d, p, 1000, "null device");
    assert_true(pace > 0.5 && pace < 1.1);
    assert_int_equal(p->min_n, 256);
    assert_int_equal(p->max_n, 256);
    AudioDeviceStatus s;
    audio_device_status(d, &s);
    assert_int_equal((int64_t)s.frames, p->pos);
    assert_int_equal((int)s.callbacks, p->calls);
    assert_string_equal(s.name, "null");
    audio_device_close(d);
    free(p);
}

/* Asked for real-time scheduling, the null device's thread gets SCHED_FIFO
 * where the system permits it (root, rtprio limit) and plays normally where
 * it does not; the status says which, and it is what the thread really has. */
static void test_null_device_realtime(void **state)
{
    (void)state;
    Probe *p = probe_new();
    AudioDevice *d = open_dev_rt("null", 256, p, REALTIME_DEFAULT_PRIORITY);
    double pace = run_and_measure(d, p, 300, "null device, real-time asked");
    assert_true(pace > 0.5 && pace < 1.1);
    AudioDeviceStatus s;
    audio_device_status(d, &s);
    print_message("render thread: %s\n", p->policy == SCHED_FIFO ? "SCHED_FIFO" : "normal (not permitted)");
    assert_int_equal(s.realtime, p->policy == SCHED_FIFO);
    audio_device_close(d);
    /* not asked: normal scheduling, always */
    p = (free(p), probe_new());
    d = open_dev("null", 256, p);
    run_and_measure(d, p, 100, "null device");
    audio_device_status(d, &s);
    assert_false(s.realtime);
    assert_int_not_equal(p->policy, SCHED_FIFO);
    audio_device_close(d);
    free(p);
}

static void test_null_device_counts_xruns(void **state)
{
    (void)state;
    Probe *p = probe_new();
    p->stall_every = 20;
    p->stall_ms = 30; /* ~6 blocks of 5.3 ms */
    AudioDevice *d = open_dev("null", 256, p);
    run_and_measure(d, p, 500, "null device, stalling render");
    uint64_t x = audio_device_xruns(d);
    uint64_t stalls = (uint64_t)p->calls / 20;
    assert_true(stalls >= 2);
    assert_true(x >= stalls);          /* every 6-block stall is one xrun ... */
    assert_true(x <= (uint64_t)p->calls / 4); /* ... and late blocks are not all counted */
    audio_device_close(d);
    free(p);
}

static void test_null_device_start_stop_cycles(void **state)
{
    (void)state;
    Probe *p = probe_new();
    for (int round = 0; round < 10; round++) {
        AudioDevice *d = open_dev("NULL", 128, p);
        for (int k = 0; k < 3; k++) {
            assert_int_equal(audio_device_start(d), PH_OK);
            assert_int_equal(audio_device_start(d), PH_OK); /* idempotent */
            sleep_ms(10);
            assert_int_equal(audio_device_stop(d), PH_OK);
            int64_t after = p->pos;
            sleep_ms(10);
            assert_int_equal(p->pos, after); /* no render after stop returned */
            assert_int_equal(audio_device_stop(d), PH_OK);
        }
        if (round % 2) assert_int_equal(audio_device_start(d), PH_OK); /* close while running */
        audio_device_close(d);
    }
    assert_true(p->calls > 0);
    free(p);
}

/* ---- listing and errors ----------------------------------------------- */

static void test_list_devices(void **state)
{
    Env *env = *state;
    AudioDeviceInfo info[64];
    int n = 0;
    char err[AUDIO_DEVICE_ERR_MAX] = "";
    assert_int_equal(audio_device_list(info, 64, &n, err, sizeof err), PH_OK);
    assert_true(n >= 1 && n <= 64);
    bool alsa_file = false, jack = false;
    for (int i = 0; i < n; i++) {
        print_message("  %2d  %-24s %-28s out %3d  %6.0f Hz  %.1f ms%s\n", info[i].index,
                      info[i].name, info[i].host_api, info[i].max_output_channels,
                      info[i].default_rate, info[i].default_latency_ms,
                      info[i].is_default ? "  (default)" : "");
        assert_true(info[i].max_output_channels > 0);
        alsa_file |= strcmp(info[i].name, "phonon_test_file") == 0 && strcmp(info[i].host_api, "ALSA") == 0;
        jack |= strcmp(info[i].host_api, JACK_HOST) == 0;
    }
    assert_string_equal(info[n - 1].name, "null");
    assert_int_equal(info[n - 1].index, AUDIO_DEVICE_NULL_INDEX);
    if (env->alsa) assert_true(alsa_file);
    if (env->jack) assert_true(jack);
    /* a short array still reports the full count (not compared with n: a
     * backend probe may time out under load and drop a device) */
    int n2 = 0;
    assert_int_equal(audio_device_list(info, 1, &n2, NULL, 0), PH_OK);
    if (env->alsa || env->jack) assert_true(n2 > 1);
    if (n2 != n) print_message("note: second listing found %d devices, first %d\n", n2, n);
}

static void test_open_errors(void **state)
{
    (void)state;
    Probe *p = probe_new();
    AudioDevice *d = (AudioDevice *)1;
    char err[AUDIO_DEVICE_ERR_MAX] = "";
    AudioDeviceConfig cfg = {"no-such-device-xyz", 0, 0, 0, probe_render, p, 0};
    assert_int_equal(audio_device_open(&d, &cfg, err, sizeof err), PH_ERR_NAME);
    assert_null(d);
    assert_non_null(strstr(err, "no-such-device-xyz"));
    cfg.device = "9999";
    assert_int_equal(audio_device_open(&d, &cfg, err, sizeof err), PH_ERR_NAME);
    cfg.device = "null";
    cfg.block_frames = AUDIO_DEVICE_MAX_BLOCK + 1;
    assert_int_equal(audio_device_open(&d, &cfg, err, sizeof err), PH_ERR_ARG);
    cfg.block_frames = 0;
    cfg.latency_ms = -1;
    assert_int_equal(audio_device_open(&d, &cfg, err, sizeof err), PH_ERR_ARG);
    cfg.latency_ms = 0;
    cfg.sample_rate = 12;
    assert_int_equal(audio_device_open(&d, &cfg, err, sizeof err), PH_ERR_ARG);
    cfg.sample_rate = 0;
    cfg.render = NULL;
    assert_int_equal(audio_device_open(&d, &cfg, err, sizeof err), PH_ERR_ARG);
    cfg.render = probe_render;
    assert_int_equal(audio_device_open(&d, &cfg, err, sizeof err), PH_OK);
    AudioDeviceStatus s;
    audio_device_status(d, &s);
    assert_int_equal(s.block_frames, AUDIO_DEVICE_DEFAULT_BLOCK);
    assert_true(s.sample_rate == AUDIO_DEVICE_NULL_RATE);
    assert_false(s.running);
    audio_device_close(d);
    audio_device_close(NULL);
    free(p);
}

/* ---- ALSA ----------------------------------------------------------------- */

/* The file PCM's capture must be: silence PortAudio primed the buffer with,
 * then exactly the render output from frame 0, then possibly silence. */
static void test_alsa_file_pcm_carries_render_output(void **state)
{
    Env *env = *state;
    NEED_ALSA();
    unlink(env->alsa_file);
    Probe *p = probe_new();
    AudioDevice *d = open_dev("phonon_test_file", 256, p);
    AudioDeviceStatus s;
    audio_device_status(d, &s);
    assert_string_equal(s.host_api, "ALSA");
    assert_true(s.sample_rate == RATE);
    assert_int_equal(audio_device_start(d), PH_OK);
    /* the null slave is not paced: this takes milliseconds */
    for (int i = 0; i < 5000 && dev_frames(d) < 4 * RATE; i++) sleep_ms(1);
    assert_int_equal(audio_device_stop(d), PH_OK);
    int64_t produced = p->pos;
    audio_device_close(d);
    assert_true(produced >= 4 * RATE);

    FILE *fp = fopen(env->alsa_file, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    long bytes = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    assert_int_equal(bytes % 8, 0); /* stereo float32 */
    int64_t frames = bytes / 8;
    float *buf = malloc((size_t)bytes);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)bytes, fp), (size_t)bytes);
    fclose(fp);

    int64_t lead = 0;
    while (lead < frames && buf[2 * lead] == 0.0f && buf[2 * lead + 1] == 0.0f) lead++;
    int64_t match = 0;
    while (lead + match < frames && buf[2 * (lead + match)] == sig_l(match) &&
           buf[2 * (lead + match) + 1] == sig_r(match))
        match++;
    int64_t tail = lead + match;
    while (tail < frames && buf[2 * tail] == 0.0f && buf[2 * tail + 1] == 0.0f) tail++;
    print_message("ALSA file PCM: %lld frames captured = %lld priming silence + %lld exact "
                  "render frames + %lld silence; %lld rendered\n",
                  (long long)frames, (long long)lead, (long long)match,
                  (long long)(tail - lead - match), (long long)produced);
    assert_int_equal(tail, frames);            /* nothing else in the file */
    assert_true(match <= produced);
    assert_true(match >= produced - 4 * 256 * 4); /* at most a few periods still queued at stop */
    assert_true(lead <= RATE);
    free(buf);
    free(p);
}

static void test_alsa_null_pcm_opens_and_runs(void **state)
{
    Env *env = *state;
    NEED_ALSA();
    Probe *p = probe_new();
    AudioDevice *d = open_dev("test_null", 512, p); /* substring match */
    AudioDeviceStatus s;
    audio_device_status(d, &s);
    assert_string_equal(s.name, "phonon_test_null");
    for (int round = 0; round < 5; round++) {
        int64_t before = dev_frames(d);
        assert_int_equal(audio_device_start(d), PH_OK);
        for (int i = 0; i < 5000 && dev_frames(d) < before + RATE; i++) sleep_ms(1);
        assert_int_equal(audio_device_stop(d), PH_OK);
        assert_true(dev_frames(d) >= before + RATE);
    }
    assert_int_equal(p->min_n, 512);
    assert_int_equal(p->max_n, 512);
    audio_device_close(d);
    free(p);
}

/* ---- JACK (dummy driver) --------------------------------------------------- */

static void test_jack_dummy_paced(void **state)
{
    Env *env = *state;
    NEED_JACK();
    Probe *p = probe_new();
    AudioDevice *d = open_dev("system", 256, p);
    AudioDeviceStatus s;
    audio_device_status(d, &s);
    assert_string_equal(s.host_api, JACK_HOST);
    assert_true(s.sample_rate == 48000);
    double pace = run_and_measure(d, p, 1000, "JACK dummy");
    assert_true(pace > 0.5 && pace < 1.1);
    assert_int_equal(p->min_n, 256);
    assert_int_equal(p->max_n, 256);
    audio_device_close(d);
    free(p);
}

/* A 64-frame block on a 256-frame JACK period: four render calls of exactly
 * 64 per period (PortAudio's buffer processor does the adapting). */
static void test_jack_block_smaller_than_period(void **state)
{
    Env *env = *state;
    NEED_JACK();
    Probe *p = probe_new();
    AudioDevice *d = open_dev("system", 64, p);
    double pace = run_and_measure(d, p, 500, "JACK dummy, 64-frame blocks");
    assert_true(pace > 0.5 && pace < 1.1);
    assert_int_equal(p->min_n, 64);
    assert_int_equal(p->max_n, 64);
    audio_device_close(d);
    free(p);
}

static void test_jack_counts_xruns(void **state)
{
    Env *env = *state;
    NEED_JACK();
    Probe *p = probe_new();
    AudioDevice *d = open_dev("system", 256, p);
    run_and_measure(d, p, 500, "JACK dummy, clean");
    uint64_t clean = audio_device_xruns(d);
    p->stall_every = 25;
    p->stall_ms = 25; /* ~5 periods */
    run_and_measure(d, p, 1000, "JACK dummy, stalling render");
    uint64_t stalled = audio_device_xruns(d) - clean;
    /* a non-real-time jackd on a shared machine has some xruns of its own
     * (the clean run shows how many); each 5-period stall must add one */
    uint64_t stalls = (uint64_t)p->calls / 25;
    assert_true(stalls >= 4);
    assert_true(stalled >= stalls / 2);
    audio_device_close(d);
    free(p);
}

static void test_jack_open_start_stop_cycles(void **state)
{
    Env *env = *state;
    NEED_JACK();
    Probe *p = probe_new();
    for (int round = 0; round < 5; round++) {
        AudioDevice *d = open_dev("system", 256, p);
        for (int k = 0; k < 3; k++) {
            int64_t before = dev_frames(d);
            assert_int_equal(audio_device_start(d), PH_OK);
            for (int i = 0; i < 2000 && dev_frames(d) < before + 2048; i++) sleep_ms(1);
            assert_int_equal(audio_device_stop(d), PH_OK);
            assert_true(dev_frames(d) >= before + 2048);
            int64_t after = p->pos;
            sleep_ms(20);
            assert_int_equal(p->pos, after);
        }
        audio_device_close(d);
    }
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_null_device_paced),
        cmocka_unit_test(test_null_device_counts_xruns),
        cmocka_unit_test(test_null_device_realtime),
        cmocka_unit_test(test_null_device_start_stop_cycles),
        cmocka_unit_test(test_list_devices),
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_alsa_file_pcm_carries_render_output),
        cmocka_unit_test(test_alsa_null_pcm_opens_and_runs),
        cmocka_unit_test(test_jack_dummy_paced),
        cmocka_unit_test(test_jack_block_smaller_than_period),
        cmocka_unit_test(test_jack_counts_xruns),
        cmocka_unit_test(test_jack_open_start_stop_cycles),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
