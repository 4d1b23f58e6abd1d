/* cmd_query.c - `phonon query [--cycles N]`: prints the events of the
 * patterns read on stdin, one pattern per line, in the format of the
 * conformance contract (shared/conformance/mini/README.md): a `# pattern`
 * header, then `whole_begin whole_end part_begin part_end value` lines from
 * one query per cycle, sorted; `!error reason` when a pattern is rejected.
 *
 * Turning a line into a Pattern is one function, parse_line(), so the
 * language can take over from mini-notation without touching the rest. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/query_expr.h"
#include "core/arena.h"
#include "core/status.h"
#include "core/utf8.h"
#include "pattern/mini.h"
#include "pattern/pattern.h"
#include "pattern/pattern_print.h"

const char cmd_query_usage[] =
    "usage: phonon query [--cycles N]\n"
    "\n"
    "Reads patterns on standard input, one per line (blank lines are skipped),\n"
    "and prints each one's events: a '# PATTERN' header, then one line per\n"
    "event, 'WHOLE_BEGIN WHOLE_END PART_BEGIN PART_END VALUE', times as exact\n"
    "fractions. Cycles 0..N-1 are queried one at a time. A pattern that cannot\n"
    "be parsed or evaluated prints one '!error REASON' line.\n"
    "\n"
    "  --cycles N   number of cycles to query (default 1)\n";

/* Arena byte limits: a pattern's graph, and one cycle's query scratch. */
enum { PATTERN_ARENA_LIMIT = 64u << 20, SCRATCH_ARENA_LIMIT = 256u << 20 };

/* ---- the swappable step: one line of text -> a Pattern ------------------------------- */

static PhStatus parse_line(const char *text, size_t len, Arena *arena, const Pattern **out, char *err, size_t errcap)
{
    return query_line_pattern(text, len, arena, out, err, errcap); /* expression, else mini-notation */
}

/* ---- one pattern --------------------------------------------------------------------------- */

typedef struct QueryRun {
    long cycles;
    Arena pattern_arena, scratch;
    PatCtx ctx;
    FILE *out;
} QueryRun;

static void print_error(FILE *out, const char *msg)
{
    fputs("!error ", out);
    for (const char *p = msg; *p; p++) fputc(*p == '\n' || *p == '\r' ? ' ' : *p, out);
    fputc('\n', out);
}

static void run_pattern(QueryRun *q, const char *text, size_t len)
{
    fputs("# ", q->out);
    fwrite(text, 1, len, q->out);
    fputc('\n', q->out);
    arena_reset(&q->pattern_arena);
    char err[256];
    const Pattern *pat = NULL;
    if (parse_line(text, len, &q->pattern_arena, &pat, err, sizeof err) != PH_OK) {
        print_error(q->out, err);
        return;
    }
    if (pat_print_cycles(pat, 0, q->cycles, &q->ctx, &q->scratch, q->out, err, sizeof err) != PH_OK)
        print_error(q->out, err);
}

/* ---- input ------------------------------------------------------------------------------------ */

/* Bytes of JS whitespace (String.prototype.trim) at p, or 0: ASCII space,
 * tab, VT, FF, CR, LF, and the Unicode spaces and line terminators. */
static size_t js_space(const unsigned char *p, size_t n)
{
    if (n == 0) return 0;
    if (p[0] == ' ' || (p[0] >= '\t' && p[0] <= '\r')) return 1;
    if (p[0] < 0x80) return 0;
    uint32_t cp;
    size_t l = utf8_decode(p, n, &cp);
    if (!l) return 0;
    bool sp = cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
              cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
    return sp ? l : 0;
}

static void trim(const char **text, size_t *len)
{
    const unsigned char *p = (const unsigned char *)*text;
    size_t b = 0, e = *len, l;
    while (b < e && (l = js_space(p + b, e - b)) != 0) b += l;
    while (e > b) {
        size_t k;
        /* the last character starts at most 3 bytes back */
        for (k = 1; k <= 3 && k <= e - b; k++)
            if ((p[e - k] & 0xC0) != 0x80) break;
        if (k > 3 || k > e - b || js_space(p + e - k, k) != k) break;
        e -= k;
    }
    *text += b;
    *len = e - b;
}

static bool parse_cycles(const char *s, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 0 || v > 1000000) return false;
    *out = v;
    return true;
}

int cmd_query(int argc, char **argv)
{
    QueryRun q;
    memset(&q, 0, sizeof q);
    q.cycles = 1;
    q.out = stdout;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        if (!strcmp(a, "--cycles")) {
            if (i + 1 >= argc) return cli_usage_error("query", "--cycles needs a number");
            val = argv[++i];
        } else if (!strncmp(a, "--cycles=", 9)) {
            val = a + 9;
        } else {
            return cli_usage_error("query", "unknown argument '%s'", a);
        }
        if (!parse_cycles(val, &q.cycles)) return cli_usage_error("query", "--cycles: '%s' is not a count of cycles", val);
    }
    arena_init(&q.pattern_arena, 0, PATTERN_ARENA_LIMIT);
    arena_init(&q.scratch, 0, SCRATCH_ARENA_LIMIT);
    pat_ctx_init(&q.ctx, &q.scratch);
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    int status = PH_EXIT_OK;
    while ((got = getline(&line, &cap, stdin)) != -1) {
        const char *text = line;
        size_t len = (size_t)got;
        trim(&text, &len);
        if (len == 0) continue;
        run_pattern(&q, text, len);
    }
    if (ferror(stdin)) {
        fprintf(stderr, "phonon query: error reading standard input: %s\n", strerror(errno));
        status = PH_EXIT_ERROR;
    }
    if (fflush(stdout) != 0) status = PH_EXIT_ERROR;
    free(line);
    pat_ctx_free(&q.ctx);
    arena_free(&q.pattern_arena);
    arena_free(&q.scratch);
    return status;
}
