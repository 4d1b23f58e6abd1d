/* voice_bench.h - the voice engine benchmark behind `phonon bench` and
 * bench/bench_voice: voice-samples per second, block-time percentiles and
 * real-time headroom for 8 .. 16384 simultaneous kick voices, against a
 * naive scalar mixer measured in the same process. Reports; never asserts. */
#ifndef PHONON_VOICE_BENCH_H
#define PHONON_VOICE_BENCH_H

#include <stdio.h>

#include "core/status.h"

typedef struct VoiceBenchConfig {
    int threads;        /* extra thread count to measure besides 1 and 2 (0: none) */
    double seconds;     /* total measuring time budget (0 → 2 s) */
    int block;          /* frames per block (0 → 512) */
    double rate;        /* output rate (0 → 44100) */
    int max_voices;     /* largest voice count measured (0 → 16384) */
    double speed;       /* playback speed of the kick (0 → 1: the contiguous fast path) */
    int effects_only;   /* only the per-voice effects table (its seconds: the whole budget) */
} VoiceBenchConfig;

PhStatus voice_bench_run(const VoiceBenchConfig *cfg, FILE *out);

#endif
