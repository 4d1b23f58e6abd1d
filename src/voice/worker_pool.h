/* worker_pool.h - persistent worker threads running a parallel-for.
 *
 * A WorkerPool is created once (`--threads N`) and reused for every block:
 * worker_pool_run() publishes a job (a task function and a task count) with
 * one atomic store, the calling thread works on the job too, and returns
 * when every task has finished. In the steady state a job costs no
 * allocation, no lock and no system call: idle workers spin for a short,
 * configurable time after each job (so back-to-back render blocks never
 * sleep) and only then park on a futex; the publisher issues a wake-up
 * syscall only when a worker is actually parked (live mode between blocks).
 * Trade-off: spinning burns up to spin_us of a core after every job, and
 * a parked worker costs the publisher a FUTEX_WAKE and the job the wake-up
 * latency (the caller starts on the tasks meanwhile). After a ~2048-pause
 * pure spin the idle spin calls sched_yield, so on an oversubscribed
 * machine the core goes to whoever needs it. The caller, waiting for a
 * task another thread still runs, spins then yields the same way.
 *
 * Tasks are claimed dynamically, so which thread runs a task is not fixed;
 * in a job of at most 16 tasks, participant w takes task w first (when it
 * arrives in time), so per-task data tends to stay in one core's cache.
 * Callers that need deterministic output (the voice mixer does) must make
 * results independent of which thread runs which task (e.g. every task
 * owns its output). */
#ifndef PHONON_VOICE_WORKER_POOL_H
#define PHONON_VOICE_WORKER_POOL_H

#define WORKER_POOL_MAX_THREADS 64     /* participants, including the caller */
#define WORKER_POOL_MAX_TASKS 65535    /* tasks per published job (larger runs are split) */
#define WORKER_POOL_DEFAULT_SPIN_US 200

#include <stdbool.h>

typedef struct WorkerPool WorkerPool;

/* Runs task number `task` (0..ntasks-1). `worker` is 0 for the calling
 * thread and 1..threads-1 for the pool's threads: an index for per-thread
 * scratch, never a statement about which task runs where. */
typedef void (*WorkerTaskFn)(void *ctx, int task, int worker);

/* Online CPU count (at least 1, at most WORKER_POOL_MAX_THREADS). */
int worker_pool_default_threads(void);

/* threads = participants including the caller (<= 0 picks the CPU count;
 * clamped to WORKER_POOL_MAX_THREADS); spawns threads-1 workers. NULL if a
 * thread cannot be created. threads == 1 gives a pool that runs inline. */
WorkerPool *worker_pool_create(int threads);
/* The same with the workers on SCHED_FIFO at rt_priority where permitted
 * (0: normal threads); real-time workers park instead of yielding. */
WorkerPool *worker_pool_create_rt(int threads, int rt_priority);
/* True when the workers got real-time scheduling. */
bool worker_pool_realtime(const WorkerPool *pool);
void worker_pool_destroy(WorkerPool *pool);

int worker_pool_threads(const WorkerPool *pool);

/* How long an idle worker spins before parking (microseconds, >= 0). */
void worker_pool_set_spin(WorkerPool *pool, int spin_us);

/* Runs fn(ctx, i, worker) for i in 0..ntasks-1 across the pool and the
 * caller; returns when all have finished (their writes are visible).
 * Not reentrant: one caller at a time, and
 * a task must not call worker_pool_run on the same pool. */
void worker_pool_run(WorkerPool *pool, int ntasks, WorkerTaskFn fn, void *ctx);

#endif
