/* sample.h - one decoded audio file, as the voice engine reads it.
 *
 * Shared by the sample library (which decodes and owns samples) and the
 * voice engine (which only reads them). Data is planar float; SAMPLE_PAD
 * zero frames are readable before frame 0 and after the last frame, so
 * interpolating readers need no bounds branch at either edge. */
#ifndef PHONON_SAMPLE_SAMPLE_H
#define PHONON_SAMPLE_SAMPLE_H

#include <stdint.h>

#define SAMPLE_PAD 8

typedef struct Sample {
    const float *data[2];  /* channel data at frame 0; data[1] == data[0] when mono */
    int channels;          /* 1 or 2 (files with more channels are mixed down at load) */
    int64_t frames;        /* frames of real audio (padding not included) */
    double rate;           /* the file's sample rate in Hz (playback corrects for it) */
    float peak;            /* max |x| over the data */
    const char *name;      /* "bank/file.wav" for messages */
} Sample;

#endif
