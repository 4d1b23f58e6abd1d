/* audio_analysis.h - measurement helpers for tests: what a listener (or a
 * spectrum analyser) would check in rendered audio.
 *
 * All functions take mono float buffers (one channel of planar audio) and a
 * sample rate where time or frequency matters. Spectra use a Hann window and
 * zero-padding to a power of two (radix-2 real FFT, double precision). None
 * of this is real-time code: it allocates freely. */
#ifndef PHONON_TESTS_AUDIO_ANALYSIS_H
#define PHONON_TESTS_AUDIO_ANALYSIS_H

#include <stddef.h>

/* ---- FFT ---------------------------------------------------------------- */

/* In-place complex radix-2 FFT (forward, no scaling). n must be a power of
 * two >= 1. Returns 0, or -1 if n is not a power of two. */
int aa_fft(double *re, double *im, size_t n);

/* Real FFT of x[0..n) (n a power of two >= 2): writes bins 0..n/2 into
 * re/im (n/2+1 values each). Computed as an n/2-point complex FFT plus a
 * split step. Returns 0, or -1 on a bad n. */
int aa_rfft(const double *x, size_t n, double *re, double *im);

/* Smallest power of two >= n. */
size_t aa_next_pow2(size_t n);

/* A magnitude spectrum: mag[k] for k = 0..nfft/2, bin k at k*sr/nfft Hz.
 * Amplitude-normalised: a full-scale sine (amplitude A) peaks at about A. */
typedef struct AaSpectrum {
    double *mag;
    size_t bins;   /* nfft/2 + 1 */
    size_t nfft;
    double sr;
    double bin_hz; /* sr / nfft */
} AaSpectrum;

/* Hann-windowed spectrum of x[0..n), zero-padded to nfft = next_pow2(n) *
 * pad (pad >= 1, a power of two; capped at 2^22 points). Returns 0 or -1. */
int aa_spectrum(const float *x, size_t n, double sr, int pad, AaSpectrum *out);
void aa_spectrum_free(AaSpectrum *s);

/* ---- pitch and spectral shape -------------------------------------------- */

/* Frequency of the strongest spectral peak in [fmin, fmax] Hz, refined by
 * parabolic interpolation on the log magnitude (4x zero-padding). On a
 * 1-second window of a steady tone the error is far below 0.1 %. Returns 0
 * if the band is empty or the signal silent. */
double aa_peak_freq_in(const float *x, size_t n, double sr, double fmin, double fmax);
/* The same over (1 bin .. Nyquist): ignores DC. */
double aa_peak_freq(const float *x, size_t n, double sr);

/* Power (sum of squared magnitudes) of the bins in [f_lo, f_hi]. */
double aa_band_energy(const float *x, size_t n, double sr, double f_lo, double f_hi);
/* Level in dB of the largest bin in [f-bw, f+bw]; a sine of amplitude A reads
 * 20*log10(A) within ~0.05 dB (8x zero-padding). */
double aa_level_db_at(const float *x, size_t n, double sr, double f, double bw);
/* 10*log10(band energy of `out` / band energy of `in`) in [f-bw, f+bw]: the
 * gain of a filter at f measured on broadband input (negative = attenuation). */
double aa_gain_db_at(const float *in, const float *out, size_t n, double sr, double f,
                     double bw);
/* Magnitude-weighted mean frequency (Hz) of the spectrum. */
double aa_spectral_centroid(const float *x, size_t n, double sr);

/* ---- level and time-domain checks ------------------------------------------ */

double aa_rms(const float *x, size_t n);
double aa_peak(const float *x, size_t n);       /* max |x| */
double aa_to_db(double lin);                    /* 20*log10, -300 for 0 */
/* RMS and peak of the window [t0, t1) seconds, clipped to the buffer. */
double aa_rms_window(const float *x, size_t n, double sr, double t0, double t1);
double aa_peak_window(const float *x, size_t n, double sr, double t0, double t1);
double aa_mean(const float *x, size_t n);       /* DC */
/* Largest |x[i] - x[i-1]| (a click shows as a big step); *at gets its index
 * if at != NULL. */
double aa_max_step(const float *x, size_t n, size_t *at);
/* Number of NaN/inf samples. */
size_t aa_count_nonfinite(const float *x, size_t n);

/* ---- onsets ----------------------------------------------------------------- */

/* First index >= start where |x| > threshold, or -1. */
long aa_first_above(const float *x, size_t n, size_t start, double threshold);
/* Onsets: indices where |x| rises above `threshold` after at least
 * `min_silence_s` seconds in which every |x| stayed at or below it (the very
 * first crossing counts as an onset). Writes up to max_onsets indices and
 * returns how many onsets there are (may exceed max_onsets). */
size_t aa_onsets(const float *x, size_t n, double sr, double threshold,
                 double min_silence_s, long *onsets, size_t max_onsets);

/* ---- files ------------------------------------------------------------------- */

/* Decoded audio: planar float; ch[1] == ch[0] for a mono file. */
typedef struct AaAudio {
    float *ch[2];
    int channels;
    size_t frames;
    double sr;
} AaAudio;

/* Load any file libsndfile reads (WAV, FLAC, AIFF...). Files with more than 2
 * channels keep channels 0 and 1. Returns 0, or -1 (message on stderr). */
int aa_load_wav(const char *path, AaAudio *out);
/* Write planar float audio as a 32-bit float WAV (debugging aid). 0 or -1. */
int aa_write_wav(const char *path, const float *const *ch, int channels, size_t frames,
                 double sr);
void aa_audio_free(AaAudio *a);

#endif
