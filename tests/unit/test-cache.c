/*
 * test-cache.c - the built-in rules' patterns compiled at build time
 * (src/rules-cache.c): linked with the cache the build made, every pattern
 * of the built-in rules comes from it, the rules extract exactly what
 * freshly compiled ones do, and a damaged or refused cache only means
 * compiling again. The cache names the PCRE2 build that made it
 * (version, Unicode version, link size, newline and \R conventions):
 * another refuses it.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "whosaid-private.h"

#define LQ "\xE2\x80\x9C"
#define RQ "\xE2\x80\x9D"

static const char TEXT[] =
    "Top Chinese diplomat Wang Yi met the press.\n\n" LQ
    "Cyberspace should not become a battlefield," RQ " Wang said on Monday.\n\n"
    "The foreign ministry said: " LQ "We oppose it." RQ "\n";

/* The records of TEXT under @r, one line each: rule, speaker, span. */
static char *
records(const whosaid_rules *r)
{
    whosaid_error err;
    whosaid_extractor *ex = whosaid_extractor_new(r, &err);
    ck_assert_ptr_nonnull(ex);
    whosaid_doc *doc = whosaid_extract(ex, "t", TEXT, strlen(TEXT), 0, &err);
    ck_assert_ptr_nonnull(doc);
    struct ws_buf b = {0};
    for (size_t i = 0; i < whosaid_doc_quote_count(doc); i++) {
        const whosaid_quote *q = whosaid_doc_quote(doc, i);
        char line[256];
        snprintf(line, sizeof line, "%s|%s|%zu-%zu\n", q->rule ? q->rule : "-",
                 q->speaker ? q->speaker : "-", q->quote.start, q->quote.end);
        ck_assert(ws_buf_puts(&b, line));
    }
    ck_assert(ws_buf_putc(&b, '\0'));
    whosaid_doc_free(doc);
    whosaid_extractor_free(ex);
    return b.data;
}

/* Loads the built-in rules through @cache (NULL: none), interpreted. */
static whosaid_rules *
load(struct rules_cache *cache)
{
    size_t n;
    const struct rule_source *src = rules_builtin_sources("en", &n);
    ck_assert_ptr_nonnull(src);
    whosaid_error err;
    whosaid_rules *r = rules_load_sources_cache(src, n, WHOSAID_RULES_NO_JIT, cache, &err);
    ck_assert_msg(r != NULL, "%s", err.msg);
    return r;
}

/* Asserts that two compiled patterns are of one size. */
static void
same_size(const pcre2_code *a, const pcre2_code *b)
{
    size_t x = 0, y = 0;
    pcre2_pattern_info(a, PCRE2_INFO_SIZE, &x);
    pcre2_pattern_info(b, PCRE2_INFO_SIZE, &y);
    ck_assert_uint_eq(x, y);
}

/* Asserts that @r extracts from TEXT what freshly compiled rules do. */
static void
same_records_as_fresh(const whosaid_rules *r)
{
    whosaid_rules *fresh = load(NULL);
    char *x = records(r), *y = records(fresh);
    ck_assert_str_eq(x, y);
    ck_assert_ptr_nonnull(strstr(x, "Wang Yi"));
    free(x);
    free(y);
    whosaid_rules_free(fresh);
}

/*
 * A writable copy of the build's cache (aligned as the original), its
 * length in *@len, and where its keys begin in *@keys: after the 16-byte
 * header and the PCRE2 build's name, padded to 8 bytes.
 */
static unsigned char *
cache_copy(size_t *len, size_t *keys)
{
    const unsigned char *data = rules_cache_data(len);
    ck_assert_ptr_nonnull(data);
    unsigned char *copy = aligned_alloc(8, (*len + 7) / 8 * 8);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, data, *len);
    uint32_t clen;
    memcpy(&clen, data + 12, 4);
    *keys = 16 + ((size_t)clen + 7) / 8 * 8;
    return copy;
}

START_TEST(test_every_pattern_from_the_cache)
{
    size_t len;
    const unsigned char *data = rules_cache_data(&len);
    ck_assert_ptr_nonnull(data);
    struct rules_cache c;
    ck_assert(rules_cache_open(&c, data, len));
    ck_assert_uint_gt(c.n, 30);
    whosaid_rules *cached = load(&c);
    ck_assert_uint_eq(c.hits, c.n); /* the build's rules are these rules */
    size_t total = 0;
    ck_assert_uint_eq(whosaid_rules_precompiled(cached, &total), c.n);
    ck_assert_uint_eq(total, c.n);
    rules_cache_close(&c);
    whosaid_rules *fresh = load(NULL);
    ck_assert_uint_eq(cached->nrules, fresh->nrules);
    for (size_t i = 0; i < fresh->nrules; i++)
        same_size(cached->rules[i].code, fresh->rules[i].code);
    ck_assert_uint_eq(cached->nreqs, fresh->nreqs);
    for (size_t i = 0; i < fresh->nreqs; i++)
        same_size(cached->reqs[i].code, fresh->reqs[i].code);
    same_records_as_fresh(cached);
    whosaid_rules_free(cached);
    whosaid_rules_free(fresh);
}
END_TEST

/* A pattern whose key does not match is compiled; the others still come from the cache. */
START_TEST(test_changed_key_compiles)
{
    size_t len, keys;
    unsigned char *copy = cache_copy(&len, &keys);
    copy[keys] ^= 1; /* the first key's hash */
    struct rules_cache c;
    ck_assert(rules_cache_open(&c, copy, len));
    whosaid_rules *r = load(&c);
    ck_assert_uint_eq(c.hits, c.n - 1);
    rules_cache_close(&c);
    same_records_as_fresh(r);
    whosaid_rules_free(r);
    free(copy);
}
END_TEST

/*
 * Loads the built-in rules and one more file, @extra, through the build's
 * cache: the error's message when it is refused (NULL when it loads), the
 * cache's hits in *@hits and its size in *@n.
 */
static char *
load_with_extra(const char *extra, size_t *hits, size_t *n)
{
    size_t len, nsrc;
    const unsigned char *data = rules_cache_data(&len);
    const struct rule_source *builtin = rules_builtin_sources("en", &nsrc);
    ck_assert_ptr_nonnull(data);
    ck_assert_ptr_nonnull(builtin);
    struct rule_source *src = calloc(nsrc + 1, sizeof *src);
    ck_assert_ptr_nonnull(src);
    memcpy(src, builtin, nsrc * sizeof *src);
    src[nsrc] = (struct rule_source){"99-extra.rules", extra, strlen(extra)};
    struct rules_cache c;
    ck_assert(rules_cache_open(&c, data, len));
    whosaid_error err;
    whosaid_rules *r = rules_load_sources_cache(src, nsrc + 1, WHOSAID_RULES_NO_JIT, &c, &err);
    *hits = c.hits;
    *n = c.n;
    rules_cache_close(&c);
    free(src);
    char *msg = r ? NULL : strdup(err.msg);
    ck_assert(r || msg);
    whosaid_rules_free(r);
    return msg;
}

/*
 * The check for nested unbounded quantifiers runs on every pattern the
 * cache does not hold (the cached ones passed it when whosaid was built):
 * with the cache open, a new rule that nests them is still refused, in
 * its pattern or in its requires; a new rule that does not loads, beside
 * the built-in rules taken from the cache.
 */
/* Asserts that loading the built-in rules and @extra is refused with a message holding @want. */
static void
refused_with(const char *extra, const char *want)
{
    size_t hits, n;
    char *msg = load_with_extra(extra, &hits, &n);
    ck_assert_ptr_nonnull(msg);
    ck_assert_msg(strstr(msg, want), "%s", msg);
    free(msg);
}

START_TEST(test_uncached_pattern_checked)
{
    refused_with("%format 1\n[rule x.nested]\nanchor = after\n"
                 "pattern = (?<speaker>(?:{NAME}\\s*)+) said\n",
                 "rule x.nested: nested unbounded quantifiers");
    refused_with("%format 1\n[rule x.nested]\nanchor = after\n"
                 "pattern = (?<speaker>{NAME}) said\nrequires = (?:said\\s*)+\n",
                 "rule x.nested: requires: nested unbounded quantifiers");
    size_t hits, n;
    char *msg = load_with_extra("%format 1\n[rule x.fine]\nanchor = after\n"
                                "pattern = (?<speaker>{NAME}) said\n",
                                &hits, &n);
    ck_assert_msg(msg == NULL, "%s", msg);
    ck_assert_uint_eq(hits, n);
}
END_TEST

/* Damage PCRE2 refuses, a bad header, a short file or the environment: no cache at all. */
START_TEST(test_refused_cache)
{
    size_t len, keys;
    unsigned char *copy = cache_copy(&len, &keys);
    const unsigned char *data = rules_cache_data(&len);
    struct rules_cache c;
    uint32_t n, clen;
    memcpy(&n, data + 8, 4);
    memcpy(&clen, data + 12, 4);
    size_t blob = keys + (size_t)n * sizeof(struct rules_cache_key) + 8;
    /* magic, format, count, the PCRE2 build's length and text, the size, PCRE2's own header */
    size_t spots[] = {0, 4, 8, 12, 16, 16 + clen - 1, blob - 1, blob, blob + 4};
    for (size_t k = 0; k < sizeof spots / sizeof spots[0]; k++) {
        memcpy(copy, data, len);
        copy[spots[k]] ^= 0x40;
        ck_assert_msg(!rules_cache_open(&c, copy, len), "byte %zu", spots[k]);
        ck_assert_uint_eq(c.n, 0);
    }
    memcpy(copy, data, len);
    ck_assert(!rules_cache_open(&c, copy, len - 1));
    ck_assert(!rules_cache_open(&c, copy, 10));
    ck_assert(!rules_cache_open(&c, NULL, 0));
    setenv("WHOSAID_NO_RULES_CACHE", "1", 1);
    ck_assert(!rules_cache_open(&c, copy, len));
    unsetenv("WHOSAID_NO_RULES_CACHE");
    ck_assert(rules_cache_open(&c, copy, len));
    rules_cache_close(&c);
    free(copy);
}
END_TEST

static Suite *
cache_suite(void)
{
    Suite *s = suite_create("cache");
    TCase *tc = tcase_create("cache");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_every_pattern_from_the_cache);
    tcase_add_test(tc, test_changed_key_compiles);
    tcase_add_test(tc, test_refused_cache);
    tcase_add_test(tc, test_uncached_pattern_checked);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(cache_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
