/* jsnum.h - JavaScript number <-> text, bit-exact.
 *
 * Why: Phonon prints and parses numbers exactly as Strudel (JavaScript) does,
 * so query output can be compared with the oracle line by line:
 * `String(n)` (shortest round-trip digits, JS exponent rules, "-0" -> "0")
 * and `Number(text)` (decimal, ".5", "1e3", "0x10", "0b101", "0o17",
 * "Infinity"; anything else is NaN). */
#ifndef PHONON_CORE_JSNUM_H
#define PHONON_CORE_JSNUM_H

#include <stdbool.h>
#include <stddef.h>

/* Longest output of js_format_number, including the NUL. */
enum { JSNUM_MAX = 32 };

/* JS `String(x)` into buf (at least JSNUM_MAX bytes); returns the length. */
int js_format_number(double x, char *buf);

/* JS `Number(text)`: returns false when the result would be NaN (the text is
 * not a number), else stores the value. Leading/trailing whitespace is
 * ignored as in JS; the empty string gives 0. */
bool js_parse_number(const char *text, size_t len, double *out);

#endif
