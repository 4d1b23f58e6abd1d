/* diag.h - diagnostics: `FILE:LINE:COL: error: message`, the source line, a caret.
 *
 * Every stage that reads user text (mini-notation, the .ph language, flags)
 * reports through a Diag, so every error looks the same and points at the
 * exact byte. Locations are byte offsets into the source; line and column are
 * computed when printing (columns count UTF-8 code points, 1-based). */
#ifndef PHONON_CORE_DIAG_H
#define PHONON_CORE_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

typedef enum DiagLevel { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } DiagLevel;

typedef struct DiagItem {
    DiagLevel level;
    size_t offset;   /* byte offset of the first byte pointed at */
    size_t length;   /* bytes underlined (at least one caret is printed) */
    char *message;   /* heap-owned */
} DiagItem;

typedef struct Diag {
    const char *file;     /* name shown in messages ("-" shows as <stdin>) */
    const char *src;      /* the source text (not owned), may be NULL */
    size_t src_len;
    DiagItem *items;
    int count, cap;
    int errors, warnings;
    int max_items;        /* further items are counted but not stored (default 100) */
} Diag;

void diag_init(Diag *d, const char *file, const char *src, size_t src_len);
void diag_free(Diag *d);

void diag_error(Diag *d, size_t offset, size_t length, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void diag_warning(Diag *d, size_t offset, size_t length, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void diag_note(Diag *d, size_t offset, size_t length, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void diag_add(Diag *d, DiagLevel level, size_t offset, size_t length, const char *fmt, va_list ap);

/* 1-based line and column (in code points) of a byte offset. */
void diag_line_col(const Diag *d, size_t offset, int *line, int *col);

/* Prints one item: header line, the source line, and a caret line. */
void diag_print_item(const Diag *d, const DiagItem *it, FILE *out);
/* Prints every item in order. */
void diag_print(const Diag *d, FILE *out);

#endif
