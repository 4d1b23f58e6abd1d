/* realtime.h - real-time scheduling for the threads that meet audio
 * deadlines (the device thread, the voice workers): SCHED_FIFO where the
 * system allows it (root, CAP_SYS_NICE, or an rtprio limit such as the
 * `audio` group's), the normal scheduler otherwise. Render never asks: only
 * live playback has deadlines. */
#ifndef PHONON_CORE_REALTIME_H
#define PHONON_CORE_REALTIME_H

#include <pthread.h>
#include <stdbool.h>

#define REALTIME_DEFAULT_PRIORITY 70 /* below JACK's own (80+) and the kernel's IRQ threads (50 is their default; audio IRQs are usually raised) */
#define REALTIME_MAX_PRIORITY 99

/* Starts fn(arg) on a new thread. priority > 0 asks for SCHED_FIFO at that
 * priority (clamped to the system's range); when that is not permitted the
 * thread starts on the normal scheduler. *realtime (may be NULL) says which
 * one it got. Returns 0 or pthread_create's error. */
int realtime_thread_create(pthread_t *thread, int priority, void *(*fn)(void *), void *arg, bool *realtime);

#endif
