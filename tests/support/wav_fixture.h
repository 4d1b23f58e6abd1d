/* wav_fixture.h - the cmocka fixture of the WAV tests: a fresh temporary
 * folder and a file path in it, both removed afterwards. */
#ifndef PHONON_TEST_WAV_FIXTURE_H
#define PHONON_TEST_WAV_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct Fixture {
    char dir[64];
    char path[128];
} Fixture;

static inline int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    if (!f) return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/phonon_wav_XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    snprintf(f->path, sizeof f->path, "%s/out.wav", f->dir);
    *state = f;
    return 0;
}

static inline int teardown(void **state)
{
    Fixture *f = *state;
    unlink(f->path);
    rmdir(f->dir);
    free(f);
    return 0;
}

#endif
