/* test_engine_schedule.c - the optimisation passes of program_finalize
 * (engine/schedule.h) never change a sample:
 *   - the lane kernels (every ISA the CPU has) give the single kernels'
 *     samples and end state bit for bit, for every waveform, filter mode,
 *     stereo pair, block length, lane count and starting state;
 *   - random programs (oscillators, patterns, filters with constant and
 *     modulated cutoffs, feedback buses, samples, effects, stereo) render
 *     identically with every pass on, each pass off and all off, at block
 *     sizes that leave partial tiles;
 *   - the 64 x 64 synth program really forms banks and reuses buffers, and
 *     renders the same with AVX-512, AVX2 or no SIMD, and with 1 or 2 threads;
 *   - a feedback bus still reads exactly one block of delay;
 *   - every example renders identically with buffer reuse on and off;
 *   - live reload adopts banked oscillator phase and filter state: swapping
 *     a banked program for the same program unbanked (and back) changes no
 *     bit, and a level change lands exactly on the scaled reference. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio_analysis.h"
#include "engine_rig.h"
#include "core/arena.h"
#include "core/diag.h"
#include "dsp/dsp_bank_lanes.h"
#include "dsp/dsp_math.h"
#include "engine/engine.h"
#include "lang/compiler.h"
#include "lang/parser.h"
#include "render_helper.h"
#include "sample/sample_library.h"

#define SR 44100
#define ALL_OFF 0xFFu

static uint32_t rng(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

static double rnd(uint32_t *s, double lo, double hi) { return lo + (hi - lo) * (rng(s) >> 8) / 16777216.0; }

/* ---- lane kernels vs single kernels --------------------------------------------------- */

static int isa_tables(DspLaneKernels *k)
{
    int n = 0;
    dsp_lane_kernels_scalar(&k[n++]);
    DspLaneKernels t;
    dsp_lane_kernels_pick(&t, DSP_ISA_AVX2);
    if (strcmp(t.name, "avx2") == 0) k[n++] = t;
    dsp_lane_kernels_pick(&t, DSP_ISA_AVX512);
    if (strcmp(t.name, "avx512") == 0) k[n++] = t;
    return n;
}

static void osc_state_equal(const DspOsc *a, const DspOsc *b)
{
    assert_true(a->phase == b->phase);
    assert_true(memcmp(&a->amp, &b->amp, sizeof a->amp) == 0);
    assert_true(memcmp(&a->last_inc, &b->last_inc, sizeof a->last_inc) == 0);
}

static void test_osc_lanes_match_single(void **state)
{
    (void)state;
    DspLaneKernels kern[3];
    int nk = isa_tables(kern);
    static const int lens[] = { 1, 7, 16, 17, 100, 512, 1024 };
    uint32_t seed = 12345;
    float *ref = malloc(sizeof(float) * DSP_BLOCK_MAX), *out[DSP_LANES_MAX];
    float *fbuf = malloc(sizeof(float) * DSP_BLOCK_MAX), *wbuf = malloc(sizeof(float) * DSP_BLOCK_MAX);
    for (int v = 0; v < DSP_LANES_MAX; v++) out[v] = malloc(sizeof(float) * DSP_BLOCK_MAX);
    for (int wave = DSP_WAVE_SINE; wave <= DSP_WAVE_PULSE; wave++) {
        for (int k = 0; k < nk; k++) {
            for (int round = 0; round < 40; round++) {
                int count = 1 + (int)(rng(&seed) % DSP_LANES_MAX), n = lens[rng(&seed) % 7];
                DspOsc lane[DSP_LANES_MAX], alone[DSP_LANES_MAX];
                DspOscLanes l;
                memset(&l, 0, sizeof l);
                l.count = count;
                l.wave = (DspWave)wave;
                for (int v = 0; v < count; v++) {
                    dsp_osc_init(&lane[v], SR, (DspWave)wave);
                    /* any reachable state: mid-ramp gains, any phase, a remembered increment */
                    int r = (int)(rng(&seed) % 4);
                    lane[v].amp = r == 0 ? 0.0f : r == 1 ? 1.0f : (float)rnd(&seed, 0, 1);
                    lane[v].phase = rnd(&seed, 0, 1);
                    lane[v].last_inc = (float)rnd(&seed, 0, 0.05);
                    alone[v] = lane[v];
                    int f = (int)(rng(&seed) % 8);
                    l.freq[v] = f == 0 ? 0.0f : f == 1 ? -5.0f : f == 2 ? NAN : f == 3 ? 30000.0f : (float)rnd(&seed, 20, 5000);
                    l.width[v] = (float)rnd(&seed, -0.2, 1.2);
                    l.out[v] = out[v];
                    l.osc[v] = &lane[v];
                }
                kern[k].osc(&l, n);
                for (int v = 0; v < count; v++) {
                    dsp_fill(fbuf, l.freq[v], n);
                    dsp_fill(wbuf, l.width[v], n);
                    dsp_osc_process(&alone[v], fbuf, wave == DSP_WAVE_PULSE ? wbuf : NULL, ref, n);
                    if (memcmp(ref, out[v], sizeof(float) * (size_t)n) != 0)
                        fail_msg("%s wave %d lane %d/%d n %d differs", kern[k].name, wave, v, count, n);
                    osc_state_equal(&alone[v], &lane[v]);
                }
            }
        }
    }
    for (int v = 0; v < DSP_LANES_MAX; v++) free(out[v]);
    free(ref);
    free(fbuf);
    free(wbuf);
}

static void test_svf_lanes_match_single(void **state)
{
    (void)state;
    DspLaneKernels kern[3];
    int nk = isa_tables(kern);
    static const int lens[] = { 1, 5, 16, 33, 256, 512, 1024 };
    uint32_t seed = 777;
    float *in[DSP_LANES_MAX], *out[DSP_LANES_MAX], *ref[2], *cut = malloc(sizeof(float) * DSP_BLOCK_MAX),
          *qb = malloc(sizeof(float) * DSP_BLOCK_MAX);
    for (int v = 0; v < DSP_LANES_MAX; v++) {
        in[v] = malloc(sizeof(float) * DSP_BLOCK_MAX);
        out[v] = malloc(sizeof(float) * DSP_BLOCK_MAX);
    }
    ref[0] = malloc(sizeof(float) * DSP_BLOCK_MAX);
    ref[1] = malloc(sizeof(float) * DSP_BLOCK_MAX);
    for (int k = 0; k < nk; k++) {
        for (int round = 0; round < 200; round++) {
            int n = lens[rng(&seed) % 7];
            DspSvf lane[DSP_LANES_MAX], alone[DSP_LANES_MAX];
            DspSvfLanes l;
            memset(&l, 0, sizeof l);
            int nf = 0;
            while (l.count < DSP_LANES_MAX) {
                bool stereo = rng(&seed) % 3 == 0 && l.count + 2 <= DSP_LANES_MAX;
                DspSvf *f = &lane[nf];
                dsp_svf_init(f, SR, (DspSvfMode)(rng(&seed) % 4));
                for (int c = 0; c < 2; c++) {
                    f->ic1[c] = (float)rnd(&seed, -1, 1);
                    f->ic2[c] = (float)rnd(&seed, -1, 1);
                }
                alone[nf] = *f;
                float fc = rng(&seed) % 9 == 0 ? 1e9f : (float)rnd(&seed, -100, 22000);
                float q = rng(&seed) % 9 == 0 ? 0.0f : (float)rnd(&seed, 0.05, 60);
                for (int c = 0; c < (stereo ? 2 : 1); c++) {
                    int v = l.count++;
                    l.svf[v] = f;
                    l.ch[v] = c;
                    l.cutoff[v] = fc;
                    l.q[v] = q;
                    for (int i = 0; i < n; i++) in[v][i] = (float)rnd(&seed, -1, 1);
                    l.in[v] = in[v];
                    l.out[v] = out[v];
                }
                nf++;
                if (rng(&seed) % 5 == 0) break;
            }
            /* in place for one lane now and then: allowed, as for dsp_svf_process */
            bool inplace = rng(&seed) % 4 == 0 && l.ch[0] == 0 && (l.count == 1 || l.svf[1] != l.svf[0]);
            float keep[DSP_BLOCK_MAX];
            memcpy(keep, in[0], sizeof(float) * (size_t)n);
            if (inplace) l.out[0] = in[0];
            kern[k].svf(&l, n);
            for (int v = 0, f = 0; v < l.count; f++) {
                bool stereo = v + 1 < l.count && l.svf[v + 1] == l.svf[v];
                const float *x[2] = { v == 0 ? keep : in[v], stereo ? in[v + 1] : in[v] };
                float *y[2] = { ref[0], ref[1] };
                dsp_fill(cut, l.cutoff[v], n);
                dsp_fill(qb, l.q[v], n);
                dsp_svf_process(&alone[f], x, y, stereo ? 2 : 1, cut, qb, n);
                const float *got0 = inplace && v == 0 ? in[0] : out[v];
                if (memcmp(ref[0], got0, sizeof(float) * (size_t)n) != 0)
                    fail_msg("%s svf lane %d n %d differs", kern[k].name, v, n);
                if (stereo) assert_memory_equal(ref[1], out[v + 1], sizeof(float) * (size_t)n);
                assert_memory_equal(&alone[f], &lane[f], sizeof(DspSvf));
                v += stereo ? 2 : 1;
            }
        }
    }
    for (int v = 0; v < DSP_LANES_MAX; v++) {
        free(in[v]);
        free(out[v]);
    }
    free(ref[0]);
    free(ref[1]);
    free(cut);
    free(qb);
}

/* ---- whole programs ------------------------------------------------------------------------ */

static void render_ok(const char *src, const RenderOptions *o, Rendered *r)
{
    int rc = render_source(src, o, r);
    if (rc != 0) fprintf(stderr, "render failed:\n%s\n%s\n", src, r->diagnostics ? r->diagnostics : "");
    assert_int_equal(rc, 0);
}

/* Renders src with opt_off a and b; every sample must be the same. */
static void assert_same_render(const char *src, RenderOptions o, unsigned a, unsigned b)
{
    Rendered x, y;
    o.opt_off = a;
    render_ok(src, &o, &x);
    o.opt_off = b;
    render_ok(src, &o, &y);
    assert_int_equal(x.frames, y.frames);
    if (memcmp(x.l, y.l, sizeof(float) * x.frames) != 0 || memcmp(x.r, y.r, sizeof(float) * x.frames) != 0) {
        size_t i = 0;
        while (i < x.frames && x.l[i] == y.l[i] && x.r[i] == y.r[i]) i++;
        fail_msg("opt_off %#x vs %#x: first difference at frame %zu (%.9g vs %.9g), block %d, program:\n%s", a, b,
                 i, x.l[i], y.l[i], o.block, src);
    }
    rendered_free(&x);
    rendered_free(&y);
}

static const char *const WAVES[] = { "sine", "saw", "square", "tri" };
static const char *const FILTERS[] = { "lpf", "hpf", "bpf", "notch" };

/* One bus's source. */
static int gen_source(uint32_t *s, int bus, char *o, size_t cap)
{
    switch (rng(s) % 9) {
    case 0: case 1: case 2:
        return snprintf(o, cap, "%s %.2f", WAVES[rng(s) % 4], rnd(s, 30, 3000));
    case 3: return snprintf(o, cap, "pulse %.2f %.2f", rnd(s, 40, 800), rnd(s, 0.1, 0.9));
    case 4: return snprintf(o, cap, "%s \"%.1f ~ %.1f %.1f\"", WAVES[rng(s) % 4], rnd(s, 50, 400), rnd(s, 50, 400),
                            rnd(s, 50, 400));
    case 5: return snprintf(o, cap, "noise");
    case 6:
        if (bus > 0)
            return snprintf(o, cap, "sine (~b%d * %.1f + %.1f)", (int)(rng(s) % (uint32_t)bus), rnd(s, 5, 200),
                            rnd(s, 200, 900));
        return snprintf(o, cap, "saw %.2f", rnd(s, 30, 300));
    case 7: return snprintf(o, cap, "s \"bd ~ sn bd\" * 0.5");
    default: return snprintf(o, cap, "sine %.3f", rnd(s, 0.1, 3)); /* an LFO */
    }
}

/* One effect in a chain. */
static int gen_effect(uint32_t *s, int bus, char *o, size_t cap)
{
    switch (rng(s) % 8) {
    case 0: case 1: case 2:
        return snprintf(o, cap, " # %s %.1f %.2f", FILTERS[rng(s) % 4], rnd(s, 50, 8000), rnd(s, 0.3, 4));
    case 3:
        if (bus > 0)
            return snprintf(o, cap, " # lpf (~b%d * %.0f + %.0f) 0.8", (int)(rng(s) % (uint32_t)bus), rnd(s, 100, 600),
                            rnd(s, 700, 2000));
        return snprintf(o, cap, " # hpf 200 0.7");
    case 4: return snprintf(o, cap, " # delay %.3f 0.3 0.3", rnd(s, 0.01, 0.2));
    case 5: return snprintf(o, cap, " # distortion %.1f 0.5", rnd(s, 1, 5));
    case 6: return snprintf(o, cap, " # reverb 0.3 0.5 0.2");
    default: return snprintf(o, cap, " * %.2f", rnd(s, 0.2, 1.5));
    }
}

static void gen_program(uint32_t seed, char *o, size_t cap)
{
    uint32_t s = seed * 2654435761u + 1;
    int nb = 3 + (int)(rng(&s) % 12);
    size_t len = (size_t)snprintf(o, cap, "tempo: %.2f\n", rnd(&s, 0.4, 1.2));
    for (int b = 0; b < nb; b++) {
        len += (size_t)snprintf(o + len, cap - len, "~b%d: ", b);
        bool fb = rng(&s) % 6 == 0;
        if (fb) len += (size_t)snprintf(o + len, cap - len, "(~b%d * 0.3 + ", b);
        len += (size_t)gen_source(&s, b, o + len, cap - len);
        if (fb) len += (size_t)snprintf(o + len, cap - len, ")");
        int nfx = (int)(rng(&s) % 3);
        for (int f = 0; f < nfx; f++) len += (size_t)gen_effect(&s, b, o + len, cap - len);
        len += (size_t)snprintf(o + len, cap - len, "\n");
    }
    len += (size_t)snprintf(o + len, cap - len, "out: ");
    for (int b = 0; b < nb; b++) len += (size_t)snprintf(o + len, cap - len, "%s~b%d * %.2f", b ? " + " : "", b, rnd(&s, 0.05, 0.3));
    snprintf(o + len, cap - len, "\n");
}

static void test_random_graphs_identical(void **state)
{
    (void)state;
    static const int blocks[] = { 512, 100, 64, 37 };
    static const unsigned single[] = { PROGRAM_OPT_DEDUPE, PROGRAM_OPT_SCHEDULE, PROGRAM_OPT_BANK, PROGRAM_OPT_REUSE,
                                       PROGRAM_OPT_AVX512, PROGRAM_OPT_VECTOR };
    char src[8192];
    for (uint32_t seed = 1; seed <= 40; seed++) {
        gen_program(seed, src, sizeof src);
        RenderOptions o = { .rate = SR, .seconds = 1.2, .block = blocks[seed % 4] };
        assert_same_render(src, o, ALL_OFF, 0);
        assert_same_render(src, o, single[seed % 6], 0);
    }
}

/* 64 saws through 64 low-pass filters (the benchmark), n voices. */
static char *synth_bank_program(int n, bool patterns)
{
    size_t cap = (size_t)n * 96 + 64;
    char *s = malloc(cap);
    size_t len = 0;
    for (int i = 0; i < n; i++) {
        if (patterns && i % 3 == 0)
            len += (size_t)snprintf(s + len, cap - len, "~v%d: saw \"%d ~ %d\" # lpf %d 0.7\n", i, 55 + i, 80 + 2 * i,
                                    300 + 57 * i);
        else
            len += (size_t)snprintf(s + len, cap - len, "~v%d: saw %.3f # lpf %d 0.7\n", i, 55.0 * (1 + i * 0.137),
                                    300 + 57 * i);
    }
    len += (size_t)snprintf(s + len, cap - len, "out: (");
    for (int i = 0; i < n; i++) len += (size_t)snprintf(s + len, cap - len, "%s~v%d", i ? " + " : "", i);
    snprintf(s + len, cap - len, ") * 0.01\n");
    return s;
}

static int count_kind(const Program *p, const char *kind)
{
    int n = 0;
    for (int i = 0; i < p->nnodes; i++) n += p->nodes[i].kind && strcmp(p->nodes[i].kind, kind) == 0;
    return n;
}

static void test_synth_banks_form_and_match(void **state)
{
    (void)state;
    char *src = synth_bank_program(64, false);
    Program *on = engine_rig_compile(NULL, src, 0), *off = engine_rig_compile(NULL, src, ALL_OFF);
    DspLaneKernels k;
    dsp_lane_kernels_pick(&k, DSP_ISA_AUTO);
    if (k.lanes > 1) assert_int_equal(count_kind(on, "bank"), 2 * 64 / k.lanes); /* 64 saws, 64 filters */
    assert_int_equal(count_kind(off, "bank"), 0);
    assert_int_equal(count_kind(on, "const"), 64 + 64 + 2);   /* every 0.7 is one constant */
    assert_int_equal(count_kind(off, "const"), 64 + 64 + 64 + 1);
    /* buffers shared by lifetime: the 64 oscillator outputs, then each filter
     * bank's 16 outputs take the ids of the inputs it read last (82 of 193) */
    assert_true((on->nbuffers - count_kind(on, "const")) * 2 < off->nbuffers - count_kind(off, "const"));
    program_destroy(on);
    program_destroy(off);

    RenderOptions o = { .rate = SR, .seconds = 1.0 };
    assert_same_render(src, o, ALL_OFF, 0);
    assert_same_render(src, o, ALL_OFF, PROGRAM_OPT_AVX512);                     /* AVX2 lanes */
    assert_same_render(src, o, ALL_OFF, PROGRAM_OPT_AVX512 | PROGRAM_OPT_AVX2);  /* no SIMD */
    o.block = 100; /* partial tiles every block */
    assert_same_render(src, o, ALL_OFF, 0);
    free(src);

    /* stepped patterns: members alone in the blocks where the pitch changes */
    src = synth_bank_program(20, true);
    o.block = 512;
    assert_same_render(src, o, ALL_OFF, 0);
    Rendered one, two;
    o.threads = 1;
    render_ok(src, &o, &one);
    o.threads = 2;
    render_ok(src, &o, &two);
    assert_memory_equal(one.l, two.l, sizeof(float) * one.frames);
    assert_true(aa_rms(one.l, one.frames) > 0.01);
    rendered_free(&one);
    rendered_free(&two);
    free(src);
}

/* `~c: ~c + 1` reads its own previous block: block k holds k + 1. */
static void test_feedback_reads_one_block(void **state)
{
    (void)state;
    const char *src = "~c: ~c + 1\n~s: saw 110 # lpf 500 0.7\n~t: saw 165 # lpf 900 0.7\nout: ~c * 0.001 + (~s - ~s) + (~t - ~t)\n";
    RenderOptions o = { .rate = SR, .seconds = 0.1, .block = 64 };
    Rendered r;
    render_ok(src, &o, &r);
    for (size_t i = 0; i < r.frames; i++) {
        double want = (double)(i / 64 + 1) * 0.001;
        if (fabs(r.l[i] - want) > 1e-6) fail_msg("frame %zu: %.9g, want %.9g", i, r.l[i], want);
    }
    rendered_free(&r);
    assert_same_render(src, o, ALL_OFF, 0);
}

static void test_examples_reuse_identical(void **state)
{
    (void)state;
    static const char *examples[] = { "01_house.ph", "02_pattern_as_signal.ph", "03_lfo_filter.ph", "04_euclid.ph",
                                      "05_event_params.ph", "06_sample_select.ph", "07_transforms.ph",
                                      "08_synth_and_samples.ph", "09_effects.ph", "10_layers.ph", "11_many_voices.ph",
                                      "12_acid.ph", "13_prefix_transform.ph", "14_scale.ph", "demo.ph" };
    for (size_t e = 0; e < sizeof examples / sizeof examples[0]; e++) {
        RenderOptions o = { .rate = SR, .cycles = 2 };
        Rendered a, b, c;
        o.opt_off = 0;
        assert_int_equal(render_example(examples[e], &o, &a), 0);
        o.opt_off = PROGRAM_OPT_REUSE;
        assert_int_equal(render_example(examples[e], &o, &b), 0);
        o.opt_off = ALL_OFF;
        assert_int_equal(render_example(examples[e], &o, &c), 0);
        assert_int_equal(a.frames, b.frames);
        if (memcmp(a.l, b.l, sizeof(float) * a.frames) || memcmp(a.r, b.r, sizeof(float) * a.frames) ||
            memcmp(a.l, c.l, sizeof(float) * a.frames) || memcmp(a.r, c.r, sizeof(float) * a.frames))
            fail_msg("%s renders differently with the passes on and off", examples[e]);
        rendered_free(&a);
        rendered_free(&b);
        rendered_free(&c);
    }
}

/* ---- live reload with banks ---------------------------------------------------------------- */

static void test_swap_adopts_banked_state(void **state)
{
    (void)state;
    enum { BLOCK = 256 };
    long total = SR, at = BLOCK * 61, back = BLOCK * 120;
    char *a = synth_bank_program(24, false);
    /* the reference: banked, no swap */
    EngineRig ref, sw;
    engine_rig_open(&ref, BLOCK, total);
    engine_rig_submit(&ref, a, 0);
    engine_rig_run(&ref, total);
    /* banked -> the same program unbanked -> banked again: not one bit changes,
     * so every oscillator phase and filter state went across both ways */
    engine_rig_open(&sw, BLOCK, total);
    engine_rig_submit(&sw, a, 0);
    engine_rig_run(&sw, at);
    engine_rig_submit(&sw, a, ALL_OFF);
    engine_rig_run(&sw, back);
    engine_rig_submit(&sw, a, 0);
    engine_rig_run(&sw, total);
    EngineStatus st;
    engine_status(sw.e, &st);
    assert_int_equal(st.installs, 3);
    assert_true(aa_rms(ref.l, (size_t)total) > 0.01);
    assert_memory_equal(ref.l, sw.l, sizeof(float) * (size_t)total);
    assert_memory_equal(ref.r, sw.r, sizeof(float) * (size_t)total);
    engine_rig_close(&sw);

    /* a level change: after the crossfade, exactly the reference's level change */
    char *b = strdup(a);
    char *g = strstr(b, ") * 0.01");
    assert_non_null(g);
    memcpy(g, ") * 0.02", 8);
    EngineRig lv, ref2;
    engine_rig_open(&lv, BLOCK, total);
    engine_rig_open(&ref2, BLOCK, total);
    engine_rig_submit(&ref2, b, ALL_OFF);
    engine_rig_run(&ref2, total);
    engine_rig_submit(&lv, a, 0);
    engine_rig_run(&lv, at);
    engine_rig_submit(&lv, b, 0);
    engine_rig_run(&lv, total);
    long settled = at + engine_latency(lv.e) + (long)(ENGINE_XFADE_S * SR) + BLOCK;
    assert_memory_equal(lv.l + settled, ref2.l + settled, sizeof(float) * (size_t)(total - settled));
    engine_rig_close(&lv);
    engine_rig_close(&ref2);
    engine_rig_close(&ref);
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_osc_lanes_match_single),
        cmocka_unit_test(test_svf_lanes_match_single),
        cmocka_unit_test(test_random_graphs_identical),
        cmocka_unit_test(test_synth_banks_form_and_match),
        cmocka_unit_test(test_feedback_reads_one_block),
        cmocka_unit_test(test_examples_reuse_identical),
        cmocka_unit_test(test_swap_adopts_banked_state),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
