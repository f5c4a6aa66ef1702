/*
 * fuzz-segment.c - libFuzzer target: the segmenter's sentence breaks, ICU
 * reading only windows around the characters after which a sentence may
 * end, against ICU's breaks over the whole text. Any difference aborts.
 * The input (made valid UTF-8, as every document is) is split at its first
 * byte 0x01 into a part before the range and the range itself.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "whosaid-private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct segmenter *sg;
static UBreakIterator *bi;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!sg) {
        whosaid_error err;
        UErrorCode st = U_ZERO_ERROR;
        sg = seg_new(&err);
        bi = ubrk_open(UBRK_SENTENCE, "en", NULL, 0, &st);
        if (!sg || U_FAILURE(st))
            abort();
    }
    size_t len, invalid;
    char *t = utf8_repair((const char *)data, size, &len, &invalid);
    if (!t)
        return 0;
    const char *cut = memchr(t, 0x01, len);
    size_t from = cut ? (size_t)(cut - t) + 1 : 0;
    const size_t *got;
    size_t n = seg_breaks(sg, t, from, len, &got);
    if (n == SIZE_MAX) {
        free(t);
        return 0; /* out of memory */
    }
    UErrorCode st = U_ZERO_ERROR;
    UText ut = UTEXT_INITIALIZER;
    utext_openUTF8(&ut, t + from, (int64_t)(len - from), &st);
    ubrk_setUText(bi, &ut, &st);
    if (U_FAILURE(st))
        abort();
    size_t k = 0;
    ubrk_first(bi);
    for (int32_t b; (b = ubrk_next(bi)) != UBRK_DONE; k++)
        if (k >= n || got[k] != from + (size_t)b)
            abort();
    /* ICU gives no break for an empty range; the segmenter gives its end */
    if (k != n && !(k == 0 && n == 1 && got[0] == len))
        abort();
    utext_close(&ut);
    free(t);
    return 0;
}
