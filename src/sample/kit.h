/* kit.h - Phonon's built-in drum kit and tonal banks, synthesised by our own
 * DSP code so a machine with no sample files still plays `s "bd*4, hh*8"`.
 *
 * Every bank has a few variations (bd:0..3 sound different). Each variation
 * is rendered on demand at the engine's output rate (no resampling later),
 * mono, peak-normalised between -1 and -3 dBFS, DC-free, with a short fade
 * at both ends. Rendering is deterministic: the noise comes from a PRNG
 * seeded per bank and variation, so the same rate gives the same bytes. */
#ifndef PHONON_SAMPLE_KIT_H
#define PHONON_SAMPLE_KIT_H

#include "core/status.h"
#include "sample/sample.h"

typedef struct KitBankInfo {
    const char *name;        /* "bd" */
    int variations;          /* files in the bank */
    double pitch_hz;         /* tonal banks: the note they play (C), 0 for drums */
    const char *description; /* one line for listings */
} KitBankInfo;

int kit_bank_count(void);
/* i in 0..kit_bank_count()-1, in byte order of name. */
const KitBankInfo *kit_bank_info(int i);
/* Index of the bank called name, or -1. */
int kit_find(const char *name);

/* Synthesises variation v of bank i at rate Hz (8000..384000) into a new
 * mono Sample named "<bank>/<v> (built-in)" (free with sample_buf_free).
 * PH_ERR_ARG for a bad bank, variation or rate; PH_ERR_NOMEM. */
PhStatus kit_render(int bank, int variation, double rate, Sample **out);

#endif
