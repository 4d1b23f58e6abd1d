/* sample_load.c - decoding a bank on demand and the lock-free lookup the
 * audio thread uses. A bank's playable samples are published once, as one
 * immutable SampleTable behind an atomic pointer (release store, acquire
 * load), so a reader sees either NULL or a complete table. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sample/kit.h"
#include "sample/sample_buffer.h"
#include "sample/sample_decode.h"
#include "sample/sample_lib_internal.h"

int sample_index_wrap(double n, int count)
{
    if (count < 1) return -1;
    if (!isfinite(n)) return 0;
    double f = fmod(floor(n), (double)count); /* exact for every double */
    if (f < 0.0) f += (double)count;
    int i = (int)f;
    return i < count ? i : count - 1;
}

const Sample *sample_bank_pick(const SampleBank *b, double n)
{
    if (!b) return NULL;
    const SampleTable *t = atomic_load_explicit(&b->table, memory_order_acquire);
    if (!t || t->count < 1) return NULL;
    return t->samples[sample_index_wrap(n, t->count)];
}

int sample_bank_loaded_count(const SampleBank *b)
{
    const SampleTable *t = atomic_load_explicit(&b->table, memory_order_acquire);
    return t ? t->count : -1;
}

static void table_free(SampleTable *t)
{
    if (!t) return;
    for (int i = 0; i < t->count; i++) sample_buf_free(t->samples[i]);
    free(t);
}

void sample_bank_free(SampleBank *b)
{
    if (!b) return;
    table_free(atomic_load(&b->table));
    for (int i = 0; i < b->nfiles; i++) free(b->files[i]);
    free(b->files);
    free(b->dir);
    free(b->name);
    pthread_mutex_destroy(&b->lock);
    free(b);
}

/* Decodes one file of a folder bank into the table, or warns and skips it. */
static PhStatus load_file(SampleLib *lib, const SampleBank *b, int i, SampleTable *t)
{
    size_t dl = strlen(b->dir), fl = strlen(b->files[i]), bl = strlen(b->name);
    char *path = malloc(dl + fl + 2), *name = malloc(bl + fl + 2);
    if (!path || !name) {
        free(path);
        free(name);
        return PH_ERR_NOMEM;
    }
    snprintf(path, dl + fl + 2, "%s/%s", b->dir, b->files[i]);
    snprintf(name, bl + fl + 2, "%s/%s", b->name, b->files[i]);
    Sample *s = NULL;
    SampleDecodeNotes notes;
    char why[256];
    PhStatus st = sample_decode_file(path, name, &s, &notes, why, sizeof why);
    if (st == PH_OK) {
        t->samples[t->count++] = s;
        if (notes.file_channels > 2)
            sample_lib_warnf(lib, SAMPLE_WARN_CONVERTED, path, "%d channels mixed down to stereo",
                             notes.file_channels);
        if (notes.nonfinite > 0)
            sample_lib_warnf(lib, SAMPLE_WARN_CONVERTED, path, "%lld NaN/Inf values replaced by 0",
                             (long long)notes.nonfinite);
    } else if (st != PH_ERR_NOMEM) {
        sample_lib_warnf(lib, SAMPLE_WARN_BAD_FILE, path, "skipped: %s", why);
        st = PH_OK;
    }
    free(path);
    free(name);
    return st;
}

static PhStatus load_table(SampleLib *lib, const SampleBank *b, SampleTable *t)
{
    for (int i = 0; i < b->nfiles; i++) {
        PhStatus st;
        if (b->kit_index >= 0) {
            Sample *s = NULL;
            st = kit_render(b->kit_index, i, lib->rate, &s);
            if (st == PH_OK) t->samples[t->count++] = s;
        } else {
            st = load_file(lib, b, i, t);
        }
        if (st != PH_OK) return st;
    }
    return PH_OK;
}

PhStatus sample_lib_preload(SampleLib *lib, const SampleBank *cb)
{
    if (!cb) return PH_ERR_ARG;
    /* The handle is const for users; its load state is the library's own. */
    SampleBank *b = (SampleBank *)cb;
    const SampleTable *done = atomic_load_explicit(&b->table, memory_order_acquire);
    if (done) return done->count > 0 ? PH_OK : PH_ERR_FORMAT;

    pthread_mutex_lock(&b->lock);
    PhStatus st = PH_OK;
    SampleTable *t = atomic_load_explicit(&b->table, memory_order_acquire);
    if (!t) {
        t = calloc(1, sizeof *t + sizeof t->samples[0] * (size_t)b->nfiles);
        st = t ? load_table(lib, b, t) : PH_ERR_NOMEM;
        if (st != PH_OK) {
            table_free(t);
            t = NULL;
        } else {
            if (t->count == 0)
                sample_lib_warnf(lib, SAMPLE_WARN_EMPTY_BANK, b->dir ? b->dir : b->name,
                                 "bank '%s' has no playable file: its events are silent",
                                 b->name);
            atomic_store_explicit(&b->table, t, memory_order_release);
        }
    }
    if (st == PH_OK && t->count == 0) st = PH_ERR_FORMAT;
    pthread_mutex_unlock(&b->lock);
    return st;
}

PhStatus sample_lib_preload_name(SampleLib *lib, const char *name)
{
    const SampleBank *b = sample_lib_find(lib, name);
    return b ? sample_lib_preload(lib, b) : PH_ERR_NAME;
}

const Sample *sample_lib_get(SampleLib *lib, const SampleBank *b, double n)
{
    if (!b) return NULL;
    sample_lib_preload(lib, b);
    return sample_bank_pick(b, n);
}
