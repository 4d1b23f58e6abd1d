/* control.c - the control table and control patterns: `gain "1 0.5"` turns
 * a value pattern into {gain: v} maps (Strudel's createParam). `#` is
 * pat_set, in arith.c with the other operators.
 *
 * Names and keys are Strudel 1.2.6's (controls.mjs): an alias prints under
 * its control's canonical key (lpf -> cutoff, legato -> clip, size ->
 * roomsize, sound -> s). Multi-controls split a list value over several
 * keys: `s "bd:3:0.5"` gives {s: "bd", n: 3, gain: 0.5}, `lpf "800:0.3"`
 * gives cutoff and resonance, `room "0.3:0.8"` gives room and size (sic:
 * Strudel's key there is `size`, not `roomsize`). Only controls the engine
 * reads, plus their common aliases, are listed; names that are also signal
 * effects with other meanings (distort, chorus) are left to the effects. */
#include "pattern/control.h"

#include <string.h>

#define NUM PAT_CONTROL_NUM
#define STR PAT_CONTROL_STR
#define NOTE PAT_CONTROL_NOTE
#define SOUND PAT_CONTROL_SOUND

/* One row per name; pat_control_all returns this array itself. */
#define ROW(name, key, type, list) &(const PatControlDef){ name, key, type, list }

static const PatControlDef *const controls[] = {
    ROW("s", "s", SOUND, "s n gain"),
    ROW("sound", "s", SOUND, "s n gain"),
    ROW("n", "n", NUM, NULL),
    ROW("note", "note", NOTE, "note n"),
    ROW("freq", "freq", NUM, NULL),
    ROW("gain", "gain", NUM, NULL),
    ROW("amp", "amp", NUM, NULL),
    ROW("velocity", "velocity", NUM, NULL),
    ROW("vel", "velocity", NUM, NULL),
    ROW("pan", "pan", NUM, NULL),
    ROW("speed", "speed", NUM, NULL),
    ROW("accelerate", "accelerate", NUM, NULL),
    ROW("unit", "unit", STR, NULL),
    ROW("begin", "begin", NUM, NULL),
    ROW("end", "end", NUM, NULL),
    ROW("cut", "cut", NUM, NULL),
    ROW("loop", "loop", NUM, NULL),
    ROW("clip", "clip", NUM, NULL),
    ROW("legato", "clip", NUM, NULL),
    ROW("orbit", "orbit", NUM, NULL),
    ROW("attack", "attack", NUM, NULL),
    ROW("att", "attack", NUM, NULL),
    ROW("decay", "decay", NUM, NULL),
    ROW("dec", "decay", NUM, NULL),
    ROW("sustain", "sustain", NUM, NULL),
    ROW("sus", "sustain", NUM, NULL),
    ROW("release", "release", NUM, NULL),
    ROW("rel", "release", NUM, NULL),
    ROW("hold", "hold", NUM, NULL),
    ROW("cutoff", "cutoff", NUM, "cutoff resonance lpenv"),
    ROW("ctf", "cutoff", NUM, "cutoff resonance lpenv"),
    ROW("lpf", "cutoff", NUM, "cutoff resonance lpenv"),
    ROW("lp", "cutoff", NUM, "cutoff resonance lpenv"),
    ROW("resonance", "resonance", NUM, NULL),
    ROW("lpq", "resonance", NUM, NULL),
    ROW("hcutoff", "hcutoff", NUM, "hcutoff hresonance hpenv"),
    ROW("hpf", "hcutoff", NUM, "hcutoff hresonance hpenv"),
    ROW("hp", "hcutoff", NUM, "hcutoff hresonance hpenv"),
    ROW("hresonance", "hresonance", NUM, NULL),
    ROW("hpq", "hresonance", NUM, NULL),
    ROW("bandf", "bandf", NUM, "bandf bandq bpenv"),
    ROW("bpf", "bandf", NUM, "bandf bandq bpenv"),
    ROW("bp", "bandf", NUM, "bandf bandq bpenv"),
    ROW("bandq", "bandq", NUM, NULL),
    ROW("bpq", "bandq", NUM, NULL),
    ROW("crush", "crush", NUM, NULL),
    ROW("coarse", "coarse", NUM, NULL),
    ROW("shape", "shape", NUM, "shape shapevol"),
    ROW("squiz", "squiz", NUM, NULL),
    ROW("vowel", "vowel", STR, NULL),
    ROW("room", "room", NUM, "room size"),
    ROW("roomsize", "roomsize", NUM, NULL),
    ROW("size", "roomsize", NUM, NULL),
    ROW("sz", "roomsize", NUM, NULL),
    ROW("dry", "dry", NUM, NULL),
    ROW("delay", "delay", NUM, "delay delaytime delayfeedback"),
    ROW("delaytime", "delaytime", NUM, NULL),
    ROW("delayt", "delaytime", NUM, NULL),
    ROW("dt", "delaytime", NUM, NULL),
    ROW("delayfeedback", "delayfeedback", NUM, NULL),
    ROW("delayfb", "delayfeedback", NUM, NULL),
    ROW("dfb", "delayfeedback", NUM, NULL),
    ROW("delaysync", "delaysync", NUM, NULL),
    ROW("lock", "lock", NUM, NULL),
    ROW("detune", "detune", NUM, NULL),
    ROW("voice", "voice", NUM, NULL),
    ROW("rate", "rate", NUM, NULL),
};

#define NCONTROLS (sizeof controls / sizeof controls[0])

const PatControlDef *pat_control_find(const char *name, size_t len)
{
    for (size_t i = 0; i < NCONTROLS; i++)
        if (strlen(controls[i]->name) == len && memcmp(controls[i]->name, name, len) == 0) return controls[i];
    return NULL;
}

const PatControlDef *const *pat_control_all(size_t *n)
{
    *n = NCONTROLS;
    return controls;
}

/* ---- control patterns --------------------------------------------------------------- */

#define CONTROL_MAX_KEYS 4

typedef struct ControlEnv {
    const ValStr *keys[CONTROL_MAX_KEYS]; /* keys[0]: the control's key; then list_keys[1..] */
    uint32_t nkeys;
} ControlEnv;

static bool oom(PatCtx *ctx) { return pat_fail(ctx, PH_ERR_NOMEM, "out of memory"); }

/* Strudel's withVal: a map with a `value` key is a bag whose value this
 * control takes; a list fills the multi-control's keys; else {key: v}. */
static bool control_value(PatCtx *ctx, Value in, Value *out, const void *envp)
{
    const ControlEnv *env = envp;
    ValMapEntry ents[CONTROL_MAX_KEYS];
    uint32_t n = 0;
    const ValMap *bag = NULL;
    Value xs = in;
    if (in.kind == VAL_MAP) {
        const Value *v = val_map_get(in.u.map, "value", 5);
        if (v && v->kind != VAL_UNDEF) {
            bag = in.u.map;
            xs = *v;
        }
    }
    if (xs.kind == VAL_LIST && env->nkeys > 1) {
        const ValList *l = xs.u.list;
        for (uint32_t i = 0; i < l->n && i < env->nkeys; i++) ents[n++] = (ValMapEntry){ env->keys[i], l->items[i] };
    } else {
        ents[n++] = (ValMapEntry){ env->keys[0], xs };
    }
    const ValMap *m = val_map_make(ctx->scratch, ents, n);
    if (m && bag) {
        /* the bag without its `value`, then ours on top */
        ValMapEntry *rest = arena_alloc(ctx->scratch, sizeof(ValMapEntry) * (bag->n ? bag->n : 1));
        if (!rest) return oom(ctx);
        uint32_t k = 0;
        for (uint32_t i = 0; i < bag->n; i++)
            if (!(bag->e[i].key->len == 5 && !memcmp(bag->e[i].key->data, "value", 5))) rest[k++] = bag->e[i];
        const ValMap *b = val_map_make(ctx->scratch, rest, k);
        m = b ? val_map_union(ctx->scratch, b, m) : NULL;
    }
    if (!m) return oom(ctx);
    *out = val_map(m);
    return true;
}

const Pattern *pat_control(Arena *a, const PatControlDef *def, const Pattern *values, PatErr *err)
{
    ControlEnv *env = ARENA_NEW(a, ControlEnv);
    if (!env || !values) goto nomem;
    env->keys[0] = val_str_make(a, def->key, strlen(def->key));
    env->nkeys = 1;
    if (def->list_keys) {
        /* the first listed key is the control's own key */
        env->nkeys = 0;
        const char *p = def->list_keys;
        while (*p && env->nkeys < CONTROL_MAX_KEYS) {
            const char *e = strchr(p, ' ');
            size_t len = e ? (size_t)(e - p) : strlen(p);
            env->keys[env->nkeys++] = val_str_make(a, p, len);
            p += len;
            while (*p == ' ') p++;
        }
    }
    for (uint32_t i = 0; i < env->nkeys; i++)
        if (!env->keys[i]) goto nomem;
    const Pattern *p = pat_fmap(a, values, control_value, env);
    if (!p) goto nomem;
    return p;
nomem:
    pat_err_set(err, PH_ERR_NOMEM, "out of memory");
    return NULL;
}
