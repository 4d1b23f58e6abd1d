/* stats.h - what `--stats` reports: block times as a histogram (exact to the
 * microsecond, no allocation per block), voice counts, frames. */
#ifndef PHONON_ENGINE_STATS_H
#define PHONON_ENGINE_STATS_H

#include <stdint.h>

#define STATS_BLOCK_US_MAX 100000 /* block times above 100 ms fall in the last bucket */

typedef struct BlockTimes {
    uint32_t *buckets;            /* STATS_BLOCK_US_MAX + 1 buckets of 1 us */
    uint64_t count;
    double max_us, total_us;
} BlockTimes;

int block_times_init(BlockTimes *t);   /* 0 on success */
void block_times_free(BlockTimes *t);
void block_times_add(BlockTimes *t, double us);
/* The q-quantile (0..1) in microseconds. */
double block_times_quantile(const BlockTimes *t, double q);

typedef struct EngineStats {
    uint64_t frames;
    uint64_t blocks;
    int peak_voices;
    double mean_voices;           /* voice-samples / frames */
    uint64_t voice_samples;
    uint64_t voices_started;
    uint64_t voices_stolen;
    uint64_t missing_samples;     /* events whose sound was unknown or not loaded */
    uint64_t query_errors;
    double block_p50_us, block_p95_us, block_p99_us, block_max_us;
} EngineStats;

#endif
