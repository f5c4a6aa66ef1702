/*
 * fuzz-jsonl.c - libFuzzer target: the JSON Lines reader of the command
 * (yajl underneath), feeding every document it yields to the extractor.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <whosaid.h>

#include "jsonl-input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static whosaid_extractor *ex;

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
        if (!ex)
            abort();
    }
    if (!size)
        return 0;
    FILE *f = fmemopen((void *)data, size, "rb");
    if (!f)
        return 0;
    jsonl_read(f, "fuzz", "id", "text", on_doc, NULL, NULL);
    fclose(f);
    return 0;
}
