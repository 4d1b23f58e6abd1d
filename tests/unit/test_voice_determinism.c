/* test_voice_determinism.c - the same triggers give the same bits for any
 * thread count (1, 2, 3, 8), any kernel path (scalar, AVX2, AVX-512) and
 * any block size (1, 64, 100, 512, 1024, random sizes), over a scene that uses every
 * voice feature: speeds (integral, fractional, reverse, fast), stereo and
 * 22.05 kHz samples, windows, loops, accelerate, envelopes, cut groups,
 * several output slots, and more voices than one mixing chunk holds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_voice_util.h"

#define FRAMES (44100 * 2)
#define NSLOTS 3
#define NEV 900

static float tv_sine22k(int64_t i, int ch) { (void)ch; return (float)(0.7 * sin(0.05 * (double)i)); }

typedef struct Scene {
    Sample *kick, *stereo, *lofi;
    TvEvent ev[NEV];
} Scene;

static Scene *scene_new(void)
{
    Scene *sc = calloc(1, sizeof *sc);
    sc->kick = tv_sample(17199, 1, 44100.0, tv_kick);
    sc->stereo = tv_sample(30000, 2, 44100.0, tv_stereo);
    sc->lofi = tv_sample(9000, 1, 22050.0, tv_sine22k);
    uint32_t seed = 12345;
    for (int i = 0; i < NEV; i++) {
        TvEvent *e = &sc->ev[i];
        int which = (int)(tv_lcg(&seed) % 3);
        voice_start_init(&e->vs, which == 0 ? sc->kick : which == 1 ? sc->stereo : sc->lofi);
        e->frame = (int64_t)(i * (FRAMES - 20000) / NEV) + (int64_t)(tv_lcg(&seed) % 50);
        e->vs.slot = (int32_t)(tv_lcg(&seed) % NSLOTS);
        e->vs.gain = (float)(0.05 + 0.2 * tv_unit(&seed));
        e->vs.pan = (float)tv_unit(&seed);
        switch (tv_lcg(&seed) % 8) {
        case 0: e->vs.speed = 1.0; break;
        case 1: e->vs.speed = -1.0; break;
        case 2: e->vs.speed = 0.5 + 2.0 * tv_unit(&seed); break;
        case 3: e->vs.speed = -(0.3 + tv_unit(&seed)); break;
        case 4: e->vs.speed = 3.0 + 5.0 * tv_unit(&seed); break;   /* gather path */
        case 5: e->vs.note = -12.0 + 24.0 * tv_unit(&seed); break;
        case 6: e->vs.accelerate = -1.5 + 3.0 * tv_unit(&seed); break;
        default: e->vs.speed = 2.0; break;
        }
        if (tv_lcg(&seed) % 4 == 0) {
            e->vs.begin = 0.5 * tv_unit(&seed);
            e->vs.end = e->vs.begin + 0.1 + 0.4 * tv_unit(&seed);
        }
        if (tv_lcg(&seed) % 6 == 0) e->vs.loop = 1.0 + 3.0 * tv_unit(&seed);
        if (tv_lcg(&seed) % 5 == 0) e->vs.attack = 0.02 * tv_unit(&seed);
        if (tv_lcg(&seed) % 5 == 0) e->vs.release = 0.05 * tv_unit(&seed);
        if (tv_lcg(&seed) % 5 == 0) {
            e->vs.legato = 0.2 + tv_unit(&seed);
            e->vs.delta = 0.1;
        }
        if (tv_lcg(&seed) % 7 == 0) e->vs.cut = 1 + (int32_t)(tv_lcg(&seed) % 2);
        if (tv_lcg(&seed) % 9 == 0) e->vs.cut = -1;
    }
    return sc;
}

static void scene_free(Scene *sc)
{
    tv_sample_free(sc->kick);
    tv_sample_free(sc->stereo);
    tv_sample_free(sc->lofi);
    free(sc);
}

typedef struct Render {
    float *ch[2 * NSLOTS];
    VoicePoolStats st;
} Render;

/* block > 0: fixed size; block == 0: pseudo-random sizes 1..1024. */
static Render render_bufs(const Scene *sc, int threads, VoiceIsa isa, int block, int ranges)
{
    Render r;
    for (int i = 0; i < 2 * NSLOTS; i++) r.ch[i] = calloc(FRAMES, sizeof(float));
    VoicePool *p = tv_pool_bufs(threads, isa, 4096, ranges);
    assert_non_null(p);
    if (block > 0) {
        tv_render_events(p, sc->ev, NEV, NSLOTS, r.ch, FRAMES, block);
    } else {
        uint32_t seed = 99;
        int e = 0;
        for (int64_t f = 0; f < FRAMES;) {
            int n = 1 + (int)(tv_lcg(&seed) % 1024);
            if (n > FRAMES - f) n = (int)(FRAMES - f);
            for (; e < NEV && sc->ev[e].frame < f + n; e++) {
                VoiceStart vs = sc->ev[e].vs;
                vs.offset = (int32_t)(sc->ev[e].frame - f);
                voice_pool_trigger(p, &vs);
            }
            VoiceOut vo[NSLOTS];
            memset(vo, 0, sizeof vo);
            for (int s = 0; s < NSLOTS; s++) {
                vo[s].ch[0] = r.ch[2 * s] + f;
                vo[s].ch[1] = r.ch[2 * s + 1] + f;
            }
            voice_pool_mix(p, n, vo, NSLOTS);
            f += n;
        }
    }
    voice_pool_stats(p, &r.st);
    voice_pool_destroy(p);
    return r;
}

static Render render(const Scene *sc, int threads, VoiceIsa isa, int block)
{
    return render_bufs(sc, threads, isa, block, 0);
}

static void render_free(Render *r)
{
    for (int i = 0; i < 2 * NSLOTS; i++) free(r->ch[i]);
}

static void assert_same(const Render *a, const Render *b)
{
    for (int c = 0; c < 2 * NSLOTS; c++) {
        for (int i = 0; i < FRAMES; i++) {
            if (a->ch[c][i] != b->ch[c][i]) {
                print_error("channel %d frame %d: %.9g vs %.9g\n", c, i, (double)a->ch[c][i], (double)b->ch[c][i]);
                fail();
            }
        }
        assert_memory_equal(a->ch[c], b->ch[c], sizeof(float) * FRAMES);
    }
    assert_true(a->st.voice_samples == b->st.voice_samples);
}

static void test_scene_is_busy_and_finite(void **state)
{
    Scene *sc = *state;
    Render r = render(sc, 1, VOICE_ISA_AUTO, 512);
    assert_true(r.st.peak > 40);          /* several chunks per slot */
    assert_true(r.st.cut > 5);
    assert_int_equal((int)r.st.stolen, 0); /* block-size independence holds below capacity */
    double energy = 0.0;
    for (int c = 0; c < 2 * NSLOTS; c++)
        for (int i = 0; i < FRAMES; i++) {
            assert_true(isfinite(r.ch[c][i]));
            energy += (double)r.ch[c][i] * r.ch[c][i];
        }
    assert_true(energy > 100.0);
    render_free(&r);
}

static void test_thread_counts_bit_identical(void **state)
{
    Scene *sc = *state;
    Render ref = render(sc, 1, VOICE_ISA_AUTO, 512);
    const int threads[] = { 2, 3, 8 };
    for (int k = 0; k < 3; k++) {
        Render r = render(sc, threads[k], VOICE_ISA_AUTO, 512);
        assert_same(&ref, &r);
        render_free(&r);
    }
    /* the adaptive governor switching between serial and parallel blocks */
    Render ad = render_bufs(sc, 2, VOICE_ISA_AUTO, 512, -1);
    assert_same(&ref, &ad);
    render_free(&ad);
    /* more ranges than threads (3 and 5 ranges) */
    for (int k = 0; k < 2; k++) {
        Render r = render_bufs(sc, 2 + k, VOICE_ISA_AUTO, 512, 3 + 2 * k);
        assert_same(&ref, &r);
        render_free(&r);
    }
    render_free(&ref);
}

static void test_isa_paths_bit_identical(void **state)
{
    Scene *sc = *state;
    Render ref = render(sc, 1, VOICE_ISA_SCALAR, 512);
    const VoiceIsa isas[] = { VOICE_ISA_AVX2, VOICE_ISA_AVX512 };
    for (int k = 0; k < 2; k++) {
        Render r = render(sc, 2, isas[k], 512);
        assert_same(&ref, &r);
        render_free(&r);
    }
    render_free(&ref);
}

static void test_block_sizes_bit_identical(void **state)
{
    Scene *sc = *state;
    Render ref = render(sc, 1, VOICE_ISA_AUTO, 512);
    const int blocks[] = { 64, 100, 1024, 1, 0 };
    for (int k = 0; k < 5; k++) {
        Render r = render(sc, 2, VOICE_ISA_AUTO, blocks[k]);
        assert_same(&ref, &r);
        render_free(&r);
    }
    render_free(&ref);
}

static int setup(void **state)
{
    *state = scene_new();
    return 0;
}

static int teardown(void **state)
{
    scene_free(*state);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scene_is_busy_and_finite),
        cmocka_unit_test(test_thread_counts_bit_identical),
        cmocka_unit_test(test_isa_paths_bit_identical),
        cmocka_unit_test(test_block_sizes_bit_identical),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
