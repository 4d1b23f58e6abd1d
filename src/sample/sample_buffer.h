/* sample_buffer.h - allocating, filling and freeing one Sample.
 *
 * A Sample's channels are planar float arrays with SAMPLE_PAD zero frames
 * before frame 0 and after the last frame (see sample.h). Each channel's
 * frame 0 is 32-byte aligned. Whoever creates a Sample with
 * sample_buf_new() writes its frames through sample_buf_channel(), then calls
 * sample_buf_finish() (peak) before sharing it; after that it is read-only.
 * Used by the decoder, the built-in kit, and tests that need a Sample. */
#ifndef PHONON_SAMPLE_SAMPLE_BUFFER_H
#define PHONON_SAMPLE_SAMPLE_BUFFER_H

#include <stdint.h>

#include "sample/sample.h"

/* Longest sample accepted, in frames (~25 minutes at 44.1 kHz). Longer files
 * are refused with a message, never an out-of-memory. */
#define SAMPLE_MAX_FRAMES ((int64_t)1 << 26)

/* A zeroed Sample (all frames and padding 0.0f), channels 1 or 2, frames
 * 1..SAMPLE_MAX_FRAMES, rate > 0. name is copied. NULL on bad arguments or
 * out of memory. */
Sample *sample_buf_new(int channels, int64_t frames, double rate, const char *name);

/* Writable frame 0 of channel ch (0 or 1). For a mono Sample both give the
 * same array. Valid until sample_buf_free(). */
float *sample_buf_channel(Sample *s, int ch);

/* Computes s->peak from the data. Call once all frames are written. */
void sample_buf_finish(Sample *s);

/* Frees a Sample made by sample_buf_new(); NULL is a no-op. */
void sample_buf_free(Sample *s);

#endif
