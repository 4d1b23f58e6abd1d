/* test_dsp_master.c - the master stage: never above the ceiling, never
 * NaN/inf, quiet material passes bit-exact (delayed by the look-ahead), no
 * pumping below the ceiling, state carried across blocks of any size. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "audio_analysis.h"
#include "dsp/dsp_master.h"
#include "dsp/dsp_noise.h"

#define SR 44100.0f

/* Run the master over planar l/r in blocks of varying size (1..1024). */
static void run_master(DspMaster *m, const float *l, const float *r, float *ol, float *orr, size_t n)
{
    static const int sizes[] = { 1, 64, 1024, 7, 512, 333, 1000 };
    size_t i = 0;
    for (int b = 0; i < n; b++) {
        int blk = sizes[b % 7];
        int k = (int)(n - i < (size_t)blk ? n - i : (size_t)blk);
        const float *in[2] = { l + i, r + i };
        float *out[2] = { ol + i, orr + i };
        dsp_master_process(m, in, out, 2, k);
        i += (size_t)k;
    }
}

static void test_never_above_ceiling(void **state)
{
    (void)state;
    size_t n = 3 * 44100;
    float *l = malloc(n * sizeof *l), *r = malloc(n * sizeof *r);
    float *ol = malloc(n * sizeof *ol), *orr = malloc(n * sizeof *orr);
    DspNoise nz;
    dsp_noise_init(&nz, SR, DSP_NOISE_WHITE, 9);
    dsp_noise_process(&nz, l, 1024);
    for (size_t i = 0; i < n; i += 1000) {
        dsp_noise_process(&nz, l + i, (int)(n - i < 1000 ? n - i : 1000));
    }
    for (size_t i = 0; i < n; i++) {
        float env = (i / 10000) % 3 == 0 ? 0.3f : ((i / 10000) % 3 == 1 ? 5.0f : 100.0f);
        r[i] = l[n - 1 - i] * env;
        l[i] *= env;
    }
    l[5000] = NAN; r[7000] = INFINITY; l[60000] = -INFINITY; r[60001] = NAN;
    l[90000] = 1e30f; r[90000] = -1e30f;
    const float las[] = { 0.0f, DSP_MASTER_LOOKAHEAD_S, 0.005f };
    for (int t = 0; t < 3; t++) {
        DspMaster m;
        dsp_master_init(&m, SR, las[t], DSP_MASTER_CEILING_DB);
        run_master(&m, l, r, ol, orr, n);
        double ceil = pow(10.0, -0.3 / 20.0);
        assert_int_equal(aa_count_nonfinite(ol, n) + aa_count_nonfinite(orr, n), 0);
        assert_true(aa_peak(ol, n) <= ceil + 1e-7 && aa_peak(orr, n) <= ceil + 1e-7);
        assert_true(m.nonfinite == 4);
        /* Loud passages are limited, not silenced. */
        assert_true(aa_rms_window(ol, n, SR, 0.3, 0.4) > 0.1);
    }
    free(l); free(r); free(ol); free(orr);
}

static void test_quiet_passes_untouched(void **state)
{
    (void)state;
    size_t n = 2 * 44100;
    float *l = malloc(n * sizeof *l), *r = malloc(n * sizeof *r);
    float *ol = malloc(n * sizeof *ol), *orr = malloc(n * sizeof *orr);
    for (size_t i = 0; i < n; i++) {
        /* Up to 0.95 peak: just under the -0.3 dBFS (0.966) ceiling. */
        l[i] = (float)(0.95 * sin(2.0 * 3.141592653589793 * 220.0 * (double)i / SR));
        r[i] = (float)(0.5 * sin(2.0 * 3.141592653589793 * 331.0 * (double)i / SR));
    }
    DspMaster m;
    dsp_master_init(&m, SR, DSP_MASTER_LOOKAHEAD_S, DSP_MASTER_CEILING_DB);
    int lat = dsp_master_latency(&m);
    assert_int_equal(lat, 66);
    run_master(&m, l, r, ol, orr, n);
    for (size_t i = (size_t)lat; i < n; i++) {
        assert_true(ol[i] == l[i - (size_t)lat]);
        assert_true(orr[i] == r[i - (size_t)lat]);
    }
    for (int i = 0; i < lat; i++) assert_true(ol[i] == 0.0f);
    /* Zero look-ahead: no delay at all. */
    DspMaster z;
    dsp_master_init(&z, SR, 0.0f, DSP_MASTER_CEILING_DB);
    assert_int_equal(dsp_master_latency(&z), 0);
    run_master(&z, l, r, ol, orr, n);
    assert_memory_equal(ol, l, n * sizeof(float));
    assert_memory_equal(orr, r, n * sizeof(float));
    free(l); free(r); free(ol); free(orr);
}

/* A single over-ceiling hit: gain dips and comes back smoothly, with no
 * step in the output bigger than the signal's own motion (no click), and
 * the level after the release is back to exactly the input. */
static void test_transient_recovery(void **state)
{
    (void)state;
    size_t n = 2 * 44100;
    float *l = malloc(n * sizeof *l), *ol = malloc(n * sizeof *ol);
    for (size_t i = 0; i < n; i++) l[i] = (float)(0.5 * sin(2.0 * 3.141592653589793 * 100.0 * (double)i / SR));
    for (size_t i = 441 * 20; i < 441 * 22; i++) l[i] *= 4.0f; /* two loud cycles */
    DspMaster m;
    dsp_master_init(&m, SR, DSP_MASTER_LOOKAHEAD_S, DSP_MASTER_CEILING_DB);
    run_master(&m, l, l, ol, ol, n); /* mono in place-like use of one buffer pair */
    int lat = dsp_master_latency(&m);
    assert_true(aa_peak(ol, n) <= pow(10.0, -0.3 / 20.0) + 1e-7);
    assert_true(aa_max_step(ol, n, NULL) < 0.05);
    for (size_t i = 66150; i < n; i++) assert_true(ol[i] == l[i - (size_t)lat]); /* 1.3 s after */
    free(l); free(ol);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_never_above_ceiling),
        cmocka_unit_test(test_quiet_passes_untouched),
        cmocka_unit_test(test_transient_recovery),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
