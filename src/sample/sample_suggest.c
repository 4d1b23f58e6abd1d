/* sample_suggest.c - "did you mean" for unknown bank names (core/suggest.h
 * does the matching). */
#include <stdio.h>
#include <string.h>

#include "core/suggest.h"
#include "sample/sample_lib_internal.h"

const char *sample_lib_suggest(const SampleLib *lib, const char *name)
{
    Suggest s;
    suggest_init(&s, name);
    /* Banks are in byte order and offered in order, so a tie keeps the
     * byte-order-first; the earlier root (lower rank) wins before that. */
    for (int i = 0; i < lib->nbanks; i++) suggest_offer(&s, lib->banks[i]->name, lib->banks[i]->root);
    return suggest_result(&s);
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
