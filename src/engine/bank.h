/* bank.h - lane banks: nodes of one kind that sit at the same dependency
 * level run together, one SIMD lane each (dsp/dsp_bank_lanes.h).
 *
 * The schedule pass (schedule.h) groups them. Every member stays an
 * ordinary node of the Program, with its key, its own kernel state and its
 * own buffers, so live reload adopts state by key exactly as before; only
 * its process becomes a no-op, and one extra "bank" node placed just before
 * the members runs them all: per block it checks which members have
 * block-constant parameters, hands those to the lane kernel (which loads
 * their state into lanes, reads and writes their own buffers, and stores
 * the state back), and runs any other member alone with its own process.
 * The lane kernels are bit-identical to the single kernels, so whether a
 * node ran in a bank or alone never changes a sample.
 *
 * A kind joins banks by setting ProgNode.bank to its NodeBankClass
 * (src/lang/builtin_signal.c does so for the oscillators and filters). */
#ifndef PHONON_ENGINE_BANK_H
#define PHONON_ENGINE_BANK_H

#include <stdbool.h>
#include <stdint.h>

#include "dsp/dsp_bank_lanes.h"
#include "engine/block.h"
#include "engine/program.h"

#define BANK_MAX_MEMBERS DSP_LANES_MAX

typedef struct Bank Bank;

typedef struct NodeBankClass {
    const char *name;
    /* Lanes node n takes in a bank (1 mono, 2 stereo); 0: it stays alone. */
    int (*lanes)(const ProgNode *n);
    /* Whether a and b may share a bank (the same waveform, say). */
    bool (*compatible)(const ProgNode *a, const ProgNode *b);
    /* Runs the bank for one block (see bank_param_constant, bank_run_alone). */
    void (*run)(const Bank *bank, const EngineBlock *b);
} NodeBankClass;

struct Bank {
    const NodeBankClass *cls;
    const DspLaneKernels *kern;
    int count;
    ProgNode *member[BANK_MAX_MEMBERS];
    NodeProcessFn alone[BANK_MAX_MEMBERS];   /* each member's own process */
    uint8_t fixed[BANK_MAX_MEMBERS];         /* bit k: in[k] is a constant node's buffer */
};

/* Whether member i's input k holds one value over the block's frames (a
 * constant node's buffer always does; others are compared bit for bit). */
bool bank_param_constant(const Bank *bk, int i, int k, const EngineBlock *b);
/* Runs member i with its own process, as if it were not in a bank. */
void bank_run_alone(const Bank *bk, int i, const EngineBlock *b);

/* ---- for the schedule pass (schedule.c) ------------------------------------------------- */

/* Whether n is a bank node / a bank member (whose process does nothing). */
bool bank_is_bank(const ProgNode *n);
bool bank_is_member(const ProgNode *n);
/* Makes *bank_node a bank over members[0..count-1] (2 <= count <=
 * BANK_MAX_MEMBERS, same class), with state in p's arena, and turns the
 * members' process into no-ops. is_fixed(p, buffer) says whether a buffer
 * is a constant node's. false on OOM. */
bool bank_make(Program *p, const DspLaneKernels *kern, ProgNode *const *members, int count,
               bool (*is_fixed)(const Program *p, int32_t buffer, void *ctx), void *ctx, ProgNode *bank_node);
/* After the node array has its final place: point the bank at its members,
 * which follow it in p->nodes. */
void bank_bind(ProgNode *bank_node, ProgNode *first_member);

#endif
