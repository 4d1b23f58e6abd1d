/* test_superdirt_live.c - orbits, filter buses and bus voices across a live
 * reload: an engine plays program A, program B is submitted mid-tail, and a
 * listener compares: a reverb or delay tail of a sound pattern that stays
 * rings on unchanged through an edit elsewhere (bit-identical), keeps
 * ringing (no restart, no click) when the pattern's own sends change, and a
 * filtered voice and a bus voice started before the swap finish. */
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
#include "core/arena.h"
#include "core/diag.h"
#include "engine/engine.h"
#include "lang/compiler.h"
#include "lang/parser.h"
#include "sample/sample_library.h"
#include "engine_rig.h"

#define SR 44100

static void rig_open(EngineRig *g, int block, long seconds) { engine_rig_open(g, block, seconds * SR + 4096); }

/* An edit elsewhere: the tail of d1 is not touched (bit-identical), and
 * d2's new sound starts later. */
static void test_tail_survives_an_edit_elsewhere(void **state)
{
    (void)state;
    const char *a = "tempo: 0.25\nd1 $ s \"sn ~ ~ ~\" # room 0.6 # size 0.9 # delay 0.4 # delaytime 0.3\n";
    const char *b = "tempo: 0.25\nd1 $ s \"sn ~ ~ ~\" # room 0.6 # size 0.9 # delay 0.4 # delaytime 0.3\n"
                    "d2 $ s \"~ ~ ~ hh\" # lpf 2000\n";
    EngineRig ref, sw;
    rig_open(&ref, 512, 3);
    rig_open(&sw, 512, 3);
    long at = 512 * 60; /* 0.7 s: the snare is over, its tails ring */
    engine_rig_play_swap(&ref, a, NULL, 0, 2 * SR);
    engine_rig_play_swap(&sw, a, b, at, 2 * SR);
    assert_true(aa_rms_window(ref.l, (size_t)ref.frames, SR, 0.7, 1.0) > 1e-3);
    assert_int_equal(memcmp(ref.l, sw.l, sizeof(float) * (size_t)ref.frames), 0);
    engine_rig_close(&ref);
    engine_rig_close(&sw);
}

/* The pattern's own sends change: its orbit keeps its state, so the tail
 * goes on (no restart, no gap, no click). */
static void test_tail_rings_through_its_own_edit(void **state)
{
    (void)state;
    const char *a = "tempo: 0.25\nd1 $ s \"cp ~ ~ ~\" # room 0.7 # size 0.95\n";
    const char *b = "tempo: 0.25\nd1 $ s \"cp ~ ~ ~\" # room 0.3 # size 0.95 # lpf 3000\n";
    EngineRig ref, sw;
    rig_open(&ref, 256, 3);
    rig_open(&sw, 256, 3);
    long at = 256 * 120; /* 0.7 s */
    engine_rig_play_swap(&ref, a, NULL, 0, 2 * SR);
    engine_rig_play_swap(&sw, a, b, at, 2 * SR);
    double before = aa_rms_window(ref.l, (size_t)ref.frames, SR, 0.5, 0.69);
    double after_ref = aa_rms_window(ref.l, (size_t)ref.frames, SR, 0.75, 0.9);
    double after_sw = aa_rms_window(sw.l, (size_t)sw.frames, SR, 0.75, 0.9);
    assert_true(before > 1e-3);
    assert_true(fabs(after_sw - after_ref) < 0.05 * after_ref); /* the same tail, not a new one */
    double steady = aa_max_step(ref.l + (long)(0.5 * SR), (size_t)(0.2 * SR), NULL);
    assert_true(aa_max_step(sw.l + at - 256, 2048, NULL) <= steady * 1.5 + 1e-4);
    engine_rig_close(&ref);
    engine_rig_close(&sw);
}

/* A voice on a filter bus and a bus voice, started before the swap, finish. */
static void test_buses_and_bus_voices_carry_over(void **state)
{
    (void)state;
    const char *a = "tempo: 0.5\n~t: sine 330 * 0.3\nd1 $ note \"c3\" # s \"supersaw\" # lpf 600 # sustain 1.5\n"
                    "d2 $ s \"~t\" # sustain 1.5\n";
    const char *b = "tempo: 0.5\n~t: sine 330 * 0.3\nd1 $ note \"c3\" # s \"supersaw\" # lpf 600 # sustain 1.5\n"
                    "d2 $ s \"~t\" # sustain 1.5\nd3 $ s \"~ bd\"\n";
    EngineRig ref, sw;
    rig_open(&ref, 512, 3);
    rig_open(&sw, 512, 3);
    long at = 512 * 40; /* 0.46 s, both voices sounding */
    engine_rig_play_swap(&ref, a, NULL, 0, SR);
    engine_rig_play_swap(&sw, a, b, at, SR);
    assert_true(aa_rms_window(ref.l, (size_t)ref.frames, SR, 0.5, 0.95) > 0.01);
    assert_int_equal(memcmp(ref.l, sw.l, sizeof(float) * (size_t)SR), 0); /* d3 starts at 1 s */
    engine_rig_close(&ref);
    engine_rig_close(&sw);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tail_survives_an_edit_elsewhere),
        cmocka_unit_test(test_tail_rings_through_its_own_edit),
        cmocka_unit_test(test_buses_and_bus_voices_carry_over),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
