/* test_voice_pool.c - what a listener hears from single voices: onsets to
 * the sample, speed/reverse/rate correction, pan law, gain, windows, loops,
 * legato, envelopes, cut groups, stealing, insane controls. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_voice_util.h"

#define N 44100

static float tv_ones(int64_t i, int ch) { (void)i; (void)ch; return 1.0f; }
static float tv_ramp(int64_t i, int ch) { (void)ch; return (float)(i + 1) / 1000.0f; }
static float tv_sine441(int64_t i, int ch) { (void)ch; return (float)sin(2.0 * M_PI * 441.0 * (double)i / 22050.0); }
static float tv_sine100(int64_t i, int ch) { (void)ch; return (float)sin(2.0 * M_PI * 100.0 * (double)i / 44100.0); }

typedef struct Bufs {
    float *ch[4];
} Bufs;

static Bufs bufs_new(int64_t frames)
{
    Bufs b;
    for (int i = 0; i < 4; i++) b.ch[i] = calloc((size_t)frames, sizeof(float));
    return b;
}

static void bufs_free(Bufs *b)
{
    for (int i = 0; i < 4; i++) free(b->ch[i]);
}

/* Renders one voice (pan 0 unless set) on slot 0; returns buffers. */
static Bufs render_one(const VoiceStart *vs, int64_t at, int64_t frames, int block)
{
    VoicePool *p = tv_pool(1, VOICE_ISA_AUTO, 64);
    assert_non_null(p);
    Bufs b = bufs_new(frames);
    TvEvent ev = { at, *vs };
    tv_render_events(p, &ev, 1, 1, b.ch, frames, block);
    voice_pool_destroy(p);
    return b;
}

static int64_t first_nonzero(const float *x, int64_t n)
{
    for (int64_t i = 0; i < n; i++)
        if (x[i] != 0.0f) return i;
    return -1;
}

static int64_t last_nonzero(const float *x, int64_t n)
{
    for (int64_t i = n - 1; i >= 0; i--)
        if (x[i] != 0.0f) return i;
    return -1;
}

static void test_onset_exact(void **state)
{
    (void)state;
    Sample *s = tv_sample(100, 1, 44100.0, tv_ones);
    const int offsets[] = { 0, 1, 255, 511 };
    for (int k = 0; k < 4; k++) {
        VoiceStart vs;
        voice_start_init(&vs, s);
        vs.pan = 0.0f;
        Bufs b = render_one(&vs, 512 * 3 + offsets[k], 512 * 6, 512);
        assert_int_equal(first_nonzero(b.ch[0], 512 * 6), 512 * 3 + offsets[k]);
        assert_true(b.ch[0][512 * 3 + offsets[k]] == 1.0f);
        assert_int_equal(last_nonzero(b.ch[0], 512 * 6), 512 * 3 + offsets[k] + 99);
        bufs_free(&b);
    }
    tv_sample_free(s);
}

static void test_speed_and_reverse(void **state)
{
    (void)state;
    Sample *s = tv_sample(1000, 1, 44100.0, tv_ramp);
    VoiceStart vs;
    voice_start_init(&vs, s);
    vs.pan = 0.0f;
    vs.speed = 2.0;
    Bufs b = render_one(&vs, 0, 4096, 512);
    assert_int_equal(last_nonzero(b.ch[0], 4096), 499); /* half the time */
    for (int i = 0; i < 500; i++) assert_true(b.ch[0][i] == s->data[0][2 * i]);
    bufs_free(&b);

    vs.speed = -1.0;
    b = render_one(&vs, 0, 4096, 512);
    assert_int_equal(last_nonzero(b.ch[0], 4096), 999);
    for (int i = 44; i < 1000; i++) assert_true(b.ch[0][i] == s->data[0][999 - i]); /* after the fade-in */
    assert_true(b.ch[0][0] < b.ch[0][44]);
    bufs_free(&b);

    vs.speed = 0.5; /* interpolated: midpoints between frames */
    b = render_one(&vs, 0, 4096, 512);
    assert_int_equal(last_nonzero(b.ch[0], 4096), 1999);
    for (int i = 0; i < 998; i++) {
        float want = i % 2 ? 0.5f * (s->data[0][i / 2] + s->data[0][i / 2 + 1]) : s->data[0][i / 2];
        assert_float_equal(b.ch[0][i], want, 1e-6);
    }
    bufs_free(&b);
    tv_sample_free(s);
}

static int zero_crossings(const float *x, int64_t a, int64_t b)
{
    int z = 0;
    for (int64_t i = a + 1; i < b; i++)
        if ((x[i - 1] < 0.0f) != (x[i] < 0.0f)) z++;
    return z;
}

static void test_rate_correction(void **state)
{
    (void)state;
    Sample *s = tv_sample(22050, 1, 22050.0, tv_sine441); /* 1 s of 441 Hz at 22.05 kHz */
    VoiceStart vs;
    voice_start_init(&vs, s);
    vs.pan = 0.0f;
    Bufs b = render_one(&vs, 0, N + 1000, 512);
    int64_t last = last_nonzero(b.ch[0], N + 1000);
    assert_true(last >= N - 3 && last <= N - 1); /* plays 1 s at 44.1 kHz */
    int z = zero_crossings(b.ch[0], 0, N - 10);
    assert_true(z >= 880 && z <= 883); /* 441 Hz: 882 crossings per second */
    bufs_free(&b);
    tv_sample_free(s);
}

static void test_pan_law_and_gain(void **state)
{
    (void)state;
    Sample *s = tv_sample(1000, 1, 44100.0, tv_ramp);
    VoiceStart vs;
    voice_start_init(&vs, s);
    vs.pan = 0.0f;
    Bufs b = render_one(&vs, 0, 1024, 512);
    for (int i = 0; i < 1000; i++) {
        assert_true(b.ch[0][i] == s->data[0][i]);
        assert_true(b.ch[1][i] == 0.0f);
    }
    bufs_free(&b);
    vs.pan = 1.0f;
    b = render_one(&vs, 0, 1024, 512);
    for (int i = 0; i < 1000; i++) {
        assert_true(b.ch[0][i] == 0.0f);
        assert_true(b.ch[1][i] == s->data[0][i]);
    }
    bufs_free(&b);
    vs.pan = 0.5f;
    b = render_one(&vs, 0, 1024, 512);
    for (int i = 0; i < 1000; i++) {
        assert_true(b.ch[0][i] == b.ch[1][i]);
        assert_float_equal(b.ch[0][i], s->data[0][i] * 0.70710678f, 1e-6);
    }
    bufs_free(&b);
    vs.pan = 0.0f;
    vs.gain = 0.25f;
    b = render_one(&vs, 0, 1024, 512);
    for (int i = 0; i < 1000; i++) assert_true(b.ch[0][i] == 0.25f * s->data[0][i]);
    bufs_free(&b);
    tv_sample_free(s);
}

static void test_stereo_sample(void **state)
{
    (void)state;
    Sample *s = tv_sample(2000, 2, 44100.0, tv_stereo);
    VoiceStart vs;
    voice_start_init(&vs, s);
    vs.pan = 0.5f;
    Bufs b = render_one(&vs, 7, 3000, 512);
    for (int i = 0; i < 2000; i++) {
        assert_float_equal(b.ch[0][7 + i], s->data[0][i] * 0.70710678f, 1e-6);
        assert_float_equal(b.ch[1][7 + i], s->data[1][i] * 0.70710678f, 1e-6);
    }
    bufs_free(&b);
    tv_sample_free(s);
}

static void test_begin_end_window(void **state)
{
    (void)state;
    Sample *s = tv_sample(1000, 1, 44100.0, tv_ramp);
    VoiceStart vs;
    voice_start_init(&vs, s);
    vs.pan = 0.0f;
    vs.begin = 0.25;
    vs.end = 0.5;
    Bufs b = render_one(&vs, 0, 2048, 512);
    assert_int_equal(last_nonzero(b.ch[0], 2048), 249);
    /* 1 ms fade-in (starts mid-sample), 4 ms fade-out (ends mid-sample) */
    assert_true(b.ch[0][0] == 0.0f || b.ch[0][0] < 0.05f * s->data[0][250]);
    assert_true(b.ch[0][60] == s->data[0][310]); /* fade-out spans frames 74..249 */
    assert_true(b.ch[0][249] < 0.05f * s->data[0][499]);
    bufs_free(&b);
    tv_sample_free(s);
}

static void test_loop_count(void **state)
{
    (void)state;
    Sample *s = tv_sample(1000, 1, 44100.0, tv_ramp);
    VoiceStart vs;
    voice_start_init(&vs, s);
    vs.pan = 0.0f;
    vs.loop = 3.0;
    Bufs b = render_one(&vs, 0, 4096, 256);
    assert_int_equal(last_nonzero(b.ch[0], 4096), 2999);
    for (int i = 0; i < 2800; i++) assert_true(b.ch[0][i] == s->data[0][i % 1000]);
    bufs_free(&b);
    tv_sample_free(s);
}

static void test_tiny_loop_window(void **state)
{
    (void)state;
    Sample *s = tv_sample(1000, 1, 44100.0, tv_ramp);
    VoiceStart vs;
    voice_start_init(&vs, s);
    vs.begin = 0.5;
    vs.end = 0.5 + 1e-9; /* a window of a millionth of a frame, looped a million times */
    vs.loop = 1e6;
    vs.speed = 64.0;
    Bufs b = render_one(&vs, 0, 4096, 512); /* must finish quickly, finite */
    for (int i = 0; i < 4096; i++) assert_true(isfinite(b.ch[0][i]) && fabsf(b.ch[0][i]) <= 1.0f);
    bufs_free(&b);
    tv_sample_free(s);
}

static void test_legato_and_release(void **state)
{
    (void)state;
    Sample *s = tv_sample(44100, 1, 44100.0, tv_ones);
    VoiceStart vs;
    voice_start_init(&vs, s);
    vs.pan = 0.0f;
    vs.legato = 0.5;
    vs.delta = 0.1; /* 50 ms = 2205 frames */
    Bufs b = render_one(&vs, 0, 8192, 512);
    assert_int_equal(last_nonzero(b.ch[0], 8192), 2204);
    assert_true(b.ch[0][2000] == 1.0f);
    assert_true(b.ch[0][2204] < 0.01f);            /* faded, not cut */
    for (int i = 1; i < 8192; i++) assert_true(fabsf(b.ch[0][i] - b.ch[0][i - 1]) < 0.01f || i == 1);
    bufs_free(&b);

    vs.legato = 0.0;
    vs.sustain = 0.2;
    vs.attack = 0.01;
    vs.release = 0.05;
    b = render_one(&vs, 0, 10000, 300);
    assert_int_equal(last_nonzero(b.ch[0], 10000), 8819);
    assert_float_equal(b.ch[0][220], 0.5f, 0.01f);    /* halfway up the 441-frame attack */
    assert_true(b.ch[0][1000] == 1.0f);
    assert_float_equal(b.ch[0][8820 - 1103], 0.5f, 0.01f); /* halfway down the release */
    bufs_free(&b);
    tv_sample_free(s);
}

static void test_cut_group_fades(void **state)
{
    (void)state;
    Sample *s = tv_sample(44100, 1, 44100.0, tv_sine100);
    VoicePool *p = tv_pool(1, VOICE_ISA_AUTO, 64);
    TvEvent ev[2];
    voice_start_init(&ev[0].vs, s);
    ev[0].frame = 100;
    ev[0].vs.cut = 1;
    ev[0].vs.slot = 0;
    ev[1] = ev[0];
    ev[1].frame = 3000;
    ev[1].vs.slot = 1;
    Bufs b = bufs_new(8192);
    tv_render_events(p, ev, 2, 2, b.ch, 8192, 512);
    /* the older voice (slot 0) is silent within 5 ms of the new trigger */
    assert_true(last_nonzero(b.ch[0], 8192) < 3000 + 221);
    assert_true(last_nonzero(b.ch[0], 8192) > 3000 + 100);
    float maxjump = 0.0f;
    for (int i = 2900; i < 3400; i++) maxjump = fmaxf(maxjump, fabsf(b.ch[0][i] - b.ch[0][i - 1]));
    assert_true(maxjump < 0.02f); /* a 100 Hz sine moves <= 0.0101 per frame at -3 dB */
    assert_int_equal(first_nonzero(b.ch[2], 8192), 3001); /* sin(0) = 0 at 3000 */
    VoicePoolStats st;
    voice_pool_stats(p, &st);
    assert_int_equal((int)st.cut, 1);
    bufs_free(&b);
    voice_pool_destroy(p);
    tv_sample_free(s);
}

static void test_cut_scope(void **state)
{
    (void)state;
    Sample *a = tv_sample(44100, 1, 44100.0, tv_ones), *b2 = tv_sample(44100, 1, 44100.0, tv_ones);
    VoicePool *p = tv_pool(1, VOICE_ISA_AUTO, 64);
    /* slot 0: sample a, cut -1; slot 1: sample b, cut -1; slot 2: a, cut 1 on orbit 1 */
    TvEvent ev[4];
    voice_start_init(&ev[0].vs, a);
    ev[0].frame = 0;
    ev[0].vs.cut = -1;
    ev[1] = ev[0];
    ev[1].vs.sample = b2;
    ev[1].vs.slot = 1;
    ev[2] = ev[0];
    ev[2].vs.slot = 2;
    ev[2].vs.cut = 1;
    ev[2].vs.orbit = 1;
    ev[3] = ev[1]; /* at 2000: b again with cut -1 -> fades slot 1 only */
    ev[3].frame = 2000;
    ev[3].vs.slot = 3;
    float *ch[8];
    for (int i = 0; i < 8; i++) ch[i] = calloc(4096, sizeof(float));
    tv_render_events(p, ev, 4, 4, ch, 4096, 256);
    assert_true(ch[0][4000] > 0.5f); /* same group, other sample: untouched */
    assert_true(ch[2][1999] > 0.5f && ch[2][2000 + 200] == 0.0f); /* same sample: cut */
    assert_true(ch[4][4000] > 0.5f); /* other orbit: untouched */
    assert_true(ch[6][4000] > 0.5f);
    for (int i = 0; i < 8; i++) free(ch[i]);
    voice_pool_destroy(p);
    tv_sample_free(a);
    tv_sample_free(b2);
}

static void test_offset_beyond_block(void **state)
{
    (void)state;
    Sample *s = tv_sample(100, 1, 44100.0, tv_ones);
    VoicePool *p = tv_pool(1, VOICE_ISA_AUTO, 64);
    VoiceStart vs;
    voice_start_init(&vs, s);
    vs.offset = 1000;
    voice_pool_trigger(p, &vs);
    Bufs b = bufs_new(2048);
    tv_render(p, 1, b.ch, 2048, 128);
    assert_int_equal(first_nonzero(b.ch[0], 2048), 1000);
    assert_int_equal(last_nonzero(b.ch[0], 2048), 1099);
    bufs_free(&b);
    voice_pool_destroy(p);
    tv_sample_free(s);
}

static void test_steal_at_capacity(void **state)
{
    (void)state;
    Sample *s = tv_sample(44100, 1, 44100.0, tv_sine100);
    VoicePool *p = tv_pool(1, VOICE_ISA_AUTO, 16);
    TvEvent ev[40];
    for (int i = 0; i < 40; i++) {
        voice_start_init(&ev[i].vs, s);
        ev[i].vs.gain = 0.05f;
        ev[i].frame = 64 * i;
    }
    Bufs b = bufs_new(8192);
    tv_render_events(p, ev, 40, 1, b.ch, 8192, 128);
    VoicePoolStats st;
    voice_pool_stats(p, &st);
    assert_true(st.stolen >= 24);
    assert_true(st.active <= 16 + 8);
    assert_int_equal((int)st.dropped, 0);
    for (int i = 1; i < 8192; i++) assert_true(fabsf(b.ch[0][i] - b.ch[0][i - 1]) < 0.05f);
    bufs_free(&b);
    voice_pool_destroy(p);
    tv_sample_free(s);
}

static void test_steal_reserve_exhausted(void **state)
{
    (void)state;
    Sample *s = tv_sample(44100, 1, 44100.0, tv_sine100);
    VoicePool *p = tv_pool(1, VOICE_ISA_AUTO, 16);
    TvEvent ev[100];
    for (int i = 0; i < 100; i++) { /* 100 onsets inside one block */
        voice_start_init(&ev[i].vs, s);
        ev[i].vs.gain = 0.02f;
        ev[i].frame = 1000 + i;
    }
    Bufs b = bufs_new(4096);
    tv_render_events(p, ev, 100, 1, b.ch, 4096, 512);
    VoicePoolStats st;
    voice_pool_stats(p, &st);
    assert_int_equal((int)st.triggered, 24); /* 16 voices + the 8-voice steal reserve */
    assert_int_equal((int)st.stolen, 8);
    assert_int_equal((int)st.dropped, 76);
    assert_int_equal(st.active, 16);         /* the stolen ones have faded out */
    for (int i = 1; i < 4096; i++) assert_true(fabsf(b.ch[0][i] - b.ch[0][i - 1]) < 0.05f);
    bufs_free(&b);
    voice_pool_destroy(p);
    tv_sample_free(s);
}

static void test_insane_controls(void **state)
{
    (void)state;
    Sample *s = tv_sample(1000, 1, 44100.0, tv_ramp);
    VoicePool *p = tv_pool(1, VOICE_ISA_AUTO, 64);
    const double bad[] = { NAN, INFINITY, -INFINITY, 1e300, -1e300, 0.0, 1e-30 };
    TvEvent ev[7 * 6];
    int n = 0;
    for (int k = 0; k < 7; k++) {
        for (int field = 0; field < 6; field++) {
            TvEvent *e = &ev[n++];
            voice_start_init(&e->vs, s);
            e->frame = 10 * n;
            switch (field) {
            case 0: e->vs.gain = (float)bad[k]; break;
            case 1: e->vs.pan = (float)bad[k]; break;
            case 2: e->vs.speed = bad[k]; break;
            case 3: e->vs.begin = bad[k]; e->vs.end = bad[k]; break;
            case 4: e->vs.accelerate = bad[k]; e->vs.loop = bad[k]; break;
            default: e->vs.note = bad[k]; e->vs.attack = bad[k]; e->vs.release = bad[k]; break;
            }
        }
    }
    Bufs b = bufs_new(N);
    tv_render_events(p, ev, n, 1, b.ch, N, 512);
    for (int i = 0; i < N; i++) {
        assert_true(isfinite(b.ch[0][i]) && isfinite(b.ch[1][i]));
        assert_true(fabsf(b.ch[0][i]) <= 16.0f * 12.0f);
    }
    VoicePoolStats st;
    voice_pool_stats(p, &st);
    assert_true(st.dropped >= 2); /* speed NaN and speed 0 are not played */
    bufs_free(&b);
    voice_pool_destroy(p);
    tv_sample_free(s);
}

static void test_release_slot_and_kill(void **state)
{
    (void)state;
    Sample *s = tv_sample(44100, 1, 44100.0, tv_ones);
    VoicePool *p = tv_pool(1, VOICE_ISA_AUTO, 64);
    VoiceStart vs;
    voice_start_init(&vs, s);
    vs.pan = 0.0f;
    voice_pool_trigger(p, &vs);
    vs.slot = 1;
    voice_pool_trigger(p, &vs);
    Bufs b = bufs_new(4096);
    VoiceOut vo[2] = { { .ch = { b.ch[0], b.ch[1] } }, { .ch = { b.ch[2], b.ch[3] } } };
    voice_pool_mix(p, 512, vo, 2);
    voice_pool_release_slot(p, 0, 100, 0.01);
    vo[0].ch[0] += 512; vo[0].ch[1] += 512; vo[1].ch[0] += 512; vo[1].ch[1] += 512;
    voice_pool_mix(p, 1024, vo, 2);
    assert_int_equal(last_nonzero(b.ch[0], 4096), 512 + 100 + 440);
    assert_true(b.ch[2][1535] == 1.0f);
    assert_int_equal(voice_pool_forget_sample(p, s), 1); /* the slot-1 voice (slot 0's faded out) */
    voice_pool_kill_all(p);
    VoicePoolStats st;
    voice_pool_stats(p, &st);
    assert_int_equal(st.active, 1); /* stopped; retired by the next mix */
    voice_pool_mix(p, 16, vo, 2);
    voice_pool_stats(p, &st);
    assert_int_equal(st.active, 0);
    bufs_free(&b);
    voice_pool_destroy(p);
    tv_sample_free(s);
}

static void test_mix_adds_into_slots(void **state)
{
    (void)state;
    Sample *s = tv_sample(1000, 1, 44100.0, tv_ramp);
    VoicePool *p = tv_pool(1, VOICE_ISA_AUTO, 64);
    VoiceStart vs;
    voice_start_init(&vs, s);
    vs.pan = 0.0f;
    vs.slot = 1;
    voice_pool_trigger(p, &vs);
    float buf[4][256];
    for (int c = 0; c < 4; c++)
        for (int i = 0; i < 256; i++) buf[c][i] = 0.5f; /* what the slot held before */
    VoiceOut vo[2] = { { .ch = { buf[0], buf[1] } }, { .ch = { buf[2], buf[3] } } };
    assert_int_equal(voice_pool_mix(p, 256, vo, 2), PH_OK);
    for (int i = 0; i < 256; i++) {
        assert_true(buf[0][i] == 0.5f && buf[1][i] == 0.5f); /* no voices: untouched */
        assert_true(buf[2][i] == 0.5f + s->data[0][i] && buf[3][i] == 0.5f);
    }
    assert_int_equal(voice_pool_mix(p, 0, vo, 2), PH_ERR_ARG);
    assert_int_equal(voice_pool_mix(p, 1025, vo, 2), PH_ERR_ARG);
    voice_pool_destroy(p);
    tv_sample_free(s);
}

static void test_note_unit_and_file_rate(void **state)
{
    (void)state;
    Sample *s = tv_sample(4410, 1, 44100.0, tv_ones);
    VoiceStart vs;
    voice_start_init(&vs, s);
    vs.pan = 0.0f;
    vs.note = 12.0; /* an octave up: twice the speed */
    Bufs b = render_one(&vs, 0, 8192, 512);
    assert_int_equal(last_nonzero(b.ch[0], 8192), 2204);
    bufs_free(&b);
    voice_start_init(&vs, s);
    vs.pan = 0.0f;
    vs.unit = VOICE_UNIT_CYCLE; /* speed 1 = the file lasts one cycle: 0.5 cps, 0.1 s file -> rate 0.05 */
    vs.cps = 0.5;
    b = render_one(&vs, 0, 100000, 512);
    assert_int_equal(last_nonzero(b.ch[0], 100000), 88199);
    bufs_free(&b);
    tv_sample_free(s);
    s = tv_sample(4800, 1, 48000.0, tv_ones); /* 0.1 s at 48 kHz lasts 4410 frames at 44.1 kHz */
    voice_start_init(&vs, s);
    vs.pan = 0.0f;
    b = render_one(&vs, 0, 8192, 512);
    assert_true(llabs(last_nonzero(b.ch[0], 8192) - 4409) <= 1);
    bufs_free(&b);
    tv_sample_free(s);
}

static void test_accelerate(void **state)
{
    (void)state;
    Sample *s = tv_sample(44100, 1, 44100.0, tv_sine100);
    VoiceStart vs;
    voice_start_init(&vs, s);
    vs.pan = 0.0f;
    vs.accelerate = 1.0; /* speed 1 -> 2 over the voice: lasts ~1 s / 1.5 */
    Bufs b = render_one(&vs, 0, N, 512);
    int64_t last = last_nonzero(b.ch[0], N);
    assert_true(last > 29000 && last < 29800);
    int z0 = zero_crossings(b.ch[0], 0, 4410), z1 = zero_crossings(b.ch[0], 24000, 28410);
    print_message("accelerate: last %lld, crossings %d then %d\n", (long long)last, z0, z1);
    assert_true(z0 >= 20 && z0 <= 23);   /* ~100-115 Hz over the first 0.1 s */
    assert_true(z1 >= 35 && z1 <= 39);   /* ~180-190 Hz near the end */
    bufs_free(&b);
    tv_sample_free(s);
}

static void test_reserve_while_sounding(void **state)
{
    (void)state;
    Sample *s = tv_sample(44100, 1, 44100.0, tv_sine100);
    VoicePool *a = tv_pool(1, VOICE_ISA_AUTO, 16), *big = tv_pool(1, VOICE_ISA_AUTO, 4096);
    float l[2][512], r[2][512];
    for (int blk = 0; blk < 40; blk++) {
        VoiceStart vs;
        voice_start_init(&vs, s);
        vs.offset = blk * 7;
        vs.pan = (float)(blk % 5) * 0.25f;
        voice_pool_trigger(a, &vs);
        voice_pool_trigger(big, &vs);
        if (blk == 10) assert_int_equal(voice_pool_reserve(a, 4096), PH_OK);
        memset(l, 0, sizeof l);
        memset(r, 0, sizeof r);
        VoiceOut oa = { .ch = { l[0], r[0] } }, ob = { .ch = { l[1], r[1] } };
        voice_pool_mix(a, 512, &oa, 1);
        voice_pool_mix(big, 512, &ob, 1);
        assert_memory_equal(l[0], l[1], sizeof l[0]);
        assert_memory_equal(r[0], r[1], sizeof r[0]);
    }
    VoicePoolStats st;
    voice_pool_stats(a, &st);
    assert_int_equal(st.capacity, 4096);
    assert_int_equal((int)st.stolen, 0);
    voice_pool_destroy(a);
    voice_pool_destroy(big);
    tv_sample_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_onset_exact),
        cmocka_unit_test(test_speed_and_reverse),
        cmocka_unit_test(test_rate_correction),
        cmocka_unit_test(test_pan_law_and_gain),
        cmocka_unit_test(test_stereo_sample),
        cmocka_unit_test(test_begin_end_window),
        cmocka_unit_test(test_loop_count),
        cmocka_unit_test(test_tiny_loop_window),
        cmocka_unit_test(test_legato_and_release),
        cmocka_unit_test(test_cut_group_fades),
        cmocka_unit_test(test_cut_scope),
        cmocka_unit_test(test_offset_beyond_block),
        cmocka_unit_test(test_steal_at_capacity),
        cmocka_unit_test(test_steal_reserve_exhausted),
        cmocka_unit_test(test_insane_controls),
        cmocka_unit_test(test_release_slot_and_kill),
        cmocka_unit_test(test_mix_adds_into_slots),
        cmocka_unit_test(test_note_unit_and_file_rate),
        cmocka_unit_test(test_accelerate),
        cmocka_unit_test(test_reserve_while_sounding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
