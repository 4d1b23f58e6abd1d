/* test_sample_kit.c - the built-in kit (kit.h), checked the way a listener
 * would: every bank exists with several different-sounding variations, levels
 * between -1 and -3 dBFS, no NaN, no DC, silent first and last frames with
 * no jump anywhere in low sounds, deterministic bytes, the kick's energy low
 * and falling in pitch, hats high, open hats longer than closed, claps made
 * of several bursts, toms ordered in pitch, tonal banks in tune on C.
 * Spectra come from a small FFT in this file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <complex.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sample/kit.h"
#include "sample/sample_buffer.h"

static const double rates[] = { 44100.0, 48000.0 };

/* ---- analysis ------------------------------------------------------------- */

static void fft(double complex *a, int n)
{
    for (int i = 1, j = 0; i < n; i++) {
        int bit = n >> 1;
        for (; j & bit; bit >>= 1) j ^= bit;
        j ^= bit;
        if (i < j) {
            double complex t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
    for (int len = 2; len <= n; len <<= 1) {
        double complex wl = cexp(-2.0 * M_PI * I / len);
        for (int i = 0; i < n; i += len) {
            double complex w = 1.0;
            for (int j = 0; j < len / 2; j++) {
                double complex u = a[i + j], v = a[i + j + len / 2] * w;
                a[i + j] = u + v;
                a[i + j + len / 2] = u - v;
                w *= wl;
            }
        }
    }
}

/* Power spectrum of x[from..from+len) (Hann-windowed if hann), zero-padded
 * to at least min_n; returns the FFT size, power in *pow (n/2 bins). */
static int power_spectrum(const float *x, int64_t from, int64_t len, bool hann, int min_n,
                          double **pow_out)
{
    int n = 1;
    while (n < len || n < min_n) n <<= 1;
    double complex *a = calloc((size_t)n, sizeof *a);
    assert_non_null(a);
    for (int64_t i = 0; i < len; i++) {
        double w = hann ? 0.5 - 0.5 * cos(2.0 * M_PI * (double)i / (double)(len - 1)) : 1.0;
        a[i] = x[from + i] * w;
    }
    fft(a, n);
    double *p = malloc(sizeof(double) * (size_t)(n / 2));
    assert_non_null(p);
    for (int k = 0; k < n / 2; k++) p[k] = creal(a[k]) * creal(a[k]) + cimag(a[k]) * cimag(a[k]);
    free(a);
    *pow_out = p;
    return n;
}

/* Energy-weighted mean frequency of the whole sample. */
static double centroid_hz(const Sample *s)
{
    double *p;
    int n = power_spectrum(s->data[0], 0, s->frames, false, 0, &p);
    double num = 0.0, den = 0.0;
    for (int k = 1; k < n / 2; k++) {
        num += k * s->rate / n * p[k];
        den += p[k];
    }
    free(p);
    return num / den;
}

/* Frequency of the strongest bin in a Hann-windowed span (ms), refined by
 * parabolic interpolation. */
static double peak_hz(const Sample *s, double from_ms, double to_ms)
{
    int64_t a = (int64_t)(from_ms * 0.001 * s->rate), b = (int64_t)(to_ms * 0.001 * s->rate);
    if (b > s->frames) b = s->frames;
    double *p;
    int n = power_spectrum(s->data[0], a, b - a, true, 1 << 16, &p);
    int best = 1;
    for (int k = 1; k < n / 2 - 1; k++)
        if (p[k] > p[best]) best = k;
    double l = log(p[best - 1] + 1e-30), c = log(p[best] + 1e-30), r = log(p[best + 1] + 1e-30);
    double d = 0.5 * (l - r) / (l - 2.0 * c + r);
    free(p);
    return (best + d) * s->rate / n;
}

static double rms(const float *x, int64_t n)
{
    double e = 0.0;
    for (int64_t i = 0; i < n; i++) e += (double)x[i] * x[i];
    return n > 0 ? sqrt(e / (double)n) : 0.0;
}

/* Seconds until the 5 ms RMS envelope last exceeds peak RMS - drop_db. */
static double decay_time(const Sample *s, double drop_db)
{
    int64_t w = (int64_t)(0.005 * s->rate);
    double top = 0.0, last = 0.0;
    for (int64_t i = 0; i + w <= s->frames; i += w) top = fmax(top, rms(s->data[0] + i, w));
    double floor_level = top * pow(10.0, -drop_db / 20.0);
    for (int64_t i = 0; i + w <= s->frames; i += w)
        if (rms(s->data[0] + i, w) > floor_level) last = (double)(i + w) / s->rate;
    return last;
}

static Sample *render(const char *bank, int v, double rate)
{
    int b = kit_find(bank);
    if (b < 0) fail_msg("no built-in bank '%s'", bank);
    Sample *s = NULL;
    assert_int_equal(kit_render(b, v, rate, &s), PH_OK);
    assert_non_null(s);
    return s;
}

static int variations(const char *bank)
{
    return kit_bank_info(kit_find(bank))->variations;
}

/* ---- tests ---------------------------------------------------------------- */

static void test_banks_exist_with_variations(void **state)
{
    (void)state;
    const char *drums[] = { "bd", "sn", "hh", "oh", "cp", "lt", "mt", "ht", "rim", "cb", "cy" };
    for (size_t i = 0; i < sizeof drums / sizeof drums[0]; i++) {
        int b = kit_find(drums[i]);
        if (b < 0) fail_msg("built-in bank '%s' missing", drums[i]);
        assert_true(kit_bank_info(b)->variations >= 3);
        assert_true(kit_bank_info(b)->pitch_hz == 0.0);
    }
    const char *tonal[] = { "bass", "arpy", "pad", "stab" };
    for (size_t i = 0; i < sizeof tonal / sizeof tonal[0]; i++) {
        int b = kit_find(tonal[i]);
        assert_true(b >= 0);
        assert_true(kit_bank_info(b)->variations >= 3);
        assert_true(kit_bank_info(b)->pitch_hz > 0.0);
    }
    for (int i = 1; i < kit_bank_count(); i++)
        assert_true(strcmp(kit_bank_info(i - 1)->name, kit_bank_info(i)->name) < 0);
    assert_int_equal(kit_find("nope"), -1);
    assert_null(kit_bank_info(kit_bank_count()));
    Sample *s = (Sample *)1;
    assert_int_equal(kit_render(0, 99, 44100.0, &s), PH_ERR_ARG);
    assert_null(s);
    assert_int_equal(kit_render(-1, 0, 44100.0, &s), PH_ERR_ARG);
    assert_int_equal(kit_render(0, 0, 100.0, &s), PH_ERR_ARG);
}

/* Level, NaN, DC, edges, length, for every file at two rates. */
static void test_every_file_is_clean(void **state)
{
    (void)state;
    for (int r = 0; r < 2; r++)
        for (int b = 0; b < kit_bank_count(); b++)
            for (int v = 0; v < kit_bank_info(b)->variations; v++) {
                Sample *s = NULL;
                assert_int_equal(kit_render(b, v, rates[r], &s), PH_OK);
                const char *name = s->name;
                const float *x = s->data[0];
                assert_int_equal(s->channels, 1);
                assert_true(s->rate == rates[r]);
                double sum = 0.0, peak = 0.0;
                for (int64_t i = 0; i < s->frames; i++) {
                    if (!isfinite(x[i])) fail_msg("%s: non-finite at %lld", name, (long long)i);
                    sum += x[i];
                    peak = fmax(peak, fabs(x[i]));
                }
                double db = 20.0 * log10(peak);
                if (db > -0.99 || db < -3.01) fail_msg("%s: peak %.2f dBFS", name, db);
                assert_true(fabs(s->peak - peak) < 1e-9);
                if (fabs(sum / (double)s->frames) > 1e-4)
                    fail_msg("%s: DC offset %g", name, sum / (double)s->frames);
                /* Silent edges, and the last millisecond already faded. */
                if (fabsf(x[0]) > 1e-6f || fabsf(x[s->frames - 1]) > 1e-6f)
                    fail_msg("%s: edge frames %g %g", name, x[0], x[s->frames - 1]);
                int64_t ms = (int64_t)(0.001 * s->rate);
                if (rms(x + s->frames - ms, ms) > 0.003)
                    fail_msg("%s: last ms rms %g", name, rms(x + s->frames - ms, ms));
                sample_buf_free(s);
            }
}

/* Low sounds are smooth: any sample-to-sample jump would be an audible click. */
static void test_low_sounds_have_no_jumps(void **state)
{
    (void)state;
    const char *low[] = { "bd", "lt", "mt", "bass", "pad" };
    for (size_t k = 0; k < sizeof low / sizeof low[0]; k++)
        for (int v = 0; v < variations(low[k]); v++) {
            Sample *s = render(low[k], v, 44100.0);
            double jump = 0.0;
            for (int64_t i = 1; i < s->frames; i++)
                jump = fmax(jump, fabs(s->data[0][i] - s->data[0][i - 1]));
            if (jump > 0.2) fail_msg("%s: jump of %.3f between frames", s->name, jump);
            sample_buf_free(s);
        }
}

static void test_variations_differ(void **state)
{
    (void)state;
    for (int b = 0; b < kit_bank_count(); b++) {
        int nv = kit_bank_info(b)->variations;
        Sample *s[8] = { 0 };
        for (int v = 0; v < nv; v++) assert_int_equal(kit_render(b, v, 44100.0, &s[v]), PH_OK);
        for (int v = 0; v < nv; v++)
            for (int w = v + 1; w < nv; w++) {
                int64_t n = s[v]->frames < s[w]->frames ? s[v]->frames : s[w]->frames;
                double d = 0.0, e = 0.0;
                for (int64_t i = 0; i < n; i++) {
                    double diff = s[v]->data[0][i] - s[w]->data[0][i];
                    d += diff * diff;
                    e += (double)s[v]->data[0][i] * s[v]->data[0][i];
                }
                if (d < 0.1 * e) fail_msg("%s and %s are nearly the same", s[v]->name, s[w]->name);
            }
        for (int v = 0; v < nv; v++) sample_buf_free(s[v]);
    }
}

static void test_deterministic(void **state)
{
    (void)state;
    for (int b = 0; b < kit_bank_count(); b++)
        for (int v = 0; v < kit_bank_info(b)->variations; v++) {
            Sample *a = NULL, *c = NULL;
            assert_int_equal(kit_render(b, v, 48000.0, &a), PH_OK);
            assert_int_equal(kit_render(b, v, 48000.0, &c), PH_OK);
            assert_int_equal(a->frames, c->frames);
            assert_memory_equal(a->data[0], c->data[0], sizeof(float) * (size_t)a->frames);
            sample_buf_free(a);
            sample_buf_free(c);
        }
}

static void test_kick_is_low_short_and_drops_in_pitch(void **state)
{
    (void)state;
    for (int r = 0; r < 2; r++)
        for (int v = 0; v < variations("bd"); v++) {
            Sample *s = render("bd", v, rates[r]);
            double len = (double)s->frames / s->rate, c = centroid_hz(s);
            if (len < 0.3 || len > 0.5) fail_msg("%s: %.3f s long", s->name, len);
            if (c > 200.0) fail_msg("%s: centroid %.0f Hz", s->name, c);
            double early = peak_hz(s, 0.0, 20.0), late = peak_hz(s, 150.0, 300.0);
            if (!(early > 1.4 * late && late > 35.0 && late < 70.0))
                fail_msg("%s: pitch %.0f Hz early, %.0f Hz late", s->name, early, late);
            sample_buf_free(s);
        }
}

static void test_hats_and_cymbals_are_high(void **state)
{
    (void)state;
    const char *metal[] = { "hh", "oh", "cy" };
    for (int r = 0; r < 2; r++)
        for (size_t k = 0; k < 3; k++)
            for (int v = 0; v < variations(metal[k]); v++) {
                Sample *s = render(metal[k], v, rates[r]);
                double c = centroid_hz(s);
                if (c < 5000.0) fail_msg("%s: centroid %.0f Hz", s->name, c);
                sample_buf_free(s);
            }
}

static void test_open_hat_rings_longer_than_closed(void **state)
{
    (void)state;
    double closed = 0.0, open = 1e9;
    for (int v = 0; v < variations("hh"); v++) {
        Sample *s = render("hh", v, 44100.0);
        closed = fmax(closed, decay_time(s, 30.0));
        sample_buf_free(s);
    }
    for (int v = 0; v < variations("oh"); v++) {
        Sample *s = render("oh", v, 44100.0);
        open = fmin(open, decay_time(s, 30.0));
        sample_buf_free(s);
    }
    if (!(closed < 0.15 && open > 2.0 * closed))
        fail_msg("closed hats ring %.3f s, open hats %.3f s", closed, open);
}

/* A snare mixes a low body with noise: between the kick and the hats. */
static void test_snare_sits_between_kick_and_hats(void **state)
{
    (void)state;
    for (int v = 0; v < variations("sn"); v++) {
        Sample *s = render("sn", v, 44100.0);
        double c = centroid_hz(s), body = peak_hz(s, 0.0, 40.0);
        if (c < 500.0 || c > 6000.0) fail_msg("%s: centroid %.0f Hz", s->name, c);
        if (body < 120.0 || body > 450.0) fail_msg("%s: body at %.0f Hz", s->name, body);
        sample_buf_free(s);
    }
}

/* The clap's first 40 ms hold several separate bursts (local maxima of a
 * 1 ms RMS envelope that stand 3 dB above the dip before them). */
static void test_clap_has_several_bursts(void **state)
{
    (void)state;
    for (int v = 0; v < variations("cp"); v++) {
        Sample *s = render("cp", v, 44100.0);
        int64_t w = (int64_t)(0.001 * s->rate);
        int bursts = 0;
        double dip = 1e9, prev = 0.0;
        bool rising = true;
        for (int64_t i = 0; i + w <= (int64_t)(0.06 * s->rate); i += w) {
            double e = rms(s->data[0] + i, w);
            if (rising && e < prev && prev > 1.41 * dip) {
                bursts++;
                rising = false;
                dip = prev;
            }
            if (!rising && e > prev) rising = true;
            dip = fmin(dip, e);
            prev = e;
        }
        if (bursts < 3) fail_msg("%s: %d bursts", s->name, bursts);
        sample_buf_free(s);
    }
}

static void test_toms_ordered_in_pitch(void **state)
{
    (void)state;
    const char *toms[] = { "lt", "mt", "ht" };
    double prev_max = 0.0;
    for (int t = 0; t < 3; t++) {
        double lo = 1e9, hi = 0.0;
        for (int v = 0; v < variations(toms[t]); v++) {
            Sample *s = render(toms[t], v, 44100.0);
            double f = peak_hz(s, 50.0, 300.0);
            lo = fmin(lo, f);
            hi = fmax(hi, f);
            sample_buf_free(s);
        }
        if (lo <= prev_max) fail_msg("%s starts at %.0f Hz, below the tom before", toms[t], lo);
        prev_max = hi;
    }
}

/* Tonal banks: the strongest partial is a C (some octave), within 15 cents. */
static void test_tonal_banks_in_tune(void **state)
{
    (void)state;
    const char *tonal[] = { "bass", "arpy", "pad" };
    for (size_t k = 0; k < 3; k++)
        for (int v = 0; v < variations(tonal[k]); v++) {
            Sample *s = render(tonal[k], v, 48000.0);
            double f = peak_hz(s, 20.0, 600.0);
            double octaves = log2(f / kit_bank_info(kit_find(tonal[k]))->pitch_hz);
            double cents = 1200.0 * fabs(octaves - round(octaves));
            if (cents > 15.0) fail_msg("%s: strongest partial %.2f Hz, %.0f cents off C", s->name, f, cents);
            sample_buf_free(s);
        }
    /* Stabs: the strongest partial is a chord note, on the semitone grid. */
    for (int v = 0; v < variations("stab"); v++) {
        Sample *s = render("stab", v, 48000.0);
        double st = 12.0 * log2(peak_hz(s, 5.0, 200.0) / 261.6255653005986);
        if (fabs(st - round(st)) > 0.15) fail_msg("%s: %.2f semitones above C4", s->name, st);
        sample_buf_free(s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_banks_exist_with_variations),
        cmocka_unit_test(test_every_file_is_clean),
        cmocka_unit_test(test_low_sounds_have_no_jumps),
        cmocka_unit_test(test_variations_differ),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_kick_is_low_short_and_drops_in_pitch),
        cmocka_unit_test(test_hats_and_cymbals_are_high),
        cmocka_unit_test(test_open_hat_rings_longer_than_closed),
        cmocka_unit_test(test_snare_sits_between_kick_and_hats),
        cmocka_unit_test(test_clap_has_several_bursts),
        cmocka_unit_test(test_toms_ordered_in_pitch),
        cmocka_unit_test(test_tonal_banks_in_tune),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
