/* main.c - the `phonon` executable: dispatches to one subcommand per file. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/status.h"

static const CliCommand commands[] = {
    { "render", cmd_render, "render a .ph program to a WAV file", cmd_render_usage },
    { "live", cmd_live, "play a .ph program, reloading it on every save", cmd_live_usage },
    { "check", cmd_check, "parse and compile a program, report every error", cmd_check_usage },
    { "query", cmd_query, "print the events of patterns read on stdin", cmd_query_usage },
    { "samples", cmd_samples, "list the sample banks found and where", cmd_samples_usage },
    { "bench", cmd_bench, "measure the engine (voices, block times)", cmd_bench_usage },
};
enum { NCOMMANDS = sizeof commands / sizeof commands[0] };

static const CliCommand *find_command(const char *name)
{
    for (int i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0) return &commands[i];
    return NULL;
}

static void print_help(FILE *out)
{
    fprintf(out,
            "phonon %s - live-coding music: patterns and signals in one language\n\n"
            "usage: phonon COMMAND [ARGS...]\n\ncommands:\n",
            PHONON_VERSION);
    for (int i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n'phonon help COMMAND' shows a command's options.\n"
                 "Exit status: 0 success, 1 error in the program or I/O, 2 usage error.\n");
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "phonon %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n(run 'phonon help %s' for usage)\n", cmd);
    va_end(ap);
    return PH_EXIT_USAGE;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_help(stderr);
        return PH_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (!strcmp(name, "--help") || !strcmp(name, "-h")) {
        print_help(stdout);
        return PH_EXIT_OK;
    }
    if (!strcmp(name, "--version") || !strcmp(name, "-V")) {
        printf("phonon %s\n", PHONON_VERSION);
        return PH_EXIT_OK;
    }
    if (!strcmp(name, "help")) {
        if (argc < 3) {
            print_help(stdout);
            return PH_EXIT_OK;
        }
        const CliCommand *c = find_command(argv[2]);
        if (!c) {
            fprintf(stderr, "phonon help: unknown command '%s'\n", argv[2]);
            return PH_EXIT_USAGE;
        }
        fputs(c->usage, stdout);
        return PH_EXIT_OK;
    }
    const CliCommand *c = find_command(name);
    if (!c) {
        fprintf(stderr, "phonon: unknown command '%s'\n", name);
        print_help(stderr);
        return PH_EXIT_USAGE;
    }
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(c->usage, stdout);
            return PH_EXIT_OK;
        }
    }
    return c->run(argc - 1, argv + 1);
}
