/* dsp_bank.h - lane-parallel oscillator and filter banks for polyphony.
 *
 * One DspOsc or DspSvf runs one recursion per frame, so its cost is bound by
 * the latency of that dependency chain (~2-4 ns/frame), whatever the CPU
 * width. A bank runs DSP_BANK_LANES independent voices side by side in
 * struct-of-arrays form: the per-frame work is the same short chain, done for
 * all lanes at once in SIMD registers, so a voice-frame costs a fraction of a
 * nanosecond. The voice engine (synth voices, `superX`, `sine_trig`) uses
 * banks. The compiler's continuous signals use the single kernels, which
 * the schedule pass may run side by side through dsp_bank_lanes.h (the
 * nodes' own DspOsc / DspSvf, bit-identical to running alone).
 *
 * Layout: lane-interleaved audio, frame-major: buf[i * DSP_BANK_LANES + v]
 * is frame i of lane v (one mono voice per lane). Parameters are per lane,
 * constant over the block (voices get per-event values; audio-rate
 * modulation needs the single kernels). Semantics per lane match dsp_osc.h
 * and dsp_svf.h: frequency <= 0 is a de-clicked rest, parameters are clamped,
 * PolyBLEP band-limiting. Differences: the phase is float (pitch error
 * < 1e-5 relative, far inside 0.1 %), and DSP_WAVE_TRI is not available
 * (it renders as DSP_WAVE_SINE; use DspOsc). */
#ifndef PHONON_DSP_DSP_BANK_H
#define PHONON_DSP_DSP_BANK_H

#include "dsp/dsp.h"
#include "dsp/dsp_osc.h"
#include "dsp/dsp_svf.h"

#define DSP_BANK_LANES 8

typedef struct DspOscBank {
    float sr, inv_sr, amp_step;
    DspWave wave;
    float phase[DSP_BANK_LANES];
    float amp[DSP_BANK_LANES];
    float last_inc[DSP_BANK_LANES];
} DspOscBank;

void dsp_osc_bank_init(DspOscBank *k, float sample_rate, DspWave wave);
void dsp_osc_bank_reset(DspOscBank *k);
/* freq[v], width[v] (pulse only; NULL = 0.5); out: n * DSP_BANK_LANES floats. */
void dsp_osc_bank_process(DspOscBank *k, const float freq[DSP_BANK_LANES],
                          const float width[DSP_BANK_LANES], float *out, int n);

typedef struct DspSvfBank {
    float sr, inv_sr;
    DspSvfMode mode;
    float s1[DSP_BANK_LANES], s2[DSP_BANK_LANES];
} DspSvfBank;

void dsp_svf_bank_init(DspSvfBank *k, float sample_rate, DspSvfMode mode);
void dsp_svf_bank_reset(DspSvfBank *k);
/* in/out: n * DSP_BANK_LANES lane-interleaved floats (in == out allowed). */
void dsp_svf_bank_process(DspSvfBank *k, const float *in, float *out,
                          const float cutoff[DSP_BANK_LANES], const float q[DSP_BANK_LANES], int n);

/* out[i] = sum over lanes of in[i * LANES + v] * gain[v] (mono mixdown). */
void dsp_bank_mix(const float *in, const float gain[DSP_BANK_LANES], float *out, int n);

#endif
