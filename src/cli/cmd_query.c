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

/* ---- rows: one printed event ----------------------------------------------------------- */

typedef struct Row {
    PatEvent ev;
    const char *value; /* printed value, in the rows arena */
    size_t vlen;
} Row;

typedef struct Rows {
    Row *v;
    size_t n, cap;
} Rows;

static int cmp_opt(bool ha, Rat a, bool hb, Rat b)
{
    if (!ha || !hb) return (int)ha - (int)hb; /* a continuous event (no whole) sorts first */
    return rat_cmp(a, b);
}

/* part_begin, whole_begin, value text (bytewise), whole_end, part_end */
static int row_cmp(const void *pa, const void *pb)
{
    const Row *a = pa, *b = pb;
    int c = rat_cmp(a->ev.part.begin, b->ev.part.begin);
    if (c) return c;
    if ((c = cmp_opt(a->ev.has_whole, a->ev.whole.begin, b->ev.has_whole, b->ev.whole.begin))) return c;
    size_t n = a->vlen < b->vlen ? a->vlen : b->vlen;
    if ((c = memcmp(a->value, b->value, n))) return c;
    if (a->vlen != b->vlen) return a->vlen < b->vlen ? -1 : 1;
    if ((c = cmp_opt(a->ev.has_whole, a->ev.whole.end, b->ev.has_whole, b->ev.whole.end))) return c;
    return rat_cmp(a->ev.part.end, b->ev.part.end);
}

static bool rows_add(Rows *rows, Arena *text_arena, const PatEvent *e)
{
    if (rows->n == rows->cap) {
        size_t nc = rows->cap ? rows->cap * 2 : 256;
        Row *nv = realloc(rows->v, nc * sizeof *nv);
        if (!nv) return false;
        rows->v = nv;
        rows->cap = nc;
    }
    char small[256];
    size_t len = val_format(e->value, small, sizeof small);
    char *text = arena_alloc(text_arena, len + 1);
    if (!text) return false;
    if (len < sizeof small) memcpy(text, small, len + 1);
    else val_format(e->value, text, len + 1);
    rows->v[rows->n++] = (Row){ *e, text, len };
    return true;
}

static void print_time(FILE *out, bool has, Rat t)
{
    char b[48];
    if (!has) {
        fputc('-', out);
        return;
    }
    rat_format(t, b, sizeof b);
    fputs(b, out);
}

/* ---- one pattern --------------------------------------------------------------------------- */

typedef struct QueryRun {
    long cycles;
    Arena pattern_arena, scratch, text_arena;
    PatCtx ctx;
    Rows rows;
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
    arena_reset(&q->text_arena);
    q->rows.n = 0;
    char err[256];
    const Pattern *pat = NULL;
    if (parse_line(text, len, &q->pattern_arena, &pat, err, sizeof err) != PH_OK) {
        print_error(q->out, err);
        return;
    }
    for (long c = 0; c < q->cycles; c++) {
        arena_reset(&q->scratch);
        const PatEvent *ev;
        size_t n;
        PhStatus st = pat_query(pat, &q->ctx, span_make(rat_int(c), rat_int(c + 1)), &ev, &n);
        if (st == PH_ERR_TYPE) continue; /* Strudel's query threw: this cycle has no events */
        if (st != PH_OK) {
            snprintf(err, sizeof err, "cycle %ld: %s", c, q->ctx.err.msg);
            print_error(q->out, err);
            return;
        }
        for (size_t i = 0; i < n; i++) {
            if (!rows_add(&q->rows, &q->text_arena, &ev[i])) {
                print_error(q->out, "out of memory");
                return;
            }
        }
    }
    if (q->rows.n > 1) qsort(q->rows.v, q->rows.n, sizeof(Row), row_cmp);
    for (size_t i = 0; i < q->rows.n; i++) {
        const Row *r = &q->rows.v[i];
        print_time(q->out, r->ev.has_whole, r->ev.whole.begin);
        fputc(' ', q->out);
        print_time(q->out, r->ev.has_whole, r->ev.whole.end);
        fputc(' ', q->out);
        print_time(q->out, true, r->ev.part.begin);
        fputc(' ', q->out);
        print_time(q->out, true, r->ev.part.end);
        fputc(' ', q->out);
        fwrite(r->value, 1, r->vlen, q->out);
        fputc('\n', q->out);
    }
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
    arena_init(&q.text_arena, 0, 0);
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
    free(q.rows.v);
    pat_ctx_free(&q.ctx);
    arena_free(&q.pattern_arena);
    arena_free(&q.scratch);
    arena_free(&q.text_arena);
    return status;
}
