/* fuzz_mini.c - libFuzzer target: any bytes as mini-notation, parsed and, if
 * valid, queried over 4 cycles (one query per cycle, as `phonon query`
 * does), plus one odd-sized span. Limits are tightened so every input
 * finishes well inside the fuzzer's timeout; a crash, leak, sanitizer
 * report, hang or runaway allocation is a bug. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pattern/mini.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Arena arena, scratch;
    arena_init(&arena, 0, 64u << 20);
    arena_init(&scratch, 0, 64u << 20);
    PatCtx ctx;
    pat_ctx_init(&ctx, &scratch);
    ctx.max_events = 20000;
    ctx.max_work = 200000;
    MiniResult r;
    if (mini_parse((const char *)data, size, &arena, &r) == PH_OK) {
        for (int c = 0; c < 5; c++) {
            arena_reset(&scratch);
            Span s = c < 4 ? span_make(rat_int(c), rat_int(c + 1)) : span_make(rat_make(-7, 3), rat_make(13, 5));
            const PatEvent *ev;
            size_t n;
            if (pat_query(r.pattern, &ctx, s, &ev, &n) != PH_OK) continue;
            for (size_t i = 0; i < n; i++) { /* touch every event the way the printer does */
                char buf[64];
                val_format(ev[i].value, buf, sizeof buf);
                if (!rat_ok(ev[i].part.begin) || !rat_ok(ev[i].part.end)) __builtin_trap();
                if (ev[i].has_whole && (!rat_ok(ev[i].whole.begin) || !rat_ok(ev[i].whole.end))) __builtin_trap();
            }
        }
    } else if (r.err_msg[0] == '\0' || r.err_offset > size) {
        __builtin_trap(); /* every error has a reason and points inside (or just past) the text */
    }
    pat_ctx_free(&ctx);
    arena_free(&arena);
    arena_free(&scratch);
    return 0;
}
