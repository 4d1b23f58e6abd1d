/* realtime.c - see realtime.h. */
#include "core/realtime.h"

#include <errno.h>
#include <sched.h>

int realtime_thread_create(pthread_t *thread, int priority, void *(*fn)(void *), void *arg, bool *realtime)
{
    if (realtime) *realtime = false;
    if (priority > 0) {
        int lo = sched_get_priority_min(SCHED_FIFO), hi = sched_get_priority_max(SCHED_FIFO);
        struct sched_param sp = { .sched_priority = priority < lo ? lo : priority > hi ? hi : priority };
        pthread_attr_t attr;
        if (pthread_attr_init(&attr) == 0) {
            int rc = pthread_attr_setinheritsched(&attr, PTHREAD_EXPLICIT_SCHED);
            if (rc == 0) rc = pthread_attr_setschedpolicy(&attr, SCHED_FIFO);
            if (rc == 0) rc = pthread_attr_setschedparam(&attr, &sp);
            if (rc == 0) rc = pthread_create(thread, &attr, fn, arg);
            pthread_attr_destroy(&attr);
            if (rc == 0) {
                if (realtime) *realtime = true;
                return 0;
            }
            /* EPERM: not allowed (no rtprio limit); anything else: fall
             * back too, a normal thread still plays */
        }
    }
    return pthread_create(thread, NULL, fn, arg);
}
