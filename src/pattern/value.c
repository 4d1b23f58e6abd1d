/* value.c - pattern values: construction, JS conversions, printing; see value.h. */
#include "pattern/value.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsnum.h"

const ValStr *val_str_make(Arena *a, const char *s, size_t len)
{
    if (len > UINT32_MAX - 1) return NULL;
    ValStr *v = arena_alloc(a, sizeof(ValStr) + len + 1);
    if (!v) return NULL;
    v->len = (uint32_t)len;
    if (len) memcpy(v->data, s, len);
    v->data[len] = '\0';
    return v;
}

Value val_rat(Arena *a, Rat r)
{
    Rat *p = arena_alloc(a, sizeof *p);
    if (!p) return val_undef();
    *p = r;
    return (Value){ .kind = VAL_RAT, .u.rat = p };
}

const ValList *val_list_make(Arena *a, const Value *items, uint32_t n)
{
    ValList *l = arena_alloc(a, sizeof(ValList) + sizeof(Value) * n);
    if (!l) return NULL;
    l->n = n;
    if (n) memcpy(l->items, items, sizeof(Value) * n);
    return l;
}

const ValList *val_list_append(Arena *a, const ValList *l, Value x)
{
    ValList *r = arena_alloc(a, sizeof(ValList) + sizeof(Value) * (l->n + 1));
    if (!r) return NULL;
    r->n = l->n + 1;
    memcpy(r->items, l->items, sizeof(Value) * l->n);
    r->items[l->n] = x;
    return r;
}

static int key_cmp(const ValStr *a, const ValStr *b)
{
    uint32_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->data, b->data, n);
    if (c) return c;
    return (a->len > b->len) - (a->len < b->len);
}

const ValMap *val_map_make(Arena *a, const ValMapEntry *entries, uint32_t n)
{
    ValMap *m = arena_alloc(a, sizeof(ValMap) + sizeof(ValMapEntry) * n);
    if (!m) return NULL;
    /* insertion sort keeps it stable and simple; maps hold a handful of keys */
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++) {
        ValMapEntry e = entries[i];
        uint32_t j = k;
        bool replaced = false;
        for (uint32_t s = 0; s < k; s++)
            if (key_cmp(m->e[s].key, e.key) == 0) {
                m->e[s].val = e.val; /* later duplicate wins */
                replaced = true;
                break;
            }
        if (replaced) continue;
        while (j > 0 && key_cmp(m->e[j - 1].key, e.key) > 0) {
            m->e[j] = m->e[j - 1];
            j--;
        }
        m->e[j] = e;
        k++;
    }
    m->n = k;
    return m;
}

const Value *val_map_get(const ValMap *m, const char *key, size_t len)
{
    uint32_t lo = 0, hi = m->n;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        const ValStr *k = m->e[mid].key;
        size_t n = k->len < len ? k->len : len;
        int c = memcmp(k->data, key, n);
        if (!c) c = (k->len > len) - (k->len < len);
        if (c == 0) return &m->e[mid].val;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

const ValMap *val_map_union(Arena *a, const ValMap *x, const ValMap *y)
{
    ValMap *m = arena_alloc(a, sizeof(ValMap) + sizeof(ValMapEntry) * (x->n + y->n));
    if (!m) return NULL;
    uint32_t i = 0, j = 0, k = 0;
    while (i < x->n || j < y->n) {
        int c = i == x->n ? 1 : j == y->n ? -1 : key_cmp(x->e[i].key, y->e[j].key);
        if (c < 0) m->e[k++] = x->e[i++];
        else if (c > 0) m->e[k++] = y->e[j++];
        else {
            m->e[k++] = y->e[j++];
            i++;
        }
    }
    m->n = k;
    return m;
}

bool val_truthy(Value v)
{
    switch ((ValKind)v.kind) {
    case VAL_UNDEF: return false;
    case VAL_NUM: return v.u.num != 0 && !isnan(v.u.num);
    case VAL_STR: return v.u.str->len > 0;
    case VAL_BOOL: return v.u.b;
    case VAL_RAT: return v.u.rat->num != 0;
    case VAL_LIST:
    case VAL_MAP: return true;
    }
    return false;
}

double val_to_number(Value v)
{
    double x;
    switch ((ValKind)v.kind) {
    case VAL_NUM: return v.u.num;
    case VAL_BOOL: return v.u.b ? 1 : 0;
    case VAL_RAT: return rat_to_double(*v.u.rat);
    case VAL_STR: return js_parse_number(v.u.str->data, v.u.str->len, &x) ? x : NAN;
    case VAL_LIST: /* Number([]) is 0, Number([x]) is Number(String(x)), longer lists NaN */
        if (v.u.list->n == 0) return 0;
        if (v.u.list->n == 1 && v.u.list->items[0].kind != VAL_LIST) return val_to_number(v.u.list->items[0]);
        return NAN;
    case VAL_UNDEF:
    case VAL_MAP: return NAN;
    }
    return NAN;
}

/* BigInt(x) for an element of a [n, d] list: integral numbers or digit strings. */
static bool list_int(Value v, int64_t *out)
{
    if (v.kind == VAL_NUM) {
        if (!isfinite(v.u.num) || fmod(v.u.num, 1) != 0 || fabs(v.u.num) > 9.2e18) return false;
        *out = (int64_t)v.u.num;
        return true;
    }
    if (v.kind == VAL_STR) {
        Rat r = rat_from_js_string(v.u.str->data, v.u.str->len);
        if (!rat_ok(r) || r.den != 1) return false;
        *out = r.num;
        return true;
    }
    return false;
}

Rat val_to_rat(Value v)
{
    switch ((ValKind)v.kind) {
    case VAL_NUM: return rat_from_double(v.u.num);
    case VAL_RAT: return *v.u.rat;
    case VAL_STR: return rat_from_js_string(v.u.str->data, v.u.str->len);
    case VAL_LIST: {
        const ValList *l = v.u.list;
        int64_t n = 0, d = 1;
        if (l->n == 0 || !list_int(l->items[0], &n)) return rat_invalid(RAT_ERR_INVALID);
        if (l->n > 1 && !list_int(l->items[1], &d)) return rat_invalid(RAT_ERR_INVALID);
        return rat_make(n, d);
    }
    case VAL_UNDEF: return rat_int(0); /* Fraction(undefined) is 0 */
    case VAL_BOOL:
    case VAL_MAP: return rat_invalid(RAT_ERR_INVALID);
    }
    return rat_invalid(RAT_ERR_INVALID);
}

/* ---- printing ------------------------------------------------------------- */

typedef struct Out {
    char *buf;
    size_t cap, len;
} Out;

static void out_bytes(Out *o, const char *s, size_t n)
{
    if (o->len < o->cap) {
        size_t room = o->cap - o->len;
        memcpy(o->buf + o->len, s, n < room ? n : room);
    }
    o->len += n;
}

static void out_str(Out *o, const char *s) { out_bytes(o, s, strlen(s)); }

static void out_json_string(Out *o, const ValStr *s)
{
    out_bytes(o, "\"", 1);
    size_t run = 0;
    for (uint32_t i = 0; i < s->len; i++) {
        unsigned char c = (unsigned char)s->data[i];
        const char *esc = NULL;
        char tmp[8];
        switch (c) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default:
            if (c < 0x20) {
                snprintf(tmp, sizeof tmp, "\\u%04x", c);
                esc = tmp;
            }
        }
        if (esc) {
            out_bytes(o, s->data + i - run, run);
            run = 0;
            out_str(o, esc);
        } else {
            run++;
        }
    }
    out_bytes(o, s->data + s->len - run, run);
    out_bytes(o, "\"", 1);
}

/* How a value prints: as Strudel's String(v), as JSON.stringify (non-finite
 * numbers become null: how the mini-notation oracle prints lists), or as
 * JSON with String(n) numbers (how the transforms oracle prints control
 * maps, so a NaN gain shows as NaN). */
typedef enum { FMT_PLAIN, FMT_JSON, FMT_JSON_JSNUM } ValFmt;

static void out_number(Out *o, double x, ValFmt fmt)
{
    char b[JSNUM_MAX];
    if (fmt == FMT_JSON && !isfinite(x)) { /* JSON.stringify(NaN / Infinity) is null */
        out_str(o, "null");
        return;
    }
    int n = js_format_number(x, b);
    out_bytes(o, b, (size_t)n);
}

static void out_value(Out *o, Value v, ValFmt fmt, int depth)
{
    const bool json = fmt != FMT_PLAIN;
    if (depth > 64) { /* values nest only as deep as patterns do; never recurse unbounded */
        out_str(o, "null");
        return;
    }
    switch ((ValKind)v.kind) {
    case VAL_UNDEF: out_str(o, json ? "null" : "undefined"); break;
    case VAL_NUM: out_number(o, v.u.num, fmt); break;
    case VAL_RAT: out_number(o, rat_to_double(*v.u.rat), fmt); break;
    case VAL_BOOL: out_str(o, v.u.b ? "true" : "false"); break;
    case VAL_STR:
        if (json) out_json_string(o, v.u.str);
        else out_bytes(o, v.u.str->data, v.u.str->len);
        break;
    case VAL_LIST:
        out_bytes(o, "[", 1);
        for (uint32_t i = 0; i < v.u.list->n; i++) {
            if (i) out_bytes(o, ",", 1);
            out_value(o, v.u.list->items[i], fmt == FMT_PLAIN ? FMT_JSON : fmt, depth + 1);
        }
        out_bytes(o, "]", 1);
        break;
    case VAL_MAP: {
        out_bytes(o, "{", 1);
        bool first = true;
        for (uint32_t i = 0; i < v.u.map->n; i++) {
            const ValMapEntry *e = &v.u.map->e[i];
            if (e->val.kind == VAL_UNDEF) continue; /* JSON omits undefined members */
            if (!first) out_bytes(o, ",", 1);
            first = false;
            out_json_string(o, e->key);
            out_bytes(o, ":", 1);
            out_value(o, e->val, FMT_JSON_JSNUM, depth + 1);
        }
        out_bytes(o, "}", 1);
        break;
    }
    }
}

size_t val_format(Value v, char *buf, size_t cap)
{
    Out o = { buf, cap ? cap - 1 : 0, 0 };
    out_value(&o, v, FMT_PLAIN, 0);
    if (cap) buf[o.len < cap - 1 ? o.len : cap - 1] = '\0';
    return o.len;
}

bool val_equal(Value a, Value b)
{
    if (a.kind != b.kind) return false;
    switch ((ValKind)a.kind) {
    case VAL_UNDEF: return true;
    case VAL_NUM: return a.u.num == b.u.num;
    case VAL_BOOL: return a.u.b == b.u.b;
    case VAL_RAT: return rat_eq(*a.u.rat, *b.u.rat);
    case VAL_STR: return key_cmp(a.u.str, b.u.str) == 0;
    case VAL_LIST:
        if (a.u.list->n != b.u.list->n) return false;
        for (uint32_t i = 0; i < a.u.list->n; i++)
            if (!val_equal(a.u.list->items[i], b.u.list->items[i])) return false;
        return true;
    case VAL_MAP:
        if (a.u.map->n != b.u.map->n) return false;
        for (uint32_t i = 0; i < a.u.map->n; i++)
            if (key_cmp(a.u.map->e[i].key, b.u.map->e[i].key) ||
                !val_equal(a.u.map->e[i].val, b.u.map->e[i].val))
                return false;
        return true;
    }
    return false;
}
