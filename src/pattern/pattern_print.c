/* pattern_print.c - the query contract's event lines; see pattern_print.h. */
#include "pattern/pattern_print.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct Row {
    PatEvent ev;
    char *value; /* printed value (heap, owned by the row list) */
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

static bool rows_add(Rows *rows, const PatEvent *e)
{
    if (rows->n == rows->cap) {
        size_t nc = rows->cap ? rows->cap * 2 : 256;
        Row *nv = realloc(rows->v, nc * sizeof *nv);
        if (!nv) return false;
        rows->v = nv;
        rows->cap = nc;
    }
    size_t len = val_format(e->value, NULL, 0);
    char *text = malloc(len + 1);
    if (!text) return false;
    val_format(e->value, text, len + 1);
    rows->v[rows->n++] = (Row){ *e, text, len };
    return true;
}

static void rows_free(Rows *rows)
{
    for (size_t i = 0; i < rows->n; i++) free(rows->v[i].value);
    free(rows->v);
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

PhStatus pat_print_spans(const Pattern *p, const Span *spans, size_t nspans, PatCtx *ctx, Arena *scratch,
                         FILE *out, char *err, size_t errcap)
{
    Rows rows = { 0 };
    PhStatus result = PH_OK;
    for (size_t s = 0; s < nspans && result == PH_OK; s++) {
        arena_reset(scratch);
        const PatEvent *ev;
        size_t n;
        PhStatus st = pat_query(p, ctx, spans[s], &ev, &n);
        if (st == PH_ERR_TYPE) continue; /* Strudel's query threw: this span has no events */
        if (st != PH_OK) {
            if (err) snprintf(err, errcap, "span %zu: %s", s, ctx->err.msg);
            result = st;
            break;
        }
        for (size_t i = 0; i < n && result == PH_OK; i++)
            if (!rows_add(&rows, &ev[i])) {
                if (err) snprintf(err, errcap, "out of memory");
                result = PH_ERR_NOMEM;
            }
    }
    if (result == PH_OK) {
        if (rows.n > 1) qsort(rows.v, rows.n, sizeof(Row), row_cmp);
        for (size_t i = 0; i < rows.n; i++) {
            const Row *r = &rows.v[i];
            print_time(out, r->ev.has_whole, r->ev.whole.begin);
            fputc(' ', out);
            print_time(out, r->ev.has_whole, r->ev.whole.end);
            fputc(' ', out);
            print_time(out, true, r->ev.part.begin);
            fputc(' ', out);
            print_time(out, true, r->ev.part.end);
            fputc(' ', out);
            fwrite(r->value, 1, r->vlen, out);
            fputc('\n', out);
        }
    }
    rows_free(&rows);
    return result;
}

PhStatus pat_print_cycles(const Pattern *p, long first, long count, PatCtx *ctx, Arena *scratch, FILE *out,
                          char *err, size_t errcap)
{
    if (count <= 0) return PH_OK;
    Span *spans = malloc(sizeof *spans * (size_t)count);
    if (!spans) return PH_ERR_NOMEM;
    for (long c = 0; c < count; c++) spans[c] = span_make(rat_int(first + c), rat_int(first + c + 1));
    PhStatus st = pat_print_spans(p, spans, (size_t)count, ctx, scratch, out, err, errcap);
    /* keep the "cycle N" wording of the query contract's errors */
    if (st != PH_OK && err) {
        long bad = 0;
        if (sscanf(err, "span %ld:", &bad) == 1) {
            char tail[256];
            const char *colon = strchr(err, ':');
            snprintf(tail, sizeof tail, "%s", colon ? colon + 2 : err);
            snprintf(err, errcap, "cycle %ld: %s", first + bad, tail);
        }
    }
    free(spans);
    return st;
}
