/* compile.c - the program level: tempo, buses, outputs, the Program.
 *
 * Buses are compiled on first use, so they may be referenced before their
 * definition; a bus that reads itself (directly or through other buses)
 * reads its own previous block: one block of feedback delay. Outputs are
 * `out` and the numbered d1..d16 / o1.. / out1..; with none, the output is
 * ~master, else ~out, else every bus summed at 0.25 (said once on notes).
 * Sample names the program plays are checked against the library (unknown
 * banks are warnings with a suggestion) and their banks preloaded, so the
 * audio path never decodes. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/suggest.h"
#include "engine/nodes.h"
#include "engine/orbit.h"
#include "lang/builtin_signal.h"
#include "lang/compile_internal.h"
#include "pattern/control.h"
#include "pattern/note.h"
#include "pattern/transform.h"
#include "sample/sample_library.h"
#include "voice/voice_pool.h"

#define COMPILE_SAMPLE_SCAN_CYCLES 16   /* cycles queried to find the sample names a pattern uses */

/* ---- diagnostics --------------------------------------------------------------- */

void cx_error_at(Compiler *c, size_t off, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_add(c->d, DIAG_ERROR, off, len ? len : 1, fmt, ap);
    va_end(ap);
}

void cx_error(Compiler *c, const CVal *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_add(c->d, DIAG_ERROR, at->offset, at->length ? at->length : 1, fmt, ap);
    va_end(ap);
}

const char *cx_suggest(Compiler *c, const char *name)
{
    Suggest s;
    suggest_init(&s, name);
    size_t n;
    n = pat_transform_count();
    for (size_t i = 0; i < n; i++) suggest_offer(&s, pat_transform_at(i)->name, 0);
    const PatControlDef *const *k = pat_control_all(&n);
    for (size_t i = 0; i < n; i++) suggest_offer(&s, k[i]->name, 1);
    const SigBuiltin *b = sig_builtin_table(&n);
    for (size_t i = 0; i < n; i++) suggest_offer(&s, b[i].name, 0);
    (void)c;
    return suggest_result(&s);
}

/* ---- node identity ------------------------------------------------------------------ */

static uint64_t fnv1a(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) h = (h ^ p[i]) * 0x100000001b3ull;
    return h;
}

static void key_scope_set(Compiler *c, const char *prefix, const char *name)
{
    uint64_t h = fnv1a(0xcbf29ce484222325ull, prefix, strlen(prefix));
    c->key_scope = name ? fnv1a(h, name, strlen(name)) : h;
    c->key_counter = 0;
}

uint64_t cx_next_key(Compiler *c)
{
    uint32_t k = c->key_counter++;
    return fnv1a(c->key_scope, &k, sizeof k);
}

KeyScope cx_key_scope_enter_bus(Compiler *c, const char *bus_name)
{
    KeyScope saved = { c->key_scope, c->key_counter };
    key_scope_set(c, "~signal", bus_name);
    return saved;
}

void cx_key_scope_restore(Compiler *c, KeyScope saved)
{
    c->key_scope = saved.scope;
    c->key_counter = saved.counter;
}

bool cx_add_node(Compiler *c, ProgNode *node, size_t off, size_t len)
{
    node->key = cx_next_key(c);
    if (program_add_node(c->prog, node) < 0) {
        if (node->free) node->free(node);
        cx_error_at(c, off, len, "program too large (more than %d signal nodes)", PROGRAM_MAX_NODES);
        return false;
    }
    return true;
}

/* ---- buses --------------------------------------------------------------------------- */

BusInfo *cx_find_bus(Compiler *c, const char *name)
{
    for (int i = 0; i < c->nbuses; i++)
        if (!strcmp(c->buses[i].name, name)) return &c->buses[i];
    return NULL;
}

static bool evaluate_bus(Compiler *c, BusInfo *b)
{
    uint64_t saved_scope = c->key_scope;
    uint32_t saved_counter = c->key_counter;
    key_scope_set(c, "~", b->name);
    b->state = BUS_EVALUATING;
    CVal v;
    bool ok = cx_eval(c, b->stmt->expr, &v);
    if (ok && b->feedback) {
        /* Someone read this bus while it was being built: feed its signal
         * back through the one-block delay they read. */
        Signal s;
        v.bus = NULL;
        ok = cx_to_signal(c, &v, &s);
        /* keyed by the bus's scope, so a reload hears the same feedback */
        if (ok && program_add_delay(c->prog, s, b->delayed, fnv1a(c->key_scope, "feedback", 8)) < 0) {
            cx_error_at(c, b->stmt->head_offset, b->stmt->head_length, "too many feedback buses");
            ok = false;
        }
        if (ok) {
            b->has_signal = true;
            b->signal = s;
        }
    }
    b->value = v;
    b->value.bus = b;
    b->state = ok ? BUS_DONE : BUS_FAILED;
    c->key_scope = saved_scope;
    c->key_counter = saved_counter;
    return ok;
}

bool cx_bus_value(Compiler *c, const AstNode *ref, CVal *out)
{
    const char *name = ref->u.name.text;
    BusInfo *b = cx_find_bus(c, name);
    if (!b) {
        Suggest s;
        suggest_init(&s, name);
        for (int i = 0; i < c->nbuses; i++) suggest_offer(&s, c->buses[i].name, 0);
        const char *near = suggest_result(&s);
        if (near)
            cx_error_at(c, ref->offset, ref->length, "unknown bus `~%s` (did you mean `~%s`?)", name, near);
        else
            cx_error_at(c, ref->offset, ref->length, "unknown bus `~%s`", name);
        return false;
    }
    switch (b->state) {
    case BUS_PENDING:
        if (!evaluate_bus(c, b)) return false;
        break;
    case BUS_EVALUATING:
        if (!c->prog) {
            cx_error_at(c, ref->offset, ref->length, "bus `~%s` refers to itself", name);
            return false;
        }
        if (!b->feedback) {
            b->feedback = true;
            b->delayed = program_new_signal(c->prog, true);
            if (b->delayed.l < 0) return false;
        }
        memset(out, 0, sizeof *out);
        out->kind = CV_SIG;
        out->u.sig = b->delayed;
        cx_span(out, ref->offset, ref->length);
        return true;
    case BUS_FAILED: return false;
    case BUS_DONE: break;
    }
    *out = b->value;
    cx_span(out, ref->offset, ref->length);
    return true;
}

/* ---- outputs ----------------------------------------------------------------------- */

static bool add_output_expr(Compiler *c, const AstNode *expr, const char *scope, float gain)
{
    key_scope_set(c, scope, NULL);
    CVal v;
    Signal s;
    if (!cx_eval(c, expr, &v) || !cx_to_signal(c, &v, &s)) return false;
    if (program_add_output(c->prog, s, gain) != PH_OK) {
        cx_error_at(c, expr->offset, expr->length, "too many outputs (limit %d)", PROGRAM_MAX_OUTPUTS);
        return false;
    }
    return true;
}

static bool add_output_bus(Compiler *c, BusInfo *b, float gain)
{
    AstNode ref;
    memset(&ref, 0, sizeof ref);
    ref.kind = AST_BUS;
    ref.offset = b->stmt->head_offset;
    ref.length = b->stmt->head_length;
    ref.u.name.text = b->name;
    ref.u.name.len = strlen(b->name);
    CVal v;
    Signal s;
    key_scope_set(c, "auto~", b->name);
    if (!cx_bus_value(c, &ref, &v) || !cx_to_signal(c, &v, &s)) return false;
    return program_add_output(c->prog, s, gain) == PH_OK;
}

static void note_once(Compiler *c, const char *msg)
{
    if (c->opt->notes) fprintf(c->opt->notes, "phonon: note: %s\n", msg);
}

static void default_outputs(Compiler *c)
{
    BusInfo *b = cx_find_bus(c, "master");
    if (!b) b = cx_find_bus(c, "out");
    if (b) {
        char msg[160];
        snprintf(msg, sizeof msg, "no `out:` statement; playing ~%s", b->name);
        note_once(c, msg);
        add_output_bus(c, b, 1.0f);
        return;
    }
    if (c->nbuses == 0) return;
    note_once(c, "no `out:` statement; playing the sum of all buses at 0.25");
    for (int i = 0; i < c->nbuses; i++) add_output_bus(c, &c->buses[i], 0.25f);
}

/* ---- statements ------------------------------------------------------------------- */

static bool tempo_from(Compiler *c, const AstStmt *s, double cps)
{
    Rat r = rat_from_double(cps);
    if (!rat_ok(r) || r.num <= 0 || cps > 1000.0) {
        cx_error_at(c, s->offset, s->length, "tempo must be between 0 and 1000 cycles per second");
        return false;
    }
    c->prog->cps = r;
    return true;
}

static void collect_statements(Compiler *c, const AstProgram *ast, const AstStmt **outs, int *nouts)
{
    *nouts = 0;
    for (int i = 0; i < ast->count; i++) {
        const AstStmt *s = &ast->stmts[i];
        switch (s->kind) {
        case AST_STMT_TEMPO: tempo_from(c, s, s->number); break;
        case AST_STMT_BPM: {
            Rat r = rat_div(rat_from_double(s->number), rat_int(240));
            if (!rat_ok(r) || r.num <= 0 || s->number > 240000.0)
                cx_error_at(c, s->offset, s->length, "bpm must be between 0 and 240000");
            else
                c->prog->cps = r;
            break;
        }
        case AST_STMT_BUS: {
            BusInfo *prev = cx_find_bus(c, s->name);
            if (prev) {
                cx_error_at(c, s->head_offset, s->head_length, "bus `~%s` is defined twice", s->name);
                diag_note(c->d, prev->stmt->head_offset, prev->stmt->head_length, "first definition of `~%s`",
                          s->name);
                break;
            }
            BusInfo *b = &c->buses[c->nbuses++];
            memset(b, 0, sizeof *b);
            b->name = s->name;
            b->stmt = s;
            break;
        }
        case AST_STMT_MODBUS:
            cx_error_at(c, s->head_offset, s->head_length,
                        "modifier buses (`~%s # ...`) are not supported yet; write the controls where they are used",
                        s->name);
            break;
        case AST_STMT_FN:
            cx_error_at(c, s->head_offset, s->head_length, "`fn` definitions are not supported yet");
            break;
        case AST_STMT_OUT:
        case AST_STMT_OUTN: {
            /* a later statement for the same output replaces an earlier one */
            int idx = s->kind == AST_STMT_OUT ? 0 : s->out_index;
            int k;
            for (k = 0; k < *nouts; k++) {
                int kidx = outs[k]->kind == AST_STMT_OUT ? 0 : outs[k]->out_index;
                if (kidx == idx) break;
            }
            outs[k] = s;
            if (k == *nouts) (*nouts)++;
            break;
        }
        case AST_STMT_HUSH: c->prog->hush = true; break;
        case AST_STMT_PANIC: c->prog->hush = c->prog->panic = true; break;
        case AST_STMT_RESET_CYCLES:
            c->prog->has_set_cycle = true;
            c->prog->set_cycle = 0;
            break;
        case AST_STMT_SET_CYCLE:
            c->prog->has_set_cycle = true;
            c->prog->set_cycle = s->number;
            break;
        case AST_STMT_NUDGE: c->prog->nudge = s->number; break;
        }
    }
}

/* ---- samples ------------------------------------------------------------------------ */

typedef struct NameSeen {
    const char *names[256];
    int n;
} NameSeen;

static bool seen_add(NameSeen *s, const char *name)
{
    for (int i = 0; i < s->n; i++)
        if (!strcmp(s->names[i], name)) return false;
    if (s->n < (int)(sizeof s->names / sizeof s->names[0])) s->names[s->n++] = name;
    return true;
}

/* Queries the first cycles of every sound pattern, preloads the banks it
 * names and warns once per unknown bank. */
static void check_samples(Compiler *c)
{
    SampleLib *lib = c->opt->samples;
    if (!lib) return;
    Arena scratch;
    arena_init(&scratch, 64 * 1024, 64u << 20);
    PatCtx ctx;
    pat_ctx_init(&ctx, &scratch);
    NameSeen seen = { .n = 0 };
    for (int t = 0; t < c->prog->ntriggers; t++) {
        const ProgTrigger *tr = &c->prog->triggers[t];
        for (int cyc = 0; cyc < COMPILE_SAMPLE_SCAN_CYCLES; cyc++) {
            arena_reset(&scratch);
            const PatEvent *ev;
            size_t n;
            if (pat_query(tr->pattern, &ctx, span_make(rat_int(cyc), rat_int(cyc + 1)), &ev, &n) != PH_OK) break;
            for (size_t i = 0; i < n; i++) {
                if (ev[i].value.kind != VAL_MAP) continue;
                const Value *sv = val_map_get(ev[i].value.u.map, "s", 1);
                if (!sv || sv->kind != VAL_STR) continue;
                const char *name = sv->u.str->data;
                if (name[0] == '~' || !seen_add(&seen, name)) continue;
                const SampleBank *bank = sample_lib_find(lib, name);
                if (bank) {
                    sample_lib_preload(lib, bank);
                } else if (!voice_synth_find(name)) { /* a synth voice (sample banks win) */
                    char msg[200];
                    sample_lib_unknown_message(lib, name, msg, sizeof msg);
                    diag_warning(c->d, tr->src_offset, tr->src_length, "%s; its events are silent", msg);
                }
            }
        }
    }
    pat_ctx_free(&ctx);
    arena_free(&scratch);
}

/* ---- sound patterns: orbit effects and bus voices ---------------------------------- */

typedef struct SoundScan {
    bool rev[VOICE_ORBITS], del[VOICE_ORBITS];
    const char *bus[ORBIT_BUSV_NAMES];
    int nbus;
    bool bus_over;
    char bad_vowel[24];
} SoundScan;

static double scan_num(const ValMap *m, const char *key, double def)
{
    const Value *v = val_map_get(m, key, strlen(key));
    double x;
    return v && note_value_to_number(*v, &x) && isfinite(x) ? x : def;
}

static void scan_event(Compiler *c, const ValMap *m, SoundScan *sc)
{
    int o = (int)scan_num(m, "orbit", 0.0);
    o = ((o % VOICE_ORBITS) + VOICE_ORBITS) % VOICE_ORBITS;
    if (scan_num(m, "room", 0.0) > 0.0) sc->rev[o] = true;
    if (scan_num(m, "delay", 0.0) > 0.0) sc->del[o] = true;
    const Value *vw = val_map_get(m, "vowel", 5);
    if (vw && vw->kind == VAL_STR && vw->u.str->len > 0 && !sc->bad_vowel[0] &&
        sound_vowel_of(vw->u.str->data, vw->u.str->len) == VOICE_VOWEL_NONE &&
        strcmp(vw->u.str->data, "~") != 0)
        snprintf(sc->bad_vowel, sizeof sc->bad_vowel, "%s", vw->u.str->data);
    const Value *sv = val_map_get(m, "s", 1);
    if (!sv || sv->kind != VAL_STR || sv->u.str->data[0] != '~' || sv->u.str->len < 2) return;
    const char *name = sv->u.str->data + 1;
    for (int i = 0; i < sc->nbus; i++)
        if (!strcmp(sc->bus[i], name)) return;
    if (sc->nbus == ORBIT_BUSV_NAMES) {
        sc->bus_over = true;
        return;
    }
    size_t len = strlen(name);
    char *copy = arena_alloc(c->arena, len + 1);
    if (!copy) return;
    memcpy(copy, name, len + 1);
    sc->bus[sc->nbus++] = copy;
}

/* The first COMPILE_SAMPLE_SCAN_CYCLES cycles of a sound pattern: which
 * orbits send to effects, which buses it plays, bad vowels. */
static void scan_sound(Compiler *c, const Pattern *pat, SoundScan *sc)
{
    memset(sc, 0, sizeof *sc);
    Arena scratch;
    arena_init(&scratch, 64 * 1024, 64u << 20);
    PatCtx ctx;
    pat_ctx_init(&ctx, &scratch);
    for (int cyc = 0; cyc < COMPILE_SAMPLE_SCAN_CYCLES; cyc++) {
        arena_reset(&scratch);
        const PatEvent *ev;
        size_t n;
        if (pat_query(pat, &ctx, span_make(rat_int(cyc), rat_int(cyc + 1)), &ev, &n) != PH_OK) break;
        for (size_t i = 0; i < n; i++)
            if (ev[i].value.kind == VAL_MAP) scan_event(c, ev[i].value.u.map, sc);
    }
    pat_ctx_free(&ctx);
    arena_free(&scratch);
}

static uint64_t sound_key(uint64_t trigger_key, const char *what, int orbit)
{
    uint64_t h = fnv1a(trigger_key, what, strlen(what));
    return fnv1a(h, &orbit, sizeof orbit);
}

static bool add_sound_node(Compiler *c, ProgTrigger *t, ProgNode *node, uint64_t key)
{
    node->key = key;
    if (program_add_node(c->prog, node) >= 0) return true;
    if (node->free) node->free(node);
    cx_error_at(c, t->src_offset, t->src_length, "program too large (more than %d signal nodes)",
                PROGRAM_MAX_NODES);
    return false;
}

/* A bus voice node for `~name` (after the bus's own nodes). */
static bool add_bus_voices(Compiler *c, ProgTrigger *t, ProgSound *snd, const char *name)
{
    BusInfo *b = cx_find_bus(c, name);
    if (!b) {
        diag_warning(c->d, t->src_offset, t->src_length, "unknown bus `~%s` in a sound pattern; its events are silent",
                     name);
        return true;
    }
    AstNode ref;
    memset(&ref, 0, sizeof ref);
    ref.kind = AST_BUS;
    ref.offset = t->src_offset;
    ref.length = t->src_length;
    ref.u.name.text = b->name;
    ref.u.name.len = strlen(b->name);
    CVal v;
    Signal sig;
    if (!cx_bus_value(c, &ref, &v) || !cx_to_signal(c, &v, &sig)) return false;
    ProgNode node;
    if (!busvoice_make_node(c->prog, snd, name, sig, t->out, c->opt->sample_rate > 0 ? c->opt->sample_rate : 44100.0,
                            &node))
        return true; /* more names than ORBIT_BUSV_NAMES: said by the scan */
    return add_sound_node(c, t, &node, sound_key(t->key, name, -1));
}

bool cx_sound_prepare(Compiler *c, ProgTrigger *t)
{
    SoundScan sc;
    scan_sound(c, t->pattern, &sc);
    if (sc.bad_vowel[0])
        diag_warning(c->d, t->src_offset, t->src_length,
                     "unknown vowel \"%s\" (use a, e, i, o or u); those events play without the vowel filter",
                     sc.bad_vowel);
    if (sc.bus_over)
        diag_warning(c->d, t->src_offset, t->src_length,
                     "more than %d different buses in one sound pattern; the others are silent", ORBIT_BUSV_NAMES);
    bool any = sc.nbus > 0;
    for (int o = 0; o < VOICE_ORBITS; o++) any = any || sc.rev[o] || sc.del[o];
    if (!any) return true;
    ProgSound *snd = arena_alloc(c->arena, sizeof *snd);
    if (!snd) return false;
    memset(snd, 0, sizeof *snd);
    double rate = c->opt->sample_rate > 0 ? c->opt->sample_rate : 44100.0;
    for (int o = 0; o < VOICE_ORBITS; o++) {
        if (!sc.rev[o] && !sc.del[o]) continue;
        ProgNode node;
        if (!orbit_make_node(c->prog, snd, o, sc.rev[o], sc.del[o], t->out, rate, &node)) {
            cx_error_at(c, t->src_offset, t->src_length, "cannot allocate the effects of orbit %d", o);
            return false;
        }
        if (!add_sound_node(c, t, &node, sound_key(t->key, "orbit", o))) return false;
    }
    for (int i = 0; i < sc.nbus; i++)
        if (!add_bus_voices(c, t, snd, sc.bus[i])) return false;
    t->sound = snd;
    return true;
}

/* ---- entry points --------------------------------------------------------------------- */

PhStatus compile_program(const AstProgram *ast, const CompileOptions *opt, Diag *d, Program **out)
{
    *out = NULL;
    Program *prog = program_create(rat_make(1, 2));
    if (!prog) return PH_ERR_NOMEM;
    prog->opt_off = opt->opt_off;
    Compiler c;
    memset(&c, 0, sizeof c);
    c.opt = opt;
    c.d = d;
    c.prog = prog;
    c.arena = &prog->arena;
    c.buses = calloc((size_t)ast->count + 1, sizeof *c.buses);
    const AstStmt **outs = calloc((size_t)ast->count + 1, sizeof *outs);
    if (!c.buses || !outs) {
        free(c.buses);
        free(outs);
        program_destroy(prog);
        return PH_ERR_NOMEM;
    }
    int errors_before = d->errors;
    int nouts;
    collect_statements(&c, ast, outs, &nouts);

    for (int i = 0; i < nouts; i++) {
        char scope[16];
        if (outs[i]->kind == AST_STMT_OUT)
            snprintf(scope, sizeof scope, "out");
        else
            snprintf(scope, sizeof scope, "d%d", outs[i]->out_index);
        add_output_expr(&c, outs[i]->expr, scope, 1.0f);
    }
    if (nouts == 0) default_outputs(&c);
    /* Buses nobody plays are still compiled, so their errors are reported
     * (their nodes are pruned at finalize). */
    for (int i = 0; i < c.nbuses; i++)
        if (c.buses[i].state == BUS_PENDING) evaluate_bus(&c, &c.buses[i]);

    PhStatus st = d->errors > errors_before ? PH_ERR_TYPE : PH_OK;
    if (st == PH_OK) st = program_finalize(prog);
    if (st == PH_OK) orbit_bind(prog);
    if (st == PH_OK) check_samples(&c);
    free(c.buses);
    free(outs);
    if (st != PH_OK || prog->arena.failed) {
        program_destroy(prog);
        return st != PH_OK ? st : PH_ERR_NOMEM;
    }
    *out = prog;
    return PH_OK;
}

PhStatus compile_pattern_expr(const AstNode *expr, Arena *a, Diag *d, const Pattern **out)
{
    static const CompileOptions no_options = { 0 };
    Compiler c;
    memset(&c, 0, sizeof c);
    c.opt = &no_options;
    c.d = d;
    c.arena = a;
    *out = NULL;
    CVal v;
    bool ctrl;
    if (!cx_eval(&c, expr, &v) || !cx_to_pattern(&c, &v, out, &ctrl)) return PH_ERR_TYPE;
    return a->failed ? PH_ERR_NOMEM : PH_OK;
}
