/* clock.c - exact frame <-> cycle mapping; see clock.h. */
#include "engine/clock.h"

PhStatus clock_init(EngineClock *c, int64_t rate, Rat cps)
{
    if (rate <= 0 || !rat_ok(cps) || cps.num <= 0) return PH_ERR_ARG;
    c->rate = rate;
    c->cps = cps;
    c->anchor_frame = 0;
    c->anchor_cycle = rat_int(0);
    return PH_OK;
}

Rat clock_cycle_at(const EngineClock *c, int64_t frame)
{
    /* (frame - anchor) * cps.num / (cps.den * rate), exact */
    Rat frames = rat_int(frame - c->anchor_frame);
    Rat per_frame = rat_div(c->cps, rat_int(c->rate));
    return rat_add(c->anchor_cycle, rat_mul(frames, per_frame));
}

int64_t clock_frame_at(const EngineClock *c, Rat t)
{
    /* anchor_frame + ceil((t - anchor_cycle) * rate / cps) */
    Rat frames = rat_mul(rat_sub(t, c->anchor_cycle), rat_div(rat_int(c->rate), c->cps));
    Rat up = rat_ceil(frames);
    if (!rat_ok(up)) return INT64_MAX;
    return c->anchor_frame + up.num;
}

PhStatus clock_set_cps(EngineClock *c, int64_t frame, Rat cps)
{
    if (!rat_ok(cps) || cps.num <= 0) return PH_ERR_ARG;
    Rat here = clock_cycle_at(c, frame);
    if (!rat_ok(here)) return PH_ERR_OVERFLOW;
    c->anchor_cycle = here;
    c->anchor_frame = frame;
    c->cps = cps;
    return PH_OK;
}

double clock_seconds_per_cycle(const EngineClock *c)
{
    return 1.0 / rat_to_double(c->cps);
}
