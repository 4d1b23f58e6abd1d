/* arena.h - bump allocator with chunk reuse and an explicit byte limit.
 *
 * Why: pattern graphs, query results and ASTs are many small immutable
 * objects that die together. An arena frees them in one call, and
 * arena_reset() keeps its chunks, so a per-block scratch arena stops calling
 * malloc once it has warmed up (ARCHITECTURE.md rule 6). The limit turns a
 * runaway pattern into an error instead of an OOM. */
#ifndef PHONON_CORE_ARENA_H
#define PHONON_CORE_ARENA_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ArenaChunk ArenaChunk;

typedef struct Arena {
    ArenaChunk *head;      /* chunk being filled */
    ArenaChunk *first;     /* first chunk (chunks form a list in allocation order) */
    size_t chunk_size;     /* default size of a new chunk's payload */
    size_t limit;          /* max total bytes of chunks, 0 = unlimited */
    size_t reserved;       /* total bytes of all chunks owned */
    size_t used;           /* bytes handed out since the last reset */
    bool failed;           /* sticky: an allocation failed since the last reset */
} Arena;

/* A position to rewind to (everything allocated after it is released). */
typedef struct ArenaMark {
    ArenaChunk *chunk;
    size_t offset;
    size_t used;
} ArenaMark;

/* chunk_size 0 picks 64 KiB; limit 0 means no limit. Never allocates. */
void arena_init(Arena *a, size_t chunk_size, size_t limit);
/* Frees every chunk. The arena may be re-initialised afterwards. */
void arena_free(Arena *a);
/* Releases all allocations but keeps the chunks for reuse. */
void arena_reset(Arena *a);

/* 16-byte aligned. Returns NULL (and sets a->failed) past the limit or on OOM. */
void *arena_alloc(Arena *a, size_t size);
void *arena_zalloc(Arena *a, size_t size);
/* Grows the most recent allocation p (old_size bytes) in place if possible,
 * else copies; returns NULL on failure (p stays valid). */
void *arena_realloc(Arena *a, void *p, size_t old_size, size_t new_size);
char *arena_strdup(Arena *a, const char *s);
char *arena_strndup(Arena *a, const char *s, size_t n);

ArenaMark arena_mark(const Arena *a);
void arena_rewind(Arena *a, ArenaMark m);

#define ARENA_NEW(a, T) ((T *)arena_zalloc((a), sizeof(T)))
#define ARENA_ARRAY(a, T, n) ((T *)arena_alloc((a), sizeof(T) * (size_t)(n)))

#endif
