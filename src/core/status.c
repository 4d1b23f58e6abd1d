/* status.c - names of PhStatus codes for messages. */
#include "core/status.h"

const char *ph_status_name(PhStatus s)
{
    switch (s) {
    case PH_OK: return "ok";
    case PH_ERR_NOMEM: return "out of memory";
    case PH_ERR_LIMIT: return "limit exceeded";
    case PH_ERR_OVERFLOW: return "time overflow";
    case PH_ERR_SYNTAX: return "syntax error";
    case PH_ERR_TYPE: return "type error";
    case PH_ERR_NAME: return "unknown name";
    case PH_ERR_IO: return "I/O error";
    case PH_ERR_FORMAT: return "bad file format";
    case PH_ERR_ARG: return "bad argument";
    case PH_ERR_UNSUPPORTED: return "unsupported";
    }
    return "unknown status";
}
