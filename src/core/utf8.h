/* utf8.h - strict UTF-8 decoding.
 *
 * Why: user text (mini-notation, .ph programs) arrives as bytes. Invalid
 * UTF-8 (overlong forms, surrogates, stray continuation bytes, code points
 * past U+10FFFF) is rejected with the offset of the bad byte instead of being
 * guessed at. */
#ifndef PHONON_CORE_UTF8_H
#define PHONON_CORE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes the code point at p (n bytes available). Returns its length in
 * bytes (1-4) and stores it in *cp, or 0 if the bytes are not valid UTF-8. */
size_t utf8_decode(const unsigned char *p, size_t n, uint32_t *cp);

/* Offset of the first invalid byte, or len if the whole text is valid. */
size_t utf8_validate(const char *text, size_t len);

#endif
