/* live_session.c - device + engine + recorder for `phonon live`, and the
 * audio callback; see live_session.h. */
#include "cli/live_session.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli_program.h"
#include "io/wav_recorder.h"
#include "sample/sample_library.h"

#define LIVE_FADE_WAIT_MS 500    /* longest wait for the quit fade to be played */

struct LiveSession {
    AudioDevice *device;
    AudioDeviceStatus dev;       /* as opened */
    struct SampleLib *lib;
    Engine *engine;
    WavRecorder *rec;
    const char *record_path;
    bool started;
    double rate;

    /* audio thread only */
    const Program *seen_program; /* to notice an install */
    int fade_pos, fade_len;

    /* audio -> control */
    _Atomic int64_t busy_ns;     /* render time summed */
    _Atomic int64_t busy_frames; /* frames rendered in that time */
    _Atomic int64_t peak_ppm;    /* worst block load since the last meter read, parts per million */
    _Atomic int64_t install_ns;
    _Atomic int64_t worst_ns, worst_frame; /* the slowest block so far, and where it started */
    int64_t frame;                /* audio thread: frames rendered */
    _Atomic bool faded;
    /* control -> audio */
    _Atomic bool fade_req;
    /* control thread's previous meter reading */
    int64_t last_busy_ns, last_busy_frames;
};

static int64_t live_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---- the audio callback ------------------------------------------------------------------ */

static void live_apply_fade(LiveSession *s, float *l, float *r, int n)
{
    float len = (float)s->fade_len;
    for (int i = 0; i < n; i++) {
        int k = s->fade_pos + i;
        float g = k >= s->fade_len ? 0.0f : 1.0f - (float)k / len;
        l[i] *= g;
        r[i] *= g;
    }
    s->fade_pos += n;
    if (s->fade_pos >= s->fade_len) atomic_store_explicit(&s->faded, true, memory_order_release);
}

static void live_render(void *user, float *l, float *r, int n)
{
    LiveSession *s = user;
    int64_t t0 = live_now_ns();
    engine_render(s->engine, l, r, n);
    const Program *p = engine_program(s->engine);
    if (p != s->seen_program) {
        s->seen_program = p;
        atomic_store_explicit(&s->install_ns, t0, memory_order_relaxed);
    }
    if (atomic_load_explicit(&s->fade_req, memory_order_acquire)) live_apply_fade(s, l, r, n);
    if (s->rec) wav_recorder_push(s->rec, l, r, n);
    int64_t dt = live_now_ns() - t0;
    atomic_fetch_add_explicit(&s->busy_ns, dt, memory_order_relaxed);
    atomic_fetch_add_explicit(&s->busy_frames, n, memory_order_relaxed);
    int64_t ppm = (int64_t)((double)dt * s->rate / ((double)n * 1e3)); /* dt / (n / rate) * 1e6 */
    if (ppm > atomic_load_explicit(&s->peak_ppm, memory_order_relaxed))
        atomic_store_explicit(&s->peak_ppm, ppm, memory_order_relaxed);
    if (dt > atomic_load_explicit(&s->worst_ns, memory_order_relaxed)) {
        atomic_store_explicit(&s->worst_frame, s->frame, memory_order_relaxed);
        atomic_store_explicit(&s->worst_ns, dt, memory_order_relaxed);
    }
    s->frame += n;
}

/* ---- open / close ---------------------------------------------------------------------------- */

static PhStatus live_open_device(LiveSession *s, const LiveOptions *o)
{
    AudioDeviceConfig dc = { .device = o->device, .sample_rate = o->sample_rate, .block_frames = o->block,
                             .latency_ms = o->latency_ms, .render = live_render, .user = s,
                             .rt_priority = o->rt_priority };
    char err[AUDIO_DEVICE_ERR_MAX];
    PhStatus st = audio_device_open(&s->device, &dc, err, sizeof err);
    if (st != PH_OK) {
        fprintf(stderr, "phonon live: %s\n", err);
        return st;
    }
    audio_device_status(s->device, &s->dev);
    s->rate = s->dev.sample_rate;
    if (s->dev.block_frames > PROGRAM_MAX_BLOCK) {
        fprintf(stderr, "phonon live: the device asks for %d-frame blocks; at most %d are possible\n",
                s->dev.block_frames, PROGRAM_MAX_BLOCK);
        return PH_ERR_ARG;
    }
    if (fabs(s->rate - round(s->rate)) > 1e-6 || s->rate < 8000 || s->rate > 384000) {
        fprintf(stderr, "phonon live: the device runs at %g Hz; phonon needs a whole rate from 8000 to 384000 Hz\n",
                s->rate);
        return PH_ERR_UNSUPPORTED;
    }
    return PH_OK;
}

PhStatus live_session_open(LiveSession **out, const LiveOptions *o)
{
    *out = NULL;
    LiveSession *s = calloc(1, sizeof *s);
    if (!s) {
        fprintf(stderr, "phonon live: out of memory\n");
        return PH_ERR_NOMEM;
    }
    atomic_init(&s->busy_ns, 0);
    atomic_init(&s->busy_frames, 0);
    atomic_init(&s->peak_ppm, 0);
    atomic_init(&s->install_ns, 0);
    atomic_init(&s->worst_ns, 0);
    atomic_init(&s->worst_frame, 0);
    atomic_init(&s->faded, false);
    atomic_init(&s->fade_req, false);
    PhStatus st = live_open_device(s, o);
    if (st != PH_OK) goto fail;
    st = PH_ERR_IO;
    s->lib = cli_open_samples("live", o->sample_dirs, o->nsample_dirs, s->rate);
    if (!s->lib) goto fail;
    EngineConfig cfg = { .rate = (int)lround(s->rate), .block = s->dev.block_frames, .threads = o->threads,
                         .samples = s->lib, .blocking_loads = false, .voice_capacity = o->voices,
                         .max_voices = o->voices, .scratch_reserve = LIVE_SCRATCH_BYTES,
                         .rt_priority = o->rt_priority };
    s->engine = engine_create(&cfg, &st);
    if (!s->engine) {
        fprintf(stderr, "phonon live: cannot start the engine: %s\n", ph_status_name(st));
        goto fail;
    }
    s->fade_len = (int)lround(LIVE_QUIT_FADE_S * s->rate);
    if (o->record) {
        char err[256];
        st = wav_recorder_open(&s->rec, o->record, (int)lround(s->rate), WAV_FORMAT_F32, 0, err, sizeof err);
        if (st != PH_OK) {
            fprintf(stderr, "phonon live: %s\n", err);
            goto fail;
        }
        s->record_path = o->record;
    }
    *out = s;
    return PH_OK;
fail:
    live_session_close(s);
    return st;
}

PhStatus live_session_close(LiveSession *s)
{
    if (!s) return PH_OK;
    PhStatus st = PH_OK;
    if (s->device) audio_device_close(s->device); /* stops the callback first */
    if (s->rec) {
        char err[256] = "";
        uint64_t dropped = 0;
        if (wav_recorder_close(s->rec, &dropped, err, sizeof err) != PH_OK) {
            fprintf(stderr, "phonon live: %s\n", err);
            st = PH_ERR_IO;
        }
        if (dropped)
            fprintf(stderr, "phonon live: warning: %s misses %llu frames (the disk did not keep up)\n",
                    s->record_path, (unsigned long long)dropped);
    }
    engine_destroy(s->engine);
    if (s->lib) sample_lib_close(s->lib);
    free(s);
    return st;
}

/* ---- control thread ------------------------------------------------------------------------------- */

double live_session_rate(const LiveSession *s) { return s->rate; }
int live_session_block(const LiveSession *s) { return s->dev.block_frames; }
struct SampleLib *live_session_samples(const LiveSession *s) { return s->lib; }
const AudioDeviceStatus *live_session_device(const LiveSession *s) { return &s->dev; }
int live_session_latency_frames(const LiveSession *s) { return engine_latency(s->engine); }

void live_session_realtime(const LiveSession *s, bool *device, bool *workers, int *threads)
{
    AudioDeviceStatus d;
    audio_device_status(s->device, &d);
    *device = d.realtime;
    *workers = engine_threads_realtime(s->engine);
    *threads = engine_threads(s->engine);
}

void live_session_set_program(LiveSession *s, Program *p)
{
    engine_set_program(s->engine, p);
    s->seen_program = p;
}

PhStatus live_session_start(LiveSession *s)
{
    PhStatus st = audio_device_start(s->device);
    if (st != PH_OK) {
        fprintf(stderr, "phonon live: %s\n", audio_device_error(s->device));
        return st;
    }
    s->started = true;
    return PH_OK;
}

int64_t live_session_submit(LiveSession *s, Program *p)
{
    EngineStatus es;
    engine_status(s->engine, &es);
    program_destroy(engine_submit(s->engine, p));
    return es.frame;
}

void live_session_engine_status(LiveSession *s, EngineStatus *out) { engine_status(s->engine, out); }

int64_t live_session_install_ns(LiveSession *s)
{
    return atomic_load_explicit(&s->install_ns, memory_order_relaxed);
}

void live_session_collect(LiveSession *s)
{
    Program *p;
    while ((p = engine_collect(s->engine)) != NULL) program_destroy(p);
}

void live_session_meter(LiveSession *s, LiveMeter *m)
{
    engine_status(s->engine, &m->engine);
    int64_t busy = atomic_load_explicit(&s->busy_ns, memory_order_relaxed);
    int64_t frames = atomic_load_explicit(&s->busy_frames, memory_order_relaxed);
    int64_t dframes = frames - s->last_busy_frames;
    m->load = dframes > 0 ? (double)(busy - s->last_busy_ns) * s->rate / ((double)dframes * 1e9) : 0.0;
    s->last_busy_ns = busy;
    s->last_busy_frames = frames;
    m->load_peak = (double)atomic_exchange_explicit(&s->peak_ppm, 0, memory_order_relaxed) / 1e6;
    m->xruns = audio_device_xruns(s->device);
    m->record_dropped = s->rec ? wav_recorder_dropped(s->rec) : 0;
    m->install_ns = atomic_load_explicit(&s->install_ns, memory_order_relaxed);
    m->worst_block_ms = (double)atomic_load_explicit(&s->worst_ns, memory_order_relaxed) / 1e6;
    m->worst_block_frame = atomic_load_explicit(&s->worst_frame, memory_order_relaxed);
}

void live_session_stop(LiveSession *s)
{
    if (!s->started) return;
    if (audio_device_stop(s->device) != PH_OK)
        fprintf(stderr, "phonon live: %s\n", audio_device_error(s->device));
    s->started = false;
}

void live_session_engine_stats(LiveSession *s, EngineStats *out) { engine_stats(s->engine, out); }

void live_session_fade_out(LiveSession *s)
{
    if (!s->started) return;
    atomic_store_explicit(&s->fade_req, true, memory_order_release);
    struct timespec nap = { 0, 5 * 1000000 };
    for (int waited = 0; waited < LIVE_FADE_WAIT_MS; waited += 5) {
        if (atomic_load_explicit(&s->faded, memory_order_acquire)) break;
        nanosleep(&nap, NULL);
    }
    /* one more block of silence, so the device's last buffer is quiet too */
    nanosleep(&(struct timespec){ 0, (long)(1e9 * s->dev.block_frames / s->rate) + 1000000 }, NULL);
}
