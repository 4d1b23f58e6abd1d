/* test_io_wav_writer.c - WAV writer: every format read back through
 * libsndfile, exact quantisation, clipping, NaN/Inf, chunking, byte
 * determinism, and the errors a user meets (bad path, disk full, file size
 * limit mid-render). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <signal.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "io/wav_writer.h"
#include "wav_fixture.h"

/* The inputs every format is checked with, and their s16 / s24 codes. */
#define NIN 16
static const float k_in[NIN] = {
    0.0f, 0.5f, -0.5f, 1.0f, -1.0f, 1.5f, -1.5f, 0.25f,
    0.5f / 32768.0f, -0.5f / 32768.0f, 1.5f / 32768.0f, -1.5f / 32768.0f,
    32767.4f / 32768.0f, 0.999f, -0.999f, 1e-9f,
};
static const int k_s16[NIN] = {
    0, 16384, -16384, 32767, -32768, 32767, -32768, 8192,
    1, 0, 2, -1,
    32767, 32735, -32735, 0,
};

static void write_pair(const char *path, WavFormat fmt, const float *l, const float *r, int n)
{
    WavWriter *w = NULL;
    char err[WAV_WRITER_ERR_MAX];
    assert_int_equal(wav_writer_open(&w, path, 48000, fmt, err, sizeof err), PH_OK);
    assert_int_equal(wav_writer_write(w, l, r, n), PH_OK);
    assert_int_equal(wav_writer_frames(w), n);
    assert_int_equal(wav_writer_close(w, err, sizeof err), PH_OK);
}

static SNDFILE *open_read(const char *path, SF_INFO *info, int want_sub)
{
    memset(info, 0, sizeof *info);
    SNDFILE *sf = sf_open(path, SFM_READ, info);
    assert_non_null(sf);
    assert_int_equal(info->channels, 2);
    assert_int_equal(info->samplerate, 48000);
    assert_int_equal(info->format, SF_FORMAT_WAV | want_sub);
    return sf;
}

static void test_s16_exact_codes(void **state)
{
    Fixture *f = *state;
    float neg[NIN];
    for (int i = 0; i < NIN; i++) neg[i] = -k_in[i];
    write_pair(f->path, WAV_FORMAT_S16, k_in, neg, NIN);

    SF_INFO info;
    SNDFILE *sf = open_read(f->path, &info, SF_FORMAT_PCM_16);
    assert_int_equal(info.frames, NIN);
    short got[2 * NIN];
    assert_int_equal(sf_read_short(sf, got, 2 * NIN), 2 * NIN);
    for (int i = 0; i < NIN; i++) {
        assert_int_equal(got[2 * i], k_s16[i]);
        /* the right channel is the negation, quantised independently */
        int want_r = (int)floor(-(double)k_in[i] * 32768.0 + 0.5);
        if (want_r > 32767) want_r = 32767;
        if (want_r < -32768) want_r = -32768;
        assert_int_equal(got[2 * i + 1], want_r);
    }
    sf_close(sf);
}

static void test_s24_exact_codes(void **state)
{
    Fixture *f = *state;
    write_pair(f->path, WAV_FORMAT_S24, k_in, k_in, NIN);
    SF_INFO info;
    SNDFILE *sf = open_read(f->path, &info, SF_FORMAT_PCM_24);
    int got[2 * NIN];
    assert_int_equal(sf_read_int(sf, got, 2 * NIN), 2 * NIN);
    for (int i = 0; i < NIN; i++) {
        double v = floor((double)k_in[i] * 8388608.0 + 0.5);
        if (v > 8388607.0) v = 8388607.0;
        if (v < -8388608.0) v = -8388608.0;
        assert_int_equal(got[2 * i] >> 8, (int)v);
        assert_int_equal(got[2 * i + 1], got[2 * i]);
    }
    /* spot checks written out by hand */
    assert_int_equal(got[2 * 1] >> 8, 4194304);   /* 0.5 */
    assert_int_equal(got[2 * 3] >> 8, 8388607);   /* 1.0 clips to full scale */
    assert_int_equal(got[2 * 4] >> 8, -8388608);  /* -1.0 */
    assert_int_equal(got[2 * 5] >> 8, 8388607);   /* 1.5 clips */
    assert_int_equal(got[2 * 6] >> 8, -8388608);  /* -1.5 clips */
    sf_close(sf);
}

static void test_f32_bit_exact_and_unclipped(void **state)
{
    Fixture *f = *state;
    write_pair(f->path, WAV_FORMAT_F32, k_in, k_in, NIN);
    SF_INFO info;
    SNDFILE *sf = open_read(f->path, &info, SF_FORMAT_FLOAT);
    float got[2 * NIN];
    assert_int_equal(sf_read_float(sf, got, 2 * NIN), 2 * NIN);
    for (int i = 0; i < NIN; i++) {
        assert_memory_equal(&got[2 * i], &k_in[i], sizeof(float));
        assert_memory_equal(&got[2 * i + 1], &k_in[i], sizeof(float));
    }
    sf_close(sf);
}

static void test_nonfinite_become_zero(void **state)
{
    Fixture *f = *state;
    const float bad[4] = {NAN, INFINITY, -INFINITY, -NAN};
    const WavFormat fmts[3] = {WAV_FORMAT_S16, WAV_FORMAT_S24, WAV_FORMAT_F32};
    for (int k = 0; k < 3; k++) {
        write_pair(f->path, fmts[k], bad, bad, 4);
        SF_INFO info;
        memset(&info, 0, sizeof info);
        SNDFILE *sf = sf_open(f->path, SFM_READ, &info);
        assert_non_null(sf);
        float got[8];
        assert_int_equal(sf_read_float(sf, got, 8), 8);
        for (int i = 0; i < 8; i++) {
            assert_true(got[i] == 0.0f);
            assert_false(signbit(got[i]) && fmts[k] == WAV_FORMAT_F32);
        }
        sf_close(sf);
    }
}

/* Writes a long signal in ragged block sizes (crossing the internal chunk)
 * and checks it reads back exactly as one piece. */
static void test_chunking_ragged_blocks(void **state)
{
    Fixture *f = *state;
    enum { N = 3 * WAV_WRITER_CHUNK_FRAMES + 1234 };
    float *l = malloc(N * sizeof *l), *r = malloc(N * sizeof *r);
    for (int i = 0; i < N; i++) {
        l[i] = (float)((i % 2000) - 1000) / 1024.0f;
        r[i] = (float)((i * 7) % 3001 - 1500) / 2048.0f;
    }
    WavWriter *w = NULL;
    assert_int_equal(wav_writer_open(&w, f->path, 48000, WAV_FORMAT_F32, NULL, 0), PH_OK);
    const int sizes[] = {0, 1, 63, WAV_WRITER_CHUNK_FRAMES, WAV_WRITER_CHUNK_FRAMES + 1, 5000, 17};
    int pos = 0, k = 0;
    while (pos < N) {
        int n = sizes[k++ % 7];
        if (n > N - pos) n = N - pos;
        assert_int_equal(wav_writer_write(w, l + pos, r + pos, n), PH_OK);
        pos += n;
    }
    assert_int_equal(wav_writer_frames(w), N);
    assert_int_equal(wav_writer_close(w, NULL, 0), PH_OK);

    SF_INFO info;
    SNDFILE *sf = open_read(f->path, &info, SF_FORMAT_FLOAT);
    assert_int_equal(info.frames, N);
    float *got = malloc(2 * N * sizeof *got);
    assert_int_equal(sf_read_float(sf, got, 2 * N), 2 * N);
    for (int i = 0; i < N; i++) {
        assert_true(got[2 * i] == l[i]);
        assert_true(got[2 * i + 1] == r[i]);
    }
    sf_close(sf);
    free(got);
    free(l);
    free(r);
}

static long read_all(const char *path, unsigned char *buf, long cap)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    long n = (long)fread(buf, 1, (size_t)cap, fp);
    fclose(fp);
    return n;
}

/* Same input, same bytes; and no timestamped PEAK chunk in float files. */
static void test_bytes_deterministic(void **state)
{
    Fixture *f = *state;
    static unsigned char a[4096], b[4096];
    const WavFormat fmts[3] = {WAV_FORMAT_S16, WAV_FORMAT_S24, WAV_FORMAT_F32};
    for (int k = 0; k < 3; k++) {
        write_pair(f->path, fmts[k], k_in, k_in, NIN);
        long na = read_all(f->path, a, sizeof a);
        write_pair(f->path, fmts[k], k_in, k_in, NIN);
        long nb = read_all(f->path, b, sizeof b);
        assert_int_equal(na, nb);
        assert_memory_equal(a, b, (size_t)na);
        assert_null(memmem(a, (size_t)na, "PEAK", 4));
        assert_memory_equal(a, "RIFF", 4);
    }
}

static void test_bad_arguments(void **state)
{
    Fixture *f = *state;
    WavWriter *w = (WavWriter *)1;
    char err[WAV_WRITER_ERR_MAX];
    assert_int_equal(wav_writer_open(&w, f->path, 0, WAV_FORMAT_S16, err, sizeof err), PH_ERR_ARG);
    assert_null(w);
    assert_non_null(strstr(err, "sample rate"));
    assert_int_equal(wav_writer_open(&w, "-", 48000, WAV_FORMAT_S16, err, sizeof err), PH_ERR_ARG);
    assert_int_equal(wav_writer_open(&w, f->path, 48000, (WavFormat)42, err, sizeof err), PH_ERR_ARG);

    WavFormat fmt;
    assert_int_equal(wav_format_parse("s16", &fmt), PH_OK);
    assert_int_equal(fmt, WAV_FORMAT_S16);
    assert_int_equal(wav_format_parse("s24", &fmt), PH_OK);
    assert_int_equal(fmt, WAV_FORMAT_S24);
    assert_int_equal(wav_format_parse("f32", &fmt), PH_OK);
    assert_int_equal(fmt, WAV_FORMAT_F32);
    assert_int_equal(wav_format_parse("s32", &fmt), PH_ERR_ARG);
    assert_string_equal(wav_format_name(WAV_FORMAT_S24), "s24");
    assert_int_equal(wav_writer_close(NULL, NULL, 0), PH_OK);
}

static void test_bad_path_is_io_error(void **state)
{
    (void)state;
    WavWriter *w = NULL;
    char err[WAV_WRITER_ERR_MAX] = "";
    assert_int_equal(wav_writer_open(&w, "/nonexistent_dir_phonon/x.wav", 48000, WAV_FORMAT_S16,
                                     err, sizeof err),
                     PH_ERR_IO);
    assert_null(w);
    assert_non_null(strstr(err, "/nonexistent_dir_phonon/x.wav"));
    assert_non_null(strstr(err, "No such file"));

    assert_int_equal(wav_writer_open(&w, "/tmp", 48000, WAV_FORMAT_S16, err, sizeof err), PH_ERR_IO);
    assert_non_null(strstr(err, "directory"));
}

static void test_disk_full_is_io_error(void **state)
{
    (void)state;
    if (access("/dev/full", W_OK) != 0) skip();
    WavWriter *w = NULL;
    char err[WAV_WRITER_ERR_MAX] = "";
    assert_int_equal(wav_writer_open(&w, "/dev/full", 48000, WAV_FORMAT_S24, err, sizeof err),
                     PH_ERR_IO);
    assert_non_null(strstr(err, "No space left"));
}

/* A file size limit makes a write fail mid-render, like a disk filling up:
 * the write reports it, later writes are refused, close reports it too. */
static void test_failure_mid_render(void **state)
{
    Fixture *f = *state;
    struct rlimit old, lim;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
    lim = old;
    lim.rlim_cur = 64 * 1024;
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);

    static float z[WAV_WRITER_CHUNK_FRAMES];
    WavWriter *w = NULL;
    assert_int_equal(wav_writer_open(&w, f->path, 48000, WAV_FORMAT_F32, NULL, 0), PH_OK);
    PhStatus st = PH_OK;
    int blocks = 0;
    while (st == PH_OK && blocks < 100) {
        st = wav_writer_write(w, z, z, WAV_WRITER_CHUNK_FRAMES);
        blocks++;
    }
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
    signal(SIGXFSZ, old_handler);

    assert_int_equal(st, PH_ERR_IO);
    assert_true(blocks <= 3);
    assert_non_null(strstr(wav_writer_error(w), "write failed"));
    assert_int_equal(wav_writer_write(w, z, z, 1), PH_ERR_IO);
    char err[WAV_WRITER_ERR_MAX] = "";
    assert_int_equal(wav_writer_close(w, err, sizeof err), PH_ERR_IO);
    assert_non_null(strstr(err, f->path));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_s16_exact_codes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_s24_exact_codes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_f32_bit_exact_and_unclipped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nonfinite_become_zero, setup, teardown),
        cmocka_unit_test_setup_teardown(test_chunking_ragged_blocks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bytes_deterministic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_arguments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_path_is_io_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disk_full_is_io_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failure_mid_render, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
