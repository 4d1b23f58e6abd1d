/* kit_dsp.c - the built-in kit's DSP pieces (kit_internal.h): PRNG, biquad
 * coefficients, envelopes, oscillators, resonators and the final clean-up. */
#include "sample/kit_internal.h"

void kit_rng_seed(KitRng *r, uint64_t seed)
{
    r->s = seed ^ 0x9E3779B97F4A7C15ull;
}

uint64_t kit_rng_next(KitRng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void kit_biquad_set(KitBiquad *f, KitFilterType type, double hz, double q, double rate)
{
    if (hz > 0.45 * rate) hz = 0.45 * rate;
    if (hz < 1.0) hz = 1.0;
    double w = KIT_TWO_PI * hz / rate;
    double cw = cos(w), alpha = sin(w) / (2.0 * q);
    double a0 = 1.0 + alpha;
    double b0, b1, b2;
    switch (type) {
    case KIT_LOWPASS:
        b0 = b2 = (1.0 - cw) / 2.0;
        b1 = 1.0 - cw;
        break;
    case KIT_HIGHPASS:
        b0 = b2 = (1.0 + cw) / 2.0;
        b1 = -(1.0 + cw);
        break;
    default: /* band-pass, 0 dB peak gain */
        b0 = alpha;
        b1 = 0.0;
        b2 = -alpha;
        break;
    }
    f->b0 = b0 / a0;
    f->b1 = b1 / a0;
    f->b2 = b2 / a0;
    f->a1 = -2.0 * cw / a0;
    f->a2 = (1.0 - alpha) / a0;
}

void kit_biquad_init(KitBiquad *f, KitFilterType type, double hz, double q, double rate)
{
    f->z1 = f->z2 = 0.0;
    kit_biquad_set(f, type, hz, q, rate);
}

void kit_decay_init(KitDecay *e, double tau_seconds, double rate)
{
    e->v = 1.0;
    e->k = exp(-1.0 / (tau_seconds * rate));
}

void kit_osc_init(KitOsc *o, double hz, double phase, double rate)
{
    o->phase = phase - floor(phase);
    o->inc = hz / rate;
}

/* PolyBLEP residual for a unit step at phase 0, t in cycles. */
static double poly_blep(double t, double dt)
{
    if (t < dt) {
        t /= dt;
        return t + t - t * t - 1.0;
    }
    if (t > 1.0 - dt) {
        t = (t - 1.0) / dt;
        return t * t + t + t + 1.0;
    }
    return 0.0;
}

double kit_osc_saw(KitOsc *o)
{
    double v = 2.0 * o->phase - 1.0 - poly_blep(o->phase, o->inc);
    o->phase += o->inc;
    if (o->phase >= 1.0) o->phase -= 1.0;
    return v;
}

double kit_osc_square(KitOsc *o)
{
    double t = o->phase;
    double v = (t < 0.5 ? 1.0 : -1.0) + poly_blep(t, o->inc);
    double t2 = t + 0.5;
    if (t2 >= 1.0) t2 -= 1.0;
    v -= poly_blep(t2, o->inc);
    o->phase += o->inc;
    if (o->phase >= 1.0) o->phase -= 1.0;
    return v;
}

void kit_mode_init(KitMode *m, double hz, double tau_seconds, double amp, double rate)
{
    double w = KIT_TWO_PI * hz / rate;
    double r = exp(-1.0 / (tau_seconds * rate));
    m->c1 = 2.0 * r * cos(w);
    m->c2 = r * r;
    /* State y[-1], y[-2] of y[n] = amp r^n sin(w n), so the first run gives y[0] = 0. */
    m->y1 = -amp / r * sin(w);
    m->y2 = -amp / (r * r) * sin(2.0 * w);
}

/* One-pole DC blocker at 10 Hz. */
static void block_dc(float *x, int64_t n, double rate)
{
    double r = exp(-KIT_TWO_PI * 10.0 / rate), xp = 0.0, yp = 0.0;
    for (int64_t i = 0; i < n; i++) {
        double y = x[i] - xp + r * yp;
        xp = x[i];
        yp = y;
        x[i] = (float)y;
    }
}

/* Subtracts the mean shaped by a Hann window, so the result sums to zero
 * while the first and last frames are untouched. The window's sum over
 * i = 0..n-1 is exactly (n-1)/2; cos(w i) comes from a Chebyshev recurrence. */
static void remove_mean(float *x, int64_t n)
{
    if (n < 3) return;
    double sum = 0.0;
    for (int64_t i = 0; i < n; i++) sum += x[i];
    double k = sum / (0.5 * (double)(n - 1));
    double w = KIT_TWO_PI / (double)(n - 1), c2 = 2.0 * cos(w);
    double cprev = cos(-w), c = 1.0;
    for (int64_t i = 0; i < n; i++) {
        x[i] = (float)(x[i] - k * (0.5 - 0.5 * c));
        double next = c2 * c - cprev;
        cprev = c;
        c = next;
    }
}

static void fade(float *x, int64_t n, int64_t len, int at_end)
{
    if (len > n) len = n;
    for (int64_t i = 0; i < len; i++) {
        double g = 0.5 - 0.5 * cos(KIT_PI * (double)i / (double)len);
        if (at_end) x[n - 1 - i] = (float)(x[n - 1 - i] * g);
        else x[i] = (float)(x[i] * g);
    }
}

void kit_finish(float *x, int64_t n, double rate, double peak_db, double fade_in_ms,
                double fade_out_ms)
{
    block_dc(x, n, rate);
    fade(x, n, (int64_t)(fade_in_ms * 0.001 * rate) + 1, 0);
    fade(x, n, (int64_t)(fade_out_ms * 0.001 * rate) + 1, 1);
    remove_mean(x, n);
    double peak = 0.0;
    for (int64_t i = 0; i < n; i++) {
        double a = fabs(x[i]);
        if (a > peak) peak = a;
    }
    if (peak <= 0.0) return;
    double g = pow(10.0, peak_db / 20.0) / peak;
    for (int64_t i = 0; i < n; i++) x[i] = (float)(x[i] * g);
}
