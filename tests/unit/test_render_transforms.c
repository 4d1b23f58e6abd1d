/* test_render_transforms.c - the audible side of pattern transforms: jux puts
 * its two streams in different channels, chop plays a sample's slices in
 * order, and degradeBy drops exactly the events `query` says it drops. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "audio_analysis.h"
#include "core/arena.h"
#include "core/diag.h"
#include "lang/compiler.h"
#include "lang/parser.h"
#include "render_helper.h"
#include "sample/sample_library.h"

#define SR 44100

static void render_ok(const char *src, double seconds, Rendered *r)
{
    RenderOptions o = { .rate = SR, .seconds = seconds };
    int rc = render_source(src, &o, r);
    if (rc != 0) fprintf(stderr, "render failed:\n%s\n", r->diagnostics ? r->diagnostics : "");
    assert_int_equal(rc, 0);
}

static double max_diff(const float *a, const float *b, size_t n, float scale_b)
{
    double m = 0;
    for (size_t i = 0; i < n; i++) m = fmax(m, fabs((double)a[i] - (double)b[i] * scale_b));
    return m;
}

/* jux: the original is hard left, the transformed copy hard right. */
static void test_jux_separates_channels(void **state)
{
    (void)state;
    Rendered r;
    render_ok("tempo: 0.5\nout: s \"bd*8\" $ jux (# gain 0.5)", 2, &r);
    assert_true(aa_rms(r.l, r.frames) > 0.01);
    /* the right channel is the left one at half gain: each stream is in one channel only */
    assert_true(max_diff(r.r, r.l, r.frames, 0.5f) < 1e-6);
    rendered_free(&r);

    render_ok("tempo: 0.5\nout: s \"bd*8\" $ jux rev", 2, &r);
    assert_true(aa_rms(r.l, r.frames) > 0.01 && aa_rms(r.r, r.frames) > 0.01);
    assert_true(max_diff(r.r, r.l, r.frames, 1.0f) < 1e-6); /* bd*8 reversed is bd*8 */
    rendered_free(&r);

    render_ok("tempo: 0.5\nout: s \"bd sn ~ ~\" $ jux rev", 2, &r);
    /* left: bd at 0 and sn at 0.5 s; right: the reverse (sn at 1.0, bd at 1.5 s) */
    assert_true(aa_peak_window(r.l, r.frames, SR, 0.0, 0.05) > 0.1);
    assert_true(aa_peak_window(r.r, r.frames, SR, 0.0, 0.9) < 1e-6);
    assert_true(aa_peak_window(r.r, r.frames, SR, 1.0, 1.05) > 0.1);
    assert_true(aa_peak_window(r.l, r.frames, SR, 1.0, 2.0) < 1e-6);
    rendered_free(&r);
}

/* chop 4 over a cycle as long as the sample: quarter i sounds in quarter i. */
static void test_chop_plays_slices_in_order(void **state)
{
    (void)state;
    SampleLibOptions o;
    sample_lib_options_init(&o, SR);
    o.env_path = o.local_dir = o.home = NULL;
    SampleLib *lib = NULL;
    assert_int_equal(sample_lib_open(&lib, &o), PH_OK);
    const Sample *s = sample_lib_get(lib, sample_lib_find(lib, "pad"), 0);
    assert_non_null(s);
    double seconds = (double)s->frames / SR;
    char src[160];
    snprintf(src, sizeof src, "cps: %.17g\nout: s \"pad\" $ chop 4", 1.0 / seconds);
    Rendered r;
    render_ok(src, seconds, &r);
    size_t q = (size_t)(s->frames / 4), margin = SR / 200; /* skip the 1 ms fades at slice edges */
    const float centre = (float)cos(M_PI / 4); /* equal-power pan 0.5 */
    for (int i = 0; i < 4; i++) {
        size_t at = (size_t)i * q;
        for (size_t k = at + margin; k + margin < at + q && k < r.frames; k += 7)
            assert_true(fabs(r.l[k] - s->data[0][k] * centre) < 2e-3);
    }
    /* and a reversed chop really plays the quarters in another order */
    Rendered rv;
    snprintf(src, sizeof src, "cps: %.17g\nout: s \"pad\" $ chop 4 $ rev", 1.0 / seconds);
    render_ok(src, seconds, &rv);
    assert_true(max_diff(rv.l + margin, r.l + margin, q - 2 * margin, 1.0f) > 1e-2);
    rendered_free(&rv);
    rendered_free(&r);
    sample_lib_close(lib);
}

/* The onsets `query` prints for a pattern (cycle 0 .. cycles-1). */
static int query_onsets(const char *expr, int cycles, double *times, int cap)
{
    Arena a;
    arena_init(&a, 0, 0);
    Diag d;
    diag_init(&d, "q", expr, strlen(expr));
    AstNode *node = NULL;
    const Pattern *p = NULL;
    assert_int_equal(parse_expression(expr, strlen(expr), "q", &a, &d, &node), PH_OK);
    assert_int_equal(compile_pattern_expr(node, &a, &d, &p), PH_OK);
    Arena scratch;
    arena_init(&scratch, 0, 0);
    PatCtx ctx;
    pat_ctx_init(&ctx, &scratch);
    int n = 0;
    for (int c = 0; c < cycles; c++) {
        const PatEvent *ev;
        size_t count;
        assert_int_equal(pat_query(p, &ctx, span_make(rat_int(c), rat_int(c + 1)), &ev, &count), PH_OK);
        for (size_t i = 0; i < count && n < cap; i++)
            if (ev[i].has_whole && rat_eq(ev[i].whole.begin, ev[i].part.begin))
                times[n++] = rat_to_double(ev[i].whole.begin);
    }
    pat_ctx_free(&ctx);
    arena_free(&scratch);
    diag_free(&d);
    arena_free(&a);
    return n;
}

static void test_degrade_plays_exactly_the_queried_events(void **state)
{
    (void)state;
    double kept[64];
    int n = query_onsets("s \"rim*16\" $ degradeBy 0.5", 2, kept, 64);
    assert_true(n >= 8 && n <= 24); /* about half of 32 */
    Rendered r;
    render_ok("tempo: 0.125\nout: s \"rim*16\" $ degradeBy 0.5", 16, &r); /* 8 s per cycle: 0.5 s per step */
    int heard = 0;
    for (int step = 0; step < 32; step++) {
        double t = step * 0.5;
        bool want = false;
        for (int i = 0; i < n; i++) want = want || fabs(kept[i] * 8.0 - t) < 1e-9;
        bool got = aa_peak_window(r.l, r.frames, SR, t, t + 0.2) > 0.01;
        assert_int_equal(want, got);
        heard += got;
    }
    assert_int_equal(heard, n);
    rendered_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jux_separates_channels),
        cmocka_unit_test(test_chop_plays_slices_in_order),
        cmocka_unit_test(test_degrade_plays_exactly_the_queried_events),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
