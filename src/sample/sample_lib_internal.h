/* sample_lib_internal.h - the SampleLib and SampleBank structs, shared by the
 * library's own files (sample_library.c, sample_scan.c, sample_load.c,
 * sample_suggest.c). Not for other modules: use sample_library.h. */
#ifndef PHONON_SAMPLE_SAMPLE_LIB_INTERNAL_H
#define PHONON_SAMPLE_SAMPLE_LIB_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>

#include "sample/sample_library.h"

/* The playable samples of a loaded bank, published once, never changed. */
typedef struct SampleTable {
    int count;
    Sample *samples[];
} SampleTable;

struct SampleBank {
    char *name;
    char *dir;        /* the bank folder; NULL for the kit */
    char **files;     /* file names in byte order (kit: "0", "1", ...) */
    int nfiles;
    int root;         /* index into SampleLib.roots */
    int kit_index;    /* kit bank index, -1 for folders */
    _Atomic(SampleTable *) table; /* NULL until loaded */
    pthread_mutex_t lock;         /* held while loading */
};

struct SampleLib {
    double rate;
    SampleRoot *roots;
    int nroots;
    SampleBank **banks; /* sorted by strcmp(name) */
    int nbanks;
    int cap_banks;
    SampleWarnFn warn;
    void *warn_user;
    pthread_mutex_t warn_lock;
    atomic_int warnings;
};

/* Reports a warning through the callback (serialised) and counts it. */
void sample_lib_warnf(SampleLib *lib, SampleWarnKind kind, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Adds the banks of root ri (a folder) that no earlier root provides. */
PhStatus sample_scan_root(SampleLib *lib, int ri);

/* Frees a bank and everything it loaded. */
void sample_bank_free(SampleBank *b);

#endif
