/* test_sample_library.c - the sample library (sample_library.h) on
 * Dirt-Samples-shaped folders built in a temp dir: byte-order file
 * ordering, `n` wrapping, mixed formats and rates in one bank, bad files
 * skipped with one warning each, root priority (--samples > PHONON_SAMPLES >
 * ./samples > ~/.local/share/phonon/samples > Dirt-Samples quark > kit) with
 * HOME, PHONON_SAMPLES and the cwd pointed at temp folders, suggestions for
 * unknown banks, and lock-free picking while other threads load. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sample/kit.h"
#include "sample/sample_library.h"

static char tmp[256];
static char old_cwd[PATH_MAX];

/* ---- fixtures ------------------------------------------------------------ */

static const char *at(const char *rel)
{
    static char buf[4][600];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmp, rel);
    return buf[k];
}

/* mkdir -p of the folder part of a path under tmp. */
static void make_parents(const char *rel)
{
    char p[600];
    snprintf(p, sizeof p, "%s/%s", tmp, rel);
    for (char *s = p + strlen(tmp) + 1; *s; s++) {
        if (*s != '/') continue;
        *s = '\0';
        mkdir(p, 0755);
        *s = '/';
    }
}

/* A file whose frame count identifies it; format, channels, rate as asked. */
static void write_audio(const char *rel, int format, int channels, int rate, int frames)
{
    make_parents(rel);
    SF_INFO info;
    memset(&info, 0, sizeof info);
    info.samplerate = rate;
    info.channels = channels;
    info.format = format;
    SNDFILE *sf = sf_open(at(rel), SFM_WRITE, &info);
    if (!sf) fail_msg("cannot write %s: %s", rel, sf_strerror(NULL));
    float *buf = calloc((size_t)frames * (size_t)channels, sizeof(float));
    assert_non_null(buf);
    for (int i = 0; i < frames * channels; i++) buf[i] = 0.25f * sinf(0.05f * (float)i);
    assert_int_equal(sf_writef_float(sf, buf, frames), frames);
    sf_close(sf);
    free(buf);
}

static void write_wav(const char *rel, int frames)
{
    write_audio(rel, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 1, 44100, frames);
}

static void write_text(const char *rel, const char *text)
{
    make_parents(rel);
    FILE *f = fopen(at(rel), "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Collected warnings. */
typedef struct Warnings {
    int n;
    SampleWarnKind kind[64];
    char path[64][600];
    char msg[64][512];
} Warnings;

static void collect(void *user, const SampleWarning *w)
{
    Warnings *ws = user;
    if (ws->n >= 64) return;
    ws->kind[ws->n] = w->kind;
    snprintf(ws->path[ws->n], sizeof ws->path[0], "%s", w->path);
    snprintf(ws->msg[ws->n], sizeof ws->msg[0], "%s", w->message);
    ws->n++;
}

static int count_kind(const Warnings *ws, SampleWarnKind k)
{
    int c = 0;
    for (int i = 0; i < ws->n; i++) c += ws->kind[i] == k;
    return c;
}

/* Options with no environment at all: only what the test passes. */
static void bare_options(SampleLibOptions *o, Warnings *ws)
{
    memset(o, 0, sizeof *o);
    o->rate = 44100.0;
    o->warn = collect;
    o->warn_user = ws;
}

static SampleLib *open_dirs(const char *const *dirs, int ndirs, bool builtin, Warnings *ws)
{
    SampleLibOptions o;
    bare_options(&o, ws);
    o.dirs = dirs;
    o.ndirs = ndirs;
    o.no_builtin = !builtin;
    SampleLib *lib = NULL;
    assert_int_equal(sample_lib_open(&lib, &o), PH_OK);
    return lib;
}

static int64_t frames_of(const Sample *s)
{
    return s ? s->frames : -1;
}

static int setup(void **state)
{
    (void)state;
    if (!getcwd(old_cwd, sizeof old_cwd)) return -1;
    snprintf(tmp, sizeof tmp, "/tmp/phonon_test_samplelib_XXXXXX");
    if (!mkdtemp(tmp)) return -1;
    /* Never look at the real home, environment or working folder. */
    mkdir(at("home"), 0755);
    mkdir(at("cwd"), 0755);
    setenv("HOME", at("home"), 1);
    unsetenv("PHONON_SAMPLES");
    return chdir(at("cwd"));
}

static int teardown(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    if (chdir(old_cwd) != 0) return -1;
    return system(cmd) == 0 ? 0 : -1;
}

/* ---- ordering and `n` ---------------------------------------------------- */

static void test_byte_order_and_ignored_entries(void **state)
{
    (void)state;
    /* Created in this order; frames = 100 + creation index identify them. */
    const char *names[] = { "b1.wav", "a.wav", "Z.WAV", "2.wav", "b-1.wav",
                            "_x.wav", "10.wav", "b 1.wav", "B.wav" };
    for (int i = 0; i < 9; i++) {
        char rel[128];
        snprintf(rel, sizeof rel, "order/mix/%s", names[i]);
        write_wav(rel, 100 + i);
    }
    write_text("order/mix/readme.txt", "not a sample");
    write_wav("order/mix/sub/inner.wav", 50);
    write_wav("order/mix/.hidden.wav", 51);
    /* strcmp order: ' ' < '-' < digits < uppercase < '_' < lowercase */
    const char *want[] = { "10.wav", "2.wav", "B.wav", "Z.WAV", "_x.wav",
                           "a.wav", "b 1.wav", "b-1.wav", "b1.wav" };
    const int want_frames[] = { 106, 103, 108, 102, 105, 101, 107, 104, 100 };

    Warnings ws = { 0 };
    const char *dirs[] = { at("order") };
    SampleLib *lib = open_dirs(dirs, 1, false, &ws);
    const SampleBank *b = sample_lib_find(lib, "mix");
    assert_non_null(b);
    assert_int_equal(sample_bank_file_count(b), 9);
    for (int i = 0; i < 9; i++) assert_string_equal(sample_bank_file_name(b, i), want[i]);
    assert_null(sample_lib_find(lib, "sub")); /* nested folders are not banks */
    assert_int_equal(sample_lib_preload(lib, b), PH_OK);
    for (int i = 0; i < 9; i++) assert_int_equal(frames_of(sample_bank_pick(b, i)), want_frames[i]);
    assert_int_equal(ws.n, 0);
    sample_lib_close(lib);
}

static void test_index_wrap(void **state)
{
    (void)state;
    assert_int_equal(sample_index_wrap(0.0, 3), 0);
    assert_int_equal(sample_index_wrap(2.999, 3), 2);
    assert_int_equal(sample_index_wrap(3.0, 3), 0);
    assert_int_equal(sample_index_wrap(7.5, 3), 1);
    assert_int_equal(sample_index_wrap(-1.0, 3), 2);  /* from the end */
    assert_int_equal(sample_index_wrap(-0.5, 3), 2);  /* floor(-0.5) = -1 */
    assert_int_equal(sample_index_wrap(-3.0, 3), 0);
    assert_int_equal(sample_index_wrap(-4.0, 3), 2);
    assert_int_equal(sample_index_wrap(-0.0, 3), 0);
    assert_int_equal(sample_index_wrap(1e18, 3), 1);  /* 10^18 mod 3 */
    assert_int_equal(sample_index_wrap(-1e18, 3), 2);
    assert_int_equal(sample_index_wrap(9007199254740993.0, 7), 9007199254740992ull % 7);
    assert_int_equal(sample_index_wrap(1e300, 1), 0);
    assert_int_equal(sample_index_wrap(NAN, 3), 0);
    assert_int_equal(sample_index_wrap(INFINITY, 3), 0);
    assert_int_equal(sample_index_wrap(-INFINITY, 3), 0);
    assert_int_equal(sample_index_wrap(1.0, 0), -1);
    for (int c = 1; c < 20; c++)
        for (int n = -50; n < 50; n++) {
            int i = sample_index_wrap(n + 0.25, c);
            assert_true(i >= 0 && i < c);
            assert_int_equal(i, ((n % c) + c) % c);
        }
}

static void test_pick_needs_load_and_wraps(void **state)
{
    (void)state;
    write_wav("wrap/three/a.wav", 10);
    write_wav("wrap/three/b.wav", 20);
    write_wav("wrap/three/c.wav", 30);
    Warnings ws = { 0 };
    const char *dirs[] = { at("wrap") };
    SampleLib *lib = open_dirs(dirs, 1, false, &ws);
    const SampleBank *b = sample_lib_find(lib, "three");
    assert_non_null(b);
    /* Not loaded: the audio-thread lookup says so instead of loading. */
    assert_int_equal(sample_bank_loaded_count(b), -1);
    assert_null(sample_bank_pick(b, 0));
    assert_null(sample_bank_pick(NULL, 0));
    /* get loads on demand (non-audio thread). */
    assert_int_equal(frames_of(sample_lib_get(lib, b, 1.9)), 20);
    assert_int_equal(sample_bank_loaded_count(b), 3);
    assert_int_equal(frames_of(sample_bank_pick(b, -1)), 30);
    assert_int_equal(frames_of(sample_bank_pick(b, 3.7)), 10);
    assert_int_equal(frames_of(sample_bank_pick(b, 1e18)), 20);
    assert_int_equal(frames_of(sample_bank_pick(b, -1e18)), 30);
    assert_int_equal(frames_of(sample_bank_pick(b, NAN)), 10);
    assert_ptr_equal(sample_bank_pick(b, 4), sample_bank_pick(b, 1)); /* cached, same pointer */
    assert_string_equal(sample_bank_pick(b, 2)->name, "three/c.wav");
    assert_int_equal(sample_lib_preload_name(lib, "three"), PH_OK);
    assert_int_equal(sample_lib_preload_name(lib, "nope"), PH_ERR_NAME);
    sample_lib_close(lib);
}

/* ---- formats and bad files in one bank ------------------------------------ */

static void build_format_bank(void)
{
    write_audio("fmt/mixed/01_pcm16_mono.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 1, 44100, 1001);
    write_audio("fmt/mixed/02_pcm24_stereo.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_24, 2, 48000, 1002);
    write_audio("fmt/mixed/03_float.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 1, 44100, 1003);
    write_audio("fmt/mixed/04_pcm32.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_32, 1, 44100, 1004);
    write_audio("fmt/mixed/05_rate22050.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 1, 22050, 1005);
    write_audio("fmt/mixed/06_aiff.aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_16, 2, 44100, 1006);
    write_audio("fmt/mixed/07_flac.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 1, 44100, 1007);
    write_audio("fmt/mixed/08_ogg.ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS, 2, 44100, 4410);
    write_audio("fmt/mixed/09_12ch.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 12, 48000, 1009);
    write_audio("fmt/mixed/10_trunc.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 1, 44100, 1000);
    assert_int_equal(truncate(at("fmt/mixed/10_trunc.wav"), 1000), 0);
    write_text("fmt/mixed/11_zero.wav", "");
    write_text("fmt/mixed/12_text.wav", "hello, I am text\n");
    write_audio("fmt/mixed/13_u8.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_U8, 1, 16000, 1013);
}

static void test_formats_and_bad_files(void **state)
{
    (void)state;
    build_format_bank();
    Warnings ws = { 0 };
    const char *dirs[] = { at("fmt") };
    SampleLib *lib = open_dirs(dirs, 1, false, &ws);
    assert_int_equal(ws.n, 0); /* opening decodes nothing */
    const SampleBank *b = sample_lib_find(lib, "mixed");
    assert_int_equal(sample_bank_file_count(b), 13);
    assert_int_equal(sample_lib_preload(lib, b), PH_OK);
    assert_int_equal(sample_bank_loaded_count(b), 10); /* bad files take no index */

    /* One warning per bad file, naming it, plus one for the 12-channel mixdown. */
    assert_int_equal(count_kind(&ws, SAMPLE_WARN_BAD_FILE), 3);
    assert_int_equal(count_kind(&ws, SAMPLE_WARN_CONVERTED), 1);
    assert_int_equal(ws.n, 4);
    const char *bad[] = { "10_trunc.wav", "11_zero.wav", "12_text.wav" };
    const char *why[] = { "truncated", "empty", "not a readable audio file" };
    for (int k = 0; k < 3; k++) {
        int found = 0;
        for (int i = 0; i < ws.n; i++)
            if (ws.kind[i] == SAMPLE_WARN_BAD_FILE && strstr(ws.path[i], bad[k]) &&
                strstr(ws.msg[i], why[k]) && strstr(ws.msg[i], "skipped"))
                found++;
        if (found != 1) fail_msg("want one warning for %s (%s), found %d", bad[k], why[k], found);
    }

    const int64_t frames[] = { 1001, 1002, 1003, 1004, 1005, 1006, 1007, 4410, 1009, 1013 };
    const double rates[] = { 44100, 48000, 44100, 44100, 22050, 44100, 44100, 44100, 48000, 16000 };
    const int chans[] = { 1, 2, 1, 1, 1, 2, 1, 2, 2, 1 };
    for (int i = 0; i < 10; i++) {
        const Sample *s = sample_bank_pick(b, i);
        assert_non_null(s);
        assert_int_equal(s->frames, frames[i]);
        assert_true(s->rate == rates[i]);
        assert_int_equal(s->channels, chans[i]);
        assert_true(s->peak > 0.2f && s->peak < 0.27f); /* lossy Ogg and 8-bit overshoot a little */
        for (int c = 0; c < 2; c++)
            for (int k = 1; k <= SAMPLE_PAD; k++) {
                assert_true(s->data[c][-k] == 0.0f);
                assert_true(s->data[c][s->frames - 1 + k] == 0.0f);
            }
    }
    /* A second preload does not decode or warn again. */
    assert_int_equal(sample_lib_preload(lib, b), PH_OK);
    assert_int_equal(ws.n, 4);
    assert_int_equal(sample_lib_warning_count(lib), 4);
    sample_lib_close(lib);
}

static void test_bank_with_no_playable_file(void **state)
{
    (void)state;
    write_text("broken/bad/x.wav", "text pretending to be a wav");
    Warnings ws = { 0 };
    const char *dirs[] = { at("broken") };
    SampleLib *lib = open_dirs(dirs, 1, false, &ws);
    const SampleBank *b = sample_lib_find(lib, "bad");
    assert_non_null(b);
    assert_int_equal(sample_lib_preload(lib, b), PH_ERR_FORMAT);
    assert_int_equal(sample_bank_loaded_count(b), 0);
    assert_null(sample_bank_pick(b, 0));
    assert_null(sample_lib_get(lib, b, 0));
    assert_int_equal(count_kind(&ws, SAMPLE_WARN_BAD_FILE), 1);
    assert_int_equal(count_kind(&ws, SAMPLE_WARN_EMPTY_BANK), 1);
    assert_int_equal(sample_lib_preload(lib, b), PH_ERR_FORMAT);
    assert_int_equal(ws.n, 2);
    sample_lib_close(lib);
}

/* ---- roots ---------------------------------------------------------------- */

static void build_roots(void)
{
    write_wav("flag/bd/only.wav", 111);
    write_text("flag/sn/readme.txt", "no audio here, so no bank"); /* must not shadow */
    write_wav("env1/bd/a.wav", 222);
    write_wav("env2/bd/a.wav", 223);
    write_wav("env2/bd/b.wav", 224);
    write_wav("env2/envonly/a.wav", 225);
    write_wav("cwd/samples/bd/a.wav", 333);
    write_wav("home/.local/share/phonon/samples/bd/a.wav", 444);
    write_wav("home/.local/share/SuperCollider/downloaded-quarks/Dirt-Samples/bd/a.wav", 555);
    write_wav("home/.local/share/SuperCollider/downloaded-quarks/Dirt-Samples/arpy/a.wav", 556);
    write_wav("home2/.local/share/SuperCollider/downloaded-quarks/Dirt-Samples/bd/a.wav", 666);
}

/* Opens with defaults from the (test's) environment plus --samples dirs. */
static SampleLib *open_env(const char *const *dirs, int ndirs, Warnings *ws)
{
    SampleLibOptions o;
    sample_lib_options_init(&o, 44100.0);
    o.dirs = dirs;
    o.ndirs = ndirs;
    o.warn = collect;
    o.warn_user = ws;
    SampleLib *lib = NULL;
    assert_int_equal(sample_lib_open(&lib, &o), PH_OK);
    return lib;
}

static int64_t bd_frames(SampleLib *lib)
{
    const SampleBank *b = sample_lib_find(lib, "bd");
    assert_non_null(b);
    const Sample *s = sample_lib_get(lib, b, 0);
    assert_non_null(s);
    return sample_bank_is_builtin(b) ? 0 : s->frames;
}

static void test_root_priority(void **state)
{
    (void)state;
    build_roots();
    char env[1400];
    snprintf(env, sizeof env, "::%s::%s:", at("env1"), at("env2"));
    setenv("PHONON_SAMPLES", env, 1);
    Warnings ws = { 0 };
    const char *dirs[] = { at("flag") };

    SampleLib *lib = open_env(dirs, 1, &ws);
    assert_int_equal(sample_lib_root_count(lib), 7);
    const SampleRootKind kinds[] = { SAMPLE_ROOT_FLAG, SAMPLE_ROOT_ENV, SAMPLE_ROOT_ENV,
                                     SAMPLE_ROOT_LOCAL, SAMPLE_ROOT_USER, SAMPLE_ROOT_DIRT,
                                     SAMPLE_ROOT_BUILTIN };
    for (int i = 0; i < 7; i++) {
        assert_int_equal(sample_lib_root(lib, i)->kind, kinds[i]);
        assert_true(sample_lib_root(lib, i)->exists);
    }
    assert_string_equal(sample_lib_root(lib, 3)->path, "./samples");
    assert_non_null(strstr(sample_lib_root(lib, 5)->path,
                           "/home/.local/share/SuperCollider/downloaded-quarks/Dirt-Samples"));
    assert_int_equal(bd_frames(lib), 111);
    /* First root wins the whole bank: env2's two bd files are not merged. */
    const SampleBank *bd = sample_lib_find(lib, "bd");
    assert_int_equal(sample_bank_file_count(bd), 1);
    assert_int_equal(frames_of(sample_bank_pick(bd, 1)), 111);
    assert_int_equal(sample_lib_root(lib, 1)->shadowed, 1);
    /* Banks only a later root has still come from it. */
    assert_int_equal(sample_bank_root(sample_lib_find(lib, "envonly")), 2);
    assert_int_equal(sample_bank_root(sample_lib_find(lib, "arpy")), 5);
    assert_int_equal(frames_of(sample_lib_get(lib, sample_lib_find(lib, "arpy"), 0)), 556);
    /* A folder without audio files is no bank: sn falls through to the kit. */
    assert_true(sample_bank_is_builtin(sample_lib_find(lib, "sn")));
    assert_true(sample_bank_is_builtin(sample_lib_find(lib, "hh")));
    assert_int_equal(ws.n, 0);
    sample_lib_close(lib);

    lib = open_env(NULL, 0, &ws); /* PHONON_SAMPLES next, first entry first */
    assert_int_equal(bd_frames(lib), 222);
    sample_lib_close(lib);

    unsetenv("PHONON_SAMPLES"); /* then ./samples */
    lib = open_env(NULL, 0, &ws);
    assert_int_equal(bd_frames(lib), 333);
    assert_int_equal(sample_lib_root_count(lib), 4);
    sample_lib_close(lib);

    assert_int_equal(rename(at("cwd/samples"), at("cwd/samples.off")), 0); /* then user */
    lib = open_env(NULL, 0, &ws);
    assert_false(sample_lib_root(lib, 0)->exists);
    assert_int_equal(bd_frames(lib), 444);
    sample_lib_close(lib);

    setenv("HOME", at("home2"), 1); /* then the Dirt-Samples quark */
    lib = open_env(NULL, 0, &ws);
    assert_int_equal(bd_frames(lib), 666);
    sample_lib_close(lib);

    unsetenv("HOME"); /* then the built-in kit */
    lib = open_env(NULL, 0, &ws);
    assert_int_equal(sample_lib_root_count(lib), 2);
    assert_int_equal(bd_frames(lib), 0);
    sample_lib_close(lib);
    assert_int_equal(ws.n, 0); /* missing default roots are not warnings */

    setenv("HOME", at("home"), 1);
    assert_int_equal(rename(at("cwd/samples.off"), at("cwd/samples")), 0);
}

static void test_missing_explicit_roots_warn(void **state)
{
    (void)state;
    setenv("PHONON_SAMPLES", at("no/such/env"), 1);
    Warnings ws = { 0 };
    const char *dirs[] = { at("no/such/flag") };
    SampleLib *lib = open_env(dirs, 1, &ws);
    unsetenv("PHONON_SAMPLES");
    assert_false(sample_lib_root(lib, 0)->exists);
    assert_false(sample_lib_root(lib, 1)->exists);
    assert_int_equal(count_kind(&ws, SAMPLE_WARN_ROOT), 2);
    assert_non_null(strstr(ws.path[0], "no/such/flag"));
    assert_non_null(strstr(ws.msg[0], "does not exist"));
    sample_lib_close(lib);
}

static void test_bad_options(void **state)
{
    (void)state;
    Warnings ws = { 0 };
    SampleLibOptions o;
    bare_options(&o, &ws);
    SampleLib *lib = (SampleLib *)1;
    o.rate = 0.0;
    assert_int_equal(sample_lib_open(&lib, &o), PH_ERR_ARG);
    assert_null(lib);
    o.rate = NAN;
    assert_int_equal(sample_lib_open(&lib, &o), PH_ERR_ARG);
    o.rate = 44100.0;
    const char *many[SAMPLE_LIB_MAX_ROOTS + 1];
    for (int i = 0; i <= SAMPLE_LIB_MAX_ROOTS; i++) many[i] = "/nonexistent";
    o.dirs = many;
    o.ndirs = SAMPLE_LIB_MAX_ROOTS + 1;
    assert_int_equal(sample_lib_open(&lib, &o), PH_ERR_LIMIT);
}

/* ---- built-in kit through the library, suggestions ------------------------ */

static void test_kit_banks_and_suggestions(void **state)
{
    (void)state;
    Warnings ws = { 0 };
    SampleLibOptions o;
    bare_options(&o, &ws);
    o.rate = 48000.0;
    SampleLib *lib = NULL;
    assert_int_equal(sample_lib_open(&lib, &o), PH_OK);
    assert_int_equal(sample_lib_root_count(lib), 1);
    assert_int_equal(sample_lib_bank_count(lib), kit_bank_count());
    for (int i = 1; i < sample_lib_bank_count(lib); i++)
        assert_true(strcmp(sample_bank_name(sample_lib_bank_at(lib, i - 1)),
                           sample_bank_name(sample_lib_bank_at(lib, i))) < 0);
    const char *need[] = { "bd", "sn", "hh", "oh", "cp", "lt", "mt", "ht", "rim", "cb", "cy" };
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
        const SampleBank *b = sample_lib_find(lib, need[i]);
        assert_non_null(b);
        assert_true(sample_bank_is_builtin(b));
        const Sample *s = sample_lib_get(lib, b, 0);
        assert_non_null(s);
        assert_true(s->rate == 48000.0); /* synthesised at the engine rate */
    }

    assert_null(sample_lib_find(lib, "bdd"));
    assert_string_equal(sample_lib_suggest(lib, "bdd"), "bd");
    assert_string_equal(sample_lib_suggest(lib, "BD"), "bd");
    assert_string_equal(sample_lib_suggest(lib, "snn"), "sn");
    assert_string_equal(sample_lib_suggest(lib, "hhh"), "hh");
    assert_string_equal(sample_lib_suggest(lib, "rmi"), "rim"); /* transposition */
    assert_string_equal(sample_lib_suggest(lib, "stabb"), "stab");
    assert_null(sample_lib_suggest(lib, "xyzzy"));
    assert_null(sample_lib_suggest(lib, "superpiano"));
    assert_null(sample_lib_suggest(lib, ""));
    char msg[256];
    assert_string_equal(sample_lib_unknown_message(lib, "bdd", msg, sizeof msg),
                        "unknown sample bank 'bdd' (did you mean 'bd'?)");
    assert_string_equal(sample_lib_unknown_message(lib, "xyzzy", msg, sizeof msg),
                        "unknown sample bank 'xyzzy'");
    sample_lib_close(lib);

    o.no_builtin = true;
    assert_int_equal(sample_lib_open(&lib, &o), PH_OK);
    assert_int_equal(sample_lib_bank_count(lib), 0);
    assert_null(sample_lib_find(lib, "bd"));
    assert_null(sample_lib_suggest(lib, "bdd"));
    sample_lib_close(lib);
}

/* ---- threads ------------------------------------------------------------- */

typedef struct ThreadCtx {
    SampleLib *lib;
    int id;
    int seen;   /* readers: banks that became visible */
    int errors; /* checked by the main thread (cmocka asserts are not thread-safe) */
} ThreadCtx;

static void *loader(void *arg)
{
    ThreadCtx *c = arg;
    int n = sample_lib_bank_count(c->lib);
    for (int k = 0; k < n; k++) {
        int i = c->id % 2 ? n - 1 - k : k;
        if (sample_lib_preload(c->lib, sample_lib_bank_at(c->lib, i)) != PH_OK) c->errors++;
    }
    return NULL;
}

static void *reader(void *arg)
{
    ThreadCtx *c = arg;
    int n = sample_lib_bank_count(c->lib);
    for (long spin = 0; spin < 100000000L && c->seen < n; spin++) {
        c->seen = 0;
        for (int i = 0; i < n; i++) {
            const SampleBank *b = sample_lib_bank_at(c->lib, i);
            const Sample *s = sample_bank_pick(b, spin);
            if (!s) continue;
            /* A visible table is complete: every entry is a finished sample. */
            if (sample_bank_loaded_count(b) != sample_bank_file_count(b)) c->errors++;
            if (!(s->frames > 0 && s->peak > 0.0f)) c->errors++;
            c->seen++;
        }
    }
    return NULL;
}

static void test_concurrent_loads_and_lockfree_picks(void **state)
{
    (void)state;
    Warnings ws = { 0 };
    SampleLibOptions o;
    bare_options(&o, &ws);
    SampleLib *lib = NULL;
    assert_int_equal(sample_lib_open(&lib, &o), PH_OK);
    pthread_t t[5];
    ThreadCtx ctx[5];
    for (int i = 0; i < 5; i++) {
        ctx[i] = (ThreadCtx){ lib, i, 0, 0 };
        assert_int_equal(pthread_create(&t[i], NULL, i < 3 ? loader : reader, &ctx[i]), 0);
    }
    for (int i = 0; i < 5; i++) pthread_join(t[i], NULL);
    for (int i = 0; i < 5; i++) assert_int_equal(ctx[i].errors, 0);
    assert_int_equal(ctx[3].seen, sample_lib_bank_count(lib));
    assert_int_equal(ctx[4].seen, sample_lib_bank_count(lib));
    /* Every bank was synthesised once: the same pointers for everyone. */
    for (int i = 0; i < sample_lib_bank_count(lib); i++) {
        const SampleBank *b = sample_lib_bank_at(lib, i);
        assert_ptr_equal(sample_bank_pick(b, 0), sample_lib_get(lib, b, 0));
    }
    assert_int_equal(ws.n, 0);
    sample_lib_close(lib);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_byte_order_and_ignored_entries),
        cmocka_unit_test(test_index_wrap),
        cmocka_unit_test(test_pick_needs_load_and_wraps),
        cmocka_unit_test(test_formats_and_bad_files),
        cmocka_unit_test(test_bank_with_no_playable_file),
        cmocka_unit_test(test_root_priority),
        cmocka_unit_test(test_missing_explicit_roots_warn),
        cmocka_unit_test(test_bad_options),
        cmocka_unit_test(test_kit_banks_and_suggestions),
        cmocka_unit_test(test_concurrent_loads_and_lockfree_picks),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
