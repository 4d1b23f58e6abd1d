/* dsp_reverb.c - Freeverb-style stereo reverb (see dsp_reverb.h).
 *
 * Per side: the 8 combs run interleaved over the block (see combs()), then
 * the 4 allpasses in series, each over the whole block. */
#include "dsp/dsp_reverb.h"

#include <stdlib.h>
#include <string.h>

/* Freeverb's tunings in samples at 44.1 kHz. */
static const int COMB_TUNING[DSP_REVERB_COMBS] = { 1116, 1188, 1277, 1356, 1422, 1491, 1557, 1617 };
static const int AP_TUNING[DSP_REVERB_ALLPASSES] = { 556, 441, 341, 225 };
#define STEREO_SPREAD 23
#define FIXED_GAIN 0.015f /* input attenuation: 8 summed combs of high feedback */
#define ROOM_SCALE 0.28f
#define ROOM_OFFSET 0.7f
#define DAMP_SCALE 0.4f
#define AP_FEEDBACK 0.5f

static int scaled(int len, float sr)
{
    int n = (int)((float)len * sr / 44100.0f + 0.5f);
    return n < 1 ? 1 : n;
}

PhStatus dsp_reverb_init(DspReverb *k, float sample_rate)
{
    memset(k, 0, sizeof *k);
    k->sr = dsp_rate(sample_rate);
    size_t total = 0;
    for (int c = 0; c < 2; c++) {
        for (int i = 0; i < DSP_REVERB_COMBS; i++) total += (size_t)scaled(COMB_TUNING[i] + c * STEREO_SPREAD, k->sr);
        for (int i = 0; i < DSP_REVERB_ALLPASSES; i++) total += (size_t)scaled(AP_TUNING[i] + c * STEREO_SPREAD, k->sr);
    }
    k->mem = calloc(total, sizeof(float));
    if (!k->mem) return PH_ERR_NOMEM;
    float *p = k->mem;
    for (int c = 0; c < 2; c++) {
        for (int i = 0; i < DSP_REVERB_COMBS; i++) {
            k->comb[c][i].buf = p;
            k->comb[c][i].len = scaled(COMB_TUNING[i] + c * STEREO_SPREAD, k->sr);
            p += k->comb[c][i].len;
        }
        for (int i = 0; i < DSP_REVERB_ALLPASSES; i++) {
            k->ap[c][i].buf = p;
            k->ap[c][i].len = scaled(AP_TUNING[i] + c * STEREO_SPREAD, k->sr);
            p += k->ap[c][i].len;
        }
    }
    return PH_OK;
}

void dsp_reverb_reset(DspReverb *k)
{
    for (int c = 0; c < 2; c++) {
        for (int i = 0; i < DSP_REVERB_COMBS; i++) {
            DspReverbLine *l = &k->comb[c][i];
            if (l->buf) memset(l->buf, 0, (size_t)l->len * sizeof(float));
            l->pos = 0;
            l->store = 0.0f;
        }
        for (int i = 0; i < DSP_REVERB_ALLPASSES; i++) {
            DspReverbLine *l = &k->ap[c][i];
            if (l->buf) memset(l->buf, 0, (size_t)l->len * sizeof(float));
            l->pos = 0;
        }
    }
}

void dsp_reverb_adopt(DspReverb *dst, const DspReverb *src)
{
    if (!dst->mem || !src->mem || dst->mem == src->mem || dst->sr != src->sr) return;
    size_t total = 0;
    for (int c = 0; c < 2; c++) {
        for (int i = 0; i < DSP_REVERB_COMBS; i++) {
            dst->comb[c][i].pos = src->comb[c][i].pos;
            dst->comb[c][i].store = src->comb[c][i].store;
            total += (size_t)dst->comb[c][i].len;
        }
        for (int i = 0; i < DSP_REVERB_ALLPASSES; i++) {
            dst->ap[c][i].pos = src->ap[c][i].pos;
            dst->ap[c][i].store = src->ap[c][i].store;
            total += (size_t)dst->ap[c][i].len;
        }
    }
    memcpy(dst->mem, src->mem, total * sizeof(float));
}

void dsp_reverb_free(DspReverb *k)
{
    free(k->mem);
    k->mem = NULL;
    memset(k->comb, 0, sizeof k->comb);
    memset(k->ap, 0, sizeof k->ap);
}

/* The 8 lowpass-feedback combs of one side, interleaved frame by frame so
 * their 8 independent recursions overlap in the CPU (processing one comb at
 * a time serialises on each comb's filter-store dependency):
 *   y = buf[pos]; store = y*(1-d) + store*d; buf[pos] = x + store*fb; sum y.
 * Denormals are flushed where values are written to the buffers (off the
 * tight recursion) and on the stores once per block. */
static void combs(DspReverbLine *c, const float *x, const float *fb, const float *damp,
                  float *acc, int n)
{
    float *b[DSP_REVERB_COMBS], st[DSP_REVERB_COMBS];
    int pos[DSP_REVERB_COMBS], len[DSP_REVERB_COMBS];
    for (int j = 0; j < DSP_REVERB_COMBS; j++) {
        b[j] = c[j].buf; st[j] = c[j].store; pos[j] = c[j].pos; len[j] = c[j].len;
    }
    for (int i = 0; i < n; i++) {
        float d = damp[i], nd = 1.0f - d, f = fb[i], xi = x[i], sum = 0.0f;
        for (int j = 0; j < DSP_REVERB_COMBS; j++) {
            float y = b[j][pos[j]];
            st[j] = y * nd + st[j] * d;
            b[j][pos[j]] = dsp_flush(xi + st[j] * f);
            sum += y;
            pos[j] = pos[j] + 1 == len[j] ? 0 : pos[j] + 1;
        }
        acc[i] = sum;
    }
    for (int j = 0; j < DSP_REVERB_COMBS; j++) {
        c[j].store = dsp_flush(st[j]); c[j].pos = pos[j];
    }
}

/* Freeverb's allpass: y = -x + buf[pos]; buf[pos] = x + buf[pos]*0.5. In place. */
static void allpass(DspReverbLine *l, float *x, int n)
{
    float *b = l->buf;
    int pos = l->pos, len = l->len;
    for (int i = 0; i < n; i++) {
        float bo = b[pos];
        float in = x[i];
        b[pos] = dsp_flush(in + bo * AP_FEEDBACK);
        x[i] = bo - in;
        pos = pos + 1 == len ? 0 : pos + 1;
    }
    l->pos = pos;
}

void dsp_reverb_process(DspReverb *k, const float *const in[2], float *const out[2], int nch,
                        const float *room, const float *damping, const float *mix, int n)
{
    if (!k->mem || n <= 0) return;
    if (n > DSP_BLOCK_MAX) n = DSP_BLOCK_MAX;
    nch = nch == 2 ? 2 : 1;
    float x[DSP_BLOCK_MAX], fb[DSP_BLOCK_MAX], damp[DSP_BLOCK_MAX], wet[2][DSP_BLOCK_MAX];
    for (int i = 0; i < n; i++) {
        float s = nch == 2 ? in[0][i] + in[1][i] : 2.0f * in[0][i];
        /* Non-finite input never enters the tail (it would ring forever). */
        x[i] = dsp_finite_or_zero(s) * FIXED_GAIN;
        fb[i] = dsp_clampf(room[i], 0.0f, 1.0f) * ROOM_SCALE + ROOM_OFFSET;
        damp[i] = dsp_clampf(damping[i], 0.0f, 1.0f) * DAMP_SCALE;
    }
    for (int c = 0; c < nch; c++) { /* mono output needs only the left lines */
        combs(k->comb[c], x, fb, damp, wet[c], n);
        for (int j = 0; j < DSP_REVERB_ALLPASSES; j++) allpass(&k->ap[c][j], wet[c], n);
    }
    for (int c = 0; c < nch; c++) {
        const float *xi = in[c];
        float *y = out[c];
        for (int i = 0; i < n; i++) {
            float m = dsp_clampf(mix[i], 0.0f, 1.0f);
            y[i] = xi[i] * (1.0f - m) + wet[c][i] * m;
        }
    }
}
