/* transform_layer.c - layering transforms (off superimpose jux juxBy stut echo ...).
 *
 * One table, pat_transforms_layer, ended by PAT_TRANSFORM_END; rows are
 * PATX_ROW / PATX_GEN (transform_internal.h). Empty until this family is
 * written. */
#include "pattern/transform_internal.h"

const PatTransformDef pat_transforms_layer[] = {
    PAT_TRANSFORM_END,
};
