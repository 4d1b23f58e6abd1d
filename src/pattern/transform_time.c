/* transform_time.c - time transforms (fast slow early late zoom compress fastGap linger ply press segment range ...). */
#include "pattern/transform_internal.h"

const PatTransformDef pat_transforms_time[] = {
    PAT_TRANSFORM_END,
};
