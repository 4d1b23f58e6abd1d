/* suggest.h - "did you mean": the closest candidate name by optimal string
 * alignment distance (edits plus adjacent swaps), ASCII case folded.
 *
 * Usage: suggest_init(&s, name); suggest_offer(&s, cand, rank) for every
 * candidate; suggest_result(&s) is the best (or NULL). Among equally close
 * candidates the lowest rank wins, then the first offered. */
#ifndef PHONON_CORE_SUGGEST_H
#define PHONON_CORE_SUGGEST_H

#include <stddef.h>

#define SUGGEST_MAX_LEN 64 /* longer names are never matched */

typedef struct Suggest {
    const char *name;
    size_t len;
    int limit;            /* the largest distance accepted (grows with the length) */
    const char *best;
    int best_distance;
    int best_rank;
} Suggest;

void suggest_init(Suggest *s, const char *name);
void suggest_offer(Suggest *s, const char *candidate, int rank);
const char *suggest_result(const Suggest *s);
/* OSA distance, or limit + 1 once it must exceed limit. */
int suggest_distance(const char *a, size_t la, const char *b, size_t lb, int limit);

#endif
