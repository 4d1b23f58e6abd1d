/* test_voice_stage.c - per-voice effects in the voice engine: filter buses
 * (lpf/hpf/bpf/vowel, shared by equal settings, ringing on after their
 * voices), staged voices (shape, crush, coarse, synths), orbit routing and
 * sends. Listener checks (what the effect does to the sound) and the
 * engine's guarantee: the same bits for any thread count, SIMD path and
 * block size, over a scene that mixes all of it with plain voices. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "audio_analysis.h"
#include "test_voice_util.h"

#define SR 44100
#define FRAMES (44100 + 22050)
#define NSLOTS 2
#define NEV 500

static float tv_noise(int64_t i, int ch)
{
    uint32_t x = (uint32_t)(i * 2654435761u + (uint32_t)ch * 97u + 12345u);
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return (float)((double)(x >> 8) / 8388608.0 - 1.0) * 0.5f;
}

static float tv_click(int64_t i, int ch)
{
    (void)ch;
    return i < 4 ? 1.0f : 0.0f;
}

/* ---- the scene --------------------------------------------------------------------- */

typedef struct Scene {
    Sample *kick, *stereo, *noise;
    TvEvent ev[NEV];
} Scene;

static Scene *scene_new(void)
{
    Scene *sc = calloc(1, sizeof *sc);
    sc->kick = tv_sample(17199, 1, 44100.0, tv_kick);
    sc->stereo = tv_sample(30000, 2, 44100.0, tv_stereo);
    sc->noise = tv_sample(8000, 1, 44100.0, tv_noise);
    uint32_t seed = 777;
    for (int i = 0; i < NEV; i++) {
        TvEvent *e = &sc->ev[i];
        int which = (int)(tv_lcg(&seed) % 3);
        voice_start_init(&e->vs, which == 0 ? sc->kick : which == 1 ? sc->stereo : sc->noise);
        e->frame = (int64_t)(i * (FRAMES - 20000) / NEV) + (int64_t)(tv_lcg(&seed) % 40);
        e->vs.slot = (int32_t)(tv_lcg(&seed) % NSLOTS);
        e->vs.orbit = (int32_t)(tv_lcg(&seed) % 3);
        e->vs.gain = (float)(0.05 + 0.2 * tv_unit(&seed));
        e->vs.pan = tv_lcg(&seed) % 2 ? 0.5f : (float)tv_unit(&seed);
        if (tv_lcg(&seed) % 4 == 0) e->vs.speed = 0.5 + tv_unit(&seed);
        VoiceFx *fx = &e->vs.fx;
        switch (tv_lcg(&seed) % 12) {
        case 0: break; /* plain */
        case 1: fx->cutoff = 800.0f; break; /* shared */
        case 2: fx->cutoff = (float)(200.0 + 5000.0 * tv_unit(&seed)); fx->q = (float)(0.5 + 8.0 * tv_unit(&seed)); break;
        case 3: fx->hcutoff = 2000.0f; fx->hq = 2.0f; break;
        case 4: fx->bandf = (float)(300.0 + 2000.0 * tv_unit(&seed)); fx->bandq = 4.0f; break;
        case 5: fx->vowel = 1 + (int32_t)(tv_lcg(&seed) % 5); break;
        case 6: fx->crush = (float)(2.0 + 6.0 * tv_unit(&seed)); fx->cutoff = 3000.0f; break;
        case 7: fx->coarse = (float)(2 + tv_lcg(&seed) % 12); break;
        case 8: fx->shape = (float)tv_unit(&seed); fx->hcutoff = 100.0f; fx->cutoff = 6000.0f; break;
        case 9: e->vs.synth = 1 + (int32_t)(tv_lcg(&seed) % (uint32_t)voice_synth_count());
            e->vs.freq = 100.0 + 400.0 * tv_unit(&seed);
            e->vs.delta = 0.05 + 0.2 * tv_unit(&seed);
            if (tv_lcg(&seed) % 2) fx->cutoff = 1500.0f;
            break;
        case 10: fx->send[0] = 0.5f; fx->send[1] = (float)tv_unit(&seed); break;
        default: fx->send[1] = 0.3f; fx->vowel = VOICE_VOWEL_O; fx->shape = 0.5f; break;
        }
        if (tv_lcg(&seed) % 5 == 0) e->vs.attack = 0.01 * tv_unit(&seed);
        if (tv_lcg(&seed) % 5 == 0) e->vs.release = 0.03 * tv_unit(&seed);
        if (tv_lcg(&seed) % 9 == 0) e->vs.cut = 1;
    }
    return sc;
}

static void scene_free(Scene *sc)
{
    tv_sample_free(sc->kick);
    tv_sample_free(sc->stereo);
    tv_sample_free(sc->noise);
    free(sc);
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

/* Per slot: main L/R, and slot 0 has orbit 1 with effects: dry, send0, send1 (L/R each). */
#define NBUF (2 * NSLOTS + 6)

typedef struct Render {
    float *ch[NBUF];
    VoicePoolStats st;
} Render;

static Render render_bufs(const Scene *sc, int threads, VoiceIsa isa, int block, int ranges)
{
    Render r;
    for (int i = 0; i < NBUF; i++) r.ch[i] = calloc(FRAMES, sizeof(float));
    VoicePool *p = tv_pool_bufs(threads, isa, 2048, ranges);
    assert_non_null(p);
    uint32_t seed = 99;
    int e = 0;
    for (int64_t f = 0; f < FRAMES;) {
        int n = block > 0 ? block : 1 + (int)(tv_lcg(&seed) % 1024);
        if (n > FRAMES - f) n = (int)(FRAMES - f);
        for (; e < NEV && sc->ev[e].frame < f + n; e++) {
            VoiceStart vs = sc->ev[e].vs;
            vs.offset = (int32_t)(sc->ev[e].frame - f);
            voice_pool_trigger(p, &vs);
        }
        VoiceOrbitOut orb[VOICE_ORBITS];
        memset(orb, 0, sizeof orb);
        for (int c = 0; c < 2; c++) {
            orb[1].dry[c] = r.ch[2 * NSLOTS + c] + f;
            orb[1].send[0][c] = r.ch[2 * NSLOTS + 2 + c] + f;
            orb[1].send[1][c] = r.ch[2 * NSLOTS + 4 + c] + f;
        }
        VoiceOut vo[NSLOTS];
        memset(vo, 0, sizeof vo);
        for (int s = 0; s < NSLOTS; s++) {
            vo[s].ch[0] = r.ch[2 * s] + f;
            vo[s].ch[1] = r.ch[2 * s + 1] + f;
        }
        vo[0].orbit = orb;
        assert_int_equal(voice_pool_mix(p, n, vo, NSLOTS), PH_OK);
        f += n;
    }
    voice_pool_stats(p, &r.st);
    voice_pool_destroy(p);
    return r;
}

static void render_free(Render *r)
{
    for (int i = 0; i < NBUF; i++) free(r->ch[i]);
}

static void assert_same(const Render *a, const Render *b)
{
    for (int c = 0; c < NBUF; c++) {
        for (int i = 0; i < FRAMES; i++) {
            if (memcmp(&a->ch[c][i], &b->ch[c][i], sizeof(float)) != 0) {
                print_error("buffer %d frame %d: %.9g vs %.9g\n", c, i, (double)a->ch[c][i], (double)b->ch[c][i]);
                fail();
            }
        }
    }
}

static void test_scene_uses_everything(void **state)
{
    Scene *sc = *state;
    Render r = render_bufs(sc, 1, VOICE_ISA_AUTO, 512, 0);
    assert_true(r.st.staged > 50);
    assert_true(r.st.bused > 150);
    assert_int_equal((int)r.st.bus_full, 0);
    assert_int_equal((int)r.st.dropped, 0);
    for (int c = 0; c < NBUF; c++) {
        assert_int_equal((int)aa_count_nonfinite(r.ch[c], FRAMES), 0);
        assert_true(aa_rms(r.ch[c], FRAMES) > 1e-3); /* every buffer, sends included, got sound */
    }
    render_free(&r);
}

static void test_threads_bit_identical(void **state)
{
    Scene *sc = *state;
    Render ref = render_bufs(sc, 1, VOICE_ISA_AUTO, 512, 0);
    const int threads[] = { 2, 3, 8 };
    for (int k = 0; k < 3; k++) {
        Render r = render_bufs(sc, threads[k], VOICE_ISA_AUTO, 512, 0);
        assert_same(&ref, &r);
        render_free(&r);
    }
    Render ad = render_bufs(sc, 2, VOICE_ISA_AUTO, 512, -1);
    assert_same(&ref, &ad);
    render_free(&ad);
    render_free(&ref);
}

static void test_isa_bit_identical(void **state)
{
    Scene *sc = *state;
    Render ref = render_bufs(sc, 1, VOICE_ISA_SCALAR, 512, 0);
    const VoiceIsa isas[] = { VOICE_ISA_AVX2, VOICE_ISA_AVX512 };
    for (int k = 0; k < 2; k++) {
        Render r = render_bufs(sc, 2, isas[k], 512, 0);
        assert_same(&ref, &r);
        render_free(&r);
    }
    render_free(&ref);
}

static void test_block_sizes_bit_identical(void **state)
{
    Scene *sc = *state;
    Render ref = render_bufs(sc, 1, VOICE_ISA_AUTO, 512, 0);
    const int blocks[] = { 7, 64, 100, 1024, 0 /* random sizes */ };
    for (int k = 0; k < 5; k++) {
        Render r = render_bufs(sc, 2, VOICE_ISA_AUTO, blocks[k], 0);
        assert_same(&ref, &r);
        render_free(&r);
    }
    render_free(&ref);
}

/* ---- listener checks ----------------------------------------------------------------- */

/* One voice of `s` with fx into slot 0, rendered for `frames`; returns L (caller frees). */
static float *one_voice(const Sample *s, const VoiceFx *fx, int64_t frames, VoicePoolStats *st)
{
    VoicePool *p = tv_pool_bufs(1, VOICE_ISA_AUTO, 64, 0);
    float *out[2] = { calloc((size_t)frames, sizeof(float)), calloc((size_t)frames, sizeof(float)) };
    TvEvent ev;
    voice_start_init(&ev.vs, s);
    ev.frame = 0;
    if (fx) ev.vs.fx = *fx;
    tv_render_events(p, &ev, 1, 1, out, frames, 512);
    if (st) voice_pool_stats(p, st);
    voice_pool_destroy(p);
    free(out[1]);
    return out[0];
}

static void test_lowpass_darkens(void **state)
{
    (void)state;
    Sample *noise = tv_sample(SR, 1, SR, tv_noise);
    VoiceFx dull = { 0 }, bright = { 0 };
    dull.cutoff = 300.0f;
    bright.cutoff = 8000.0f;
    float *a = one_voice(noise, NULL, SR, NULL), *b = one_voice(noise, &dull, SR, NULL),
          *c = one_voice(noise, &bright, SR, NULL);
    double ca = aa_spectral_centroid(a, SR, SR), cb = aa_spectral_centroid(b, SR, SR),
           cc = aa_spectral_centroid(c, SR, SR);
    fprintf(stderr, "centroids %g %g %g gain %g\n", ca, cb, cc, aa_gain_db_at(a, b, SR, SR, 1200.0, 100.0));
    assert_true(cb < 1200.0 && cb < cc && cc < ca);
    /* 12 dB/octave: 2 octaves above 300 Hz, about -24 dB */
    double g = aa_gain_db_at(a, b, SR, SR, 1200.0, 100.0);
    assert_true(g < -20.0 && g > -28.0);
    free(a);
    free(b);
    free(c);
    tv_sample_free(noise);
}

static void test_highpass_and_bandpass(void **state)
{
    (void)state;
    Sample *noise = tv_sample(SR, 1, SR, tv_noise);
    VoiceFx hp = { 0 }, bp = { 0 };
    hp.hcutoff = 4000.0f;
    bp.bandf = 1000.0f;
    bp.bandq = 8.0f;
    float *a = one_voice(noise, NULL, SR, NULL), *h = one_voice(noise, &hp, SR, NULL),
          *b = one_voice(noise, &bp, SR, NULL);
    assert_true(aa_gain_db_at(a, h, SR, SR, 1000.0, 100.0) < -20.0);
    assert_true(aa_gain_db_at(a, h, SR, SR, 10000.0, 500.0) > -1.0);
    /* band-pass: peak at 1 kHz, scaled by bandq (SuperDirt) */
    double at = aa_gain_db_at(a, b, SR, SR, 1000.0, 20.0);
    fprintf(stderr, "bp %g hp %g %g\n", at, aa_gain_db_at(a, h, SR, SR, 1000.0, 100.0), aa_gain_db_at(a, h, SR, SR, 10000.0, 500.0));
    assert_true(at > 16.0 && at < 19.0); /* 20*log10(8) = 18 dB */
    assert_true(aa_gain_db_at(a, b, SR, SR, 4000.0, 200.0) < at - 20.0);
    free(a);
    free(h);
    free(b);
    tv_sample_free(noise);
}

static void test_vowels_move_formants(void **state)
{
    (void)state;
    Sample *noise = tv_sample(SR, 1, SR, tv_noise);
    VoiceFx va = { 0 }, vi = { 0 };
    va.vowel = VOICE_VOWEL_A;
    vi.vowel = VOICE_VOWEL_I;
    float *a = one_voice(noise, &va, SR, NULL), *i = one_voice(noise, &vi, SR, NULL);
    /* "a": F1 660 Hz strong; "i": F1 270 Hz, nothing much at 660 */
    assert_true(aa_band_energy(a, SR, SR, 600, 720) > 10.0 * aa_band_energy(i, SR, SR, 600, 720));
    assert_true(aa_band_energy(i, SR, SR, 240, 300) > 10.0 * aa_band_energy(a, SR, SR, 240, 300));
    free(a);
    free(i);
    tv_sample_free(noise);
}

/* Voices with the same settings share one bus; the filter rings on after
 * the voice ends and decays without a click. */
static void test_buses_shared_and_ringing(void **state)
{
    (void)state;
    Sample *click = tv_sample(64, 1, SR, tv_click);
    VoicePool *p = tv_pool_bufs(1, VOICE_ISA_AUTO, 64, 0);
    float *out[2] = { calloc(SR, sizeof(float)), calloc(SR, sizeof(float)) };
    TvEvent ev[3];
    for (int k = 0; k < 3; k++) {
        voice_start_init(&ev[k].vs, click);
        ev[k].frame = 100 * k;
        ev[k].vs.fx.cutoff = 500.0f;
        ev[k].vs.fx.q = 20.0f;
    }
    ev[2].vs.fx.cutoff = 700.0f;
    tv_render_events(p, ev, 2, 1, out, 600, 512);
    VoicePoolStats st;
    voice_pool_stats(p, &st);
    assert_int_equal(st.buses, 1); /* two voices, one bus */
    voice_pool_trigger(p, &ev[2].vs);
    voice_pool_mix(p, 64, (VoiceOut[]){ { .ch = { out[0], out[1] } } }, 1);
    voice_pool_stats(p, &st);
    assert_int_equal(st.buses, 2);
    voice_pool_destroy(p);
    /* a single click through a q=20 low-pass: it rings at 500 Hz long after the 64-frame voice */
    VoiceFx fx = { 0 };
    fx.cutoff = 500.0f;
    fx.q = 20.0f;
    float *y = one_voice(click, &fx, SR / 2, NULL);
    assert_true(aa_peak_window(y, SR / 2, SR, 0.05, 0.06) > 1e-3);
    double f = aa_peak_freq_in(y, SR / 2, SR, 100, 2000);
    assert_true(fabs(f - 500.0) < 10.0);
    assert_true(aa_max_step(y, SR / 2, NULL) < 0.05);
    free(y);
    free(out[0]);
    free(out[1]);
    tv_sample_free(click);
}

/* A bus's only voice is rendered by the filter pass itself (voice_bus_filter.c;
 * on AVX-512 a steady one is read straight from its sample by the fused
 * kernel). A silent twin on every bus (gain 0: same key, so the same bus)
 * makes the range pass feed the buses instead. Both must sound the same:
 * the twin adds exact zeros. Voices start at various offsets, some with an
 * attack ramp or a speed that interpolates, some on orbit 1 with sends. */
static void test_solo_bus_matches_shared(void **state)
{
    const Scene *sc = *state;
    enum { NV = 48, LEN = 40000 };
    TvEvent ev[2 * NV];
    uint32_t seed = 7;
    for (int k = 0; k < NV; k++) {
        TvEvent *e = &ev[2 * k];
        voice_start_init(&e->vs, sc->kick);
        e->frame = (int64_t)(tv_lcg(&seed) % 20000);
        e->vs.fx.cutoff = (float)(150.0 + 6000.0 * tv_unit(&seed));
        e->vs.fx.q = (float)(0.5 + 4.0 * tv_unit(&seed));
        e->vs.pan = (float)tv_unit(&seed);
        if (k % 5 == 0) e->vs.attack = 0.01;
        if (k % 7 == 0) e->vs.speed = 0.75;
        if (k % 3 == 0) {
            e->vs.orbit = 1;
            e->vs.fx.send[0] = 0.4f;
        }
        ev[2 * k + 1] = *e;
        ev[2 * k + 1].vs.gain = 0.0f;
    }
    /* sorted by frame, each twin right after its voice */
    for (int i = 1; i < NV; i++)
        for (int j = i; j > 0 && ev[2 * j].frame < ev[2 * (j - 1)].frame; j--) {
            TvEvent a = ev[2 * j], b = ev[2 * j + 1];
            ev[2 * j] = ev[2 * (j - 1)];
            ev[2 * j + 1] = ev[2 * (j - 1) + 1];
            ev[2 * (j - 1)] = a;
            ev[2 * (j - 1) + 1] = b;
        }
    TvEvent solo[NV];
    for (int k = 0; k < NV; k++) solo[k] = ev[2 * k];
    const VoiceIsa isas[] = { VOICE_ISA_SCALAR, VOICE_ISA_AUTO };
    for (int i = 0; i < 2; i++) {
        float *a[2] = { calloc(LEN, sizeof(float)), calloc(LEN, sizeof(float)) };
        float *b[2] = { calloc(LEN, sizeof(float)), calloc(LEN, sizeof(float)) };
        VoicePool *pa = tv_pool_bufs(1, isas[i], 256, -1), *pb = tv_pool_bufs(1, isas[i], 256, -1);
        assert_non_null(pa);
        assert_non_null(pb);
        tv_render_events(pa, solo, NV, 1, a, LEN, 256);
        tv_render_events(pb, ev, 2 * NV, 1, b, LEN, 256);
        double energy = 0.0;
        for (int c = 0; c < 2; c++)
            for (int f = 0; f < LEN; f++) {
                if (a[c][f] != b[c][f]) { /* == : +0 and -0 are the same sound */
                    print_error("isa %d ch %d frame %d: %.9g vs %.9g\n", i, c, f, (double)a[c][f], (double)b[c][f]);
                    fail();
                }
                energy += (double)a[c][f] * a[c][f];
            }
        assert_true(energy > 1.0); /* the voices sounded */
        voice_pool_destroy(pa);
        voice_pool_destroy(pb);
        for (int c = 0; c < 2; c++) {
            free(a[c]);
            free(b[c]);
        }
    }
}

/* The fused low-pass kernel (AVX-512, serial blocks) against the scalar
 * and AVX2 paths, on what it is built for: many voices, each with its own
 * cutoff, into one slot. Groups of 16 lanes with a partial last one;
 * centred pans (one product per lane), other pans, orbit sends; steady
 * voices read from their sample for the whole block, and non-steady ones
 * (attack, speed 0.75, a late start) through rows. */
static void render_lowpass_voices(VoiceIsa isa, int nv, int pan_mode, int block, float **out, int64_t len)
{
    Sample *kick = tv_sample(17199, 1, SR, tv_kick);
    TvEvent *ev = calloc((size_t)nv, sizeof *ev);
    uint32_t seed = 4242;
    for (int k = 0; k < nv; k++) {
        TvEvent *e = &ev[k];
        voice_start_init(&e->vs, kick);
        e->frame = (int64_t)k * 97 + (int64_t)(tv_lcg(&seed) % 50);
        e->vs.gain = (float)(0.2 + 0.5 * tv_unit(&seed));
        e->vs.fx.cutoff = (float)(200.0 + 8000.0 * tv_unit(&seed));
        e->vs.fx.q = (float)(0.5 + 4.0 * tv_unit(&seed));
        e->vs.pan = pan_mode == 0 ? 0.5f : pan_mode == 1 ? (float)tv_unit(&seed) : k % 2 ? 0.5f : 0.25f;
        if (pan_mode == 2 && k % 4 == 0) e->vs.fx.send[0] = 0.3f; /* a second target, same orbit */
        if (k % 11 == 0) e->vs.attack = 0.02;
        if (k % 13 == 0) e->vs.speed = 0.75;
    }
    VoicePool *p = tv_pool_bufs(1, isa, 1024, -1);
    assert_non_null(p);
    tv_render_events(p, ev, nv, 1, out, len, block);
    voice_pool_destroy(p);
    free(ev);
    tv_sample_free(kick);
}

static void test_fused_lowpass_matches_scalar(void **state)
{
    (void)state;
    enum { LEN = 30000 };
    const int voices[] = { 40, 66, 71, 100 }, blocks[] = { 512, 256, 100 }; /* 66, 71: four groups and a tail */
    for (int v = 0; v < 4; v++)
        for (int pm = 0; pm < 3; pm++)
            for (int b = 0; b < 3; b++) {
                float *ref[2] = { malloc(LEN * sizeof(float)), malloc(LEN * sizeof(float)) };
                render_lowpass_voices(VOICE_ISA_SCALAR, voices[v], pm, blocks[b], ref, LEN);
                double energy = 0.0;
                for (int f = 0; f < LEN; f++) energy += (double)ref[0][f] * ref[0][f];
                assert_true(energy > 1.0);
                const VoiceIsa isas[] = { VOICE_ISA_AVX2, VOICE_ISA_AVX512 };
                for (int i = 0; i < 2; i++) {
                    float *got[2] = { malloc(LEN * sizeof(float)), malloc(LEN * sizeof(float)) };
                    render_lowpass_voices(isas[i], voices[v], pm, blocks[b], got, LEN);
                    for (int c = 0; c < 2; c++)
                        for (int f = 0; f < LEN; f++)
                            if (got[c][f] != ref[c][f]) { /* == : +0 and -0 are the same sound */
                                print_error("%d voices, pans %d, block %d, isa %d, ch %d frame %d: %.9g vs %.9g\n",
                                            voices[v], pm, blocks[b], (int)isas[i], c, f, (double)got[c][f],
                                            (double)ref[c][f]);
                                fail();
                            }
                    free(got[0]);
                    free(got[1]);
                }
                free(ref[0]);
                free(ref[1]);
            }
}

static void test_crush_coarse_shape(void **state)
{
    (void)state;
    Sample *sine = tv_sample(SR, 1, SR, tv_stereo); /* channel 0: 220 Hz decaying sine */
    VoiceFx cr = { 0 }, co = { 0 }, sh = { 0 };
    cr.crush = 4.0f; /* steps of 0.125 */
    co.coarse = 8.0f;
    sh.shape = 0.9f;
    float *a = one_voice(sine, NULL, SR / 2, NULL), *c = one_voice(sine, &cr, SR / 2, NULL),
          *k = one_voice(sine, &co, SR / 2, NULL), *s = one_voice(sine, &sh, SR / 2, NULL);
    double g = sin(M_PI_4); /* centre pan */
    for (int i = 100; i < SR / 2; i += 37) {
        double q = c[i] / g / 0.125;
        assert_true(fabs(q - round(q)) < 1e-3);
    }
    /* quantisation noise: the crushed sine's error is far above the original's */
    double err = 0.0;
    for (int i = 0; i < SR / 2; i++) err += (c[i] - a[i]) * (c[i] - a[i]);
    assert_true(sqrt(err / (SR / 2)) > 0.01);
    for (int i = 1000; i < 1200; i++)
        if (i % 8 != 0) assert_true(k[i] == k[i - 1]); /* held for 8 frames */
    /* shape: louder at the same peak-limited level (compression), still below 1 */
    assert_true(aa_rms(s, SR / 2) > 1.5 * aa_rms(a, SR / 2));
    assert_true(aa_peak(s, SR / 2) < 1.0);
    free(a);
    free(c);
    free(k);
    free(s);
    tv_sample_free(sine);
}

/* Renders a kick, then a filtered kick, then a crushed one into one slot,
 * with lazy or up-front effect buffers; returns the effect bytes after each
 * step in bytes[3]. */
static void lazy_render(const Sample *kick, int lazy, float *out, size_t bytes[3])
{
    VoicePoolConfig cfg = { 0 };
    cfg.rate = 44100.0;
    cfg.max_block = 256;
    cfg.capacity = 64;
    cfg.threads = 1;
    cfg.lazy_effects = lazy;
    VoicePool *p = voice_pool_create(&cfg, NULL);
    assert_non_null(p);
    for (int step = 0; step < 3; step++) {
        VoiceStart vs;
        voice_start_init(&vs, kick);
        vs.slot = 0;
        if (step == 1) vs.fx.cutoff = 900.0f;
        if (step == 2) vs.fx.crush = 4.0f;
        assert_int_equal(voice_pool_trigger(p, &vs), PH_OK);
        for (int b = 0; b < 20; b++) {
            float *o = out + (size_t)(step * 20 + b) * 2 * 256;
            assert_int_equal(voice_pool_mix(p, 256, (VoiceOut[]){ { .ch = { o, o + 256 } } }, 1), PH_OK);
        }
        VoicePoolStats st;
        voice_pool_stats(p, &st);
        bytes[step] = st.effect_bytes;
    }
    voice_pool_destroy(p);
}

/* lazy_effects (render): plain voices allocate no bus or staging memory;
 * the first filtered voice allocates the buses, the first staged voice the
 * staging buffers; the sound is the same bits as with everything up front. */
static void test_lazy_effect_buffers(void **state)
{
    Scene *sc = *state;
    size_t n = 3 * 20 * 2 * 256, lazy_b[3], eager_b[3];
    float *a = calloc(n, sizeof(float)), *b = calloc(n, sizeof(float));
    lazy_render(sc->kick, 1, a, lazy_b);
    lazy_render(sc->kick, 0, b, eager_b);
    assert_int_equal(lazy_b[0], 0);
    assert_true(lazy_b[1] > 0);
    assert_true(lazy_b[2] > lazy_b[1]);
    assert_int_equal(lazy_b[2], eager_b[0]);
    assert_int_equal(eager_b[0], eager_b[2]);
    assert_int_equal(memcmp(a, b, n * sizeof(float)), 0);
    double e = 0;
    for (size_t i = 0; i < n; i++) e += (double)a[i] * a[i];
    assert_true(e > 1.0); /* it played */
    free(a);
    free(b);
}

static void test_bad_fx_values(void **state)
{
    (void)state;
    Sample *noise = tv_sample(4000, 1, SR, tv_noise);
    VoiceFx fx[] = {
        { .cutoff = NAN, .q = NAN, .crush = NAN, .shape = NAN, .coarse = NAN },
        { .cutoff = -5.0f, .hcutoff = 1e9f, .q = -1.0f, .bandf = INFINITY, .bandq = 0.0f },
        { .crush = 1e9f, .shape = 5.0f, .coarse = 1e9f, .vowel = 99, .send = { NAN, -3.0f } },
        { .cutoff = 1e-30f, .q = 1e30f, .crush = 0.5f, .shape = -1.0f, .vowel = -4 },
    };
    for (size_t k = 0; k < sizeof fx / sizeof fx[0]; k++) {
        float *y = one_voice(noise, &fx[k], 8000, NULL);
        assert_int_equal((int)aa_count_nonfinite(y, 8000), 0);
        assert_true(aa_peak(y, 8000) < 64.0);
        free(y);
    }
    tv_sample_free(noise);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_scene_uses_everything, setup, teardown),
        cmocka_unit_test_setup_teardown(test_threads_bit_identical, setup, teardown),
        cmocka_unit_test_setup_teardown(test_isa_bit_identical, setup, teardown),
        cmocka_unit_test_setup_teardown(test_block_sizes_bit_identical, setup, teardown),
        cmocka_unit_test(test_lowpass_darkens),
        cmocka_unit_test(test_highpass_and_bandpass),
        cmocka_unit_test(test_vowels_move_formants),
        cmocka_unit_test(test_buses_shared_and_ringing),
        cmocka_unit_test_setup_teardown(test_solo_bus_matches_shared, setup, teardown),
        cmocka_unit_test(test_fused_lowpass_matches_scalar),
        cmocka_unit_test(test_crush_coarse_shape),
        cmocka_unit_test(test_bad_fx_values),
        cmocka_unit_test_setup_teardown(test_lazy_effect_buffers, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
