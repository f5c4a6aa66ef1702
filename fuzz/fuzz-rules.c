/*
 * fuzz-rules.c - libFuzzer target: the rule-file loader. The input is one
 * more file after the shipped English rules (so it may use their macros and
 * lexicons): a .lex file when the first byte is odd, a .rules file when it
 * is even. Whatever the bytes, loading ends in rules or in an error with a
 * message; rules that load are run over a short text. The JIT is off
 * (WHOSAID_NO_JIT): compiling the shipped rules' machine code for every
 * input would leave the fuzzer ten runs a second.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "whosaid-private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    setenv("WHOSAID_NO_JIT", "1", 0);
    size_t n;
    const struct rule_source *builtin = rules_builtin_sources("en", &n);
    struct rule_source *src = malloc((n + 1) * sizeof *src);
    if (!src || !builtin)
        abort();
    memcpy(src, builtin, n * sizeof *src);
    src[n].name = size && (data[0] & 1) ? "fuzz.lex" : "fuzz.rules";
    src[n].data = size ? (const char *)data + 1 : "";
    src[n].len = size ? size - 1 : 0;
    whosaid_error err;
    memset(&err, 0, sizeof err);
    whosaid_rules *r = rules_load_sources(src, n + 1, &err);
    if (!r && err.msg[0] == '\0')
        abort(); /* a failure always says why */
    if (r) {
        whosaid_extractor *ex = whosaid_extractor_new(r, NULL);
        static const char text[] = "\xE2\x80\x9CWe will not give up,\xE2\x80\x9D Ana Ribeiro said. "
                                   "She added: \"It is ours.\"\n\nMr Ribeiro said \xE2\x80\x98no\xE2\x80\x99.";
        whosaid_doc *doc = ex ? whosaid_extract(ex, "t", text, sizeof text - 1, 0, NULL) : NULL;
        whosaid_doc_free(doc);
        whosaid_extractor_free(ex);
        whosaid_rules_free(r);
    }
    free(src);
    return 0;
}
