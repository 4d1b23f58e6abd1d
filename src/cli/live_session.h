/* live_session.h - what `phonon live` plays through: the audio device, the
 * engine, the sample library and the optional recorder, plus the audio
 * callback that ties them together.
 *
 * The callback (audio thread) renders one block with the engine (which
 * installs a submitted program at the block boundary), applies the quit
 * fade, hands the block to the recorder, and publishes its timing in
 * atomics. It never allocates, locks, logs or touches a file. Everything
 * else here runs on the control thread: compiling is the caller's job
 * (cli_compile with live_session_rate/live_session_samples), submitting,
 * collecting retired programs and reading the meters are here. */
#ifndef PHONON_CLI_LIVE_SESSION_H
#define PHONON_CLI_LIVE_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "engine/engine.h"
#include "io/audio_device.h"

struct SampleLib;

#define LIVE_DEFAULT_BLOCK 512
#define LIVE_DEFAULT_VOICES 16384
#define LIVE_QUIT_FADE_S 0.05          /* fade-out on q / Ctrl-C */
#define LIVE_SCRATCH_BYTES (8u << 20)  /* per-block query memory, allocated before the audio starts */

typedef struct LiveOptions {
    const char *device;                /* NULL: the default output */
    double sample_rate;                /* 0: the device's native rate */
    int block;                         /* frames per block (engine and device) */
    double latency_ms;                 /* 0: the device's low default */
    const char *record;                /* NULL: no recording */
    int threads;                       /* voice mixing threads (0: one per CPU) */
    int voices;                        /* voice pool size, allocated up front */
    int rt_priority;                   /* SCHED_FIFO priority for the audio threads (0: normal) */
    const char *const *sample_dirs;
    int nsample_dirs;
} LiveOptions;

typedef struct LiveSession LiveSession;

/* Opens the device (not started), the sample library, the engine and the
 * recorder. Errors are printed as "phonon live: ..." on stderr. */
PhStatus live_session_open(LiveSession **out, const LiveOptions *o);
/* Stops (if started) and frees everything; finishes the recording and
 * reports its problems on stderr. Returns PH_ERR_IO if the recording failed. */
PhStatus live_session_close(LiveSession *s);

double live_session_rate(const LiveSession *s);
int live_session_block(const LiveSession *s);
struct SampleLib *live_session_samples(const LiveSession *s);
const AudioDeviceStatus *live_session_device(const LiveSession *s);
/* The master stage's look-ahead in frames: output frame = engine frame + this. */
int live_session_latency_frames(const LiveSession *s);
/* After start: whether the device's render thread and the voice workers
 * run on a real-time schedule; the number of voice threads. */
void live_session_realtime(const LiveSession *s, bool *device, bool *workers, int *threads);

/* Before live_session_start only: the first program, installed at frame 0. */
void live_session_set_program(LiveSession *s, Program *p);
PhStatus live_session_start(LiveSession *s);

/* Hands p to the audio thread (installed at the next block boundary; a
 * program still waiting from an earlier submit is freed). Returns the
 * engine frame reached when it was submitted. */
int64_t live_session_submit(LiveSession *s, Program *p);
/* The engine's published status (cheap; any time). */
void live_session_engine_status(LiveSession *s, EngineStatus *out);
/* CLOCK_MONOTONIC ns at which the block that installed the current program started. */
int64_t live_session_install_ns(LiveSession *s);
/* Frees the programs the audio thread has retired. */
void live_session_collect(LiveSession *s);

typedef struct LiveMeter {
    EngineStatus engine;
    double load;                 /* DSP time / audio time since the last meter read */
    double load_peak;            /* the worst single block since the last read */
    uint64_t xruns;              /* device underruns (or null-device overruns) */
    uint64_t record_dropped;     /* frames the recorder had to drop */
    int64_t install_ns;          /* CLOCK_MONOTONIC time the last install's block started */
    double worst_block_ms;       /* the slowest callback so far */
    int64_t worst_block_frame;   /* ... and the frame it started at */
} LiveMeter;
void live_session_meter(LiveSession *s, LiveMeter *m);

/* Stops the audio (after this the engine may be read directly). */
void live_session_stop(LiveSession *s);
/* The engine's full statistics: only after live_session_stop. */
void live_session_engine_stats(LiveSession *s, EngineStats *out);

/* Fades the output to silence over LIVE_QUIT_FADE_S and waits (bounded) for
 * the fade to be played. */
void live_session_fade_out(LiveSession *s);

#endif
