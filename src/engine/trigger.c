/* trigger.c - from control-pattern events to voices.
 *
 * An event starts a voice when the block holds its onset: it has a whole,
 * its part begins where its whole begins (the fragment with the onset),
 * and whole.begin is in [c0, c1). The onset's frame is exact (clock.h), so
 * voices start on the sample. Controls are read as SuperDirt reads them
 * (spec/LANGUAGE.md §5); `clip` is Strudel's name for legato. */
#include <math.h>
#include <string.h>

#include "engine/engine_internal.h"
#include "pattern/note.h"
#include "sample/sample_library.h"

static double num_or(const ValMap *m, const char *key, double def)
{
    const Value *v = val_map_get(m, key, strlen(key));
    double x;
    if (!v || !note_value_to_number(*v, &x) || !isfinite(x)) return def;
    return x;
}

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

static const Sample *find_sample(Engine *e, const char *name, double n)
{
    SampleLib *lib = e->cfg.samples;
    if (!lib) return NULL;
    const SampleBank *bank = sample_lib_find(lib, name);
    if (!bank) return NULL;
    const Sample *s = sample_bank_pick(bank, n);
    if (!s && e->cfg.blocking_loads) s = sample_lib_get(lib, bank, n);
    return s;
}

static void start_voice(Engine *e, const EngineBlock *b, const PatEvent *ev, int32_t slot)
{
    if (ev->value.kind != VAL_MAP) return;
    const ValMap *m = ev->value.u.map;
    const Value *sv = val_map_get(m, "s", 1);
    if (!sv || sv->kind != VAL_STR) return;
    const Sample *sample = find_sample(e, sv->u.str->data, num_or(m, "n", 0.0));
    if (!sample) {
        e->missing_samples++;
        return;
    }
    VoiceStart vs;
    voice_start_init(&vs, sample);
    vs.offset = (int32_t)(clock_frame_at(b->clock, ev->whole.begin) - b->frame0);
    vs.slot = slot;
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
    vs.sustain = num_or(m, "sustain", 0.0);
    vs.legato = num_or(m, "clip", num_or(m, "legato", 0.0));
    double spc = clock_seconds_per_cycle(b->clock);
    vs.delta = rat_to_double(rat_sub(ev->whole.end, ev->whole.begin)) * spc;
    vs.cps = 1.0 / spc;
    const Value *unit = val_map_get(m, "unit", 4);
    if (unit && unit->kind == VAL_STR && unit->u.str->len == 1 && unit->u.str->data[0] == 'c')
        vs.unit = VOICE_UNIT_CYCLE;
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
            start_voice(e, b, x, p->triggers[t].slot);
        }
    }
}
