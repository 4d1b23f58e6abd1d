/* bench_voice.c - `make bench` entry for the voice engine: the same
 * measurement as `phonon bench` (src/voice/voice_bench.c), short by default. */
#include <stdio.h>
#include <stdlib.h>

#include "voice/voice_bench.h"

int main(int argc, char **argv)
{
    VoiceBenchConfig cfg = { 0 };
    if (argc > 1) cfg.seconds = atof(argv[1]);
    return voice_bench_run(&cfg, stdout) == PH_OK ? 0 : 1;
}
