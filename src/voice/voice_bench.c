/* voice_bench.c - see voice_bench.h. Scenario: a 0.39 s mono kick at
 * 44.1 kHz, triggered at a steady rate so that V voices sound at once (the
 * shape of `s "bd*N"`), mixed in blocks into one output slot. Trigger cost is
 * included in the timings. The baseline is the textbook mixer: per frame,
 * per voice, a double position, linear interpolation, a branchy envelope
 * and the pan law (what per-sample voice engines do). */
#include "voice/voice_bench.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "voice/voice_pool.h"
#include "voice/worker_pool.h"

#define KICK_S 0.39

typedef struct BenchResult {
    double vs_per_s;      /* voice-samples per second of wall time */
    double p50_us, p99_us;
    double avg_voices;
} BenchResult;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static Sample *kick_new(double rate, float **mem_out)
{
    int64_t frames = (int64_t)(KICK_S * rate);
    float *mem = calloc((size_t)(frames + 2 * SAMPLE_PAD), sizeof(float));
    Sample *s = calloc(1, sizeof *s);
    if (!mem || !s) {
        free(mem);
        free(s);
        return NULL;
    }
    for (int64_t i = 0; i < frames; i++) {
        double t = (double)i / rate;
        mem[SAMPLE_PAD + i] = (float)(sin(2.0 * M_PI * (50.0 + 100.0 * exp(-t * 30.0)) * t) * exp(-t / 0.1));
    }
    s->data[0] = s->data[1] = mem + SAMPLE_PAD;
    s->channels = 1;
    s->frames = frames;
    s->rate = rate;
    s->peak = 1.0f;
    s->name = "bench/kick";
    *mem_out = mem;
    return s;
}

/* Per-voice effects of the bench voices (the `phonon bench` effects table). */
typedef enum BenchFx {
    BENCH_PLAIN = 0,
    BENCH_LPF_SHARED,   /* `# lpf 2000 # resonance 0.1`: every voice on one filter bus */
    BENCH_LPF_OWN,      /* a different cutoff per voice: one filter per voice */
    BENCH_SENDS,        /* `# room 0.3 # delay 0.2`: orbit sends */
    BENCH_CRUSH,        /* `# crush 6`: a staged (per-voice rendered) voice */
    BENCH_SYNTH,        /* `s "superpiano"` voices */
    BENCH_FX_COUNT
} BenchFx;

static const char *const BENCH_FX_NAME[BENCH_FX_COUNT] = {
    "plain (kick sample)", "lpf, one cutoff for all", "lpf, own cutoff per voice", "room + delay sends",
    "crush (staged voice)", "superpiano synth",
};

static void bench_fx_apply(VoiceStart *vs, BenchFx fx, uint64_t k)
{
    switch (fx) {
    case BENCH_PLAIN: break;
    case BENCH_LPF_SHARED: vs->fx.cutoff = 2000.0f; vs->fx.q = 2.0f; break;
    case BENCH_LPF_OWN: vs->fx.cutoff = 200.0f + (float)(k % 8192); vs->fx.q = 2.0f; break;
    case BENCH_SENDS: vs->fx.send[0] = 0.3f; vs->fx.send[1] = 0.2f; break;
    case BENCH_CRUSH: vs->fx.crush = 6.0f; break;
    case BENCH_SYNTH: vs->synth = voice_synth_find("superpiano"); vs->delta = KICK_S; break;
    default: break;
    }
}

/* Steady-state V voices: one trigger every L/V frames. */
static BenchResult bench_pool_fx(const Sample *kick, int voices, int threads, double seconds, int block,
                                 double rate, double speed, double par_above, BenchFx fxmode)
{
    BenchResult res = { 0 };
    VoicePoolConfig cfg = { 0 };
    cfg.rate = rate;
    cfg.max_block = block;
    cfg.capacity = voices + voices / 4 + 64;
    cfg.threads = threads;
    cfg.parallel_above_s = par_above;
    VoicePool *p = voice_pool_create(&cfg, NULL);
    size_t stride = (size_t)((block + 15) & ~15);
    float *buf = aligned_alloc(64, sizeof(float) * 8 * stride);
    int maxblocks = 1 << 20; /* the time budget ends the run first */
    double *times = malloc(sizeof(double) * (size_t)maxblocks);
    if (!p || !buf || !times) goto out;
    VoiceOrbitOut orb[VOICE_ORBITS];
    memset(orb, 0, sizeof orb);
    for (int c = 0; c < 2; c++) {
        orb[0].dry[c] = buf + (2 + c) * stride;
        orb[0].send[0][c] = buf + (4 + c) * stride;
        orb[0].send[1][c] = buf + (6 + c) * stride;
    }
    VoiceOut vo = { .ch = { buf, buf + stride }, .orbit = fxmode == BENCH_SENDS ? orb : NULL };
    VoiceStart vs;
    voice_start_init(&vs, kick);
    vs.speed = speed;
    uint64_t ntrig = 0;
    double interval = (double)kick->frames / fabs(speed) / voices, next = 0.0;
    int64_t frame = 0;
    int warm = (int)(kick->frames / fabs(speed) / block) + 2, nb = 0;
    uint64_t vs0 = 0;
    double t0 = 0.0, vsum = 0.0;
    for (int b = 0;; b++) {
        if (b == warm) {
            VoicePoolStats st;
            voice_pool_stats(p, &st);
            vs0 = st.voice_samples;
            t0 = now_s();
        }
        double tb = now_s();
        for (; next < (double)(frame + block); next += interval) {
            vs.offset = (int32_t)((int64_t)next - frame);
            bench_fx_apply(&vs, fxmode, ntrig++);
            voice_pool_trigger(p, &vs);
        }
        memset(buf, 0, sizeof(float) * (fxmode == BENCH_SENDS ? 8 : 2) * stride);
        voice_pool_mix(p, block, &vo, 1);
        double te = now_s();
        frame += block;
        if (b >= warm) {
            VoicePoolStats st;
            voice_pool_stats(p, &st);
            times[nb++] = te - tb;
            vsum += st.active;
            if (te - t0 >= seconds || nb >= maxblocks) break;
        }
    }
    VoicePoolStats st;
    voice_pool_stats(p, &st);
    double wall = now_s() - t0;
    res.vs_per_s = (double)(st.voice_samples - vs0) / wall;
    qsort(times, (size_t)nb, sizeof(double), cmp_double);
    res.p50_us = 1e6 * times[nb / 2];
    res.p99_us = 1e6 * times[(nb * 99) / 100 < nb ? (nb * 99) / 100 : nb - 1];
    res.avg_voices = vsum / nb;
out:
    free(times);
    free(buf);
    voice_pool_destroy(p);
    return res;
}

static BenchResult bench_pool(const Sample *kick, int voices, int threads, double seconds, int block,
                              double rate, double speed, double par_above)
{
    return bench_pool_fx(kick, voices, threads, seconds, block, rate, speed, par_above, BENCH_PLAIN);
}

/* Best of `reps` runs (the machine may be shared: the best run is the one
 * least disturbed by other processes). */
static BenchResult bench_best(const Sample *kick, int voices, int threads, double seconds, int block, double rate,
                              double speed, double par_above, int reps)
{
    BenchResult best = { 0 };
    for (int i = 0; i < reps; i++) {
        BenchResult r = bench_pool(kick, voices, threads, seconds / reps, block, rate, speed, par_above);
        if (r.vs_per_s > best.vs_per_s) best = r;
    }
    return best;
}

/* ---- the naive baseline ------------------------------------------------ */

typedef struct NaiveVoice {
    int active;
    double pos, speed;
    float gain, pan;
    int stage;            /* 0 attack, 1 hold, 2 release */
    float env, env_step;
} NaiveVoice;

#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("no-tree-vectorize")))
#endif
static void naive_mix(NaiveVoice *v, int nv, const Sample *s, float *l, float *r, int n)
{
    for (int f = 0; f < n; f++) {
        for (int i = 0; i < nv; i++) {
            NaiveVoice *x = &v[i];
            if (!x->active) continue;
            int64_t k = (int64_t)x->pos;
            if (k >= s->frames) {
                x->active = 0;
                continue;
            }
            float fr = (float)(x->pos - (double)k);
            float a = s->data[0][k], b = s->data[0][k + 1];
            float smp = a + fr * (b - a);
            if (x->stage == 0) {
                x->env += x->env_step;
                if (x->env >= 1.0f) {
                    x->env = 1.0f;
                    x->stage = 1;
                }
            }
            float g = x->gain * x->env;
            l[f] += smp * g * cosf(x->pan * 1.5707964f);
            r[f] += smp * g * sinf(x->pan * 1.5707964f);
            x->pos += x->speed;
        }
    }
}

static double bench_naive(const Sample *kick, int voices, double seconds, int block)
{
    NaiveVoice *v = calloc((size_t)voices, sizeof *v);
    float *l = calloc((size_t)block, sizeof(float)), *r = calloc((size_t)block, sizeof(float));
    double res = 0.0;
    if (!v || !l || !r) goto out;
    for (int i = 0; i < voices; i++) {
        v[i].active = 1;
        v[i].pos = (double)((int64_t)i * kick->frames / voices);
        v[i].speed = 1.0;
        v[i].gain = 1.0f;
        v[i].pan = 0.5f;
        v[i].env = 1.0f;
        v[i].stage = 1;
    }
    uint64_t done = 0;
    double t0 = now_s(), t;
    do {
        naive_mix(v, voices, kick, l, r, block);
        done += (uint64_t)voices * (uint64_t)block;
        for (int i = 0; i < voices; i++) /* keep V voices sounding */
            if (!v[i].active || v[i].pos >= (double)kick->frames) {
                v[i].active = 1;
                v[i].pos -= (double)kick->frames;
                if (v[i].pos < 0.0) v[i].pos = 0.0;
            }
        t = now_s() - t0;
    } while (t < seconds);
    res = (double)done / t;
    volatile float sink = l[block / 2] + r[block / 3];
    (void)sink;
out:
    free(v);
    free(l);
    free(r);
    return res;
}

/* ---- driver ------------------------------------------------------------ */

static void print_row(FILE *out, int voices, int threads, const BenchResult *r, double block_us,
                      double rate, double naive)
{
    double ns = r->vs_per_s > 0.0 ? 1e9 / r->vs_per_s : 0.0;
    fprintf(out, "%7d %4d %10.3g %8.3f %9.1f %9.1f %9.0f %5s %8.0fx\n", voices, threads, r->vs_per_s, ns,
            r->p50_us, r->p99_us, r->vs_per_s / rate, r->p99_us < block_us / 2 ? "yes" : "NO",
            naive > 0.0 ? r->vs_per_s / naive : 0.0);
}

/* `s "bd*720"` at 0.5 cps for 32 cycles, voices only; returns wall seconds. */
static double bench_render_once(const Sample *kick, int threads, int block, double rate, uint64_t *vsamples,
                                int *peak)
{
    VoicePoolConfig cfg = { 0 };
    cfg.rate = rate;
    cfg.max_block = block;
    cfg.capacity = 1024;
    cfg.threads = threads;
    VoicePool *p = voice_pool_create(&cfg, NULL);
    float *buf = aligned_alloc(64, sizeof(float) * 2 * (size_t)((block + 15) & ~15));
    if (!p || !buf) {
        free(buf);
        voice_pool_destroy(p);
        return 0.0;
    }
    VoiceOut vo = { .ch = { buf, buf + ((block + 15) & ~15) } };
    VoiceStart vs;
    voice_start_init(&vs, kick);
    const double cycle = rate / 0.5;
    const int64_t total = (int64_t)(32 * cycle);
    int64_t ev = 0;
    double t0 = now_s();
    for (int64_t f = 0; f < total; f += block) {
        int n = total - f < block ? (int)(total - f) : block;
        for (;; ev++) {
            int64_t at = (int64_t)llround((double)ev * cycle / 720.0);
            if (at >= f + n) break;
            vs.offset = (int32_t)(at - f);
            voice_pool_trigger(p, &vs);
        }
        memset(buf, 0, sizeof(float) * 2 * (size_t)((block + 15) & ~15));
        voice_pool_mix(p, n, &vo, 1);
    }
    double wall = now_s() - t0;
    VoicePoolStats st;
    voice_pool_stats(p, &st);
    *vsamples = st.voice_samples;
    *peak = st.peak;
    free(buf);
    voice_pool_destroy(p);
    return wall;
}

static void bench_render(FILE *out, const Sample *kick, const int *thr, int nthr, int block, double rate)
{
    double best[3] = { 1e30, 1e30, 1e30 };
    uint64_t vsamples = 0;
    int peak = 0;
    for (int i = 0; i < 3; i++) /* interleaved thread counts, best of 3 each */
        for (int t = 0; t < nthr; t++) {
            double w = bench_render_once(kick, thr[t], block, rate, &vsamples, &peak);
            if (w > 0.0 && w < best[t]) best[t] = w;
        }
    double audio = 32.0 / 0.5;
    for (int t = 0; t < nthr; t++)
        fprintf(out, "bd*720 @0.5cps, 32 cycles (%.0f s of audio), %d thread%s: %.3g voice-samples/s, "
                     "%.1f ms wall, peak %d voices, %.0fx real time (best of 3)\n",
                audio, thr[t], thr[t] == 1 ? "" : "s", (double)vsamples / best[t], 1e3 * best[t], peak,
                audio / best[t]);
}

/* The live-mode target: 10,000 voices, p99 block time against half a block,
 * with the live setting parallel_above_s = a quarter block. */
static void bench_live(FILE *out, const Sample *kick, int threads, int block, double rate, double seconds,
                       double speed)
{
    BenchResult r = bench_best(kick, 10000, threads, seconds, block, rate, speed, 0.25 * block / rate, 2);
    double half = 0.5e6 * block / rate;
    fprintf(out, "live: 10000 voices, %d thread%s (parallel only above 1/4 block): p50 %.0f us, p99 %.0f us "
                 "(target p99 < %.0f us: %s)\n",
            threads, threads == 1 ? "" : "s", r.p50_us, r.p99_us, half, r.p99_us < half ? "met" : "MISSED");
}

/* Voices with per-voice effects against plain voices, measured interleaved
 * in the same process (best of 3 each). */
static void bench_fx_table(FILE *out, const Sample *kick, const int *thr, int nthr, int block, double rate,
                           double seconds, int maxv)
{
    /* (up to 512: more voices with a cutoff each would need more than VOICE_BUS_MAX buses) */
    const int counts[] = { 64, 512 };
    int nc = 0;
    for (int c = 0; c < 2; c++) nc += counts[c] <= maxv;
    if (nc == 0) return;
    double per = seconds / (nc * nthr * BENCH_FX_COUNT * 3);
    fprintf(out, "\nper-voice effects (ns per voice-sample; x: cost relative to plain voices, same run):\n");
    fprintf(out, "%-28s", "");
    for (int c = 0; c < 2; c++)
        if (counts[c] <= maxv)
            for (int t = 0; t < nthr; t++) fprintf(out, " %6d v %dt      ", counts[c], thr[t]);
    fprintf(out, "\n");
    BenchResult res[BENCH_FX_COUNT][2][3];
    memset(res, 0, sizeof res);
    for (int c = 0; c < 2; c++) {
        if (counts[c] > maxv) continue;
        for (int rep = 0; rep < 3; rep++)
            for (int f = 0; f < BENCH_FX_COUNT; f++)
                for (int t = 0; t < nthr; t++) {
                    BenchResult r = bench_pool_fx(kick, counts[c], thr[t], per, block, rate, 1.0, 0.0, (BenchFx)f);
                    if (r.vs_per_s > res[f][c][t].vs_per_s) res[f][c][t] = r;
                }
    }
    for (int f = 0; f < BENCH_FX_COUNT; f++) {
        fprintf(out, "%-28s", BENCH_FX_NAME[f]);
        for (int c = 0; c < 2; c++) {
            if (counts[c] > maxv) continue;
            for (int t = 0; t < nthr; t++) {
                double ns = res[f][c][t].vs_per_s > 0.0 ? 1e9 / res[f][c][t].vs_per_s : 0.0;
                double base = res[BENCH_PLAIN][c][t].vs_per_s > 0.0 ? 1e9 / res[BENCH_PLAIN][c][t].vs_per_s : 0.0;
                fprintf(out, " %7.3f ns %5.2fx ", ns, base > 0.0 ? ns / base : 0.0);
            }
        }
        fprintf(out, "\n");
    }
}

PhStatus voice_bench_run(const VoiceBenchConfig *cfg, FILE *out)
{
    double seconds = cfg->seconds > 0.0 ? cfg->seconds : 2.0;
    int block = cfg->block > 0 ? cfg->block : 512;
    double rate = cfg->rate > 0.0 ? cfg->rate : 44100.0;
    int maxv = cfg->max_voices > 0 ? cfg->max_voices : 16384;
    double speed = isfinite(cfg->speed) && cfg->speed != 0.0 ? cfg->speed : 1.0;
    if (speed > 8.0) speed = 8.0;
    if (speed < -8.0) speed = -8.0;
    if (block > VOICE_POOL_MAX_BLOCK) return PH_ERR_ARG;
    float *mem = NULL;
    Sample *kick = kick_new(rate, &mem);
    if (!kick) return PH_ERR_NOMEM;
    const int counts[] = { 8, 64, 512, 2048, 8192, 16384 };
    int thr[3] = { 1, 2, cfg->threads }, nthr = cfg->threads > 0 && cfg->threads != 1 && cfg->threads != 2 ? 3 : 2;
    int nconf = 0;
    for (int c = 0; c < 6; c++) nconf += counts[c] <= maxv;
    double per = seconds * 0.8 / (nconf * (nthr + 0.25));
    double block_us = 1e6 * block / rate;
    {
        VoicePoolConfig pc = { 0 };
        pc.rate = rate;
        pc.threads = 1;
        VoicePool *probe = voice_pool_create(&pc, NULL);
        fprintf(out, "phonon bench: voice engine, %s kernels, %d CPUs, %d-frame blocks at %.0f Hz "
                     "(block = %.0f us), 0.39 s mono kick at speed %g\n",
                probe ? voice_pool_isa_name(probe) : "?", worker_pool_default_threads(), block, rate,
                block_us, speed);
        voice_pool_destroy(probe);
    }
    if (cfg->effects_only) {
        bench_fx_table(out, kick, thr, nthr > 2 ? 2 : nthr, block, rate, seconds, maxv);
        free(mem);
        free(kick);
        return PH_OK;
    }
    fprintf(out, "%7s %4s %10s %8s %9s %9s %9s %5s %9s\n", "voices", "thr", "vsamp/s", "ns/vs", "p50 us",
            "p99 us", "RT voices", "p99<½", "vs naive");
    for (int c = 0; c < 6; c++) {
        if (counts[c] > maxv) continue;
        double naive = bench_naive(kick, counts[c], per * 0.25, block);
        BenchResult best[3] = { { 0 } };
        for (int rep = 0; rep < 3; rep++) /* interleaved, so each thread count sees the same machine */
            for (int t = 0; t < nthr; t++) {
                BenchResult r = bench_pool(kick, counts[c], thr[t], per / 3, block, rate, speed, 0.0);
                if (r.vs_per_s > best[t].vs_per_s) best[t] = r;
            }
        for (int t = 0; t < nthr; t++) print_row(out, counts[c], thr[t], &best[t], block_us, rate, naive);
        fprintf(out, "%7s %4s %10.3g %8.3f   (naive scalar per-frame mixer, 1 thread)\n", "", "", naive,
                1e9 / naive);
    }
    fprintf(out, "vsamp/s: voice-samples (one voice, one stereo frame) per second of wall time, triggers "
                 "included;\nRT voices: voices one real-time second could mix at that rate (100%% load); "
                 "p99<½: p99 block time under half the block.\n");
    bench_render(out, kick, thr, nthr, block, rate);
    bench_fx_table(out, kick, thr, nthr > 2 ? 2 : nthr, block, rate, seconds, maxv);
    if (maxv >= 10000)
        for (int t = 0; t < nthr; t++) bench_live(out, kick, thr[t], block, rate, seconds * 0.05, speed);
    free(mem);
    free(kick);
    return PH_OK;
}
