/* value.h - the values carried by pattern events.
 *
 * Why: a pattern event carries a number (`"1 2"`), a string (`"bd"`,
 * `"c4"`), a list (`"bd:3"` gives ["bd",3]) or a control map
 * (`s "bd" # gain 0.8` gives {gain: 0.8, s: "bd"}). They follow JavaScript
 * semantics because Strudel is the reference: numbers are doubles, printing
 * is JS `String(n)` / compact JSON with sorted keys, truthiness is JS's.
 * A Value is 16 bytes and passed by value; strings, lists and maps are
 * immutable and live in an Arena (the pattern's, or a query's scratch). */
#ifndef PHONON_PATTERN_VALUE_H
#define PHONON_PATTERN_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/rational.h"

typedef enum ValKind {
    VAL_UNDEF = 0, /* JS undefined: "no value" (struct's false steps, missing keys) */
    VAL_NUM,       /* double */
    VAL_STR,       /* UTF-8 text */
    VAL_BOOL,
    VAL_LIST,      /* from `a:b`; prints as a JSON array */
    VAL_MAP,       /* control map, keys sorted; prints as a JSON object */
    VAL_RAT        /* an exact fraction (fraction.js object in Strudel); prints as its number */
} ValKind;

typedef struct ValStr {
    uint32_t len;
    char data[]; /* len bytes, then a NUL */
} ValStr;

typedef struct ValList ValList;
typedef struct ValMap ValMap;

typedef struct Value {
    uint8_t kind; /* ValKind */
    union {
        double num;
        bool b;
        const ValStr *str;
        const ValList *list;
        const ValMap *map;
        const Rat *rat;
    } u;
} Value;

struct ValList {
    uint32_t n;
    Value items[];
};

typedef struct ValMapEntry {
    const ValStr *key;
    Value val;
} ValMapEntry;

struct ValMap {
    uint32_t n;
    ValMapEntry e[]; /* sorted by key bytes, keys unique */
};

static inline Value val_undef(void) { return (Value){ .kind = VAL_UNDEF }; }
static inline Value val_num(double x) { return (Value){ .kind = VAL_NUM, .u.num = x }; }
static inline Value val_bool(bool b) { return (Value){ .kind = VAL_BOOL, .u.b = b }; }
static inline Value val_str(const ValStr *s) { return (Value){ .kind = VAL_STR, .u.str = s }; }
static inline Value val_list(const ValList *l) { return (Value){ .kind = VAL_LIST, .u.list = l }; }
static inline Value val_map(const ValMap *m) { return (Value){ .kind = VAL_MAP, .u.map = m }; }

/* Constructors allocate in the arena; they return NULL / VAL_UNDEF on OOM
 * (the arena's `failed` flag is then set). */
const ValStr *val_str_make(Arena *a, const char *s, size_t len);
Value val_rat(Arena *a, Rat r);
/* A list of n items (copied). */
const ValList *val_list_make(Arena *a, const Value *items, uint32_t n);
/* A list with x appended (Strudel's `a:b` on a list a). */
const ValList *val_list_append(Arena *a, const ValList *l, Value x);
/* A map from n entries in any order; for duplicate keys the later one wins. */
const ValMap *val_map_make(Arena *a, const ValMapEntry *entries, uint32_t n);
/* The value for a key, or NULL. */
const Value *val_map_get(const ValMap *m, const char *key, size_t len);
/* Keys of both; where both have a key, b's value wins (JS Object.assign). */
const ValMap *val_map_union(Arena *a, const ValMap *x, const ValMap *y);

/* JS truthiness: 0, NaN, "", false and undefined are false. */
bool val_truthy(Value v);
/* JS ToNumber (Number(v)): strings parsed as JS does, lists as their
 * joined text, maps and undefined give NaN. */
double val_to_number(Value v);
/* fraction.js `Fraction(v)`: numbers by the Farey search, strings by its
 * parser, a list [n, d] as n/d; anything else is RAT_ERR_INVALID. */
Rat val_to_rat(Value v);

/* How Phonon prints a value (the `query` contract): strings as-is, numbers
 * as JS String(n), lists and maps as compact JSON with sorted keys,
 * booleans true/false, undefined "undefined". Writes at most cap bytes
 * (NUL-terminated when cap > 0) and returns the full length, like snprintf. */
size_t val_format(Value v, char *buf, size_t cap);

/* Strict equality of the printed forms' meaning (same kind, same content);
 * numbers compare as doubles (NaN != NaN). */
bool val_equal(Value a, Value b);

#endif
