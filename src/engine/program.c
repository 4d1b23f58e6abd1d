/* program.c - building and finalizing a Program; see program.h. */
#include "engine/program.h"

#include <stdlib.h>
#include <string.h>

#include "engine/schedule.h"

Program *program_create(Rat cps)
{
    Program *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    arena_init(&p->arena, 256 * 1024, 0);
    p->cps = cps;
    p->zero_buffer = -1;
    return p;
}

void program_destroy(Program *p)
{
    if (!p) return;
    for (int i = 0; i < p->nnodes; i++)
        if (p->nodes[i].free) p->nodes[i].free(&p->nodes[i]);
    free(p->nodes);
    free(p->triggers);
    free(p->delays);
    free(p->buffer_memory);
    free(p->buffers);
    free(p->buffer_persistent);
    free(p->node_by_key);
    free(p->trigger_by_key);
    free(p->delay_by_key);
    arena_free(&p->arena);
    free(p);
}

int32_t program_new_buffer(Program *p)
{
    if (p->nbuffers >= PROGRAM_MAX_BUFFERS) return -1;
    return p->nbuffers++;
}

Signal program_new_signal(Program *p, bool stereo)
{
    int32_t l = program_new_buffer(p);
    int32_t r = stereo ? program_new_buffer(p) : l;
    if (l < 0 || r < 0) return (Signal){ -1, -1 };
    return (Signal){ l, r };
}

/* Grows a heap array by doubling; false on OOM or past max. */
static bool grow(void **arr, int *cap, int count, size_t elem, int max)
{
    if (count < *cap) return true;
    if (count >= max) return false;
    int ncap = *cap ? *cap * 2 : 16;
    if (ncap > max) ncap = max;
    void *n = realloc(*arr, elem * (size_t)ncap);
    if (!n) return false;
    *arr = n;
    *cap = ncap;
    return true;
}

int program_add_node(Program *p, const ProgNode *node)
{
    if (!grow((void **)&p->nodes, &p->cap_nodes, p->nnodes, sizeof *node, PROGRAM_MAX_NODES)) return -1;
    p->nodes[p->nnodes] = *node;
    return p->nnodes++;
}

int program_add_trigger(Program *p, const ProgTrigger *t)
{
    if (!grow((void **)&p->triggers, &p->cap_triggers, p->ntriggers, sizeof *t, PROGRAM_MAX_NODES)) return -1;
    p->triggers[p->ntriggers] = *t;
    return p->ntriggers++;
}

int program_add_delay(Program *p, Signal from, Signal to, uint64_t key)
{
    if (!grow((void **)&p->delays, &p->cap_delays, p->ndelays, sizeof(ProgDelayCopy), PROGRAM_MAX_NODES))
        return -1;
    p->delays[p->ndelays] = (ProgDelayCopy){ from, to, key };
    return p->ndelays++;
}

PhStatus program_add_output(Program *p, Signal s, float gain)
{
    if (p->noutputs >= PROGRAM_MAX_OUTPUTS) return PH_ERR_LIMIT;
    p->outputs[p->noutputs] = s;
    p->output_gain[p->noutputs] = gain;
    p->noutputs++;
    return PH_OK;
}

int32_t program_voice_slots(const Program *p) { return p->ntriggers; }

/* Marks what the outputs need, walking the (topologically ordered) nodes
 * backwards, and drops the rest: a bus that is defined but never heard
 * costs nothing. */
static void program_prune(Program *p)
{
    uint8_t *need = calloc((size_t)p->nbuffers + 1, 1);
    if (!need) return;
    for (int i = 0; i < p->noutputs; i++) need[p->outputs[i].l] = need[p->outputs[i].r] = 1;
    bool changed = true;
    while (changed) { /* delays feed earlier nodes, so iterate to a fixed point */
        changed = false;
        for (int i = p->nnodes - 1; i >= 0; i--) {
            ProgNode *n = &p->nodes[i];
            if (!need[n->out.l] && !need[n->out.r]) continue;
            for (int k = 0; k < n->ninputs; k++) {
                if (!need[n->in[k].l] || !need[n->in[k].r]) changed = true;
                need[n->in[k].l] = need[n->in[k].r] = 1;
            }
        }
        for (int i = 0; i < p->ndelays; i++) {
            ProgDelayCopy *d = &p->delays[i];
            if ((need[d->to.l] || need[d->to.r]) && (!need[d->from.l] || !need[d->from.r])) {
                need[d->from.l] = need[d->from.r] = 1;
                changed = true;
            }
        }
    }
    int kept = 0;
    for (int i = 0; i < p->nnodes; i++) {
        ProgNode *n = &p->nodes[i];
        if (need[n->out.l] || need[n->out.r]) {
            p->nodes[kept++] = *n;
        } else if (n->free) {
            n->free(n);
        }
    }
    p->nnodes = kept;
    kept = 0;
    for (int i = 0; i < p->ntriggers; i++)
        if (need[p->triggers[i].out.l]) p->triggers[kept++] = p->triggers[i];
    p->ntriggers = kept;
    kept = 0;
    for (int i = 0; i < p->ndelays; i++)
        if (need[p->delays[i].to.l] || need[p->delays[i].to.r]) p->delays[kept++] = p->delays[i];
    p->ndelays = kept;
    free(need);
}

/* Renumbers the buffers the kept nodes, triggers, delays and outputs use
 * densely from 0: pruned nodes leave no buffer behind (a program of 20,000
 * unused bus definitions would otherwise allocate 4 KiB each). */
static void program_compact_buffers(Program *p)
{
    int32_t *map = malloc(sizeof *map * ((size_t)p->nbuffers + 1));
    if (!map) return; /* keep the sparse numbering: correct, just larger */
    for (int i = 0; i < p->nbuffers; i++) map[i] = -1;
    int32_t next = 0;
#define COMPACT(id)                                   \
    do {                                              \
        if ((id) >= 0 && map[(id)] < 0) map[(id)] = next++; \
        if ((id) >= 0) (id) = map[(id)];              \
    } while (0)
#define COMPACT_SIG(sig) \
    do {                 \
        COMPACT((sig).l); \
        COMPACT((sig).r); \
    } while (0)
    for (int i = 0; i < p->nnodes; i++) {
        for (int k = 0; k < p->nodes[i].ninputs; k++) COMPACT_SIG(p->nodes[i].in[k]);
        COMPACT_SIG(p->nodes[i].out);
    }
    for (int i = 0; i < p->ntriggers; i++) COMPACT_SIG(p->triggers[i].out);
    for (int i = 0; i < p->ndelays; i++) {
        COMPACT_SIG(p->delays[i].from);
        COMPACT_SIG(p->delays[i].to);
    }
    for (int i = 0; i < p->noutputs; i++) COMPACT_SIG(p->outputs[i]);
#undef COMPACT_SIG
#undef COMPACT
    p->nbuffers = next;
    free(map);
}

/* ---- key indices (live reload) ----------------------------------------------------- */

typedef struct KeyIdx {
    uint64_t key;
    int32_t idx;
} KeyIdx;

static int key_idx_cmp(const void *a, const void *b)
{
    const KeyIdx *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* order[i] = the index of the i-th smallest key (ties by index). */
static int32_t *build_key_index(int n, uint64_t (*key_at)(const Program *, int), const Program *p)
{
    int32_t *order = malloc(sizeof *order * (size_t)(n > 0 ? n : 1));
    KeyIdx *tmp = malloc(sizeof *tmp * (size_t)(n > 0 ? n : 1));
    if (!order || !tmp) {
        free(order);
        free(tmp);
        return NULL;
    }
    for (int i = 0; i < n; i++) tmp[i] = (KeyIdx){ key_at(p, i), i };
    qsort(tmp, (size_t)n, sizeof *tmp, key_idx_cmp);
    for (int i = 0; i < n; i++) order[i] = tmp[i].idx;
    free(tmp);
    return order;
}

static uint64_t node_key_at(const Program *p, int i) { return p->nodes[i].key; }
static uint64_t trigger_key_at(const Program *p, int i) { return p->triggers[i].key; }
static uint64_t delay_key_at(const Program *p, int i) { return p->delays[i].key; }

static int32_t key_lower_bound(const int32_t *order, int n, uint64_t (*key_at)(const Program *, int),
                               const Program *p, uint64_t key)
{
    if (!order) return -1;
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (key_at(p, order[mid]) < key) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && key_at(p, order[lo]) == key ? lo : -1;
}

int32_t program_node_key_pos(const Program *p, uint64_t key)
{
    return key_lower_bound(p->node_by_key, p->nnodes, node_key_at, p, key);
}

int32_t program_trigger_key_pos(const Program *p, uint64_t key)
{
    return key_lower_bound(p->trigger_by_key, p->ntriggers, trigger_key_at, p, key);
}

int32_t program_delay_key_pos(const Program *p, uint64_t key)
{
    return key_lower_bound(p->delay_by_key, p->ndelays, delay_key_at, p, key);
}

/* The optimisation passes (schedule.h) that p->opt_off leaves on. */
static PhStatus program_optimise(Program *p)
{
    PhStatus st = PH_OK;
    if (!(p->opt_off & PROGRAM_OPT_SCHEDULE)) st = schedule_nodes(p);
    if (st == PH_OK && !(p->opt_off & PROGRAM_OPT_REUSE)) st = schedule_reuse_buffers(p);
    if (st == PH_OK && !(p->opt_off & PROGRAM_OPT_VECTOR)) st = schedule_vectorise(p);
    return st;
}

PhStatus program_finalize(Program *p)
{
    program_prune(p);
    if (!(p->opt_off & PROGRAM_OPT_DEDUPE)) {
        PhStatus st = schedule_dedupe_constants(p);
        if (st != PH_OK) return st;
    }
    program_compact_buffers(p);
    /* Voice slots are renumbered densely after pruning. */
    for (int i = 0; i < p->ntriggers; i++) p->triggers[i].slot = i;
    PhStatus st = program_optimise(p);
    if (st != PH_OK) return st;
    p->zero_buffer = program_new_buffer(p);
    if (p->zero_buffer < 0) return PH_ERR_LIMIT;
    size_t n = (size_t)p->nbuffers;
    p->buffer_memory = aligned_alloc(64, n * PROGRAM_MAX_BLOCK * sizeof(float));
    p->buffers = malloc(n * sizeof *p->buffers);
    p->buffer_persistent = calloc(n, 1);
    if (!p->buffer_memory || !p->buffers || !p->buffer_persistent) return PH_ERR_NOMEM;
    memset(p->buffer_memory, 0, n * PROGRAM_MAX_BLOCK * sizeof(float));
    for (size_t i = 0; i < n; i++) p->buffers[i] = p->buffer_memory + i * PROGRAM_MAX_BLOCK;
    for (int i = 0; i < p->ndelays; i++)
        p->buffer_persistent[p->delays[i].to.l] = p->buffer_persistent[p->delays[i].to.r] = 1;
    p->node_by_key = build_key_index(p->nnodes, node_key_at, p);
    p->trigger_by_key = build_key_index(p->ntriggers, trigger_key_at, p);
    p->delay_by_key = build_key_index(p->ndelays, delay_key_at, p);
    if (!p->node_by_key || !p->trigger_by_key || !p->delay_by_key) return PH_ERR_NOMEM;
    return PH_OK;
}
