/* dsp_master.h - the master stage every output passes through last.
 *
 *  1. NaN/inf -> 0 and denormals -> 0 (a broken patch gives silence, never
 *     a poisoned file or a blast of noise);
 *  2. a transparent safety limiter (dsp_limiter): below the ceiling the gain
 *     is exactly 1 and the samples pass bit-exact (delayed by the latency);
 *     above it the gain ramps down over the look-ahead and recovers with a
 *     DSP_MASTER_RELEASE_S release, so there is no pumping at normal levels;
 *  3. a final clamp: the output never exceeds the ceiling
 *     (DSP_MASTER_CEILING_DB = -0.3 dBFS by default).
 * State (limiter gain, look-ahead line) carries across blocks.
 *
 * Latency: dsp_master_latency() frames (round(lookahead_s * sr)). Live
 * playback just has that much more latency. For `render` to stay sample-
 * aligned with the program (onsets at exact frames), the engine renders
 * latency extra frames at the end and drops the first latency frames of the
 * master output. lookahead_s = 0 gives a zero-latency limiter whose gain
 * drops within the first over-ceiling frame (a hard knee on transients, but
 * still never above the ceiling). DSP_MASTER_LOOKAHEAD_S is the suggested
 * value. */
#ifndef PHONON_DSP_DSP_MASTER_H
#define PHONON_DSP_DSP_MASTER_H

#include "dsp/dsp.h"
#include "dsp/dsp_limiter.h"

#define DSP_MASTER_CEILING_DB (-0.3f)
#define DSP_MASTER_LOOKAHEAD_S 0.0015f
#define DSP_MASTER_RELEASE_S 0.15f

typedef struct DspMaster {
    DspLimiter lim;
    float ceiling;    /* linear */
    long nonfinite;   /* NaN/inf samples replaced so far (diagnostics) */
} DspMaster;

/* ceiling_db is clamped to [-60, 0] (NaN -> the default). */
void dsp_master_init(DspMaster *k, float sample_rate, float lookahead_s, float ceiling_db);
void dsp_master_reset(DspMaster *k);
int dsp_master_latency(const DspMaster *k);
/* in[c] may equal out[c]. */
void dsp_master_process(DspMaster *k, const float *const in[2], float *const out[2], int nch, int n);

#endif
