/* bank.c - the bank node and its members; see bank.h. */
#include "engine/bank.h"

#include <string.h>

/* A member's process: its bank, placed just before it, did the work. */
static void bank_member_process(ProgNode *n, const EngineBlock *b)
{
    (void)n;
    (void)b;
}

static void bank_process(ProgNode *n, const EngineBlock *b)
{
    const Bank *bk = n->state;
    if (b->nframes <= 0) return;
    bk->cls->run(bk, b);
}

bool bank_is_bank(const ProgNode *n) { return n->process == bank_process; }
bool bank_is_member(const ProgNode *n) { return n->process == bank_member_process; }

/* Bit-for-bit equality (stricter than ==: -0 and +0 differ, which only
 * sends such a member to run alone, with the same result). 16 frames at a
 * time so the compiler vectorises the test. */
bool bank_param_constant(const Bank *bk, int i, int k, const EngineBlock *b)
{
    if (bk->fixed[i] & (1u << k)) return true;
    const float *x = block_buf(b, bk->member[i]->in[k].l);
    int n = b->nframes, f = 0;
    uint32_t x0;
    memcpy(&x0, x, sizeof x0);
    for (; f + 16 <= n; f += 16) {
        uint32_t d = 0;
        for (int j = 0; j < 16; j++) {
            uint32_t u;
            memcpy(&u, x + f + j, sizeof u);
            d |= u ^ x0;
        }
        if (d) return false;
    }
    for (; f < n; f++) {
        uint32_t u;
        memcpy(&u, x + f, sizeof u);
        if (u != x0) return false;
    }
    return true;
}

void bank_run_alone(const Bank *bk, int i, const EngineBlock *b) { bk->alone[i](bk->member[i], b); }

bool bank_make(Program *p, const DspLaneKernels *kern, ProgNode *const *members, int count,
               bool (*is_fixed)(const Program *p, int32_t buffer, void *ctx), void *ctx, ProgNode *bank_node)
{
    Bank *bk = ARENA_NEW(&p->arena, Bank);
    if (!bk) return false;
    memset(bk, 0, sizeof *bk);
    bk->cls = members[0]->bank;
    bk->kern = kern;
    bk->count = count;
    for (int i = 0; i < count; i++) {
        ProgNode *m = members[i];
        bk->alone[i] = m->process;
        for (int k = 0; k < m->ninputs && k < 8; k++)
            if (is_fixed(p, m->in[k].l, ctx)) bk->fixed[i] |= (uint8_t)(1u << k);
        m->process = bank_member_process;
    }
    memset(bank_node, 0, sizeof *bank_node);
    bank_node->process = bank_process;
    bank_node->state = bk;
    bank_node->kind = "bank";
    bank_node->out = (Signal){ -1, -1 };
    return true;
}

void bank_bind(ProgNode *bank_node, ProgNode *first_member)
{
    Bank *bk = bank_node->state;
    for (int i = 0; i < bk->count; i++) bk->member[i] = first_member + i;
}
