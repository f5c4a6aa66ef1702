/*
 * fuzz-html.c - libFuzzer target: the HTML reader of the command (libxml2's
 * HTML parser and the article walk), feeding the text to the extractor.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <whosaid.h>

#include "html-input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static whosaid_extractor *ex;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ex) {
        whosaid_rules *rules = whosaid_rules_builtin("en", NULL);
        ex = rules ? whosaid_extractor_new(rules, NULL) : NULL;
        if (!ex)
            abort();
    }
    char *error = NULL;
    size_t len = 0;
    char *text = html_article_text((const char *)data, size, "fuzz.html", &len, &error);
    if (!text == !error)
        abort(); /* exactly one of text and error */
    if (text) {
        if (strlen(text) > len)
            abort();
        whosaid_doc_free(whosaid_extract(ex, "fuzz", text, len, 0, NULL));
    }
    free(text);
    free(error);
    return 0;
}
