/* cli.h - the `phonon` subcommands. One file per subcommand (cmd_*.c);
 * main.c only dispatches. Each returns a process exit code (PH_EXIT_*). */
#ifndef PHONON_CLI_H
#define PHONON_CLI_H

typedef int (*CliCommandFn)(int argc, char **argv);

typedef struct CliCommand {
    const char *name;
    CliCommandFn run;        /* argv[0] is the subcommand name */
    const char *summary;     /* one line for `phonon --help` */
    const char *usage;       /* full text for `phonon help NAME` */
} CliCommand;

int cmd_render(int argc, char **argv);
int cmd_live(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_samples(int argc, char **argv);
int cmd_bench(int argc, char **argv);

extern const char cmd_render_usage[];
extern const char cmd_live_usage[];
extern const char cmd_check_usage[];
extern const char cmd_query_usage[];
extern const char cmd_samples_usage[];
extern const char cmd_bench_usage[];

/* Prints "phonon CMD: message" and the hint to run `phonon help CMD`; returns PH_EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
