/* orbit.h - what a sound pattern has besides its voices: orbit effects
 * (SuperDirt's global effects, per sound pattern) and bus voices.
 *
 * Orbits are per sound pattern: `s "bd*4" # room 0.3` has its own reverb,
 * and its signal (the pattern as a value: `~drums`) includes the reverb
 * and delay tails, so `~drums * 0.5` and `~drums # lpf 800` apply to the
 * tails too ("patterns are signals"). Within a pattern, `orbit N` (0..15,
 * wrapped) selects one of its orbits, each with its own effects:
 *   - the voices of an orbit with effects mix into the orbit's dry buffer,
 *     and, scaled by their per-event sends, into its reverb and delay send
 *     buffers (voice_pool.h VoiceOrbitOut);
 *   - the orbit node (placed right after the pattern's voices) runs the
 *     reverb (Freeverb, dsp_reverb.h) on the reverb send, the delay
 *     (dsp_delay.h, tempo-aware) on the delay send, sums dry + wet, limits
 *     the sum at 0 dBFS (no look-ahead, as SuperDirt's dirt_monitor) and
 *     adds it to the pattern's signal;
 *   - an effect sleeps (costs nothing) once its input has been silent and
 *     its output below -120 dBFS for ORBIT_SLEEP_S, and wakes on the frame
 *     its input is non-zero; the decision is per frame, so block sizes do
 *     not change the output.
 * Orbits without effects cost nothing: their voices go straight to the
 * pattern's signal. Which orbits get effects is decided at compile time
 * from the first 16 cycles of the pattern (an orbit with `room` or `delay`
 * there); an orbit first seen with sends later plays dry (its sends are
 * dropped and counted), since nothing may be allocated while playing.
 *
 * Bus voices: `s "~pad*4"` plays the bus `~pad` through each event's
 * envelope (attack, release, sustain/legato/duration), gain and pan. */
#ifndef PHONON_ENGINE_ORBIT_H
#define PHONON_ENGINE_ORBIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/program.h"
#include "voice/voice_pool.h"

#define ORBIT_EVENTS_MAX 64        /* parameter changes per orbit per block (more: the latest win) */
#define ORBIT_BUSV_NAMES 16        /* distinct `~bus` names one sound pattern plays */
#define ORBIT_BUSV_VOICES 64       /* bus voices sounding at once per name (more: dropped) */
#define ORBIT_DELAY_MAX_S 4.0      /* longest delay time (SuperDirt's) */
#define ORBIT_SLEEP_S 0.5          /* silence before an effect sleeps (after its longest echo) */

struct OrbitFx;
struct BusVoices;

typedef struct ProgSound {
    VoiceOrbitOut orbit_out[VOICE_ORBITS];   /* given to the voice pool (orbit_bind fills it) */
    struct OrbitFx *fx[VOICE_ORBITS];        /* NULL: that orbit has no effects */
    int nbusv;
    const char *busv_name[ORBIT_BUSV_NAMES]; /* without the `~` */
    struct BusVoices *busv[ORBIT_BUSV_NAMES];
} ProgSound;

/* One event's orbit parameters (has_*: the event carries that key). */
typedef struct OrbitEvent {
    bool has_size, has_dtime, has_dfb;
    float size;                /* reverb size 0..1 */
    float dtime;               /* delay time: seconds, or cycles when dtime_cycles */
    bool dtime_cycles;         /* `delaysync`, or `lock 1` */
    float dfb;                 /* delay feedback 0..0.99 */
} OrbitEvent;

/* A node for orbit `orbit` of snd (reverb and/or delay), writing into out;
 * its inputs are new stereo signals (dry, reverb send, delay send) the
 * voices fill. Fills *node (add it with program_add_node). */
bool orbit_make_node(Program *p, ProgSound *snd, int orbit, bool reverb, bool delay, Signal out, double rate,
                     ProgNode *node);
/* After program_finalize: points every ProgSound's orbit_out at the buffers. */
void orbit_bind(Program *p);
/* Zeroes the orbit buffers of every sound pattern (before the voice mix). */
void orbit_clear(const Program *p, int n);
/* An event with sends on this orbit: parameter changes from frame `offset` of the block on. */
void orbit_fx_event(struct OrbitFx *fx, int32_t offset, const OrbitEvent *ev);

/* The VoiceVowel of a `vowel` value ("a" e i o u, any case), or VOICE_VOWEL_NONE. */
int sound_vowel_of(const char *s, size_t len);

/* A node playing bus signal `bus` as voices into out. */
bool busvoice_make_node(Program *p, ProgSound *snd, const char *name, Signal bus, Signal out, double rate,
                        ProgNode *node);
typedef struct BusVoiceStart {
    int32_t offset;            /* onset, frames into the block */
    float gain, pan;
    double length, attack, release; /* seconds */
} BusVoiceStart;
/* Starts a voice of the bus named `name` (false: unknown name or full). */
bool busvoice_trigger(ProgSound *snd, const char *name, const BusVoiceStart *bv);

#endif
