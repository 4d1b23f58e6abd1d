/* transform_random.c - random transforms (degrade degradeBy sometimes somecycles shuffle scramble ...).
 *
 * One table, pat_transforms_random, ended by PAT_TRANSFORM_END; rows are
 * PATX_ROW / PATX_GEN (transform_internal.h). Empty until this family is
 * written. */
#include "pattern/transform_internal.h"

const PatTransformDef pat_transforms_random[] = {
    PAT_TRANSFORM_END,
};
