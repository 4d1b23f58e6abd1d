/* pattern_fixture.h - the cmocka fixture of the pattern tests: an arena for
 * patterns and values, and a query context with its scratch arena. */
#ifndef PHONON_TEST_PATTERN_FIXTURE_H
#define PHONON_TEST_PATTERN_FIXTURE_H

#include <stdlib.h>

#include "core/arena.h"
#include "pattern/pattern.h"

typedef struct Fix {
    Arena a, scratch;
    PatCtx ctx;
} Fix;

static inline int setup(void **state)
{
    Fix *f = calloc(1, sizeof *f);
    if (!f) return -1;
    arena_init(&f->a, 0, 0);
    arena_init(&f->scratch, 0, 64u << 20);
    pat_ctx_init(&f->ctx, &f->scratch);
    *state = f;
    return 0;
}

static inline int teardown(void **state)
{
    Fix *f = *state;
    pat_ctx_free(&f->ctx);
    arena_free(&f->a);
    arena_free(&f->scratch);
    free(f);
    return 0;
}

#endif
