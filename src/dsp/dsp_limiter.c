/* dsp_limiter.c - look-ahead peak limiter (see dsp_limiter.h). */
#include "dsp/dsp_limiter.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

void dsp_limiter_init(DspLimiter *k, float sample_rate, float attack_s)
{
    k->sr = dsp_rate(sample_rate);
    float frames = dsp_clampf(attack_s, 0.0f, 1.0f) * k->sr + 0.5f;
    int la = (int)frames;
    k->la = la > DSP_LIMITER_MAX_LOOKAHEAD ? DSP_LIMITER_MAX_LOOKAHEAD : la;
    k->win = k->la + 1;
    k->rt_last = NAN;
    k->rt_coef = 0.0f;
    dsp_limiter_reset(k);
}

void dsp_limiter_reset(DspLimiter *k)
{
    memset(k->delay, 0, sizeof k->delay);
    k->dpos = 0;
    k->dq_head = k->dq_count = 0;
    k->t = 0;
    k->rel = 1.0f;
    for (int i = 0; i < DSP_LIMITER_WIN; i++) k->box[i] = 1.0f;
    k->bpos = 0;
    k->below = 0;
    k->bsum = (double)k->win;
}

int dsp_limiter_latency(const DspLimiter *k)
{
    return k->la;
}

/* Push g into the sliding-minimum deque and return the minimum of the last
 * `win` values. Monotonic deque: values increase from head to tail. */
static inline float window_min(DspLimiter *k, float g)
{
    int cap = DSP_LIMITER_WIN;
    while (k->dq_count > 0) {
        int back = (k->dq_head + k->dq_count - 1) % cap;
        if (k->dq_val[back] < g) break;
        k->dq_count--;
    }
    int slot = (k->dq_head + k->dq_count) % cap;
    k->dq_val[slot] = g;
    k->dq_time[slot] = k->t;
    k->dq_count++;
    /* Drop the head once it is older than the window. */
    if (k->t - k->dq_time[k->dq_head] >= (uint32_t)k->win) {
        k->dq_head = (k->dq_head + 1) % cap;
        k->dq_count--;
    }
    return k->dq_val[k->dq_head];
}

/* The common case, exactly: nothing in the window is being limited and the
 * whole block is under a constant threshold, so the output is the input
 * delayed by the look-ahead and the gain state stays at unity. */
static bool limiter_idle_block(DspLimiter *k, const float *const in[2], float *const out[2], int nch,
                               const float *threshold, int n)
{
    if (k->below != 0 || k->rel != 1.0f || n <= 0) return false;
    float th0 = threshold[0];
    bool ok = true;
    for (int i = 0; i < n; i++) ok &= threshold[i] == th0;
    if (!ok) return false;
    float th = dsp_clampf(th0, 0.001f, 100.0f);
    for (int c = 0; c < nch; c++) {
        const float *x = in[c];
        for (int i = 0; i < n; i++) ok &= fabsf(x[i]) <= th; /* false for NaN and inf too */
    }
    if (!ok) return false;
    for (int i = 0; i < n; i++) {
        float x0 = in[0][i], x1 = nch == 2 ? in[1][i] : 0.0f, y0 = x0, y1 = x1;
        if (k->la > 0) {
            int p = k->dpos;
            y0 = k->delay[0][p];
            y1 = k->delay[1][p];
            k->delay[0][p] = x0;
            k->delay[1][p] = x1;
            k->dpos = p + 1 == k->la ? 0 : p + 1;
        }
        out[0][i] = dsp_clampf(y0, -th, th);
        if (nch == 2) out[1][i] = dsp_clampf(y1, -th, th);
    }
    /* the state the per-frame path would have reached: every requirement 1 */
    k->t += (uint32_t)n;
    k->dq_head = 0;
    k->dq_count = 1;
    k->dq_val[0] = 1.0f;
    k->dq_time[0] = k->t - 1;
    k->bpos = (k->bpos + n) % k->win;
    return true;
}

void dsp_limiter_process(DspLimiter *k, const float *const in[2], float *const out[2], int nch,
                         const float *threshold, const float *release, int n)
{
    nch = nch == 2 ? 2 : 1;
    if (limiter_idle_block(k, in, out, nch, threshold, n)) return;
    int win = k->win;
    for (int i = 0; i < n; i++) {
        float th = dsp_clampf(threshold[i], 0.001f, 100.0f);
        float rt = dsp_clampf(release[i], 0.001f, 10.0f);
        if (rt != k->rt_last) { k->rt_last = rt; k->rt_coef = dsp_onepole_coef(rt, k->sr); }

        float x0 = dsp_finite_or_zero(in[0][i]);
        float x1 = nch == 2 ? dsp_finite_or_zero(in[1][i]) : 0.0f;
        float a0 = x0 < 0.0f ? -x0 : x0, a1 = x1 < 0.0f ? -x1 : x1;
        float peak = a0 > a1 ? a0 : a1;
        float need = peak > th ? th / peak : 1.0f;

        float held = window_min(k, need);
        /* Instant fall, exponential rise toward the held requirement. */
        float rel = k->rel;
        rel = held < rel ? held : held - (held - rel) * k->rt_coef;
        /* The exponential rise would take ~17 time constants to reach exactly
         * 1.0f; snapping the last 0.1 % (a -60 dB step) is inaudible and makes
         * the limiter fully transparent again ~7 time constants after a hit. */
        if (rel > 0.999f && held == 1.0f) rel = 1.0f;
        k->rel = rel;

        /* Moving average over the window; exact 1.0 when nothing is limiting. */
        float old = k->box[k->bpos];
        k->below += (rel < 1.0f) - (old < 1.0f);
        k->box[k->bpos] = rel;
        k->bpos = k->bpos + 1 == win ? 0 : k->bpos + 1;
        float g;
        if (k->below == 0) {
            k->bsum = (double)win;
            g = 1.0f;
        } else {
            k->bsum += (double)rel - (double)old;
            g = (float)(k->bsum / (double)win);
        }

        /* Delay line of la frames: read the oldest, write the newest. */
        float y0, y1;
        if (k->la > 0) {
            int p = k->dpos;
            y0 = k->delay[0][p];
            y1 = k->delay[1][p];
            k->delay[0][p] = x0;
            k->delay[1][p] = x1;
            k->dpos = p + 1 == k->la ? 0 : p + 1;
        } else {
            y0 = x0;
            y1 = x1;
        }
        out[0][i] = dsp_clampf(y0 * g, -th, th);
        if (nch == 2) out[1][i] = dsp_clampf(y1 * g, -th, th);
        k->t++;
    }
}
