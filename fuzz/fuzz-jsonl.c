/*
 * fuzz-jsonl.c - libFuzzer target: the JSON Lines reader of the command
 * (simdjson and yajl underneath), feeding every document it yields to the
 * extractor; and each line read both ways, simdjson's fast path first and
 * yajl alone, which must give the same id, text or message.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <whosaid.h>

#include "jsonl-input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static whosaid_extractor *ex;
static struct jsonl_parser *both, *yajl_only;

static bool
same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

static void
on_line(void *ctx, const char *where, const char *line, size_t n, const char *error)
{
    (void)ctx;
    if (error)
        return;
    const char *id1, *text1, *id2, *text2;
    size_t len1, len2;
    const char *e1 = jsonl_parse(both, line, n, where, &id1, &text1, &len1);
    const char *e2 = jsonl_parse(yajl_only, line, n, where, &id2, &text2, &len2);
    if (!same(e1, e2) || !same(id1, id2) || len1 != len2 || !text1 != !text2 ||
        (text1 && memcmp(text1, text2, len1)))
        abort();
}

static void
on_doc(void *ctx, const char *id, const char *where, const char *text, size_t len,
       const char *error)
{
    (void)ctx;
    if (!id || !where || (!error && !text) || (error && text))
        abort();
    if (text)
        whosaid_doc_free(whosaid_extract(ex, id, text, len, 0, NULL));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ex) {
        whosaid_rules *rules = whosaid_rules_builtin("en", NULL);
        ex = rules ? whosaid_extractor_new(rules, NULL) : NULL;
        both = jsonl_parser_new("id", "text");
        yajl_only = jsonl_parser_new("id", "text");
        if (!ex || !both || !yajl_only)
            abort();
        jsonl_parser_set_fast(yajl_only, false);
    }
    if (!size)
        return 0;
    FILE *f = fmemopen((void *)data, size, "rb");
    if (!f)
        return 0;
    jsonl_read(f, "fuzz", "id", "text", on_doc, NULL, NULL);
    rewind(f);
    jsonl_read_lines(f, "fuzz", on_line, NULL, NULL);
    fclose(f);
    return 0;
}
