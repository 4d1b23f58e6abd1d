/* transform_combine.c - combinators (stack cat fastcat slowcat). */
#include "pattern/transform_internal.h"

const PatTransformDef pat_transforms_combine[] = {
    PAT_TRANSFORM_END,
};
