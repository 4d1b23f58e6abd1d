/* bench_engine.c - the whole engine (compile once, then the block loop:
 * patterns, nodes, voices, master) on synth programs and examples, with
 * program_finalize's optimisation passes off ("before") and on ("after"),
 * in one process, one thread, 512-frame blocks, no WAV writing.
 *
 * Programs: N saws at distinct pitches, each through its own low-pass
 * (`~vI: saw F # lpf C 0.7`), summed (`out: (~v0 + ... ) * 0.01`), for
 * N = 8, 64 (the target: >= 200x real time), 256; and a few of
 * examples/ (typical programs must not get slower).
 *
 * Columns: x real time (audio seconds / wall seconds, best of 3), and ns
 * per kernel-frame (wall time / (frames x working nodes), where working
 * nodes are every node but constants and bank nodes: a banked oscillator
 * counts as one).
 *
 * First, the lane kernels alone (dsp_bank_lanes.h): 16 saws, then 16
 * low-passes, 512-frame blocks, ns per lane-frame for each ISA the CPU has
 * ("scalar" is the single kernels one after another).
 *
 * usage: bench_engine [seconds of audio per run (default 10)] [examples dir]
 * Reports only; nothing here asserts a time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/diag.h"
#include "dsp/dsp_bank_lanes.h"
#include "engine/engine.h"
#include "lang/compiler.h"
#include "lang/parser.h"
#include "sample/sample_library.h"

#define SR 44100
#define BLOCK 512
#define RUNS 5
#define ALL_OFF 0xFFu

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Sums go through buses of at most 64 terms (the parser's nesting limit). */
static char *synth_program(int n)
{
    size_t cap = (size_t)n * 80 + 256;
    char *s = malloc(cap);
    if (!s) return NULL;
    size_t len = 0;
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(s + len, cap - len, "~v%d: saw %.3f # lpf %d 0.7\n", i,
                                55.0 * (1.0 + (double)i * 0.137), 300 + (57 * i) % 9000);
    int groups = (n + 63) / 64;
    for (int g = 0; g < groups && groups > 1; g++) {
        len += (size_t)snprintf(s + len, cap - len, "~g%d: ", g);
        for (int i = g * 64; i < n && i < g * 64 + 64; i++)
            len += (size_t)snprintf(s + len, cap - len, "%s~v%d", i > g * 64 ? " + " : "", i);
        len += (size_t)snprintf(s + len, cap - len, "\n");
    }
    len += (size_t)snprintf(s + len, cap - len, "out: (");
    for (int i = 0; i < (groups > 1 ? groups : n); i++)
        len += (size_t)snprintf(s + len, cap - len, "%s~%c%d", i ? " + " : "", groups > 1 ? 'g' : 'v', i);
    snprintf(s + len, cap - len, ") * 0.01\n");
    return s;
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *s = malloc(1 << 20);
    size_t n = s ? fread(s, 1, (1 << 20) - 1, f) : 0;
    fclose(f);
    if (s) s[n] = '\0';
    return s;
}

static Program *compile(const char *src, SampleLib *lib, unsigned opt_off)
{
    Diag d;
    size_t len = strlen(src);
    diag_init(&d, "bench.ph", src, len);
    Arena a;
    arena_init(&a, 0, 0);
    AstProgram *ast = NULL;
    Program *p = NULL;
    if (parse_program(src, len, "bench.ph", &a, &d, &ast) == PH_OK) {
        CompileOptions opt = { .sample_rate = SR, .samples = lib, .notes = NULL, .opt_off = opt_off };
        compile_program(ast, &opt, &d, &p);
    }
    if (!p) diag_print(&d, stderr);
    diag_free(&d);
    arena_free(&a);
    return p;
}

static int working_nodes(const Program *p)
{
    int n = 0;
    for (int i = 0; i < p->nnodes; i++) {
        const char *k = p->nodes[i].kind;
        n += !(k && (strcmp(k, "const") == 0 || strcmp(k, "bank") == 0));
    }
    return n;
}

typedef struct Result {
    double xrt, ns;
    int nodes, work, buffers, banks;
} Result;

/* One render of `seconds` (a fresh engine and program); wall seconds, or -1. */
static double render_once(const char *src, SampleLib *lib, unsigned opt_off, double seconds, Result *r)
{
    long frames = (long)(seconds * SR);
    Program *p = compile(src, lib, opt_off);
    if (!p) return -1;
    r->nodes = p->nnodes;
    r->work = working_nodes(p);
    r->buffers = p->nbuffers;
    r->banks = 0;
    for (int i = 0; i < p->nnodes; i++) r->banks += p->nodes[i].kind && strcmp(p->nodes[i].kind, "bank") == 0;
    EngineConfig cfg = { .rate = SR, .block = BLOCK, .threads = 1, .samples = lib, .blocking_loads = true };
    Engine *e = engine_create(&cfg, NULL);
    if (!e) {
        program_destroy(p);
        return -1;
    }
    engine_set_program(e, p);
    static float l[4096], rr[4096];
    double t0 = now();
    for (long done = 0; done < frames;) {
        int n = frames - done < 4096 ? (int)(frames - done) : 4096;
        engine_render(e, l, rr, n);
        done += n;
    }
    double dt = now() - t0;
    engine_destroy(e);
    return dt;
}

/* Before and after, alternating, RUNS times each; the best of each. */
static int measure(const char *src, SampleLib *lib, double seconds, Result *before, Result *after)
{
    double best[2] = { 1e30, 1e30 };
    Result *res[2] = { before, after };
    for (int run = 0; run < RUNS; run++) {
        for (int m = 0; m < 2; m++) {
            double dt = render_once(src, lib, m ? 0 : ALL_OFF, seconds, res[m]);
            if (dt < 0) return -1;
            if (dt < best[m]) best[m] = dt;
        }
    }
    for (int m = 0; m < 2; m++) {
        res[m]->xrt = seconds / best[m];
        res[m]->ns = best[m] * 1e9 / (seconds * SR * (res[m]->work > 0 ? res[m]->work : 1));
    }
    return 0;
}

/* ns per lane-frame of the saw and low-pass lane kernels of one ISA. */
static void lane_row(const DspLaneKernels *k, double seconds)
{
    enum { NL = DSP_LANES_MAX };
    static float a[NL][BLOCK], b[NL][BLOCK];
    DspOsc o[NL];
    DspSvf f[NL];
    DspOscLanes ol;
    DspSvfLanes sl;
    memset(&ol, 0, sizeof ol);
    memset(&sl, 0, sizeof sl);
    ol.count = sl.count = NL;
    ol.wave = DSP_WAVE_SAW;
    for (int v = 0; v < NL; v++) {
        dsp_osc_init(&o[v], SR, DSP_WAVE_SAW);
        dsp_svf_init(&f[v], SR, DSP_SVF_LP);
        ol.osc[v] = &o[v];
        ol.freq[v] = 55.0f * (1.0f + 0.137f * (float)v);
        ol.out[v] = a[v];
        sl.svf[v] = &f[v];
        sl.cutoff[v] = 300.0f + 57.0f * (float)v;
        sl.q[v] = 0.7f;
        sl.in[v] = a[v];
        sl.out[v] = b[v];
    }
    long blocks = (long)(seconds * SR / BLOCK);
    double best[2] = { 1e30, 1e30 };
    for (int run = 0; run < RUNS; run++) {
        double t0 = now();
        for (long i = 0; i < blocks; i++) k->osc(&ol, BLOCK);
        double t1 = now();
        for (long i = 0; i < blocks; i++) k->svf(&sl, BLOCK);
        double t2 = now();
        if (t1 - t0 < best[0]) best[0] = t1 - t0;
        if (t2 - t1 < best[1]) best[1] = t2 - t1;
    }
    double lf = (double)blocks * BLOCK * NL;
    printf("| %-6s | %5.3f | %5.3f |\n", k->name, best[0] * 1e9 / lf, best[1] * 1e9 / lf);
}

static void row(const char *name, const char *src, SampleLib *lib, double seconds)
{
    Result a, b;
    if (!src || measure(src, lib, seconds, &a, &b) != 0) {
        printf("| %-22s | (cannot compile or render) |\n", name);
        return;
    }
    printf("| %-22s | %5d | %4d -> %4d | %8.1f | %8.1f | %5.2fx | %6.2f | %6.2f | %3d | %4d -> %4d |\n", name,
           a.work, a.nodes, b.nodes, a.xrt, b.xrt, b.xrt / a.xrt, a.ns, b.ns, b.banks, a.buffers, b.buffers);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? atof(argv[1]) : 10.0;
    if (!(seconds > 0)) seconds = 10.0;
    const char *dir = argc > 2 ? argv[2] : "examples";
    SampleLibOptions so;
    sample_lib_options_init(&so, SR);
    so.env_path = so.local_dir = so.home = NULL;
    SampleLib *lib = NULL;
    if (sample_lib_open(&lib, &so) != PH_OK) lib = NULL;
    DspLaneKernels k;
    dsp_lane_kernels_pick(&k, DSP_ISA_AUTO);
    printf("bench_engine: %.0f s of audio per run, best of %d, 1 thread, %d-frame blocks, lane kernels: %s (%d lanes)\n",
           seconds, RUNS, BLOCK, k.name, k.lanes);
    printf("| lanes  | saw ns/lane-frame | lpf ns/lane-frame |\n|---|---|---|\n");
    static const DspIsa isas[] = { DSP_ISA_SCALAR, DSP_ISA_AVX2, DSP_ISA_AVX512 };
    const char *done = NULL;
    for (int i = 0; i < 3; i++) {
        DspLaneKernels lk;
        dsp_lane_kernels_pick(&lk, isas[i]);
        if (done && strcmp(done, lk.name) == 0) continue; /* the CPU lacks this one */
        done = lk.name;
        lane_row(&lk, seconds);
    }
    printf("\n| program                | kernels | nodes before -> after | x RT before | x RT after | gain | ns/kf before | ns/kf after | banks | buffers |\n");
    printf("|---|---|---|---|---|---|---|---|---|---|\n");
    static const int sizes[] = { 8, 64, 256 };
    for (int i = 0; i < 3; i++) {
        char name[32];
        snprintf(name, sizeof name, "%d saws x %d lpf", sizes[i], sizes[i]);
        char *src = synth_program(sizes[i]);
        row(name, src, lib, seconds);
        free(src);
    }
    static const char *examples[] = { "03_lfo_filter.ph", "08_synth_and_samples.ph", "09_effects.ph", "10_layers.ph",
                                      "12_acid.ph", "demo.ph" };
    for (size_t i = 0; i < sizeof examples / sizeof examples[0]; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, examples[i]);
        char *src = read_file(path);
        row(examples[i], src, lib, seconds);
        free(src);
    }
    if (lib) sample_lib_close(lib);
    return 0;
}
