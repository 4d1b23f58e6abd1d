/* test_voice_worker.c - the persistent worker pool: every task runs exactly
 * once per job, results are visible on return, jobs back to back and after
 * workers parked, worker indices in range, oversized jobs split. */
#include <setjmp.h>
#include <stdarg.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <cmocka.h>

#include "voice/worker_pool.h"

typedef struct Job {
    int *hits;
    int threads;
    _Atomic int bad_worker;
} Job;

static void count_task(void *ctx, int task, int worker)
{
    Job *j = ctx;
    j->hits[task]++; /* each task index is claimed once, so no race */
    if (worker < 0 || worker >= j->threads) atomic_store(&j->bad_worker, 1);
}

static void run_jobs(int threads, int spin_us, int jobs, int maxtasks)
{
    WorkerPool *wp = worker_pool_create(threads);
    assert_non_null(wp);
    assert_int_equal(worker_pool_threads(wp), threads);
    worker_pool_set_spin(wp, spin_us);
    int *hits = calloc((size_t)maxtasks, sizeof(int));
    Job j = { hits, threads, 0 };
    for (int k = 0; k < jobs; k++) {
        int n = 1 + (k * 7919) % maxtasks;
        for (int i = 0; i < n; i++) hits[i] = 0;
        worker_pool_run(wp, n, count_task, &j);
        for (int i = 0; i < n; i++) assert_int_equal(hits[i], 1);
        if (spin_us == 0 && k % 50 == 0) {
            struct timespec ts = { 0, 200000 };
            nanosleep(&ts, NULL); /* let workers park, then wake them */
        }
    }
    assert_int_equal(atomic_load(&j.bad_worker), 0);
    free(hits);
    worker_pool_destroy(wp);
}

static void test_every_task_once(void **state)
{
    (void)state;
    const int threads[] = { 1, 2, 3, 8 };
    for (int k = 0; k < 4; k++) {
        run_jobs(threads[k], WORKER_POOL_DEFAULT_SPIN_US, 2000, 97);
        run_jobs(threads[k], 0, 300, 64);
    }
}

static void test_large_job_split(void **state)
{
    (void)state;
    run_jobs(2, 50, 3, WORKER_POOL_MAX_TASKS + 1000);
}

static void sum_task(void *ctx, int task, int worker)
{
    (void)worker;
    int64_t *v = ctx;
    v[task] = (int64_t)task * task;
}

typedef struct Policies {
    _Atomic int fifo_workers, normal_workers;
} Policies;

static void policy_task(void *ctx, int task, int worker)
{
    (void)task;
    Policies *p = ctx;
    if (worker == 0) return; /* the caller: its own scheduling */
    int policy;
    struct sched_param sp;
    pthread_getschedparam(pthread_self(), &policy, &sp);
    atomic_fetch_add(policy == SCHED_FIFO ? &p->fifo_workers : &p->normal_workers, 1);
}

/* Real-time workers: SCHED_FIFO where permitted, and the pool says so
 * truthfully; every task still runs once (they park instead of yielding). */
static void test_realtime_workers(void **state)
{
    (void)state;
    WorkerPool *wp = worker_pool_create_rt(3, 70);
    assert_non_null(wp);
    Policies p = { 0, 0 };
    for (int k = 0; k < 200; k++) worker_pool_run(wp, 3, policy_task, &p);
    int fifo = atomic_load(&p.fifo_workers), normal = atomic_load(&p.normal_workers);
    print_message("real-time workers: %s (%d FIFO, %d normal task runs)\n",
                  worker_pool_realtime(wp) ? "yes" : "not permitted", fifo, normal);
    if (worker_pool_realtime(wp)) assert_int_equal(normal, 0);
    else assert_int_equal(fifo, 0);
    worker_pool_destroy(wp);
    wp = worker_pool_create(2);
    assert_false(worker_pool_realtime(wp));
    worker_pool_destroy(wp);
    run_jobs(3, 0, 300, 64);
}

static void test_results_visible(void **state)
{
    (void)state;
    WorkerPool *wp = worker_pool_create(4);
    int64_t v[1000];
    for (int round = 0; round < 200; round++) {
        for (int i = 0; i < 1000; i++) v[i] = -1;
        worker_pool_run(wp, 1000, sum_task, v);
        for (int i = 0; i < 1000; i++) assert_true(v[i] == (int64_t)i * i);
    }
    worker_pool_destroy(wp);
    assert_true(worker_pool_default_threads() >= 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_task_once),
        cmocka_unit_test(test_large_job_split),
        cmocka_unit_test(test_results_visible), cmocka_unit_test(test_realtime_workers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
