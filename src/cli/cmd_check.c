/* cmd_check.c - `phonon check IN.ph`: parse and compile, report every error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_program.h"
#include "core/status.h"
#include "sample/sample_library.h"

const char cmd_check_usage[] =
    "usage: phonon check IN.ph [--samples DIR]...\n"
    "\n"
    "Parses and compiles IN.ph ('-' reads stdin) and reports every error as\n"
    "FILE:LINE:COL with the source line and a caret. Unknown sample banks are\n"
    "warnings. Exit status 0 when the program compiles, 1 when it does not.\n";

int cmd_check(int argc, char **argv)
{
    const char *in = NULL;
    const char *dirs[CLI_MAX_SAMPLE_DIRS];
    int ndirs = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--samples")) {
            if (i + 1 >= argc) return cli_usage_error("check", "--samples needs a folder");
            if (ndirs == CLI_MAX_SAMPLE_DIRS) return cli_usage_error("check", "too many --samples folders");
            dirs[ndirs++] = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return cli_usage_error("check", "unknown option '%s'", argv[i]);
        } else if (!in) {
            in = argv[i];
        } else {
            return cli_usage_error("check", "unexpected argument '%s'", argv[i]);
        }
    }
    if (!in) return cli_usage_error("check", "missing the program file");
    size_t len;
    char *src = cli_read_source("check", in, &len);
    if (!src) return PH_EXIT_ERROR;
    struct SampleLib *lib = cli_open_samples("check", dirs, ndirs, 44100.0);
    int nerrors = 0;
    Program *p = cli_compile(in, src, len, 44100.0, lib, &nerrors);
    int rc = PH_EXIT_ERROR;
    if (p) {
        fprintf(stderr, "%s: ok (%d nodes, %d sound patterns, %d outputs)\n", strcmp(in, "-") ? in : "<stdin>",
                p->nnodes, p->ntriggers, p->noutputs);
        program_destroy(p);
        rc = PH_EXIT_OK;
    } else {
        fprintf(stderr, "%d error%s\n", nerrors, nerrors == 1 ? "" : "s");
    }
    if (lib) sample_lib_close(lib);
    free(src);
    return rc;
}
