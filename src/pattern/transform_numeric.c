/* transform_numeric.c - numeric helpers (scale chord mtof). */
#include "pattern/transform_internal.h"

const PatTransformDef pat_transforms_numeric[] = {
    PAT_TRANSFORM_END,
};
