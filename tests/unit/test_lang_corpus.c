/* test_lang_corpus.c - every shared example program and every transform
 * conformance expression parses (shared/ is found through $PHONON_SHARED,
 * else /work/shared; the tests skip when it is absent). */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/arena.h"
#include "core/diag.h"
#include "lang/parser.h"

static const char *shared_dir(void)
{
    const char *s = getenv("PHONON_SHARED");
    return s && *s ? s : "/work/shared";
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n + 4096 > cap) {
            cap = cap ? cap * 2 : 8192;
            char *nb = realloc(buf, cap);
            assert_non_null(nb);
            buf = nb;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) break;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

static void report(const Diag *d)
{
    diag_print(d, stderr);
}

static char *dump_program(const AstProgram *p)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ast_dump_program(p, f);
    fclose(f);
    return buf;
}

static void test_examples(void **state)
{
    (void)state;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/examples", shared_dir());
    DIR *dh = opendir(dir);
    if (!dh) {
        fprintf(stderr, "no %s: skipped\n", dir);
        skip();
    }
    int files = 0;
    struct dirent *e;
    while ((e = readdir(dh)) != NULL) {
        size_t nl = strlen(e->d_name);
        if (nl < 4 || strcmp(e->d_name + nl - 3, ".ph") != 0) continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t len;
        char *src = read_file(path, &len);
        assert_non_null(src);
        Arena a;
        arena_init(&a, 0, 0);
        Diag d;
        diag_init(&d, path, src, len);
        AstProgram *p = NULL;
        PhStatus s = parse_program(src, len, path, &a, &d, &p);
        if (s != PH_OK) report(&d);
        assert_int_equal(s, PH_OK);
        assert_non_null(p);
        assert_true(p->count >= 1);
        /* every example has an output statement */
        int outs = 0;
        for (int i = 0; i < p->count; i++) outs += p->stmts[i].kind == AST_STMT_OUT;
        assert_int_equal(outs, 1);
        /* the two examples that pin the `#` precedence */
        char *dump = dump_program(p);
        if (strcmp(e->d_name, "06_sample_select.ph") == 0)
            assert_non_null(strstr(dump, "(out : (* (# (s \"bd bd bd bd\") (n \"0 1 2 3\")) 0.8))\n"));
        if (strcmp(e->d_name, "12_acid.ph") == 0)
            assert_non_null(
                strstr(dump, "(out $ (* (# (saw \"55 55 82.5 55\") (rlpf (+ (* ~env 1800) 400) 9)) 0.3))\n"));
        if (strcmp(e->d_name, "07_transforms.ph") == 0)
            assert_non_null(strstr(dump, "(bus drums : ($ (s \"bd sn\") (fast 2) (every 4 rev)))\n"));
        free(dump);
        diag_free(&d);
        arena_free(&a);
        free(src);
        files++;
    }
    closedir(dh);
    assert_true(files >= 14);
}

static void test_transform_expressions(void **state)
{
    (void)state;
    char path[4096];
    snprintf(path, sizeof path, "%s/conformance/transforms/transforms_public.txt", shared_dir());
    size_t len;
    char *text = read_file(path, &len);
    if (!text) {
        fprintf(stderr, "no %s: skipped\n", path);
        skip();
    }
    int count = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        size_t n = strlen(line);
        while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' ')) line[--n] = '\0';
        if (n == 0) continue;
        Arena a;
        arena_init(&a, 0, 0);
        Diag d;
        diag_init(&d, "transforms_public.txt", line, n);
        /* as a query line */
        AstNode *e = NULL;
        PhStatus s = parse_expression(line, n, NULL, &a, &d, &e);
        if (s != PH_OK) report(&d);
        assert_int_equal(s, PH_OK);
        assert_non_null(e);
        assert_int_equal(e->offset, 0);
        assert_int_equal(e->length, n);
        diag_free(&d);
        /* and wrapped as a program */
        char *prog = malloc(n + 8);
        snprintf(prog, n + 8, "out: %s\n", line);
        diag_init(&d, "wrapped", prog, strlen(prog));
        AstProgram *p = NULL;
        s = parse_program(prog, strlen(prog), NULL, &a, &d, &p);
        if (s != PH_OK) report(&d);
        assert_int_equal(s, PH_OK);
        assert_int_equal(p->count, 1);
        assert_int_equal(p->stmts[0].kind, AST_STMT_OUT);
        diag_free(&d);
        free(prog);
        arena_free(&a);
        count++;
    }
    free(text);
    assert_true(count >= 179);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_examples),
        cmocka_unit_test(test_transform_expressions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
