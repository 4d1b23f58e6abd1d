/* voice_mix.c - one block of the voice pool: split the block's frames into
 * ranges, mix every voice's part of each range in parallel, commit voice
 * states, retire ended voices.
 *
 * Determinism without a reduction: threads split *time*, not voices. Each
 * range task walks every live voice in trigger order and adds its frames
 * of that range into the voice's slot; so every output sample is the same
 * sum, over the same voices, in the same order (trigger order within a
 * slot), whatever the thread count, the range split or the block size.
 * Per-voice state within a block is a closed-form function of age
 * (voice_cursor.c), so a task can start a voice mid-block exactly. Each
 * range has its own copy of the voices' hot state, which its task advances
 * over the whole block (identically in every copy); nothing is written that
 * another task reads, outputs are disjoint frame ranges, and in the steady
 * state no voice record or buffer crosses between cores. A block mixed as
 * one range (few voices, short block) advances copy 0 only; the others are
 * refreshed from it before the next parallel block. */
#include "voice/voice_internal.h"
#include "voice/worker_pool.h"

#include <time.h>

#define GOV_PROBE_EVERY 32   /* blocks between probes of the mode not in use, at first */
#define GOV_PROBE_MAX 4096   /* ... doubling up to this while probes keep losing */
#define GOV_PROBE_LEN 3      /* blocks per probe (the first is not measured) */
#define GOV_WEIGHT 0.125     /* weight of a new block in the cost averages */
#define GOV_CLIP 4.0         /* samples above this multiple of the estimate are clipped */
#define GOV_WARMUP 16        /* first governed blocks: serial, unmeasured (cold caches, page faults) */

typedef struct MixJob {
    VoicePool *p;
    const VoiceOut *out;
    int nslots;
    int n;
    int nranges;
    int i0, i1;           /* the part of the live list this job mixes */
} MixJob;

static void mix_task(void *ctx, int task, int worker)
{
    (void)worker;
    const MixJob *j = ctx;
    VoicePool *p = j->p;
    int f0 = voice_range_start(j->n, j->nranges, task), f1 = voice_range_start(j->n, j->nranges, task + 1);
    unsigned csr = voice_fp_enter();
    p->range_stat[task].frames = voice_render_range(p, j->out, j->nslots, j->n, f0, f1, task, j->i0, j->i1);
    voice_fp_leave(csr);
}

/* Frees voices that ended; keeps the live list in trigger order. */
static void retire_voices(VoicePool *p)
{
    int k = 0;
    for (int i = 0; i < p->list_len; i++) {
        uint32_t v = p->list[i];
        if (p->state[v] == VOICE_DONE || p->run[0][v].kind == VOICE_KIND_DONE) {
            p->state[v] = VOICE_FREE;
            p->free_stack[p->nfree++] = v;
            if (p->bus[v] >= 0) voice_bus_release(p, p->bus[v], v, p->staged[v]);
        } else {
            p->list[k++] = v;
        }
    }
    p->list_len = k;
    p->steal_cursor = 0;
    if (p->nstaged) { /* the staged list, in trigger order */
        int m = 0;
        for (int i = 0; i < p->nstaged; i++)
            if (p->state[p->slist[i]] != VOICE_FREE) p->slist[m++] = p->slist[i];
        p->nstaged = m;
    }
    p->st.active = k;
    if (k > p->st.peak) p->st.peak = k;
}

static double mono_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts); /* vDSO: no system call */
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Serial or parallel for this block? Parallel mixing only pays when the
 * other threads actually get a core: on an oversubscribed machine (a
 * shared VM, other processes) a worker descheduled mid-task stalls the
 * block. So measure both and use the cheaper; now and then run
 * GOV_PROBE_LEN blocks in the other mode (every 32 blocks, backing off to
 * every 4096 while probes keep losing, since a losing parallel probe on a
 * busy machine can itself stall). The first block after a
 * switch is not measured (parked workers are waking up); in live mode,
 * where workers park between every pair of blocks, the wake-up is part of
 * every parallel block and is measured as such. */
static int governor_mode(VoicePool *p, int64_t work)
{
    p->gov_blocks++;
    if (p->gov_blocks <= GOV_WARMUP || p->gov_cost[0] == 0.0) return 0;
    if (p->gov_cost[0] * (double)work < p->parallel_above_s) return 0; /* fits easily: stay serial */
    if (p->gov_cost[1] == 0.0) return 1;
    if (p->gov_probe_left > 0) {
        p->gov_probe_left--;
        return !p->gov_best;
    }
    if (p->gov_blocks >= p->gov_next_probe) {
        p->gov_probe_left = GOV_PROBE_LEN - 1;
        p->gov_probing = 1;
        return !p->gov_best;
    }
    return p->gov_best;
}

static void governor_update(VoicePool *p, int mode, double seconds, int64_t work)
{
    int warm = mode == p->gov_last;
    p->gov_last = mode;
    if (!warm || work <= 0 || p->gov_blocks <= GOV_WARMUP) return;
    double c = seconds / (double)work, *cost = &p->gov_cost[mode];
    /* a block stalled by preemption moves the estimate a little, not 100x */
    if (*cost != 0.0 && c > GOV_CLIP * *cost) c = GOV_CLIP * *cost;
    *cost = *cost == 0.0 ? c : *cost + GOV_WEIGHT * (c - *cost);
    if (p->gov_cost[0] == 0.0 || p->gov_cost[1] == 0.0) return;
    int best = p->gov_cost[1] < p->gov_cost[0];
    if (p->gov_probing && p->gov_probe_left == 0) { /* a probe ended: back off while it keeps losing */
        p->gov_probing = 0;
        if (best == p->gov_best)
            p->gov_interval = p->gov_interval * 2 > GOV_PROBE_MAX ? GOV_PROBE_MAX : p->gov_interval * 2;
        else
            p->gov_interval = GOV_PROBE_EVERY;
        p->gov_next_probe = p->gov_blocks + p->gov_interval;
    }
    p->gov_best = best;
}

PhStatus voice_pool_mix(VoicePool *p, int nframes, const VoiceOut *out, int nslots)
{
    if (nframes < 1 || nframes > p->max_block || nslots < 0 || nslots > VOICE_POOL_MAX_SLOTS || (nslots > 0 && !out))
        return PH_ERR_ARG;
    p->st.blocks++;
    /* one range per hot-state copy; few voices or a short block: one range
     * (splitting would cost more than it saves) */
    int nranges = p->ncopies;
    if (nframes < p->min_range * nranges || (int64_t)p->list_len * nframes < VOICE_MIX_MIN_PARALLEL) nranges = 1;
    int mode = -1;
    double t0 = 0.0;
    if (nranges > 1 && p->adaptive) {
        mode = governor_mode(p, (int64_t)p->list_len * nframes);
        if (!mode) nranges = 1;
        t0 = mono_seconds();
    }
    if (nranges == 1) {
        p->copies_stale = p->ncopies > 1;
    } else if (p->copies_stale) { /* bring every range's copy up to date */
        for (int i = 0; i < p->list_len; i++) {
            uint32_t v = p->list[i];
            for (int c = 1; c < p->ncopies; c++) p->run[c][v] = p->run[0][v];
        }
        p->copies_stale = 0;
    }
    if (p->nbus) voice_bus_begin_block(p, nframes, nranges == 1);
    MixJob job = { p, out, nslots, nframes, nranges, 0, p->list_len };
    if (p->nstaged == 0) { /* the common case: one pass */
        worker_pool_run(p->workers, nranges, mix_task, &job);
        for (int k = 0; k < nranges; k++) p->st.voice_samples += p->range_stat[k].frames;
    } else { /* staged voices first render their block; then they are mixed in order */
        for (int i0 = 0; i0 < p->list_len;) {
            job.i0 = i0;
            job.i1 = voice_stage_prepass(p, i0, nframes, nranges > 1);
            worker_pool_run(p->workers, nranges, mix_task, &job);
            for (int k = 0; k < nranges; k++) p->st.voice_samples += p->range_stat[k].frames;
            i0 = job.i1;
        }
    }
    voice_bus_end_block(p, out, nslots, nframes, nranges);
    if (mode >= 0) governor_update(p, mode, mono_seconds() - t0, (int64_t)p->list_len * nframes);
    retire_voices(p);
    if (p->nbus) voice_bus_collect(p);
    p->frames_mixed += (uint64_t)nframes;
    return PH_OK;
}
