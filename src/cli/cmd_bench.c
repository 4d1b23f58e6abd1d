/* cmd_bench.c - `phonon bench` (not built yet: see the open issues). */
#include <stdio.h>

#include "cli/cli.h"
#include "core/status.h"

const char cmd_bench_usage[] = "usage: phonon bench ... (not implemented yet)\n";

int cmd_bench(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "phonon bench: not implemented yet\n");
    return PH_EXIT_ERROR;
}
