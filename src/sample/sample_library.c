/* sample_library.c - opening and closing the sample library: the roots in
 * search order, the bank table, accessors and the warning channel. Loading
 * is in sample_load.c, folder scanning in sample_scan.c. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sample/kit.h"
#include "sample/sample_lib_internal.h"

static const char builtin_root_name[] = "(built-in)";
static const char user_root_suffix[] = "/.local/share/phonon/samples";
static const char dirt_root_suffix[] = "/.local/share/SuperCollider/downloaded-quarks/Dirt-Samples";

void sample_lib_options_init(SampleLibOptions *o, double rate)
{
    memset(o, 0, sizeof *o);
    o->env_path = getenv("PHONON_SAMPLES");
    o->local_dir = "./samples";
    o->home = getenv("HOME");
    o->rate = rate;
}

void sample_lib_warnf(SampleLib *lib, SampleWarnKind kind, const char *path, const char *fmt, ...)
{
    atomic_fetch_add(&lib->warnings, 1);
    if (!lib->warn) return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    SampleWarning w = { kind, path ? path : "", msg };
    pthread_mutex_lock(&lib->warn_lock);
    lib->warn(lib->warn_user, &w);
    pthread_mutex_unlock(&lib->warn_lock);
}

/* Appends a root (path copied; suffix appended when not NULL). */
static PhStatus add_root(SampleLib *lib, SampleRootKind kind, const char *path, size_t len,
                         const char *suffix)
{
    if (lib->nroots >= SAMPLE_LIB_MAX_ROOTS) return PH_ERR_LIMIT;
    size_t slen = suffix ? strlen(suffix) : 0;
    char *p = malloc(len + slen + 1);
    if (!p) return PH_ERR_NOMEM;
    memcpy(p, path, len);
    if (suffix) memcpy(p + len, suffix, slen);
    p[len + slen] = '\0';
    SampleRoot *r = &lib->roots[lib->nroots++];
    memset(r, 0, sizeof *r);
    r->path = p;
    r->kind = kind;
    struct stat st;
    r->exists = kind == SAMPLE_ROOT_BUILTIN || (stat(p, &st) == 0 && S_ISDIR(st.st_mode));
    return PH_OK;
}

static PhStatus add_env_roots(SampleLib *lib, const char *list)
{
    PhStatus st = PH_OK;
    for (const char *s = list; st == PH_OK && *s;) {
        const char *colon = strchr(s, ':');
        size_t len = colon ? (size_t)(colon - s) : strlen(s);
        if (len > 0) st = add_root(lib, SAMPLE_ROOT_ENV, s, len, NULL);
        s += len + (colon ? 1 : 0);
    }
    return st;
}

/* Every root in the spec's order. */
static PhStatus build_roots(SampleLib *lib, const SampleLibOptions *o)
{
    PhStatus st = PH_OK;
    for (int i = 0; st == PH_OK && i < o->ndirs; i++)
        if (o->dirs[i] && o->dirs[i][0])
            st = add_root(lib, SAMPLE_ROOT_FLAG, o->dirs[i], strlen(o->dirs[i]), NULL);
    if (st == PH_OK && o->env_path) st = add_env_roots(lib, o->env_path);
    if (st == PH_OK && o->local_dir && o->local_dir[0])
        st = add_root(lib, SAMPLE_ROOT_LOCAL, o->local_dir, strlen(o->local_dir), NULL);
    if (st == PH_OK && o->home && o->home[0]) {
        size_t hl = strlen(o->home);
        while (hl > 1 && o->home[hl - 1] == '/') hl--;
        st = add_root(lib, SAMPLE_ROOT_USER, o->home, hl, user_root_suffix);
        if (st == PH_OK) st = add_root(lib, SAMPLE_ROOT_DIRT, o->home, hl, dirt_root_suffix);
    }
    if (st == PH_OK && !o->no_builtin)
        st = add_root(lib, SAMPLE_ROOT_BUILTIN, builtin_root_name, strlen(builtin_root_name), NULL);
    return st;
}

/* Binary search in banks[0..n), which is sorted. */
static SampleBank *find_sorted(const SampleLib *lib, int n, const char *name)
{
    int lo = 0, hi = n - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        int c = strcmp(lib->banks[mid]->name, name);
        if (c == 0) return lib->banks[mid];
        if (c < 0) lo = mid + 1;
        else hi = mid - 1;
    }
    return NULL;
}

/* Kit banks that no folder root provides (the folder banks, banks[0..before),
 * are sorted; the kit's own names are distinct). */
static PhStatus add_kit_banks(SampleLib *lib, int ri)
{
    SampleRoot *root = &lib->roots[ri];
    int before = lib->nbanks;
    for (int k = 0; k < kit_bank_count(); k++) {
        const KitBankInfo *info = kit_bank_info(k);
        if (find_sorted(lib, before, info->name)) {
            root->shadowed++;
            continue;
        }
        if (lib->nbanks == lib->cap_banks) {
            int cap = lib->cap_banks ? lib->cap_banks * 2 : 64;
            SampleBank **v = realloc(lib->banks, sizeof *v * (size_t)cap);
            if (!v) return PH_ERR_NOMEM;
            lib->banks = v;
            lib->cap_banks = cap;
        }
        SampleBank *b = calloc(1, sizeof *b);
        if (!b) return PH_ERR_NOMEM;
        lib->banks[lib->nbanks++] = b;
        b->kit_index = k;
        b->root = ri;
        atomic_init(&b->table, NULL);
        pthread_mutex_init(&b->lock, NULL);
        b->name = strdup(info->name);
        b->files = calloc((size_t)info->variations, sizeof *b->files);
        if (!b->name || !b->files) return PH_ERR_NOMEM;
        b->nfiles = info->variations;
        for (int v = 0; v < info->variations; v++) {
            char num[16];
            snprintf(num, sizeof num, "%d", v);
            if (!(b->files[v] = strdup(num))) return PH_ERR_NOMEM;
        }
    }
    root->banks = lib->nbanks - before;
    return PH_OK;
}

static int cmp_banks(const void *a, const void *b)
{
    return strcmp((*(SampleBank *const *)a)->name, (*(SampleBank *const *)b)->name);
}

PhStatus sample_lib_open(SampleLib **out, const SampleLibOptions *o)
{
    *out = NULL;
    if (!(o->rate >= 8000.0 && o->rate <= 384000.0)) return PH_ERR_ARG;
    SampleLib *lib = calloc(1, sizeof *lib);
    if (!lib) return PH_ERR_NOMEM;
    lib->roots = calloc(SAMPLE_LIB_MAX_ROOTS, sizeof *lib->roots);
    if (!lib->roots) {
        free(lib);
        return PH_ERR_NOMEM;
    }
    lib->rate = o->rate;
    lib->warn = o->warn;
    lib->warn_user = o->warn_user;
    pthread_mutex_init(&lib->warn_lock, NULL);
    atomic_init(&lib->warnings, 0);

    PhStatus st = build_roots(lib, o);
    for (int i = 0; st == PH_OK && i < lib->nroots; i++) {
        SampleRoot *r = &lib->roots[i];
        if (r->kind == SAMPLE_ROOT_BUILTIN) {
            st = add_kit_banks(lib, i);
            if (lib->nbanks > 1)
                qsort(lib->banks, (size_t)lib->nbanks, sizeof *lib->banks, cmp_banks);
        } else if (r->exists) {
            st = sample_scan_root(lib, i);
        } else if (r->kind == SAMPLE_ROOT_FLAG || r->kind == SAMPLE_ROOT_ENV) {
            struct stat st_path;
            bool is_file = stat(r->path, &st_path) == 0;
            sample_lib_warnf(lib, SAMPLE_WARN_ROOT, r->path, "%s",
                             is_file ? "not a folder" : "sample folder does not exist");
        }
    }
    if (st != PH_OK) {
        sample_lib_close(lib);
        return st;
    }
    *out = lib;
    return PH_OK;
}

void sample_lib_close(SampleLib *lib)
{
    if (!lib) return;
    for (int i = 0; i < lib->nbanks; i++) sample_bank_free(lib->banks[i]);
    free(lib->banks);
    for (int i = 0; i < lib->nroots; i++) free((char *)lib->roots[i].path);
    free(lib->roots);
    pthread_mutex_destroy(&lib->warn_lock);
    free(lib);
}

double sample_lib_rate(const SampleLib *lib) { return lib->rate; }

int sample_lib_warning_count(const SampleLib *lib)
{
    return atomic_load(&lib->warnings);
}

int sample_lib_root_count(const SampleLib *lib) { return lib->nroots; }

const SampleRoot *sample_lib_root(const SampleLib *lib, int i)
{
    return i >= 0 && i < lib->nroots ? &lib->roots[i] : NULL;
}

int sample_lib_bank_count(const SampleLib *lib) { return lib->nbanks; }

const SampleBank *sample_lib_bank_at(const SampleLib *lib, int i)
{
    return i >= 0 && i < lib->nbanks ? lib->banks[i] : NULL;
}

const SampleBank *sample_lib_find(const SampleLib *lib, const char *name)
{
    return name ? find_sorted(lib, lib->nbanks, name) : NULL;
}

const char *sample_bank_name(const SampleBank *b) { return b->name; }
int sample_bank_file_count(const SampleBank *b) { return b->nfiles; }

const char *sample_bank_file_name(const SampleBank *b, int i)
{
    return i >= 0 && i < b->nfiles ? b->files[i] : NULL;
}

int sample_bank_root(const SampleBank *b) { return b->root; }
bool sample_bank_is_builtin(const SampleBank *b) { return b->kit_index >= 0; }
