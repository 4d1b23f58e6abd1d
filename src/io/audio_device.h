/* audio_device.h - the live audio output of `phonon live`: PortAudio (which
 * reaches ALSA and JACK, and PulseAudio/PipeWire through their ALSA or JACK
 * faces) plus a "null" device that needs no hardware.
 *
 * The caller supplies a render function; the device calls it from its audio
 * thread with planar stereo float buffers:
 *
 *     void render(void *user, float *out_l, float *out_r, int nframes);
 *
 * Block size: nframes is at most the block size reported by
 * audio_device_status(), and in practice always exactly that: the stream is
 * opened with a fixed framesPerBuffer, for which PortAudio guarantees that
 * count (its buffer processor adapts to the host's period, e.g. 2 x 128 for
 * a 256-frame JACK period). Should a host ever hand over a larger buffer,
 * it is cut into block-sized calls; a smaller one is passed as is.
 *
 * Real-time rule (ARCHITECTURE.md 5): the callback this module installs does
 * nothing but call render and bump atomic counters - no allocation, lock,
 * logging or file access. render must follow the same rule.
 *
 * The "null" device (name "null") runs render from a plain thread paced by
 * clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME) at the real-time rate and
 * drops the audio; if render falls more than one block behind, the backlog is
 * skipped and counted as an xrun.
 *
 * Backend chatter (ALSA's and JACK's messages on stderr while probing for
 * devices) is silenced; set PHONON_AUDIO_DEBUG=1 to see it.
 *
 * Threading: list/open/start/stop/close are called from one control thread. */
#ifndef PHONON_IO_AUDIO_DEVICE_H
#define PHONON_IO_AUDIO_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

typedef void (*AudioRenderFn)(void *user, float *out_l, float *out_r, int nframes);

enum {
    AUDIO_DEVICE_NAME_MAX = 160,
    AUDIO_DEVICE_HOST_MAX = 64,
    AUDIO_DEVICE_ERR_MAX = 320,
    AUDIO_DEVICE_DEFAULT_BLOCK = 256,
    AUDIO_DEVICE_MAX_BLOCK = 8192,
    AUDIO_DEVICE_NULL_RATE = 48000,   /* the null device's rate when none is requested */
    AUDIO_DEVICE_NULL_INDEX = -1      /* AudioDeviceInfo.index of the null device */
};
#define AUDIO_DEVICE_NULL_NAME "null"
#define AUDIO_DEVICE_MAX_LATENCY_MS 2000.0

typedef struct AudioDeviceInfo {
    int index;                            /* PortAudio index, or AUDIO_DEVICE_NULL_INDEX */
    char name[AUDIO_DEVICE_NAME_MAX];
    char host_api[AUDIO_DEVICE_HOST_MAX]; /* "ALSA", "JACK Audio Connection Kit", "none" */
    int max_output_channels;
    double default_rate;
    double default_latency_ms;            /* the host's low-latency suggestion */
    bool is_default;                      /* what an empty --device picks */
} AudioDeviceInfo;

/* Every output-capable device, the null device last. Fills up to CAP entries
 * of OUT and sets *COUNT to the number that exist (which may exceed CAP).
 * Returns PH_ERR_IO (message in ERR) if PortAudio cannot start; the null
 * device is listed even then. */
PhStatus audio_device_list(AudioDeviceInfo *out, int cap, int *count, char *err, size_t err_size);

typedef struct AudioDeviceConfig {
    /* NULL or "" -> the default output device; "null" -> the null device;
     * all digits -> that PortAudio index (as listed); anything else -> the
     * first output device whose name equals it, else the first whose name
     * contains it (both case-insensitive). */
    const char *device;
    double sample_rate;   /* 0 -> the device's default rate */
    int block_frames;     /* frames per render call; 0 -> AUDIO_DEVICE_DEFAULT_BLOCK */
    double latency_ms;    /* PortAudio suggestedLatency; 0 -> the device's low default */
    AudioRenderFn render; /* required */
    void *user;
    int rt_priority;      /* > 0: run the render thread on SCHED_FIFO at this priority where
                             permitted (null device: our thread; ALSA: PortAudio's; JACK
                             schedules its own); 0: leave the scheduling alone */
} AudioDeviceConfig;

typedef struct AudioDeviceStatus {
    char name[AUDIO_DEVICE_NAME_MAX];
    char host_api[AUDIO_DEVICE_HOST_MAX];
    double sample_rate;   /* actual stream rate */
    int block_frames;     /* max frames per render call */
    double latency_ms;    /* actual output latency reported by the host */
    bool running;
    bool realtime;        /* the render thread asked for (ALSA) or got (null) SCHED_FIFO */
    uint64_t callbacks;   /* render calls so far (all opens of this device object) */
    uint64_t frames;      /* frames rendered so far */
    uint64_t xruns;       /* output underflows reported by the host (or null-device overruns) */
} AudioDeviceStatus;

typedef struct AudioDevice AudioDevice;

/* Opens (does not start) an output stream: stereo float32 non-interleaved.
 * Errors: PH_ERR_NAME (no such device), PH_ERR_ARG (bad block/rate/latency,
 * missing render), PH_ERR_UNSUPPORTED (device cannot do stereo at that
 * rate), PH_ERR_IO (the host refused), PH_ERR_NOMEM; message in ERR. */
PhStatus audio_device_open(AudioDevice **out, const AudioDeviceConfig *cfg, char *err, size_t err_size);

/* Start and stop may alternate any number of times. stop waits until the
 * last render call has returned. Errors: PH_ERR_IO, message in audio_device_error(). */
PhStatus audio_device_start(AudioDevice *d);
PhStatus audio_device_stop(AudioDevice *d);

/* Stops if running, closes and frees D (NULL is a no-op). */
void audio_device_close(AudioDevice *d);

void audio_device_status(const AudioDevice *d, AudioDeviceStatus *out);
/* The xrun counter alone (an atomic read; any thread). */
uint64_t audio_device_xruns(const AudioDevice *d);
const char *audio_device_error(const AudioDevice *d);

#endif
