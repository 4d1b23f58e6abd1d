/* transform_cond.c - conditional transforms (every firstOf lastOf whenmod within ...).
 *
 * One table, pat_transforms_cond, ended by PAT_TRANSFORM_END; rows are
 * PATX_ROW / PATX_GEN (transform_internal.h). Empty until this family is
 * written. */
#include "pattern/transform_internal.h"

const PatTransformDef pat_transforms_cond[] = {
    PAT_TRANSFORM_END,
};
