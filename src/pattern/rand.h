/* rand.h - Strudel's deterministic, time-seeded random numbers ("legacy" RNG).
 *
 * Why: `?`, `|`, degradeBy, sometimes, shuffle... must drop and pick exactly
 * the events Strudel does, and the same program must give the same events on
 * every run and thread. There is no state: the random value is a pure
 * function of the (rational) time at which it is sampled. */
#ifndef PHONON_PATTERN_RAND_H
#define PHONON_PATTERN_RAND_H

#include <stdint.h>

#include "core/rational.h"

/* The xorshift step, in JavaScript's 32-bit signed integer arithmetic. */
int32_t rand_xorwise(int32_t x);
/* xorwise(trunc(frac(t / 300) * 2^29)): the integer seed for time t. */
int32_t rand_time_to_int_seed(double t);
/* rand(t) = |seed % 2^29| / 2^29, in [0, 1). */
double rand_at_double(double t);
/* rand at an exact time: converted to a double once, as Strudel does. */
double rand_at(Rat t);
/* Strudel's timeToRands(t, n) for n > 1: n values seed_i % 2^29 / 2^29
 * with seed_{i+1} = xorwise(seed_i); signed (no abs), unlike rand_at. */
void rand_at_n(double t, int n, double *out);

#endif
