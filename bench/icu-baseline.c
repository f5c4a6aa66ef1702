/*
 * icu-baseline.c - the benchmark's baseline: ICU sentence segmentation of
 * every document of a JSON Lines file, through UText over the UTF-8 text
 * (as whosaid's segmenter does), and nothing else. Prints the number of
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

#include <jansson.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

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
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, "en@ss=standard", NULL, 0, &st);
    UText ut = UTEXT_INITIALIZER;
    char *line = NULL;
    size_t cap = 0, docs = 0, bytes = 0, sentences = 0;
    double icu = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0) {
        json_t *o = json_loadb(line, (size_t)n, 0, NULL);
        const char *text = o ? json_string_value(json_object_get(o, "text")) : NULL;
        if (text) {
            size_t len = json_string_length(json_object_get(o, "text"));
            struct timespec t0, t1;
            clock_gettime(CLOCK_MONOTONIC, &t0);
            utext_openUTF8(&ut, text, (int64_t)len, &st);
            ubrk_setUText(bi, &ut, &st);
            for (int32_t b = ubrk_first(bi); b != UBRK_DONE; b = ubrk_next(bi))
                sentences++;
            clock_gettime(CLOCK_MONOTONIC, &t1);
            icu += (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
            docs++;
            bytes += len;
        }
        json_decref(o);
    }
    printf("%zu docs %zu bytes %zu sentences %.6f icu_seconds\n", docs, bytes, sentences, icu);
    utext_close(&ut);
    ubrk_close(bi);
    free(line);
    fclose(f);
    return U_FAILURE(st) ? 1 : 0;
}
