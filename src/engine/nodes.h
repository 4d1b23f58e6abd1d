/* nodes.h - the engine's own node kinds: constants, patterns as stepped
 * signals, and sample-wise arithmetic. DSP kernels (oscillators, filters,
 * effects) are wrapped as nodes by the signal builtin table in src/lang. */
#ifndef PHONON_ENGINE_NODES_H
#define PHONON_ENGINE_NODES_H

#include <stdbool.h>

#include "engine/program.h"
#include "pattern/pattern.h"

typedef enum NodeMathOp {
    NODE_ADD, NODE_SUB, NODE_MUL, NODE_DIV, NODE_MOD, NODE_MIN, NODE_MAX
} NodeMathOp;

/* Each maker allocates the output signal and fills *node (not yet added). */
bool node_make_const(Program *p, double value, ProgNode *node);
/* Whether n is a constant node (and its value): its buffer is written once
 * and holds the value in every frame of every block. */
bool node_const_value(const ProgNode *n, float *value);
/* The value of the event active at each frame (0 where there is none):
 * numbers as they are, note names as Hz when note_hz, control maps by
 * their `freq`, `note` or `n`. */
bool node_make_stepped(Program *p, const Pattern *pat, bool note_hz, ProgNode *node);
/* a op b, frame by frame (stereo if either is; division by zero gives 0). */
bool node_make_math(Program *p, NodeMathOp op, Signal a, Signal b, ProgNode *node);
/* Lets a + - * node use the SIMD arithmetic of kern (the same bits); false
 * for any other node. The schedule pass calls it. */
struct DspLaneKernels;
bool node_math_vectorise(ProgNode *n, const struct DspLaneKernels *kern);
/* Copies in to a fresh signal scaled by gain (used to sum outputs). */
bool node_make_gain(Program *p, Signal in, float gain, ProgNode *node);

#endif
