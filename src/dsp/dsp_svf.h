/* dsp_svf.h - the filters `lpf hpf bpf notch` and the resonant `rlpf rhpf`.
 *
 * A topology-preserving-transform state-variable filter (Zavalishin; the
 * Cytomic "SVF" form): trapezoidal integrators with the cutoff prewarped by
 * tan(pi*fc/sr), so the -3 dB/resonance point lands exactly on fc, and the
 * structure stays stable and click-free when cutoff and q change at every
 * frame (audio-rate sweeps, `lpf (~lfo * 2000 + 500) 0.8`).
 *
 * Arguments (Rust Phonon order `lpf cutoff q`, `rlpf cutoff resonance`):
 *   cutoff  Hz, clamped to [10, 0.49*sr]          (NaN -> 10 Hz)
 *   q       resonance, clamped to [0.1, 50]       (default 1.0 in `lpf`;
 *           0.707 = Butterworth; 9 rings strongly but stays stable)
 * Modes: LP and HP are 12 dB/octave; BP is normalised to unity gain at fc
 * (the constant-peak form, so `bpf 1000 10` does not get 20 dB louder);
 * NOTCH is LP + HP.
 * rlpf/rhpf use DSP_SVF_LP/HP: the Rust reference's RBJ biquads with the
 * same Q have the same analogue prototype and bilinear mapping, so their
 * response is the same; the SVF additionally survives audio-rate modulation.
 * Gain at fc is q for LP/HP (a resonant peak of q=9 is +19 dB).
 *
 * Stereo: nch channels with independent state, shared parameters. */
#ifndef PHONON_DSP_DSP_SVF_H
#define PHONON_DSP_DSP_SVF_H

#include "dsp/dsp.h"

#define DSP_SVF_CUTOFF_MIN 10.0f
#define DSP_SVF_CUTOFF_MAX_RATIO 0.49f
#define DSP_SVF_Q_MIN 0.1f
#define DSP_SVF_Q_MAX 50.0f

typedef enum DspSvfMode { DSP_SVF_LP = 0, DSP_SVF_HP, DSP_SVF_BP, DSP_SVF_NOTCH } DspSvfMode;

typedef struct DspSvf {
    float sr, inv_sr;
    DspSvfMode mode;
    float ic1[2], ic2[2]; /* integrator states per channel */
} DspSvf;

/* The coefficients dsp_svf_process uses for one (cutoff, q) pair, for
 * kernels that run the same recursion elsewhere (dsp_bank_lanes.h):
 * a1, a2, a3 as in dsp_svf.c, m1 = the mode's k*v1 weight. */
typedef struct DspSvfCoef {
    float a1, a2, a3, m1;
} DspSvfCoef;
DspSvfCoef dsp_svf_coef(const DspSvf *k, float cutoff, float q);
/* The mode's weights of the input (m0) and of v2 (m2) in the output. */
void dsp_svf_mix(const DspSvf *k, float *m0, float *m2);

void dsp_svf_init(DspSvf *k, float sample_rate, DspSvfMode mode);
void dsp_svf_reset(DspSvf *k);
void dsp_svf_process(DspSvf *k, const float *const in[2], float *const out[2], int nch,
                     const float *cutoff, const float *q, int n);

#endif
