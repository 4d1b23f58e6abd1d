/* cmd_samples.c - `phonon samples` (not built yet: see the open issues). */
#include <stdio.h>

#include "cli/cli.h"
#include "core/status.h"

const char cmd_samples_usage[] = "usage: phonon samples ... (not implemented yet)\n";

int cmd_samples(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "phonon samples: not implemented yet\n");
    return PH_EXIT_ERROR;
}
