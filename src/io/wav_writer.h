/* wav_writer.h - stereo WAV file output (libsndfile) for `phonon render` and
 * `phonon live --record`.
 *
 * The engine hands over planar float blocks (an L and an R array); the writer
 * interleaves them through a buffer allocated at open, converts, and writes.
 *
 * Sample conversion (deterministic, no dither, independent of the FPU
 * rounding mode):
 *   - non-finite input (NaN, +-Inf) is written as 0 in every format;
 *   - s16: v = floor(x * 32768 + 0.5) clamped to [-32768, 32767];
 *   - s24: v = floor(x * 8388608 + 0.5) clamped to [-8388608, 8388607];
 *     so x = -1.0 is the most negative code, x >= 1.0 clips to the largest,
 *     and reading back with libsndfile's normalised float read (code / 2^15
 *     or / 2^23) returns exactly the quantised input;
 *   - f32: written as is (no clipping: a float file keeps headroom).
 */
#ifndef PHONON_IO_WAV_WRITER_H
#define PHONON_IO_WAV_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

typedef enum WavFormat {
    WAV_FORMAT_S16,   /* 16-bit signed PCM */
    WAV_FORMAT_S24,   /* 24-bit signed PCM */
    WAV_FORMAT_F32    /* 32-bit IEEE float */
} WavFormat;

enum {
    WAV_WRITER_CHUNK_FRAMES = 4096, /* interleave buffer size; writes of any length are chunked */
    WAV_WRITER_MIN_RATE = 1000,
    WAV_WRITER_MAX_RATE = 768000,
    WAV_WRITER_ERR_MAX = 256        /* longest error message kept, including the NUL */
};

typedef struct WavWriter WavWriter;

/* "s16" / "s24" / "f32" -> format. PH_ERR_ARG for anything else. */
PhStatus wav_format_parse(const char *name, WavFormat *out);
/* The name wav_format_parse accepts, e.g. "s24". */
const char *wav_format_name(WavFormat f);

/* Creates (truncates) PATH as a 2-channel WAV at SAMPLE_RATE. On failure
 * returns PH_ERR_IO (bad path, permission, disk full), PH_ERR_ARG (bad rate or
 * format) or PH_ERR_NOMEM, writes a message naming the path into ERR (may be
 * NULL) and sets *OUT to NULL. */
PhStatus wav_writer_open(WavWriter **out, const char *path, int sample_rate, WavFormat format,
                         char *err, size_t err_size);

/* Appends NFRAMES frames from the planar arrays L and R (either may equal the
 * other for a mono signal). Any NFRAMES >= 0 is accepted. Does not allocate.
 * On a short write returns PH_ERR_IO; the message is in wav_writer_error()
 * and the writer refuses further writes. */
PhStatus wav_writer_write(WavWriter *w, const float *l, const float *r, int64_t nframes);

/* Frames written so far. */
int64_t wav_writer_frames(const WavWriter *w);
/* Last error message, "" if none. Never NULL. */
const char *wav_writer_error(const WavWriter *w);

/* Finishes the header and closes the file; frees W (NULL is a no-op that
 * returns PH_OK). Returns PH_ERR_IO with a message in ERR if the file could
 * not be finished or an earlier write had failed. */
PhStatus wav_writer_close(WavWriter *w, char *err, size_t err_size);

#endif
