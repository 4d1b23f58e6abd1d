/* status.h - typed result codes shared by every stage of Phonon.
 * Functions that can fail return PhStatus (or NULL plus a diagnostic); no
 * stage returns magic integers. */
#ifndef PHONON_CORE_STATUS_H
#define PHONON_CORE_STATUS_H

typedef enum PhStatus {
    PH_OK = 0,
    PH_ERR_NOMEM,      /* allocation failed or an arena hit its byte limit */
    PH_ERR_LIMIT,      /* an explicit limit (events per query, nesting depth, ...) */
    PH_ERR_OVERFLOW,   /* exact rational time left int64 range */
    PH_ERR_SYNTAX,     /* malformed program or mini-notation */
    PH_ERR_TYPE,       /* well-formed but wrongly typed (arity, argument kind) */
    PH_ERR_NAME,       /* unknown function, bus or sample bank */
    PH_ERR_IO,         /* file or device I/O */
    PH_ERR_FORMAT,     /* a file whose content is not what it claims */
    PH_ERR_ARG,        /* bad command-line argument or API argument */
    PH_ERR_UNSUPPORTED /* valid request this build cannot do */
} PhStatus;

/* A short English name for a status, e.g. "limit exceeded". Never NULL. */
const char *ph_status_name(PhStatus s);

/* Process exit codes of the `phonon` command (spec/LANGUAGE.md §6). */
enum { PH_EXIT_OK = 0, PH_EXIT_ERROR = 1, PH_EXIT_USAGE = 2 };

#endif
