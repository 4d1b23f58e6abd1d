/* diag.c - formatting and collecting diagnostics; see diag.h. */
#include "core/diag.h"

#include <stdlib.h>
#include <string.h>

void diag_init(Diag *d, const char *file, const char *src, size_t src_len)
{
    memset(d, 0, sizeof *d);
    d->file = file ? file : "<input>";
    d->src = src;
    d->src_len = src ? src_len : 0;
    d->max_items = 100;
}

void diag_free(Diag *d)
{
    for (int i = 0; i < d->count; i++) free(d->items[i].message);
    free(d->items);
    d->items = NULL;
    d->count = d->cap = 0;
}

void diag_add(Diag *d, DiagLevel level, size_t offset, size_t length, const char *fmt, va_list ap)
{
    if (level == DIAG_ERROR) d->errors++;
    if (level == DIAG_WARNING) d->warnings++;
    if (d->count >= d->max_items) return;
    if (d->count == d->cap) {
        int ncap = d->cap ? d->cap * 2 : 8;
        DiagItem *n = realloc(d->items, sizeof *n * (size_t)ncap);
        if (!n) return;
        d->items = n;
        d->cap = ncap;
    }
    va_list aq;
    va_copy(aq, ap);
    int len = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    char *msg = malloc(len > 0 ? (size_t)len + 1 : 1);
    if (!msg) return;
    vsnprintf(msg, (size_t)len + 1, fmt, ap);
    if (offset > d->src_len) offset = d->src_len;
    d->items[d->count++] = (DiagItem){ level, offset, length, msg };
}

#define DIAG_VARIANT(name, level)                                                  \
    void name(Diag *d, size_t offset, size_t length, const char *fmt, ...)         \
    {                                                                              \
        va_list ap;                                                                \
        va_start(ap, fmt);                                                         \
        diag_add(d, level, offset, length, fmt, ap);                               \
        va_end(ap);                                                                \
    }
DIAG_VARIANT(diag_error, DIAG_ERROR)
DIAG_VARIANT(diag_warning, DIAG_WARNING)
DIAG_VARIANT(diag_note, DIAG_NOTE)

static int is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

void diag_line_col(const Diag *d, size_t offset, int *line, int *col)
{
    int l = 1, c = 1;
    if (offset > d->src_len) offset = d->src_len;
    for (size_t i = 0; i < offset; i++) {
        unsigned char ch = (unsigned char)d->src[i];
        if (ch == '\n') {
            l++;
            c = 1;
        } else if (!is_continuation(ch)) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

static const char *level_name(DiagLevel l)
{
    return l == DIAG_ERROR ? "error" : l == DIAG_WARNING ? "warning" : "note";
}

void diag_print_item(const Diag *d, const DiagItem *it, FILE *out)
{
    const char *file = strcmp(d->file, "-") == 0 ? "<stdin>" : d->file;
    if (!d->src) {
        fprintf(out, "%s: %s: %s\n", file, level_name(it->level), it->message);
        return;
    }
    int line, col;
    diag_line_col(d, it->offset, &line, &col);
    fprintf(out, "%s:%d:%d: %s: %s\n", file, line, col, level_name(it->level), it->message);

    size_t start = it->offset;
    while (start > 0 && d->src[start - 1] != '\n') start--;
    size_t end = it->offset;
    while (end < d->src_len && d->src[end] != '\n' && d->src[end] != '\r') end++;
    /* Source line, then a caret line that copies tabs so the caret lines up. */
    fprintf(out, "    %.*s\n    ", (int)(end - start), d->src + start);
    for (size_t i = start; i < it->offset; i++) {
        unsigned char ch = (unsigned char)d->src[i];
        if (is_continuation(ch)) continue;
        fputc(ch == '\t' ? '\t' : ' ', out);
    }
    fputc('^', out);
    size_t stop = it->offset + it->length;
    if (stop > end) stop = end;
    for (size_t i = it->offset + 1; i < stop; i++)
        if (!is_continuation((unsigned char)d->src[i])) fputc('~', out);
    fputc('\n', out);
}

void diag_print(const Diag *d, FILE *out)
{
    for (int i = 0; i < d->count; i++) diag_print_item(d, &d->items[i], out);
    int dropped = (d->errors + d->warnings) - d->count;
    if (dropped > 0) fprintf(out, "(%d more diagnostics not shown)\n", dropped);
}
