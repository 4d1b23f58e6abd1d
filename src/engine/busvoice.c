/* busvoice.c - `s "~pad*4"`: events that play a bus as a voice.
 *
 * The bus is a signal computed by the program's nodes, so its voices cannot
 * be mixed with the sample voices (which run before the nodes). Instead a
 * node placed after the bus's nodes adds, for every sounding bus voice, the
 * bus signal times the voice's envelope and pan gains into the sound
 * pattern's signal. The envelope is linear: attack (at least 1 ms), hold,
 * release (at least 4 ms) ending at the voice's length (`sustain`, else
 * `legato` x the event's duration, else the event's duration), so a bus
 * voice never clicks. `note`, `speed` and the per-event filters do not
 * apply to bus voices (the bus is already a signal: filter it with a
 * signal effect). Pan is equal power; a stereo bus is balanced. */
#include <math.h>
#include <string.h>

#include "engine/block.h"
#include "engine/orbit.h"

#define BUSV_ATTACK_MIN_S 0.001
#define BUSV_RELEASE_MIN_S 0.004

typedef struct BusVoice {
    int64_t age;               /* frames since onset at the start of the next block (< 0: not begun) */
    int64_t len, att, rel;     /* frames */
    float g[2];
} BusVoice;

typedef struct BusVoices {
    double rate;
    int n;
    BusVoice v[ORBIT_BUSV_VOICES];
} BusVoices;

static float env_at(const BusVoice *v, int64_t t)
{
    if (t < v->att) return (float)t / (float)v->att;
    if (t >= v->len - v->rel) return (float)(v->len - t) / (float)v->rel;
    return 1.0f;
}

static void busv_process(ProgNode *node, const EngineBlock *b)
{
    BusVoices *bv = node->state;
    const int n = b->nframes;
    const float *in[2] = { block_buf(b, node->in[0].l), block_buf(b, node->in[0].r) };
    float *out[2] = { block_buf(b, node->out.l), block_buf(b, node->out.r) };
    int k = 0;
    for (int i = 0; i < bv->n; i++) {
        BusVoice *v = &bv->v[i];
        int f0 = v->age < 0 ? (-v->age < n ? (int)-v->age : n) : 0;
        int64_t left = v->len - v->age;
        int f1 = left < (int64_t)n ? (int)left : n;
        for (int f = f0; f < f1; f++) {
            float e = env_at(v, v->age + f);
            out[0][f] += in[0][f] * e * v->g[0];
            out[1][f] += in[1][f] * e * v->g[1];
        }
        v->age += n;
        if (v->age < v->len) bv->v[k++] = *v;
    }
    bv->n = k;
}

static void busv_adopt(ProgNode *node, const ProgNode *old)
{
    BusVoices *bv = node->state;
    const BusVoices *o = old->state;
    bv->n = o->n;
    memcpy(bv->v, o->v, sizeof bv->v[0] * (size_t)o->n);
}

bool busvoice_make_node(Program *p, ProgSound *snd, const char *name, Signal bus, Signal out, double rate,
                        ProgNode *node)
{
    memset(node, 0, sizeof *node);
    if (snd->nbusv >= ORBIT_BUSV_NAMES) return false;
    BusVoices *bv = arena_alloc(&p->arena, sizeof *bv);
    if (!bv) return false;
    memset(bv, 0, sizeof *bv);
    bv->rate = rate;
    node->state = bv;
    node->process = busv_process;
    node->adopt = busv_adopt;
    node->kind = "busvoice";
    node->ninputs = 1;
    node->in[0] = bus;
    node->out = out;
    snd->busv_name[snd->nbusv] = name;
    snd->busv[snd->nbusv] = bv;
    snd->nbusv++;
    return true;
}

static int64_t frames_of(double s, double rate)
{
    if (!(s > 0.0)) return 0;
    double f = s * rate;
    return f > 4e15 ? (int64_t)4e15 : (int64_t)llround(f);
}

bool busvoice_trigger(ProgSound *snd, const char *name, const BusVoiceStart *s)
{
    if (!snd) return false;
    BusVoices *bv = NULL;
    for (int i = 0; i < snd->nbusv; i++)
        if (!strcmp(snd->busv_name[i], name)) bv = snd->busv[i];
    if (!bv || bv->n >= ORBIT_BUSV_VOICES) return false;
    BusVoice *v = &bv->v[bv->n];
    v->age = -(int64_t)(s->offset < 0 ? 0 : s->offset);
    v->len = frames_of(s->length, bv->rate);
    if (v->len < 2) return false;
    int64_t amin = frames_of(BUSV_ATTACK_MIN_S, bv->rate), rmin = frames_of(BUSV_RELEASE_MIN_S, bv->rate);
    v->att = frames_of(isfinite(s->attack) ? fmin(s->attack, 60.0) : 0.0, bv->rate);
    v->rel = frames_of(isfinite(s->release) ? fmin(s->release, 60.0) : 0.0, bv->rate);
    if (v->att < amin) v->att = amin;
    if (v->rel < rmin) v->rel = rmin;
    if (v->att + v->rel > v->len) { /* both fit, in proportion */
        int64_t a = (int64_t)((double)v->len * (double)v->att / (double)(v->att + v->rel));
        v->rel = v->len - a;
        v->att = a;
    }
    if (v->att < 1) v->att = 1;
    if (v->rel < 1) v->rel = 1;
    float gain = isfinite(s->gain) && s->gain > 0.0f ? (s->gain < 16.0f ? s->gain : 16.0f) : 0.0f;
    double pan = isfinite(s->pan) ? fmin(fmax(s->pan, 0.0), 1.0) : 0.5;
    v->g[0] = gain * (float)sin((1.0 - pan) * M_PI_2);
    v->g[1] = gain * (float)sin(pan * M_PI_2);
    bv->n++;
    return true;
}
