/* wav_writer.c - stereo WAV output on libsndfile: planar float blocks in,
 * interleaved s16/s24/f32 out, with deterministic rounding and clipping
 * (the rules are in wav_writer.h). */
#include "io/wav_writer.h"

#include <errno.h>
#include <math.h>
#include <sndfile.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct WavWriter {
    SNDFILE *file;
    WavFormat format;
    int64_t frames;
    int failed;                 /* sticky: a write failed */
    char path[512];             /* for messages (truncated if longer) */
    char error[WAV_WRITER_ERR_MAX];
    union {                     /* interleave buffer, 2 * WAV_WRITER_CHUNK_FRAMES samples */
        short *s16;
        int *s32;
        float *f32;
        void *any;
    } buf;
};

static void wav_set_error(char *dst, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void wav_set_error(char *dst, size_t size, const char *fmt, ...)
{
    if (!dst || size == 0) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(dst, size, fmt, ap);
    va_end(ap);
}

PhStatus wav_format_parse(const char *name, WavFormat *out)
{
    if (!name || !out) return PH_ERR_ARG;
    if (strcmp(name, "s16") == 0) *out = WAV_FORMAT_S16;
    else if (strcmp(name, "s24") == 0) *out = WAV_FORMAT_S24;
    else if (strcmp(name, "f32") == 0) *out = WAV_FORMAT_F32;
    else return PH_ERR_ARG;
    return PH_OK;
}

const char *wav_format_name(WavFormat f)
{
    switch (f) {
    case WAV_FORMAT_S16: return "s16";
    case WAV_FORMAT_S24: return "s24";
    case WAV_FORMAT_F32: return "f32";
    }
    return "?";
}

/* libsndfile's message for a failed sf_open/sf_write ("System error : No
 * space left on device.") without the redundant prefix. */
static const char *wav_sf_message(SNDFILE *f)
{
    const char *m = sf_strerror(f);
    const char *prefix = "System error : ";
    if (strncmp(m, prefix, strlen(prefix)) == 0) m += strlen(prefix);
    return m;
}

PhStatus wav_writer_open(WavWriter **out, const char *path, int sample_rate, WavFormat format,
                         char *err, size_t err_size)
{
    if (!out) return PH_ERR_ARG;
    *out = NULL;
    if (!path || !*path) {
        wav_set_error(err, err_size, "no output path given");
        return PH_ERR_ARG;
    }
    if (strcmp(path, "-") == 0) {
        wav_set_error(err, err_size, "cannot write WAV to stdout (the header needs a seekable file)");
        return PH_ERR_ARG;
    }
    if (sample_rate < WAV_WRITER_MIN_RATE || sample_rate > WAV_WRITER_MAX_RATE) {
        wav_set_error(err, err_size, "%s: sample rate %d outside %d..%d", path, sample_rate,
                      WAV_WRITER_MIN_RATE, WAV_WRITER_MAX_RATE);
        return PH_ERR_ARG;
    }
    int sub;
    size_t sample_size;
    switch (format) {
    case WAV_FORMAT_S16: sub = SF_FORMAT_PCM_16; sample_size = sizeof(short); break;
    case WAV_FORMAT_S24: sub = SF_FORMAT_PCM_24; sample_size = sizeof(int); break;
    case WAV_FORMAT_F32: sub = SF_FORMAT_FLOAT; sample_size = sizeof(float); break;
    default:
        wav_set_error(err, err_size, "%s: unknown sample format %d", path, (int)format);
        return PH_ERR_ARG;
    }

    WavWriter *w = calloc(1, sizeof *w);
    if (w) w->buf.any = malloc(sample_size * 2 * WAV_WRITER_CHUNK_FRAMES);
    if (!w || !w->buf.any) {
        free(w);
        wav_set_error(err, err_size, "%s: out of memory", path);
        return PH_ERR_NOMEM;
    }
    w->format = format;
    snprintf(w->path, sizeof w->path, "%s", path);

    SF_INFO info;
    memset(&info, 0, sizeof info);
    info.samplerate = sample_rate;
    info.channels = 2;
    info.format = SF_FORMAT_WAV | sub;
    w->file = sf_open(path, SFM_WRITE, &info);
    if (!w->file) {
        wav_set_error(err, err_size, "%s: cannot create WAV file: %s", path, wav_sf_message(NULL));
        free(w->buf.any);
        free(w);
        return PH_ERR_IO;
    }
    /* The PEAK chunk of float WAVs carries a timestamp: leave it out so the
     * same render gives the same bytes (ARCHITECTURE.md rule 7). */
    sf_command(w->file, SFC_SET_ADD_PEAK_CHUNK, NULL, SF_FALSE);
    *out = w;
    return PH_OK;
}

/* Quantises one sample: non-finite -> 0, clip to [lo, hi], round half up. */
static inline int wav_quantise(float x, double scale, double lo, double hi)
{
    if (!isfinite(x)) return 0;
    double v = floor((double)x * scale + 0.5);
    if (v < lo) v = lo;
    if (v > hi) v = hi;
    return (int)v;
}

static void wav_interleave(WavWriter *w, const float *l, const float *r, int n)
{
    switch (w->format) {
    case WAV_FORMAT_S16:
        for (int i = 0; i < n; i++) {
            w->buf.s16[2 * i] = (short)wav_quantise(l[i], 32768.0, -32768.0, 32767.0);
            w->buf.s16[2 * i + 1] = (short)wav_quantise(r[i], 32768.0, -32768.0, 32767.0);
        }
        break;
    case WAV_FORMAT_S24:
        /* libsndfile takes 24-bit PCM as the top 24 bits of an int. */
        for (int i = 0; i < n; i++) {
            int a = wav_quantise(l[i], 8388608.0, -8388608.0, 8388607.0);
            int b = wav_quantise(r[i], 8388608.0, -8388608.0, 8388607.0);
            w->buf.s32[2 * i] = (int)((unsigned)a << 8);
            w->buf.s32[2 * i + 1] = (int)((unsigned)b << 8);
        }
        break;
    case WAV_FORMAT_F32:
        for (int i = 0; i < n; i++) {
            w->buf.f32[2 * i] = isfinite(l[i]) ? l[i] : 0.0f;
            w->buf.f32[2 * i + 1] = isfinite(r[i]) ? r[i] : 0.0f;
        }
        break;
    }
}

PhStatus wav_writer_write(WavWriter *w, const float *l, const float *r, int64_t nframes)
{
    if (!w || nframes < 0 || (nframes > 0 && (!l || !r))) return PH_ERR_ARG;
    if (w->failed) return PH_ERR_IO;
    while (nframes > 0) {
        int n = nframes > WAV_WRITER_CHUNK_FRAMES ? WAV_WRITER_CHUNK_FRAMES : (int)nframes;
        wav_interleave(w, l, r, n);
        sf_count_t want = (sf_count_t)n * 2, got;
        errno = 0;
        switch (w->format) {
        case WAV_FORMAT_S16: got = sf_write_short(w->file, w->buf.s16, want); break;
        case WAV_FORMAT_S24: got = sf_write_int(w->file, w->buf.s32, want); break;
        default: got = sf_write_float(w->file, w->buf.f32, want); break;
        }
        if (got != want) {
            int e = errno;
            w->failed = 1;
            if (sf_error(w->file) != SF_ERR_NO_ERROR)
                wav_set_error(w->error, sizeof w->error, "%s: write failed after %lld frames: %s",
                              w->path, (long long)w->frames, wav_sf_message(w->file));
            else
                wav_set_error(w->error, sizeof w->error, "%s: write failed after %lld frames: %s",
                              w->path, (long long)w->frames, e ? strerror(e) : "short write");
            return PH_ERR_IO;
        }
        w->frames += n;
        l += n;
        r += n;
        nframes -= n;
    }
    return PH_OK;
}

int64_t wav_writer_frames(const WavWriter *w)
{
    return w ? w->frames : 0;
}

const char *wav_writer_error(const WavWriter *w)
{
    return w ? w->error : "";
}

PhStatus wav_writer_close(WavWriter *w, char *err, size_t err_size)
{
    if (!w) return PH_OK;
    PhStatus st = PH_OK;
    if (w->failed) {
        wav_set_error(err, err_size, "%s", w->error);
        st = PH_ERR_IO;
    }
    /* sf_close rewrites the header with the final sizes. */
    int rc = sf_close(w->file);
    if (rc != 0 && st == PH_OK) {
        wav_set_error(err, err_size, "%s: closing failed: %s", w->path, sf_error_number(rc));
        st = PH_ERR_IO;
    }
    free(w->buf.any);
    free(w);
    return st;
}
