/* cmd_render.c - `phonon render IN.ph OUT.wav`: the program to a WAV file.
 *
 * The file holds exactly what live playback would play, sample for sample;
 * the master stage's look-ahead is compensated, so frame 0 of the file is
 * cycle 0 and onsets land on the sample. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_program.h"
#include "core/status.h"
#include "engine/engine.h"
#include "io/wav_writer.h"
#include "sample/sample_library.h"

const char cmd_render_usage[] =
    "usage: phonon render IN.ph OUT.wav [options]\n"
    "\n"
    "Renders IN.ph ('-' reads stdin) to OUT.wav.\n"
    "  --cycles N        length in cycles (default 4)\n"
    "  --duration SEC    length in seconds (instead of --cycles)\n"
    "  --sample-rate R   output rate in Hz (default 44100)\n"
    "  --format F        s16, s24 or f32 (default s16)\n"
    "  --samples DIR     a sample folder (repeatable; searched first)\n"
    "  --threads N       voice mixing threads (default: one per CPU)\n"
    "  --block N         frames per block (default 512)\n"
    "  --stats           print a JSON object of engine statistics on stderr\n";

#define RENDER_CHUNK 8192
#define RENDER_MAX_SECONDS (24.0 * 3600.0)

typedef struct RenderArgs {
    const char *in, *out;
    double cycles, duration;
    long rate, threads, block;
    WavFormat format;
    bool stats;
    const char *dirs[CLI_MAX_SAMPLE_DIRS];
    int ndirs;
} RenderArgs;

static int parse_args(int argc, char **argv, RenderArgs *a)
{
    memset(a, 0, sizeof *a);
    a->cycles = -1;
    a->duration = -1;
    a->rate = 44100;
    a->format = WAV_FORMAT_S16;
    a->block = 512;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        bool has_value = true;
        if (!strcmp(o, "--cycles")) {
            if (!cli_parse_double(v, 1e-6, 1e6, &a->cycles))
                return cli_usage_error("render", "--cycles needs a number of cycles > 0");
        } else if (!strcmp(o, "--duration")) {
            if (!cli_parse_double(v, 1e-6, RENDER_MAX_SECONDS, &a->duration))
                return cli_usage_error("render", "--duration needs seconds > 0 (at most 24 hours)");
        } else if (!strcmp(o, "--sample-rate")) {
            if (!cli_parse_int(v, 8000, 384000, &a->rate))
                return cli_usage_error("render", "--sample-rate needs a rate from 8000 to 384000 Hz");
        } else if (!strcmp(o, "--format")) {
            if (!v || wav_format_parse(v, &a->format) != PH_OK)
                return cli_usage_error("render", "--format is s16, s24 or f32");
        } else if (!strcmp(o, "--threads")) {
            if (!cli_parse_int(v, 1, 256, &a->threads))
                return cli_usage_error("render", "--threads needs a count from 1 to 256");
        } else if (!strcmp(o, "--block")) {
            if (!cli_parse_int(v, 1, PROGRAM_MAX_BLOCK, &a->block))
                return cli_usage_error("render", "--block needs 1 to %d frames", PROGRAM_MAX_BLOCK);
        } else if (!strcmp(o, "--samples")) {
            if (!v) return cli_usage_error("render", "--samples needs a folder");
            if (a->ndirs == CLI_MAX_SAMPLE_DIRS) return cli_usage_error("render", "too many --samples folders");
            a->dirs[a->ndirs++] = v;
        } else if (!strcmp(o, "--stats")) {
            a->stats = true;
            has_value = false;
        } else if (o[0] == '-' && o[1] == '-') {
            return cli_usage_error("render", "unknown option '%s'", o);
        } else {
            has_value = false;
            if (!a->in) a->in = o;
            else if (!a->out) a->out = o;
            else return cli_usage_error("render", "unexpected argument '%s'", o);
        }
        if (has_value) i++;
    }
    if (!a->in || !a->out) return cli_usage_error("render", "needs IN.ph and OUT.wav");
    if (a->cycles > 0 && a->duration > 0) return cli_usage_error("render", "give --cycles or --duration, not both");
    return -1;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
           (double)ru.ru_stime.tv_usec / 1e6;
}

/* A one-line bar on a terminal, for renders that take a while. */
static void progress(bool tty, double started, double *last, int64_t done, int64_t total)
{
    double t = now_s();
    if (!tty || t - started < 1.0 || t - *last < 0.1) return;
    *last = t;
    int width = 40, fill = (int)(width * (double)done / (double)total);
    fprintf(stderr, "\r[%.*s%*s] %3d%%", fill, "========================================", width - fill, "",
            (int)(100.0 * (double)done / (double)total));
    fflush(stderr);
}

static void print_stats(const Engine *e, int64_t frames, long rate, long threads, double wall, double cpu)
{
    EngineStats s;
    engine_stats(e, &s);
    double audio = (double)frames / (double)rate;
    fprintf(stderr,
            "{\"frames\":%lld,\"seconds\":%.6f,\"sample_rate\":%ld,\"threads\":%ld,"
            "\"wall_seconds\":%.6f,\"cpu_seconds\":%.6f,\"realtime_factor\":%.2f,"
            "\"peak_voices\":%d,\"mean_voices\":%.3f,\"voice_samples\":%llu,"
            "\"voice_samples_per_second\":%.4g,\"voices_started\":%llu,\"voices_stolen\":%llu,"
            "\"missing_samples\":%llu,\"blocks\":%llu,"
            "\"block_us\":{\"p50\":%.1f,\"p95\":%.1f,\"p99\":%.1f,\"max\":%.1f}}\n",
            (long long)frames, audio, rate, threads, wall, cpu, wall > 0 ? audio / wall : 0.0, s.peak_voices,
            s.mean_voices, (unsigned long long)s.voice_samples, wall > 0 ? (double)s.voice_samples / wall : 0.0,
            (unsigned long long)s.voices_started, (unsigned long long)s.voices_stolen,
            (unsigned long long)s.missing_samples, (unsigned long long)s.blocks, s.block_p50_us, s.block_p95_us,
            s.block_p99_us, s.block_max_us);
}

/* What the file holds, for the summary line. */
typedef struct Levels {
    double peak, sum_squares;
    int64_t samples;
} Levels;

static void levels_add(Levels *lv, const float *l, const float *r, int n)
{
    for (int i = 0; i < n; i++) {
        double a = fabs((double)l[i]), b = fabs((double)r[i]);
        if (a > lv->peak) lv->peak = a;
        if (b > lv->peak) lv->peak = b;
        lv->sum_squares += (double)l[i] * l[i] + (double)r[i] * r[i];
    }
    lv->samples += 2 * (int64_t)n;
}

static double to_dbfs(double x) { return x > 0 ? 20.0 * log10(x) : -INFINITY; }

static int render_frames(Engine *e, WavWriter *w, int64_t total, bool tty, Levels *lv)
{
    float *l = malloc(sizeof(float) * RENDER_CHUNK), *r = malloc(sizeof(float) * RENDER_CHUNK);
    if (!l || !r) {
        free(l);
        free(r);
        fprintf(stderr, "phonon render: out of memory\n");
        return PH_EXIT_ERROR;
    }
    int64_t skip = engine_latency(e), done = 0;
    double started = now_s(), last = 0;
    int rc = PH_EXIT_OK;
    while (done < total) {
        int64_t want = total - done + skip;
        int n = want < RENDER_CHUNK ? (int)want : RENDER_CHUNK;
        engine_render(e, l, r, n);
        int from = skip < n ? (int)skip : n;
        skip -= from;
        if (wav_writer_write(w, l + from, r + from, n - from) != PH_OK) {
            fprintf(stderr, "phonon render: %s\n", wav_writer_error(w));
            rc = PH_EXIT_ERROR;
            break;
        }
        levels_add(lv, l + from, r + from, n - from);
        done += n - from;
        progress(tty, started, &last, done, total);
    }
    if (tty && now_s() - started >= 1.0) fprintf(stderr, "\r%*s\r", 50, "");
    free(l);
    free(r);
    return rc;
}

int cmd_render(int argc, char **argv)
{
    double t0 = now_s(), c0 = cpu_s();
    RenderArgs a;
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0) return rc;
    size_t len;
    char *src = cli_read_source("render", a.in, &len);
    if (!src) return PH_EXIT_ERROR;
    rc = PH_EXIT_ERROR;
    Engine *e = NULL;
    WavWriter *w = NULL;
    struct SampleLib *lib = cli_open_samples("render", a.dirs, a.ndirs, (double)a.rate);
    Program *p = lib ? cli_compile(a.in, src, len, (double)a.rate, lib, NULL) : NULL;
    if (!p) goto done;

    double seconds = a.duration > 0 ? a.duration : (a.cycles > 0 ? a.cycles : 4.0) / rat_to_double(p->cps);
    if (!(seconds > 0) || seconds > RENDER_MAX_SECONDS) {
        fprintf(stderr, "phonon render: the render would last %.0f s; the limit is 24 hours\n", seconds);
        program_destroy(p);
        goto done;
    }
    int64_t total = (int64_t)llround(seconds * (double)a.rate);
    if (total < 1) total = 1;

    EngineConfig cfg = { .rate = (int)a.rate, .block = (int)a.block, .threads = (int)a.threads,
                         .samples = lib, .blocking_loads = true };
    PhStatus st;
    e = engine_create(&cfg, &st);
    if (!e) {
        fprintf(stderr, "phonon render: cannot start the engine: %s\n", ph_status_name(st));
        program_destroy(p);
        goto done;
    }
    engine_set_program(e, p);
    char err[WAV_WRITER_ERR_MAX];
    if (wav_writer_open(&w, a.out, (int)a.rate, a.format, err, sizeof err) != PH_OK) {
        fprintf(stderr, "phonon render: %s\n", err);
        goto done;
    }
    Levels lv = { 0 };
    rc = render_frames(e, w, total, isatty(STDERR_FILENO), &lv);
    if (wav_writer_close(w, err, sizeof err) != PH_OK) {
        fprintf(stderr, "phonon render: %s\n", err);
        rc = PH_EXIT_ERROR;
    }
    w = NULL;
    if (rc == PH_EXIT_OK) {
        fprintf(stderr, "%s: %.2f s, %ld Hz, %s, peak %.1f dBFS, RMS %.1f dBFS\n", a.out, (double)total / (double)a.rate,
                a.rate, wav_format_name(a.format), to_dbfs(lv.peak),
                to_dbfs(lv.samples ? sqrt(lv.sum_squares / (double)lv.samples) : 0.0));
        if (a.stats) print_stats(e, total, a.rate, a.threads, now_s() - t0, cpu_s() - c0);
    }
done:
    if (w) wav_writer_close(w, NULL, 0);
    if (rc != PH_EXIT_OK && w == NULL && e) remove(a.out);
    engine_destroy(e);
    if (lib) sample_lib_close(lib);
    free(src);
    return rc;
}
