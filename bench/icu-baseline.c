/*
 * icu-baseline.c - the benchmark's baseline: ICU sentence segmentation of
 * every document of a JSON Lines file, through UText over the UTF-8 text
 * (as whosaid's segmenter does), with ICU's plain English rules, and
 * nothing else. The JSON is read by whosaid's own reader. Prints the number of
 * documents, bytes of text and sentences, and the seconds spent in ICU
 * alone (reading and parsing the JSON is timed apart).
 *
 * usage: icu-baseline FILE.jsonl
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "jsonl-input.h"

struct run {
    UBreakIterator *bi;
    UText ut;
    UErrorCode st;
    size_t docs, bytes, sentences;
    double icu;
};

static void
on_doc(void *ctx, const char *id, const char *where, const char *text, size_t len,
       const char *error)
{
    struct run *r = ctx;
    (void)id;
    (void)where;
    if (error || !text)
        return;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    utext_openUTF8(&r->ut, text, (int64_t)len, &r->st);
    ubrk_setUText(r->bi, &r->ut, &r->st);
    for (int32_t b = ubrk_first(r->bi); b != UBRK_DONE; b = ubrk_next(r->bi))
        r->sentences++;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    r->icu += (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    r->docs++;
    r->bytes += len;
}

int
main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: icu-baseline FILE.jsonl\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    struct run r = {0};
    UText init = UTEXT_INITIALIZER;
    r.ut = init;
    r.bi = ubrk_open(UBRK_SENTENCE, "en", NULL, 0, &r.st);
    if (U_FAILURE(r.st)) {
        fprintf(stderr, "icu-baseline: %s\n", u_errorName(r.st));
        return 2;
    }
    jsonl_read(f, argv[1], "id", "text", on_doc, &r, NULL);
    printf("%zu docs %zu bytes %zu sentences %.6f icu_seconds\n", r.docs, r.bytes, r.sentences,
           r.icu);
    utext_close(&r.ut);
    ubrk_close(r.bi);
    fclose(f);
    return U_FAILURE(r.st) ? 1 : 0;
}
