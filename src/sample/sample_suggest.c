/* sample_suggest.c - "did you mean" for unknown bank names: the closest
 * known bank by optimal-string-alignment distance (edits + adjacent swaps),
 * compared case-insensitively. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "sample/sample_lib_internal.h"

enum { SUGGEST_MAX_LEN = 64 }; /* longer names are never suggested for */

static int min3(int a, int b, int c)
{
    int m = a < b ? a : b;
    return m < c ? m : c;
}

/* OSA distance of a and b (lengths <= SUGGEST_MAX_LEN), ASCII case folded;
 * stops early and returns limit + 1 once every cell of a row exceeds limit. */
static int osa_distance(const char *a, size_t la, const char *b, size_t lb, int limit)
{
    int d[3][SUGGEST_MAX_LEN + 1];
    int *prev2 = d[0], *prev = d[1], *cur = d[2];
    for (size_t j = 0; j <= lb; j++) prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        int row_min = cur[0];
        int ca = tolower((unsigned char)a[i - 1]);
        for (size_t j = 1; j <= lb; j++) {
            int cb = tolower((unsigned char)b[j - 1]);
            int cost = ca != cb;
            int v = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
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

const char *sample_lib_suggest(const SampleLib *lib, const char *name)
{
    if (!name) return NULL;
    size_t len = strlen(name);
    if (len == 0 || len > SUGGEST_MAX_LEN) return NULL;
    int limit = len <= 5 ? 1 : len <= 8 ? 2 : 3;
    const SampleBank *best = NULL;
    int best_d = limit + 1;
    for (int i = 0; i < lib->nbanks; i++) {
        const SampleBank *b = lib->banks[i];
        size_t bl = strlen(b->name);
        if (bl > SUGGEST_MAX_LEN || strcmp(b->name, name) == 0) continue;
        size_t diff = bl > len ? bl - len : len - bl;
        if ((int)diff > limit) continue;
        int d = osa_distance(name, len, b->name, bl, limit);
        /* Banks are in byte order, so ">" keeps the byte-order-first on a
         * tie; the earlier root wins a tie before that. */
        if (d < best_d || (d == best_d && best && b->root < best->root)) {
            best = b;
            best_d = d;
        }
    }
    return best_d <= limit && best ? best->name : NULL;
}

char *sample_lib_unknown_message(const SampleLib *lib, const char *name, char *buf, size_t size)
{
    const char *s = sample_lib_suggest(lib, name);
    if (s)
        snprintf(buf, size, "unknown sample bank '%s' (did you mean '%s'?)", name, s);
    else
        snprintf(buf, size, "unknown sample bank '%s'", name);
    return buf;
}
