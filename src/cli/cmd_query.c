/* cmd_query.c - `phonon query` (not built yet: see the open issues). */
#include <stdio.h>

#include "cli/cli.h"
#include "core/status.h"

const char cmd_query_usage[] = "usage: phonon query ... (not implemented yet)\n";

int cmd_query(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "phonon query: not implemented yet\n");
    return PH_EXIT_ERROR;
}
