/* pattern_print.h - events printed the way `phonon query` prints them.
 *
 * The query contract (shared/conformance/mini/README.md): one line per event,
 * "WHOLE_BEGIN WHOLE_END PART_BEGIN PART_END VALUE" ("-" for a missing
 * whole), exact rationals, values as JS prints them; events sorted by part
 * begin, whole begin, value text (bytewise), whole end, part end. The CLI and
 * the tests share this one implementation. */
#ifndef PHONON_PATTERN_PRINT_H
#define PHONON_PATTERN_PRINT_H

#include <stddef.h>
#include <stdio.h>

#include "core/status.h"
#include "pattern/pattern.h"

/* Queries p over each span (one query per span; a Strudel-style silent
 * failure, PH_ERR_TYPE, leaves that span empty), then prints every event
 * sorted. A hard error stops before printing anything: the status is
 * returned and err gets "span N: message". scratch is reset per span. */
PhStatus pat_print_spans(const Pattern *p, const Span *spans, size_t nspans, PatCtx *ctx, Arena *scratch,
                         FILE *out, char *err, size_t errcap);
/* The same for the cycles [first, first + count). */
PhStatus pat_print_cycles(const Pattern *p, long first, long count, PatCtx *ctx, Arena *scratch, FILE *out,
                          char *err, size_t errcap);

#endif
