/* transform_struct.c - structure (euclid euclidRot euclidFull struct mask). */
#include "pattern/transform_internal.h"

const PatTransformDef pat_transforms_struct[] = {
    PAT_TRANSFORM_END,
};
