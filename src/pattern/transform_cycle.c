/* transform_cycle.c - cycle-wise transforms (rev palindrome iter chunk inside outside brak swing ...). */
#include "pattern/transform_internal.h"

const PatTransformDef pat_transforms_cycle[] = {
    PAT_TRANSFORM_END,
};
