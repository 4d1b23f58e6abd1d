/* voice_bus_filter.c - one block of the filter buses: lanes grouped 16
 * wide; each group's single-voice buses rendered, the group filtered, and
 * its lanes added to their destinations, chunk by chunk.
 *
 * Why this shape: `# lpf (range 200 2000 sine)` gives every voice its own
 * bus. Mixed into a bus buffer by the range pass, filtered in a second
 * pass and distributed in a third, each frame of such a voice crossed L2
 * four times (zeroing, mixing, filtering, mixing out). Here a bus whose
 * only voice is a plain (non-staged) voice is a SOLO lane: the group task
 * renders that voice itself into a CHUNK-frame row, and a serial block
 * filters the group's rows and adds them to the destinations right away,
 * so the work stays in L1. With the fused low-pass kernel, a steady voice
 * (voice_lowpass_mix_*) is read straight from its sample, and a task with
 * few other lanes renders those into block rows and runs the whole block
 * in one kernel call (a call per chunk costs the kernel's pipeline fill
 * and drain each time: 3.35x -> 3.0x a plain voice at 64 voices, a cutoff
 * each). A parallel block renders and filters groups on
 * all threads into the bus buffers, then adds them in frame ranges. Buses
 * fed by several voices (FED) are filled by the range pass as before and
 * read from their buffers; buses without voices (IDLE: a ringing tail)
 * get silence.
 *
 * Determinism: every destination gets its filter lanes one after another
 * in a fixed order, (stages, key), after the unfiltered buses (voice_bus.c):
 * out = ((out + y0 g0) + y1 g1) + ... per frame. That order depends only on
 * the buses' keys, and a lane that exists but is silent adds an exact 0,
 * so it is the same for every path, thread count and block size (up to the
 * sign of a sum that is exactly zero: +0 added to -0 is +0). Groups
 * are 16 lanes on every path (voice_stage_filter.c: AVX2 runs two halves,
 * scalar one lane at a time); a lane's filter does not depend on its
 * group. Chunks change nothing: the filters carry their state across them
 * and flush on the pool's own frame grid; voices render as a function of
 * age. */
#include <stdlib.h>
#include <string.h>

#include "voice/voice_internal.h"
#include "voice/worker_pool.h"

#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

#define CHUNK VOICE_LANE_CHUNK
#define GROUPS_PER_TASK 4  /* groups per task: the kernels interleave independent recursions */
#define TASK_GROUPS_MAX (GROUPS_PER_TASK + 1) /* and a tail (task_range) */
#define WHOLE_ROWS 16      /* block rows per worker: a fused task with at most this many unsteady lanes runs whole */
#define TARGETS (1 + VOICE_SENDS)

typedef struct BusLane {
    int32_t bus;
    uint32_t v;            /* the bus's voice, when it has one (SOLO) */
    int8_t ch, nch;        /* this lane's channel, the bus's channels */
    int16_t mode;          /* the bus's VOICE_BUS_* mode this block */
} BusLane;

/* A group's lanes and where they go: io.dst/dg per lane (both lanes of a
 * stereo bus hold the bus's), io.src set per block for the steady lanes. */
struct VoiceBusGroup {
    BusLane lane[VOICE_LANES_MAX];
    VoiceLaneIO io;
};

PhStatus voice_bus_filter_alloc(VoicePool *p)
{
    int threads = p->workers ? worker_pool_threads(p->workers) : 1;
    size_t lg = sizeof(VoiceLaneGroup) * VOICE_BUS_GROUPS;
    /* per worker: chunk rows, a dummy row, WHOLE_ROWS block rows, a zero row */
    size_t block = (size_t)(p->stride > CHUNK ? p->stride : CHUNK);
    p->bus_scratch_per = (size_t)TASK_GROUPS_MAX * VOICE_LANES_MAX * CHUNK + block * (WHOLE_ROWS + 2);
    size_t scratch = sizeof(float) * p->bus_scratch_per * (size_t)threads;
    p->bus_lg = aligned_alloc(64, lg);
    p->bus_gm = calloc(VOICE_BUS_GROUPS, sizeof *p->bus_gm);
    p->bus_scratch = aligned_alloc(64, scratch);
    if (!p->bus_lg || !p->bus_gm || !p->bus_scratch) {
        voice_bus_filter_free(p);
        return PH_ERR_NOMEM;
    }
    /* fault the pages in now, not on the audio thread */
    memset(p->bus_lg, 0, lg);
    memset(p->bus_scratch, 0, scratch);
    p->bus_fx_bytes = lg + scratch + sizeof *p->bus_gm * VOICE_BUS_GROUPS;
    return PH_OK;
}

void voice_bus_filter_free(VoicePool *p)
{
    free(p->bus_lg);
    free(p->bus_gm);
    free(p->bus_scratch);
    p->bus_lg = NULL;
    p->bus_gm = NULL;
    p->bus_scratch = NULL;
    p->bus_fx_bytes = 0;
}

/* Zeroes n floats (short rows: plain vector stores beat `rep stos`). */
static void zero_floats(float *x, int n)
{
    typedef float F4 __attribute__((vector_size(16)));
    const F4 z = { 0.0f, 0.0f, 0.0f, 0.0f };
    int i = 0;
    for (; i + 4 <= n; i += 4) memcpy(x + i, &z, sizeof z);
    for (; i < n; i++) x[i] = 0.0f;
}

/* The worker's scratch (voice_bus_filter_alloc): CHUNK-frame rows of the
 * task's groups, then a dummy row, block rows and a zero row, each
 * max(stride, CHUNK) floats. */
static float *scratch_block_row(const VoicePool *p, float *scratch, int k)
{
    size_t block = (size_t)(p->stride > CHUNK ? p->stride : CHUNK);
    return scratch + (size_t)TASK_GROUPS_MAX * VOICE_LANES_MAX * CHUNK + block * (size_t)k;
}

/* ---- groups ------------------------------------------------------------------------- */

static const VoiceSvfCoef *stage_coef(const VoiceBus *b, int s)
{
    return s == 0 ? &b->hp : s == 1 ? &b->bp : s == 2 ? &b->lp : &b->vw[s - 3];
}

static int stage_used(int stages, int s)
{
    return s == 0 ? stages & VOICE_STG_HPF
         : s == 1 ? stages & VOICE_STG_BPF
         : s == 2 ? stages & VOICE_STG_LPF
                  : stages & VOICE_STG_VOWEL;
}

/* Appends channel ch of bus bi to group g: coefficients, state, destinations. */
static void lane_put(VoicePool *p, int g, int32_t bi, int ch, const VoiceOut *out, int nslots)
{
    VoiceLaneGroup *G = &p->bus_lg[g];
    struct VoiceBusGroup *M = &p->bus_gm[g];
    const VoiceBus *b = &p->buses[bi];
    int l = G->nlanes++;
    M->lane[l].bus = bi;
    M->lane[l].v = b->vxor;
    M->lane[l].ch = (int8_t)ch;
    M->lane[l].nch = (int8_t)b->nch;
    M->lane[l].mode = (int16_t)b->mode;
    /* the common case apart: the low-pass step reads three rows, and the general
     * loop over the stages costs about 4 % of a filtered voice (measured) */
    if (b->stages == VOICE_STG_LPF) {
        G->c[2][VOICE_C_C11][l] = b->lp.c11;
        G->c[2][VOICE_C_C21][l] = b->lp.k2;
        G->c[2][VOICE_C_B2][l] = b->lp.b2;
        G->s[2][0][l] = b->st[2][ch][0];
        G->s[2][1][l] = b->st[2][ch][1];
    } else {
        for (int s = 0; s < 3 + VOICE_FORMANTS; s++) {
            if (!stage_used(b->stages, s)) continue;
            const VoiceSvfCoef *c = stage_coef(b, s);
            float o1 = s == 0 ? -c->k : c->k * c->gain; /* high-pass subtracts k v1; band-pass, formants scale it */
            const float v[VOICE_C_ROWS] = { c->a1, c->a2, c->a3, o1, c->c11, s == 2 ? c->k2 : c->c21, c->b2 };
            for (int k = 0; k < VOICE_C_ROWS; k++) G->c[s][k][l] = v[k];
            G->s[s][0][l] = b->st[s][ch][0];
            G->s[s][1][l] = b->st[s][ch][1];
        }
    }
    /* the destinations; whether the group stays uniform (mono lanes, lane 0's
     * destinations) and centred (equal gains), for the fused kernels */
    VoiceLaneIO *io = &M->io;
    io->chmask[l] = (uint8_t)(b->nch == 1 ? 3 : ch == 0 ? 1 : 2);
    int uniform = b->nch == 1 && (l == 0 || io->uniform), centered = l == 0 || io->centered;
    for (int t = 0; t < TARGETS; t++) {
        float *L = NULL, *R = NULL, gain[2];
        if (voice_bus_target(b, out, nslots, t, &L, &R)) {
            voice_bus_gains(b, t, gain); /* read only where there is a destination */
            centered &= gain[0] == gain[1];
            io->dg[t][l][0] = gain[0];
            io->dg[t][l][1] = gain[1];
        }
        io->dst[t][l][0] = L;
        io->dst[t][l][1] = R;
        uniform &= L == (l == 0 ? L : io->dst[t][0][0]);
    }
    io->uniform = uniform;
    io->centered = uniform && centered;
}

/* Writes group g's filter states back to its buses. */
static void group_save(VoicePool *p, int g)
{
    const VoiceLaneGroup *G = &p->bus_lg[g];
    const struct VoiceBusGroup *M = &p->bus_gm[g];
    for (int l = 0; l < G->nlanes; l++) {
        VoiceBus *b = &p->buses[M->lane[l].bus];
        int ch = M->lane[l].ch;
        if (G->stages == VOICE_STG_LPF) {
            b->st[2][ch][0] = G->s[2][0][l];
            b->st[2][ch][1] = G->s[2][1][l];
            continue;
        }
        for (int s = 0; s < 3 + VOICE_FORMANTS; s++) {
            if (!stage_used(G->stages, s)) continue;
            b->st[s][ch][0] = G->s[s][0][l];
            b->st[s][ch][1] = G->s[s][1][l];
        }
    }
}

/* Adds frames [f0, f0 + m) of group g's lanes (rows[l]: the lane's frame
 * f0) to their destinations, lane after lane, per target. */
static void group_add(const VoicePool *p, int g, float *const *rows, int f0, int m)
{
    const VoiceLaneGroup *G = &p->bus_lg[g];
    const struct VoiceBusGroup *M = &p->bus_gm[g];
    for (int t = 0; t < TARGETS; t++) {
        VoiceBatch bt;
        bt.n = m;
        bt.count = 0;
        bt.out[0] = bt.out[1] = NULL;
        int kind = 0;
        for (int l = 0; l < G->nlanes;) {
            int nch = M->lane[l].nch;
            float *const *d = M->io.dst[t][l];
            if (d[0]) {
                int k = nch == 2 ? VOICE_K_STEREO : 0;
                if (bt.count && (k != kind || bt.count == VOICE_BATCH_MAX || bt.out[0] != d[0] + f0)) {
                    p->kern.batch[kind](&bt);
                    bt.count = 0;
                }
                kind = k;
                bt.out[0] = d[0] + f0;
                bt.out[1] = d[1] + f0;
                bt.src[0][bt.count] = rows[l];
                bt.src[1][bt.count] = rows[l + nch - 1];
                bt.g[0][bt.count] = M->io.dg[t][l][0];
                bt.g[1][bt.count] = M->io.dg[t][l][1];
                bt.count++;
            }
            l += nch;
        }
        if (bt.count) p->kern.batch[kind](&bt);
    }
}

/* ---- the group tasks ------------------------------------------------------------------ */

typedef struct GroupJob {
    VoicePool *p;
    int n, ng, nranges;
    int ntasks, tail;      /* tail: the last task also takes the last group (task_range) */
    int direct;            /* serial block: add each chunk to the destinations at once */
    uint64_t frames[VOICE_BUS_GROUPS];
} GroupJob;

/* Points group g's rows at chunk [c0, c0 + m) and renders its solo voices:
 * into L1 rows (direct), else into the bus buffers. */
static uint64_t group_fill(VoicePool *p, int g, float *rows, float *dummy, int c0, int m, int n, int direct,
                           const uint8_t *steady, int all_steady)
{
    VoiceLaneGroup *G = &p->bus_lg[g];
    const struct VoiceBusGroup *M = &p->bus_gm[g];
    uint64_t frames = 0;
    G->n = m;
    G->abs0 = (int)((p->frames_mixed + (uint64_t)c0) & 15u);
    if (all_steady) return 0;
    for (int l = 0; l < G->nlanes; l++) {
        const BusLane *ln = &M->lane[l];
        if (steady[l]) continue; /* read from its sample by the fused kernel */
        if (ln->mode == VOICE_BUS_FED) {
            G->buf[l] = p->buses[ln->bus].buf[ln->ch] + c0;
        } else {
            G->buf[l] = direct ? rows + (size_t)l * CHUNK : p->buses[ln->bus].buf[ln->ch] + c0;
            zero_floats(G->buf[l], m);
        }
    }
    for (int l = 0; l < G->nlanes; l++) {
        const BusLane *ln = &M->lane[l];
        if (ln->mode != VOICE_BUS_SOLO || ln->ch != 0 || steady[l]) continue;
        uint32_t v = ln->v; /* the bus's only voice */
        VoiceRun *r = &p->run[0][v];
        if (r->kind == VOICE_KIND_DONE) continue;
        float *R = ln->nch == 2 ? G->buf[l + 1] : dummy; /* a mono voice's right channel (x * 0) goes nowhere */
        if (c0 + m == n) { /* the last chunk advances the voice over the block */
            frames += (uint64_t)voice_render_at(p, v, r, G->buf[l], R, c0, c0 + m, n);
        } else {
            VoiceRun t = *r;
            frames += (uint64_t)voice_render_at(p, v, &t, G->buf[l], R, c0, c0 + m, n);
        }
    }
    return frames;
}

/* A fused task that runs the block in one pass (at most WHOLE_ROWS lanes
 * not steady): points group g's unsteady lanes at block rows (*next: the
 * next free one) and renders their solo voices there, a fed lane at its
 * bus buffer, an idle lane (a ringing tail) at the zero row. */
static uint64_t group_fill_whole(VoicePool *p, int g, float *scratch, int *next, int n, const uint8_t *steady)
{
    VoiceLaneGroup *G = &p->bus_lg[g];
    const struct VoiceBusGroup *M = &p->bus_gm[g];
    uint64_t frames = 0;
    G->n = n;
    G->abs0 = (int)(p->frames_mixed & 15u);
    for (int l = 0; l < G->nlanes; l++) {
        const BusLane *ln = &M->lane[l];
        if (steady[l]) continue;
        if (ln->mode == VOICE_BUS_FED) {
            G->buf[l] = p->buses[ln->bus].buf[ln->ch];
        } else if (ln->mode == VOICE_BUS_IDLE || p->run[0][ln->v].kind == VOICE_KIND_DONE) {
            G->buf[l] = scratch_block_row(p, scratch, 1 + WHOLE_ROWS);
        } else {
            G->buf[l] = scratch_block_row(p, scratch, 1 + (*next)++);
            zero_floats(G->buf[l], n);
        }
    }
    for (int l = 0; l < G->nlanes; l++) {
        const BusLane *ln = &M->lane[l];
        if (ln->mode != VOICE_BUS_SOLO || ln->ch != 0 || steady[l]) continue;
        VoiceRun *r = &p->run[0][ln->v];
        if (r->kind == VOICE_KIND_DONE) continue;
        float *R = ln->nch == 2 ? G->buf[l + 1] : scratch_block_row(p, scratch, 0); /* mono: x * 0 goes nowhere */
        frames += (uint64_t)voice_render_at(p, ln->v, r, G->buf[l], R, 0, n, n);
    }
    return frames;
}

/* Marks group g's steady lanes (steady[l]), points the fused kernel at
 * their samples and moves those voices on by the block, as the range pass
 * moves its batched voices: a solo mono voice, contiguous and forward,
 * with a constant gain, that sounds all block. Returns the steady lanes. */
static int group_steady(VoicePool *p, int g, int n, uint8_t *steady)
{
    int count = 0;
    const VoiceLaneGroup *G = &p->bus_lg[g];
    struct VoiceBusGroup *M = &p->bus_gm[g];
    VoiceLaneIO *io = &M->io;
    for (int l = 0; l < G->nlanes; l++) /* the runs are scattered: fetch them all first */
        if (M->lane[l].mode == VOICE_BUS_SOLO) __builtin_prefetch(&p->run[0][M->lane[l].v]);
    for (int l = 0; l < G->nlanes; l++) {
        const BusLane *ln = &M->lane[l];
        steady[l] = 0;
        io->src[l] = NULL;
        if (ln->mode != VOICE_BUS_SOLO || io->chmask[l] != 3) continue;
        VoiceRun *r = &p->run[0][ln->v];
        if (r->kind != 0 || r->age < 0 || r->next_event - r->age < n) continue;
        steady[l] = 1;
        count++;
        io->src[l] = r->smp->data[0] + (r->pos >> VOICE_FRAC_BITS);
        io->sg[l] = r->g[0];
        r->pos += (int64_t)n * r->inc;
        r->age += n;
    }
    return count;
}

/* The tasks of a batch: GROUPS_PER_TASK groups each, except that a last
 * group of at most VOICE_TAIL_LANES lanes after a full task joins it (the
 * fused kernel runs it as a scalar tail, almost free, where alone it would
 * cost a whole group: at 64 voices, 66 lanes are 4 groups and 2 lanes). */
static void task_split(const VoicePool *p, GroupJob *j)
{
    j->ntasks = (j->ng + GROUPS_PER_TASK - 1) / GROUPS_PER_TASK;
    j->tail = j->ng > GROUPS_PER_TASK && j->ng % GROUPS_PER_TASK == 1 &&
              p->bus_lg[j->ng - 1].nlanes <= VOICE_TAIL_LANES;
    j->ntasks -= j->tail;
}

static void task_range(const GroupJob *j, int task, int *g0, int *g1)
{
    *g0 = task * GROUPS_PER_TASK;
    *g1 = task == j->ntasks - 1 ? j->ng : *g0 + GROUPS_PER_TASK;
}

static void group_task(void *ctx, int task, int worker)
{
    GroupJob *j = ctx;
    VoicePool *p = j->p;
    int g0, g1;
    task_range(j, task, &g0, &g1);
    float *rows = p->bus_scratch + (size_t)worker * p->bus_scratch_per;
    float *dummy = scratch_block_row(p, rows, 0);
    unsigned csr = voice_fp_enter();
    uint64_t frames = 0;
    /* serial block, low-pass only, a fused kernel: one pass per chunk, steady voices never touch a row */
    int fused = j->direct && p->kern.filter_mix != NULL;
    for (int g = g0; g < g1; g++) fused &= p->bus_lg[g].stages == VOICE_STG_LPF;
    uint8_t steady[TASK_GROUPS_MAX][VOICE_LANES_MAX];
    VoiceLaneGroup *gp[TASK_GROUPS_MAX];
    const VoiceLaneIO *iop[TASK_GROUPS_MAX];
    int all_steady[TASK_GROUPS_MAX] = { 0 }, unsteady = 0;
    memset(steady, 0, sizeof steady);
    if (fused)
        for (int g = g0; g < g1; g++) {
            int k = group_steady(p, g, j->n, steady[g - g0]);
            frames += (uint64_t)k * (uint64_t)j->n;
            all_steady[g - g0] = k == p->bus_lg[g].nlanes;
            unsteady += p->bus_lg[g].nlanes - k;
            gp[g - g0] = &p->bus_lg[g];
            iop[g - g0] = &p->bus_gm[g].io;
        }
    /* few lanes unsteady: they get block rows, and the fused kernel takes the block in one pass */
    if (fused && unsteady <= WHOLE_ROWS) {
        int next = 0;
        for (int g = g0; g < g1; g++) {
            p->bus_gm[g].io.off = 0;
            if (!all_steady[g - g0]) frames += group_fill_whole(p, g, rows, &next, j->n, steady[g - g0]);
            else {
                p->bus_lg[g].n = j->n;
                p->bus_lg[g].abs0 = (int)(p->frames_mixed & 15u);
            }
        }
        p->kern.filter_mix(gp, iop, g1 - g0);
        j->frames[task] = frames;
        voice_fp_leave(csr);
        return;
    }
    for (int c0 = 0, m; c0 < j->n; c0 += m) {
        m = j->n - c0 < CHUNK ? j->n - c0 : CHUNK;
        for (int g = g0; g < g1; g++)
            frames += group_fill(p, g, rows + (size_t)(g - g0) * VOICE_LANES_MAX * CHUNK, dummy, c0, m, j->n,
                                 j->direct, steady[g - g0], all_steady[g - g0]);
        if (fused) {
            for (int g = g0; g < g1; g++) p->bus_gm[g].io.off = c0;
            p->kern.filter_mix(gp, iop, g1 - g0);
            continue;
        }
        p->kern.filter(&p->bus_lg[g0], g1 - g0);
        if (j->direct)
            for (int g = g0; g < g1; g++) group_add(p, g, p->bus_lg[g].buf, c0, m);
    }
    j->frames[task] = frames;
    voice_fp_leave(csr);
}

/* Parallel blocks: frames [f0, f1) of every group, from the bus buffers, in group order. */
static void add_task(void *ctx, int task, int worker)
{
    (void)worker;
    const GroupJob *j = ctx;
    VoicePool *p = j->p;
    int f0 = voice_range_start(j->n, j->nranges, task), f1 = voice_range_start(j->n, j->nranges, task + 1);
    if (f1 <= f0) return;
    unsigned csr = voice_fp_enter();
    for (int g = 0; g < j->ng; g++) {
        float *rows[VOICE_LANES_MAX];
        const struct VoiceBusGroup *M = &p->bus_gm[g];
        for (int l = 0; l < p->bus_lg[g].nlanes; l++) rows[l] = p->buses[M->lane[l].bus].buf[M->lane[l].ch] + f0;
        group_add(p, g, rows, f0, f1 - f0);
    }
    voice_fp_leave(csr);
}

/* Runs the ng groups of a batch: a serial block renders, filters and adds
 * group after group; a parallel one renders and filters on all threads
 * (into the bus buffers), then adds in frame ranges. */
static uint64_t batch_run(VoicePool *p, int ng, int n, int nranges)
{
    GroupJob j;
    j.p = p;
    j.n = n;
    j.ng = ng;
    j.nranges = nranges;
    task_split(p, &j);
    int ntasks = j.ntasks;
    j.direct = !(nranges > 1 && ntasks > 1);
    if (!j.direct) {
        worker_pool_run(p->workers, ntasks, group_task, &j);
    } else {
        for (int k = 0; k < ntasks; k++) group_task(&j, k, 0);
    }
    uint64_t frames = 0;
    for (int k = 0; k < ntasks; k++) frames += j.frames[k];
    for (int g = 0; g < ng; g++) {
        group_save(p, g);
        if (nranges <= 1) continue;
        /* a parallel block keeps every range's hot copy current: the solo voice advanced in copy 0 only */
        const struct VoiceBusGroup *M = &p->bus_gm[g];
        for (int l = 0; l < p->bus_lg[g].nlanes; l++) {
            const BusLane *ln = &M->lane[l];
            uint32_t v = ln->v;
            if (ln->mode == VOICE_BUS_SOLO && ln->ch == 0)
                for (int c = 1; c < p->ncopies; c++) p->run[c][v] = p->run[0][v];
        }
    }
    if (j.direct) return frames;
    worker_pool_run(p->workers, nranges, add_task, &j);
    return frames;
}

uint64_t voice_bus_filter_run(VoicePool *p, const VoiceOut *out, int nslots, int n, int nranges)
{
    if (!p->bus_lg) return 0;
    uint64_t frames = 0;
    /* bus_sorted is in (stages, key) order (the key starts with the stages):
     * lanes in that order, 16 to a group, a new group for each stage set */
    int ng = 0, g = -1, stages = 0;
    for (int i = 0; i < p->nbus; i++) {
        int32_t bi = p->bus_sorted[i];
        if (i + 4 < p->nbus) { /* the bus records are scattered: fetch ahead (hot line, low-pass, state) */
            const char *nx = (const char *)&p->buses[p->bus_sorted[i + 4]];
            __builtin_prefetch(nx);
            __builtin_prefetch(nx + 64);
            __builtin_prefetch(nx + 128);
        }
        const VoiceBus *b = &p->buses[bi];
        if (!b->stages) continue;
        if (b->stages != stages || p->bus_lg[g].nlanes + b->nch > VOICE_LANES_MAX) {
            if (ng == VOICE_BUS_GROUPS) {
                frames += batch_run(p, ng, n, nranges);
                ng = 0;
            }
            g = ng++;
            stages = b->stages;
            p->bus_lg[g].nlanes = 0;
            p->bus_lg[g].stages = stages;
        }
        for (int ch = 0; ch < b->nch; ch++) lane_put(p, g, bi, ch, out, nslots);
    }
    if (ng) frames += batch_run(p, ng, n, nranges);
    return frames;
}
