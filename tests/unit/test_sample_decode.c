/* test_sample_decode.c - decoding single files (sample_decode.h) and the
 * Sample buffer (sample_buffer.h): every format the spec names, rates kept,
 * stereo kept, more channels mixed down, NaN zeroed, padding, and bad files
 * (truncated, empty, text, cut header, missing) refused with a reason.
 * Every fixture is written here with libsndfile into a temp folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sample/sample_buffer.h"
#include "sample/sample_decode.h"

typedef double (*SigFn)(int ch, int64_t i);

static char tmpdir[256];

/* A sawtooth-ish step signal exactly representable in 8 bits; channel 1 is
 * its negative halved, so swapped or merged channels are caught. */
static double steps(int ch, int64_t i)
{
    double v = (double)((i * 7) % 64 - 32) / 64.0;
    return ch == 0 ? v : ch == 1 ? -0.5 * v : 0.0;
}

static double sine440(int ch, int64_t i)
{
    return (ch == 0 ? 0.5 : 0.25) * sin(2.0 * M_PI * 440.0 * (double)i / 44100.0);
}

/* Channel c holds the constant 0.01 * (c + 1). */
static double per_channel_dc(int ch, int64_t i)
{
    (void)i;
    return 0.01 * (ch + 1);
}

static const char *path_of(const char *name)
{
    static char buf[512];
    snprintf(buf, sizeof buf, "%s/%s", tmpdir, name);
    return buf;
}

static void write_audio(const char *name, int format, int channels, int rate, int64_t frames,
                        SigFn f)
{
    SF_INFO info;
    memset(&info, 0, sizeof info);
    info.samplerate = rate;
    info.channels = channels;
    info.format = format;
    SNDFILE *sf = sf_open(path_of(name), SFM_WRITE, &info);
    if (!sf) fail_msg("cannot write fixture %s: %s", name, sf_strerror(NULL));
    float *buf = malloc(sizeof(float) * (size_t)(frames * channels));
    assert_non_null(buf);
    for (int64_t i = 0; i < frames; i++)
        for (int c = 0; c < channels; c++) buf[i * channels + c] = (float)f(c, i);
    assert_int_equal(sf_writef_float(sf, buf, frames), frames);
    sf_close(sf);
    free(buf);
}

static void write_text(const char *name, const char *text)
{
    FILE *f = fopen(path_of(name), "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void cut_file(const char *name, off_t size)
{
    assert_int_equal(truncate(path_of(name), size), 0);
}

static Sample *decode_ok(const char *name, SampleDecodeNotes *notes)
{
    Sample *s = NULL;
    char why[256];
    PhStatus st = sample_decode_file(path_of(name), name, &s, notes, why, sizeof why);
    if (st != PH_OK) fail_msg("%s: expected to decode, got %s: %s", name, ph_status_name(st), why);
    return s;
}

static void assert_padding_zero(const Sample *s)
{
    for (int c = 0; c < 2; c++) {
        for (int k = 1; k <= SAMPLE_PAD; k++) assert_true(s->data[c][-k] == 0.0f);
        for (int k = 0; k < SAMPLE_PAD; k++) assert_true(s->data[c][s->frames + k] == 0.0f);
    }
}

/* Every frame of channel ch matches f within tol. */
static void assert_matches(const Sample *s, int ch, SigFn f, double tol)
{
    for (int64_t i = 0; i < s->frames; i++) {
        double want = f(ch, i), got = s->data[ch][i];
        if (fabs(want - got) > tol)
            fail_msg("%s ch %d frame %lld: want %.9f got %.9f", s->name, ch, (long long)i, want, got);
    }
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/phonon_test_decode_XXXXXX");
    if (!mkdtemp(tmpdir)) return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_wav_pcm16_mono(void **state)
{
    (void)state;
    write_audio("m16.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 1, 44100, 1000, steps);
    SampleDecodeNotes notes;
    Sample *s = decode_ok("m16.wav", &notes);
    assert_int_equal(s->channels, 1);
    assert_int_equal(s->frames, 1000);
    assert_true(s->rate == 44100.0);
    assert_ptr_equal(s->data[0], s->data[1]);
    assert_string_equal(s->name, "m16.wav");
    assert_matches(s, 0, steps, 1.5 / 32768.0);
    assert_true(fabsf(s->peak - 0.5f) < 1e-3f);
    assert_int_equal(notes.file_channels, 1);
    assert_int_equal(notes.nonfinite, 0);
    assert_padding_zero(s);
    sample_buf_free(s);
}

static void test_wav_pcm24_stereo_48k(void **state)
{
    (void)state;
    write_audio("s24.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_24, 2, 48000, 777, steps);
    Sample *s = decode_ok("s24.wav", NULL);
    assert_int_equal(s->channels, 2);
    assert_true(s->data[0] != s->data[1]);
    assert_true(s->rate == 48000.0);
    assert_matches(s, 0, steps, 2.0 / 8388608.0);
    assert_matches(s, 1, steps, 2.0 / 8388608.0);
    assert_padding_zero(s);
    sample_buf_free(s);
}

/* Float files pass through unscaled, including values past full scale. */
static double hot(int ch, int64_t i)
{
    return i == 10 ? 1.75 : steps(ch, i);
}

static void test_wav_float_and_int32_and_u8(void **state)
{
    (void)state;
    write_audio("f32.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 1, 44100, 500, hot);
    Sample *s = decode_ok("f32.wav", NULL);
    assert_matches(s, 0, hot, 0.0);
    assert_true(s->peak == 1.75f);
    sample_buf_free(s);

    write_audio("i32.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_32, 1, 32000, 500, steps);
    s = decode_ok("i32.wav", NULL);
    assert_true(s->rate == 32000.0);
    assert_matches(s, 0, steps, 1e-6);
    sample_buf_free(s);

    write_audio("u8.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_U8, 1, 11025, 300, steps);
    s = decode_ok("u8.wav", NULL);
    assert_true(s->rate == 11025.0);
    assert_matches(s, 0, steps, 1.5 / 128.0);
    sample_buf_free(s);
}

/* The voice engine corrects playback by the file's own rate: it must be kept. */
static void test_rate_22050_kept(void **state)
{
    (void)state;
    write_audio("r22.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 1, 22050, 2205, steps);
    Sample *s = decode_ok("r22.wav", NULL);
    assert_true(s->rate == 22050.0);
    assert_int_equal(s->frames, 2205); /* not resampled */
    sample_buf_free(s);
}

static void test_aiff_flac_ogg(void **state)
{
    (void)state;
    write_audio("a.aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_16, 2, 44100, 640, steps);
    Sample *s = decode_ok("a.aiff", NULL);
    assert_int_equal(s->channels, 2);
    assert_matches(s, 0, steps, 1.5 / 32768.0);
    assert_matches(s, 1, steps, 1.5 / 32768.0);
    sample_buf_free(s);

    write_audio("f.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_24, 1, 96000, 4096, steps);
    s = decode_ok("f.flac", NULL);
    assert_true(s->rate == 96000.0);
    assert_int_equal(s->frames, 4096);
    assert_matches(s, 0, steps, 2.0 / 8388608.0); /* lossless */
    sample_buf_free(s);

    write_audio("v.ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS, 2, 44100, 22050, sine440);
    s = decode_ok("v.ogg", NULL);
    assert_int_equal(s->channels, 2);
    assert_int_equal(s->frames, 22050);
    /* Lossy: compare energy per channel, and that the channels were not swapped. */
    double e[2] = { 0, 0 }, err[2] = { 0, 0 };
    for (int c = 0; c < 2; c++)
        for (int64_t i = 2048; i < s->frames - 2048; i++) {
            double d = s->data[c][i] - sine440(c, i);
            e[c] += sine440(c, i) * sine440(c, i);
            err[c] += d * d;
        }
    assert_true(err[0] < 0.01 * e[0]);
    assert_true(err[1] < 0.01 * e[1]);
    sample_buf_free(s);
}

static void test_twelve_channels_mixed_to_stereo(void **state)
{
    (void)state;
    write_audio("c12.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 12, 48000, 256, per_channel_dc);
    SampleDecodeNotes notes;
    Sample *s = decode_ok("c12.wav", &notes);
    assert_int_equal(notes.file_channels, 12);
    assert_int_equal(s->channels, 2);
    /* left = mean of channels 0,2,..,10 = 0.06; right = mean of 1,3,..,11 = 0.07 */
    for (int64_t i = 0; i < s->frames; i++) {
        assert_true(fabsf(s->data[0][i] - 0.06f) < 1e-6f);
        assert_true(fabsf(s->data[1][i] - 0.07f) < 1e-6f);
    }
    sample_buf_free(s);

    write_audio("c3.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 3, 44100, 64, per_channel_dc);
    s = decode_ok("c3.wav", &notes);
    assert_int_equal(notes.file_channels, 3);
    assert_true(fabsf(s->data[0][5] - 0.02f) < 1e-6f); /* (0.01 + 0.03) / 2 */
    assert_true(fabsf(s->data[1][5] - 0.02f) < 1e-6f); /* 0.02 */
    sample_buf_free(s);
}

static double with_nan(int ch, int64_t i)
{
    (void)ch;
    if (i == 3) return NAN;
    if (i == 4) return INFINITY;
    return 0.25;
}

static void test_nonfinite_zeroed(void **state)
{
    (void)state;
    write_audio("nan.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 1, 44100, 10, with_nan);
    SampleDecodeNotes notes;
    Sample *s = decode_ok("nan.wav", &notes);
    assert_int_equal(notes.nonfinite, 2);
    assert_true(s->data[0][3] == 0.0f && s->data[0][4] == 0.0f);
    assert_true(s->data[0][5] == 0.25f);
    assert_true(s->peak == 0.25f);
    sample_buf_free(s);
}

static void expect_refused(const char *name, PhStatus want, const char *reason_part)
{
    Sample *s = (Sample *)1;
    char why[256];
    PhStatus st = sample_decode_file(path_of(name), name, &s, NULL, why, sizeof why);
    assert_null(s);
    if (st != want) fail_msg("%s: want %s, got %s (%s)", name, ph_status_name(want), ph_status_name(st), why);
    if (!strstr(why, reason_part)) fail_msg("%s: reason '%s' lacks '%s'", name, why, reason_part);
}

static void test_bad_files_refused_with_reason(void **state)
{
    (void)state;
    write_audio("cut.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 1, 44100, 1000, steps);
    cut_file("cut.wav", 1000);
    expect_refused("cut.wav", PH_ERR_FORMAT, "truncated");

    write_audio("cut24.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_24, 2, 44100, 1000, steps);
    cut_file("cut24.wav", 3001);
    expect_refused("cut24.wav", PH_ERR_FORMAT, "truncated");

    write_audio("cut.aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_16, 1, 44100, 1000, steps);
    cut_file("cut.aiff", 900);
    expect_refused("cut.aiff", PH_ERR_FORMAT, "truncated");

    write_audio("cut.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 1, 44100, 20000, sine440);
    cut_file("cut.flac", 3000);
    expect_refused("cut.flac", PH_ERR_FORMAT, "truncated");

    write_audio("hdr.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 1, 44100, 1000, steps);
    cut_file("hdr.wav", 30);
    expect_refused("hdr.wav", PH_ERR_FORMAT, "not a readable audio file");

    write_text("zero.wav", "");
    expect_refused("zero.wav", PH_ERR_FORMAT, "empty");

    write_text("text.wav", "this is a text file, not audio\n");
    expect_refused("text.wav", PH_ERR_FORMAT, "not a readable audio file");

    expect_refused("missing.wav", PH_ERR_IO, "cannot open");
}

/* A WAV header with no frames at all (a valid but empty data chunk). */
static void test_no_frames_refused(void **state)
{
    (void)state;
    SF_INFO info = { 0 };
    info.samplerate = 44100;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    SNDFILE *sf = sf_open(path_of("noframes.wav"), SFM_WRITE, &info);
    assert_non_null(sf);
    sf_close(sf);
    expect_refused("noframes.wav", PH_ERR_FORMAT, "no audio frames");
}

static void test_audio_names(void **state)
{
    (void)state;
    const char *yes[] = { "a.wav", "B.WAV", "x.Wave", "k.aif", "k.aiff", "k.AIFC", "s.flac",
                          "o.ogg", "o.oga", "o.opus", "Sd 139.wav", "BS A#2 PI.wav" };
    const char *no[] = { "readme.txt", ".hidden.wav", "wav", "x.wav.bak", "x.mp3", "x.", "",
                         ".wav", "strudel.json" };
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (!sample_decode_is_audio_name(yes[i])) fail_msg("'%s' should be audio", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (sample_decode_is_audio_name(no[i])) fail_msg("'%s' should not be audio", no[i]);
    assert_false(sample_decode_is_audio_name(NULL));
}

static void test_buffer_layout_and_limits(void **state)
{
    (void)state;
    assert_null(sample_buf_new(0, 10, 44100, "x"));
    assert_null(sample_buf_new(3, 10, 44100, "x"));
    assert_null(sample_buf_new(1, 0, 44100, "x"));
    assert_null(sample_buf_new(1, SAMPLE_MAX_FRAMES + 1, 44100, "x"));
    assert_null(sample_buf_new(1, 10, 0.0, "x"));
    assert_null(sample_buf_new(1, 10, NAN, "x"));

    for (int64_t frames = 1; frames < 40; frames += 3) {
        Sample *s = sample_buf_new(2, frames, 44100, "pad");
        assert_non_null(s);
        assert_int_equal((uintptr_t)s->data[0] % 32, 0);
        assert_int_equal((uintptr_t)s->data[1] % 32, 0);
        float *l = sample_buf_channel(s, 0), *r = sample_buf_channel(s, 1);
        for (int64_t i = 0; i < frames; i++) {
            l[i] = 1.0f;
            r[i] = -0.5f;
        }
        sample_buf_finish(s);
        assert_true(s->peak == 1.0f);
        assert_padding_zero(s); /* writing every frame leaves the padding zero */
        sample_buf_free(s);
    }
    sample_buf_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wav_pcm16_mono),
        cmocka_unit_test(test_wav_pcm24_stereo_48k),
        cmocka_unit_test(test_wav_float_and_int32_and_u8),
        cmocka_unit_test(test_rate_22050_kept),
        cmocka_unit_test(test_aiff_flac_ogg),
        cmocka_unit_test(test_twelve_channels_mixed_to_stereo),
        cmocka_unit_test(test_nonfinite_zeroed),
        cmocka_unit_test(test_bad_files_refused_with_reason),
        cmocka_unit_test(test_no_frames_refused),
        cmocka_unit_test(test_audio_names),
        cmocka_unit_test(test_buffer_layout_and_limits),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
