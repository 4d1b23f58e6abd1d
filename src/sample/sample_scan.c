/* sample_scan.c - discovering banks: lists a root's sub-folders and each
 * bank's audio files in byte order. Directory listings only, no decoding. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sample/sample_decode.h"
#include "sample/sample_lib_internal.h"

typedef struct NameList {
    char **v;
    int n, cap;
} NameList;

static void names_free(NameList *l)
{
    for (int i = 0; i < l->n; i++) free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

static PhStatus names_push(NameList *l, const char *s)
{
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 16;
        char **v = realloc(l->v, sizeof *v * (size_t)cap);
        if (!v) return PH_ERR_NOMEM;
        l->v = v;
        l->cap = cap;
    }
    char *copy = strdup(s);
    if (!copy) return PH_ERR_NOMEM;
    l->v[l->n++] = copy;
    return PH_OK;
}

/* Byte-wise order, as SuperDirt's sort (strcmp compares unsigned bytes). */
static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_banks(const void *a, const void *b)
{
    return strcmp((*(SampleBank *const *)a)->name, (*(SampleBank *const *)b)->name);
}

static char *path_join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    bool slash = a > 0 && dir[a - 1] == '/';
    char *p = malloc(a + b + 2);
    if (!p) return NULL;
    memcpy(p, dir, a);
    if (!slash) p[a++] = '/';
    memcpy(p + a, name, b + 1);
    return p;
}

/* Is this entry a folder (want_dir) or a regular file? Follows symlinks. */
static bool entry_kind_is(const char *dir, const struct dirent *e, bool want_dir)
{
    if (e->d_type == DT_DIR) return want_dir;
    if (e->d_type == DT_REG) return !want_dir;
    if (e->d_type != DT_LNK && e->d_type != DT_UNKNOWN) return false;
    char *p = path_join(dir, e->d_name);
    if (!p) return false;
    struct stat st;
    bool ok = stat(p, &st) == 0 && (want_dir ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode));
    free(p);
    return ok;
}

/* Lists dir's sub-folders (want_dirs) or audio files, sorted byte-wise.
 * Hidden entries and names longer than SAMPLE_LIB_MAX_NAME are skipped.
 * PH_ERR_IO (errno kept) if the folder cannot be read. */
static PhStatus list_dir(const char *dir, bool want_dirs, NameList *out)
{
    DIR *d = opendir(dir);
    if (!d) return PH_ERR_IO;
    PhStatus st = PH_OK;
    struct dirent *e;
    while (st == PH_OK && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || strlen(e->d_name) > SAMPLE_LIB_MAX_NAME) continue;
        if (!want_dirs && !sample_decode_is_audio_name(e->d_name)) continue;
        if (!entry_kind_is(dir, e, want_dirs)) continue;
        st = names_push(out, e->d_name);
    }
    closedir(d);
    if (st == PH_OK && out->n > 1) qsort(out->v, (size_t)out->n, sizeof *out->v, cmp_names);
    return st;
}

/* A bank already provided by an earlier root (banks[0..sorted) is sorted). */
static bool known_bank(const SampleLib *lib, int sorted, const char *name)
{
    int lo = 0, hi = sorted - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        int c = strcmp(lib->banks[mid]->name, name);
        if (c == 0) return true;
        if (c < 0) lo = mid + 1;
        else hi = mid - 1;
    }
    return false;
}

static PhStatus add_bank(SampleLib *lib, int ri, const char *name, char *dir, NameList *files)
{
    if (lib->nbanks == lib->cap_banks) {
        int cap = lib->cap_banks ? lib->cap_banks * 2 : 64;
        SampleBank **v = realloc(lib->banks, sizeof *v * (size_t)cap);
        if (!v) return PH_ERR_NOMEM;
        lib->banks = v;
        lib->cap_banks = cap;
    }
    SampleBank *b = calloc(1, sizeof *b);
    char *copy = strdup(name);
    if (!b || !copy) {
        free(b);
        free(copy);
        return PH_ERR_NOMEM;
    }
    b->name = copy;
    b->dir = dir;
    b->files = files->v;
    b->nfiles = files->n;
    b->root = ri;
    b->kit_index = -1;
    atomic_init(&b->table, NULL);
    pthread_mutex_init(&b->lock, NULL);
    files->v = NULL;
    files->n = files->cap = 0;
    lib->banks[lib->nbanks++] = b;
    return PH_OK;
}

/* Looks at one sub-folder of root ri: a new bank, a shadowed one, or none. */
static PhStatus scan_bank(SampleLib *lib, int ri, int sorted, const char *name, bool *limit_warned)
{
    SampleRoot *root = &lib->roots[ri];
    char *dir = path_join(root->path, name);
    if (!dir) return PH_ERR_NOMEM;
    NameList files = { 0 };
    PhStatus st = list_dir(dir, false, &files);
    if (st == PH_ERR_IO) {
        sample_lib_warnf(lib, SAMPLE_WARN_ROOT, dir, "cannot read bank folder: %s", strerror(errno));
        st = PH_OK;
    }
    if (st != PH_OK || files.n == 0) goto done;
    if (known_bank(lib, sorted, name)) {
        root->shadowed++;
        goto done;
    }
    if (lib->nbanks >= SAMPLE_LIB_MAX_BANKS) {
        if (!*limit_warned)
            sample_lib_warnf(lib, SAMPLE_WARN_LIMIT, dir,
                             "more than %d banks: this and later banks are ignored",
                             SAMPLE_LIB_MAX_BANKS);
        *limit_warned = true;
        goto done;
    }
    if (files.n > SAMPLE_LIB_MAX_FILES) {
        sample_lib_warnf(lib, SAMPLE_WARN_LIMIT, dir, "%d audio files: only the first %d are used",
                         files.n, SAMPLE_LIB_MAX_FILES);
        for (int i = SAMPLE_LIB_MAX_FILES; i < files.n; i++) free(files.v[i]);
        files.n = SAMPLE_LIB_MAX_FILES;
    }
    st = add_bank(lib, ri, name, dir, &files);
    if (st == PH_OK) dir = NULL; /* the bank owns it now */
done:
    names_free(&files);
    free(dir);
    return st;
}

PhStatus sample_scan_root(SampleLib *lib, int ri)
{
    SampleRoot *root = &lib->roots[ri];
    NameList subs = { 0 };
    PhStatus st = list_dir(root->path, true, &subs);
    if (st == PH_ERR_IO) {
        root->exists = false;
        if (root->kind == SAMPLE_ROOT_FLAG || root->kind == SAMPLE_ROOT_ENV)
            sample_lib_warnf(lib, SAMPLE_WARN_ROOT, root->path, "cannot read sample folder: %s",
                             strerror(errno));
        names_free(&subs);
        return PH_OK;
    }
    int sorted = lib->nbanks;
    bool limit_warned = false;
    for (int i = 0; st == PH_OK && i < subs.n; i++)
        st = scan_bank(lib, ri, sorted, subs.v[i], &limit_warned);
    names_free(&subs);
    root->banks = lib->nbanks - sorted;
    if (lib->nbanks > 1)
        qsort(lib->banks, (size_t)lib->nbanks, sizeof *lib->banks, cmp_banks);
    return st;
}
