/* test_dsp_analysis.c - the audio analysis helpers themselves: the FFT
 * against a direct DFT, pitch accuracy, levels, clicks, onsets and WAV
 * round trips. Tests that measure audio are only as good as these. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <math.h>
#include <cmocka.h>

#include "audio_analysis.h"

#define PI 3.14159265358979323846

static void test_fft_matches_dft(void **state)
{
    (void)state;
    size_t n = 256;
    double x[256], re[129], im[129], cr[256], ci[256];
    for (size_t i = 0; i < n; i++) x[i] = sin(0.3 * (double)i) + 0.5 * cos(1.7 * (double)i) + (double)(i % 7) * 0.1;
    assert_int_equal(aa_rfft(x, n, re, im), 0);
    for (size_t i = 0; i < n; i++) { cr[i] = x[i]; ci[i] = 0.0; }
    assert_int_equal(aa_fft(cr, ci, n), 0);
    for (size_t k = 0; k <= n / 2; k++) {
        double dr = 0.0, di = 0.0;
        for (size_t t = 0; t < n; t++) {
            dr += x[t] * cos(-2.0 * PI * (double)(k * t) / (double)n);
            di += x[t] * sin(-2.0 * PI * (double)(k * t) / (double)n);
        }
        assert_true(fabs(re[k] - dr) < 1e-9 && fabs(im[k] - di) < 1e-9);
        assert_true(fabs(cr[k] - dr) < 1e-9 && fabs(ci[k] - di) < 1e-9);
    }
    assert_int_equal(aa_fft(cr, ci, 100), -1);
    assert_int_equal(aa_next_pow2(1000), 1024);
}

static void test_peak_freq_accuracy(void **state)
{
    (void)state;
    double sr = 44100.0;
    size_t n = 44100;
    float *x = malloc(n * sizeof *x);
    const double fs[] = { 27.5, 110.0, 440.0, 1000.0, 5000.0, 12345.6 };
    for (size_t f = 0; f < 6; f++) {
        for (size_t i = 0; i < n; i++) x[i] = (float)(0.3 * sin(2.0 * PI * fs[f] * (double)i / sr + 0.7));
        double got = aa_peak_freq(x, n, sr);
        assert_true(fabs(got - fs[f]) / fs[f] < 1e-4); /* 10x better than the 0.1 % tests need */
        assert_true(fabs(aa_level_db_at(x, n, sr, fs[f], 5.0) - aa_to_db(0.3)) < 0.1);
    }
    /* A band restriction finds the weaker of two tones. */
    for (size_t i = 0; i < n; i++)
        x[i] = (float)(sin(2.0 * PI * 200.0 * (double)i / sr) + 0.1 * sin(2.0 * PI * 3000.0 * (double)i / sr));
    assert_true(fabs(aa_peak_freq_in(x, n, sr, 1000.0, 5000.0) - 3000.0) < 0.5);
    assert_true(aa_spectral_centroid(x, n, sr) > 200.0 && aa_spectral_centroid(x, n, sr) < 3000.0);
    free(x);
}

static void test_levels_steps_onsets(void **state)
{
    (void)state;
    double sr = 1000.0;
    size_t n = 3000;
    float *x = calloc(n, sizeof *x);
    for (size_t i = 500; i < 600; i++) x[i] = 0.5f;
    for (size_t i = 1500; i < 1510; i++) x[i] = -0.8f;
    x[2500] = 0.2f;
    assert_true(fabs(aa_peak(x, n) - 0.8) < 1e-7);
    assert_true(fabs(aa_rms_window(x, n, sr, 0.5, 0.6) - 0.5) < 1e-7);
    assert_true(aa_rms_window(x, n, sr, 0.0, 0.5) == 0.0);
    size_t at;
    assert_true(fabs(aa_max_step(x, n, &at) - 0.8) < 1e-7 && at == 1500);
    assert_int_equal(aa_first_above(x, n, 0, 0.1), 500);
    long on[4];
    assert_int_equal(aa_onsets(x, n, sr, 0.1, 0.2, on, 4), 3);
    assert_true(on[0] == 500 && on[1] == 1500 && on[2] == 2500);
    /* min_silence longer than the gaps merges them */
    assert_int_equal(aa_onsets(x, n, sr, 0.1, 1.0, on, 4), 1);
    x[7] = NAN; x[8] = INFINITY;
    assert_int_equal(aa_count_nonfinite(x, n), 2);
    free(x);
}

static void test_wav_round_trip(void **state)
{
    (void)state;
    char path[] = "/tmp/phonon_aa_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    float l[1000], r[1000];
    for (int i = 0; i < 1000; i++) { l[i] = (float)i / 1000.0f; r[i] = -l[i]; }
    const float *ch[2] = { l, r };
    assert_int_equal(aa_write_wav(path, ch, 2, 1000, 48000.0), 0);
    AaAudio a;
    assert_int_equal(aa_load_wav(path, &a), 0);
    assert_int_equal(a.channels, 2);
    assert_int_equal(a.frames, 1000);
    assert_true(a.sr == 48000.0);
    assert_memory_equal(a.ch[0], l, sizeof l);
    assert_memory_equal(a.ch[1], r, sizeof r);
    aa_audio_free(&a);
    assert_int_equal(aa_write_wav(path, ch, 1, 1000, 22050.0), 0);
    assert_int_equal(aa_load_wav(path, &a), 0);
    assert_true(a.channels == 1 && a.ch[1] == a.ch[0]);
    aa_audio_free(&a);
    unlink(path);
    assert_int_equal(aa_load_wav("/nonexistent/file.wav", &a), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fft_matches_dft),
        cmocka_unit_test(test_peak_freq_accuracy),
        cmocka_unit_test(test_levels_steps_onsets),
        cmocka_unit_test(test_wav_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
