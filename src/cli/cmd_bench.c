/* cmd_bench.c - `phonon bench`: measures the voice engine (see
 * src/voice/voice_bench.h) and prints a table. Reports only; exit 0. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/status.h"
#include "voice/voice_bench.h"

const char cmd_bench_usage[] =
    "usage: phonon bench [--threads N] [--seconds S] [--block N] [--voices MAX] [--speed X] [--effects]\n"
    "\n"
    "Measures the voice engine: voice-samples per second with 1 and 2 threads\n"
    "(and N with --threads), ns per voice-sample, block-time p50/p99, how many\n"
    "voices fit in real time, and the speed-up over a naive scalar mixer, for\n"
    "8, 64, 512, 2048, 8192 and 16384 simultaneous 0.39 s kick voices; then the\n"
    "voice part of `s \"bd*720\"` at 0.5 cps for 32 cycles; then voices with\n"
    "per-voice effects (a low-pass shared by all voices, one per voice, orbit\n"
    "sends, crush, a synth) against plain voices in the same run.\n"
    "\n"
    "  --threads N    also measure N threads\n"
    "  --seconds S    total measuring time (default 2)\n"
    "  --block N      frames per block (default 512, max 4096)\n"
    "  --voices MAX   skip voice counts above MAX\n"
    "  --speed X      play the kick at speed X (1: contiguous fast path; others\n"
    "                 interpolate; the naive baseline and bd*720 stay at 1)\n";

static int parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < lo || v > hi) return 0;
    *out = (int)v;
    return 1;
}

int cmd_bench(int argc, char **argv)
{
    VoiceBenchConfig cfg = { 0 };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--threads") && v) {
            if (!parse_int(v, 1, 64, &cfg.threads)) return cli_usage_error("bench", "bad --threads '%s'", v);
            i++;
        } else if (!strcmp(a, "--seconds") && v) {
            char *end;
            cfg.seconds = strtod(v, &end);
            if (*end || !(cfg.seconds > 0.0) || cfg.seconds > 600.0)
                return cli_usage_error("bench", "bad --seconds '%s'", v);
            i++;
        } else if (!strcmp(a, "--block") && v) {
            if (!parse_int(v, 1, 4096, &cfg.block)) return cli_usage_error("bench", "bad --block '%s'", v);
            i++;
        } else if (!strcmp(a, "--voices") && v) {
            if (!parse_int(v, 1, 65536, &cfg.max_voices)) return cli_usage_error("bench", "bad --voices '%s'", v);
            i++;
        } else if (!strcmp(a, "--speed") && v) {
            char *end;
            cfg.speed = strtod(v, &end);
            if (*end || !(cfg.speed >= -8.0 && cfg.speed <= 8.0) || cfg.speed == 0.0)
                return cli_usage_error("bench", "bad --speed '%s' (nonzero, -8..8)", v);
            i++;
        } else if (!strcmp(a, "--effects")) {
            cfg.effects_only = 1;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(cmd_bench_usage, stdout);
            return PH_EXIT_OK;
        } else {
            return cli_usage_error("bench", "unknown argument '%s'", a);
        }
    }
    PhStatus s = voice_bench_run(&cfg, stdout);
    if (s != PH_OK) {
        fprintf(stderr, "phonon bench: %s\n", ph_status_name(s));
        return PH_EXIT_ERROR;
    }
    return PH_EXIT_OK;
}
