/* test_transform_numeric.c - scale, chord, mtof: degrees to pitches with and
 * without a tonic, octave wrapping, sharps/flats, maps (n -> note), chord
 * stacking, MIDI to Hz, and the plain result of mtof. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_transform_util.h"

static void test_scale_without_tonic(void **state)
{
    (void)state;
    /* semitones above the tonic; degree 7 is the octave, -1 the step below */
    assert_events("\"0 1 2 7 -1\" $ scale \"major\"", 1,
                  "0 1/5 0 1/5 0\n1/5 2/5 1/5 2/5 2\n2/5 3/5 2/5 3/5 4\n3/5 4/5 3/5 4/5 12\n4/5 1 4/5 1 -1\n");
    /* the language reference's example: a bass line from degrees */
    assert_events("(n \"0 2\" # scale \"minor\") + 33", 1, "0 1/2 0 1/2 {\"note\":33}\n1/2 1 1/2 1 {\"note\":36}\n");
    /* names: case and spaces do not matter, aliases work */
    assert_events("\"4\" $ scale \"Harmonic_Minor\"", 1, "0 1 0 1 7\n");
    assert_events("\"3\" $ scale \"penta\"", 1, "0 1 0 1 7\n");
}

static void test_scale_with_tonic(void **state)
{
    (void)state;
    /* octave 3 by default: c:major degree 0 is C3 = 48 (Strudel's "C3") */
    assert_events("\"0 2\" $ scale \"c:major\"", 1, "0 1/2 0 1/2 48\n1/2 1 1/2 1 52\n");
    assert_events("\"2\" $ scale \"e4:minor\"", 1, "0 1 0 1 67\n");
    /* degrees round up; N# and Nb move a semitone */
    assert_events("\"0.5 1# 2b\" $ scale \"c:major\"", 1, "0 1/3 0 1/3 50\n1/3 2/3 1/3 2/3 51\n2/3 1 2/3 1 51\n");
    /* a note name passes unchanged */
    assert_events("\"e4\" $ scale \"c:major\"", 1, "0 1 0 1 e4\n");
}

static void test_scale_maps(void **state)
{
    (void)state;
    /* n becomes note, other keys stay */
    assert_events("(n \"2\" # s \"x\") # scale \"minor\"", 1, "0 1 0 1 {\"note\":3,\"s\":\"x\"}\n");
    /* no degree: the event is dropped */
    assert_events("s \"x\" # scale \"major\"", 1, "");
    /* patterned scale names, cycle by cycle */
    assert_events("n \"2\" # scale \"<major minor>\"", 2, "0 1 0 1 {\"note\":4}\n1 2 1 2 {\"note\":3}\n");
    /* an unknown name in a string fails at query time: silence */
    assert_events("n \"2\" # scale \"nope\"", 1, "");
    assert_compile_error("n \"2\" # scale", "needs 1 argument");
}

static void test_chord(void **state)
{
    (void)state;
    assert_events("\"0\" $ chord \"maj\"", 1, "0 1 0 1 0\n0 1 0 1 4\n0 1 0 1 7\n");
    /* maps keep the key the pitch came from; note names become MIDI */
    assert_events("n \"c4\" # chord \"min\"", 1, "0 1 0 1 {\"n\":60}\n0 1 0 1 {\"n\":63}\n0 1 0 1 {\"n\":67}\n");
    assert_events("note \"1\" # chord \"<5 1>\"", 2, "0 1 0 1 {\"note\":1}\n0 1 0 1 {\"note\":8}\n1 2 1 2 {\"note\":1}\n");
    assert_events("\"0\" $ chord \"nope\"", 1, "");
}

static void test_mtof(void **state)
{
    (void)state;
    assert_events("\"69 81\" $ mtof", 1, "0 1/2 0 1/2 440\n1/2 1 1/2 1 880\n");
    assert_events("mtof \"a4\"", 1, "0 1 0 1 440\n");
    /* from a map: note, else n; a plain numeric pattern results */
    assert_events("mtof (note \"57\" # n 1)", 1, "0 1 0 1 220\n");
    assert_events("mtof (n 69 # s \"x\")", 1, "0 1 0 1 440\n");
    assert_events("mtof (s \"x\")", 1, "");
    assert_compile_error("mtof (n 69) # gain 1", "left side");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scale_without_tonic), cmocka_unit_test(test_scale_with_tonic),
        cmocka_unit_test(test_scale_maps),          cmocka_unit_test(test_chord),
        cmocka_unit_test(test_mtof),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
