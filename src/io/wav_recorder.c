/* wav_recorder.c - SPSC float ring (audio thread -> writer thread) feeding a
 * WavWriter; behaviour described in wav_recorder.h. */
#include "io/wav_recorder.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct WavRecorder {
    WavWriter *writer;
    float *ring_l, *ring_r;      /* capacity frames each */
    size_t capacity, mask;       /* power of two */
    atomic_size_t head;          /* frames pushed (producer writes) */
    atomic_size_t tail;          /* frames consumed (writer thread writes) */
    atomic_uint_fast64_t dropped;
    atomic_bool stop;
    pthread_t thread;
    PhStatus write_status;       /* writer thread only until joined */
    char error[WAV_WRITER_ERR_MAX];
};

static void rec_set_error(char *dst, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void rec_set_error(char *dst, size_t size, const char *fmt, ...)
{
    if (!dst || size == 0) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(dst, size, fmt, ap);
    va_end(ap);
}

int wav_recorder_push(WavRecorder *r, const float *l, const float *rr, int nframes)
{
    if (!r || nframes <= 0) return 0;
    size_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
    size_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);
    size_t n = (size_t)nframes;
    if (r->capacity - (head - tail) < n) {
        atomic_fetch_add_explicit(&r->dropped, n, memory_order_relaxed);
        return 0;
    }
    size_t at = head & r->mask;
    size_t first = r->capacity - at < n ? r->capacity - at : n;
    memcpy(r->ring_l + at, l, first * sizeof(float));
    memcpy(r->ring_r + at, rr, first * sizeof(float));
    memcpy(r->ring_l, l + first, (n - first) * sizeof(float));
    memcpy(r->ring_r, rr + first, (n - first) * sizeof(float));
    atomic_store_explicit(&r->head, head + n, memory_order_release);
    return nframes;
}

/* Writes everything queued; after a write error keeps consuming (discarding)
 * so the producer is not starved into counting drops. */
static void rec_drain(WavRecorder *r)
{
    size_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
    size_t head = atomic_load_explicit(&r->head, memory_order_acquire);
    while (tail != head) {
        size_t at = tail & r->mask;
        size_t n = head - tail;
        if (n > r->capacity - at) n = r->capacity - at;
        if (r->write_status == PH_OK) {
            r->write_status = wav_writer_write(r->writer, r->ring_l + at, r->ring_r + at, (int64_t)n);
            if (r->write_status != PH_OK)
                snprintf(r->error, sizeof r->error, "%s", wav_writer_error(r->writer));
        }
        tail += n;
        atomic_store_explicit(&r->tail, tail, memory_order_release);
    }
}

static void *rec_thread(void *arg)
{
    WavRecorder *r = arg;
    const struct timespec period = {0, (long)WAV_RECORDER_DRAIN_MS * 1000000};
    for (;;) {
        bool stopping = atomic_load_explicit(&r->stop, memory_order_acquire);
        rec_drain(r);
        if (stopping) return NULL; /* the producer had stopped before stop was set */
        nanosleep(&period, NULL);
    }
}

PhStatus wav_recorder_open(WavRecorder **out, const char *path, int sample_rate, WavFormat format,
                           int capacity_frames, char *err, size_t err_size)
{
    if (!out) return PH_ERR_ARG;
    *out = NULL;
    if (capacity_frames < 0 || capacity_frames > WAV_RECORDER_MAX_FRAMES) {
        rec_set_error(err, err_size, "recording buffer of %d frames outside 0..%d", capacity_frames,
                      WAV_RECORDER_MAX_FRAMES);
        return PH_ERR_ARG;
    }
    size_t want = capacity_frames ? (size_t)capacity_frames
                                  : (size_t)sample_rate * WAV_RECORDER_DEFAULT_SECONDS;
    if (want > WAV_RECORDER_MAX_FRAMES) want = WAV_RECORDER_MAX_FRAMES;
    size_t cap = 1;
    while (cap < want) cap <<= 1;

    WavRecorder *r = calloc(1, sizeof *r);
    if (!r) {
        rec_set_error(err, err_size, "%s: out of memory", path ? path : "recording");
        return PH_ERR_NOMEM;
    }
    PhStatus st = wav_writer_open(&r->writer, path, sample_rate, format, err, err_size);
    if (st != PH_OK) {
        free(r);
        return st;
    }
    r->ring_l = calloc(cap, sizeof(float));
    r->ring_r = calloc(cap, sizeof(float));
    r->capacity = cap;
    r->mask = cap - 1;
    atomic_init(&r->head, 0);
    atomic_init(&r->tail, 0);
    atomic_init(&r->dropped, 0);
    atomic_init(&r->stop, false);
    int rc = r->ring_l && r->ring_r ? pthread_create(&r->thread, NULL, rec_thread, r) : ENOMEM;
    if (rc != 0) {
        rec_set_error(err, err_size, "%s: cannot start the recording thread: %s", path, strerror(rc));
        wav_writer_close(r->writer, NULL, 0);
        free(r->ring_l);
        free(r->ring_r);
        free(r);
        return rc == ENOMEM ? PH_ERR_NOMEM : PH_ERR_IO;
    }
    *out = r;
    return PH_OK;
}

uint64_t wav_recorder_dropped(const WavRecorder *r)
{
    if (!r) return 0;
    return atomic_load_explicit(&((WavRecorder *)r)->dropped, memory_order_relaxed);
}

PhStatus wav_recorder_close(WavRecorder *r, uint64_t *dropped, char *err, size_t err_size)
{
    if (dropped) *dropped = 0;
    if (!r) return PH_OK;
    atomic_store_explicit(&r->stop, true, memory_order_release);
    pthread_join(r->thread, NULL);
    if (dropped) *dropped = atomic_load_explicit(&r->dropped, memory_order_relaxed);
    PhStatus st = r->write_status;
    if (st != PH_OK) rec_set_error(err, err_size, "%s", r->error);
    char close_err[WAV_WRITER_ERR_MAX] = "";
    PhStatus cst = wav_writer_close(r->writer, close_err, sizeof close_err);
    if (st == PH_OK && cst != PH_OK) {
        rec_set_error(err, err_size, "%s", close_err);
        st = cst;
    }
    free(r->ring_l);
    free(r->ring_r);
    free(r);
    return st;
}
