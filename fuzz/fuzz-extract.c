/*
 * fuzz-extract.c - libFuzzer target: the extractor and the JSON Lines
 * writer on arbitrary bytes; whosaid_doc_jsonl() must give the writer's
 * bytes. The first byte picks the options (as cmark's fuzzer does); the
 * rest is the document.
 */
#define _POSIX_C_SOURCE 200809L /* open_memstream() */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <whosaid.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static whosaid_rules *rules;
static whosaid_extractor *ex;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!rules) {
        rules = whosaid_rules_builtin("en", NULL);
        ex = rules ? whosaid_extractor_new(rules, NULL) : NULL;
        if (!ex)
            abort();
    }
    unsigned opts = size && (data[0] & 1) ? WHOSAID_OPT_ALL : WHOSAID_OPT_DEFAULT;
    const char *text = size ? (const char *)data + 1 : "";
    size_t len = size ? size - 1 : 0;
    whosaid_error err;
    whosaid_doc *doc = whosaid_extract(ex, "fuzz", text, len, opts, &err);
    if (!doc)
        abort(); /* only out of memory may fail, and the fuzzer's limit aborts first */
    size_t tlen;
    whosaid_doc_text(doc, &tlen);
    for (size_t i = 0; i < whosaid_doc_quote_count(doc); i++) {
        const whosaid_quote *q = whosaid_doc_quote(doc, i);
        if (q->quote.start > q->quote.end || q->quote.end > tlen || q->quote.cp_start > q->quote.cp_end)
            abort();
        if (q->speaker_mention.start != WHOSAID_NOSPAN && q->speaker_mention.end > tlen)
            abort();
    }
    /* the writer's records, and whosaid_doc_jsonl()'s: the same bytes */
    char *mem = NULL, *buf = NULL;
    size_t mlen = 0, blen = 0, cap = 0;
    FILE *out = open_memstream(&mem, &mlen);
    if (out) {
        whosaid_writer *w = whosaid_writer_new(WHOSAID_FORMAT_JSONL, out, NULL);
        whosaid_writer_doc(w, doc);
        whosaid_writer_close(w);
        fclose(out);
        if (whosaid_doc_jsonl(doc, &buf, &blen, &cap) == WHOSAID_OK &&
            (blen != mlen || memcmp(buf, mem, blen) != 0))
            abort();
    }
    free(mem);
    free(buf);
    whosaid_doc_free(doc);
    return 0;
}
