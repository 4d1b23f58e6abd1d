/* wav_recorder.h - record what the audio callback plays (`phonon live
 * --record OUT.wav`) without touching the disk on the audio thread.
 *
 * The audio thread copies each block into a preallocated single-producer /
 * single-consumer ring (lock-free, no allocation, no system call); a writer
 * thread drains the ring every WAV_RECORDER_DRAIN_MS into a WavWriter. If the
 * disk cannot keep up and the ring is full, the whole block is dropped and
 * counted - the audio never waits for the disk. Close drains what is left,
 * finishes the file and reports write errors and dropped frames. */
#ifndef PHONON_IO_WAV_RECORDER_H
#define PHONON_IO_WAV_RECORDER_H

#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "io/wav_writer.h"

enum {
    WAV_RECORDER_DRAIN_MS = 10,          /* writer thread wake-up period */
    WAV_RECORDER_DEFAULT_SECONDS = 2,    /* ring size when capacity 0 is passed */
    WAV_RECORDER_MAX_FRAMES = 1 << 24    /* ring size limit (~6 minutes at 48 kHz) */
};

typedef struct WavRecorder WavRecorder;

/* Creates PATH (see wav_writer_open) and starts the writer thread. The ring
 * holds CAPACITY_FRAMES stereo frames (rounded up to a power of two; 0 picks
 * WAV_RECORDER_DEFAULT_SECONDS of audio). */
PhStatus wav_recorder_open(WavRecorder **out, const char *path, int sample_rate, WavFormat format,
                           int capacity_frames, char *err, size_t err_size);

/* Audio thread: queue NFRAMES planar frames. Real-time safe: never blocks,
 * allocates or calls the kernel. Returns NFRAMES, or 0 if the ring had no
 * room (the block is dropped and counted). One producer thread only. */
int wav_recorder_push(WavRecorder *r, const float *l, const float *rr, int nframes);

/* Frames dropped so far because the ring was full (any thread). */
uint64_t wav_recorder_dropped(const WavRecorder *r);

/* Stops the writer after it drained the ring, finishes the WAV and frees R.
 * The producer must have stopped pushing. Returns PH_ERR_IO with a message
 * if a write failed; dropped frames are reported through *DROPPED (may be
 * NULL) and are not an error. NULL R is a no-op. */
PhStatus wav_recorder_close(WavRecorder *r, uint64_t *dropped, char *err, size_t err_size);

#endif
