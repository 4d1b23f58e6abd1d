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
 * nbuf buffers; the reduction is sequential per sample, so waves do not
 * change the bits either. */
#include <string.h>

#include "voice/voice_internal.h"
#include "voice/worker_pool.h"

#if defined(__x86_64__)
#include <immintrin.h>
#define MXCSR_FTZ_DAZ 0x8040u
#endif

#define REDUCE_FRAMES 128          /* frames per reduction task */
#define REDUCE_INLINE_FLOATS 16384 /* smaller reductions run on the caller */

typedef struct MixJob {
    VoicePool *p;
    const VoiceOut *out;
    int n;
    int item0;
    int nitems;
} MixJob;

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

static float *item_buf(const VoicePool *p, int b) { return p->bufs + (size_t)b * 2 * (size_t)p->max_block; }

static void mix_item_task(void *ctx, int task, int worker)
{
    (void)worker;
    const MixJob *j = ctx;
    VoicePool *p = j->p;
    VoiceItem *it = &p->items[j->item0 + task];
    float *bl = NULL, *br = NULL;
    if (it->direct) {
        bl = j->out[it->slot].ch[0];
        br = j->out[it->slot].ch[1];
    } else if (it->audible) {
        bl = item_buf(p, task);
        br = bl + p->max_block;
        memset(bl, 0, sizeof(float) * (size_t)j->n);
        memset(br, 0, sizeof(float) * (size_t)j->n);
    }
    unsigned csr = mix_fp_enter();
    it->frames = voice_render_chunk(p, p->order + it->first, it->count, bl, br, j->n);
    mix_fp_leave(csr);
}

static void mix_reduce_task(void *ctx, int task, int worker)
{
    (void)worker;
    const MixJob *j = ctx;
    const VoicePool *p = j->p;
    int f0 = task * REDUCE_FRAMES;
    int f1 = f0 + REDUCE_FRAMES < j->n ? f0 + REDUCE_FRAMES : j->n;
    unsigned csr = mix_fp_enter();
    for (int b = 0; b < j->nitems; b++) {
        const VoiceItem *it = &p->items[j->item0 + b];
        if (!it->audible || it->direct) continue;
        const float *bl = item_buf(p, b), *br = bl + p->max_block;
        p->kern.add(j->out[it->slot].ch[0] + f0, bl + f0, f1 - f0);
        p->kern.add(j->out[it->slot].ch[1] + f0, br + f0, f1 - f0);
    }
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
    MixJob job = { p, out, nframes, 0, 0 };
    for (int w0 = 0; w0 < nitems; w0 += p->nbuf) {
        job.item0 = w0;
        job.nitems = nitems - w0 < p->nbuf ? nitems - w0 : p->nbuf;
        worker_pool_run(p->workers, job.nitems, mix_item_task, &job);
        int audible = 0;
        for (int b = 0; b < job.nitems; b++) {
            p->st.voice_samples += p->items[w0 + b].frames;
            audible += p->items[w0 + b].audible && !p->items[w0 + b].direct;
        }
        if (!audible) continue;
        int ntasks = (nframes + REDUCE_FRAMES - 1) / REDUCE_FRAMES;
        if ((int64_t)audible * nframes * 2 < REDUCE_INLINE_FLOATS || !p->workers) {
            for (int t = 0; t < ntasks; t++) mix_reduce_task(&job, t, 0);
        } else {
            worker_pool_run(p->workers, ntasks, mix_reduce_task, &job);
        }
    }
    retire_voices(p);
    return PH_OK;
}
