/* cmd_render.c - `phonon render` (not built yet: see the open issues). */
#include <stdio.h>

#include "cli/cli.h"
#include "core/status.h"

const char cmd_render_usage[] = "usage: phonon render ... (not implemented yet)\n";

int cmd_render(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "phonon render: not implemented yet\n");
    return PH_EXIT_ERROR;
}
