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

bool bank_param_constant(const Bank *bk, int i, int k, const EngineBlock *b)
{
    if (bk->fixed[i] & (1u << k)) return true;
    const float *x = block_buf(b, bk->member[i]->in[k].l);
    float x0 = x[0];
    int same = 1;
    for (int f = 1; f < b->nframes; f++) same &= x[f] == x0;
    return same != 0;
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
