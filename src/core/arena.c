/* arena.c - bump allocator; see arena.h for why. */
#include "core/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_ALIGN 16u
#define ARENA_DEFAULT_CHUNK (64u * 1024u)

struct ArenaChunk {
    ArenaChunk *next;
    size_t cap;    /* payload bytes */
    size_t off;    /* bytes used in this chunk */
    size_t pad_;   /* keeps data 16-byte aligned */
    unsigned char data[];
};

static size_t align_up(size_t n) { return (n + (ARENA_ALIGN - 1)) & ~(size_t)(ARENA_ALIGN - 1); }

void arena_init(Arena *a, size_t chunk_size, size_t limit)
{
    memset(a, 0, sizeof *a);
    a->chunk_size = chunk_size ? chunk_size : ARENA_DEFAULT_CHUNK;
    a->limit = limit;
}

void arena_free(Arena *a)
{
    ArenaChunk *c = a->first;
    while (c) {
        ArenaChunk *next = c->next;
        free(c);
        c = next;
    }
    a->first = a->head = NULL;
    a->reserved = a->used = 0;
    a->failed = false;
}

void arena_reset(Arena *a)
{
    for (ArenaChunk *c = a->first; c; c = c->next) c->off = 0;
    a->head = a->first;
    a->used = 0;
    a->failed = false;
}

/* Finds room for size bytes: the current chunk, a later kept chunk, or a new one. */
static void *arena_take(Arena *a, size_t size)
{
    size = align_up(size ? size : 1);
    if (size < ARENA_ALIGN || (a->limit && size > a->limit)) goto fail;
    for (ArenaChunk *c = a->head; c; c = c->next) {
        if (c->cap - c->off >= size) {
            void *p = c->data + c->off;
            c->off += size;
            a->head = c;
            a->used += size;
            return p;
        }
    }
    size_t cap = size > a->chunk_size ? size : a->chunk_size;
    if (a->limit && a->reserved + cap > a->limit) {
        if (a->reserved + size > a->limit) goto fail;
        cap = a->limit - a->reserved;
    }
    ArenaChunk *c = malloc(sizeof *c + cap);
    if (!c) goto fail;
    c->next = NULL;
    c->cap = cap;
    c->off = size;
    if (!a->first) {
        a->first = c;
    } else {
        ArenaChunk *last = a->head ? a->head : a->first;
        while (last->next) last = last->next;
        last->next = c;
    }
    a->head = c;
    a->reserved += cap;
    a->used += size;
    return c->data;
fail:
    a->failed = true;
    return NULL;
}

void *arena_alloc(Arena *a, size_t size) { return arena_take(a, size); }

void *arena_zalloc(Arena *a, size_t size)
{
    void *p = arena_take(a, size);
    if (p) memset(p, 0, size);
    return p;
}

void *arena_realloc(Arena *a, void *p, size_t old_size, size_t new_size)
{
    if (!p) return arena_alloc(a, new_size);
    ArenaChunk *c = a->head;
    size_t old_al = align_up(old_size ? old_size : 1);
    if (c && (unsigned char *)p + old_al == c->data + c->off &&
        (unsigned char *)p >= c->data) {
        size_t start = (size_t)((unsigned char *)p - c->data);
        size_t new_al = align_up(new_size ? new_size : 1);
        if (start + new_al <= c->cap) {
            a->used = a->used - old_al + new_al;
            c->off = start + new_al;
            return p;
        }
    }
    void *q = arena_take(a, new_size);
    if (q) memcpy(q, p, old_size < new_size ? old_size : new_size);
    return q;
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
    char *p = arena_take(a, n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(Arena *a, const char *s) { return arena_strndup(a, s, strlen(s)); }

ArenaMark arena_mark(const Arena *a)
{
    ArenaMark m = { a->head, a->head ? a->head->off : 0, a->used };
    return m;
}

void arena_rewind(Arena *a, ArenaMark m)
{
    if (!m.chunk) {
        arena_reset(a);
        return;
    }
    for (ArenaChunk *c = m.chunk->next; c; c = c->next) c->off = 0;
    m.chunk->off = m.offset;
    a->head = m.chunk;
    a->used = m.used;
}
