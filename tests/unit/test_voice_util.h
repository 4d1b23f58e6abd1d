/* test_voice_util.h - helpers shared by the test_voice_*.c tests:
 * synthetic Samples (padded like the library's) and block rendering. */
#ifndef PHONON_TEST_VOICE_UTIL_H
#define PHONON_TEST_VOICE_UTIL_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "voice/voice_pool.h"

typedef float (*TvFn)(int64_t i, int ch);

static inline Sample *tv_sample(int64_t frames, int channels, double rate, TvFn fn)
{
    Sample *s = calloc(1, sizeof *s);
    size_t stride = (size_t)(frames + 2 * SAMPLE_PAD);
    float *mem = calloc(stride * (size_t)channels, sizeof(float));
    for (int c = 0; c < channels; c++)
        for (int64_t i = 0; i < frames; i++) mem[(size_t)c * stride + SAMPLE_PAD + (size_t)i] = fn(i, c);
    s->data[0] = mem + SAMPLE_PAD;
    s->data[1] = channels == 2 ? mem + stride + SAMPLE_PAD : s->data[0];
    s->channels = channels;
    s->frames = frames;
    s->rate = rate;
    s->peak = 1.0f;
    s->name = "test";
    return s;
}

static inline void tv_sample_free(Sample *s)
{
    if (!s) return;
    free((float *)s->data[0] - SAMPLE_PAD);
    free(s);
}

static inline float tv_kick(int64_t i, int ch)
{
    (void)ch;
    double t = (double)i / 44100.0;
    return (float)(sin(2.0 * M_PI * (50.0 + 100.0 * exp(-t * 30.0)) * t) * exp(-t / 0.1));
}

static inline float tv_stereo(int64_t i, int ch)
{
    double t = (double)i / 44100.0;
    return (float)((ch ? 0.5 : 1.0) * sin(2.0 * M_PI * (ch ? 330.0 : 220.0) * t) * exp(-t / 0.2));
}

/* ranges < 0: the adaptive governor decides serial/parallel per block */
static inline VoicePool *tv_pool_bufs(int threads, VoiceIsa isa, int capacity, int ranges)
{
    VoicePoolConfig cfg = { 0 };
    cfg.ranges = ranges > 0 ? ranges : 0;
    cfg.fixed_ranges = ranges >= 0; /* by default always exercise the parallel split */
    cfg.rate = 44100.0;
    cfg.max_block = 1024;
    cfg.capacity = capacity;
    cfg.threads = threads;
    cfg.isa = isa;
    return voice_pool_create(&cfg, NULL);
}

static inline VoicePool *tv_pool(int threads, VoiceIsa isa, int capacity)
{
    return tv_pool_bufs(threads, isa, capacity, 0);
}

/* One trigger at an absolute frame (events sorted by frame). */
typedef struct TvEvent {
    int64_t frame;
    VoiceStart vs;
} TvEvent;

/* Renders `frames` frames in blocks of `block` into planar L/R arrays for
 * `nslots` slots (out[slot*2 + ch], each `frames` long, zeroed here). */
static inline void tv_render_events(VoicePool *p, const TvEvent *ev, int nev, int nslots, float **out,
                                    int64_t frames, int block)
{
    int e = 0;
    VoiceOut vo[8];
    memset(vo, 0, sizeof vo);
    for (int s = 0; s < nslots; s++) {
        memset(out[2 * s], 0, sizeof(float) * (size_t)frames);
        memset(out[2 * s + 1], 0, sizeof(float) * (size_t)frames);
    }
    for (int64_t f = 0; f < frames; f += block) {
        int n = frames - f < block ? (int)(frames - f) : block;
        for (; e < nev && ev[e].frame < f + n; e++) {
            VoiceStart vs = ev[e].vs;
            vs.offset = (int32_t)(ev[e].frame - f);
            voice_pool_trigger(p, &vs);
        }
        for (int s = 0; s < nslots; s++) {
            vo[s].ch[0] = out[2 * s] + f;
            vo[s].ch[1] = out[2 * s + 1] + f;
        }
        voice_pool_mix(p, n, vo, nslots);
    }
}

static inline void tv_render(VoicePool *p, int nslots, float **out, int64_t frames, int block)
{
    tv_render_events(p, NULL, 0, nslots, out, frames, block);
}

/* A tiny deterministic generator for random scenes (24-bit outputs). */
static inline uint32_t tv_lcg(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

static inline double tv_unit(uint32_t *s) { return (double)tv_lcg(s) / 16777216.0; }

#endif
