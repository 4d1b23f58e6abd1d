/* program.h - a compiled .ph program: a flat, topologically ordered array of
 * block kernels with preassigned buffers (ARCHITECTURE.md rule 1).
 *
 * The compiler (src/lang) builds it; the engine (engine.h) runs it one block
 * at a time. A Program owns everything it refers to (patterns, kernel state)
 * in its arena, or through node free functions, so dropping one Program
 * after a live reload frees exactly its memory.
 *
 * Signals are planar stereo pairs of buffers; a mono signal uses the same
 * buffer for both channels (kernels then do the work once). */
#ifndef PHONON_ENGINE_PROGRAM_H
#define PHONON_ENGINE_PROGRAM_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/rational.h"
#include "core/status.h"
#include "pattern/pattern.h"

#define PROGRAM_MAX_BLOCK 1024       /* frames per block, at most */
#define PROGRAM_MAX_NODES 65536
#define PROGRAM_MAX_BUFFERS 65536
#define NODE_MAX_INPUTS 8
#define PROGRAM_MAX_OUTPUTS 32

struct EngineBlock;
struct ProgNode;
struct NodeBankClass;

/* Optimisation passes program_finalize runs (schedule.c, bank.c); all on
 * by default. Program.opt_off (CompileOptions.opt_off) turns some off, so
 * benchmarks and tests can compare with and without them. */
enum {
    PROGRAM_OPT_DEDUPE = 1 << 0,   /* one constant node per distinct value */
    PROGRAM_OPT_SCHEDULE = 1 << 1, /* order nodes by dependency level */
    PROGRAM_OPT_BANK = 1 << 2,     /* run same-kind nodes of a level as SIMD lanes (needs SCHEDULE) */
    PROGRAM_OPT_REUSE = 1 << 3,    /* share buffers between nodes whose lifetimes do not overlap */
    PROGRAM_OPT_AVX512 = 1 << 4,   /* off: banks use AVX2 (8 lanes) even where AVX-512 runs */
    PROGRAM_OPT_AVX2 = 1 << 5,     /* off (with AVX512 off): no SIMD banks */
    PROGRAM_OPT_VECTOR = 1 << 6    /* + - * nodes in SIMD registers (runtime-dispatched) */
};

/* A signal: two buffer ids (equal when mono). */
typedef struct Signal {
    int32_t l, r;
} Signal;
static inline bool signal_is_mono(Signal s) { return s.l == s.r; }

typedef void (*NodeProcessFn)(struct ProgNode *node, const struct EngineBlock *b);
typedef void (*NodeFreeFn)(struct ProgNode *node);
/* Copies the state that makes sense to keep (filter memory, delay lines,
 * phases) from a node of the previous program with the same key (live reload). */
typedef void (*NodeAdoptFn)(struct ProgNode *node, const struct ProgNode *old);

typedef struct ProgNode {
    NodeProcessFn process;
    NodeFreeFn free;           /* NULL: nothing outside the arena */
    NodeAdoptFn adopt;         /* NULL: starts fresh after a reload */
    void *state;
    const char *kind;          /* "lpf", "sampler", "add" ... */
    uint64_t key;              /* stable identity across reloads (bus name + position) */
    int ninputs;
    Signal in[NODE_MAX_INPUTS];
    Signal out;
    /* Non-NULL: this node may run as one lane of a bank with other nodes
     * of the same class (engine/bank.h). NULL for most nodes. */
    const struct NodeBankClass *bank;
} ProgNode;

/* A pattern that triggers voices (`s "bd*4"`): its events become voices
 * mixed into the voice slot `slot`, whose buffer is the node output. */
typedef struct ProgTrigger {
    const Pattern *pattern;    /* control pattern (maps with `s` ...) */
    int32_t slot;              /* voice output slot */
    Signal out;                /* where the slot's voices are mixed */
    uint64_t key;
    size_t src_offset, src_length; /* the expression, for warnings */
    struct ProgSound *sound;   /* orbit effects and bus voices (engine/orbit.h), or NULL */
} ProgTrigger;

/* Buffers copied at the end of a block, read one block later (bus feedback). */
typedef struct ProgDelayCopy {
    Signal from, to;
    uint64_t key;              /* the bus's identity: a reload carries `to` over */
} ProgDelayCopy;

typedef struct Program {
    Arena arena;               /* patterns, strings, node arrays, kernel state */
    Rat cps;                   /* tempo, cycles per second */
    bool hush;                 /* `hush`: compile everything, output silence */
    bool panic;                /* `panic`: also stop every sounding voice (live) */
    unsigned opt_off;          /* PROGRAM_OPT_* passes finalize must skip */
    bool has_set_cycle;        /* `setCycle N` / `resetCycles` (live: jump there) */
    double set_cycle;
    double nudge;              /* `nudge X`: shift the position by X cycles (live) */

    ProgNode *nodes;
    int nnodes, cap_nodes;
    ProgTrigger *triggers;
    int ntriggers, cap_triggers;
    ProgDelayCopy *delays;
    int ndelays, cap_delays;

    Signal outputs[PROGRAM_MAX_OUTPUTS];
    float output_gain[PROGRAM_MAX_OUTPUTS];
    int noutputs;

    int nbuffers;              /* buffer ids 0..nbuffers-1 */
    float *buffer_memory;      /* nbuffers * PROGRAM_MAX_BLOCK floats, 64-byte aligned */
    float **buffers;           /* buffers[id] */
    uint8_t *buffer_persistent;/* 1: must not be cleared or reused (feedback targets) */
    int32_t zero_buffer;       /* a buffer that always holds zeros */

    /* Live reload: node and trigger indices sorted by key (built at
     * finalize), so the engine finds the previous program's node or voice
     * slot of the same key by binary search (engine_swap.c). */
    int32_t *node_by_key;      /* nnodes entries */
    int32_t *trigger_by_key;   /* ntriggers entries */
    int32_t *delay_by_key;     /* ndelays entries */
} Program;

/* An empty program at the given tempo (NULL on OOM). */
Program *program_create(Rat cps);
void program_destroy(Program *p);

/* New buffer ids (mono: one; stereo: two). -1 / {-1,-1} past the limits. */
int32_t program_new_buffer(Program *p);
Signal program_new_signal(Program *p, bool stereo);

/* Appends a node (copied); returns its index or -1 past the limits. */
int program_add_node(Program *p, const ProgNode *node);
int program_add_trigger(Program *p, const ProgTrigger *t);
int program_add_delay(Program *p, Signal from, Signal to, uint64_t key);
PhStatus program_add_output(Program *p, Signal s, float gain);

/* Prunes what no output needs, runs the optimisation passes (PROGRAM_OPT_*)
 * and allocates the buffer memory (after the last node is added).
 *
 * After finalize, a node's output buffer may be shared with other nodes
 * whose lifetimes do not overlap (PROGRAM_OPT_REUSE): a node must write
 * every frame of its output in every block and must not expect its output
 * buffer to hold last block's values. Buffers no node writes (trigger
 * outputs, feedback targets, the zero buffer), constants, delay sources
 * and outputs are never shared. */
PhStatus program_finalize(Program *p);

/* The position in p->node_by_key (p->trigger_by_key) of the first node
 * (trigger) with this key, or -1; entries with the same key follow it. */
int32_t program_node_key_pos(const Program *p, uint64_t key);
int32_t program_trigger_key_pos(const Program *p, uint64_t key);
int32_t program_delay_key_pos(const Program *p, uint64_t key);

/* The next free voice slot id. */
int32_t program_voice_slots(const Program *p);

#endif
