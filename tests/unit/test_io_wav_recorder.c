/* test_io_wav_recorder.c - recording from the audio thread: the null audio
 * device's render callback pushes into the recorder and the WAV must hold
 * exactly what was rendered; a full ring drops whole blocks and counts them;
 * write errors surface at close. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "io/audio_device.h"
#include "io/wav_recorder.h"
#include "wav_fixture.h"

static float sig(int64_t i, int ch)
{
    return ch == 0 ? (float)((i % 1000) - 500) / 512.0f : (float)((i * 3) % 777) / 1024.0f;
}

typedef struct Live {
    WavRecorder *rec;
    int64_t pos;
} Live;

/* A live render callback: make audio, tee it into the recorder. */
static void live_render(void *user, float *l, float *r, int n)
{
    Live *lv = user;
    for (int i = 0; i < n; i++) {
        l[i] = sig(lv->pos + i, 0);
        r[i] = sig(lv->pos + i, 1);
    }
    lv->pos += n;
    wav_recorder_push(lv->rec, l, r, n);
}

static float *read_wav(const char *path, int64_t *frames)
{
    SF_INFO info;
    memset(&info, 0, sizeof info);
    SNDFILE *sf = sf_open(path, SFM_READ, &info);
    assert_non_null(sf);
    assert_int_equal(info.channels, 2);
    float *buf = malloc((size_t)(info.frames + 1) * 2 * sizeof(float));
    assert_int_equal(sf_readf_float(sf, buf, info.frames), info.frames);
    sf_close(sf);
    *frames = info.frames;
    return buf;
}

static void test_records_null_device_exactly(void **state)
{
    Fixture *f = *state;
    Live lv = {NULL, 0};
    char err[WAV_WRITER_ERR_MAX] = "";
    assert_int_equal(wav_recorder_open(&lv.rec, f->path, 48000, WAV_FORMAT_F32, 0, err, sizeof err), PH_OK);
    AudioDeviceConfig cfg = {"null", 48000, 128, 0, live_render, &lv, 0};
    AudioDevice *d = NULL;
    assert_int_equal(audio_device_open(&d, &cfg, err, sizeof err), PH_OK);
    assert_int_equal(audio_device_start(d), PH_OK);
    struct timespec ts = {0, 400 * 1000000};
    nanosleep(&ts, NULL);
    assert_int_equal(audio_device_stop(d), PH_OK);
    audio_device_close(d);
    uint64_t dropped = 99;
    assert_int_equal(wav_recorder_close(lv.rec, &dropped, err, sizeof err), PH_OK);
    assert_int_equal(dropped, 0);

    int64_t frames;
    float *buf = read_wav(f->path, &frames);
    assert_int_equal(frames, lv.pos);
    assert_true(frames >= 128 * 10);
    for (int64_t i = 0; i < frames; i++) {
        assert_true(buf[2 * i] == sig(i, 0));
        assert_true(buf[2 * i + 1] == sig(i, 1));
    }
    free(buf);
}

static void test_full_ring_drops_whole_blocks(void **state)
{
    Fixture *f = *state;
    WavRecorder *rec = NULL;
    assert_int_equal(wav_recorder_open(&rec, f->path, 48000, WAV_FORMAT_F32, 1000, NULL, 0), PH_OK);
    enum { B = 512, NB = 40 };
    static float l[NB][B], r[NB][B];
    int accepted[NB];
    int64_t total_accepted = 0;
    for (int b = 0; b < NB; b++) {
        for (int i = 0; i < B; i++) {
            l[b][i] = sig((int64_t)b * B + i, 0);
            r[b][i] = sig((int64_t)b * B + i, 1);
        }
        int got = wav_recorder_push(rec, l[b], r[b], B);
        assert_true(got == 0 || got == B);
        accepted[b] = got == B;
        total_accepted += got;
    }
    assert_true(wav_recorder_dropped(rec) > 0); /* 40 blocks at once cannot fit in 1024 frames */
    uint64_t dropped = 0;
    assert_int_equal(wav_recorder_close(rec, &dropped, NULL, 0), PH_OK);
    assert_int_equal((int64_t)dropped + total_accepted, (int64_t)NB * B);

    int64_t frames;
    float *buf = read_wav(f->path, &frames);
    assert_int_equal(frames, total_accepted);
    int64_t at = 0;
    for (int b = 0; b < NB; b++) {
        if (!accepted[b]) continue;
        for (int i = 0; i < B; i++, at++) {
            assert_true(buf[2 * at] == l[b][i]);
            assert_true(buf[2 * at + 1] == r[b][i]);
        }
    }
    free(buf);
}

static void test_open_errors(void **state)
{
    Fixture *f = *state;
    WavRecorder *rec = (WavRecorder *)1;
    char err[WAV_WRITER_ERR_MAX] = "";
    assert_int_equal(wav_recorder_open(&rec, "/nonexistent_phonon/r.wav", 48000, WAV_FORMAT_S16, 0,
                                       err, sizeof err),
                     PH_ERR_IO);
    assert_null(rec);
    assert_non_null(strstr(err, "/nonexistent_phonon/r.wav"));
    assert_int_equal(wav_recorder_open(&rec, f->path, 48000, WAV_FORMAT_S16, -5, err, sizeof err),
                     PH_ERR_ARG);
    assert_int_equal(wav_recorder_close(NULL, NULL, NULL, 0), PH_OK);
}

static void test_write_error_reported_at_close(void **state)
{
    Fixture *f = *state;
    struct rlimit old, lim;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
    lim = old;
    lim.rlim_cur = 32 * 1024;
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
    WavRecorder *rec = NULL;
    assert_int_equal(wav_recorder_open(&rec, f->path, 48000, WAV_FORMAT_F32, 1 << 16, NULL, 0), PH_OK);
    static float z[4096];
    for (int i = 0; i < 16; i++) assert_int_equal(wav_recorder_push(rec, z, z, 4096), 4096);
    char err[WAV_WRITER_ERR_MAX] = "";
    PhStatus st = wav_recorder_close(rec, NULL, err, sizeof err);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
    signal(SIGXFSZ, old_handler);
    assert_int_equal(st, PH_ERR_IO);
    assert_non_null(strstr(err, "write failed"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_records_null_device_exactly, setup, teardown),
        cmocka_unit_test_setup_teardown(test_full_ring_drops_whole_blocks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_error_reported_at_close, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
