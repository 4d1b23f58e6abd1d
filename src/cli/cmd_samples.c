/* cmd_samples.c - `phonon samples`: the roots searched (in order, and which
 * exist), every bank found with its file count and root, optionally the
 * files of named banks and a full decode check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/status.h"
#include "sample/kit.h"
#include "sample/sample_library.h"

const char cmd_samples_usage[] =
    "usage: phonon samples [--samples DIR]... [--check] [BANK...]\n"
    "\n"
    "Lists the sample roots in search order (and which exist), then every bank\n"
    "found: name, file count, and the root it comes from. The first root that\n"
    "has a bank provides all of it. Roots: --samples DIR (repeatable), then\n"
    "PHONON_SAMPLES (colon list), ./samples, ~/.local/share/phonon/samples,\n"
    "~/.local/share/SuperCollider/downloaded-quarks/Dirt-Samples, then the\n"
    "built-in kit (synthesised by Phonon).\n"
    "\n"
    "  --samples DIR  search DIR first (repeatable; earlier wins)\n"
    "  --check        decode every bank and report files that cannot be played\n"
    "  BANK...        decode these banks and list what each index plays (bd:0 ...)\n";

enum { SAMPLES_MAX_ARGS = 256 };

typedef struct SamplesArgs {
    const char *dirs[SAMPLES_MAX_ARGS];
    int ndirs;
    const char *banks[SAMPLES_MAX_ARGS];
    int nbanks;
    int check;
} SamplesArgs;

static void print_warning(void *user, const SampleWarning *w)
{
    (void)user;
    fprintf(stderr, "phonon samples: warning: %s: %s\n", w->path, w->message);
}

static const char *root_label(SampleRootKind k)
{
    switch (k) {
    case SAMPLE_ROOT_FLAG: return "--samples";
    case SAMPLE_ROOT_ENV: return "PHONON_SAMPLES";
    case SAMPLE_ROOT_LOCAL: return "local";
    case SAMPLE_ROOT_USER: return "user";
    case SAMPLE_ROOT_DIRT: return "Dirt-Samples";
    default: return "built-in";
    }
}

static int parse_args(int argc, char **argv, SamplesArgs *a)
{
    memset(a, 0, sizeof *a);
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        const char *dir = NULL;
        if (!strcmp(s, "--samples")) {
            if (i + 1 >= argc) return cli_usage_error("samples", "--samples needs a folder");
            dir = argv[++i];
        } else if (!strncmp(s, "--samples=", 10)) {
            dir = s + 10;
        } else if (!strcmp(s, "--check")) {
            a->check = 1;
            continue;
        } else if (s[0] == '-') {
            return cli_usage_error("samples", "unknown option '%s'", s);
        } else {
            if (a->nbanks >= SAMPLES_MAX_ARGS)
                return cli_usage_error("samples", "more than %d bank names", SAMPLES_MAX_ARGS);
            a->banks[a->nbanks++] = s;
            continue;
        }
        if (!dir[0]) return cli_usage_error("samples", "--samples needs a folder");
        if (a->ndirs >= SAMPLES_MAX_ARGS)
            return cli_usage_error("samples", "more than %d --samples folders", SAMPLES_MAX_ARGS);
        a->dirs[a->ndirs++] = dir;
    }
    return PH_EXIT_OK;
}

static void print_roots(const SampleLib *lib)
{
    printf("roots (searched in this order, first match wins):\n");
    for (int i = 0; i < sample_lib_root_count(lib); i++) {
        const SampleRoot *r = sample_lib_root(lib, i);
        printf("  %d. %-14s %s", i + 1, root_label(r->kind), r->path);
        if (!r->exists) printf("  (missing)\n");
        else if (r->shadowed) printf("  (%d banks, %d shadowed)\n", r->banks, r->shadowed);
        else printf("  (%d banks)\n", r->banks);
    }
}

static void print_banks(const SampleLib *lib)
{
    int n = sample_lib_bank_count(lib), width = 4;
    for (int i = 0; i < n; i++) {
        int len = (int)strlen(sample_bank_name(sample_lib_bank_at(lib, i)));
        if (len > width) width = len;
    }
    printf("banks (%d):\n", n);
    for (int i = 0; i < n; i++) {
        const SampleBank *b = sample_lib_bank_at(lib, i);
        const SampleRoot *r = sample_lib_root(lib, sample_bank_root(b));
        int files = sample_bank_file_count(b);
        printf("  %-*s %4d %-5s  ", width, sample_bank_name(b), files, files == 1 ? "file" : "files");
        if (sample_bank_is_builtin(b)) {
            const KitBankInfo *k = kit_bank_info(kit_find(sample_bank_name(b)));
            printf("built-in: %s\n", k ? k->description : "synthesised");
        } else {
            printf("%s\n", r->path);
        }
    }
}

/* Decodes a named bank and lists what each index plays (files that fail
 * take no index; the warnings name them). Returns 0 if the bank is known. */
static int print_bank_files(SampleLib *lib, const char *name)
{
    const SampleBank *b = sample_lib_find(lib, name);
    if (!b) {
        char msg[512];
        fprintf(stderr, "phonon samples: %s\n", sample_lib_unknown_message(lib, name, msg, sizeof msg));
        return 1;
    }
    sample_lib_preload(lib, b);
    int n = sample_bank_loaded_count(b);
    printf("%s from %s: %d playable of %d\n", name, sample_lib_root(lib, sample_bank_root(b))->path,
           n > 0 ? n : 0, sample_bank_file_count(b));
    for (int i = 0; i < n; i++) {
        const Sample *s = sample_bank_pick(b, i);
        printf("  %s:%d  %s  %s %.0f Hz %.3f s\n", name, i, s->name,
               s->channels == 2 ? "stereo" : "mono", s->rate, (double)s->frames / s->rate);
    }
    return 0;
}

/* Decodes every bank; the warnings say which files fail. */
static int check_all(SampleLib *lib)
{
    int bad_banks = 0;
    long playable = 0, listed = 0;
    for (int i = 0; i < sample_lib_bank_count(lib); i++) {
        const SampleBank *b = sample_lib_bank_at(lib, i);
        PhStatus st = sample_lib_preload(lib, b);
        if (st == PH_ERR_NOMEM) {
            fprintf(stderr, "phonon samples: out of memory loading '%s'\n", sample_bank_name(b));
            return 1;
        }
        if (st != PH_OK) bad_banks++;
        listed += sample_bank_file_count(b);
        int c = sample_bank_loaded_count(b);
        playable += c > 0 ? c : 0;
    }
    printf("check: %ld of %ld files playable, %d silent banks, %d warnings\n", playable, listed,
           bad_banks, sample_lib_warning_count(lib));
    return playable < listed || bad_banks ? 1 : 0;
}

int cmd_samples(int argc, char **argv)
{
    SamplesArgs a;
    int rc = parse_args(argc, argv, &a);
    if (rc != PH_EXIT_OK) return rc;

    SampleLibOptions o;
    sample_lib_options_init(&o, 44100.0);
    o.dirs = a.dirs;
    o.ndirs = a.ndirs;
    o.warn = print_warning;
    SampleLib *lib = NULL;
    PhStatus st = sample_lib_open(&lib, &o);
    if (st != PH_OK) {
        fprintf(stderr, "phonon samples: cannot open the sample library: %s\n", ph_status_name(st));
        return PH_EXIT_ERROR;
    }
    print_roots(lib);
    print_banks(lib);
    int failed = 0;
    for (int i = 0; i < a.nbanks; i++) failed |= print_bank_files(lib, a.banks[i]);
    if (a.check) failed |= check_all(lib);
    sample_lib_close(lib);
    return failed ? PH_EXIT_ERROR : PH_EXIT_OK;
}
