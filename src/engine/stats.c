/* stats.c - block time histogram; see stats.h. */
#include "engine/stats.h"

#include <stdlib.h>
#include <string.h>

int block_times_init(BlockTimes *t)
{
    memset(t, 0, sizeof *t);
    t->buckets = calloc(STATS_BLOCK_US_MAX + 1, sizeof *t->buckets);
    return t->buckets ? 0 : -1;
}

void block_times_free(BlockTimes *t)
{
    free(t->buckets);
    t->buckets = NULL;
}

void block_times_add(BlockTimes *t, double us)
{
    if (!t->buckets) return;
    if (us < 0) us = 0;
    size_t b = us >= STATS_BLOCK_US_MAX ? STATS_BLOCK_US_MAX : (size_t)us;
    t->buckets[b]++;
    t->count++;
    t->total_us += us;
    if (us > t->max_us) t->max_us = us;
}

double block_times_quantile(const BlockTimes *t, double q)
{
    if (!t->buckets || t->count == 0) return 0;
    uint64_t want = (uint64_t)(q * (double)(t->count - 1)) + 1, seen = 0;
    for (size_t b = 0; b <= STATS_BLOCK_US_MAX; b++) {
        seen += t->buckets[b];
        if (seen >= want) return (double)b + 0.5;
    }
    return t->max_us;
}
