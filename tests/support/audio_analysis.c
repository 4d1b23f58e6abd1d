/* audio_analysis.c - test-side measurements (see audio_analysis.h). Plain,
 * allocation-happy double-precision code: correctness over speed. */
#include "audio_analysis.h"

#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AA_PI 3.14159265358979323846
#define AA_MAX_FFT ((size_t)1 << 22)

size_t aa_next_pow2(size_t n)
{
    size_t p = 1;
    while (p < n) p <<= 1;
    return p;
}

static int is_pow2(size_t n) { return n && !(n & (n - 1)); }

int aa_fft(double *re, double *im, size_t n)
{
    if (!is_pow2(n)) return -1;
    /* Bit-reversal permutation. */
    for (size_t i = 1, j = 0; i < n; i++) {
        size_t bit = n >> 1;
        for (; j & bit; bit >>= 1) j ^= bit;
        j ^= bit;
        if (i < j) {
            double t = re[i]; re[i] = re[j]; re[j] = t;
            t = im[i]; im[i] = im[j]; im[j] = t;
        }
    }
    /* Butterflies; one cos/sin per twiddle per stage (n calls in total). */
    for (size_t len = 2; len <= n; len <<= 1) {
        size_t half = len >> 1;
        for (size_t j = 0; j < half; j++) {
            double a = -2.0 * AA_PI * (double)j / (double)len;
            double wr = cos(a), wi = sin(a);
            for (size_t s = j; s < n; s += len) {
                size_t t = s + half;
                double xr = re[t] * wr - im[t] * wi;
                double xi = re[t] * wi + im[t] * wr;
                re[t] = re[s] - xr; im[t] = im[s] - xi;
                re[s] += xr; im[s] += xi;
            }
        }
    }
    return 0;
}

int aa_rfft(const double *x, size_t n, double *re, double *im)
{
    if (n < 2 || !is_pow2(n)) return -1;
    size_t h = n / 2;
    double *zr = malloc(h * sizeof *zr), *zi = malloc(h * sizeof *zi);
    if (!zr || !zi) { free(zr); free(zi); return -1; }
    for (size_t k = 0; k < h; k++) { zr[k] = x[2 * k]; zi[k] = x[2 * k + 1]; }
    aa_fft(zr, zi, h);
    /* Split the packed transform: even samples -> E, odd samples -> O. */
    for (size_t k = 0; k <= h; k++) {
        size_t a = k % h, b = (h - k) % h;
        double er = 0.5 * (zr[a] + zr[b]), ei = 0.5 * (zi[a] - zi[b]);
        double or_ = 0.5 * (zi[a] + zi[b]), oi = -0.5 * (zr[a] - zr[b]);
        double ang = -2.0 * AA_PI * (double)k / (double)n;
        double wr = cos(ang), wi = sin(ang);
        re[k] = er + wr * or_ - wi * oi;
        im[k] = ei + wr * oi + wi * or_;
    }
    free(zr); free(zi);
    return 0;
}

int aa_spectrum(const float *x, size_t n, double sr, int pad, AaSpectrum *out)
{
    memset(out, 0, sizeof *out);
    if (n < 2 || pad < 1 || !is_pow2((size_t)pad)) return -1;
    size_t nfft = aa_next_pow2(n) * (size_t)pad;
    if (nfft > AA_MAX_FFT) nfft = AA_MAX_FFT;
    if (n > nfft) n = nfft;
    double *buf = calloc(nfft, sizeof *buf);
    double *re = malloc((nfft / 2 + 1) * sizeof *re), *im = malloc((nfft / 2 + 1) * sizeof *im);
    if (!buf || !re || !im) { free(buf); free(re); free(im); return -1; }
    double wsum = 0.0;
    for (size_t i = 0; i < n; i++) {
        double w = 0.5 - 0.5 * cos(2.0 * AA_PI * ((double)i + 0.5) / (double)n);
        buf[i] = (double)x[i] * w;
        wsum += w;
    }
    aa_rfft(buf, nfft, re, im);
    out->bins = nfft / 2 + 1;
    out->nfft = nfft;
    out->sr = sr;
    out->bin_hz = sr / (double)nfft;
    out->mag = buf; /* reuse: bins <= nfft */
    double norm = 2.0 / wsum;
    for (size_t k = 0; k < out->bins; k++) out->mag[k] = sqrt(re[k] * re[k] + im[k] * im[k]) * norm;
    free(re); free(im);
    return 0;
}

void aa_spectrum_free(AaSpectrum *s)
{
    free(s->mag);
    memset(s, 0, sizeof *s);
}

static size_t bin_of(const AaSpectrum *s, double f)
{
    if (!(f > 0.0)) return 0;
    double k = floor(f / s->bin_hz + 0.5);
    if (k > (double)(s->bins - 1)) k = (double)(s->bins - 1);
    return (size_t)k;
}

double aa_peak_freq_in(const float *x, size_t n, double sr, double fmin, double fmax)
{
    AaSpectrum s;
    if (aa_spectrum(x, n, sr, 4, &s) != 0) return 0.0;
    size_t lo = bin_of(&s, fmin), hi = bin_of(&s, fmax);
    if (lo < 1) lo = 1;
    if (hi > s.bins - 2) hi = s.bins - 2;
    size_t best = 0;
    double bm = 0.0;
    for (size_t k = lo; k <= hi; k++)
        if (s.mag[k] > bm) { bm = s.mag[k]; best = k; }
    double f = 0.0;
    if (best && bm > 1e-12) {
        double a = log(s.mag[best - 1] + 1e-30), b = log(s.mag[best] + 1e-30),
               c = log(s.mag[best + 1] + 1e-30);
        double den = a - 2.0 * b + c;
        double p = den != 0.0 ? 0.5 * (a - c) / den : 0.0;
        if (p > 0.5) p = 0.5;
        if (p < -0.5) p = -0.5;
        f = ((double)best + p) * s.bin_hz;
    }
    aa_spectrum_free(&s);
    return f;
}

double aa_peak_freq(const float *x, size_t n, double sr)
{
    /* Skip the DC lobe: 4 bins of the unpadded resolution. */
    return aa_peak_freq_in(x, n, sr, 4.0 * sr / (double)aa_next_pow2(n), sr * 0.5);
}

double aa_band_energy(const float *x, size_t n, double sr, double f_lo, double f_hi)
{
    AaSpectrum s;
    if (aa_spectrum(x, n, sr, 1, &s) != 0) return 0.0;
    double e = 0.0;
    for (size_t k = bin_of(&s, f_lo); k <= bin_of(&s, f_hi); k++) e += s.mag[k] * s.mag[k];
    aa_spectrum_free(&s);
    return e;
}

double aa_level_db_at(const float *x, size_t n, double sr, double f, double bw)
{
    AaSpectrum s;
    /* 8x zero-padding: the Hann scalloping loss between bins drops to ~0.02 dB. */
    if (aa_spectrum(x, n, sr, 8, &s) != 0) return -300.0;
    double m = 0.0;
    for (size_t k = bin_of(&s, f - bw); k <= bin_of(&s, f + bw); k++)
        if (s.mag[k] > m) m = s.mag[k];
    aa_spectrum_free(&s);
    return aa_to_db(m);
}

double aa_gain_db_at(const float *in, const float *out, size_t n, double sr, double f, double bw)
{
    double ei = aa_band_energy(in, n, sr, f - bw, f + bw);
    double eo = aa_band_energy(out, n, sr, f - bw, f + bw);
    if (ei <= 0.0) return eo > 0.0 ? 300.0 : 0.0;
    if (eo <= 0.0) return -300.0;
    return 10.0 * log10(eo / ei);
}

double aa_spectral_centroid(const float *x, size_t n, double sr)
{
    AaSpectrum s;
    if (aa_spectrum(x, n, sr, 1, &s) != 0) return 0.0;
    double num = 0.0, den = 0.0;
    for (size_t k = 1; k < s.bins; k++) {
        num += (double)k * s.bin_hz * s.mag[k];
        den += s.mag[k];
    }
    aa_spectrum_free(&s);
    return den > 0.0 ? num / den : 0.0;
}

double aa_rms(const float *x, size_t n)
{
    if (!n) return 0.0;
    double e = 0.0;
    for (size_t i = 0; i < n; i++) e += (double)x[i] * x[i];
    return sqrt(e / (double)n);
}

double aa_peak(const float *x, size_t n)
{
    double p = 0.0;
    for (size_t i = 0; i < n; i++) {
        double a = fabs((double)x[i]);
        if (a > p || a != a) p = a; /* NaN propagates */
    }
    return p;
}

double aa_to_db(double lin)
{
    return lin > 0.0 ? 20.0 * log10(lin) : -300.0;
}

static void window_range(size_t n, double sr, double t0, double t1, size_t *a, size_t *b)
{
    double fa = t0 * sr, fb = t1 * sr;
    *a = fa <= 0.0 ? 0 : (fa >= (double)n ? n : (size_t)fa);
    *b = fb <= 0.0 ? 0 : (fb >= (double)n ? n : (size_t)fb);
    if (*b < *a) *b = *a;
}

double aa_rms_window(const float *x, size_t n, double sr, double t0, double t1)
{
    size_t a, b;
    window_range(n, sr, t0, t1, &a, &b);
    return aa_rms(x + a, b - a);
}

double aa_peak_window(const float *x, size_t n, double sr, double t0, double t1)
{
    size_t a, b;
    window_range(n, sr, t0, t1, &a, &b);
    return aa_peak(x + a, b - a);
}

double aa_mean(const float *x, size_t n)
{
    if (!n) return 0.0;
    double s = 0.0;
    for (size_t i = 0; i < n; i++) s += x[i];
    return s / (double)n;
}

double aa_max_step(const float *x, size_t n, size_t *at)
{
    double m = 0.0;
    size_t where = 0;
    for (size_t i = 1; i < n; i++) {
        double d = fabs((double)x[i] - (double)x[i - 1]);
        if (d > m || d != d) { m = d; where = i; }
    }
    if (at) *at = where;
    return m;
}

size_t aa_count_nonfinite(const float *x, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++) c += !isfinite(x[i]);
    return c;
}

long aa_first_above(const float *x, size_t n, size_t start, double threshold)
{
    for (size_t i = start; i < n; i++)
        if (fabs((double)x[i]) > threshold) return (long)i;
    return -1;
}

size_t aa_onsets(const float *x, size_t n, double sr, double threshold, double min_silence_s,
                 long *onsets, size_t max_onsets)
{
    size_t gap = (size_t)(min_silence_s * sr);
    size_t count = 0;
    long last_loud = -1;
    for (size_t i = 0; i < n; i++) {
        if (fabs((double)x[i]) > threshold) {
            if (last_loud < 0 || i - (size_t)last_loud > gap) {
                if (count < max_onsets && onsets) onsets[count] = (long)i;
                count++;
            }
            last_loud = (long)i;
        }
    }
    return count;
}

int aa_load_wav(const char *path, AaAudio *out)
{
    memset(out, 0, sizeof *out);
    SF_INFO info;
    memset(&info, 0, sizeof info);
    SNDFILE *f = sf_open(path, SFM_READ, &info);
    if (!f) {
        fprintf(stderr, "aa_load_wav: %s: %s\n", path, sf_strerror(NULL));
        return -1;
    }
    size_t frames = (size_t)info.frames, chans = (size_t)info.channels;
    float *inter = malloc((frames ? frames : 1) * chans * sizeof *inter);
    int keep = info.channels >= 2 ? 2 : 1;
    float *l = malloc((frames ? frames : 1) * sizeof *l);
    float *r = keep == 2 ? malloc((frames ? frames : 1) * sizeof *r) : l;
    if (!inter || !l || !r) {
        free(inter); free(l); if (r != l) free(r);
        sf_close(f);
        return -1;
    }
    sf_count_t got = sf_readf_float(f, inter, (sf_count_t)frames);
    sf_close(f);
    if (got < 0) got = 0;
    for (size_t i = 0; i < (size_t)got; i++) {
        l[i] = inter[i * chans];
        if (keep == 2) r[i] = inter[i * chans + 1];
    }
    free(inter);
    out->ch[0] = l;
    out->ch[1] = r;
    out->channels = keep;
    out->frames = (size_t)got;
    out->sr = (double)info.samplerate;
    return 0;
}

int aa_write_wav(const char *path, const float *const *ch, int channels, size_t frames, double sr)
{
    if (channels < 1 || channels > 2) return -1;
    SF_INFO info;
    memset(&info, 0, sizeof info);
    info.samplerate = (int)sr;
    info.channels = channels;
    info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
    SNDFILE *f = sf_open(path, SFM_WRITE, &info);
    if (!f) return -1;
    float *inter = malloc((frames ? frames : 1) * (size_t)channels * sizeof *inter);
    if (!inter) { sf_close(f); return -1; }
    for (size_t i = 0; i < frames; i++)
        for (int c = 0; c < channels; c++) inter[i * (size_t)channels + (size_t)c] = ch[c][i];
    sf_count_t w = sf_writef_float(f, inter, (sf_count_t)frames);
    free(inter);
    sf_close(f);
    return w == (sf_count_t)frames ? 0 : -1;
}

void aa_audio_free(AaAudio *a)
{
    if (a->ch[1] != a->ch[0]) free(a->ch[1]);
    free(a->ch[0]);
    memset(a, 0, sizeof *a);
}
