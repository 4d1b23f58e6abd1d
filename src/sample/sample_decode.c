/* sample_decode.c - libsndfile decoding into a padded planar Sample, with
 * the checks that turn bad files into one-line reasons (sample_decode.h). */
#include "sample/sample_decode.h"

#include <errno.h>
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "sample/sample_buffer.h"

enum { DECODE_CHUNK_FRAMES = 4096 };

static const char *const audio_extensions[] = {
    "wav", "wave", "aif", "aiff", "aifc", "flac", "ogg", "oga", "opus",
};

bool sample_decode_is_audio_name(const char *file_name)
{
    if (!file_name || file_name[0] == '.') return false;
    const char *dot = strrchr(file_name, '.');
    if (!dot || dot == file_name) return false;
    for (size_t i = 0; i < sizeof audio_extensions / sizeof audio_extensions[0]; i++)
        if (strcasecmp(dot + 1, audio_extensions[i]) == 0) return true;
    return false;
}

/* Bytes per sample of uncompressed PCM/float subtypes, 0 for anything else. */
static int pcm_bytes(int format)
{
    switch (format & SF_FORMAT_SUBMASK) {
    case SF_FORMAT_PCM_S8:
    case SF_FORMAT_PCM_U8: return 1;
    case SF_FORMAT_PCM_16: return 2;
    case SF_FORMAT_PCM_24: return 3;
    case SF_FORMAT_PCM_32:
    case SF_FORMAT_FLOAT: return 4;
    case SF_FORMAT_DOUBLE: return 8;
    default: return 0;
    }
}

/* Frames the header's data chunk declares for uncompressed WAV and AIFF, or
 * -1 when unknown. libsndfile quietly shortens a file whose data chunk runs
 * past the end of the file; this recovers the declared size through its
 * chunk API so a cut-off file is reported instead of played half. */
static int64_t declared_frames(SNDFILE *sf, const SF_INFO *info)
{
    int bytes = pcm_bytes(info->format);
    if (bytes == 0) return -1;
    const char *id;
    uint32_t skip = 0;
    switch (info->format & SF_FORMAT_TYPEMASK) {
    case SF_FORMAT_WAV:
    case SF_FORMAT_WAVEX: id = "data"; break;
    case SF_FORMAT_AIFF: id = "SSND"; skip = 8; break; /* offset + block size */
    default: return -1;
    }
    SF_CHUNK_INFO ci;
    memset(&ci, 0, sizeof ci);
    snprintf(ci.id, sizeof ci.id, "%s", id);
    ci.id_size = 4;
    SF_CHUNK_ITERATOR *it = sf_get_chunk_iterator(sf, &ci);
    if (!it || sf_get_chunk_size(it, &ci) != SF_ERR_NO_ERROR) return -1;
    /* 0 and 0xFFFFFFFF mark headers written by streaming recorders that never
     * went back to fill in the size; libsndfile then uses the file length. */
    if (ci.datalen == 0 || ci.datalen >= 0x7FFFFFFFu || ci.datalen < skip) return -1;
    return (int64_t)(ci.datalen - skip) / ((int64_t)bytes * info->channels);
}

/* Copies n interleaved frames of ch channels into the Sample at frame at,
 * mixing more than two channels down to stereo; counts non-finite values. */
static void deinterleave(Sample *s, const float *in, int ch, int64_t n, int64_t at,
                         int64_t *nonfinite)
{
    float *l = sample_buf_channel(s, 0) + at;
    float *r = sample_buf_channel(s, 1) + at;
    int nl = (ch + 1) / 2, nr = ch / 2;
    for (int64_t i = 0; i < n; i++) {
        const float *f = in + i * ch;
        float a = 0.0f, b = 0.0f;
        if (ch == 1) {
            a = f[0];
        } else if (ch == 2) {
            a = f[0];
            b = f[1];
        } else {
            for (int c = 0; c < ch; c += 2) a += f[c];
            for (int c = 1; c < ch; c += 2) b += f[c];
            a /= (float)nl;
            b /= (float)nr;
        }
        if (!isfinite(a)) { a = 0.0f; (*nonfinite)++; }
        if (!isfinite(b)) { b = 0.0f; (*nonfinite)++; }
        l[i] = a;
        if (s->channels == 2) r[i] = b;
    }
}

/* Reads every frame; a short read or a libsndfile error is a reason. */
static PhStatus read_all(SNDFILE *sf, const SF_INFO *info, Sample *s, SampleDecodeNotes *notes,
                         char *why, size_t why_size)
{
    float *buf = malloc(sizeof(float) * DECODE_CHUNK_FRAMES * (size_t)info->channels);
    if (!buf) {
        snprintf(why, why_size, "out of memory");
        return PH_ERR_NOMEM;
    }
    int64_t done = 0;
    while (done < s->frames) {
        int64_t want = s->frames - done;
        if (want > DECODE_CHUNK_FRAMES) want = DECODE_CHUNK_FRAMES;
        sf_count_t got = sf_readf_float(sf, buf, want);
        if (got <= 0) break;
        deinterleave(s, buf, info->channels, got, done, &notes->nonfinite);
        done += got;
    }
    free(buf);
    int err = sf_error(sf);
    if (done < s->frames || err != SF_ERR_NO_ERROR) {
        snprintf(why, why_size, "truncated or corrupt: read %lld of %lld frames%s%s",
                 (long long)done, (long long)s->frames, err ? " (libsndfile: " : "",
                 err ? sf_error_number(err) : "");
        if (err) {
            size_t len = strlen(why);
            if (len + 1 < why_size) snprintf(why + len, why_size - len, ")");
        }
        return PH_ERR_FORMAT;
    }
    return PH_OK;
}

/* The header checks that come before any sample data is read. */
static PhStatus check_info(SNDFILE *sf, const SF_INFO *info, char *why, size_t why_size)
{
    if (info->channels < 1 || info->channels > SAMPLE_DECODE_MAX_CHANNELS) {
        snprintf(why, why_size, "unsupported channel count %d (1..%d)", info->channels,
                 SAMPLE_DECODE_MAX_CHANNELS);
        return PH_ERR_FORMAT;
    }
    if (info->samplerate < SAMPLE_DECODE_MIN_RATE || info->samplerate > SAMPLE_DECODE_MAX_RATE) {
        snprintf(why, why_size, "unsupported sample rate %d Hz (%d..%d)", info->samplerate,
                 SAMPLE_DECODE_MIN_RATE, SAMPLE_DECODE_MAX_RATE);
        return PH_ERR_FORMAT;
    }
    if (info->frames <= 0) {
        snprintf(why, why_size, "no audio frames (empty audio data)");
        return PH_ERR_FORMAT;
    }
    if (info->frames > SAMPLE_MAX_FRAMES) {
        snprintf(why, why_size, "too long: %lld frames (limit %lld)", (long long)info->frames,
                 (long long)SAMPLE_MAX_FRAMES);
        return PH_ERR_LIMIT;
    }
    int64_t declared = declared_frames(sf, info);
    if (declared > info->frames) {
        snprintf(why, why_size, "truncated: header declares %lld frames, file holds %lld",
                 (long long)declared, (long long)info->frames);
        return PH_ERR_FORMAT;
    }
    return PH_OK;
}

PhStatus sample_decode_file(const char *path, const char *name, Sample **out,
                            SampleDecodeNotes *notes, char *why, size_t why_size)
{
    SampleDecodeNotes local;
    if (!notes) notes = &local;
    memset(notes, 0, sizeof *notes);
    *out = NULL;
    if (why_size) why[0] = '\0';

    struct stat st;
    if (stat(path, &st) != 0) {
        snprintf(why, why_size, "cannot open: %s", strerror(errno));
        return PH_ERR_IO;
    }
    if (st.st_size == 0) {
        snprintf(why, why_size, "empty file (0 bytes)");
        return PH_ERR_FORMAT;
    }
    SF_INFO info;
    memset(&info, 0, sizeof info);
    SNDFILE *sf = sf_open(path, SFM_READ, &info);
    if (!sf) {
        snprintf(why, why_size, "not a readable audio file (libsndfile: %s)", sf_strerror(NULL));
        return PH_ERR_FORMAT;
    }
    PhStatus st_ok = check_info(sf, &info, why, why_size);
    if (st_ok != PH_OK) {
        sf_close(sf);
        return st_ok;
    }
    notes->file_channels = info.channels;
    Sample *s = sample_buf_new(info.channels >= 2 ? 2 : 1, info.frames, info.samplerate, name);
    if (!s) {
        sf_close(sf);
        snprintf(why, why_size, "out of memory for %lld frames", (long long)info.frames);
        return PH_ERR_NOMEM;
    }
    PhStatus rs = read_all(sf, &info, s, notes, why, why_size);
    sf_close(sf);
    if (rs != PH_OK) {
        sample_buf_free(s);
        return rs;
    }
    sample_buf_finish(s);
    *out = s;
    return PH_OK;
}
