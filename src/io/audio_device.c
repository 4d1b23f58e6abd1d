/* audio_device.c - PortAudio output stream and the null device behind one
 * API (see audio_device.h): device listing and selection, stream setup with
 * the requested block and latency, the real-time callback (render + atomic
 * counters, nothing else), and the null device's paced timer thread. */
#include "io/audio_device.h"

#include "core/realtime.h"

#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <pa_jack.h>
#include <pa_linux_alsa.h>
#include <portaudio.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct AudioDevice {
    /* fixed after open */
    AudioRenderFn render;
    void *user;
    int block_frames;
    double rate;
    double latency_ms;
    char name[AUDIO_DEVICE_NAME_MAX];
    char host_api[AUDIO_DEVICE_HOST_MAX];
    bool is_null;
    bool running;               /* control thread only */
    int rt_priority;
    bool realtime;              /* control thread only */
    PaStream *stream;           /* PortAudio device */
    pthread_t thread;           /* null device */
    float *null_buf;            /* null device: 2 * block_frames, allocated at open */
    atomic_bool null_stop;
    /* written by the audio thread, read anywhere */
    atomic_uint_fast64_t callbacks, frames, xruns;
    char error[AUDIO_DEVICE_ERR_MAX];
};

static void ad_set_error(char *dst, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void ad_set_error(char *dst, size_t size, const char *fmt, ...)
{
    if (!dst || size == 0) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(dst, size, fmt, ap);
    va_end(ap);
}

/* ---- backend chatter ------------------------------------------------- */

static void ad_alsa_quiet(const char *file, int line, const char *func, int err, const char *fmt, ...)
{
    (void)file; (void)line; (void)func; (void)err; (void)fmt;
}

static void ad_jack_quiet(const char *msg)
{
    (void)msg;
}

/* ALSA and JACK print every failed probe (missing card 0, no JACK server) on
 * stderr. libportaudio already pulled both libraries in, so their handler
 * setters are looked up in the process rather than linked: a build without
 * one of them just keeps that library's messages. */
static void ad_silence_backends(void)
{
    const char *dbg = getenv("PHONON_AUDIO_DEBUG");
    if (dbg && *dbg && strcmp(dbg, "0") != 0) return;
    typedef void (*AlsaHandler)(const char *, int, const char *, int, const char *, ...);
    typedef int (*AlsaSetter)(AlsaHandler);
    typedef void (*JackSetter)(void (*)(const char *));
    AlsaSetter alsa_set;
    JackSetter jack_err, jack_info;
    void *sym = dlsym(RTLD_DEFAULT, "snd_lib_error_set_handler");
    memcpy(&alsa_set, &sym, sizeof sym);
    if (alsa_set) alsa_set(ad_alsa_quiet);
    sym = dlsym(RTLD_DEFAULT, "jack_set_error_function");
    memcpy(&jack_err, &sym, sizeof sym);
    if (jack_err) jack_err(ad_jack_quiet);
    sym = dlsym(RTLD_DEFAULT, "jack_set_info_function");
    memcpy(&jack_info, &sym, sizeof sym);
    if (jack_info) jack_info(ad_jack_quiet);
}

/* Pa_Initialize with quiet backends and a recognisable JACK client name. */
static PaError ad_pa_init(void)
{
    ad_silence_backends();
    PaJack_SetClientName("phonon");
    return Pa_Initialize();
}

/* PortAudio's message for E, with the host's own text when it has one. */
static void ad_pa_message(char *dst, size_t size, const char *what, PaError e)
{
    if (e == paUnanticipatedHostError) {
        const PaHostErrorInfo *h = Pa_GetLastHostErrorInfo();
        ad_set_error(dst, size, "%s: %s (%s)", what, Pa_GetErrorText(e),
                     h && h->errorText ? h->errorText : "no detail");
    } else {
        ad_set_error(dst, size, "%s: %s", what, Pa_GetErrorText(e));
    }
}

/* ---- listing and selection ------------------------------------------ */

static void ad_fill_null_info(AudioDeviceInfo *info)
{
    memset(info, 0, sizeof *info);
    info->index = AUDIO_DEVICE_NULL_INDEX;
    snprintf(info->name, sizeof info->name, "%s", AUDIO_DEVICE_NULL_NAME);
    snprintf(info->host_api, sizeof info->host_api, "none");
    info->max_output_channels = 2;
    info->default_rate = AUDIO_DEVICE_NULL_RATE;
    info->default_latency_ms = 1000.0 * AUDIO_DEVICE_DEFAULT_BLOCK / AUDIO_DEVICE_NULL_RATE;
}

static void ad_fill_pa_info(AudioDeviceInfo *info, int index, const PaDeviceInfo *d)
{
    memset(info, 0, sizeof *info);
    const PaHostApiInfo *h = Pa_GetHostApiInfo(d->hostApi);
    info->index = index;
    snprintf(info->name, sizeof info->name, "%s", d->name ? d->name : "?");
    snprintf(info->host_api, sizeof info->host_api, "%s", h && h->name ? h->name : "?");
    info->max_output_channels = d->maxOutputChannels;
    info->default_rate = d->defaultSampleRate;
    info->default_latency_ms = d->defaultLowOutputLatency * 1000.0;
    info->is_default = index == Pa_GetDefaultOutputDevice();
}

PhStatus audio_device_list(AudioDeviceInfo *out, int cap, int *count, char *err, size_t err_size)
{
    if (!count || cap < 0 || (cap > 0 && !out)) return PH_ERR_ARG;
    int n = 0;
    PhStatus st = PH_OK;
    PaError e = ad_pa_init();
    if (e != paNoError) {
        ad_pa_message(err, err_size, "cannot start PortAudio", e);
        st = PH_ERR_IO;
    } else {
        int total = Pa_GetDeviceCount();
        for (int i = 0; i < total; i++) {
            const PaDeviceInfo *d = Pa_GetDeviceInfo(i);
            if (!d || d->maxOutputChannels <= 0) continue;
            if (n < cap) ad_fill_pa_info(&out[n], i, d);
            n++;
        }
        Pa_Terminate();
    }
    if (n < cap) ad_fill_null_info(&out[n]);
    *count = n + 1;
    return st;
}

static bool ad_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return false;
    return *a == *b;
}

static bool ad_icontains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t k = 0;
        while (k < n && hay[k] && tolower((unsigned char)hay[k]) == tolower((unsigned char)needle[k])) k++;
        if (k == n) return true;
    }
    return n == 0;
}

/* The PortAudio index SPEC names (rules in audio_device.h), or a paNoDevice
 * with a message. PortAudio must be initialised. */
static PaDeviceIndex ad_find(const char *spec, char *err, size_t err_size)
{
    int total = Pa_GetDeviceCount();
    if (!spec || !*spec) {
        PaDeviceIndex d = Pa_GetDefaultOutputDevice();
        if (d == paNoDevice)
            ad_set_error(err, err_size, "no default audio output device (try --list-devices, "
                                        "or --device null to run without sound)");
        return d;
    }
    bool digits = true;
    for (const char *p = spec; *p; p++) digits = digits && isdigit((unsigned char)*p);
    if (digits && strlen(spec) < 9) {
        int i = atoi(spec);
        const PaDeviceInfo *d = i < total ? Pa_GetDeviceInfo(i) : NULL;
        if (d && d->maxOutputChannels > 0) return i;
        ad_set_error(err, err_size, "no audio output device with index %s (see --list-devices)", spec);
        return paNoDevice;
    }
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < total; i++) {
            const PaDeviceInfo *d = Pa_GetDeviceInfo(i);
            if (!d || !d->name || d->maxOutputChannels <= 0) continue;
            if (pass == 0 ? ad_ieq(d->name, spec) : ad_icontains(d->name, spec)) return i;
        }
    }
    ad_set_error(err, err_size, "no audio output device matches \"%s\" (see --list-devices)", spec);
    return paNoDevice;
}

/* ---- the real-time paths --------------------------------------------- */

static inline void ad_render_blocks(AudioDevice *d, float *l, float *r, unsigned long frames)
{
    unsigned long done = 0;
    while (done < frames) {
        unsigned long left = frames - done;
        int n = left > (unsigned long)d->block_frames ? d->block_frames : (int)left;
        d->render(d->user, l + done, r + done, n);
        done += (unsigned long)n;
        atomic_fetch_add_explicit(&d->callbacks, 1, memory_order_relaxed);
    }
    atomic_fetch_add_explicit(&d->frames, frames, memory_order_relaxed);
}

/* PortAudio's callback: render, count underflows. Nothing else. */
static int ad_pa_callback(const void *input, void *output, unsigned long frames,
                          const PaStreamCallbackTimeInfo *time, PaStreamCallbackFlags flags, void *arg)
{
    (void)input;
    (void)time;
    AudioDevice *d = arg;
    float **ch = output;
    if (flags & paOutputUnderflow) atomic_fetch_add_explicit(&d->xruns, 1, memory_order_relaxed);
    ad_render_blocks(d, ch[0], ch[1], frames);
    return paContinue;
}

static int64_t ad_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Nanoseconds that FRAMES last at RATE, without overflow for years of audio. */
static int64_t ad_frames_ns(int64_t frames, int64_t rate)
{
    return (frames / rate) * 1000000000 + (frames % rate) * 1000000000 / rate;
}

/* The null device: render a block, sleep until its real-time deadline. */
static void *ad_null_thread(void *arg)
{
    AudioDevice *d = arg;
    int64_t rate = (int64_t)(d->rate + 0.5);
    int64_t period = ad_frames_ns(d->block_frames, rate);
    int64_t base = ad_now_ns(), done = 0;
    float *l = d->null_buf, *r = d->null_buf + d->block_frames;
    while (!atomic_load_explicit(&d->null_stop, memory_order_acquire)) {
        ad_render_blocks(d, l, r, (unsigned long)d->block_frames);
        done += d->block_frames;
        int64_t deadline = base + ad_frames_ns(done, rate);
        int64_t now = ad_now_ns();
        if (now > deadline + period) { /* more than a block late: skip the backlog */
            atomic_fetch_add_explicit(&d->xruns, 1, memory_order_relaxed);
            base = now;
            done = 0;
            continue;
        }
        struct timespec ts = {(time_t)(deadline / 1000000000), (long)(deadline % 1000000000)};
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {}
    }
    return NULL;
}

/* ---- open / start / stop / close ------------------------------------ */

static PhStatus ad_check_config(const AudioDeviceConfig *cfg, char *err, size_t err_size)
{
    if (!cfg->render) {
        ad_set_error(err, err_size, "audio device: no render function");
        return PH_ERR_ARG;
    }
    if (cfg->block_frames < 0 || cfg->block_frames > AUDIO_DEVICE_MAX_BLOCK) {
        ad_set_error(err, err_size, "audio block of %d frames outside 1..%d", cfg->block_frames,
                     AUDIO_DEVICE_MAX_BLOCK);
        return PH_ERR_ARG;
    }
    if (!(cfg->sample_rate == 0 || (cfg->sample_rate >= 1000 && cfg->sample_rate <= 768000))) {
        ad_set_error(err, err_size, "sample rate %g outside 1000..768000", cfg->sample_rate);
        return PH_ERR_ARG;
    }
    if (!(cfg->latency_ms >= 0 && cfg->latency_ms <= AUDIO_DEVICE_MAX_LATENCY_MS)) {
        ad_set_error(err, err_size, "latency %g ms outside 0..%g", cfg->latency_ms,
                     AUDIO_DEVICE_MAX_LATENCY_MS);
        return PH_ERR_ARG;
    }
    return PH_OK;
}

static PhStatus ad_open_null(AudioDevice *d, const AudioDeviceConfig *cfg, char *err, size_t err_size)
{
    d->is_null = true;
    d->rate = cfg->sample_rate > 0 ? cfg->sample_rate : AUDIO_DEVICE_NULL_RATE;
    d->latency_ms = 1000.0 * d->block_frames / d->rate;
    snprintf(d->name, sizeof d->name, "%s", AUDIO_DEVICE_NULL_NAME);
    snprintf(d->host_api, sizeof d->host_api, "none");
    d->null_buf = calloc(2 * (size_t)d->block_frames, sizeof(float));
    if (!d->null_buf) {
        ad_set_error(err, err_size, "null audio device: out of memory");
        return PH_ERR_NOMEM;
    }
    return PH_OK;
}

static PhStatus ad_open_pa(AudioDevice *d, const AudioDeviceConfig *cfg, char *err, size_t err_size)
{
    PaError e = ad_pa_init();
    if (e != paNoError) {
        ad_pa_message(err, err_size, "cannot start PortAudio", e);
        return PH_ERR_IO;
    }
    PaDeviceIndex idx = ad_find(cfg->device, err, err_size);
    if (idx == paNoDevice) {
        Pa_Terminate();
        return PH_ERR_NAME;
    }
    const PaDeviceInfo *info = Pa_GetDeviceInfo(idx);
    const PaHostApiInfo *host = Pa_GetHostApiInfo(info->hostApi);
    snprintf(d->name, sizeof d->name, "%s", info->name);
    snprintf(d->host_api, sizeof d->host_api, "%s", host && host->name ? host->name : "?");
    if (info->maxOutputChannels < 2) {
        ad_set_error(err, err_size, "audio device \"%s\" has %d output channel(s); stereo needed",
                     d->name, info->maxOutputChannels);
        Pa_Terminate();
        return PH_ERR_UNSUPPORTED;
    }
    double rate = cfg->sample_rate > 0 ? cfg->sample_rate : info->defaultSampleRate;
    PaStreamParameters p;
    memset(&p, 0, sizeof p);
    p.device = idx;
    p.channelCount = 2;
    p.sampleFormat = paFloat32 | paNonInterleaved;
    p.suggestedLatency = cfg->latency_ms > 0 ? cfg->latency_ms / 1000.0 : info->defaultLowOutputLatency;
    char what[AUDIO_DEVICE_NAME_MAX + AUDIO_DEVICE_HOST_MAX + 64];
    snprintf(what, sizeof what, "audio device \"%s\" (%s) at %g Hz", d->name, d->host_api, rate);
    e = Pa_IsFormatSupported(NULL, &p, rate);
    if (e == paNoError)
        e = Pa_OpenStream(&d->stream, NULL, &p, rate, (unsigned long)d->block_frames, paNoFlag,
                          ad_pa_callback, d);
    if (e != paNoError) {
        ad_pa_message(err, err_size, what, e);
        d->stream = NULL;
        Pa_Terminate();
        return e == paInvalidSampleRate || e == paInvalidChannelCount || e == paSampleFormatNotSupported
                   ? PH_ERR_UNSUPPORTED : PH_ERR_IO;
    }
    /* PortAudio's ALSA callback thread takes SCHED_FIFO when asked (and
     * permitted); JACK's thread is real-time already */
    const PaHostApiInfo *api = Pa_GetHostApiInfo(info->hostApi);
    if (d->rt_priority > 0 && api && api->type == paALSA) {
        PaAlsa_EnableRealtimeScheduling(d->stream, 1);
        d->realtime = true;
    }
    const PaStreamInfo *si = Pa_GetStreamInfo(d->stream);
    d->rate = si && si->sampleRate > 0 ? si->sampleRate : rate;
    d->latency_ms = si ? si->outputLatency * 1000.0 : p.suggestedLatency * 1000.0;
    return PH_OK;
}

PhStatus audio_device_open(AudioDevice **out, const AudioDeviceConfig *cfg, char *err, size_t err_size)
{
    if (!out) return PH_ERR_ARG;
    *out = NULL;
    if (!cfg) return PH_ERR_ARG;
    PhStatus st = ad_check_config(cfg, err, err_size);
    if (st != PH_OK) return st;
    AudioDevice *d = calloc(1, sizeof *d);
    if (!d) {
        ad_set_error(err, err_size, "audio device: out of memory");
        return PH_ERR_NOMEM;
    }
    d->render = cfg->render;
    d->user = cfg->user;
    d->rt_priority = cfg->rt_priority;
    d->block_frames = cfg->block_frames ? cfg->block_frames : AUDIO_DEVICE_DEFAULT_BLOCK;
    atomic_init(&d->null_stop, false);
    atomic_init(&d->callbacks, 0);
    atomic_init(&d->frames, 0);
    atomic_init(&d->xruns, 0);
    if (cfg->device && ad_ieq(cfg->device, AUDIO_DEVICE_NULL_NAME)) st = ad_open_null(d, cfg, err, err_size);
    else st = ad_open_pa(d, cfg, err, err_size);
    if (st != PH_OK) {
        free(d->null_buf);
        free(d);
        return st;
    }
    *out = d;
    return PH_OK;
}

PhStatus audio_device_start(AudioDevice *d)
{
    if (!d) return PH_ERR_ARG;
    if (d->running) return PH_OK;
    if (d->is_null) {
        atomic_store_explicit(&d->null_stop, false, memory_order_release);
        int rc = realtime_thread_create(&d->thread, d->rt_priority, ad_null_thread, d, &d->realtime);
        if (rc != 0) {
            ad_set_error(d->error, sizeof d->error, "null audio device: cannot start thread: %s",
                         strerror(rc));
            return PH_ERR_IO;
        }
    } else {
        PaError e = Pa_StartStream(d->stream);
        if (e != paNoError) {
            ad_pa_message(d->error, sizeof d->error, "cannot start audio stream", e);
            return PH_ERR_IO;
        }
    }
    d->running = true;
    return PH_OK;
}

PhStatus audio_device_stop(AudioDevice *d)
{
    if (!d) return PH_ERR_ARG;
    if (!d->running) return PH_OK;
    d->running = false;
    if (d->is_null) {
        atomic_store_explicit(&d->null_stop, true, memory_order_release);
        pthread_join(d->thread, NULL);
        return PH_OK;
    }
    PaError e = Pa_StopStream(d->stream);
    if (e != paNoError) {
        ad_pa_message(d->error, sizeof d->error, "cannot stop audio stream", e);
        return PH_ERR_IO;
    }
    return PH_OK;
}

void audio_device_close(AudioDevice *d)
{
    if (!d) return;
    audio_device_stop(d);
    if (d->stream) {
        Pa_CloseStream(d->stream);
        Pa_Terminate();
    }
    free(d->null_buf);
    free(d);
}

void audio_device_status(const AudioDevice *d, AudioDeviceStatus *out)
{
    if (!out) return;
    memset(out, 0, sizeof *out);
    if (!d) return;
    AudioDevice *m = (AudioDevice *)d; /* atomics are read through a non-const pointer */
    snprintf(out->name, sizeof out->name, "%s", d->name);
    snprintf(out->host_api, sizeof out->host_api, "%s", d->host_api);
    out->sample_rate = d->rate;
    out->block_frames = d->block_frames;
    out->latency_ms = d->latency_ms;
    out->running = d->running;
    out->realtime = d->realtime;
    out->callbacks = atomic_load_explicit(&m->callbacks, memory_order_relaxed);
    out->frames = atomic_load_explicit(&m->frames, memory_order_relaxed);
    out->xruns = atomic_load_explicit(&m->xruns, memory_order_relaxed);
}

uint64_t audio_device_xruns(const AudioDevice *d)
{
    if (!d) return 0;
    return atomic_load_explicit(&((AudioDevice *)d)->xruns, memory_order_relaxed);
}

const char *audio_device_error(const AudioDevice *d)
{
    return d ? d->error : "";
}
