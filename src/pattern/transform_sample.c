/* transform_sample.c - sample manipulation (chop striate slice splice ...).
 *
 * One table, pat_transforms_sample, ended by PAT_TRANSFORM_END; rows are
 * PATX_ROW / PATX_GEN (transform_internal.h). Empty until this family is
 * written. */
#include "pattern/transform_internal.h"

const PatTransformDef pat_transforms_sample[] = {
    PAT_TRANSFORM_END,
};
