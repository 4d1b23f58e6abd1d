/* sample_library.h - the sample library: roots, banks, lazy decoding, lookup.
 *
 * Roots, searched in this order (spec/LANGUAGE.md §5):
 *   1. every `--samples DIR` (SampleLibOptions.dirs, in the order given)
 *   2. PHONON_SAMPLES, a colon-separated list (empty entries ignored)
 *   3. ./samples
 *   4. ~/.local/share/phonon/samples
 *   5. ~/.local/share/SuperCollider/downloaded-quarks/Dirt-Samples
 *   6. the built-in kit (synthesised, see kit.h)
 * A bank is a folder ROOT/<bank>/ holding at least one audio file
 * (sample_decode_is_audio_name). The first root holding a bank wins the
 * whole bank: files of the same bank in later roots are not merged in (they
 * are only counted as "shadowed"). So a user's own `bd` folder replaces the
 * built-in `bd` entirely.
 *
 * Files in a bank are ordered by byte-wise name (strcmp: uppercase before
 * lowercase, '-' and ' ' before digits), as SuperDirt does. Other files and
 * sub-folders are ignored and take no index.
 *
 * Opening lists directories only; nothing is decoded. A bank is decoded as a
 * whole on first demand (sample_lib_preload, sample_lib_get), on the calling
 * thread, which must not be the audio thread. Files that fail to decode are
 * skipped with one warning each and take no index, so `n` counts playable
 * files only (as in SuperDirt). Decoded samples live until sample_lib_close.
 *
 * Threads: open/close on one thread. Preload/get may run on several
 * non-audio threads at once (a lock per bank). sample_bank_pick() and
 * sample_bank_loaded_count() are lock-free, wait-free and allocation-free:
 * they are the only calls for the audio thread, which must get its
 * SampleBank handles beforehand (they stay valid until close). */
#ifndef PHONON_SAMPLE_SAMPLE_LIBRARY_H
#define PHONON_SAMPLE_SAMPLE_LIBRARY_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"
#include "sample/sample.h"

#define SAMPLE_LIB_MAX_ROOTS 64        /* more roots are refused with PH_ERR_LIMIT */
#define SAMPLE_LIB_MAX_BANKS 65536     /* banks past this are skipped with a warning */
#define SAMPLE_LIB_MAX_FILES 65536     /* files per bank past this are skipped with a warning */
#define SAMPLE_LIB_MAX_NAME 255        /* longer bank or file names are skipped */

typedef struct SampleLib SampleLib;
typedef struct SampleBank SampleBank;

typedef enum SampleWarnKind {
    SAMPLE_WARN_BAD_FILE,   /* a file was skipped (path + reason) */
    SAMPLE_WARN_EMPTY_BANK, /* every file of a bank failed: the bank is silent */
    SAMPLE_WARN_CONVERTED,  /* loaded, but changed: channels mixed down, NaN zeroed */
    SAMPLE_WARN_ROOT,       /* a root given explicitly does not exist or is unreadable */
    SAMPLE_WARN_LIMIT       /* a SAMPLE_LIB_MAX_* limit dropped banks or files */
} SampleWarnKind;

typedef struct SampleWarning {
    SampleWarnKind kind;
    const char *path;    /* the file or folder concerned */
    const char *message; /* one line, no trailing newline, e.g. "skipped: empty file (0 bytes)" */
} SampleWarning;

/* Called for each warning, serialised (never two at once), from whichever
 * thread opened the library or is loading a bank. The strings live only
 * for the call. */
typedef void (*SampleWarnFn)(void *user, const SampleWarning *w);

typedef enum SampleRootKind {
    SAMPLE_ROOT_FLAG,    /* --samples DIR */
    SAMPLE_ROOT_ENV,     /* PHONON_SAMPLES */
    SAMPLE_ROOT_LOCAL,   /* ./samples */
    SAMPLE_ROOT_USER,    /* ~/.local/share/phonon/samples */
    SAMPLE_ROOT_DIRT,    /* the SuperCollider Dirt-Samples quark */
    SAMPLE_ROOT_BUILTIN  /* the synthesised kit */
} SampleRootKind;

typedef struct SampleRoot {
    const char *path;     /* as searched; "(built-in)" for the kit */
    SampleRootKind kind;
    bool exists;          /* a readable folder (always true for the kit) */
    int banks;            /* banks this root provides (after shadowing) */
    int shadowed;         /* banks it holds that an earlier root already provides */
} SampleRoot;

typedef struct SampleLibOptions {
    const char *const *dirs; /* --samples folders, highest priority first */
    int ndirs;
    const char *env_path;    /* value of PHONON_SAMPLES, NULL if unset */
    const char *local_dir;   /* "./samples" by default; NULL to skip */
    const char *home;        /* $HOME for the two per-user roots; NULL to skip them */
    bool no_builtin;         /* leave the built-in kit out */
    double rate;             /* engine output rate: the kit is synthesised at it */
    SampleWarnFn warn;       /* may be NULL (warnings are then only counted) */
    void *warn_user;
} SampleLibOptions;

/* Defaults from the process environment: PHONON_SAMPLES, ./samples, $HOME,
 * the kit at rate Hz, no --samples folders, no warning callback. */
void sample_lib_options_init(SampleLibOptions *o, double rate);

/* Lists the roots and their banks. PH_ERR_ARG for a bad rate, PH_ERR_LIMIT
 * for too many roots, PH_ERR_NOMEM. Missing default roots are fine; a
 * missing --samples/PHONON_SAMPLES folder is a SAMPLE_WARN_ROOT warning. */
PhStatus sample_lib_open(SampleLib **out, const SampleLibOptions *o);
void sample_lib_close(SampleLib *lib);

double sample_lib_rate(const SampleLib *lib);
int sample_lib_warning_count(const SampleLib *lib);

/* Roots in search order, the kit last (unless no_builtin). */
int sample_lib_root_count(const SampleLib *lib);
const SampleRoot *sample_lib_root(const SampleLib *lib, int i);

/* Banks sorted by byte-wise name. */
int sample_lib_bank_count(const SampleLib *lib);
const SampleBank *sample_lib_bank_at(const SampleLib *lib, int i);

/* The bank called name, or NULL if no root has it (then see suggest). */
const SampleBank *sample_lib_find(const SampleLib *lib, const char *name);

/* For an unknown name: the closest known bank name ("bdd" -> "bd"), by
 * edit distance with transpositions, ignoring case; NULL if nothing is close
 * (distance above 1 for names up to 5 bytes, 2 up to 8, 3 beyond). Ties go
 * to the bank of the earlier root, then byte order. Valid until close. */
const char *sample_lib_suggest(const SampleLib *lib, const char *name);

/* Formats the warning for an unknown bank into buf, e.g.
 * "unknown sample bank 'bdd' (did you mean 'bd'?)". Returns buf. */
char *sample_lib_unknown_message(const SampleLib *lib, const char *name, char *buf, size_t size);

/* Bank facts known without decoding. */
const char *sample_bank_name(const SampleBank *b);
int sample_bank_file_count(const SampleBank *b);          /* listed files (or kit variations) */
const char *sample_bank_file_name(const SampleBank *b, int i); /* byte order; kit: "0", "1"... */
int sample_bank_root(const SampleBank *b);                /* index into the roots */
bool sample_bank_is_builtin(const SampleBank *b);

/* Decodes (or synthesises) the whole bank if not done yet, blocking; later
 * calls return at once. Non-audio threads only. PH_ERR_FORMAT when no file
 * of the bank is playable (one SAMPLE_WARN_EMPTY_BANK warning), PH_ERR_NOMEM
 * if memory ran out (the bank stays unloaded and may be retried). */
PhStatus sample_lib_preload(SampleLib *lib, const SampleBank *b);
/* Preloads by name; PH_ERR_NAME for an unknown bank. */
PhStatus sample_lib_preload_name(SampleLib *lib, const char *name);

/* Preload, then pick. Non-audio threads only. NULL if nothing is playable. */
const Sample *sample_lib_get(SampleLib *lib, const SampleBank *b, double n);

/* AUDIO-THREAD SAFE. The sample `n` selects: index floor(n) wrapped into
 * the bank's playable files (negative wraps from the end, NaN/Inf -> 0).
 * NULL if the bank is not loaded yet or has no playable file. Never blocks. */
const Sample *sample_bank_pick(const SampleBank *b, double n);
/* AUDIO-THREAD SAFE. Playable files, or -1 while the bank is not loaded. */
int sample_bank_loaded_count(const SampleBank *b);

/* floor(n) wrapped into 0..count-1; NaN and infinities give 0; -1 if count < 1. */
int sample_index_wrap(double n, int count);

#endif
