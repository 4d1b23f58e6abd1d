/* trigger.c - from control-pattern events to voices.
 *
 * An event starts a voice when the block holds its onset: it has a whole,
 * its part begins where its whole begins (the fragment with the onset),
 * and whole.begin is in [c0, c1). The onset's frame is exact (clock.h), so
 * voices start on the sample. Controls are read as SuperDirt reads them
 * (spec/LANGUAGE.md §5; docs/SOUND.md); `clip` is Strudel's name for
 * legato, `roomsize` for size.
 *
 * What `s` names, first match wins: a sample bank (so a folder called
 * `superkick` plays its samples), a synth (`superkick supersaw ...`, pitch
 * from note and n), a bus (`~name`: the bus plays through the event's
 * envelope, gain and pan). Non-finite control values count as absent. */
#include <ctype.h>
#include <math.h>
#include <string.h>

#include "engine/engine_internal.h"
#include "engine/orbit.h"
#include "pattern/note.h"
#include "sample/sample_library.h"

static double num_or(const ValMap *m, const char *key, double def)
{
    const Value *v = val_map_get(m, key, strlen(key));
    double x;
    if (!v || !note_value_to_number(*v, &x) || !isfinite(x)) return def;
    return x;
}

static bool has(const ValMap *m, const char *key) { return val_map_get(m, key, strlen(key)) != NULL; }

/* `note` as semitones of transposition: numbers as they are; names relative
 * to c4 (= 0), an octave-less name within the octave above c ("e" = 4). */
static double note_semitones(const ValMap *m)
{
    const Value *v = val_map_get(m, "note", 4);
    if (!v) return 0.0;
    if (v->kind == VAL_STR) {
        double midi;
        const ValStr *s = v->u.str;
        if (note_name_to_midi(s->data, s->len, &midi)) {
            bool has_octave = s->len > 0 && (s->data[s->len - 1] >= '0' && s->data[s->len - 1] <= '9');
            return midi - 60.0 + (has_octave ? 0.0 : 12.0);
        }
    }
    double x;
    return note_value_to_number(*v, &x) && isfinite(x) ? x : 0.0;
}

/* SuperDirt's resonance (0..1: rq = linexp(r, 0, 1, 1, 0.001), q = 1000^r)
 * or, from 1 up, Strudel's q as it is. Absent: q 1. */
static float resonance_q(const ValMap *m, const char *key)
{
    double r = num_or(m, key, 0.0);
    if (!(r > 0.0)) return 1.0f;
    double q = r < 1.0 ? pow(1000.0, r) : r;
    return (float)(q > 50.0 ? 50.0 : q);
}

int sound_vowel_of(const char *s, size_t len)
{
    if (len == 1) {
        switch (tolower((unsigned char)s[0])) {
        case 'a': return VOICE_VOWEL_A;
        case 'e': return VOICE_VOWEL_E;
        case 'i': return VOICE_VOWEL_I;
        case 'o': return VOICE_VOWEL_O;
        case 'u': return VOICE_VOWEL_U;
        default: break;
        }
    }
    return VOICE_VOWEL_NONE;
}

static void read_fx(VoiceFx *fx, const ValMap *m)
{
    fx->cutoff = (float)num_or(m, "cutoff", 0.0);
    if (fx->cutoff > 0.0f) fx->q = resonance_q(m, "resonance");
    fx->hcutoff = (float)num_or(m, "hcutoff", 0.0);
    if (fx->hcutoff > 0.0f) fx->hq = resonance_q(m, "hresonance");
    fx->bandf = (float)num_or(m, "bandf", 0.0);
    if (fx->bandf > 0.0f) fx->bandq = (float)num_or(m, "bandq", 10.0);
    fx->crush = (float)num_or(m, "crush", 0.0);
    fx->coarse = (float)num_or(m, "coarse", 0.0);
    fx->shape = (float)num_or(m, "shape", 0.0);
    const Value *v = val_map_get(m, "vowel", 5);
    if (v && v->kind == VAL_STR) fx->vowel = sound_vowel_of(v->u.str->data, v->u.str->len);
}

/* Sends and orbit parameters: only where the pattern's orbit has effects
 * (compile.c prepared them); elsewhere the sends are dropped and counted. */
static void read_orbit(Engine *e, const ProgTrigger *tr, const ValMap *m, VoiceStart *vs)
{
    double room = num_or(m, "room", 0.0), delay = num_or(m, "delay", 0.0);
    if (!(room > 0.0) && !(delay > 0.0)) return;
    int o = ((vs->orbit % VOICE_ORBITS) + VOICE_ORBITS) % VOICE_ORBITS;
    struct OrbitFx *fx = tr->sound ? tr->sound->fx[o] : NULL;
    if (!fx) {
        e->dropped_sends++;
        return;
    }
    double dry = num_or(m, "dry", 0.0);
    dry = dry < 0.0 ? 0.0 : dry > 1.0 ? 1.0 : dry;
    vs->fx.send[0] = room > 0.0 ? (float)(room * (1.0 - dry)) : 0.0f;
    vs->fx.send[1] = delay > 0.0 ? (float)delay : 0.0f;
    OrbitEvent ev;
    memset(&ev, 0, sizeof ev);
    ev.has_size = has(m, "roomsize") || has(m, "size");
    ev.size = (float)num_or(m, "roomsize", num_or(m, "size", 0.1));
    if (has(m, "delaysync")) {
        ev.has_dtime = ev.dtime_cycles = true;
        ev.dtime = (float)num_or(m, "delaysync", 0.25);
    } else if (has(m, "delaytime")) {
        ev.has_dtime = true;
        ev.dtime = (float)num_or(m, "delaytime", 0.25);
        ev.dtime_cycles = num_or(m, "lock", 0.0) >= 1.0;
    }
    ev.has_dfb = has(m, "delayfeedback");
    ev.dfb = (float)num_or(m, "delayfeedback", 0.5);
    orbit_fx_event(fx, vs->offset, &ev);
}

static double voice_length(const ValMap *m, double delta)
{
    double sus = num_or(m, "sustain", 0.0);
    if (sus > 0.0) return sus;
    double hold = num_or(m, "hold", 0.0);
    if (hold > 0.0) return fmax(num_or(m, "attack", 0.0), 0.0) + hold + fmax(num_or(m, "release", 0.0), 0.0);
    double leg = num_or(m, "clip", num_or(m, "legato", 0.0));
    return leg > 0.0 ? leg * delta : 0.0;
}

static bool start_bus_voice(Engine *e, const EngineBlock *b, const PatEvent *ev, const ProgTrigger *tr,
                            const char *name)
{
    const ValMap *m = ev->value.u.map;
    double delta = rat_to_double(rat_sub(ev->whole.end, ev->whole.begin)) * clock_seconds_per_cycle(b->clock);
    BusVoiceStart bv;
    bv.offset = (int32_t)(clock_frame_at(b->clock, ev->whole.begin) - b->frame0);
    bv.gain = (float)(num_or(m, "gain", 1.0) * num_or(m, "velocity", 1.0) * num_or(m, "amp", 1.0));
    bv.pan = (float)num_or(m, "pan", 0.5);
    double len = voice_length(m, delta);
    bv.length = len > 0.0 ? len : delta;
    bv.attack = num_or(m, "attack", 0.0);
    bv.release = num_or(m, "release", 0.0);
    (void)e;
    return busvoice_trigger(tr->sound, name + 1, &bv);
}

static const Sample *find_sample(Engine *e, const char *name, double n, bool *bank)
{
    SampleLib *lib = e->cfg.samples;
    *bank = false;
    if (!lib) return NULL;
    const SampleBank *sb = sample_lib_find(lib, name);
    if (!sb) return NULL;
    *bank = true;
    const Sample *s = sample_bank_pick(sb, n);
    if (!s && e->cfg.blocking_loads) s = sample_lib_get(lib, sb, n);
    return s;
}

static void start_voice(Engine *e, const EngineBlock *b, const PatEvent *ev, const ProgTrigger *tr)
{
    if (ev->value.kind != VAL_MAP) return;
    const ValMap *m = ev->value.u.map;
    const Value *sv = val_map_get(m, "s", 1);
    if (!sv || sv->kind != VAL_STR) return;
    const char *name = sv->u.str->data;
    if (name[0] == '~') {
        if (!start_bus_voice(e, b, ev, tr, name)) e->missing_samples++;
        return;
    }
    double n = num_or(m, "n", 0.0);
    bool bank;
    const Sample *sample = find_sample(e, name, n, &bank);
    int synth = !sample && !bank ? voice_synth_find(name) : 0; /* sample banks win over synth names */
    if (!sample && !synth) {
        e->missing_samples++;
        return;
    }
    VoiceStart vs;
    voice_start_init(&vs, sample);
    vs.offset = (int32_t)(clock_frame_at(b->clock, ev->whole.begin) - b->frame0);
    vs.slot = tr->slot;
    vs.gain = (float)(num_or(m, "gain", 1.0) * num_or(m, "velocity", 1.0) * num_or(m, "amp", 1.0));
    vs.pan = (float)num_or(m, "pan", 0.5);
    vs.speed = num_or(m, "speed", 1.0);
    vs.note = note_semitones(m);
    vs.begin = num_or(m, "begin", 0.0);
    vs.end = num_or(m, "end", 1.0);
    vs.loop = num_or(m, "loop", 0.0);
    vs.cut = (int32_t)num_or(m, "cut", 0.0);
    vs.orbit = (int32_t)num_or(m, "orbit", 0.0);
    vs.accelerate = num_or(m, "accelerate", 0.0);
    vs.attack = num_or(m, "attack", 0.0);
    vs.release = num_or(m, "release", 0.0);
    double spc = clock_seconds_per_cycle(b->clock);
    vs.delta = rat_to_double(rat_sub(ev->whole.end, ev->whole.begin)) * spc;
    vs.sustain = num_or(m, "sustain", 0.0);
    if (!(vs.sustain > 0.0) && num_or(m, "hold", 0.0) > 0.0) vs.sustain = voice_length(m, vs.delta);
    vs.legato = num_or(m, "clip", num_or(m, "legato", 0.0));
    vs.cps = 1.0 / spc;
    const Value *unit = val_map_get(m, "unit", 4);
    if (unit && unit->kind == VAL_STR && unit->u.str->len == 1 && unit->u.str->data[0] == 'c')
        vs.unit = VOICE_UNIT_CYCLE;
    read_fx(&vs.fx, m);
    read_orbit(e, tr, m, &vs);
    if (synth) { /* SuperDirt: midinote = 60 + note + n, unless freq is given */
        vs.synth = synth;
        double freq = num_or(m, "freq", 0.0);
        vs.freq = freq > 0.0 ? freq : note_midi_to_hz(60.0 + vs.note + n);
        vs.note = 0.0;
        vs.sp[0] = (float)num_or(m, "decay", NAN);
        vs.sp[1] = (float)num_or(m, "detune", NAN);
        vs.sp[2] = (float)num_or(m, "voice", NAN);
        vs.sp[3] = (float)num_or(m, "rate", NAN);
    }
    voice_pool_trigger(e->voices, &vs);
}

void engine_trigger_block(Engine *e, const EngineBlock *b)
{
    const Program *p = e->program;
    if (p->hush) return; /* silent anyway: start no voices (live: they were faded at the install) */
    for (int t = 0; t < p->ntriggers; t++) {
        if (p->triggers[t].slot < 0) continue; /* no voice slot left (engine_swap.c) */
        const PatEvent *ev;
        size_t n;
        if (pat_query(p->triggers[t].pattern, b->pat, span_make(b->c0, b->c1), &ev, &n) != PH_OK) {
            e->query_errors++;
            continue;
        }
        for (size_t i = 0; i < n; i++) {
            const PatEvent *x = &ev[i];
            if (!x->has_whole || !rat_eq(x->whole.begin, x->part.begin)) continue;
            if (rat_lt(x->whole.begin, b->c0) || rat_ge(x->whole.begin, b->c1)) continue;
            start_voice(e, b, x, &p->triggers[t]);
        }
    }
}
