/* kit.c - the built-in kit's bank table and kit_render(): allocate, seed,
 * render one variation, clean it up (kit_finish). The sounds themselves are
 * in kit_drums.c, kit_toms.c, kit_metal.c and kit_tonal.c. */
#include <stdio.h>
#include <string.h>

#include "sample/kit_internal.h"
#include "sample/sample_buffer.h"

/* In byte order of name (kit_bank_info promises it; kit_find relies on it). */
static const KitBankDef *const kit_banks[] = {
    &kit_def_arpy, &kit_def_bass, &kit_def_bd, &kit_def_cb, &kit_def_cp,
    &kit_def_cy,   &kit_def_hh,   &kit_def_ht, &kit_def_lt, &kit_def_mt,
    &kit_def_oh,   &kit_def_pad,  &kit_def_rim, &kit_def_sn, &kit_def_stab,
};
enum { KIT_NBANKS = sizeof kit_banks / sizeof kit_banks[0] };

int kit_bank_count(void) { return KIT_NBANKS; }

const KitBankInfo *kit_bank_info(int i)
{
    return i >= 0 && i < KIT_NBANKS ? &kit_banks[i]->info : NULL;
}

int kit_find(const char *name)
{
    if (!name) return -1;
    for (int i = 0; i < KIT_NBANKS; i++)
        if (strcmp(kit_banks[i]->info.name, name) == 0) return i;
    return -1;
}

/* FNV-1a of the bank name, mixed with the variation: each file its own noise. */
static uint64_t kit_seed(const char *name, int variation)
{
    uint64_t h = 1469598103934665603ull;
    for (const char *p = name; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ull;
    return h ^ ((uint64_t)(variation + 1) * 0xD1B54A32D192ED03ull);
}

PhStatus kit_render(int bank, int variation, double rate, Sample **out)
{
    *out = NULL;
    if (bank < 0 || bank >= KIT_NBANKS || !(rate >= 8000.0 && rate <= 384000.0)) return PH_ERR_ARG;
    const KitBankDef *d = kit_banks[bank];
    if (variation < 0 || variation >= d->info.variations) return PH_ERR_ARG;
    int64_t n = (int64_t)(d->seconds[variation] * rate + 0.5);
    char name[64];
    snprintf(name, sizeof name, "%s/%d (built-in)", d->info.name, variation);
    Sample *s = sample_buf_new(1, n, rate, name);
    if (!s) return PH_ERR_NOMEM;
    KitRender r = { sample_buf_channel(s, 0), n, rate, variation, { 0 } };
    kit_rng_seed(&r.rng, kit_seed(d->info.name, variation));
    d->render(&r);
    kit_finish(r.x, n, rate, d->peak_db, d->fade_in_ms, d->fade_out_ms);
    sample_buf_finish(s);
    *out = s;
    return PH_OK;
}
