/* sample_buffer.c - one allocation per Sample: the struct, its name, and the
 * padded planar channel data (see sample_buffer.h). */
#include "sample/sample_buffer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The Sample handed out is the first member, so a Sample * made here can be
 * turned back into its block to free it. */
typedef struct SampleBlock {
    Sample s;
    float *base;   /* aligned allocation holding every channel with padding */
    int64_t stride;/* floats from one channel's base to the next */
    char name[];
} SampleBlock;

enum { SAMPLE_ALIGN_FLOATS = 16 }; /* 64 bytes */

Sample *sample_buf_new(int channels, int64_t frames, double rate, const char *name)
{
    if (channels < 1 || channels > 2 || frames < 1 || frames > SAMPLE_MAX_FRAMES ||
        !(rate > 0.0) || !isfinite(rate))
        return NULL;
    if (!name) name = "";
    size_t name_len = strlen(name);
    SampleBlock *b = malloc(sizeof *b + name_len + 1);
    if (!b) return NULL;
    memcpy(b->name, name, name_len + 1);

    /* Pad before and after, rounded so every channel's frame 0 is aligned:
     * base is 64-byte aligned and SAMPLE_PAD floats (32 bytes) precede frame 0. */
    int64_t stride = frames + 2 * SAMPLE_PAD;
    stride = (stride + SAMPLE_ALIGN_FLOATS - 1) / SAMPLE_ALIGN_FLOATS * SAMPLE_ALIGN_FLOATS;
    size_t bytes = (size_t)stride * (size_t)channels * sizeof(float);
    b->base = aligned_alloc(SAMPLE_ALIGN_FLOATS * sizeof(float), bytes);
    if (!b->base) {
        free(b);
        return NULL;
    }
    memset(b->base, 0, bytes);
    b->stride = stride;
    b->s.data[0] = b->base + SAMPLE_PAD;
    b->s.data[1] = channels == 2 ? b->base + stride + SAMPLE_PAD : b->s.data[0];
    b->s.channels = channels;
    b->s.frames = frames;
    b->s.rate = rate;
    b->s.peak = 0.0f;
    b->s.name = b->name;
    return &b->s;
}

float *sample_buf_channel(Sample *s, int ch)
{
    SampleBlock *b = (SampleBlock *)s;
    if (ch <= 0 || s->channels == 1) return b->base + SAMPLE_PAD;
    return b->base + b->stride + SAMPLE_PAD;
}

void sample_buf_finish(Sample *s)
{
    float peak = 0.0f;
    for (int c = 0; c < s->channels; c++) {
        const float *x = s->data[c];
        for (int64_t i = 0; i < s->frames; i++) {
            float a = fabsf(x[i]);
            if (a > peak) peak = a;
        }
    }
    s->peak = peak;
}

void sample_buf_free(Sample *s)
{
    if (!s) return;
    SampleBlock *b = (SampleBlock *)s;
    free(b->base);
    free(b);
}
