/* bench_dsp.c - cost of each DSP kernel in ns per frame, and the figure the
 * engine cares about: 64 saw oscillators through 64 low-pass filters, mixed,
 * for N seconds of 44.1 kHz audio on one core, as "x faster than real time".
 *
 * usage: bench_dsp [seconds-for-the-64x64-figure (default 10)]
 * Reports only; nothing here asserts a time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dsp/dsp_adsr.h"
#include "dsp/dsp_bank.h"
#include "dsp/dsp_bitcrush.h"
#include "dsp/dsp_chorus.h"
#include "dsp/dsp_compressor.h"
#include "dsp/dsp_delay.h"
#include "dsp/dsp_distortion.h"
#include "dsp/dsp_env.h"
#include "dsp/dsp_limiter.h"
#include "dsp/dsp_master.h"
#include "dsp/dsp_math.h"
#include "dsp/dsp_noise.h"
#include "dsp/dsp_osc.h"
#include "dsp/dsp_reverb.h"
#include "dsp/dsp_svf.h"

#define SR 44100.0f
#define BLK 512
#define FRAMES (SR * 20) /* per kernel measurement: 20 s of audio */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct Bufs {
    float l[BLK], r[BLK], ol[BLK], orr[BLK];
    float p[6][BLK];
    float mod[BLK]; /* an audio-rate modulated cutoff */
} Bufs;

enum { OSC_SINE, OSC_SAW, OSC_TRI, OSC_PULSE, NOISE_WHITE, NOISE_PINK, SVF_CONST, SVF_MOD,
       SVF_STEREO, ADSR, ENV, DELAY, REVERB, DIST, CRUSH, CHORUS, COMP, LIM, MASTER, MATH_MULADD,
       NKERNELS };
static const char *NAMES[NKERNELS] = {
    "sine", "saw (polyblep)", "tri (polyblamp)", "pulse (polyblep)", "noise white", "noise pink",
    "lpf const cutoff, mono", "lpf audio-rate cutoff, mono", "lpf const cutoff, stereo",
    "adsr", "env (stereo vca)", "delay (stereo)", "reverb (stereo)", "distortion (stereo)",
    "bitcrush (stereo)", "chorus (stereo)", "compressor (stereo)", "limiter 5 ms (stereo)",
    "master (stereo)", "muladd (buffer math)" };

static double bench_kernel(int kind, Bufs *b, float *sink)
{
    DspOsc o; DspNoise nz; DspSvf f; DspAdsr a; DspEnv e; DspDelay d; DspReverb rv;
    DspDistortion di; DspBitcrush bc; DspChorus ch; DspCompressor cp; DspLimiter li; DspMaster ms;
    switch (kind) {
    case OSC_SINE: dsp_osc_init(&o, SR, DSP_WAVE_SINE); break;
    case OSC_SAW: dsp_osc_init(&o, SR, DSP_WAVE_SAW); break;
    case OSC_TRI: dsp_osc_init(&o, SR, DSP_WAVE_TRI); break;
    case OSC_PULSE: dsp_osc_init(&o, SR, DSP_WAVE_PULSE); break;
    case NOISE_WHITE: dsp_noise_init(&nz, SR, DSP_NOISE_WHITE, 1); break;
    case NOISE_PINK: dsp_noise_init(&nz, SR, DSP_NOISE_PINK, 1); break;
    case SVF_CONST: case SVF_MOD: case SVF_STEREO: dsp_svf_init(&f, SR, DSP_SVF_LP); break;
    case ADSR: dsp_adsr_init(&a, SR); break;
    case ENV: dsp_env_init(&e, SR); break;
    case DELAY: if (dsp_delay_init(&d, SR, 2.0f) != PH_OK) return -1; break;
    case REVERB: if (dsp_reverb_init(&rv, SR) != PH_OK) return -1; break;
    case DIST: dsp_distortion_init(&di, SR); break;
    case CRUSH: dsp_bitcrush_init(&bc, SR); break;
    case CHORUS: if (dsp_chorus_init(&ch, SR) != PH_OK) return -1; break;
    case COMP: dsp_compressor_init(&cp, SR); break;
    case LIM: dsp_limiter_init(&li, SR, 0.005f); break;
    case MASTER: dsp_master_init(&ms, SR, DSP_MASTER_LOOKAHEAD_S, DSP_MASTER_CEILING_DB); break;
    default: break;
    }
    const float *in[2] = { b->l, b->r };
    float *out[2] = { b->ol, b->orr };
    long blocks = (long)(FRAMES / BLK);
    double t0 = now();
    for (long k = 0; k < blocks; k++) {
        /* ADSR gate: 0.25 s on, 0.25 s off. */
        if (kind == ADSR || kind == ENV) dsp_fill(b->p[0], (k / 21) % 2 ? 0.0f : 1.0f, BLK);
        switch (kind) {
        case OSC_SINE: case OSC_SAW: case OSC_TRI: case OSC_PULSE:
            dsp_osc_process(&o, b->p[0], b->p[1], b->ol, BLK); break;
        case NOISE_WHITE: case NOISE_PINK: dsp_noise_process(&nz, b->ol, BLK); break;
        case SVF_CONST: dsp_svf_process(&f, in, out, 1, b->p[2], b->p[1], BLK); break;
        case SVF_MOD: dsp_svf_process(&f, in, out, 1, b->mod, b->p[1], BLK); break;
        case SVF_STEREO: dsp_svf_process(&f, in, out, 2, b->p[2], b->p[1], BLK); break;
        case ADSR: dsp_adsr_process(&a, b->p[0], NULL, b->p[3], b->p[3], b->p[1], b->p[3], b->ol, BLK); break;
        case ENV: dsp_env_process(&e, in, out, 2, b->p[0], NULL, b->p[3], b->p[3], b->p[1], b->p[3], BLK); break;
        case DELAY: dsp_delay_process(&d, in, out, 2, b->p[3], b->p[1], b->p[1], BLK); break;
        case REVERB: dsp_reverb_process(&rv, in, out, 2, b->p[1], b->p[1], b->p[1], BLK); break;
        case DIST: dsp_distortion_process(&di, in, out, 2, b->p[4], b->p[1], BLK); break;
        case CRUSH: dsp_bitcrush_process(&bc, in, out, 2, b->p[5], b->p[5], BLK); break;
        case CHORUS: dsp_chorus_process(&ch, in, out, 2, b->p[5], b->p[1], b->p[1], BLK); break;
        case COMP: dsp_compressor_process(&cp, in, out, 2, b->p[4], b->p[5], b->p[3], b->p[3], b->p[3], BLK); break;
        case LIM: dsp_limiter_process(&li, in, out, 2, b->p[1], b->p[3], BLK); break;
        case MASTER: dsp_master_process(&ms, in, out, 2, BLK); break;
        case MATH_MULADD: dsp_muladd(b->ol, b->l, b->r, b->ol, BLK); break;
        }
        *sink += b->ol[k % BLK];
    }
    double dt = now() - t0;
    if (kind == DELAY) dsp_delay_free(&d);
    if (kind == REVERB) dsp_reverb_free(&rv);
    if (kind == CHORUS) dsp_chorus_free(&ch);
    return dt * 1e9 / (double)(blocks * BLK);
}

/* 64 saws at different pitches through 64 resonant low-passes (cutoffs
 * spread 300 Hz .. 5 kHz, q 2), summed to a bus: the synth half of a
 * busy program. */
static double bench_64x64(double seconds, float *sink)
{
    enum { V = 64 };
    DspOsc *o = malloc(V * sizeof *o);
    DspSvf *f = malloc(V * sizeof *f);
    static float freq[V][BLK], cut[V][BLK], q[BLK], voice[BLK], mix[BLK];
    for (int v = 0; v < V; v++) {
        dsp_osc_init(&o[v], SR, DSP_WAVE_SAW);
        dsp_svf_init(&f[v], SR, DSP_SVF_LP);
        dsp_fill(freq[v], 55.0f * (1.0f + (float)v * 0.25f), BLK);
        dsp_fill(cut[v], 300.0f + 75.0f * (float)v, BLK);
    }
    dsp_fill(q, 2.0f, BLK);
    long blocks = (long)(seconds * SR / BLK);
    double t0 = now();
    for (long k = 0; k < blocks; k++) {
        dsp_fill(mix, 0.0f, BLK);
        for (int v = 0; v < V; v++) {
            dsp_osc_process(&o[v], freq[v], NULL, voice, BLK);
            const float *in[2] = { voice, voice };
            float *out[2] = { voice, voice };
            dsp_svf_process(&f[v], in, out, 1, cut[v], q, BLK);
            dsp_accum(mix, voice, 1.0f / V, BLK);
        }
        *sink += mix[k % BLK];
    }
    double dt = now() - t0;
    free(o);
    free(f);
    return dt;
}

/* The same 64 voices as 8 lane-parallel banks of DSP_BANK_LANES. */
static double bench_64x64_bank(double seconds, float *sink)
{
    enum { V = 64, B = V / DSP_BANK_LANES };
    DspOscBank *o = malloc(B * sizeof *o);
    DspSvfBank *f = malloc(B * sizeof *f);
    static float freq[B][DSP_BANK_LANES], cut[B][DSP_BANK_LANES], q[DSP_BANK_LANES],
        gain[DSP_BANK_LANES], lanes[BLK * DSP_BANK_LANES], mix[BLK], part[BLK];
    for (int b = 0; b < B; b++) {
        dsp_osc_bank_init(&o[b], SR, DSP_WAVE_SAW);
        dsp_svf_bank_init(&f[b], SR, DSP_SVF_LP);
        for (int v = 0; v < DSP_BANK_LANES; v++) {
            int idx = b * DSP_BANK_LANES + v;
            freq[b][v] = 55.0f * (1.0f + (float)idx * 0.25f);
            cut[b][v] = 300.0f + 75.0f * (float)idx;
        }
    }
    dsp_fill(q, 2.0f, DSP_BANK_LANES);
    dsp_fill(gain, 1.0f / V, DSP_BANK_LANES);
    long blocks = (long)(seconds * SR / BLK);
    double t0 = now();
    for (long k = 0; k < blocks; k++) {
        dsp_fill(mix, 0.0f, BLK);
        for (int b = 0; b < B; b++) {
            dsp_osc_bank_process(&o[b], freq[b], NULL, lanes, BLK);
            dsp_svf_bank_process(&f[b], lanes, lanes, cut[b], q, BLK);
            dsp_bank_mix(lanes, gain, part, BLK);
            dsp_add(mix, mix, part, BLK);
        }
        *sink += mix[k % BLK];
    }
    double dt = now() - t0;
    free(o);
    free(f);
    return dt;
}

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? atof(argv[1]) : 10.0;
    if (!(seconds > 0.0)) seconds = 10.0;
    dsp_ftz_enable();
    Bufs *b = calloc(1, sizeof *b);
    DspNoise nz;
    dsp_noise_init(&nz, SR, DSP_NOISE_WHITE, 5);
    dsp_noise_process(&nz, b->l, BLK);
    dsp_noise_process(&nz, b->r, BLK);
    const float vals[6] = { 220.0f, 0.5f, 1200.0f, 0.1f, -20.0f, 4.0f };
    for (int s = 0; s < 6; s++) dsp_fill(b->p[s], vals[s], BLK);
    for (int i = 0; i < BLK; i++) b->mod[i] = 500.0f + 400.0f * (float)(i % 64) / 64.0f * 10.0f;
    float sink = 0.0f;
    printf("%-32s %10s %12s\n", "kernel (block 512, 44.1 kHz)", "ns/frame", "x realtime");
    for (int k = 0; k < NKERNELS; k++) {
        double ns = bench_kernel(k, b, &sink);
        printf("%-32s %10.2f %12.0f\n", NAMES[k], ns, 1e9 / (ns * SR));
    }
    double dt = bench_64x64(seconds, &sink);
    printf("\n64 saw oscillators -> 64 lpf (q 2) -> mix, %.0f s of audio on one core:\n", seconds);
    printf("  %.3f s wall, %.1f x faster than real time, %.2f ns per voice-frame (osc+filter)\n",
           dt, seconds / dt, dt * 1e9 / (seconds * SR * 64));
    dt = bench_64x64_bank(seconds, &sink);
    printf("the same with 8 lane-parallel banks (dsp_bank.h, %d lanes):\n", DSP_BANK_LANES);
    printf("  %.3f s wall, %.1f x faster than real time, %.2f ns per voice-frame (osc+filter)\n",
           dt, seconds / dt, dt * 1e9 / (seconds * SR * 64));
    printf("(sink %g)\n", (double)sink);
    free(b);
    return 0;
}
