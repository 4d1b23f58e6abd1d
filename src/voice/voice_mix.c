/* voice_mix.c - one block of the voice pool: group live voices into
 * fixed chunks, mix chunks in parallel into private buffers, add the
 * buffers into the slot outputs in a fixed order, retire ended voices.
 *
 * Determinism: a chunk is the set of voices of one slot whose per-slot
 * trigger number has the same value >> VOICE_CHUNK_SHIFT, kept in trigger
 * order. Chunk membership therefore depends only on the trigger sequence,
 * not on thread count (threads only decide who mixes a chunk), nor on block
 * size (a voice that ended is absent, and an absent voice adds nothing).
 * Each chunk sums its voices in trigger order into a zeroed buffer; slot
 * outputs then receive out += chunk, chunk by chunk in key order. The first
 * chunk of a slot mixes straight into the slot output, which mix zeroes
 * first: 0 + x == x, so that is the same sum without a copy. So every
 * output sample is the same sum in the same order for 1 or 64 threads and
 * for 64- or 512-frame blocks. Chunks are processed in waves of at most
 * nbuf buffers (double-buffered: wave k is reduced while wave k+1 mixes);
 * the reduction is sequential per sample, so waves do not change the bits
 * either. */
#include <string.h>

#include "voice/voice_internal.h"
#include "voice/worker_pool.h"

#if defined(__x86_64__)
#include <immintrin.h>
#define MXCSR_FTZ_DAZ 0x8040u
#endif

#define REDUCE_FRAMES 128          /* frames per reduction task */
#define REDUCE_INLINE_FLOATS 16384 /* smaller reductions are a single task */

/* Denormals flushed the same way in every thread that mixes, so which
 * thread runs a chunk can never change a bit. */
static unsigned mix_fp_enter(void)
{
#if defined(__x86_64__)
    unsigned old = _mm_getcsr();
    _mm_setcsr(old | MXCSR_FTZ_DAZ);
    return old;
#else
    return 0;
#endif
}

static void mix_fp_leave(unsigned old)
{
#if defined(__x86_64__)
    _mm_setcsr(old);
#else
    (void)old;
#endif
}

/* One parallel job: reduce tasks for the previous wave (frame ranges),
 * then one task per chunk of the current wave. The two touch disjoint
 * memory (double-buffered chunk buffers; a direct chunk's slot has no
 * chunk in the previous wave), so one barrier per wave suffices. */
typedef struct MixJob {
    VoicePool *p;
    const VoiceOut *out;
    int n;
    int nred;            /* reduce tasks (0: nothing to reduce) */
    int red_frames;      /* frames per reduce task */
    int prev0, nprev;    /* previous wave: items [prev0, prev0 + nprev) */
    int cur0, ncur;      /* current wave */
} MixJob;

/* Buffer of the i-th item (global index): waves alternate buffer sets. */
static float *item_buf(const VoicePool *p, int item)
{
    int wave = item / p->nbuf, b = (wave & 1) * p->nbuf + item % p->nbuf;
    return p->bufs + (size_t)b * 2 * (size_t)p->max_block;
}

static void mix_item(const MixJob *j, int item)
{
    VoicePool *p = j->p;
    VoiceItem *it = &p->items[item];
    float *bl = NULL, *br = NULL;
    if (it->direct) {
        bl = j->out[it->slot].ch[0];
        br = j->out[it->slot].ch[1];
    } else if (it->audible) {
        bl = item_buf(p, item);
        br = bl + p->max_block;
        memset(bl, 0, sizeof(float) * (size_t)j->n);
        memset(br, 0, sizeof(float) * (size_t)j->n);
    }
    it->frames = voice_render_chunk(p, p->order + it->first, it->count, bl, br, j->n);
}

static void mix_reduce(const MixJob *j, int task)
{
    const VoicePool *p = j->p;
    int f0 = task * j->red_frames;
    int f1 = f0 + j->red_frames < j->n ? f0 + j->red_frames : j->n;
    for (int i = j->prev0; i < j->prev0 + j->nprev; i++) {
        const VoiceItem *it = &p->items[i];
        if (!it->audible || it->direct) continue;
        const float *bl = item_buf(p, i), *br = bl + p->max_block;
        p->kern.add(j->out[it->slot].ch[0] + f0, bl + f0, f1 - f0);
        p->kern.add(j->out[it->slot].ch[1] + f0, br + f0, f1 - f0);
    }
}

static void mix_task(void *ctx, int task, int worker)
{
    (void)worker;
    const MixJob *j = ctx;
    unsigned csr = mix_fp_enter();
    if (task < j->nred)
        mix_reduce(j, task);
    else
        mix_item(j, j->cur0 + task - j->nred);
    mix_fp_leave(csr);
}

/* Groups the live list by slot (stable) into p->order and cuts it into
 * chunks; returns the number of items. */
static int build_items(VoicePool *p, const VoiceOut *out, int nslots)
{
    int32_t *cnt = p->slot_count;
    int hi = p->slot_hi;
    memset(cnt, 0, sizeof(int32_t) * (size_t)(hi + 1));
    for (int i = 0; i < p->list_len; i++) cnt[p->slot[p->list[i]] + 1]++;
    for (int s = 0; s < hi; s++) cnt[s + 1] += cnt[s];
    for (int i = 0; i < p->list_len; i++) {
        uint32_t v = p->list[i];
        p->order[cnt[p->slot[v]]++] = v;
    }
    int nitems = 0;
    for (int i = 0; i < p->list_len;) {
        uint32_t v = p->order[i];
        int32_t slot = p->slot[v];
        uint64_t key = p->slot_serial[v] >> VOICE_CHUNK_SHIFT;
        int k = i + 1;
        while (k < p->list_len && p->slot[p->order[k]] == slot &&
               p->slot_serial[p->order[k]] >> VOICE_CHUNK_SHIFT == key)
            k++;
        VoiceItem *it = &p->items[nitems++];
        it->slot = slot;
        it->first = i;
        it->count = k - i;
        it->audible = slot < nslots && out && out[slot].ch[0] && out[slot].ch[1];
        it->direct = it->audible && (i == 0 || p->slot[p->order[i - 1]] != slot);
        it->frames = 0;
        i = k;
    }
    return nitems;
}

/* Frees voices that ended; keeps the live list in trigger order. */
static void retire_voices(VoicePool *p)
{
    int k = 0;
    for (int i = 0; i < p->list_len; i++) {
        uint32_t v = p->list[i];
        if (p->state[v] == VOICE_DONE) {
            p->state[v] = VOICE_FREE;
            p->free_stack[p->nfree++] = v;
        } else {
            p->list[k++] = v;
        }
    }
    p->list_len = k;
    p->steal_cursor = 0;
    p->st.active = k;
    if (k > p->st.peak) p->st.peak = k;
}

PhStatus voice_pool_mix(VoicePool *p, int nframes, const VoiceOut *out, int nslots)
{
    if (nframes < 1 || nframes > p->max_block) return PH_ERR_ARG;
    p->st.blocks++;
    for (int s = 0; s < nslots && out; s++) {
        if (out[s].ch[0]) memset(out[s].ch[0], 0, sizeof(float) * (size_t)nframes);
        if (out[s].ch[1]) memset(out[s].ch[1], 0, sizeof(float) * (size_t)nframes);
    }
    if (p->list_len == 0) {
        p->st.active = 0;
        return PH_OK;
    }
    int nitems = build_items(p, out, nslots);
    MixJob job = { p, out, nframes, 0, 0, 0, 0, 0, 0 };
    for (int w0 = 0;; w0 += p->nbuf) {
        job.prev0 = job.cur0;
        job.nprev = job.ncur;
        job.cur0 = w0;
        job.ncur = w0 < nitems ? (nitems - w0 < p->nbuf ? nitems - w0 : p->nbuf) : 0;
        int reduce = 0;
        for (int i = job.prev0; i < job.prev0 + job.nprev; i++)
            reduce += p->items[i].audible && !p->items[i].direct;
        /* small reductions are one task: splitting them costs more than it saves */
        job.red_frames = (int64_t)reduce * nframes * 2 < REDUCE_INLINE_FLOATS ? nframes : REDUCE_FRAMES;
        job.nred = reduce ? (nframes + job.red_frames - 1) / job.red_frames : 0;
        if (job.nred + job.ncur == 0) break;
        worker_pool_run(p->workers, job.nred + job.ncur, mix_task, &job);
        for (int i = job.cur0; i < job.cur0 + job.ncur; i++) p->st.voice_samples += p->items[i].frames;
        if (job.ncur == 0) break;
    }
    retire_voices(p);
    return PH_OK;
}
