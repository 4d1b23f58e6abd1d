/* rand.c - Strudel's legacy time-seeded RNG, bit-exact; see rand.h. */
#include "pattern/rand.h"

#include <math.h>

int32_t rand_xorwise(int32_t x)
{
    /* JS `<<` wraps modulo 2^32 and `>>` is arithmetic: shift as uint32,
     * reinterpret as int32 (two's complement conversion, no UB). */
    int32_t a = (int32_t)((uint32_t)x << 13) ^ x;
    int32_t b = (a >> 17) ^ a;
    return (int32_t)((uint32_t)b << 5) ^ b;
}

int32_t rand_time_to_int_seed(double t)
{
    double x = t / 300;
    double frac = x - trunc(x);
    double v = trunc(frac * 536870912.0);
    /* |frac| < 1 keeps v below 2^29 in magnitude; NaN (from an infinite or
     * invalid time) becomes 0, as JS's ToInt32 does */
    if (!(fabs(v) < 536870912.0)) v = 0;
    return rand_xorwise((int32_t)v);
}

double rand_at_double(double t)
{
    int32_t s = rand_time_to_int_seed(t);
    return fabs((double)(s % 536870912)) / 536870912.0;
}

double rand_at(Rat t) { return rand_at_double(rat_to_double(t)); }

void rand_at_n(double t, int n, double *out)
{
    int32_t s = rand_time_to_int_seed(t);
    for (int i = 0; i < n; i++) {
        out[i] = (double)(s % 536870912) / 536870912.0;
        s = rand_xorwise(s);
    }
}
