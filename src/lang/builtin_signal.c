/* builtin_signal.c - the signal builtins: each row names a function, its
 * role, its parameters with defaults (Rust Phonon's order and defaults), and
 * a maker that wraps one src/dsp kernel as a Program node.
 *
 * Node inputs: an effect's input is in[0] and its parameters follow; a
 * source's parameters start at in[0]. Parameters are per-frame signals
 * (mono: the left buffer is read). An effect's output is stereo when its
 * input is, or always for reverb and chorus, which make space.
 *
 * Live reload: every kernel with state has an adopt function that copies
 * the state of the previous program's node with the same key and kind
 * (engine_swap.c): phases, filter and envelope memory, noise generators,
 * delay/reverb/chorus lines. They copy (the old node keeps running during
 * the crossfade) and never allocate: the new node's buffers were made at
 * compile time.
 *
 * Lane banks: oscillators and filters set ProgNode.bank, so the schedule
 * pass may run several of them side by side in SIMD lanes (engine/bank.h);
 * the bank classes below pass each member's own state and buffers to the
 * lane kernels (bit-identical to the single kernels), and run a member
 * alone in any block where its parameters are not constant. */
#include "lang/builtin_signal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dsp/dsp_adsr.h"
#include "dsp/dsp_bank_lanes.h"
#include "dsp/dsp_bitcrush.h"
#include "dsp/dsp_chorus.h"
#include "dsp/dsp_compressor.h"
#include "dsp/dsp_delay.h"
#include "dsp/dsp_distortion.h"
#include "dsp/dsp_env.h"
#include "dsp/dsp_limiter.h"
#include "dsp/dsp_math.h"
#include "dsp/dsp_noise.h"
#include "dsp/dsp_osc.h"
#include "dsp/dsp_reverb.h"
#include "dsp/dsp_svf.h"
#include "engine/bank.h"
#include "engine/block.h"

#define REQ NAN
#define DELAY_MAX_SECONDS 10.0   /* longest delay line a `delay` may ask for */

int sig_builtin_required(const SigBuiltin *b)
{
    int n = 0;
    while (n < b->nparams && isnan(b->params[n].def)) n++;
    return n;
}

/* ---- helpers for node bodies --------------------------------------------------------- */

#define P(node, b, i) block_buf((b), (node)->in[(i)].l)

static void io_of(const ProgNode *n, const EngineBlock *b, const float *in[2], float *out[2])
{
    in[0] = block_buf(b, n->in[0].l);
    in[1] = block_buf(b, n->in[0].r);
    out[0] = block_buf(b, n->out.l);
    out[1] = block_buf(b, n->out.r);
}

static int nch_of(const ProgNode *n) { return signal_is_mono(n->out) ? 1 : 2; }

static void *new_state(SigMake *m, size_t size)
{
    void *p = arena_zalloc(&m->prog->arena, size);
    if (!p) snprintf(m->error, sizeof m->error, "out of memory");
    return p;
}

/* Sets the node's inputs: the effect input (if any) then the parameters. */
static bool wire(SigMake *m, bool effect, bool stereo_out, const char *kind)
{
    ProgNode *n = &m->node;
    n->kind = kind;
    n->ninputs = 0;
    if (effect) n->in[n->ninputs++] = m->input;
    for (int i = 0; i < m->nparams && n->ninputs < NODE_MAX_INPUTS; i++) n->in[n->ninputs++] = m->params[i];
    bool stereo = stereo_out || (effect && !signal_is_mono(m->input));
    n->out = program_new_signal(m->prog, stereo);
    if (n->out.l < 0) snprintf(m->error, sizeof m->error, "too many buffers");
    return n->out.l >= 0;
}

/* ---- oscillators and noise --------------------------------------------------------------- */

static void osc_process(ProgNode *n, const EngineBlock *b)
{
    DspOsc *k = n->state;
    const float *width = n->ninputs > 1 ? P(n, b, 1) : NULL;
    dsp_osc_process(k, P(n, b, 0), width, block_buf(b, n->out.l), b->nframes);
}

static void osc_adopt(ProgNode *n, const ProgNode *old)
{
    DspOsc *k = n->state;
    const DspOsc *o = old->state;
    k->phase = o->phase;
    k->amp = o->amp;
    k->amp_step = o->amp_step;
    k->last_inc = o->last_inc;
}

static int osc_bank_lanes(const ProgNode *n) { return signal_is_mono(n->out) ? 1 : 0; }

static bool osc_bank_compatible(const ProgNode *a, const ProgNode *b)
{
    return ((const DspOsc *)a->state)->wave == ((const DspOsc *)b->state)->wave;
}

/* Members with a block-constant frequency (and pulse width) run in lanes. */
static void osc_bank_run(const Bank *bk, const EngineBlock *b)
{
    DspOscLanes l;
    l.count = 0;
    l.wave = ((const DspOsc *)bk->member[0]->state)->wave;
    for (int i = 0; i < bk->count; i++) {
        const ProgNode *n = bk->member[i];
        bool width = l.wave == DSP_WAVE_PULSE && n->ninputs > 1;
        if (!bank_param_constant(bk, i, 0, b) || (width && !bank_param_constant(bk, i, 1, b))) {
            bank_run_alone(bk, i, b);
            continue;
        }
        int c = l.count++;
        l.osc[c] = n->state;
        l.freq[c] = P(n, b, 0)[0];
        l.width[c] = width ? P(n, b, 1)[0] : 0.5f;
        l.out[c] = block_buf(b, n->out.l);
    }
    if (l.count > 0) bk->kern->osc(&l, b->nframes);
}

static const NodeBankClass OSC_BANK = { "osc", osc_bank_lanes, osc_bank_compatible, osc_bank_run };

static bool make_osc(SigMake *m, DspWave wave, const char *kind)
{
    DspOsc *k = new_state(m, sizeof *k);
    if (!k) return false;
    dsp_osc_init(k, (float)m->rate, wave);
    m->node.state = k;
    m->node.process = osc_process;
    m->node.adopt = osc_adopt;
    m->node.bank = &OSC_BANK;
    return wire(m, false, false, kind);
}

static bool make_sine(SigMake *m) { return make_osc(m, DSP_WAVE_SINE, "sine"); }
static bool make_saw(SigMake *m) { return make_osc(m, DSP_WAVE_SAW, "saw"); }
static bool make_square(SigMake *m) { return make_osc(m, DSP_WAVE_SQUARE, "square"); }
static bool make_tri(SigMake *m) { return make_osc(m, DSP_WAVE_TRI, "tri"); }
static bool make_pulse(SigMake *m) { return make_osc(m, DSP_WAVE_PULSE, "pulse"); }

static void noise_process(ProgNode *n, const EngineBlock *b)
{
    dsp_noise_process(n->state, block_buf(b, n->out.l), b->nframes);
}

static void noise_adopt(ProgNode *n, const ProgNode *old) { *(DspNoise *)n->state = *(const DspNoise *)old->state; }

static bool make_noise_color(SigMake *m, DspNoiseColor color, const char *kind)
{
    DspNoise *k = new_state(m, sizeof *k);
    if (!k) return false;
    /* each noise node gets its own fixed seed, so two noises are independent
     * yet every render is identical */
    uint32_t seed = 0x9E3779B9u ^ (uint32_t)m->prog->nnodes * 2654435761u;
    dsp_noise_init(k, (float)m->rate, color, seed);
    m->node.state = k;
    m->node.process = noise_process;
    m->node.adopt = noise_adopt;
    return wire(m, false, false, kind);
}

static bool make_noise(SigMake *m) { return make_noise_color(m, DSP_NOISE_WHITE, "noise"); }
static bool make_pink(SigMake *m) { return make_noise_color(m, DSP_NOISE_PINK, "pink"); }
static bool make_brown(SigMake *m) { return make_noise_color(m, DSP_NOISE_BROWN, "brown"); }

/* ---- filters --------------------------------------------------------------------------- */

static void svf_process(ProgNode *n, const EngineBlock *b)
{
    const float *in[2];
    float *out[2];
    io_of(n, b, in, out);
    dsp_svf_process(n->state, in, out, nch_of(n), P(n, b, 1), P(n, b, 2), b->nframes);
}

static void svf_adopt(ProgNode *n, const ProgNode *old)
{
    DspSvf *k = n->state;
    const DspSvf *o = old->state;
    memcpy(k->ic1, o->ic1, sizeof k->ic1);
    memcpy(k->ic2, o->ic2, sizeof k->ic2);
}

static int svf_bank_lanes(const ProgNode *n) { return nch_of(n); }

/* Lanes carry their own coefficients and mode weights: any two filters fit. */
static bool svf_bank_compatible(const ProgNode *a, const ProgNode *b)
{
    (void)a;
    (void)b;
    return true;
}

/* Members with block-constant cutoff and q run in lanes, one per channel. */
static void svf_bank_run(const Bank *bk, const EngineBlock *b)
{
    DspSvfLanes l;
    l.count = 0;
    for (int i = 0; i < bk->count; i++) {
        const ProgNode *n = bk->member[i];
        if (!bank_param_constant(bk, i, 1, b) || !bank_param_constant(bk, i, 2, b)) {
            bank_run_alone(bk, i, b);
            continue;
        }
        for (int ch = 0; ch < nch_of(n); ch++) {
            int c = l.count++;
            l.svf[c] = n->state;
            l.ch[c] = ch;
            l.cutoff[c] = P(n, b, 1)[0];
            l.q[c] = P(n, b, 2)[0];
            l.in[c] = block_buf(b, ch ? n->in[0].r : n->in[0].l);
            l.out[c] = block_buf(b, ch ? n->out.r : n->out.l);
        }
    }
    if (l.count > 0) bk->kern->svf(&l, b->nframes);
}

static const NodeBankClass SVF_BANK = { "svf", svf_bank_lanes, svf_bank_compatible, svf_bank_run };

static bool make_svf(SigMake *m, DspSvfMode mode, const char *kind)
{
    DspSvf *k = new_state(m, sizeof *k);
    if (!k) return false;
    dsp_svf_init(k, (float)m->rate, mode);
    m->node.state = k;
    m->node.process = svf_process;
    m->node.adopt = svf_adopt;
    m->node.bank = &SVF_BANK;
    return wire(m, true, false, kind);
}

static bool make_lpf(SigMake *m) { return make_svf(m, DSP_SVF_LP, "lpf"); }
static bool make_hpf(SigMake *m) { return make_svf(m, DSP_SVF_HP, "hpf"); }
static bool make_bpf(SigMake *m) { return make_svf(m, DSP_SVF_BP, "bpf"); }
static bool make_notch(SigMake *m) { return make_svf(m, DSP_SVF_NOTCH, "notch"); }

/* ---- envelopes ------------------------------------------------------------------------------ */

typedef struct CycleEnvState {
    DspAdsr adsr;
    float gate[PROGRAM_MAX_BLOCK], trig[PROGRAM_MAX_BLOCK], env[PROGRAM_MAX_BLOCK];
} CycleEnvState;

/* Rust Phonon's standalone adsr: a trigger at every cycle start, the gate
 * held until the release must begin to end with the cycle. */
static void cycle_gate(CycleEnvState *st, const EngineBlock *b, const float *release)
{
    double c = rat_to_double(b->c0);
    double per_frame = rat_to_double(rat_sub(b->c1, b->c0)) / b->nframes;
    double cps = per_frame * b->rate;
    for (int i = 0; i < b->nframes; i++) {
        double pos = c + per_frame * i;
        double prev = pos - per_frame;
        double rel = release[i] > 0 ? release[i] * cps : 0.0;
        st->trig[i] = floor(pos) != floor(prev) || (b->frame0 == 0 && i == 0) ? 1.0f : 0.0f;
        st->gate[i] = pos - floor(pos) < 1.0 - rel ? 1.0f : 0.0f;
    }
}

static void adsr_process(ProgNode *n, const EngineBlock *b)
{
    CycleEnvState *st = n->state;
    cycle_gate(st, b, P(n, b, 4));
    dsp_adsr_process(&st->adsr, st->gate, st->trig, P(n, b, 1), P(n, b, 2), P(n, b, 3), P(n, b, 4), st->env,
                     b->nframes);
    /* the envelope shapes the input (a constant 1 when adsr stands alone) */
    const float *in[2];
    float *out[2];
    io_of(n, b, in, out);
    for (int ch = 0; ch < nch_of(n); ch++) dsp_mul(out[ch], in[ch], st->env, b->nframes);
}

static void adsr_adopt(ProgNode *n, const ProgNode *old)
{
    ((CycleEnvState *)n->state)->adsr = ((const CycleEnvState *)old->state)->adsr;
}

static bool make_adsr(SigMake *m)
{
    CycleEnvState *k = new_state(m, sizeof *k);
    if (!k) return false;
    dsp_adsr_init(&k->adsr, (float)m->rate);
    m->node.state = k;
    m->node.process = adsr_process;
    m->node.adopt = adsr_adopt;
    return wire(m, true, false, "adsr");
}

typedef struct OnceEnvState {
    DspEnv env;
    float gate[PROGRAM_MAX_BLOCK], trig[PROGRAM_MAX_BLOCK];
    bool started;
} OnceEnvState;

static void env_process(ProgNode *n, const EngineBlock *b)
{
    OnceEnvState *st = n->state;
    for (int i = 0; i < b->nframes; i++) {
        st->gate[i] = 1.0f;
        st->trig[i] = 0.0f;
    }
    if (!st->started) st->trig[0] = 1.0f;
    st->started = true;
    const float *in[2];
    float *out[2];
    io_of(n, b, in, out);
    dsp_env_process(&st->env, in, out, nch_of(n), st->gate, st->trig, P(n, b, 1), P(n, b, 2), P(n, b, 3),
                    P(n, b, 4), b->nframes);
}

static void env_adopt(ProgNode *n, const ProgNode *old)
{
    OnceEnvState *k = n->state;
    const OnceEnvState *o = old->state;
    k->env = o->env;
    k->started = o->started;
}

static bool make_env(SigMake *m)
{
    OnceEnvState *k = new_state(m, sizeof *k);
    if (!k) return false;
    dsp_env_init(&k->env, (float)m->rate);
    m->node.state = k;
    m->node.process = env_process;
    m->node.adopt = env_adopt;
    return wire(m, true, false, "env");
}

/* ---- effects ------------------------------------------------------------------------------- */

static void delay_process(ProgNode *n, const EngineBlock *b)
{
    const float *in[2];
    float *out[2];
    io_of(n, b, in, out);
    dsp_delay_process(n->state, in, out, nch_of(n), P(n, b, 1), P(n, b, 2), P(n, b, 3), b->nframes);
}

static void delay_free(ProgNode *n) { dsp_delay_free(n->state); }
static void delay_adopt(ProgNode *n, const ProgNode *old) { dsp_delay_adopt(n->state, old->state); }

static bool make_delay(SigMake *m)
{
    DspDelay *k = new_state(m, sizeof *k);
    if (!k) return false;
    double max = m->is_constant[0] ? m->constant[0] + 0.05 : 4.0;
    if (!(max > 0.05)) max = 0.05;
    if (max > DELAY_MAX_SECONDS) max = DELAY_MAX_SECONDS;
    if (dsp_delay_init(k, (float)m->rate, (float)max) != PH_OK) {
        snprintf(m->error, sizeof m->error, "cannot allocate a %.1f s delay line", max);
        return false;
    }
    m->node.state = k;
    m->node.process = delay_process;
    m->node.free = delay_free;
    m->node.adopt = delay_adopt;
    return wire(m, true, false, "delay");
}

static void reverb_process(ProgNode *n, const EngineBlock *b)
{
    const float *in[2] = { block_buf(b, n->in[0].l), block_buf(b, n->in[0].r) };
    float *out[2] = { block_buf(b, n->out.l), block_buf(b, n->out.r) };
    dsp_reverb_process(n->state, in, out, 2, P(n, b, 1), P(n, b, 2), P(n, b, 3), b->nframes);
}

static void reverb_free(ProgNode *n) { dsp_reverb_free(n->state); }
static void reverb_adopt(ProgNode *n, const ProgNode *old) { dsp_reverb_adopt(n->state, old->state); }

static bool make_reverb(SigMake *m)
{
    DspReverb *k = new_state(m, sizeof *k);
    if (!k) return false;
    if (dsp_reverb_init(k, (float)m->rate) != PH_OK) {
        snprintf(m->error, sizeof m->error, "cannot allocate the reverb");
        return false;
    }
    m->node.state = k;
    m->node.process = reverb_process;
    m->node.free = reverb_free;
    m->node.adopt = reverb_adopt;
    return wire(m, true, true, "reverb");
}

static void chorus_process(ProgNode *n, const EngineBlock *b)
{
    const float *in[2] = { block_buf(b, n->in[0].l), block_buf(b, n->in[0].r) };
    float *out[2] = { block_buf(b, n->out.l), block_buf(b, n->out.r) };
    dsp_chorus_process(n->state, in, out, 2, P(n, b, 1), P(n, b, 2), P(n, b, 3), b->nframes);
}

static void chorus_free(ProgNode *n) { dsp_chorus_free(n->state); }
static void chorus_adopt(ProgNode *n, const ProgNode *old) { dsp_chorus_adopt(n->state, old->state); }

static bool make_chorus(SigMake *m)
{
    DspChorus *k = new_state(m, sizeof *k);
    if (!k) return false;
    if (dsp_chorus_init(k, (float)m->rate) != PH_OK) {
        snprintf(m->error, sizeof m->error, "cannot allocate the chorus");
        return false;
    }
    m->node.state = k;
    m->node.process = chorus_process;
    m->node.free = chorus_free;
    m->node.adopt = chorus_adopt;
    return wire(m, true, true, "chorus");
}

static void distortion_process(ProgNode *n, const EngineBlock *b)
{
    const float *in[2];
    float *out[2];
    io_of(n, b, in, out);
    dsp_distortion_process(n->state, in, out, nch_of(n), P(n, b, 1), P(n, b, 2), b->nframes);
}

static bool make_distortion(SigMake *m)
{
    DspDistortion *k = new_state(m, sizeof *k);
    if (!k) return false;
    dsp_distortion_init(k, (float)m->rate);
    m->node.state = k;
    m->node.process = distortion_process;
    return wire(m, true, false, "distortion");
}

static void bitcrush_process(ProgNode *n, const EngineBlock *b)
{
    const float *in[2];
    float *out[2];
    io_of(n, b, in, out);
    dsp_bitcrush_process(n->state, in, out, nch_of(n), P(n, b, 1), P(n, b, 2), b->nframes);
}

static void bitcrush_adopt(ProgNode *n, const ProgNode *old)
{
    *(DspBitcrush *)n->state = *(const DspBitcrush *)old->state;
}

static bool make_bitcrush(SigMake *m)
{
    DspBitcrush *k = new_state(m, sizeof *k);
    if (!k) return false;
    dsp_bitcrush_init(k, (float)m->rate);
    m->node.state = k;
    m->node.process = bitcrush_process;
    m->node.adopt = bitcrush_adopt;
    return wire(m, true, false, "bitcrush");
}

static void compressor_process(ProgNode *n, const EngineBlock *b)
{
    const float *in[2];
    float *out[2];
    io_of(n, b, in, out);
    dsp_compressor_process(n->state, in, out, nch_of(n), P(n, b, 1), P(n, b, 2), P(n, b, 3), P(n, b, 4),
                           P(n, b, 5), b->nframes);
}

static void compressor_adopt(ProgNode *n, const ProgNode *old)
{
    *(DspCompressor *)n->state = *(const DspCompressor *)old->state;
}

static bool make_compressor(SigMake *m)
{
    DspCompressor *k = new_state(m, sizeof *k);
    if (!k) return false;
    dsp_compressor_init(k, (float)m->rate);
    m->node.state = k;
    m->node.process = compressor_process;
    m->node.adopt = compressor_adopt;
    return wire(m, true, false, "compressor");
}

static void limiter_process(ProgNode *n, const EngineBlock *b)
{
    const float *in[2];
    float *out[2];
    io_of(n, b, in, out);
    dsp_limiter_process(n->state, in, out, nch_of(n), P(n, b, 1), P(n, b, 3), b->nframes);
}

/* The look-ahead depends on the attack: a limiter whose attack changed starts fresh. */
static void limiter_adopt(ProgNode *n, const ProgNode *old)
{
    DspLimiter *k = n->state;
    const DspLimiter *o = old->state;
    if (k->la == o->la && k->sr == o->sr) *k = *o;
}

static bool make_limiter(SigMake *m)
{
    DspLimiter *k = new_state(m, sizeof *k);
    if (!k) return false;
    double attack = m->is_constant[1] ? m->constant[1] : 0.005;
    if (!(attack >= 0.0005)) attack = 0.0005;
    if (attack > 0.05) attack = 0.05;
    dsp_limiter_init(k, (float)m->rate, (float)attack);
    m->node.state = k;
    m->node.process = limiter_process;
    m->node.adopt = limiter_adopt;
    return wire(m, true, false, "limiter");
}

/* ---- math -------------------------------------------------------------------------------- */

static void mtof_process(ProgNode *n, const EngineBlock *b)
{
    dsp_mtof(block_buf(b, n->out.l), P(n, b, 0), b->nframes);
}

static bool make_mtof(SigMake *m)
{
    m->node.process = mtof_process;
    m->input.r = m->input.l; /* a frequency is mono */
    return wire(m, true, false, "mtof");
}

static void range_process(ProgNode *n, const EngineBlock *b)
{
    /* an oscillator's -1..1 mapped onto lo..hi */
    const float *lo = P(n, b, 1), *hi = P(n, b, 2);
    for (int ch = 0; ch < nch_of(n); ch++) {
        const float *in = block_buf(b, ch ? n->in[0].r : n->in[0].l);
        float *out = block_buf(b, ch ? n->out.r : n->out.l);
        for (int i = 0; i < b->nframes; i++) out[i] = lo[i] + (in[i] + 1.0f) * 0.5f * (hi[i] - lo[i]);
    }
}

static bool make_range(SigMake *m)
{
    m->node.process = range_process;
    return wire(m, true, false, "range");
}

/* ---- the table ------------------------------------------------------------------------------ */

#define NPARAMS(...) (int)(sizeof((SigParam[]){ __VA_ARGS__ }) / sizeof(SigParam))
#define SRC(name, make, usage, ...) { name, SIG_SOURCE, NPARAMS(__VA_ARGS__), { __VA_ARGS__ }, make, usage, false }
#define FX(name, make, usage, ...) { name, SIG_EFFECT, NPARAMS(__VA_ARGS__), { __VA_ARGS__ }, make, usage, false }
#define SRC0(name, make, usage) { name, SIG_SOURCE, 0, { { NULL, 0 } }, make, usage, false }
#define FX0(name, make, usage) { name, SIG_EFFECT, 0, { { NULL, 0 } }, make, usage, false }
/* An effect that may also stand alone, shaping a constant 1 (adsr). */
#define FXS(name, make, usage, ...) { name, SIG_EFFECT, NPARAMS(__VA_ARGS__), { __VA_ARGS__ }, make, usage, true }

static const SigBuiltin builtins[] = {
    SRC("sine", make_sine, "sine FREQ", { "freq", REQ }),
    SRC("saw", make_saw, "saw FREQ", { "freq", REQ }),
    SRC("square", make_square, "square FREQ", { "freq", REQ }),
    SRC("tri", make_tri, "tri FREQ", { "freq", REQ }),
    SRC("triangle", make_tri, "triangle FREQ", { "freq", REQ }),
    SRC("pulse", make_pulse, "pulse FREQ [WIDTH]", { "freq", REQ }, { "width", 0.5 }),
    SRC0("noise", make_noise, "noise"),
    SRC0("white_noise", make_noise, "white_noise"),
    SRC0("pink", make_pink, "pink"),
    SRC0("pink_noise", make_pink, "pink_noise"),
    SRC0("brown", make_brown, "brown"),
    SRC0("brown_noise", make_brown, "brown_noise"),
    FX("lpf", make_lpf, "lpf CUTOFF [Q]", { "cutoff", REQ }, { "q", 1.0 }),
    FX("hpf", make_hpf, "hpf CUTOFF [Q]", { "cutoff", REQ }, { "q", 1.0 }),
    FX("bpf", make_bpf, "bpf CUTOFF [Q]", { "cutoff", REQ }, { "q", 1.0 }),
    FX("notch", make_notch, "notch CUTOFF [Q]", { "cutoff", REQ }, { "q", 1.0 }),
    FX("rlpf", make_lpf, "rlpf CUTOFF RESONANCE", { "cutoff", REQ }, { "resonance", 1.0 }),
    FX("rhpf", make_hpf, "rhpf CUTOFF RESONANCE", { "cutoff", REQ }, { "resonance", 1.0 }),
    FXS("adsr", make_adsr, "adsr ATTACK DECAY [SUSTAIN] [RELEASE]", { "attack", REQ }, { "decay", REQ },
       { "sustain", 0.7 }, { "release", 0.2 }),
    FX("env", make_env, "env ATTACK DECAY SUSTAIN RELEASE", { "attack", REQ }, { "decay", REQ },
       { "sustain", REQ }, { "release", REQ }),
    FX("delay", make_delay, "delay TIME [FEEDBACK] [MIX]", { "time", REQ }, { "feedback", 0.5 }, { "mix", 0.5 }),
    FX("reverb", make_reverb, "reverb ROOM DAMPING [MIX]", { "room", REQ }, { "damping", REQ }, { "mix", 0.3 }),
    FX("distortion", make_distortion, "distortion DRIVE [MIX]", { "drive", REQ }, { "mix", 0.5 }),
    FX("distort", make_distortion, "distort DRIVE [MIX]", { "drive", REQ }, { "mix", 0.5 }),
    FX("dist", make_distortion, "dist DRIVE [MIX]", { "drive", REQ }, { "mix", 0.5 }),
    FX("bitcrush", make_bitcrush, "bitcrush BITS [RATE]", { "bits", REQ }, { "rate", 1.0 }),
    FX("chorus", make_chorus, "chorus RATE DEPTH [MIX]", { "rate", REQ }, { "depth", REQ }, { "mix", 0.3 }),
    FX("compressor", make_compressor, "compressor THRESHOLD_DB RATIO ATTACK RELEASE MAKEUP_DB",
       { "threshold", REQ }, { "ratio", REQ }, { "attack", REQ }, { "release", REQ }, { "makeup", REQ }),
    FX("comp", make_compressor, "comp THRESHOLD_DB RATIO ATTACK RELEASE MAKEUP_DB", { "threshold", REQ },
       { "ratio", REQ }, { "attack", REQ }, { "release", REQ }, { "makeup", REQ }),
    FX("limiter", make_limiter, "limiter THRESHOLD [ATTACK] [RELEASE]", { "threshold", REQ }, { "attack", 0.005 },
       { "release", 0.05 }),
    FX0("mtof", make_mtof, "mtof NOTE"),
    FX("range", make_range, "range LO HI", { "lo", REQ }, { "hi", REQ }),
};

const SigBuiltin *sig_builtin_find(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
        if (strlen(builtins[i].name) == len && !memcmp(builtins[i].name, name, len)) return &builtins[i];
    return NULL;
}

const SigBuiltin *sig_builtin_table(size_t *n)
{
    *n = sizeof builtins / sizeof builtins[0];
    return builtins;
}
