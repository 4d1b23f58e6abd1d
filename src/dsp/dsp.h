/* dsp.h - conventions every DSP kernel in src/dsp follows (Soundpipe-style).
 *
 *  - One kernel per file: dsp_<name>.h / dsp_<name>.c.
 *  - A kernel is a state struct plus
 *        void dsp_<name>_init(Dsp<Name> *k, float sample_rate, ...);   may allocate
 *        void dsp_<name>_reset(Dsp<Name> *k);                          clears state
 *        void dsp_<name>_process(Dsp<Name> *k, ..., int n);            never allocates
 *        void dsp_<name>_free(Dsp<Name> *k);   only if init allocated
 *  - Audio is planar stereo: `const float *in[2]`, `float *out[2]`, n frames,
 *    n <= DSP_BLOCK_MAX. In-place (out == in) is allowed unless a header says not.
 *  - Parameters that may be modulated are per-frame arrays (`const float *cutoff`),
 *    so a pattern or an LFO modulates at audio rate; the caller fills constant
 *    arrays for constants. Parameter values are clamped to a safe range inside
 *    the kernel: any float (NaN, inf, negative) in, finite audio out.
 *  - State stays finite and denormal-free (flush tiny values to 0 in feedback paths). */
#ifndef PHONON_DSP_DSP_H
#define PHONON_DSP_DSP_H

#define DSP_BLOCK_MAX 1024

#endif
