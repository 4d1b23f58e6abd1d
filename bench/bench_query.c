/* bench_query.c - pattern query throughput: a few mini-notation patterns
 * queried over 1,000 cycles, one cycle per query (as `phonon query` does)
 * and in 1/64-cycle blocks (as an audio engine does), with the scratch
 * arena reset per query. Prints events, seconds, events/s and ns/event. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "pattern/mini.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Queries cycles [0, cycles) in pieces of 1/blocks cycle; returns events or -1. */
static long run(const Pattern *p, PatCtx *ctx, Arena *scratch, long cycles, long blocks)
{
    long events = 0;
    for (long c = 0; c < cycles; c++) {
        for (long b = 0; b < blocks; b++) {
            arena_reset(scratch);
            const PatEvent *ev;
            size_t n;
            Span s = span_make(rat_add(rat_int(c), rat_make(b, blocks)), rat_add(rat_int(c), rat_make(b + 1, blocks)));
            if (pat_query(p, ctx, s, &ev, &n) != PH_OK) return -1;
            events += (long)n;
        }
    }
    return events;
}

int main(void)
{
    static const char *patterns[] = {
        "[bd*16, hh*32?, <sn cp>(5,8)]",
        "bd*2 [~ sn] <hh cp> [hh hh hh]",
        "{c4 e4 g4 b4}%16 . [0 .. 7]",
        "bd(<3 5>,8,<0 2>) sn:<1 2> [hh | cp]*4",
    };
    const long cycles = 1000;
    Arena arena, scratch;
    arena_init(&arena, 0, 0);
    arena_init(&scratch, 0, 0);
    PatCtx ctx;
    pat_ctx_init(&ctx, &scratch);
    printf("%-42s %6s %9s %8s %12s %9s\n", "pattern (1000 cycles)", "block", "events", "seconds", "events/s", "ns/event");
    for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
        MiniResult r;
        if (mini_parse(patterns[i], strlen(patterns[i]), &arena, &r) != PH_OK) {
            fprintf(stderr, "bench_query: %s: %s\n", patterns[i], r.err_msg);
            return 1;
        }
        static const long block_counts[] = { 1, 64 };
        for (size_t k = 0; k < 2; k++) {
            long blocks = block_counts[k];
            run(r.pattern, &ctx, &scratch, 10, blocks); /* warm up */
            double t0 = now();
            long events = run(r.pattern, &ctx, &scratch, cycles, blocks);
            double dt = now() - t0;
            if (events < 0) {
                fprintf(stderr, "bench_query: %s: %s\n", patterns[i], ctx.err.msg);
                return 1;
            }
            printf("%-42s %6s %9ld %8.4f %12.3g %9.1f\n", patterns[i], blocks == 1 ? "cycle" : "1/64", events, dt,
                   (double)events / dt, dt * 1e9 / (double)events);
        }
    }
    pat_ctx_free(&ctx);
    arena_free(&arena);
    arena_free(&scratch);
    return 0;
}
