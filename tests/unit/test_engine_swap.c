/* test_engine_swap.c - live reload inside one process: an engine plays
 * program A, program B is submitted at a known frame (the audio thread
 * installs it at the next block), and the output is compared with plain
 * renders of A and B the way a listener would compare them: no seam where
 * nothing changed (bit-identical), an oscillator keeps its phase, a
 * removed sound is gone within 10 ms with no step larger than the music's
 * own, a voice started before the swap rings on, an echo tail carries over,
 * a new tempo continues from the same cycle position and later onsets land
 * exactly where it puts them, and 1,000 swaps hand every program back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio_analysis.h"
#include "core/arena.h"
#include "core/diag.h"
#include "engine/engine.h"
#include "lang/compiler.h"
#include "lang/parser.h"
#include "sample/sample_library.h"
#include "engine_rig.h"
#include "voice/voice_pool.h"

#define SR 44100
#define XFADE ((long)(ENGINE_XFADE_S * SR + 0.5))

/* Output for `seconds` of audio, with room for the look-ahead. */
static void rig_open(EngineRig *g, int block, long seconds) { engine_rig_open(g, block, seconds * SR + 4096); }

/* The same, with no swap: the reference. */
static void play(EngineRig *g, const char *a, long until) { engine_rig_play_swap(g, a, NULL, 0, until); }

static double max_abs_diff(const float *x, const float *y, long from, long to)
{
    double m = 0;
    for (long i = from; i < to; i++) m = fmax(m, fabs((double)x[i] - (double)y[i]));
    return m;
}

/* ---- tests ---------------------------------------------------------------------------- */

/* Swapping in the same program changes nothing: not one bit. */
static void test_identical_swap_is_seamless(void **state)
{
    (void)state;
    const char *src = "tempo: 1\n~d: s \"bd hh sn hh\" # gain 0.8\n~b: saw \"55 82.5\" # lpf 800 0.8\n"
                      "out: ~d * 0.5 + ~b * 0.2 # delay 0.125 0.5 0.3 # reverb 0.5 0.5 0.2\n";
    EngineRig ref, sw;
    rig_open(&ref, 512, 3);
    rig_open(&sw, 512, 3);
    play(&ref, src, 2 * SR);
    engine_rig_play_swap(&sw, src, src, 512 * 60, 2 * SR);
    assert_true(aa_rms(ref.l, (size_t)ref.frames) > 0.01);
    assert_int_equal(memcmp(ref.l, sw.l, sizeof(float) * (size_t)ref.frames), 0);
    assert_int_equal(memcmp(ref.r, sw.r, sizeof(float) * (size_t)ref.frames), 0);
    EngineStatus st;
    engine_status(sw.e, &st);
    assert_int_equal(st.installs, 2);
    assert_int_equal(st.install_frame, 512 * 60);
    engine_rig_close(&ref);
    engine_rig_close(&sw);
}

/* A sine whose level changes keeps its phase: after the crossfade the output
 * is exactly half the unswapped tone, and no step across the swap is larger
 * than the tone's own steepest step. */
static void test_oscillator_phase_continues(void **state)
{
    (void)state;
    EngineRig ref, sw;
    rig_open(&ref, 256, 2);
    rig_open(&sw, 256, 2);
    long at = 256 * 77;
    play(&ref, "out: sine 440 * 0.5\n", SR);
    engine_rig_play_swap(&sw, "out: sine 440 * 0.5\n", "out: sine 440 * 0.25\n", at, SR);
    long seam = at + ref.lat;
    assert_true(max_abs_diff(ref.l, sw.l, 0, seam) == 0.0);
    for (long i = seam + XFADE; i < SR; i++) assert_true(fabs(sw.l[i] - 0.5 * ref.l[i]) < 1e-6);
    double steady = aa_max_step(ref.l + seam - 4410, 4410, NULL);
    assert_true(aa_max_step(sw.l + seam - 64, (size_t)XFADE + 128, NULL) <= steady * 1.001);

    /* a new frequency: the step across the swap stays within the higher tone's
     * own, plus what a linear crossfade can add per sample (2 * 0.5 / XFADE) */
    EngineRig f;
    rig_open(&f, 256, 2);
    engine_rig_play_swap(&f, "out: sine 440 * 0.5\n", "out: sine 660 * 0.5\n", at, SR);
    double steady660 = aa_max_step(f.l + seam + 2 * XFADE, 4410, NULL);
    assert_true(aa_max_step(f.l + seam - 64, (size_t)XFADE + 128, NULL) <= steady660 * 1.001 + 1.0 / XFADE);
    assert_true(fabs(aa_peak_freq(f.l + seam + XFADE, 8192, SR) - 660) < 3);
    engine_rig_close(&ref);
    engine_rig_close(&sw);
    engine_rig_close(&f);
}

/* A removed oscillator is gone 10 ms after the swap; the one that stays is
 * untouched (it equals a render of it alone, bit for bit, after the fade). */
static void test_removed_oscillator_fades(void **state)
{
    (void)state;
    const char *both = "~a: sine 440 * 0.3\n~b: sine 1000 * 0.2\nout: ~a + ~b\n";
    const char *only = "~a: sine 440 * 0.3\nout: ~a\n";
    EngineRig ref, sw;
    rig_open(&ref, 128, 2);
    rig_open(&sw, 128, 2);
    long at = 128 * 301;
    play(&ref, only, SR);
    engine_rig_play_swap(&sw, both, only, at, SR);
    long seam = at + sw.lat;
    assert_true(max_abs_diff(ref.l, sw.l, seam, seam + XFADE / 2) > 0.01);   /* fading, not cut */
    assert_true(max_abs_diff(ref.l, sw.l, seam + XFADE, SR) == 0.0);        /* gone after 10 ms */
    double steady = aa_max_step(sw.l + seam - 4410, 4410, NULL);
    assert_true(aa_max_step(sw.l + seam - 64, (size_t)XFADE + 128, NULL) <= steady * 1.001);
    engine_rig_close(&ref);
    engine_rig_close(&sw);
}

/* Sixteen saws through sixteen filters run as SIMD lane banks
 * (engine/bank.h); their phases and filter states still carry across a
 * swap: after the crossfade the output is exactly half the unswapped one. */
static void test_banked_state_continues(void **state)
{
    (void)state;
    char a[4096], b[4096];
    size_t la = 0;
    for (int i = 0; i < 16; i++)
        la += (size_t)snprintf(a + la, sizeof a - la, "~v%d: saw %d # lpf %d 0.7\n", i, 60 + 37 * i, 400 + 300 * i);
    memcpy(b, a, la);
    size_t lb = la;
    la += (size_t)snprintf(a + la, sizeof a - la, "out: (~v0");
    lb += (size_t)snprintf(b + lb, sizeof b - lb, "out: (~v0");
    for (int i = 1; i < 16; i++) {
        la += (size_t)snprintf(a + la, sizeof a - la, " + ~v%d", i);
        lb += (size_t)snprintf(b + lb, sizeof b - lb, " + ~v%d", i);
    }
    snprintf(a + la, sizeof a - la, ") * 0.04\n");
    snprintf(b + lb, sizeof b - lb, ") * 0.02\n");
    EngineRig ref, sw;
    rig_open(&ref, 256, 2);
    rig_open(&sw, 256, 2);
    long at = 256 * 77;
    play(&ref, a, SR);
    engine_rig_play_swap(&sw, a, b, at, SR);
    long seam = at + ref.lat;
    assert_true(aa_rms(ref.l, SR) > 0.01);
    assert_true(max_abs_diff(ref.l, sw.l, 0, seam) == 0.0);
    for (long i = seam + XFADE; i < SR; i++) assert_true(fabs(sw.l[i] - 0.5 * ref.l[i]) < 1e-6);
    engine_rig_close(&ref);
    engine_rig_close(&sw);
}

/* A kick that started before the swap rings on through the new program
 * (its sound pattern kept its voice slot by key, even though another sound
 * pattern now comes first), and it is triggered once, not twice. */
static void test_voice_rings_on(void **state)
{
    (void)state;
    const char *a = "tempo: 0.5\n~d: s \"bd\"\nout: ~d * 0.8\n";
    const char *b = "tempo: 0.5\n~h: s \"~ hh\"\n~d: s \"bd\"\nout: ~h * 0.5 + ~d * 0.8\n";
    EngineRig ref, sw;
    rig_open(&ref, 512, 2);
    rig_open(&sw, 512, 2);
    long at = 512 * 20; /* 0.23 s: the 0.39 s kick is sounding */
    play(&ref, a, SR);
    engine_rig_play_swap(&sw, a, b, at, SR);
    long seam = at + sw.lat;
    assert_true(aa_rms_window(ref.l, (size_t)ref.frames, SR, (double)seam / SR, (double)seam / SR + 0.05) > 0.005);
    assert_true(max_abs_diff(ref.l, sw.l, 0, SR) == 0.0); /* the hat comes at 1 s */
    engine_rig_close(&ref);
    engine_rig_close(&sw);
}

/* A removed sound's voice fades within 10 ms (no cut, no click). */
static void test_removed_voice_fades(void **state)
{
    (void)state;
    const char *a = "tempo: 0.5\n~d: s \"bd\"\nout: ~d * 0.8\n";
    const char *b = "tempo: 0.5\n~h: s \"~ hh\"\nout: ~h\n";
    EngineRig sw;
    rig_open(&sw, 64, 2);
    long at = 64 * 100;
    engine_rig_play_swap(&sw, a, b, at, SR * 3 / 4);
    long seam = at + sw.lat;
    assert_true(aa_peak(sw.l + seam, 64) > 0.01);
    for (long i = seam + XFADE; i < SR * 3 / 4; i++) assert_true(sw.l[i] == 0.0f);
    double steady = aa_max_step(sw.l + seam - 2000, 2000, NULL);
    assert_true(aa_max_step(sw.l + seam - 8, (size_t)XFADE + 16, NULL) <= steady * 1.001);
    engine_rig_close(&sw);
}

/* The delay line is copied: echoes of a kick played before the swap keep
 * coming after it, exactly as without the swap. */
static void test_echo_tail_carries_over(void **state)
{
    (void)state;
    const char *a = "tempo: 0.5\n~d: s \"bd\"\nout: ~d * 0.5 # delay 0.3 0.6 0.5 # reverb 0.6 0.5 0.3\n";
    const char *b = "tempo: 0.5\n~d: s \"~ bd\"\nout: ~d * 0.5 # delay 0.3 0.6 0.5 # reverb 0.6 0.5 0.3\n";
    EngineRig ref, sw;
    rig_open(&ref, 512, 2);
    rig_open(&sw, 512, 2);
    long at = 512 * 40; /* 0.46 s: the kick is over, its echoes are not */
    play(&ref, a, SR);
    engine_rig_play_swap(&sw, a, b, at, SR);
    assert_true(aa_rms_window(sw.l, (size_t)sw.frames, SR, 0.6, 0.95) > 0.005);
    assert_true(max_abs_diff(ref.l, sw.l, 0, SR) == 0.0); /* the new kick comes at 1 s */
    engine_rig_close(&ref);
    engine_rig_close(&sw);
}

/* A bus that reads itself keeps its loop through a reload: with an edit
 * elsewhere in the program the feedback bus's output is the same bits as
 * without the reload (its last block is carried over, not restarted from
 * silence). */
static void test_feedback_bus_carries_over(void **state)
{
    (void)state;
    const char *a = "tempo: 0.5\n~k: s \"bd\" * 0.5\n~fb: ~k + ~fb * 0.9\nout: ~fb * 0.3\n";
    const char *b = "tempo: 0.5\n~k: s \"bd\" * 0.5\n~fb: ~k + ~fb * 0.9\n~x: sine 440 * 0\nout: ~fb * 0.3 + ~x\n";
    EngineRig ref, sw;
    rig_open(&ref, 512, 2);
    rig_open(&sw, 512, 2);
    long at = 512 * 20;
    play(&ref, a, SR);
    engine_rig_play_swap(&sw, a, b, at, SR);
    assert_true(aa_rms_window(ref.l, (size_t)ref.frames, SR, 0.3, 0.9) > 0.001); /* the loop rings */
    assert_true(max_abs_diff(ref.l, sw.l, 0, SR) == 0.0);
    assert_true(max_abs_diff(ref.r, sw.r, 0, SR) == 0.0);
    engine_rig_close(&ref);
    engine_rig_close(&sw);
}

/* First non-zero sample at or after `from`. */
static long first_sound(const EngineRig *g, long from)
{
    for (long i = from; i < g->frames; i++)
        if (g->l[i] != 0.0f || g->r[i] != 0.0f) return i;
    return -1;
}

/* tempo 1 -> 2 at cycle 1.1: the cycle position goes on from 1.1 and the
 * hats on the quarter-cycle grid land where the new tempo puts them, to the
 * sample; before the swap they land where the old one did. */
static void test_tempo_change_keeps_position(void **state)
{
    (void)state;
    const char *a = "tempo: 1\n~h: s \"hh*4\" # sustain 0.05\nout: ~h\n";
    const char *b = "tempo: 2\n~h: s \"hh*4\" # sustain 0.05\nout: ~h\n";
    EngineRig g;
    rig_open(&g, 441, 3); /* 100 blocks per second: frame 48510 is cycle 1.1 */
    long at = 48510;
    g.frames = 0;
    engine_rig_submit(&g, a, 0);
    engine_rig_run(&g, at);
    EngineStatus st;
    engine_status(g.e, &st);
    assert_true(fabs(st.cycle - 1.1) < 1e-9);
    engine_rig_submit(&g, b, 0);
    engine_rig_run(&g, at + 441);
    engine_status(g.e, &st);
    assert_true(fabs(st.cycle - (1.1 + 441.0 * 2 / SR)) < 1e-9);
    assert_true(fabs(st.cps - 2.0) < 1e-12);
    engine_rig_run(&g, 2 * SR + 441 * 10);
    /* the kit's hat starts on its first frame: the first sound is the onset */
    long attack = first_sound(&g, 0) - g.lat;
    assert_true(attack >= 0 && attack < 8);
    for (int k = 1; k <= 4; k++) { /* old tempo: cycle k/4 at k/4 s */
        long want = (long)k * SR / 4 + g.lat + attack;
        if (want >= at) break;
        assert_int_equal(first_sound(&g, want - 2000), want);
    }
    for (int k = 5; k <= 10; k++) { /* new tempo: cycle k/4 at 1.1 s + (k/4 - 1.1) / 2 s */
        double t = 1.1 + ((double)k / 4 - 1.1) / 2.0;
        long want = (long)ceil(t * SR - 1e-9) + g.lat + attack;
        assert_int_equal(first_sound(&g, want - 1500), want);
    }
    engine_rig_close(&g);
}

/* setCycle jumps once (when it appears or changes), not at every save. */
static void test_set_cycle_is_edge_triggered(void **state)
{
    (void)state;
    EngineRig g;
    rig_open(&g, 512, 1);
    engine_rig_submit(&g, "tempo: 1\nout: sine 220 * 0.1\n", 0);
    engine_rig_run(&g, 512 * 10);
    engine_rig_submit(&g, "tempo: 1\nsetCycle 8\nout: sine 220 * 0.1\n", 0);
    engine_rig_run(&g, 512 * 11);
    EngineStatus st;
    engine_status(g.e, &st);
    assert_true(fabs(st.cycle - (8.0 + 512.0 / SR)) < 1e-9);
    engine_rig_run(&g, 512 * 20);
    engine_rig_submit(&g, "tempo: 1\nsetCycle 8\nout: sine 220 * 0.2\n", 0);
    engine_rig_run(&g, 512 * 21);
    engine_status(g.e, &st);
    assert_true(fabs(st.cycle - (8.0 + 512.0 * 11 / SR)) < 1e-9);
    engine_rig_close(&g);
}

/* nudge shifts the position by its change: on when it appears, back when it goes. */
static void test_nudge_shifts_by_its_change(void **state)
{
    (void)state;
    EngineRig g;
    rig_open(&g, 512, 1);
    engine_rig_submit(&g, "tempo: 1\nout: sine 220 * 0.1\n", 0);
    engine_rig_run(&g, 512 * 10);
    engine_rig_submit(&g, "tempo: 1\nnudge 0.25\nout: sine 220 * 0.1\n", 0);
    engine_rig_run(&g, 512 * 20);
    EngineStatus st;
    engine_status(g.e, &st);
    assert_true(fabs(st.cycle - (512.0 * 20 / SR + 0.25)) < 1e-9);
    engine_rig_submit(&g, "tempo: 1\nnudge 0.25\nout: sine 330 * 0.1\n", 0);
    engine_rig_run(&g, 512 * 30);
    engine_status(g.e, &st);
    assert_true(fabs(st.cycle - (512.0 * 30 / SR + 0.25)) < 1e-9);
    engine_rig_submit(&g, "tempo: 1\nout: sine 330 * 0.1\n", 0);
    engine_rig_run(&g, 512 * 40);
    engine_status(g.e, &st);
    assert_true(fabs(st.cycle - 512.0 * 40 / SR) < 1e-9);
    engine_rig_close(&g);
}

/* panic: every voice fades within 4 ms and the program is silent. */
static void test_panic_stops_voices_fast(void **state)
{
    (void)state;
    const char *a = "tempo: 0.5\n~d: s \"bd\"\nout: ~d * 0.8\n";
    const char *p = "tempo: 0.5\n~d: s \"bd\"\nout: ~d * 0.8\npanic\n";
    EngineRig g;
    rig_open(&g, 64, 1);
    engine_rig_play_swap(&g, a, p, 64 * 50, SR / 2);
    long seam = 64 * 50 + g.lat;
    assert_true(aa_peak(g.l + seam - 64, 64) > 0.01);
    for (long i = seam + (long)(VOICE_FADE_MAX_S * SR) + 64; i < SR / 2; i++) assert_true(g.l[i] == 0.0f);
    EngineStatus st;
    engine_status(g.e, &st);
    assert_int_equal(st.voices, 0);
    engine_rig_close(&g);
}

/* hush crossfades to silence and fades every voice; the next program plays again. */
static void test_hush_and_back(void **state)
{
    (void)state;
    const char *a = "tempo: 1\n~d: s \"bd*4\"\nout: ~d * 0.5 + sine 330 * 0.2\n";
    const char *h = "tempo: 1\n~d: s \"bd*4\"\nout: ~d * 0.5 + sine 330 * 0.2\nhush\n";
    EngineRig g;
    rig_open(&g, 256, 3);
    engine_rig_play_swap(&g, a, h, 256 * 50, SR);
    long seam = 256 * 50 + g.lat;
    for (long i = seam + XFADE; i < SR; i++) assert_true(g.l[i] == 0.0f);
    engine_rig_submit(&g, a, 0);
    engine_rig_run(&g, 2 * SR);
    assert_true(aa_rms_window(g.l, (size_t)g.frames, SR, 1.1, 1.9) > 0.01);
    engine_rig_close(&g);
}

/* Submitting faster than blocks run: the newest wins, the others come back. */
static void test_newest_wins(void **state)
{
    (void)state;
    EngineRig g;
    rig_open(&g, 256, 1);
    Program *p1 = engine_rig_compile(g.lib, "out: sine 100 * 0.1\n", 0);
    Program *p2 = engine_rig_compile(g.lib, "out: sine 200 * 0.1\n", 0);
    Program *p3 = engine_rig_compile(g.lib, "out: sine 300 * 0.1\n", 0);
    assert_null(engine_submit(g.e, p1));
    assert_ptr_equal(engine_submit(g.e, p2), p1);
    assert_ptr_equal(engine_submit(g.e, p3), p2);
    program_destroy(p1);
    program_destroy(p2);
    engine_rig_run(&g, 256 * 40);
    assert_ptr_equal(engine_program(g.e), p3);
    assert_true(fabs(aa_peak_freq(g.l + 2048, 8192, SR) - 300) < 3);
    engine_rig_close(&g);
}

/* Nobody collects: after ENGINE_RETIRED_MAX retired programs (+1 waiting)
 * the engine stops swapping rather than freeing; collecting resumes it. */
static void test_full_ring_defers_swaps(void **state)
{
    (void)state;
    EngineRig g;
    rig_open(&g, 256, 12);
    assert_null(engine_submit(g.e, engine_rig_compile(g.lib, "out: sine 100 * 0.1\n", 0)));
    long f = 0;
    for (int i = 0; i < ENGINE_RETIRED_MAX + 5; i++) {
        program_destroy(engine_submit(g.e, engine_rig_compile(g.lib, i % 2 ? "out: sine 100 * 0.1\n" : "out: saw 100 * 0.1\n", 0)));
        for (int k = 0; k < 4; k++, f += 256) engine_render(g.e, g.l + f, g.r + f, 256);
    }
    EngineStatus st;
    engine_status(g.e, &st);
    assert_int_equal(st.installs, 1 + ENGINE_RETIRED_MAX + 1);
    int n = 0;
    Program *p;
    while ((p = engine_collect(g.e)) != NULL) {
        program_destroy(p);
        n++;
    }
    assert_int_equal(n, ENGINE_RETIRED_MAX);
    for (int k = 0; k < 8; k++, f += 256) engine_render(g.e, g.l + f, g.r + f, 256);
    engine_status(g.e, &st);
    assert_int_equal(st.installs, 1 + ENGINE_RETIRED_MAX + 2);
    engine_rig_close(&g);
}

/* 1,000 swaps between programs with samples, delay and reverb lines and
 * filters: every program comes back through engine_collect (ASan's leak
 * check covers the rest) and the sound never breaks. */
static void test_thousand_swaps(void **state)
{
    (void)state;
    const char *src[3] = {
        "tempo: 2\n~d: s \"bd*2 hh*3\"\nout: ~d * 0.4 # delay 0.1 0.5 0.3\n",
        "tempo: 2\n~d: s \"bd*2 hh*3\"\n~s: saw 110 # lpf 900 0.7\nout: ~d * 0.4 # delay 0.1 0.5 0.3 + ~s * 0.1\n",
        "tempo: 2\n~d: s \"bd*2 [hh sn]\"\nout: ~d * 0.4 # reverb 0.5 0.5 0.2\n",
    };
    EngineRig g;
    rig_open(&g, 128, 1);
    float *l = malloc(sizeof(float) * 640), *r = malloc(sizeof(float) * 640);
    engine_rig_submit(&g, src[0], 0);
    engine_render(g.e, l, r, 128);
    int swaps = 1000;
    double energy = 0;
    for (int i = 1; i <= swaps; i++) {
        engine_rig_submit(&g, src[i % 3], 0);
        for (int k = 0; k < 5; k++) engine_render(g.e, l + 128 * k, r + 128 * k, 128);
        assert_int_equal(aa_count_nonfinite(l, 640), 0);
        energy += aa_rms(l, 640);
        engine_rig_collect(&g);
    }
    EngineStatus st;
    engine_status(g.e, &st);
    assert_int_equal(st.installs, (uint64_t)swaps + 1);
    assert_int_equal(g.retired, swaps);
    assert_true(energy / swaps > 0.01);
    assert_true(st.voices < 100);
    free(l);
    free(r);
    engine_rig_close(&g);
}

/* The real arrangement: an "audio" thread renders block after block while
 * this thread compiles, submits, collects and reads the status (docs/LIVE.md
 * says how to run it under ThreadSanitizer). */
typedef struct AudioSim {
    Engine *e;
    atomic_bool stop;
    atomic_long blocks;
    int nonfinite;
} AudioSim;

static void *audio_sim(void *arg)
{
    AudioSim *a = arg;
    float l[256], r[256];
    while (!atomic_load(&a->stop)) {
        engine_render(a->e, l, r, 256);
        a->nonfinite += (int)(aa_count_nonfinite(l, 256) + aa_count_nonfinite(r, 256));
        atomic_fetch_add(&a->blocks, 1);
    }
    return NULL;
}

static void test_threaded_handoff(void **state)
{
    (void)state;
    EngineRig g;
    rig_open(&g, 256, 1);
    const char *src[2] = { "tempo: 4\n~d: s \"bd hh*3\"\nout: ~d * 0.5 + sine 220 * 0.1 # delay 0.1 0.5 0.3\n",
                           "tempo: 3\n~d: s \"[bd sn]*2\"\n~x: saw 110 # lpf 500 0.7\nout: ~d * 0.5 + ~x * 0.1\n" };
    AudioSim a = { .e = g.e, .nonfinite = 0 };
    atomic_init(&a.stop, false);
    atomic_init(&a.blocks, 0);
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, audio_sim, &a), 0);
    uint64_t last = 0;
    Program *newest = NULL;
    for (int i = 0; i < 200; i++) {
        newest = engine_rig_compile(g.lib, src[i % 2], 0);
        program_destroy(engine_submit(g.e, newest));
        engine_rig_collect(&g);
        EngineStatus st;
        engine_status(g.e, &st);
        assert_true(st.installs >= last);
        last = st.installs;
    }
    long until = atomic_load(&a.blocks) + 20; /* the last submit goes live within a few blocks */
    while (atomic_load(&a.blocks) < until) engine_rig_collect(&g);
    atomic_store(&a.stop, true);
    pthread_join(th, NULL);
    engine_rig_collect(&g);
    assert_int_equal(a.nonfinite, 0);
    EngineStatus st;
    engine_status(g.e, &st);
    assert_true(st.installs >= 2);
    assert_ptr_equal(engine_program(g.e), newest);
    engine_rig_close(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identical_swap_is_seamless),
        cmocka_unit_test(test_oscillator_phase_continues),
        cmocka_unit_test(test_removed_oscillator_fades),
        cmocka_unit_test(test_banked_state_continues),
        cmocka_unit_test(test_voice_rings_on),
        cmocka_unit_test(test_removed_voice_fades),
        cmocka_unit_test(test_echo_tail_carries_over), cmocka_unit_test(test_feedback_bus_carries_over),
        cmocka_unit_test(test_tempo_change_keeps_position),
        cmocka_unit_test(test_set_cycle_is_edge_triggered),
        cmocka_unit_test(test_nudge_shifts_by_its_change),
        cmocka_unit_test(test_panic_stops_voices_fast),
        cmocka_unit_test(test_hush_and_back),
        cmocka_unit_test(test_newest_wins),
        cmocka_unit_test(test_full_ring_defers_swaps),
        cmocka_unit_test(test_thousand_swaps),
        cmocka_unit_test(test_threaded_handoff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
