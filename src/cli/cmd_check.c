/* cmd_check.c - `phonon check` (not built yet: see the open issues). */
#include <stdio.h>

#include "cli/cli.h"
#include "core/status.h"

const char cmd_check_usage[] = "usage: phonon check ... (not implemented yet)\n";

int cmd_check(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "phonon check: not implemented yet\n");
    return PH_EXIT_ERROR;
}
