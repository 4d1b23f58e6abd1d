/* suggest.c - closest-name suggestions; see suggest.h. */
#include "core/suggest.h"

#include <ctype.h>
#include <string.h>

static int min3(int a, int b, int c)
{
    int m = a < b ? a : b;
    return m < c ? m : c;
}

int suggest_distance(const char *a, size_t la, const char *b, size_t lb, int limit)
{
    if (la > SUGGEST_MAX_LEN || lb > SUGGEST_MAX_LEN) return limit + 1;
    int d[3][SUGGEST_MAX_LEN + 1];
    int *prev2 = d[0], *prev = d[1], *cur = d[2];
    for (size_t j = 0; j <= lb; j++) prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        int row_min = cur[0];
        int ca = tolower((unsigned char)a[i - 1]);
        for (size_t j = 1; j <= lb; j++) {
            int cb = tolower((unsigned char)b[j - 1]);
            int v = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb));
            if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == cb && prev2[j - 2] + 1 < v)
                v = prev2[j - 2] + 1;
            cur[j] = v;
            if (v < row_min) row_min = v;
        }
        if (row_min > limit) return limit + 1;
        int *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[lb];
}

void suggest_init(Suggest *s, const char *name)
{
    memset(s, 0, sizeof *s);
    s->name = name;
    s->len = name ? strlen(name) : 0;
    s->limit = s->len <= 5 ? 1 : s->len <= 8 ? 2 : 3;
    s->best_distance = s->limit + 1;
}

void suggest_offer(Suggest *s, const char *candidate, int rank)
{
    if (!s->name || s->len == 0 || s->len > SUGGEST_MAX_LEN || !candidate) return;
    size_t cl = strlen(candidate);
    if (cl > SUGGEST_MAX_LEN || strcmp(candidate, s->name) == 0) return;
    size_t diff = cl > s->len ? cl - s->len : s->len - cl;
    if ((int)diff > s->limit) return;
    int d = suggest_distance(s->name, s->len, candidate, cl, s->limit);
    if (d < s->best_distance || (d == s->best_distance && s->best && rank < s->best_rank)) {
        s->best = candidate;
        s->best_distance = d;
        s->best_rank = rank;
    }
}

const char *suggest_result(const Suggest *s) { return s->best_distance <= s->limit ? s->best : NULL; }
