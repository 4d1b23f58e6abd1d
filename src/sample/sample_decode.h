/* sample_decode.h - decode one audio file into a Sample with libsndfile.
 *
 * Formats: whatever libsndfile reads; the library offers it WAV (8/16/24/32
 * bit int, 32/64-bit float), AIFF/AIFC, FLAC and Ogg Vorbis/Opus. The file's
 * sample rate is kept (no resampling: the voice engine corrects the rate).
 * Mono and stereo are kept as they are. Files with more than two channels
 * are mixed down to stereo: even-numbered channels (0, 2, 4...) average into
 * the left channel, odd-numbered ones into the right (a 3-channel file puts
 * channels 0 and 2 left, 1 right); the notes report it.
 * Non-finite values (NaN/Inf in float files) become 0 and are reported.
 * Not decodable (not audio, empty, truncated, corrupt, too long): NULL and a
 * one-line reason, nothing printed. */
#ifndef PHONON_SAMPLE_SAMPLE_DECODE_H
#define PHONON_SAMPLE_SAMPLE_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "sample/sample.h"

/* Files with more channels are refused. */
#define SAMPLE_DECODE_MAX_CHANNELS 256
/* Accepted file sample rates, Hz. */
#define SAMPLE_DECODE_MIN_RATE 1000
#define SAMPLE_DECODE_MAX_RATE 768000

/* What decoding changed, for a warning the caller may show. */
typedef struct SampleDecodeNotes {
    int file_channels;     /* channels in the file (> 2 means it was mixed down) */
    int64_t nonfinite;     /* NaN/Inf values replaced by 0 */
} SampleDecodeNotes;

/* Decodes path. name becomes Sample.name. On success *out owns a Sample
 * (free with sample_buf_free) and returns PH_OK. On failure *out is NULL,
 * why holds a reason like "truncated: header declares 1000 frames, file
 * holds 478" and the status is PH_ERR_IO (cannot open/read), PH_ERR_FORMAT
 * (not audio, empty, truncated, corrupt), PH_ERR_LIMIT or PH_ERR_NOMEM.
 * notes may be NULL. */
PhStatus sample_decode_file(const char *path, const char *name, Sample **out,
                            SampleDecodeNotes *notes, char *why, size_t why_size);

/* True if a file name has an extension the library reads (case-insensitive:
 * wav wave aif aiff aifc flac ogg oga opus). Other files in a bank folder are
 * ignored and take no index. */
bool sample_decode_is_audio_name(const char *file_name);

#endif
