/* signal.c - continuous patterns (sine saw ...) and generators (rand irand run choose). */
#include "pattern/transform_internal.h"

const PatTransformDef pat_transforms_signal[] = {
    PAT_TRANSFORM_END,
};
