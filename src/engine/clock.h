/* clock.h - the engine clock: a 64-bit frame counter mapped exactly to cycles.
 *
 * Why: onsets must land on the sample and never drift, over hours and across
 * tempo changes. The clock keeps an anchor (frame, cycle) and the tempo as an
 * exact rational; cycle(f) = anchor_cycle + (f - anchor_frame) * cps / rate.
 * A tempo change re-anchors at the frame where it happens, so the phase is
 * continuous (live reload changes `tempo:` without a jump). */
#ifndef PHONON_ENGINE_CLOCK_H
#define PHONON_ENGINE_CLOCK_H

#include <stdint.h>

#include "core/rational.h"
#include "core/status.h"

typedef struct EngineClock {
    int64_t rate;          /* output sample rate, Hz */
    Rat cps;               /* cycles per second, > 0 */
    int64_t anchor_frame;
    Rat anchor_cycle;
} EngineClock;

/* rate > 0, cps > 0; starts at frame 0 = cycle 0. */
PhStatus clock_init(EngineClock *c, int64_t rate, Rat cps);
/* The exact cycle position of frame f (invalid Rat on overflow). */
Rat clock_cycle_at(const EngineClock *c, int64_t frame);
/* The first frame whose cycle position is >= t (the frame an onset at t sounds on). */
int64_t clock_frame_at(const EngineClock *c, Rat t);
/* Changes the tempo from frame f on, keeping the cycle position at f. */
PhStatus clock_set_cps(EngineClock *c, int64_t frame, Rat cps);
/* Seconds per cycle as a double (for event durations). */
double clock_seconds_per_cycle(const EngineClock *c);

#endif
