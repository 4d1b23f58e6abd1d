/* test_superdirt_synths.c - pattern-triggered synth voices and bus voices,
 * on rendered programs: every pitched synth sounds the pitch its note asks
 * for (FFT), `n` adds semitones, the drums are tuned by the note, sustain
 * and legato set the length, filters and orbits apply as to samples, a
 * sample bank of the same name wins over the synth, and `s "~bus"` plays a
 * bus through each event's envelope, gain and pan. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "audio_analysis.h"
#include "render_helper.h"

#define SR 44100

static void render_opt(const char *src, double seconds, const char *dir, Rendered *r)
{
    RenderOptions o = { .rate = SR, .seconds = seconds, .samples_dir = dir };
    int rc = render_source(src, &o, r);
    if (rc != 0) fprintf(stderr, "render failed:\n%s\n", r->diagnostics ? r->diagnostics : "");
    assert_int_equal(rc, 0);
    assert_int_equal(aa_count_nonfinite(r->l, r->frames), 0);
    assert_int_equal(aa_count_nonfinite(r->r, r->frames), 0);
}

static void render_ok(const char *src, double seconds, Rendered *r) { render_opt(src, seconds, NULL, r); }

static double midi_hz(double m) { return 440.0 * pow(2.0, (m - 69.0) / 12.0); }

static void expect_pitch(const char *synth, const char *controls, double hz)
{
    char src[256];
    snprintf(src, sizeof src, "tempo: 0.5\nout: s \"%s\" %s # sustain 1.2", synth, controls);
    Rendered r;
    render_ok(src, 1.2, &r);
    assert_true(aa_rms(r.l, r.frames) > 0.01);
    double f = aa_peak_freq_in(r.l + SR / 10, SR, SR, hz / 1.7, hz * 1.7);
    if (fabs(f - hz) > 0.012 * hz) fprintf(stderr, "%s %s: %.2f Hz, want %.2f\n", synth, controls, f, hz);
    assert_true(fabs(f - hz) <= 0.012 * hz);
    rendered_free(&r);
}

static void test_pitched_synths_play_their_note(void **state)
{
    (void)state;
    const char *synths[] = { "supersaw", "superpwm", "superchip", "superfm", "superpiano" };
    for (int k = 0; k < 5; k++) {
        expect_pitch(synths[k], "", midi_hz(60));              /* default: c4 */
        expect_pitch(synths[k], "# note \"a\"", 440.0);         /* a = 9 semitones above c4 */
        expect_pitch(synths[k], "# note \"e3\"", midi_hz(52));
        expect_pitch(synths[k], "# n 12", midi_hz(72));         /* n adds semitones */
        expect_pitch(synths[k], "# note 7 # n (-12)", midi_hz(55));
        expect_pitch(synths[k], "# freq 300", 300.0);
    }
}

static void test_drums_are_tuned_by_the_note(void **state)
{
    (void)state;
    /* superkick: two octaves below the note; supersnare's shell: one octave below */
    expect_pitch("superkick", "", midi_hz(36));
    expect_pitch("superkick", "# note 5", midi_hz(41));
    expect_pitch("supersnare", "", midi_hz(48));
    Rendered hat, clap;
    render_ok("tempo: 1\nout: s \"superhat\"", 0.3, &hat);
    render_ok("tempo: 1\nout: s \"superclap\"", 0.5, &clap);
    assert_true(aa_spectral_centroid(hat.l, hat.frames, SR) > 5000.0);
    double f = aa_peak_freq_in(clap.l, clap.frames, SR, 200, 8000);
    assert_true(f > 700.0 && f < 1700.0);
    /* the clap's three bursts: onsets 11 ms apart at the start */
    long on[8];
    size_t n = aa_onsets(clap.l, (size_t)(0.05 * SR), SR, 0.05, 0.004, on, 8);
    assert_true(n >= 2);
    rendered_free(&hat);
    rendered_free(&clap);
}

static void test_length_from_sustain_and_legato(void **state)
{
    (void)state;
    Rendered a, b, c;
    /* default: the event's duration (0.5 s at 1 cps, 2 per cycle); sustain 0.1; legato 0.5 */
    render_ok("tempo: 1\nout: s \"superpiano ~\"", 1.0, &a);
    render_ok("tempo: 1\nout: s \"superpiano ~\" # sustain 0.1", 1.0, &b);
    render_ok("tempo: 1\nout: s \"superpiano ~\" # legato 0.5", 1.0, &c);
    const Rendered *rs[3] = { &a, &b, &c };
    const double want[3] = { 0.5, 0.1, 0.25 };
    for (int k = 0; k < 3; k++) {
        double end = 0.0;
        for (size_t i = rs[k]->frames; i-- > 0;)
            if (rs[k]->l[i] != 0.0f) {
                end = (double)i / SR;
                break;
            }
        assert_true(fabs(end - want[k]) < 0.002);
        /* no click at either end: the 1 ms fade-in and 4 ms release ramp the edges */
        double peak = aa_peak(rs[k]->l, rs[k]->frames);
        assert_true(aa_peak_window(rs[k]->l, rs[k]->frames, SR, 0.0, 0.0001) < 0.15 * peak);
        assert_true(aa_peak_window(rs[k]->l, rs[k]->frames, SR, end - 0.0002, end + 0.001) < 0.1 * peak);
    }
    rendered_free(&a);
    rendered_free(&b);
    rendered_free(&c);
}

static void test_synths_take_filters_gain_pan_orbits(void **state)
{
    (void)state;
    Rendered plain, lp, panned, wet;
    render_ok("tempo: 1\nout: note \"c3\" # s \"supersaw\"", 0.5, &plain);
    render_ok("tempo: 1\nout: note \"c3\" # s \"supersaw\" # lpf 400", 0.5, &lp);
    render_ok("tempo: 1\nout: note \"c3\" # s \"supersaw\" # pan 0 # gain 0.5", 0.5, &panned);
    render_ok("tempo: 1\nout: note \"c3 ~\" # s \"supersaw\" # room 0.5 # size 0.8", 1.0, &wet);
    assert_true(aa_spectral_centroid(lp.l, lp.frames, SR) < 0.3 * aa_spectral_centroid(plain.l, plain.frames, SR));
    assert_true(aa_rms(panned.r, panned.frames) < 1e-6);
    /* gain 0.5 at hard left: L = 0.5 * plain / sin(pi/4) */
    assert_true(fabs(aa_rms(panned.l, panned.frames) - 0.5 * aa_rms(plain.l, plain.frames) / sin(M_PI_4)) <
                0.01 * aa_rms(plain.l, plain.frames));
    assert_true(aa_rms_window(wet.l, wet.frames, SR, 0.55, 0.9) > 1e-3); /* a tail after the note */
    rendered_free(&plain);
    rendered_free(&lp);
    rendered_free(&panned);
    rendered_free(&wet);
}

/* A sample folder with a bank called `superkick`: its sample plays, not the synth. */
static void test_sample_banks_win_over_synths(void **state)
{
    (void)state;
    char dir[] = "/tmp/phonon_banks_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char sub[512], file[600];
    snprintf(sub, sizeof sub, "%s/superkick", dir);
    assert_int_equal(mkdir(sub, 0755), 0);
    snprintf(file, sizeof file, "%s/tone.wav", sub);
    float tone[SR / 2];
    for (int i = 0; i < SR / 2; i++) tone[i] = (float)(0.5 * sin(2.0 * M_PI * 1000.0 * i / SR));
    const float *ch[1] = { tone };
    assert_int_equal(aa_write_wav(file, ch, 1, SR / 2, SR), 0);
    Rendered r, synth;
    render_opt("tempo: 1\nout: s \"superkick\"", 0.4, dir, &r);
    render_ok("tempo: 1\nout: s \"superkick\"", 0.4, &synth);
    assert_true(fabs(aa_peak_freq(r.l, r.frames, SR) - 1000.0) < 5.0);  /* the sample */
    assert_true(aa_peak_freq_in(synth.l, synth.frames, SR, 20, 2000) < 200.0); /* the synth */
    assert_true(strstr(synth.diagnostics ? synth.diagnostics : "", "superkick") == NULL); /* no "unknown bank" */
    rendered_free(&r);
    rendered_free(&synth);
    unlink(file);
    rmdir(sub);
    rmdir(dir);
}

static void test_bus_voices(void **state)
{
    (void)state;
    Rendered r, bus;
    /* a steady 220 Hz bus, gated by four events with their own gain and pan */
    render_ok("tempo: 1\n~tone: sine 220 * 0.5\nout: s \"~tone*4\" # legato 0.5 # gain \"1 0.5 1 0.5\" # pan \"0 1 0.5 0\"",
              1.0, &r);
    render_ok("tempo: 1\n~tone: sine 220 * 0.5\nout: ~tone", 1.0, &bus);
    /* event 0: 0..0.125 s, hard left at gain 1; silence 0.125..0.25 */
    assert_true(aa_rms_window(r.r, r.frames, SR, 0.01, 0.11) < 1e-6);
    double l0 = aa_rms_window(r.l, r.frames, SR, 0.01, 0.11), b0 = aa_rms_window(bus.l, bus.frames, SR, 0.01, 0.11);
    assert_true(fabs(l0 - b0) < 0.02 * b0);
    assert_true(aa_rms_window(r.l, r.frames, SR, 0.13, 0.245) == 0.0);
    /* event 1: hard right, gain 0.5 */
    double r1 = aa_rms_window(r.r, r.frames, SR, 0.26, 0.36);
    assert_true(fabs(r1 - 0.5 * b0) < 0.02 * b0);
    /* event 2: centre, -3 dB each side */
    assert_true(fabs(aa_rms_window(r.l, r.frames, SR, 0.51, 0.61) - b0 * sin(M_PI_4)) < 0.02 * b0);
    /* no clicks: the 1 ms / 4 ms minimum ramps */
    assert_true(aa_max_step(r.l, r.frames, NULL) < 0.05);
    /* the bus pitch passes through */
    assert_true(fabs(aa_peak_freq_in(r.l, r.frames, SR, 50, 2000) - 220.0) < 3.0);
    rendered_free(&r);
    rendered_free(&bus);
    /* an unknown bus: a warning, silence */
    render_ok("tempo: 1\nout: s \"~nope*2\"", 0.5, &r);
    assert_non_null(strstr(r.diagnostics, "unknown bus `~nope`"));
    assert_true(aa_peak(r.l, r.frames) == 0.0);
    rendered_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pitched_synths_play_their_note),
        cmocka_unit_test(test_drums_are_tuned_by_the_note),
        cmocka_unit_test(test_length_from_sustain_and_legato),
        cmocka_unit_test(test_synths_take_filters_gain_pan_orbits),
        cmocka_unit_test(test_sample_banks_win_over_synths),
        cmocka_unit_test(test_bus_voices),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
