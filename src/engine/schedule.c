/* schedule.c - constant dedupe, level scheduling, lane banks and buffer
 * reuse; see schedule.h. Runs once per Program at finalize (not on the
 * audio path): plain heap scratch, freed before returning. */
#include "engine/schedule.h"

#include <stdlib.h>
#include <string.h>

#include "engine/bank.h"
#include "engine/nodes.h"

/* Runs body with idp pointing at each distinct buffer id of the signal
 * lvalue sig (one for mono, two for stereo); `continue` skips to the next. */
#define FOR_SIGNAL_IDS(sig, body)                                         \
    do {                                                                  \
        int32_t *ids_[2] = { &(sig).l, &(sig).r };                        \
        for (int c_ = 0; c_ < ((sig).l == (sig).r ? 1 : 2); c_++) {       \
            int32_t *idp = ids_[c_];                                      \
            body;                                                         \
        }                                                                 \
    } while (0)

/* Applies map to every buffer id the program refers to. */
static void remap_all(Program *p, const int32_t *map)
{
#define MAP_SIG(s)                                 \
    do {                                           \
        if ((s).l >= 0) (s).l = map[(s).l];        \
        if ((s).r >= 0) (s).r = map[(s).r];        \
    } while (0)
    for (int i = 0; i < p->nnodes; i++) {
        ProgNode *n = &p->nodes[i];
        for (int k = 0; k < n->ninputs; k++) MAP_SIG(n->in[k]);
        MAP_SIG(n->out);
    }
    for (int i = 0; i < p->ntriggers; i++) MAP_SIG(p->triggers[i].out);
    for (int i = 0; i < p->ndelays; i++) {
        MAP_SIG(p->delays[i].from);
        MAP_SIG(p->delays[i].to);
    }
    for (int i = 0; i < p->noutputs; i++) MAP_SIG(p->outputs[i]);
#undef MAP_SIG
}

/* ---- constants ----------------------------------------------------------------------- */

typedef struct ConstKey {
    uint32_t bits;
    int32_t node;
} ConstKey;

static int const_key_cmp(const void *a, const void *b)
{
    const ConstKey *x = a, *y = b;
    if (x->bits != y->bits) return x->bits < y->bits ? -1 : 1;
    return x->node < y->node ? -1 : x->node > y->node;
}

PhStatus schedule_dedupe_constants(Program *p)
{
    int nconst = 0;
    for (int i = 0; i < p->nnodes; i++) nconst += node_const_value(&p->nodes[i], NULL);
    if (nconst < 2) return PH_OK;
    ConstKey *keys = malloc(sizeof *keys * (size_t)nconst);
    int32_t *map = malloc(sizeof *map * ((size_t)p->nbuffers + 1));
    uint8_t *drop = calloc((size_t)p->nnodes, 1);
    if (!keys || !map || !drop) {
        free(keys);
        free(map);
        free(drop);
        return PH_ERR_NOMEM;
    }
    int k = 0;
    for (int i = 0; i < p->nnodes; i++) {
        float v;
        if (!node_const_value(&p->nodes[i], &v)) continue;
        memcpy(&keys[k].bits, &v, sizeof v);
        keys[k++].node = i;
    }
    qsort(keys, (size_t)nconst, sizeof *keys, const_key_cmp);
    for (int b = 0; b < p->nbuffers; b++) map[b] = b;
    for (int i = 1; i < nconst; i++) {
        if (keys[i].bits != keys[i - 1].bits) continue;
        /* keys[i - 1] maps to the run's first node already */
        const ProgNode *keep = &p->nodes[keys[i - 1].node];
        int32_t to = map[keep->out.l];
        map[p->nodes[keys[i].node].out.l] = to;
        drop[keys[i].node] = 1;
    }
    remap_all(p, map);
    int kept = 0;
    for (int i = 0; i < p->nnodes; i++) {
        if (drop[i]) {
            if (p->nodes[i].free) p->nodes[i].free(&p->nodes[i]);
            continue;
        }
        p->nodes[kept++] = p->nodes[i];
    }
    p->nnodes = kept;
    free(keys);
    free(map);
    free(drop);
    return PH_OK;
}

/* ---- levels, order, banks ---------------------------------------------------------------- */

/* The widest lane kernels the CPU has that p->opt_off allows. */
static void pick_kernels(const Program *p, DspLaneKernels *kern)
{
    DspIsa isa = DSP_ISA_AUTO;
    if (p->opt_off & PROGRAM_OPT_AVX512) isa = DSP_ISA_AVX2;
    if ((p->opt_off & PROGRAM_OPT_AVX512) && (p->opt_off & PROGRAM_OPT_AVX2)) isa = DSP_ISA_SCALAR;
    dsp_lane_kernels_pick(kern, isa);
}

/* The node writing each buffer (-1: none, -2: several); NULL on OOM. */
static int32_t *buffer_producers(const Program *p, bool *several)
{
    int32_t *prod = malloc(sizeof *prod * ((size_t)p->nbuffers + 1));
    if (!prod) return NULL;
    for (int b = 0; b < p->nbuffers; b++) prod[b] = -1;
    *several = false;
    for (int i = 0; i < p->nnodes; i++) {
        Signal o = p->nodes[i].out;
        FOR_SIGNAL_IDS(o, {
            if (*idp < 0) continue;
            if (prod[*idp] != -1) *several = true;
            prod[*idp] = prod[*idp] == -1 ? i : -2;
        });
    }
    return prod;
}

/* level[i] for every node; false if the order is not topological. */
static bool node_levels(const Program *p, const int32_t *prod, int32_t *level, int32_t *maxlevel)
{
    *maxlevel = 0;
    for (int i = 0; i < p->nnodes; i++) {
        const ProgNode *n = &p->nodes[i];
        int32_t lv = 0;
        for (int k = 0; k < n->ninputs; k++) {
            Signal s = n->in[k];
            FOR_SIGNAL_IDS(s, {
                int32_t pr = *idp >= 0 ? prod[*idp] : -1;
                if (pr == -2 || pr >= i) return false;
                if (pr >= 0 && level[pr] + 1 > lv) lv = level[pr] + 1;
            });
        }
        level[i] = lv;
        if (lv > *maxlevel) *maxlevel = lv;
    }
    return true;
}

typedef struct FixedCtx {
    const int32_t *prod;
} FixedCtx;

static bool buffer_is_const(const Program *p, int32_t id, void *ctx)
{
    const FixedCtx *fc = ctx;
    int32_t pr = id >= 0 ? fc->prod[id] : -1;
    return pr >= 0 && node_const_value(&p->nodes[pr], NULL);
}

/* A bank being filled while one level is grouped. */
typedef struct OpenBank {
    int32_t member[BANK_MAX_MEMBERS];
    int count, lanes;
} OpenBank;

typedef struct Grouping {
    OpenBank *banks;       /* of the current level */
    int nbanks;
    int32_t *bank_of;      /* node -> index into banks, or -1 */
} Grouping;

/* Groups the bankable nodes among order[from..to) into g->banks. */
static void group_level(const Program *p, const DspLaneKernels *kern, const int32_t *order, int from, int to,
                        Grouping *g)
{
    g->nbanks = 0;
    for (int j = from; j < to; j++) {
        int32_t i = order[j];
        const ProgNode *n = &p->nodes[i];
        g->bank_of[i] = -1;
        if (!n->bank) continue;
        int lanes = n->bank->lanes(n);
        if (lanes <= 0 || lanes > kern->lanes) continue;
        int pick = -1;
        for (int b = g->nbanks - 1; b >= 0 && pick < 0; b--) {
            const OpenBank *ob = &g->banks[b];
            const ProgNode *first = &p->nodes[ob->member[0]];
            if (first->bank == n->bank && ob->count < BANK_MAX_MEMBERS && ob->lanes + lanes <= kern->lanes &&
                n->bank->compatible(first, n))
                pick = b;
        }
        if (pick < 0) {
            pick = g->nbanks++;
            g->banks[pick].count = g->banks[pick].lanes = 0;
        }
        OpenBank *ob = &g->banks[pick];
        ob->member[ob->count++] = i;
        ob->lanes += lanes;
        g->bank_of[i] = pick;
    }
}

/* Appends order[from..to) to out: every bank of two or more members (its
 * bank node, then the members), then the other nodes in their order. */
static bool emit_level(Program *p, const DspLaneKernels *kern, const int32_t *order, int from, int to,
                       Grouping *g, FixedCtx *fc, ProgNode *out, int *nout)
{
    for (int b = 0; b < g->nbanks; b++) {
        OpenBank *ob = &g->banks[b];
        if (ob->count < 2) continue;
        ProgNode *members[BANK_MAX_MEMBERS];
        for (int m = 0; m < ob->count; m++) members[m] = &p->nodes[ob->member[m]];
        ProgNode *bank_node = &out[(*nout)++];
        if (!bank_make(p, kern, members, ob->count, buffer_is_const, fc, bank_node)) return false;
        for (int m = 0; m < ob->count; m++) out[(*nout)++] = *members[m];
        bank_bind(bank_node, bank_node + 1);
    }
    for (int j = from; j < to; j++) {
        int32_t i = order[j];
        int32_t b = g->bank_of[i];
        if (b >= 0 && g->banks[b].count >= 2) continue;
        out[(*nout)++] = p->nodes[i];
    }
    return true;
}

PhStatus schedule_nodes(Program *p)
{
    int n = p->nnodes;
    if (n < 2) return PH_OK;
    bool several;
    int32_t *prod = buffer_producers(p, &several);
    int32_t *level = malloc(sizeof *level * (size_t)n);
    int32_t *order = malloc(sizeof *order * (size_t)n);
    int32_t *bank_of = malloc(sizeof *bank_of * (size_t)n);
    OpenBank *banks = malloc(sizeof *banks * (size_t)n);
    DspLaneKernels *kern = ARENA_NEW(&p->arena, DspLaneKernels);
    ProgNode *out = NULL;
    PhStatus st = PH_ERR_NOMEM;
    if (!prod || !level || !order || !bank_of || !banks || !kern) goto done;
    st = PH_OK;
    int32_t maxlevel;
    /* a buffer with two writers, or an order that is not topological: leave it be */
    if (several || !node_levels(p, prod, level, &maxlevel)) goto done;

    /* counting sort by level, stable */
    int32_t *start = calloc((size_t)maxlevel + 2, sizeof *start);
    if (!start) {
        st = PH_ERR_NOMEM;
        goto done;
    }
    for (int i = 0; i < n; i++) start[level[i] + 1]++;
    for (int l = 0; l <= maxlevel; l++) start[l + 1] += start[l];
    int32_t *fill = malloc(sizeof *fill * ((size_t)maxlevel + 1));
    if (!fill) {
        free(start);
        st = PH_ERR_NOMEM;
        goto done;
    }
    memcpy(fill, start, sizeof *fill * ((size_t)maxlevel + 1));
    for (int i = 0; i < n; i++) order[fill[level[i]]++] = i;
    free(fill);

    pick_kernels(p, kern);
    /* bank nodes are extra nodes: stay within the program's node limit */
    bool banks_on = !(p->opt_off & PROGRAM_OPT_BANK) && kern->lanes > 1 && n + n / 2 + 1 <= PROGRAM_MAX_NODES;

    /* at most one bank node per two members */
    out = malloc(sizeof *out * ((size_t)n + (size_t)n / 2 + 1));
    if (!out) {
        free(start);
        st = PH_ERR_NOMEM;
        goto done;
    }
    Grouping g = { banks, 0, bank_of };
    FixedCtx fc = { prod };
    int nout = 0;
    for (int l = 0; l <= maxlevel; l++) {
        if (banks_on) {
            group_level(p, kern, order, start[l], start[l + 1], &g);
        } else {
            g.nbanks = 0;
            for (int j = start[l]; j < start[l + 1]; j++) bank_of[order[j]] = -1;
        }
        if (!emit_level(p, kern, order, start[l], start[l + 1], &g, &fc, out, &nout)) {
            st = PH_ERR_NOMEM;
            break;
        }
    }
    free(start);
    if (st != PH_OK) goto done;
    free(p->nodes);
    p->nodes = out;
    p->nnodes = p->cap_nodes = nout;
    out = NULL;
done:
    free(out);
    free(prod);
    free(level);
    free(order);
    free(bank_of);
    free(banks);
    return st;
}

/* ---- SIMD arithmetic ---------------------------------------------------------------------- */

PhStatus schedule_vectorise(Program *p)
{
    DspLaneKernels *kern = ARENA_NEW(&p->arena, DspLaneKernels);
    if (!kern) return PH_ERR_NOMEM;
    pick_kernels(p, kern);
    if (kern->lanes <= 1) return PH_OK;
    for (int i = 0; i < p->nnodes; i++) node_math_vectorise(&p->nodes[i], kern);
    return PH_OK;
}

/* ---- buffer reuse ------------------------------------------------------------------------- */

/* step[i]: when node i runs; a bank's members run at their bank's step. */
static void node_steps(const Program *p, int32_t *step)
{
    int32_t bank_step = -1;
    for (int i = 0; i < p->nnodes; i++) {
        const ProgNode *n = &p->nodes[i];
        if (bank_is_bank(n)) bank_step = i;
        step[i] = bank_is_member(n) && bank_step >= 0 ? bank_step : i;
    }
}

/* Marks the buffers that keep an id of their own. */
static void pin_buffers(const Program *p, const int32_t *def, const int32_t *step, uint8_t *pinned)
{
#define PIN(s)                                  \
    do {                                        \
        if ((s).l >= 0) pinned[(s).l] = 1;      \
        if ((s).r >= 0) pinned[(s).r] = 1;      \
    } while (0)
    for (int i = 0; i < p->ntriggers; i++) PIN(p->triggers[i].out);
    for (int i = 0; i < p->ndelays; i++) {
        PIN(p->delays[i].from);
        PIN(p->delays[i].to);
    }
    for (int i = 0; i < p->noutputs; i++) PIN(p->outputs[i]);
    for (int i = 0; i < p->nnodes; i++) {
        const ProgNode *n = &p->nodes[i];
        if (node_const_value(n, NULL)) PIN(n->out);
        for (int k = 0; k < n->ninputs; k++) {
            Signal s = n->in[k];
            /* read before (or while) it is written: not a plain lifetime */
            FOR_SIGNAL_IDS(s, {
                if (*idp >= 0 && def[*idp] >= step[i]) pinned[*idp] = 1;
            });
        }
    }
    for (int b = 0; b < p->nbuffers; b++)
        if (def[b] < 0) pinned[b] = 1; /* written outside the nodes, or by several */
#undef PIN
}

PhStatus schedule_reuse_buffers(Program *p)
{
    int nb = p->nbuffers, n = p->nnodes;
    if (nb == 0) return PH_OK;
    int32_t *step = malloc(sizeof *step * ((size_t)n + 1));
    int32_t *def = malloc(sizeof *def * (size_t)nb);
    int32_t *last = malloc(sizeof *last * (size_t)nb);
    int32_t *map = malloc(sizeof *map * (size_t)nb);
    int32_t *freelist = malloc(sizeof *freelist * (size_t)nb);
    uint8_t *pinned = calloc((size_t)nb, 1);
    PhStatus st = PH_ERR_NOMEM;
    if (!step || !def || !last || !map || !freelist || !pinned) goto done;
    st = PH_OK;
    node_steps(p, step);
    for (int b = 0; b < nb; b++) {
        def[b] = -1;
        last[b] = -1;
        map[b] = -1;
    }
    for (int i = 0; i < n; i++) {
        Signal o = p->nodes[i].out;
        FOR_SIGNAL_IDS(o, {
            if (*idp < 0) continue;
            def[*idp] = def[*idp] == -1 ? step[i] : -2;
            if (step[i] > last[*idp]) last[*idp] = step[i];
        });
        for (int k = 0; k < p->nodes[i].ninputs; k++) {
            Signal s = p->nodes[i].in[k];
            FOR_SIGNAL_IDS(s, {
                if (*idp >= 0 && step[i] > last[*idp]) last[*idp] = step[i];
            });
        }
    }
    pin_buffers(p, def, step, pinned);
    int32_t next = 0, nfree = 0;
    for (int b = 0; b < nb; b++)
        if (pinned[b]) map[b] = next++;
    /* walk the steps: assign a step's outputs, then free what it read last */
    for (int i = 0; i < n;) {
        int j = i;
        while (j < n && step[j] == step[i]) j++;
        for (int x = i; x < j; x++) {
            Signal o = p->nodes[x].out;
            FOR_SIGNAL_IDS(o, {
                if (*idp >= 0 && !pinned[*idp] && map[*idp] < 0) map[*idp] = nfree ? freelist[--nfree] : next++;
            });
        }
        for (int x = i; x < j; x++) {
            const ProgNode *nd = &p->nodes[x];
            for (int k = 0; k <= nd->ninputs; k++) {
                Signal s = k < nd->ninputs ? nd->in[k] : nd->out;
                FOR_SIGNAL_IDS(s, {
                    int32_t b = *idp;
                    if (b >= 0 && !pinned[b] && last[b] == step[i] && map[b] >= 0) {
                        freelist[nfree++] = map[b];
                        last[b] = -1; /* freed once */
                    }
                });
            }
        }
        i = j;
    }
    for (int b = 0; b < nb; b++)
        if (map[b] < 0) map[b] = next++; /* referenced by nothing that runs: keep apart */
    remap_all(p, map);
    p->nbuffers = next;
done:
    free(step);
    free(def);
    free(last);
    free(map);
    free(freelist);
    free(pinned);
    return st;
}
