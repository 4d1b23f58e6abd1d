/* cmd_live.c - `phonon live` (not built yet: see the open issues). */
#include <stdio.h>

#include "cli/cli.h"
#include "core/status.h"

const char cmd_live_usage[] = "usage: phonon live ... (not implemented yet)\n";

int cmd_live(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "phonon live: not implemented yet\n");
    return PH_EXIT_ERROR;
}
