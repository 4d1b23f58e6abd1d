/* nodes.c - constants, stepped pattern signals, arithmetic; see nodes.h. */
#include "engine/nodes.h"

#include <math.h>
#include <string.h>

#include "dsp/dsp_bank_lanes.h"
#include "engine/block.h"
#include "pattern/note.h"

/* ---- constant ------------------------------------------------------------------ */

typedef struct ConstState {
    float value;
    bool filled;
} ConstState;

/* A constant's buffer is written once, whole: nothing else writes it. */
static void const_process(ProgNode *n, const EngineBlock *b)
{
    ConstState *st = n->state;
    if (st->filled) return;
    float *out = block_buf(b, n->out.l);
    for (int i = 0; i < PROGRAM_MAX_BLOCK; i++) out[i] = st->value;
    st->filled = true;
}

bool node_const_value(const ProgNode *n, float *value)
{
    if (n->process != const_process) return false;
    if (value) *value = ((const ConstState *)n->state)->value;
    return true;
}

bool node_make_const(Program *p, double value, ProgNode *node)
{
    ConstState *st = ARENA_NEW(&p->arena, ConstState);
    if (!st) return false;
    st->value = isfinite(value) ? (float)value : 0.0f;
    memset(node, 0, sizeof *node);
    node->process = const_process;
    node->state = st;
    node->kind = "const";
    node->out = program_new_signal(p, false);
    return node->out.l >= 0;
}

/* ---- stepped pattern signal ------------------------------------------------------- */

typedef struct SteppedState {
    const Pattern *pattern;
    bool note_hz;
} SteppedState;

static bool event_number(const SteppedState *st, Value v, double *out)
{
    if (v.kind == VAL_MAP) {
        static const char *keys[] = { "freq", "note", "n" };
        for (int k = 0; k < 3; k++) {
            const Value *x = val_map_get(v.u.map, keys[k], strlen(keys[k]));
            if (!x) continue;
            if (!note_value_to_number(*x, out)) return false;
            /* note and n are MIDI numbers (Strudel): as frequencies, Hz */
            if (k >= 1 && st->note_hz) *out = note_midi_to_hz(*out);
            return true;
        }
        return false;
    }
    if (v.kind == VAL_STR && st->note_hz) {
        double midi;
        if (note_name_to_midi(v.u.str->data, v.u.str->len, &midi)) {
            *out = note_midi_to_hz(midi);
            return true;
        }
    }
    return note_value_to_number(v, out);
}

static int frame_in_block(const EngineBlock *b, Rat t)
{
    if (rat_le(t, b->c0)) return 0;
    if (rat_ge(t, b->c1)) return b->nframes;
    int64_t f = clock_frame_at(b->clock, t) - b->frame0;
    if (f < 0) return 0;
    if (f > b->nframes) return b->nframes;
    return (int)f;
}

static void stepped_process(ProgNode *n, const EngineBlock *b)
{
    const SteppedState *st = n->state;
    float *out = block_buf(b, n->out.l);
    memset(out, 0, sizeof(float) * (size_t)b->nframes);
    const PatEvent *ev;
    size_t count;
    if (pat_query(st->pattern, b->pat, span_make(b->c0, b->c1), &ev, &count) != PH_OK) {
        (*b->query_errors)++;
        return;
    }
    for (size_t i = 0; i < count; i++) {
        double x;
        if (!event_number(st, ev[i].value, &x) || !isfinite(x)) continue;
        int from = frame_in_block(b, ev[i].part.begin);
        int to = frame_in_block(b, ev[i].part.end);
        if (!ev[i].has_whole) to = b->nframes; /* a continuous value holds for the block */
        for (int f = from; f < to; f++) out[f] = (float)x;
    }
}

bool node_make_stepped(Program *p, const Pattern *pat, bool note_hz, ProgNode *node)
{
    SteppedState *st = ARENA_NEW(&p->arena, SteppedState);
    if (!st) return false;
    st->pattern = pat;
    st->note_hz = note_hz;
    memset(node, 0, sizeof *node);
    node->process = stepped_process;
    node->state = st;
    node->kind = "pattern";
    node->out = program_new_signal(p, false);
    return node->out.l >= 0;
}

/* ---- arithmetic ---------------------------------------------------------------------- */

typedef struct MathState {
    NodeMathOp op;
    const DspLaneKernels *kern; /* SIMD arithmetic (set by the schedule pass), or NULL */
} MathState;

/* out[i] = expr for every frame, 16 frames at a time through a local tile:
 * the compiler sees that nothing aliases the tile and vectorises both
 * loops (plain loops over the program's buffers stay scalar at -O2, which
 * will not version them for aliasing). Each frame still gets exactly
 * `expr`, so the result is the same as one frame at a time, also in place. */
#define MATH_TILE 16
#define MATH_LOOP(expr)                                                        \
    do {                                                                       \
        int i_ = 0;                                                            \
        for (; i_ + MATH_TILE <= n; i_ += MATH_TILE) {                         \
            float t_[MATH_TILE];                                               \
            for (int j_ = 0; j_ < MATH_TILE; j_++) {                           \
                float x = a[i_ + j_], y = b[i_ + j_];                          \
                t_[j_] = (expr);                                               \
            }                                                                  \
            for (int j_ = 0; j_ < MATH_TILE; j_++) out[i_ + j_] = t_[j_];      \
        }                                                                      \
        for (; i_ < n; i_++) {                                                 \
            float x = a[i_], y = b[i_];                                        \
            out[i_] = (expr);                                                  \
        }                                                                      \
    } while (0)

/* The common case: the output is a buffer of its own (the program never
 * makes buffers that partly overlap), so the plain loops vectorise. */
#define MATH_APART(expr)                                                              \
    do {                                                                              \
        int i_ = 0;                                                                   \
        for (; i_ + MATH_TILE <= n; i_ += MATH_TILE)                                  \
            for (int j_ = 0; j_ < MATH_TILE; j_++) {                                  \
                float x = a[i_ + j_], y = b[i_ + j_];                                 \
                out[i_ + j_] = (expr);                                                \
            }                                                                         \
        for (; i_ < n; i_++) {                                                        \
            float x = a[i_], y = b[i_];                                               \
            out[i_] = (expr);                                                         \
        }                                                                             \
    } while (0)

static void math_apart(NodeMathOp op, const float *restrict a, const float *restrict b, float *restrict out, int n)
{
    switch (op) {
    case NODE_ADD: MATH_APART(x + y); break;
    case NODE_SUB: MATH_APART(x - y); break;
    case NODE_MUL: MATH_APART(x * y); break;
    default: break;
    }
}

static void math_channel(NodeMathOp op, const float *a, const float *b, float *out, int n)
{
    if (out != a && out != b && (op == NODE_ADD || op == NODE_SUB || op == NODE_MUL)) {
        math_apart(op, a, b, out, n);
        return;
    }
    switch (op) {
    case NODE_ADD: MATH_LOOP(x + y); break;
    case NODE_SUB: MATH_LOOP(x - y); break;
    case NODE_MUL: MATH_LOOP(x * y); break;
    case NODE_DIV:
        for (int i = 0; i < n; i++) out[i] = b[i] != 0.0f ? a[i] / b[i] : 0.0f;
        break;
    case NODE_MOD:
        for (int i = 0; i < n; i++) {
            float m = b[i] != 0.0f ? fmodf(a[i], b[i]) : 0.0f;
            out[i] = (m != 0.0f && ((m < 0.0f) != (b[i] < 0.0f))) ? m + b[i] : m;
        }
        break;
    case NODE_MIN: for (int i = 0; i < n; i++) out[i] = a[i] < b[i] ? a[i] : b[i]; break;
    case NODE_MAX: for (int i = 0; i < n; i++) out[i] = a[i] > b[i] ? a[i] : b[i]; break;
    }
}

static void math_process(ProgNode *n, const EngineBlock *b)
{
    const MathState *st = n->state;
    Signal x = n->in[0], y = n->in[1];
    if (st->kern && st->op <= NODE_MUL) {
        DspLaneOp op = st->op == NODE_ADD ? DSP_LANE_ADD : st->op == NODE_SUB ? DSP_LANE_SUB : DSP_LANE_MUL;
        st->kern->arith(op, block_buf(b, n->out.l), block_buf(b, x.l), block_buf(b, y.l), b->nframes);
        if (!signal_is_mono(n->out))
            st->kern->arith(op, block_buf(b, n->out.r), block_buf(b, x.r), block_buf(b, y.r), b->nframes);
        return;
    }
    math_channel(st->op, block_buf(b, x.l), block_buf(b, y.l), block_buf(b, n->out.l), b->nframes);
    if (!signal_is_mono(n->out))
        math_channel(st->op, block_buf(b, x.r), block_buf(b, y.r), block_buf(b, n->out.r), b->nframes);
}

bool node_math_vectorise(ProgNode *n, const DspLaneKernels *kern)
{
    if (n->process != math_process) return false;
    MathState *st = n->state;
    if (st->op > NODE_MUL) return false;
    st->kern = kern;
    return true;
}

bool node_make_math(Program *p, NodeMathOp op, Signal a, Signal b, ProgNode *node)
{
    MathState *st = ARENA_NEW(&p->arena, MathState);
    if (!st) return false;
    st->op = op;
    memset(node, 0, sizeof *node);
    node->process = math_process;
    node->state = st;
    static const char *names[] = { "add", "sub", "mul", "div", "mod", "min", "max" };
    node->kind = names[op];
    node->ninputs = 2;
    node->in[0] = a;
    node->in[1] = b;
    node->out = program_new_signal(p, !signal_is_mono(a) || !signal_is_mono(b));
    return node->out.l >= 0;
}

typedef struct GainState {
    float gain;
} GainState;

static void gain_process(ProgNode *n, const EngineBlock *b)
{
    const GainState *st = n->state;
    for (int ch = 0; ch < (signal_is_mono(n->out) ? 1 : 2); ch++) {
        const float *in = block_buf(b, ch ? n->in[0].r : n->in[0].l);
        float *out = block_buf(b, ch ? n->out.r : n->out.l);
        for (int i = 0; i < b->nframes; i++) out[i] = in[i] * st->gain;
    }
}

bool node_make_gain(Program *p, Signal in, float gain, ProgNode *node)
{
    GainState *st = ARENA_NEW(&p->arena, GainState);
    if (!st) return false;
    st->gain = gain;
    memset(node, 0, sizeof *node);
    node->process = gain_process;
    node->state = st;
    node->kind = "gain";
    node->ninputs = 1;
    node->in[0] = in;
    node->out = program_new_signal(p, !signal_is_mono(in));
    return node->out.l >= 0;
}
