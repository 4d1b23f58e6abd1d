/* worker_pool.c - persistent workers: one packed atomic job word, dynamic
 * task claiming by CAS, spin-then-futex parking (see worker_pool.h).
 *
 * The job word packs generation (32 bits), task count (16) and the next
 * unclaimed task (16) - or, for jobs of <= 16 tasks, a bitmask of claimed
 * tasks, so that participant w claims task w first (cache affinity). A task
 * is claimed only by a CAS that still sees the generation the claimer
 * started with and an unclaimed task, so a worker that
 * wakes late can never run a task of a newer job with an older job's
 * function: the caller rewrites fn/ctx only after every task of the
 * previous job has finished, i.e. when no claim on it can succeed. */
#include "voice/worker_pool.h"

#include "core/realtime.h"

#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define cpu_relax() _mm_pause()
#else
#define cpu_relax() ((void)0)
#endif

#define CACHE_LINE 64

typedef struct WorkerThread {
    WorkerPool *pool;
    int index;
    pthread_t tid;
} WorkerThread;

struct WorkerPool {
    _Alignas(CACHE_LINE) _Atomic uint64_t job;   /* gen:32 | ntasks:16 | next:16 */
    _Alignas(CACHE_LINE) _Atomic int done;       /* tasks finished in the current job */
    _Alignas(CACHE_LINE) _Atomic uint32_t wake_seq;
    _Atomic int sleepers;
    _Atomic int stop;
    _Atomic(WorkerTaskFn) fn;
    _Atomic(void *) ctx;
    _Atomic int spin_ns;
    bool realtime;           /* workers run SCHED_FIFO: sched_yield would not hand the core to normal threads */
    uint32_t gen;            /* caller-side copy of the current generation */
    int nthreads;
    WorkerThread threads[WORKER_POOL_MAX_THREADS];
};

static inline uint32_t job_gen(uint64_t j) { return (uint32_t)(j >> 32); }
static inline uint32_t job_count(uint64_t j) { return (uint32_t)(j >> 16) & 0xFFFFu; }
static inline uint32_t job_next(uint64_t j) { return (uint32_t)j & 0xFFFFu; }

/* Jobs of at most WORKER_POOL_AFFINE_TASKS tasks keep a claimed-task bitmask
 * in the low 16 bits instead of a counter, so participant w can take task w
 * first: the same thread runs the same task index job after job and its
 * data stays in that core's cache. */
#define WORKER_POOL_AFFINE_TASKS 16

/* Picks the task to claim from job word j for `worker`; -1: none left. */
static int job_pick(uint64_t j, int worker)
{
    uint32_t n = job_count(j), low = job_next(j);
    if (n > WORKER_POOL_AFFINE_TASKS) return low < n ? (int)low : -1;
    uint32_t free_mask = ~low & ((1u << n) - 1u);
    if (!free_mask) return -1;
    if ((uint32_t)worker < n && (free_mask >> worker & 1u)) return worker;
    return __builtin_ctz(free_mask);
}

static uint64_t job_claimed(uint64_t j, int task)
{
    return job_count(j) > WORKER_POOL_AFFINE_TASKS ? j + 1 : j | (1ull << task);
}

static void futex_wait_u32(_Atomic uint32_t *addr, uint32_t expected)
{
    syscall(SYS_futex, (uint32_t *)addr, FUTEX_WAIT_PRIVATE, expected, NULL, NULL, 0);
}

static void futex_wake_all(_Atomic uint32_t *addr)
{
    syscall(SYS_futex, (uint32_t *)addr, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Claims and runs tasks of generation `gen` until none is left. */
static void worker_pool_drain(WorkerPool *pool, uint32_t gen, int worker)
{
    WorkerTaskFn fn = atomic_load_explicit(&pool->fn, memory_order_relaxed);
    void *ctx = atomic_load_explicit(&pool->ctx, memory_order_relaxed);
    uint64_t j = atomic_load_explicit(&pool->job, memory_order_acquire);
    for (;;) {
        if (job_gen(j) != gen) return;
        int task = job_pick(j, worker);
        if (task < 0) return;
        if (!atomic_compare_exchange_weak_explicit(&pool->job, &j, job_claimed(j, task), memory_order_acq_rel,
                                                   memory_order_acquire))
            continue;
        fn(ctx, task, worker);
        atomic_fetch_add_explicit(&pool->done, 1, memory_order_release);
        j = atomic_load_explicit(&pool->job, memory_order_acquire);
    }
}

/* Waits until the generation differs from `seen` (or stop); returns the job
 * word. Three phases: a short pure spin (back-to-back render blocks), then
 * spinning with sched_yield until the spin budget is spent (costs nothing
 * when the core is otherwise idle, and hands the core over at once when
 * another thread - the publisher itself, on a busy machine - wants it), then
 * a futex park. */
static uint64_t worker_pool_wait(WorkerPool *pool, uint32_t seen)
{
    int64_t spin = atomic_load_explicit(&pool->spin_ns, memory_order_relaxed);
    int64_t deadline = spin > 0 ? now_ns() + spin : 0;
    for (unsigned i = 1; spin > 0; i++) {
        uint64_t j = atomic_load_explicit(&pool->job, memory_order_acquire);
        if (job_gen(j) != seen || atomic_load_explicit(&pool->stop, memory_order_relaxed)) return j;
        if (i < 2048) {
            cpu_relax();
        } else {
            if (pool->realtime || now_ns() >= deadline) break;
            sched_yield();
        }
    }
    for (;;) {
        uint32_t w = atomic_load(&pool->wake_seq);
        atomic_fetch_add(&pool->sleepers, 1);
        uint64_t j = atomic_load(&pool->job);
        if (job_gen(j) != seen || atomic_load(&pool->stop)) {
            atomic_fetch_sub(&pool->sleepers, 1);
            return j;
        }
        futex_wait_u32(&pool->wake_seq, w);
        atomic_fetch_sub(&pool->sleepers, 1);
    }
}

static void *worker_main(void *arg)
{
    WorkerThread *t = arg;
    WorkerPool *pool = t->pool;
    uint32_t seen = 0;
    for (;;) {
        uint64_t j = worker_pool_wait(pool, seen);
        if (atomic_load_explicit(&pool->stop, memory_order_acquire)) break;
        seen = job_gen(j);
        worker_pool_drain(pool, seen, t->index);
    }
    return NULL;
}

int worker_pool_default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1) n = 1;
    if (n > WORKER_POOL_MAX_THREADS) n = WORKER_POOL_MAX_THREADS;
    return (int)n;
}

static void worker_pool_stop_threads(WorkerPool *pool, int started)
{
    atomic_store(&pool->stop, 1);
    pool->gen++;
    atomic_store(&pool->job, (uint64_t)pool->gen << 32);
    atomic_fetch_add(&pool->wake_seq, 1);
    futex_wake_all(&pool->wake_seq);
    for (int i = 1; i <= started; i++) pthread_join(pool->threads[i].tid, NULL);
}

WorkerPool *worker_pool_create(int threads) { return worker_pool_create_rt(threads, 0); }

WorkerPool *worker_pool_create_rt(int threads, int rt_priority)
{
    if (threads <= 0) threads = worker_pool_default_threads();
    if (threads > WORKER_POOL_MAX_THREADS) threads = WORKER_POOL_MAX_THREADS;
    WorkerPool *pool = aligned_alloc(CACHE_LINE, (sizeof(WorkerPool) + CACHE_LINE - 1) / CACHE_LINE * CACHE_LINE);
    if (!pool) return NULL;
    atomic_init(&pool->job, 0);
    atomic_init(&pool->done, 0);
    atomic_init(&pool->wake_seq, 0);
    atomic_init(&pool->sleepers, 0);
    atomic_init(&pool->stop, 0);
    atomic_init(&pool->fn, NULL);
    atomic_init(&pool->ctx, NULL);
    atomic_init(&pool->spin_ns, (int)WORKER_POOL_DEFAULT_SPIN_US * 1000);
    pool->gen = 0;
    pool->nthreads = threads;
    pool->realtime = false;
    for (int i = 1; i < threads; i++) {
        pool->threads[i].pool = pool;
        pool->threads[i].index = i;
        bool rt = false;
        int rc = realtime_thread_create(&pool->threads[i].tid, rt_priority, worker_main, &pool->threads[i], &rt);
        pool->realtime |= rt;
        if (rc != 0) {
            worker_pool_stop_threads(pool, i - 1);
            free(pool);
            return NULL;
        }
    }
    return pool;
}

bool worker_pool_realtime(const WorkerPool *pool) { return pool && pool->realtime; }

void worker_pool_destroy(WorkerPool *pool)
{
    if (!pool) return;
    worker_pool_stop_threads(pool, pool->nthreads - 1);
    free(pool);
}

int worker_pool_threads(const WorkerPool *pool) { return pool ? pool->nthreads : 1; }

void worker_pool_set_spin(WorkerPool *pool, int spin_us)
{
    if (spin_us < 0) spin_us = 0;
    if (spin_us > 1000000) spin_us = 1000000;
    atomic_store_explicit(&pool->spin_ns, spin_us * 1000, memory_order_relaxed);
}

typedef struct WorkerBatch {
    WorkerTaskFn fn;
    void *ctx;
    int offset;
} WorkerBatch;

static void worker_batch_task(void *ctx, int task, int worker)
{
    const WorkerBatch *b = ctx;
    b->fn(b->ctx, b->offset + task, worker);
}

void worker_pool_run(WorkerPool *pool, int ntasks, WorkerTaskFn fn, void *ctx)
{
    if (ntasks <= 0) return;
    if (!pool || pool->nthreads <= 1 || ntasks == 1) {
        for (int i = 0; i < ntasks; i++) fn(ctx, i, 0);
        return;
    }
    if (ntasks > WORKER_POOL_MAX_TASKS) { /* split into jobs that fit the packed job word */
        for (int off = 0; off < ntasks; off += WORKER_POOL_MAX_TASKS) {
            WorkerBatch b = { fn, ctx, off };
            int n = ntasks - off < WORKER_POOL_MAX_TASKS ? ntasks - off : WORKER_POOL_MAX_TASKS;
            worker_pool_run(pool, n, worker_batch_task, &b);
        }
        return;
    }
    atomic_store_explicit(&pool->fn, fn, memory_order_relaxed);
    atomic_store_explicit(&pool->ctx, ctx, memory_order_relaxed);
    atomic_store_explicit(&pool->done, 0, memory_order_relaxed);
    uint32_t gen = ++pool->gen;
    if (gen == 0) gen = ++pool->gen; /* workers start having "seen" generation 0 */
    atomic_store(&pool->job, (uint64_t)gen << 32 | (uint64_t)ntasks << 16);
    if (atomic_load(&pool->sleepers) > 0) {
        atomic_fetch_add(&pool->wake_seq, 1);
        futex_wake_all(&pool->wake_seq);
    }
    worker_pool_drain(pool, gen, 0);
    /* A task still running elsewhere: spin briefly, then yield the CPU so a
     * preempted worker (machine oversubscribed) can finish it here. */
    for (unsigned i = 0; atomic_load_explicit(&pool->done, memory_order_acquire) < ntasks; i++) {
        if (i < 4096)
            cpu_relax();
        else
            sched_yield();
    }
}
