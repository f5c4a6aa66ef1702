/*
 * test-lexicon.c - lexicons built by hand: lex_finish (sorting, duplicate
 * forms), lex_lookup (case and white space folding) and lex_to_pattern
 * (every form matches, nothing else does, metacharacters are escaped,
 * weak entries are left out).
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "whosaid-private.h"
#include "whosaid-pcre.h"

/*
 * Adds an entry whose forms are the NULL-terminated @forms (the first is
 * the lemma), folded as the loader folds them.
 */
static struct lex_entry *
add_entry(struct lexicon *lex, const char *const *forms, bool weak, uint8_t gender)
{
    ck_assert(WS_GROW(lex->entries, lex->entries_cap, lex->nentries + 1));
    struct lex_entry *e = &lex->entries[lex->nentries];
    memset(e, 0, sizeof *e);
    e->lemma = lex_keep(lex, forms[0], strlen(forms[0]), false);
    ck_assert_ptr_nonnull(e->lemma);
    e->weak = weak;
    e->gender = gender;
    for (size_t i = 0; forms[i]; i++) {
        ck_assert(WS_GROW(lex->forms, lex->forms_cap, lex->nforms + 1));
        char *f = lex_keep(lex, forms[i], strlen(forms[i]), true);
        ck_assert_ptr_nonnull(f);
        lex->forms[lex->nforms].form = f;
        lex->forms[lex->nforms].entry = lex->nentries;
        lex->nforms++;
    }
    lex->nentries++;
    return e;
}

#define ENTRY(lex, weak, ...) \
    add_entry((lex), (const char *const[]){__VA_ARGS__, NULL}, (weak), LEX_GENDER_NONE)

static void
lex_init(struct lexicon *lex, const char *name)
{
    memset(lex, 0, sizeof *lex);
    lex->name = ws_strdup(name);
    ck_assert_ptr_nonnull(lex->name);
}

/* A verb lexicon with one- and two-word forms and a weak entry. */
static void
build_verbs(struct lexicon *lex)
{
    lex_init(lex, "VERB");
    ENTRY(lex, false, "say", "said", "says", "saying");
    ENTRY(lex, false, "call for", "called for", "calls for", "calling for");
    ENTRY(lex, false, "tell", "told", "tells");
    ENTRY(lex, false, "add", "added", "adds");
    ENTRY(lex, true, "note", "noted"); /* weak: look-ups only */
    ck_assert_ptr_null(lex_finish(lex, NULL));
}

/* Compiles @pat as (?i)^(?:pat)$ (or without $ when !@whole). */
static pcre2_code *
compile_anchored(const char *pat, bool whole)
{
    size_t n = strlen(pat) + 32;
    char *full = malloc(n);
    ck_assert_ptr_nonnull(full);
    snprintf(full, n, "(?i)^(?:%s)%s", pat, whole ? "$" : "");
    int ec;
    PCRE2_SIZE eoff;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)full, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP,
                                     &ec, &eoff, NULL);
    if (!code) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(ec, msg, sizeof msg);
        ck_abort_msg("pattern %s does not compile: %s at %zu", full, (const char *)msg, (size_t)eoff);
    }
    free(full);
    return code;
}

/* The length of the match of @code at the start of @s, or -1. */
static long
match_len(const pcre2_code *code, const char *s)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
    ck_assert_ptr_nonnull(md);
    int rc = pcre2_match(code, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);
    long len = rc > 0 ? (long)pcre2_get_ovector_pointer(md)[1] : -1;
    pcre2_match_data_free(md);
    return len;
}

static bool
matches(const pcre2_code *code, const char *s)
{
    return match_len(code, s) >= 0;
}

START_TEST(test_finish_sorts)
{
    struct lexicon lex;
    build_verbs(&lex);
    for (size_t i = 1; i < lex.nforms; i++)
        ck_assert_int_lt(strcmp(lex.forms[i - 1].form, lex.forms[i].form), 0);
    ck_assert_uint_eq(lex.max_words, 2);
    lex_free(&lex);
    ck_assert_ptr_null(lex.forms);
    ck_assert_uint_eq(lex.nforms, 0);
}
END_TEST

START_TEST(test_finish_duplicate)
{
    struct lexicon lex;
    lex_init(&lex, "VERB");
    ENTRY(&lex, false, "say", "said");
    ENTRY(&lex, false, "tell", "told");
    ENTRY(&lex, false, "utter", "Said"); /* folds to "said" */
    const char *dup = lex_finish(&lex, NULL);
    ck_assert_ptr_nonnull(dup);
    ck_assert_str_eq(dup, "said");
    lex_free(&lex);
}
END_TEST

START_TEST(test_finish_duplicate_within_entry)
{
    struct lexicon lex;
    lex_init(&lex, "X");
    ENTRY(&lex, false, "call for", "call   for");
    const char *dup = lex_finish(&lex, NULL);
    ck_assert_ptr_nonnull(dup);
    ck_assert_str_eq(dup, "call for");
    lex_free(&lex);
}
END_TEST

START_TEST(test_fold_dup)
{
    char *f = lex_fold_dup("  Call \t\n For  ", 15);
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f, "call for");
    free(f);
    f = lex_fold_dup("ABC", 2);
    ck_assert_str_eq(f, "ab");
    free(f);
}
END_TEST

START_TEST(test_lookup_case_insensitive)
{
    struct lexicon lex;
    build_verbs(&lex);
    const struct lex_entry *e = lex_lookup(&lex, "SAID", 4);
    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(e->lemma, "say");
    ck_assert_ptr_eq(lex_lookup(&lex, "Said", 4), e);
    ck_assert_ptr_eq(lex_lookup(&lex, "saying", 6), e);
    e = lex_lookup(&lex, "Told", 4);
    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(e->lemma, "tell");
    /* @n bounds the key: "said" out of "saidx" */
    ck_assert_ptr_eq(lex_lookup(&lex, "saidx", 4), lex_lookup(&lex, "said", 4));
    lex_free(&lex);
}
END_TEST

START_TEST(test_lookup_folds_space)
{
    struct lexicon lex;
    build_verbs(&lex);
    const struct lex_entry *e = lex_lookup(&lex, "call for", 8);
    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(e->lemma, "call for");
    ck_assert_ptr_eq(lex_lookup(&lex, "Called   FOR", 12), lex_lookup(&lex, "called for", 10));
    ck_assert_ptr_eq(lex_lookup(&lex, "calls\t\nfor", 10), e);
    ck_assert_ptr_eq(lex_lookup(&lex, " calling for ", 13), e);
    lex_free(&lex);
}
END_TEST

START_TEST(test_lookup_misses)
{
    struct lexicon lex;
    build_verbs(&lex);
    ck_assert_ptr_null(lex_lookup(&lex, "sai", 3));
    ck_assert_ptr_null(lex_lookup(&lex, "saidx", 5));
    ck_assert_ptr_null(lex_lookup(&lex, "call", 4));
    ck_assert_ptr_null(lex_lookup(&lex, "callfor", 7));
    ck_assert_ptr_null(lex_lookup(&lex, "", 0));
    ck_assert_ptr_null(lex_lookup(NULL, "said", 4));
    /* a key longer than the look-up buffer is no form, and no overflow */
    char big[1000];
    memset(big, 'a', sizeof big);
    ck_assert_ptr_null(lex_lookup(&lex, big, sizeof big));
    lex_free(&lex);
}
END_TEST

/* lex_may_start: the first words of forms, case-folded; nothing else */
START_TEST(test_may_start)
{
    struct lexicon lex;
    build_verbs(&lex);
    ck_assert(lex_may_start(&lex, "said", 4));
    ck_assert(lex_may_start(&lex, "CALLED", 6)); /* called for */
    ck_assert(lex_may_start(&lex, "calling", 7));
    ck_assert(lex_may_start(&lex, "noted", 5)); /* weak entries too */
    ck_assert(!lex_may_start(&lex, "for", 3)); /* a second word only */
    ck_assert(!lex_may_start(&lex, "sai", 3));
    ck_assert(!lex_may_start(&lex, "saidx", 5));
    ck_assert(!lex_may_start(&lex, "", 0));
    /* every form's first word is found: the table holds all of them */
    for (size_t i = 0; i < lex.nforms; i++) {
        const char *f = lex.forms[i].form;
        const char *sp = strchr(f, ' ');
        ck_assert(lex_may_start(&lex, f, sp ? (size_t)(sp - f) : strlen(f)));
    }
    ck_assert(!lex_may_start(NULL, "said", 4));
    lex_free(&lex);
}
END_TEST

START_TEST(test_lookup_weak_found)
{
    struct lexicon lex;
    build_verbs(&lex);
    const struct lex_entry *e = lex_lookup(&lex, "Noted", 5);
    ck_assert_ptr_nonnull(e);
    ck_assert(e->weak);
    ck_assert_str_eq(e->lemma, "note");
    lex_free(&lex);
}
END_TEST

START_TEST(test_pattern_matches_every_form)
{
    struct lexicon lex;
    build_verbs(&lex);
    char *pat = lex_to_pattern(&lex);
    ck_assert_ptr_nonnull(pat);
    pcre2_code *code = compile_anchored(pat, true);
    for (size_t i = 0; i < lex.nforms; i++) {
        if (lex.entries[lex.forms[i].entry].weak)
            continue;
        ck_assert_msg(matches(code, lex.forms[i].form), "form '%s' does not match %s",
                      lex.forms[i].form, pat);
    }
    ck_assert(matches(code, "SAID"));
    ck_assert(matches(code, "Calls For"));
    pcre2_code_free(code);
    free(pat);
    lex_free(&lex);
}
END_TEST

START_TEST(test_pattern_rejects_non_forms)
{
    struct lexicon lex;
    build_verbs(&lex);
    char *pat = lex_to_pattern(&lex);
    ck_assert_ptr_nonnull(pat);
    pcre2_code *code = compile_anchored(pat, true);
    static const char *const bad[] = {"sai", "saidx", "xsaid", "call", "callfor", "call for x",
                                      "tol", "", " said", "said "};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(!matches(code, bad[i]), "'%s' matches %s", bad[i], pat);
    pcre2_code_free(code);
    free(pat);
    lex_free(&lex);
}
END_TEST

START_TEST(test_pattern_multiword_spaces)
{
    struct lexicon lex;
    build_verbs(&lex);
    char *pat = lex_to_pattern(&lex);
    pcre2_code *code = compile_anchored(pat, true);
    ck_assert(matches(code, "call for"));
    ck_assert(matches(code, "call    for"));
    ck_assert(matches(code, "called\tfor"));
    ck_assert(matches(code, "calling \n for"));
    pcre2_code_free(code);
    free(pat);
    lex_free(&lex);
}
END_TEST

START_TEST(test_pattern_longest_first)
{
    struct lexicon lex;
    build_verbs(&lex);
    char *pat = lex_to_pattern(&lex);
    /* unanchored at the end, the longest form must win */
    pcre2_code *code = compile_anchored(pat, false);
    ck_assert_int_eq(match_len(code, "saying so"), 6);
    ck_assert_int_eq(match_len(code, "says"), 4);
    ck_assert_int_eq(match_len(code, "calls  for help"), 10);
    ck_assert_int_eq(match_len(code, "added"), 5);
    pcre2_code_free(code);
    free(pat);
    lex_free(&lex);
}
END_TEST

START_TEST(test_pattern_leaves_out_weak)
{
    struct lexicon lex;
    build_verbs(&lex);
    char *pat = lex_to_pattern(&lex);
    pcre2_code *code = compile_anchored(pat, true);
    ck_assert(!matches(code, "note"));
    ck_assert(!matches(code, "noted"));
    pcre2_code_free(code);
    free(pat);
    lex_free(&lex);
}
END_TEST

START_TEST(test_pattern_all_weak_matches_nothing)
{
    struct lexicon lex;
    lex_init(&lex, "X");
    ENTRY(&lex, true, "maybe");
    ck_assert_ptr_null(lex_finish(&lex, NULL));
    char *pat = lex_to_pattern(&lex);
    ck_assert_ptr_nonnull(pat);
    pcre2_code *code = compile_anchored(pat, false);
    ck_assert(!matches(code, "maybe"));
    ck_assert(!matches(code, ""));
    pcre2_code_free(code);
    free(pat);
    lex_free(&lex);
}
END_TEST

START_TEST(test_pattern_escapes_metacharacters)
{
    struct lexicon lex;
    lex_init(&lex, "TITLE");
    ENTRY(&lex, false, "Dr", "Dr.");
    ENTRY(&lex, false, "Sen.");
    ENTRY(&lex, false, "U.S. Rep.");
    ENTRY(&lex, false, "C++ (lead)");
    ENTRY(&lex, false, "a|b", "x*", "y?", "$z^", "[q]", "{n}", "#hash", "back\\slash", "co-chair",
          "one/two");
    ck_assert_ptr_null(lex_finish(&lex, NULL));
    char *pat = lex_to_pattern(&lex);
    ck_assert_ptr_nonnull(pat);
    pcre2_code *code = compile_anchored(pat, true);
    static const char *const good[] = {"dr",   "Dr.",   "sen.", "U.S. Rep.", "u.s.   rep.",
                                       "c++ (lead)",    "a|b",  "x*",  "y?",   "$z^",
                                       "[q]",  "{n}",   "#hash", "back\\slash", "co-chair",
                                       "one/two"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        ck_assert_msg(matches(code, good[i]), "'%s' does not match %s", good[i], pat);
    static const char *const bad[] = {"Drx", "Senx", "sen", "UxSx Rep.", "USS Rep.", "c (lead)",
                                      "ccc lead", "a",   "b",    "xxx", "",    "y",
                                      "z",   "q",    "nn",   "hash", "backslash", "cochair",
                                      "co chair", "onetwo"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(!matches(code, bad[i]), "'%s' matches %s", bad[i], pat);
    pcre2_code_free(code);

    /* the escapes hold under (?x) too: '#' and spaces are no comments */
    size_t n = strlen(pat) + 16;
    char *full = malloc(n);
    snprintf(full, n, "(?xi)^(?:%s)$", pat);
    int ec;
    PCRE2_SIZE eoff;
    code = pcre2_compile((PCRE2_SPTR)full, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &ec, &eoff, NULL);
    ck_assert_ptr_nonnull(code);
    ck_assert(matches(code, "#hash"));
    ck_assert(matches(code, "u.s. rep."));
    ck_assert(!matches(code, "hash"));
    pcre2_code_free(code);
    free(full);
    free(pat);
    lex_free(&lex);
}
END_TEST

START_TEST(test_pattern_non_ascii)
{
    /* forms sharing the lead byte of a 2-byte character (é C3 A9, è C3 A8) */
    struct lexicon lex;
    lex_init(&lex, "X");
    ENTRY(&lex, false, "caf\xC3\xA9", "caf\xC3\xA8", "cafe");
    ENTRY(&lex, false, "\xE2\x80\x9Cq\xE2\x80\x9D", "\xE2\x80\x98q\xE2\x80\x99");
    ck_assert_ptr_null(lex_finish(&lex, NULL));
    char *pat = lex_to_pattern(&lex);
    ck_assert_ptr_nonnull(pat);
    pcre2_code *code = compile_anchored(pat, true); /* fails on a split character */
    ck_assert(matches(code, "caf\xC3\xA9"));
    ck_assert(matches(code, "caf\xC3\xA8"));
    ck_assert(matches(code, "cafe"));
    ck_assert(matches(code, "\xE2\x80\x9Cq\xE2\x80\x9D"));
    ck_assert(matches(code, "\xE2\x80\x98q\xE2\x80\x99"));
    ck_assert(!matches(code, "caf"));
    ck_assert(!matches(code, "caf\xC3\xAA"));
    ck_assert(!matches(code, "\xE2\x80\x9Cq\xE2\x80\x99"));
    pcre2_code_free(code);
    free(pat);
    lex_free(&lex);
}
END_TEST

START_TEST(test_pattern_prefix_forms)
{
    /* forms that are prefixes of one another */
    struct lexicon lex;
    lex_init(&lex, "X");
    ENTRY(&lex, false, "a");
    ENTRY(&lex, false, "ab");
    ENTRY(&lex, false, "abc");
    ENTRY(&lex, false, "abd");
    ENTRY(&lex, false, "b");
    ck_assert_ptr_null(lex_finish(&lex, NULL));
    char *pat = lex_to_pattern(&lex);
    pcre2_code *whole = compile_anchored(pat, true), *pre = compile_anchored(pat, false);
    static const char *const good[] = {"a", "ab", "abc", "abd", "b", "ABD"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        ck_assert_msg(matches(whole, good[i]), "'%s' does not match %s", good[i], pat);
    static const char *const bad[] = {"abe", "ac", "bb", "abcd", "c"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(!matches(whole, bad[i]), "'%s' matches %s", bad[i], pat);
    ck_assert_int_eq(match_len(pre, "abcd"), 3);
    ck_assert_int_eq(match_len(pre, "abx"), 2);
    ck_assert_int_eq(match_len(pre, "ax"), 1);
    pcre2_code_free(whole);
    pcre2_code_free(pre);
    free(pat);
    lex_free(&lex);
}
END_TEST

/* ---- lexicon words by callout ---- */

/* Compiles @pat (UTF, UCP) or fails the test with PCRE2's message. */
static pcre2_code *
compile_plain(const char *pat)
{
    int ec;
    PCRE2_SIZE eoff;
    pcre2_code *code =
        pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP, &ec, &eoff, NULL);
    if (!code) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(ec, msg, sizeof msg);
        ck_abort_msg("pattern %s does not compile: %s at %zu", pat, (const char *)msg, (size_t)eoff);
    }
    return code;
}

/* Which lexicons have a word pattern: plain words only, at most four of them. */
START_TEST(test_word_pattern_shapes)
{
    static char longest[LEX_WORD_FORM_MAX + 2];
    memset(longest, 'a', sizeof longest - 1);
    static const char *const refused[] = {"g7", "gov.", "caf\xC3\xA9", "o'brien", "a b c d e", "x_y",
                                          longest};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        struct lexicon lex;
        lex_init(&lex, "X");
        ENTRY(&lex, false, "fine", "fine two", "fine-three");
        ENTRY(&lex, false, refused[i]);
        ck_assert_ptr_null(lex_finish(&lex, NULL));
        char *pat = lex_to_word_pattern(&lex, 0);
        ck_assert_msg(pat == NULL, "'%s' has a word pattern", refused[i]);
        lex_free(&lex);
    }
    struct lexicon lex;
    lex_init(&lex, "X");
    ENTRY(&lex, false, "fine", "a b c d", "fine-three");
    ENTRY(&lex, true, "caf\xC3\xA9", "gov."); /* weak: never matched, so no matter */
    ck_assert_ptr_null(lex_finish(&lex, NULL));
    char *pat = lex_to_word_pattern(&lex, 3);
    ck_assert_ptr_nonnull(pat);
    /* lexicon 3: callouts 16 to 19, one a word count, and 20, its gate, before them all */
    ck_assert_ptr_nonnull(strstr(pat, "(?C16)"));
    ck_assert_ptr_nonnull(strstr(pat, "(?C19)"));
    ck_assert_ptr_eq(strstr(pat, "(?C20)"), pat + 3);
    ck_assert_ptr_nonnull(strstr(pat, "(?:" LEX_SPACE_CLASS "++|-)"));
    free(pat);
    ck_assert_ptr_null(lex_to_word_pattern(&lex, LEX_CALLOUT_LEXICONS)); /* no callout number left */
    lex_free(&lex);
    lex_init(&lex, "X");
    ENTRY(&lex, true, "say", "said");
    ck_assert_ptr_null(lex_finish(&lex, NULL));
    ck_assert_ptr_null(lex_to_word_pattern(&lex, 0)); /* only weak forms: the tree's (*FAIL) */
    lex_free(&lex);
}
END_TEST

/* @frame with each "@X" replaced by @x, into @out (@cap bytes). */
static void
frame_with(const char *frame, const char *x, char *out, size_t cap)
{
    size_t o = 0, xl = strlen(x);
    for (const char *f = frame; *f; f++) {
        bool at_x = f[0] == '@' && f[1] == 'X';
        size_t n = at_x ? xl : 1;
        ck_assert_uint_lt(o + n, cap);
        memcpy(out + o, at_x ? x : f, n);
        o += n;
        f += at_x;
    }
    out[o] = '\0';
}

/*
 * The white space between the words of a form: PCRE2's \\s (UTF, UCP), the
 * class the word patterns write out, and lex_space() agree on every code
 * point of the Basic Multilingual Plane and on samples beyond it. A PCRE2
 * with another idea of \\s fails here before any record differs.
 */
START_TEST(test_space_class_is_pcre2_space)
{
    pcre2_code *s = compile_plain("^\\s$"), *c = compile_plain("^" LEX_SPACE_CLASS "$");
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    ck_assert_ptr_nonnull(md);
    size_t spaces = 0;
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp += cp < 0x10000 ? 1 : 97) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        char u[5];
        size_t n = utf8_encode(cp, u);
        bool a = pcre2_match(s, (PCRE2_SPTR)u, n, 0, 0, md, NULL) > 0;
        bool b = pcre2_match(c, (PCRE2_SPTR)u, n, 0, 0, md, NULL) > 0;
        bool d = lex_space(u, 0, n) == n;
        ck_assert_msg(a == b && b == d, "U+%04X: \\s %d, class %d, lex_space %d", (unsigned)cp, a, b, d);
        spaces += a;
    }
    ck_assert_uint_eq(spaces, 26);
    pcre2_match_data_free(md);
    pcre2_code_free(s);
    pcre2_code_free(c);
}
END_TEST

/* A tiny deterministic generator (the test must fail the same way twice). */
static uint32_t
next_rand(uint32_t *state)
{
    *state = *state * 1103515245u + 12345u;
    return *state >> 8;
}

/* A paragraph list of one paragraph, whose bounds each text sets. */
static void
one_paragraph(struct seg_result *seg)
{
    memset(seg, 0, sizeof *seg);
    seg->paras = calloc(1, sizeof *seg->paras);
    ck_assert_ptr_nonnull(seg->paras);
    seg->nparas = 1;
}

/*
 * The lexicon of the word pattern's tests: forms of one to three words,
 * joined by spaces or a hyphen, forms that begin others ("call", "call
 * for"), forms of one letter, and a weak entry.
 */
static void
build_word_lexicon(struct lexicon *lex)
{
    lex_init(lex, "X");
    ENTRY(lex, false, "say", "said", "says", "saying");
    ENTRY(lex, false, "call", "called", "calls");
    ENTRY(lex, false, "call for", "called for", "calls for");
    ENTRY(lex, false, "call on");
    ENTRY(lex, false, "attorney general", "attorneys general", "attorney-general");
    ENTRY(lex, false, "go", "goes", "going", "go on", "going on the");
    ENTRY(lex, false, "ask", "asks", "kick", "s", "sk");
    ENTRY(lex, true, "note", "noted", "say so");
    ck_assert_ptr_null(lex_finish(lex, NULL));
}

/* One to seven of the @npiece pieces, joined by the @njoint joints, at random: @text's length. */
static size_t
random_text(uint32_t *state, const char *const *piece, size_t npiece, const char *const *joint,
            size_t njoint, char *text, size_t cap)
{
    size_t n = 0, pieces = 1 + next_rand(state) % 7;
    for (size_t i = 0; i < pieces; i++) {
        const char *p = piece[next_rand(state) % npiece];
        const char *j = joint[next_rand(state) % njoint];
        n += (size_t)snprintf(text + n, cap - n, "%s%s", i ? j : "", p);
    }
    return n;
}

/*
 * The word pattern with its callout finds exactly what the prefix tree
 * followed by \b finds, at every start of thousands of random texts made of
 * forms, near-forms, the long s, the Kelvin sign, digits, marks and every
 * kind of joint - alone, and where the rest of a pattern makes PCRE2 back
 * off to a shorter form ("called" of "called for").
 */
START_TEST(test_word_pattern_same_as_tree)
{
    struct lexicon lex;
    build_word_lexicon(&lex);
    char *tree = lex_to_pattern(&lex), *word = lex_to_word_pattern(&lex, 0);
    ck_assert_ptr_nonnull(tree);
    ck_assert_ptr_nonnull(word);
    struct whosaid_rules R;
    memset(&R, 0, sizeof R);
    R.lexicons = &lex;
    R.nlexicons = 1;
    pcre2_match_context *mc = pcre2_match_context_create(NULL);
    ck_assert_ptr_nonnull(mc);
    struct lex_callout_data D = {.rules = &R};
    pcre2_set_callout(mc, lex_callout, &D);
    /*
     * Frames: alone; with words after it that only a shorter form leaves;
     * a second look-up on the path, in a negative look-ahead, a repetition
     * or a look-ahead, after which PCRE2 backs off into the first one.
     * Each frame's group f is compared besides the whole match.
     */
    static const char *const frame[] = {
        "(?<f>@X)",
        "(?<f>@X)\\s+(?:for|on|the|general)\\b",
        "(?<f>@X)\\s+(?!@X)\\p{Lu}\\w*",
        "(?:(?<f>@X)\\W+){2}",
        "(?<f>@X)(?=\\s+@X)",
        "(?!@X)(?<f>\\w+)",
        "(?<f>@X)(?:\\s+(?!@X)\\p{Lu}\\w*){0,2}\\s+(?:x|\\d)",
        "(?xx)(?<f>@X)",                                         /* a space in a class is dropped */
        "(?U)(?<f>@X)(?:\\s+(?:for|on|the|general)\\b)?",   /* lazy: still the longest form first */
    };
    enum { NFRAMES = sizeof frame / sizeof frame[0] };
    pcre2_code *codes[NFRAMES][2];
    uint32_t fgroup[NFRAMES][2];
    for (int f = 0; f < NFRAMES; f++) {
        char tree_x[4096], word_x[1024], buf[16384];
        snprintf(tree_x, sizeof tree_x, "(?:%s)\\b", tree);
        snprintf(word_x, sizeof word_x, "(?:%s)", word);
        for (int w = 0; w < 2; w++) {
            frame_with(frame[f], w ? word_x : tree_x, buf, sizeof buf);
            codes[f][w] = compile_plain(buf);
            int g = pcre2_substring_number_from_name(codes[f][w], (PCRE2_SPTR) "f");
            ck_assert_int_gt(g, 0);
            fgroup[f][w] = (uint32_t)g;
        }
    }
    static const char *const piece[] = {
        "say", "SAID", "\xC5\xBF" "aid", "Says", "saying", "call", "CALLED", "Calls", "for", "FOR",
        "on", "the", "attorney", "Attorneys", "general", "General", "go", "goes", "going", "ask",
        "a\xC5\xBF" "k", "\xE2\x84\xAA" "ick", "kick", "sk", "s", "note", "noted", "so", "x", "foo",
        "\xC3\xA9", "1", "_", "\xE2\x80\x99", "'", ".", ","};
    static const char *const joint[] = {" ", "  ", "\t", "\n", "\xC2\xA0", "\xE3\x80\x80", "-",
                                        "", "--", " - ", "\xE2\x80\x8B"};
    pcre2_match_data *md = pcre2_match_data_create(16, NULL);
    ck_assert_ptr_nonnull(md);
    /*
     * Every other text with its words read, as the engine's documents
     * have them: lex_callout() then keeps the first word it read at a
     * place, for the next branch there, and each verdict by its place,
     * for the next time it is asked there. Each place is tried with the
     * text's end and with an end inside it, one after the other: a word
     * read up to one end is not the word up to another. (A verdict kept
     * across documents, or across ends, fails this test.)
     */
    struct lex_words W = {0};
    lex_words_reset(&W);
    struct seg_result seg;
    one_paragraph(&seg);
    uint32_t state = 12345;
    size_t compared = 0, found = 0;
    for (int round = 0; round < 3000; round++) {
        char text[512];
        size_t n = random_text(&state, piece, sizeof piece / sizeof piece[0], joint,
                               sizeof joint / sizeof joint[0], text, sizeof text);
        lex_words_reset(&W); /* a new document's text, in the same buffer */
        seg.paras[0].start = 0;
        seg.paras[0].end = n;
        D.words = round % 2 ? &W : NULL;
        if (D.words)
            ck_assert(lex_read_words(&W, text, &seg, 0));
        for (size_t at = 0; at <= n; at++) {
            if (at < n && ((unsigned char)text[at] & 0xC0) == 0x80)
                continue; /* inside a character */
            for (int cut = 0; cut < (D.words ? 2 : 1); cut++) {
                size_t len = cut % 2 ? at + (n - at) / 2 : n;
                while (len > at && ((unsigned char)text[len] & 0xC0) == 0x80)
                    len--; /* not inside a character */
                for (int f = 0; f < NFRAMES; f++) {
                    PCRE2_SIZE got[2][4];
                    int rc[2];
                    for (int w = 0; w < 2; w++) {
                        rc[w] = pcre2_match(codes[f][w], (PCRE2_SPTR)text, len, at, 0, md, mc);
                        const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
                        uint32_t g = fgroup[f][w];
                        got[w][0] = rc[w] > 0 ? ov[0] : 0;
                        got[w][1] = rc[w] > 0 ? ov[1] : 0;
                        got[w][2] = rc[w] > 0 && (int)g < rc[w] ? ov[2 * g] : 0;
                        got[w][3] = rc[w] > 0 && (int)g < rc[w] ? ov[2 * g + 1] : 0;
                    }
                    ck_assert_msg((rc[0] > 0) == (rc[1] > 0) && !memcmp(got[0], got[1], sizeof got[0]),
                                  "frame %d at %zu (end %zu) of '%s': tree %d [%zu,%zu) f [%zu,%zu), word %d "
                                  "[%zu,%zu) f [%zu,%zu)",
                                  f, at, len, text, rc[0], (size_t)got[0][0], (size_t)got[0][1],
                                  (size_t)got[0][2], (size_t)got[0][3], rc[1], (size_t)got[1][0],
                                  (size_t)got[1][1], (size_t)got[1][2], (size_t)got[1][3]);
                    compared++;
                    found += rc[0] > 0;
                }
            }
        }
    }
    ck_assert_uint_gt(found, compared / 10); /* the texts hold forms often enough to test */
    /* the next document in the same buffer: the last one's word is not taken for its own */
    char doc[16];
    D.words = &W;
    static const char *const docs[] = {"saying x", "say, xxx"};
    for (int i = 0; i < 2; i++) {
        strcpy(doc, docs[i]);
        lex_words_reset(&W);
        seg.paras[0].end = strlen(doc);
        ck_assert(lex_read_words(&W, doc, &seg, 0));
        ck_assert_int_gt(pcre2_match(codes[0][1], (PCRE2_SPTR)doc, strlen(doc), 0, 0, md, mc), 0);
        ck_assert_uint_eq(pcre2_get_ovector_pointer(md)[1], i ? 3 : 6);
    }
    lex_words_free(&W);
    seg_result_free(&seg);
    pcre2_match_data_free(md);
    for (int f = 0; f < NFRAMES; f++)
        for (int w = 0; w < 2; w++)
            pcre2_code_free(codes[f][w]);
    pcre2_match_context_free(mc);
    free(tree);
    free(word);
    lex_free(&lex);
}
END_TEST

static bool
ascii_only(const char *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)t[i] >= 0x80)
            return false;
    return true;
}

/* Callout 255 of test_form_at_as_pcre2's pattern: notes where a form ends and fails, so PCRE2 tries
 * the next. */
struct form_ends {
    struct lex_callout_data *D;
    size_t ends[16], n;
};

static int
note_form_end(pcre2_callout_block *cb, void *data)
{
    struct form_ends *F = data;
    if (cb->callout_number != 255)
        return lex_callout(cb, F->D);
    if (F->n < 16)
        F->ends[F->n++] = cb->current_position;
    return 1;
}

/*
 * lex_form_at() finds at a word the very forms that \b(?:WORD)\b, the
 * lexicon's word pattern anchored there, matches, each end of them (a
 * callout after the pattern notes each and fails, so that PCRE2 goes on
 * to the shorter forms): over texts of forms, near-forms, digits, '_',
 * letters and spaces outside ASCII and every kind of joint, with ends at
 * the text's end, in and after the word, and in and at the end of the
 * next. Where it cannot tell (-1), the engine asks PCRE2: in ASCII text,
 * only where the end cuts a word.
 */
START_TEST(test_form_at_as_pcre2)
{
    struct lexicon lex;
    build_word_lexicon(&lex);
    char *word = lex_to_word_pattern(&lex, 0);
    ck_assert_ptr_nonnull(word);
    char buf[2048];
    snprintf(buf, sizeof buf, "\\b(?:%s)\\b(?C255)", word);
    int ec;
    PCRE2_SIZE eoff;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)buf, PCRE2_ZERO_TERMINATED,
                                     PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED, &ec, &eoff, NULL);
    ck_assert_ptr_nonnull(code);
    struct whosaid_rules R;
    memset(&R, 0, sizeof R);
    R.lexicons = &lex;
    R.nlexicons = 1;
    struct lex_callout_data D = {.rules = &R};
    struct form_ends F = {.D = &D};
    pcre2_match_context *mc = pcre2_match_context_create(NULL);
    ck_assert_ptr_nonnull(mc);
    pcre2_set_callout(mc, note_form_end, &F);
    pcre2_match_data *md = pcre2_match_data_create(4, NULL);
    ck_assert_ptr_nonnull(md);
    /* joined literals ("\xC5\xBF" "aid": a byte outside ASCII, then a letter) kept as written */
    /* clang-format off */
    static const char *const piece[] = {
        "say", "SAID", "\xC5\xBF" "aid", "Says", "saying", "call", "CALLED", "Calls", "for", "FOR",
        "on", "the", "attorney", "Attorneys", "general", "General", "go", "goes", "going", "ask",
        "\xE2\x84\xAA" "ick", "kick", "sk", "s", "note", "noted", "so", "x", "2said", "said2",
        "\xC3\xA9", "1", "_", "\xE2\x80\x99", "'", ".", ",", "\xE2\x80\x94", "called for",
        "Attorney General", "going on the", "call on", "attorney--general", "attorney-_general"};
    static const char *const joint[] = {" ", "  ", "\t", "\n", "\x0B", "\f", "\r\n", "\xC2\xA0",
                                        "\xE3\x80\x80", "-", "", "--", " - ", "_", "\xE2\x80\x8B"};
    /* clang-format on */
    struct lex_words W = {0};
    lex_words_reset(&W);
    struct seg_result seg;
    one_paragraph(&seg);
    uint32_t state = 4242;
    size_t told = 0, untold = 0, found = 0, multi = 0;
    for (int round = 0; round < 4000; round++) {
        char text[512];
        size_t n = random_text(&state, piece, sizeof piece / sizeof piece[0], joint,
                               sizeof joint / sizeof joint[0], text, sizeof text);
        lex_words_reset(&W);
        seg.paras[0].start = 0;
        seg.paras[0].end = n;
        ck_assert(lex_read_words(&W, text, &seg, 0));
        D.words = &W;
        for (size_t k = 0; k < W.n; k++) {
            /* ends: the text's, the word's, in it, after it, in the next word, the next word's */
            size_t next_s = k + 1 < W.n ? W.w[k + 1].s : n, next_e = k + 1 < W.n ? W.w[k + 1].e : n;
            const size_t at[] = {n, W.w[k].e, W.w[k].s + 1, W.w[k].e + 1, next_s + 1, next_e};
            for (size_t cut = 0; cut < sizeof at / sizeof at[0]; cut++) {
                size_t end = at[cut] < n ? at[cut] : n;
                while (end < n && ((unsigned char)text[end] & 0xC0) == 0x80)
                    end++; /* not inside a character */
                size_t ends[LEX_WORDS_MAX];
                int got = lex_form_at(&lex, W.w, W.n, k, text, end, ends);
                if (got < 0) {
                    /* in ASCII, only a place where the end cuts a word is left to PCRE2 */
                    bool cuts = false;
                    for (size_t j = 0; j < W.n; j++)
                        cuts |= W.w[j].s < end && end < W.w[j].e;
                    ck_assert_msg(cuts || !ascii_only(text, n), "'%.*s' (end %zu) untold", (int)n,
                                  text, end);
                    untold++;
                    continue;
                }
                told++;
                F.n = 0;
                int rc = pcre2_match(code, (PCRE2_SPTR)text, end, W.w[k].s, 0, md, mc);
                ck_assert_int_eq(rc, PCRE2_ERROR_NOMATCH); /* the callout fails every end */
                /* PCRE2's order: the longest form first; lex_form_at()'s: the shortest */
                bool same = F.n == (size_t)got;
                for (size_t i = 0; same && i < F.n; i++)
                    same = F.ends[i] == ends[got - 1 - i];
                ck_assert_msg(same,
                              "word %zu of '%.*s' (end %zu): %d forms, PCRE2 %zu (first ends %zu)",
                              k, (int)n, text, end, got, F.n, F.n ? F.ends[0] : 0);
                found += got > 0;
                multi += got > 1 || (got > 0 && ends[got - 1] > W.w[k].e);
            }
        }
    }
    ck_assert_uint_gt(found, told / 10); /* the texts hold forms often enough to test */
    ck_assert_uint_gt(multi, 100);       /* of more words than one too */
    ck_assert_uint_gt(untold, 0);
    lex_words_free(&W);
    seg_result_free(&seg);
    pcre2_match_data_free(md);
    pcre2_match_context_free(mc);
    pcre2_code_free(code);
    free(word);
    lex_free(&lex);
}
END_TEST

/* The words of paragraph @p of @t as "start-end:wide," items. */
static char *
words_of(struct lex_words *W, const char *t, const struct seg_result *seg, size_t p)
{
    ck_assert(lex_read_words(W, t, seg, p));
    struct ws_buf b = {0};
    char item[96];
    for (size_t i = 0; i < W->n; i++) {
        const struct lex_word *w = &W->w[i];
        struct lex_key h = {0}; /* the folded word's, a byte at a time */
        for (size_t k = w->s; k < w->e; k++)
            lex_key_byte(&h, lex_fold_byte((unsigned char)t[k]));
        ck_assert_uint_eq(w->h, lex_key_of(&h));
        snprintf(item, sizeof item, "%.*s:%d,", (int)(w->e - w->s), t + w->s, w->wide);
        ck_assert(ws_buf_puts(&b, item));
    }
    ck_assert(ws_buf_putc(&b, '\0'));
    return b.data;
}

/*
 * A document of at most LEX_WORDS_WHOLE bytes has all its words read at
 * once, a longer one a paragraph at a time: both give the same words.
 */
/*
 * @para (@n bytes) repeated past LEX_WORDS_WHOLE: a document whose words
 * are read a paragraph at a time. Sets *@len.
 */
static char *
long_document(const char *para, size_t n, size_t *len)
{
    size_t reps = LEX_WORDS_WHOLE / n + 2;
    char *big = malloc(n * reps + 1);
    ck_assert_ptr_nonnull(big);
    for (size_t i = 0; i < reps; i++)
        memcpy(big + i * n, para, n);
    big[n * reps] = '\0';
    *len = n * reps;
    return big;
}

START_TEST(test_words_whole_and_by_paragraph)
{
    static const char para[] = "Said Wang_Yi, caf\xC3\xA9 x2 \xE2\x84\xAA" "ELVIN as\xE2\x84\xAA" "ed.\n\n"
                               "O\xE2\x80\x99" "Brien: 42 -- ok\n\n";
    size_t n = sizeof para - 1, len;
    char *big = long_document(para, n, &len);
    struct seg_result small = {0}, large = {0};
    ck_assert(seg_paragraphs(para, n, &small));
    ck_assert(seg_paragraphs(big, len, &large));
    ck_assert_uint_eq(small.nparas, 2);
    struct lex_words W = {0};
    lex_words_reset(&W);
    char *a0 = words_of(&W, para, &small, 0), *a1 = words_of(&W, para, &small, 1);
    ck_assert_int_eq(W.whole, 1);
    ck_assert_str_eq(a0, "Said:0,Wang:0,Yi:0,caf\xC3\xA9:1,x2:0,\xE2\x84\xAA" "ELVIN:1,as\xE2\x84\xAA" "ed:1,");
    ck_assert_str_eq(a1, "O:0,Brien:0,42:0,ok:0,");
    lex_words_reset(&W);
    for (size_t p = large.nparas; p-- > large.nparas - 4;) { /* backwards: any order */
        char *b = words_of(&W, big, &large, p);
        ck_assert_str_eq(b, p % 2 ? a1 : a0);
        free(b);
    }
    ck_assert_int_eq(W.whole, 2);
    free(a0);
    free(a1);
    free(big);
    lex_words_free(&W);
    seg_result_free(&small);
    seg_result_free(&large);
}
END_TEST

/* ---- the lexicon guard ---- */

/* A descriptor lexicon: forms of one and two words, hyphened, one not ASCII. */
static void
build_descriptors(struct lexicon *lex)
{
    lex_init(lex, "DESCRIPTOR");
    ENTRY(lex, false, "minister", "ministers", "foreign minister");
    ENTRY(lex, false, "vice-president");
    ENTRY(lex, false, "spokesman");
    ENTRY(lex, false, "communiqu\xC3\xA9");
    ck_assert_ptr_null(lex_finish(lex, NULL));
}

static const char GUARD_TEXT[] = "Said the top state-owned bank chief spokesman Li.\n\n"
                                 "A caf\xC3\xA9 minister x\n\n"
                                 "No such word here at all\n\n"
                                 "the\xE2\x80\x83top\xE2\x80\x83very\xE2\x80\x83" "fine minister";

/* Byte offset of @word in GUARD_TEXT. */
static size_t
at(const char *word)
{
    const char *p = strstr(GUARD_TEXT, word);
    ck_assert_ptr_nonnull(p);
    return (size_t)(p - GUARD_TEXT);
}

static bool
ahead(struct lex_words *W, const struct lexicon *lex, const char *t, size_t pos, size_t end,
      unsigned n)
{
    const struct lexicon *lexs[] = {lex};
    return lex_ahead(W, lexs, 1, NULL, NULL, t, pos, end, n);
}

/*
 * Words are counted where ASCII white space stands before them: a
 * hyphened word is one, a joint of other spaces is none. Whenever the
 * words cannot tell (a word not all ASCII, one the end cuts, a start
 * inside a word, no words read for the place), the guard passes.
 */
START_TEST(test_ahead_counts_words)
{
    struct lexicon lex;
    build_descriptors(&lex);
    const char *t = GUARD_TEXT;
    size_t len = sizeof GUARD_TEXT - 1;
    struct seg_result seg = {0};
    ck_assert(seg_paragraphs(t, len, &seg));
    ck_assert_uint_eq(seg.nparas, 4);
    struct lex_words W = {0};
    lex_words_reset(&W);
    ck_assert(ahead(&W, &lex, t, at("the top"), len, 0)); /* nothing read: passes */
    ck_assert(lex_read_words(&W, t, &seg, 0));
    ck_assert_int_eq(W.whole, 1);
    /* the(0) top(1) state-owned(2) bank(3) chief(4) spokesman(5) */
    ck_assert(ahead(&W, &lex, t, at("the top"), len, 5));
    ck_assert(!ahead(&W, &lex, t, at("the top"), len, 4));
    ck_assert(ahead(&W, &lex, t, at("top"), len, 4));
    ck_assert(!ahead(&W, &lex, t, at("top"), len, 3));
    ck_assert(ahead(&W, &lex, t, at("spokesman"), len, 0));
    /* asked again backwards, then forwards far: the same answers */
    ck_assert(!ahead(&W, &lex, t, at("Said"), len, 5));
    ck_assert(ahead(&W, &lex, t, at("Said"), len, 6));
    ck_assert(ahead(&W, &lex, t, at("fine"), len, 1));
    ck_assert(!ahead(&W, &lex, t, at("the top"), len, 4));
    /* the end: before the form, or cutting it */
    ck_assert(!ahead(&W, &lex, t, at("the top"), at("spokesman"), 10));
    ck_assert(!ahead(&W, &lex, t, at("the top"), at("spokesman") - 1, 10));
    ck_assert(ahead(&W, &lex, t, at("the top"), at("spokesman") + 5, 10));
    ck_assert(ahead(&W, &lex, t, at("the top"), at("chief") + 2, 10)); /* "ch|ief" cut */
    ck_assert(!ahead(&W, &lex, t, at("the top"), at("chief") + 5, 10));
    /* inside a word: passes */
    ck_assert(ahead(&W, &lex, t, at("tate-owned"), len, 0));
    /* a word not all ASCII passes; the next paragraph's words count too */
    ck_assert(ahead(&W, &lex, t, at("A caf"), len, 1));
    ck_assert(!ahead(&W, &lex, t, at("A caf"), len, 0));
    ck_assert(ahead(&W, &lex, t, at("Li."), len, 3)); /* Li A café */
    ck_assert(!ahead(&W, &lex, t, at("No such"), at(" at all") + 7, 100));
    ck_assert(ahead(&W, &lex, t, at("No such"), len, 100));
    /* em spaces join without a count: the(0) top very fine minister(1) */
    ck_assert(ahead(&W, &lex, t, at("the\xE2\x80\x83"), len, 1));
    ck_assert(!ahead(&W, &lex, t, at("the\xE2\x80\x83"), len, 0));
    /* another text, none, or a place outside the words read: passes */
    char *copy = ws_strdup(t);
    ck_assert_ptr_nonnull(copy);
    ck_assert(ahead(&W, &lex, copy, at("No such"), at(" at all") + 7, 0));
    ck_assert(ahead(NULL, &lex, t, at("No such"), at(" at all") + 7, 0));
    free(copy);
    lex_words_free(&W);
    seg_result_free(&seg);
    lex_free(&lex);
}
END_TEST

/* Read a paragraph at a time (a long document), the guard knows only that paragraph. */
START_TEST(test_ahead_by_paragraph)
{
    struct lexicon lex;
    build_descriptors(&lex);
    static const char para[] = "No such word here at all\n\nthe top minister\n\n";
    size_t len;
    char *big = long_document(para, sizeof para - 1, &len);
    struct seg_result seg = {0};
    ck_assert(seg_paragraphs(big, len, &seg));
    struct lex_words W = {0};
    lex_words_reset(&W);
    ck_assert(lex_read_words(&W, big, &seg, 2));
    ck_assert_int_eq(W.whole, 2);
    size_t ps = seg.paras[2].start, pe = seg.paras[2].end;
    ck_assert(!ahead(&W, &lex, big, ps, pe, 100));
    ck_assert(ahead(&W, &lex, big, ps, pe + 10, 100)); /* runs past the words read */
    ck_assert(ahead(&W, &lex, big, seg.paras[0].start, pe, 0)); /* another paragraph */
    ck_assert(ahead(&W, &lex, big, seg.paras[3].start, seg.paras[3].end, 0));
    ck_assert(lex_read_words(&W, big, &seg, 3));
    ck_assert(!ahead(&W, &lex, big, seg.paras[3].start, seg.paras[3].end, 1));
    ck_assert(ahead(&W, &lex, big, seg.paras[3].start, seg.paras[3].end, 2));
    free(big);
    lex_words_free(&W);
    seg_result_free(&seg);
    lex_free(&lex);
}
END_TEST

/* A guard serves a lexicon whose forms begin with a letter or digit, and no caseless trap. */
START_TEST(test_can_guard)
{
    struct lexicon lex;
    build_descriptors(&lex);
    ck_assert(lex_can_guard(&lex));
    lex_free(&lex);
    static const char *const bad[] = {"'t hooft", "\xC5\xBF" "ir", "\xE2\x84\xAA" "ing", "\xC4\xB1" "t"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        for (int weak = 0; weak < 2; weak++) {
            build_descriptors(&lex);
            ENTRY(&lex, weak, bad[i]);
            ck_assert_ptr_null(lex_finish(&lex, NULL));
            ck_assert_msg(lex_can_guard(&lex) == weak, "%s, weak %d", bad[i], weak);
            lex_free(&lex);
        }
    }
}
END_TEST

/* The first match of @pat (compiled with UTF) in the first @len bytes of @t from @from, or -1. */
static long
guarded_match_to(const char *pat, const char *t, size_t len, size_t from, pcre2_match_context *mc)
{
    int ec;
    PCRE2_SIZE eo;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP,
                                     &ec, &eo, NULL);
    ck_assert_ptr_nonnull(code);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
    int rc = pcre2_match(code, (PCRE2_SPTR)t, len, from, 0, md, mc);
    long s = rc > 0 ? (long)pcre2_get_ovector_pointer(md)[0] : -1;
    pcre2_match_data_free(md);
    pcre2_code_free(code);
    return s;
}

/* The first match of @pat in @t from @from, or -1. */
static long
guarded_match(const char *pat, const char *t, size_t from, pcre2_match_context *mc)
{
    return guarded_match_to(pat, t, strlen(t), from, mc);
}

/* What a guard's callout needs over text @t: rules of @n lexicons, the words of @t, a context. */
struct guard_fixture {
    struct whosaid_rules R;
    struct seg_result seg;
    struct lex_words W;
    struct lex_callout_data D;
    pcre2_match_context *mc;
};

static void
guard_fixture_init(struct guard_fixture *f, struct lexicon *lexs, size_t n, const char *t)
{
    memset(f, 0, sizeof *f);
    f->R.lexicons = lexs;
    f->R.nlexicons = n;
    ck_assert(seg_paragraphs(t, strlen(t), &f->seg));
    lex_words_reset(&f->W);
    ck_assert(lex_read_words(&f->W, t, &f->seg, 0));
    f->D = (struct lex_callout_data){.rules = &f->R, .words = &f->W};
    f->mc = pcre2_match_context_create(NULL);
    ck_assert_ptr_nonnull(f->mc);
    pcre2_set_callout(f->mc, lex_callout, &f->D);
}

static void
guard_fixture_free(struct guard_fixture *f)
{
    pcre2_match_context_free(f->mc);
    lex_words_free(&f->W);
    seg_result_free(&f->seg);
}

/*
 * {... unless STOP}: a whole word of STOP's after the first ends the
 * search (a determiner or modifier is never one), unless it is a form's
 * lead itself, a possessive ("other's", "other’s"), followed by a word
 * character ("of_x"), or holds a digit; the first word never does.
 */
/*
 * lex_ahead_sweep() gives lex_ahead()'s verdict at every word, for guards
 * of one lexicon and of two, with a stop lexicon and without, over
 * hundreds of random texts of leads, stop words, possessives, digits,
 * letters outside ASCII and every kind of joint, with the subject ending
 * at the text's end or inside or after any word, swept from the first
 * word or from one inside.
 */
START_TEST(test_ahead_sweep_as_scan)
{
    struct lexicon lexs[3];
    build_descriptors(&lexs[0]);
    lex_init(&lexs[1], "STOPWORD");
    ENTRY(&lexs[1], false, "of", "the", "other", "minister", "g7");
    ENTRY(&lexs[1], true, "top");
    ck_assert_ptr_null(lex_finish(&lexs[1], NULL));
    lex_init(&lexs[2], "SOURCE");
    ENTRY(&lexs[2], false, "report", "statement");
    ck_assert_ptr_null(lex_finish(&lexs[2], NULL));
    struct whosaid_rules R;
    memset(&R, 0, sizeof R);
    R.lexicons = lexs;
    R.nlexicons = 3;
    static const char *const guards[] = {"W0:6!1", "W0,2:3!1", "W0:1", "W2:0", "W0,2:6"};
    /* clang-format off */
    static const char *const piece[] = {
        "minister", "Minister", "spokesman", "vice-president", "the", "of", "Of", "other",
        "other's", "other\xE2\x80\x99s", "top", "g7", "G7", "report", "head", "x", "Li",
        "caf\xC3\xA9", "communiqu\xC3\xA9", "of_x", "then-president", "1", "_", ",", "."};
    static const char *const joint[] = {" ", "  ", "\n", "\t", "-", ", ", "\xC2\xA0", "\xE2\x80\x99",
                                        "_", "", " - "};
    /* clang-format on */
    struct seg_result seg;
    one_paragraph(&seg);
    uint32_t state = 777;
    size_t swept = 0, passed = 0;
    for (int round = 0; round < 400; round++) {
        char t[512];
        size_t len = random_text(&state, piece, sizeof piece / sizeof *piece, joint,
                                 sizeof joint / sizeof *joint, t, sizeof t);
        len += (size_t)snprintf(t + len, sizeof t - len, " %s", piece[next_rand(&state) % 4]);
        seg.paras[0].start = 0;
        seg.paras[0].end = len;
        struct lex_words W = {0};
        lex_words_reset(&W);
        ck_assert(lex_read_words(&W, t, &seg, 0));
        size_t nw;
        const struct lex_word *w = lex_ahead_words(&W, t, 0, &nw);
        ck_assert_ptr_nonnull(w);
        for (size_t gi = 0; gi < sizeof guards / sizeof *guards; gi++) {
            struct lex_guard_memo g;
            ck_assert(lex_guard_read(&R, guards[gi], strlen(guards[gi]), &g));
            /* the subject ends at the text's end, or inside or right after a word */
            for (size_t e = 0; e <= nw; e++) {
                size_t ends[] = {len, e < nw ? w[e].e : len, e < nw ? w[e].s + 1 : len};
                for (size_t ei = 0; ei < 3; ei++) {
                    size_t end = ends[ei], k1 = 0;
                    while (k1 < nw && w[k1].s < end)
                        k1++;
                    bool pass[256];
                    ck_assert_uint_le(k1, 256);
                    size_t k0 = (size_t)round % 3 == 0 || !k1 ? 0 : next_rand(&state) % k1;
                    lex_ahead_sweep(&W, &g, t, w, nw, k0, k1, end, pass);
                    for (size_t k = k0; k < k1; k++) {
                        bool want = lex_ahead(&W, g.lexs, g.nlexs, g.nlexs > 1 ? g.bloom : NULL,
                                              g.stop, t, w[k].s, end, g.n);
                        ck_assert_msg(pass[k - k0] == want,
                                      "'%.*s' at word %zu (%zu), guard %s, end %zu: %d, scan %d",
                                      (int)len, t, k, w[k].s, guards[gi], end, pass[k - k0], want);
                        swept++;
                        passed += want;
                    }
                }
            }
        }
        lex_words_free(&W);
    }
    /* both verdicts came up, often */
    ck_assert_uint_gt(passed, swept / 10);
    ck_assert_uint_lt(passed, swept - swept / 10);
    seg_result_free(&seg);
    for (size_t i = 0; i < 3; i++)
        lex_free(&lexs[i]);
}
END_TEST

START_TEST(test_ahead_unless)
{
    struct lexicon lex, stop;
    build_descriptors(&lex);
    lex_init(&stop, "STOPWORD");
    ENTRY(&stop, false, "of");
    ENTRY(&stop, false, "the");
    ENTRY(&stop, false, "other");
    ENTRY(&stop, false, "then");
    ENTRY(&stop, false, "minister"); /* a lead as well: the lead counts first */
    ENTRY(&stop, false, "g7");
    ENTRY(&stop, true, "top"); /* weak: no pattern refuses it */
    ck_assert_ptr_null(lex_finish(&stop, NULL));
    static const struct {
        const char *text;
        bool pass;
    } cases[] = {
        {"the top spokesman", true},      /* "the" first, "top" weak */
        {"head of the spokesman", false}, /* "of" */
        {"head Of spokesman", false},     /* any case */
        {"the other spokesman", false},   /* "other" after the first */
        {"other spokesman", true},        /* ... as the first */
        {"the other's spokesman", true},  /* a possessive */
        {"the other\xE2\x80\x99s spokesman", true},
        {"the then-president's spokesman", true}, /* "then" opens the possessive */
        {"head then-x spokesman", true},
        {"head of_x spokesman", true},      /* of_x is no whole word */
        {"head of", false},                 /* at the end */
        {"head G7 spokesman", true},        /* a digit: the pattern reads letters */
        {"head the minister", false},       /* "the" comes before the lead */
        {"head minister", true},            /* a stop word that leads a form */
        {"head-of spokesman", true},        /* joined by a hyphen: not counted */
        {"head\xC2\xA0of spokesman", true}, /* nor by a no-break space */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *t = cases[i].text;
        size_t len = strlen(t);
        struct seg_result seg = {0};
        ck_assert(seg_paragraphs(t, len, &seg));
        struct lex_words W = {0};
        lex_words_reset(&W);
        ck_assert(lex_read_words(&W, t, &seg, 0));
        const struct lexicon *lexs[] = {&lex};
        ck_assert_msg(lex_ahead(&W, lexs, 1, NULL, &stop, t, 0, len, 6) == cases[i].pass, "%s", t);
        bool lead = strstr(t, "spokesman") || strstr(t, "minister");
        ck_assert_msg(lex_ahead(&W, lexs, 1, NULL, NULL, t, 0, len, 6) == lead, "%s, no STOP", t);
        lex_words_free(&W);
        seg_result_free(&seg);
    }
    /* the callout the loader writes, 'W0:6!1': "of" and "the" stop it until "the" is first */
    struct lexicon both[2] = {lex, stop};
    static const char t[] = "head of the spokesman";
    struct guard_fixture f;
    guard_fixture_init(&f, both, 2, t);
    pcre2_match_context *mc = f.mc;
    ck_assert_int_eq(guarded_match("\\b(?C'W0:6!1')\\w+", t, 0, mc), 8);
    ck_assert_int_eq(guarded_match("\\b(?C'W0:6')\\w+", t, 0, mc), 0);
    /* a stop lexicon out of range, or no digits: a string the engine did not write passes */
    ck_assert_int_eq(guarded_match("\\b(?C'W0:6!2')\\w+", t, 0, mc), 0);
    ck_assert_int_eq(guarded_match("\\b(?C'W0:6!')\\w+", t, 0, mc), 0);
    ck_assert_int_eq(guarded_match("\\b(?C'W0:6!1x')\\w+", t, 0, mc), 0);
    guard_fixture_free(&f);
    lex_free(&stop);
    lex_free(&lex);
}
END_TEST

/*
 * The callout the loader writes for {DESCRIPTOR within 1}: a start is
 * skipped when no descriptor begins within a word; a string the engine
 * did not write, or a callout without words, passes.
 */
START_TEST(test_guard_callout)
{
    struct lexicon lex;
    build_descriptors(&lex);
    const char *t = GUARD_TEXT;
    struct guard_fixture f;
    guard_fixture_init(&f, &lex, 1, t);
    pcre2_match_context *mc = f.mc;
    /*
     * Three times: each string read anew, then with the extractor's memo
     * of strings read (each pattern is made and freed in turn: one may
     * take another's place, string and all but the digits), then with its
     * tables of each string's verdicts by place too.
     */
    static struct lex_guard_memo memo[LEX_GUARD_MEMOS];
    static struct lex_guard_table tables[LEX_GUARD_MEMOS];
    for (int pass = 0; pass < 3; pass++) {
        f.D.guards = pass ? memo : NULL;
        f.D.guard_tables = pass == 2 ? tables : NULL;
        /* from "state": state bank chief spokesman; "chief" is the first with one within a word */
        ck_assert_int_eq(guarded_match("\\b(?C'W0:1')\\w+", t, at("state"), mc), (long)at("chief"));
        ck_assert_int_eq(guarded_match("\\b(?C'W0,0:1')\\w+", t, at("state"), mc), (long)at("chief"));
        ck_assert_int_eq(guarded_match("\\b(?C'W0:3')\\w+", t, at("state"), mc), (long)at("state"));
        /* the em-spaced "the top very fine minister": no start before the form has it within none */
        ck_assert_int_eq(guarded_match("\\b(?C'W0:0')\\w+", t, at("No such"), mc), (long)at("fine minister") + 5);
        static const char *const odd[] = {"\\b(?C'W')\\w+", "\\b(?C'W1:0')\\w+", "\\b(?C'Wx:0')\\w+",
                                          "\\b(?C'W0:')\\w+", "\\b(?C'W0')\\w+", "\\b(?C'X0:0')\\w+",
                                          "\\b(?C'W0:0x')\\w+"};
        for (size_t i = 0; i < sizeof odd / sizeof *odd; i++)
            ck_assert_int_eq(guarded_match(odd[i], t, at("state"), mc), (long)at("state"));
        /*
         * One guard at one place, asked again at once (as by two macros
         * with the same guard): the verdict is kept only for the same
         * string, place and subject end. "spokesman" is within a word of
         * "chief" unless the subject ends before it.
         */
        for (int again = 0; again < 2; again++) {
            ck_assert_int_eq(guarded_match("\\G(?C'W0:1')\\w+", t, at("chief"), mc), (long)at("chief"));
            ck_assert_int_eq(guarded_match("\\G(?C'W0:1')\\w+", t, at("chief"), mc), (long)at("chief"));
            ck_assert_int_eq(guarded_match_to("\\G(?C'W0:1')\\w+", t, at("spokesman") - 1, at("chief"), mc), -1);
            ck_assert_int_eq(guarded_match("\\G(?C'W0:0')\\w+", t, at("chief"), mc), -1);
        }
        /* more strings than tables: those without one are asked each time, as before */
        char zeros[LEX_GUARD_MEMOS + 3] = "";
        for (int k = 0; k < LEX_GUARD_MEMOS + 2; k++) {
            char pat[80];
            strcat(zeros, "0"); /* W0:01, W0:001, ...: other strings, the same guard */
            snprintf(pat, sizeof pat, "\\b(?C'W0:%s1')\\w+", zeros);
            for (int again = 0; again < 2; again++)
                ck_assert_int_eq(guarded_match(pat, t, at("state"), mc), (long)at("chief"));
        }
        /* the same string, place and end in another text, whose words are not read: it passes */
        char *copy = strdup(t);
        ck_assert_ptr_nonnull(copy);
        ck_assert_int_eq(guarded_match("\\G(?C'W0:0')\\w+", copy, at("chief"), mc), (long)at("chief"));
        free(copy);
    }
    /*
     * The next document in the same buffer: the last one's verdict is not
     * taken for its own (gen), even when gen has gone round between them
     * and come back to the same number (wraps).
     */
    static const char *const docs[] = {"chief spokesman x", "chief statesman x"};
    for (int wrap = 0; wrap < 2; wrap++) {
        for (int i = 0; i < 2; i++) {
            char doc[32];
            strcpy(doc, docs[i]);
            struct seg_result one = {0};
            ck_assert(seg_paragraphs(doc, strlen(doc), &one));
            if (wrap)
                f.W.gen = UINT32_MAX; /* the reset below makes it 1 again */
            lex_words_reset(&f.W);
            ck_assert(lex_read_words(&f.W, doc, &one, 0));
            ck_assert_int_eq(guarded_match("\\G(?C'W0:1')\\w+", doc, 0, mc), i ? -1 : 0);
            seg_result_free(&one);
        }
    }
    f.D.words = NULL;
    ck_assert_int_eq(guarded_match("\\b(?C'W0:0')\\w+", t, at("state"), mc), (long)at("state"));
    guard_fixture_free(&f);
    lex_free(&lex);
}
END_TEST

/*
 * Words are the runs of ASCII letters and digits (in ASCII text): every
 * other ASCII byte ends one, after words of lengths from 1 to 19 at every
 * alignment, checked against a reading of the test's own.
 */
/*
 * A lexicon key's hash made three ways gives one value: a byte at a time
 * (struct lex_key), from the text folded at once (lex_key_hash_text(),
 * whose lex_fold8() folds eight bytes together) and from a folded copy
 * (lex_key_hash_of()); every byte value folds in every place of eight as
 * lex_fold_byte() folds it; and keys that differ in their eighth byte
 * or their length hash apart, and apart in each Bloom bit.
 */
START_TEST(test_key_hash_ways_agree)
{
    for (unsigned c = 0; c < 256; c++) {
        for (unsigned at = 0; at < 8; at++) {
            char b[8] = {'x', 'Y', '0', '\xC3', '\xA9', ' ', 'Q', 'z'};
            b[at] = (char)c;
            uint64_t folded = lex_fold8(lex_key_first8(b, 8));
            for (unsigned k = 0; k < 8; k++)
                ck_assert_uint_eq((folded >> (8 * k)) & 0xFF, lex_fold_byte((unsigned char)b[k]));
        }
    }
    char key[41], low[41];
    for (size_t n = 0; n <= 40; n++) {
        struct lex_key k = {0};
        for (size_t i = 0; i < n; i++) {
            key[i] = "Ab9 -\xC3\xA9Zq"[(i * 7 + n) % 9];
            low[i] = (char)lex_fold_byte((unsigned char)key[i]);
            lex_key_byte(&k, (unsigned char)low[i]);
        }
        ck_assert_uint_eq(lex_key_hash_text(key, n), lex_key_of(&k));
        ck_assert_uint_eq(lex_key_hash_of(low, n), lex_key_of(&k));
    }
    static const char *const apart[][2] = {{"abcdefgh", "abcdefgi"},
                                           {"abcdefgh", "bbcdefgh"},
                                           {"minister", "ministers"},
                                           {"said", "sai"},
                                           {"x", ""},
                                           {"presidents", "presidency"}};
    for (size_t i = 0; i < sizeof apart / sizeof *apart; i++) {
        uint32_t a = lex_key_hash_of(apart[i][0], strlen(apart[i][0]));
        uint32_t b = lex_key_hash_of(apart[i][1], strlen(apart[i][1]));
        if (strncmp(apart[i][0], apart[i][1], 8) || strlen(apart[i][0]) != strlen(apart[i][1])) {
            ck_assert_uint_ne(a, b);
            ck_assert_uint_ne(lex_bloom_bit(a, 0), lex_bloom_bit(b, 0));
            ck_assert_uint_ne(lex_bloom_bit(a, 1), lex_bloom_bit(b, 1));
        }
    }
}
END_TEST

START_TEST(test_words_every_byte)
{
    char text[16384];
    size_t n = 0;
    for (int c = 1; c < 128; c++) {
        if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
            continue; /* no word ends there */
        for (size_t len = 1; len <= 20; len++) { /* keys of up to 8 bytes, and longer */
            for (size_t k = 0; k < len; k++)
                text[n++] = "aZ09mQx"[(k + (size_t)c) % 7];
            text[n++] = (char)c;
        }
    }
    text[n] = '\0';
    struct seg_result seg;
    one_paragraph(&seg);
    seg.paras[0].start = 0;
    seg.paras[0].end = n;
    struct lex_words W = {0};
    lex_words_reset(&W);
    char *got = words_of(&W, text, &seg, 0);
    struct ws_buf want = {0};
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)text[i];
        if (!((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))) {
            i++;
            continue;
        }
        size_t e = i;
        while (e < n && (((unsigned char)text[e] >= '0' && (unsigned char)text[e] <= '9') ||
                         (((unsigned char)text[e] | 0x20) >= 'a' && ((unsigned char)text[e] | 0x20) <= 'z')))
            e++;
        char item[64];
        snprintf(item, sizeof item, "%.*s:0,", (int)(e - i), text + i);
        ck_assert(ws_buf_puts(&want, item));
        i = e;
    }
    ck_assert(ws_buf_putc(&want, '\0'));
    size_t d = 0;
    while (got[d] && got[d] == want.data[d])
        d++;
    ck_assert_msg(!got[d] && !want.data[d], "at %zu: ...%.40s... and ...%.40s...", d,
                  got + (d > 20 ? d - 20 : 0), want.data + (d > 20 ? d - 20 : 0));
    free(got);
    ws_buf_free(&want);
    lex_words_free(&W);
    seg_result_free(&seg);
}
END_TEST

/*
 * Characters outside ASCII at every place of a text longer than the
 * 64-byte blocks that are read whole: a letter (é, the Kelvin sign) joins
 * the ASCII letters around it into one wide word, another character (’,
 * a no-break space) ends a word; the words after it in its block are
 * still read, and so is a word longer than a block. Checked against a
 * reading of the test's own, code point by code point.
 */
START_TEST(test_words_around_wide)
{
    static const char base[] = "alpha beta3 Gamma delta, epsilon zeta-eta theta iota kappa lambda mu "
                               "nu xi omicron pi rho sigma tau upsilon phi chi psi omega alpha beta "
                               "gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi "
                               "supercalifragilisticexpialidocioussupercalifragilisticexpialidocious end";
    static const char *const wide[] = {"\xC3\xA9", "\xE2\x84\xAA", "\xE2\x80\x99", "\xC2\xA0",
                                       "\xC3\xA9\xC3\xA9 x\xC3\xA9"};
    struct seg_result seg;
    one_paragraph(&seg);
    struct lex_words W = {0};
    for (size_t x = 0; x < sizeof wide / sizeof *wide; x++) {
        for (size_t at = 0; at <= sizeof base - 1; at++) {
            char text[512];
            size_t n = (size_t)snprintf(text, sizeof text, "%.*s%s%s", (int)at, base, wide[x], base + at);
            seg.paras[0].start = 0;
            seg.paras[0].end = n;
            lex_words_reset(&W);
            char *got = words_of(&W, text, &seg, 0);
            struct ws_buf want = {0};
            for (size_t i = 0; i < n;) {
                size_t e = i, next = i;
                bool wide_word = false;
                for (;;) {
                    size_t k = e;
                    uint32_t c = e < n ? utf8_next(text, n, &k) : 0;
                    bool alnum = e < n && (c < 0x80 ? ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
                                                     : ws_isalnum(c));
                    if (!alnum)
                        break;
                    wide_word |= c >= 0x80;
                    e = k;
                }
                if (e == i) {
                    utf8_next(text, n, &next);
                    i = next;
                    continue;
                }
                char item[128];
                snprintf(item, sizeof item, "%.*s:%d,", (int)(e - i), text + i, wide_word);
                ck_assert(ws_buf_puts(&want, item));
                i = e;
            }
            ck_assert(ws_buf_putc(&want, '\0'));
            ck_assert_msg(!strcmp(got, want.data), "%s at %zu: %s, not %s", wide[x], at, got, want.data);
            free(got);
            ws_buf_free(&want);
        }
    }
    lex_words_free(&W);
    seg_result_free(&seg);
}
END_TEST

static Suite *
lexicon_suite(void)
{
    Suite *s = suite_create("lexicon");
    TCase *tc = tcase_create("finish");
    tcase_add_test(tc, test_finish_sorts);
    tcase_add_test(tc, test_finish_duplicate);
    tcase_add_test(tc, test_finish_duplicate_within_entry);
    tcase_add_test(tc, test_fold_dup);
    suite_add_tcase(s, tc);

    tc = tcase_create("lookup");
    tcase_add_test(tc, test_lookup_case_insensitive);
    tcase_add_test(tc, test_lookup_folds_space);
    tcase_add_test(tc, test_lookup_misses);
    tcase_add_test(tc, test_may_start);
    tcase_add_test(tc, test_lookup_weak_found);
    suite_add_tcase(s, tc);

    tc = tcase_create("pattern");
    /* thousands of texts at every offset: seconds under the sanitizers, past Check's 4 s */
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_pattern_matches_every_form);
    tcase_add_test(tc, test_pattern_rejects_non_forms);
    tcase_add_test(tc, test_pattern_multiword_spaces);
    tcase_add_test(tc, test_pattern_longest_first);
    tcase_add_test(tc, test_pattern_leaves_out_weak);
    tcase_add_test(tc, test_pattern_all_weak_matches_nothing);
    tcase_add_test(tc, test_pattern_escapes_metacharacters);
    tcase_add_test(tc, test_pattern_non_ascii);
    tcase_add_test(tc, test_pattern_prefix_forms);
    tcase_add_test(tc, test_word_pattern_shapes);
    tcase_add_test(tc, test_space_class_is_pcre2_space);
    tcase_add_test(tc, test_word_pattern_same_as_tree);
    tcase_add_test(tc, test_form_at_as_pcre2);
    tcase_add_test(tc, test_words_whole_and_by_paragraph);
    tcase_add_test(tc, test_key_hash_ways_agree);
    tcase_add_test(tc, test_words_every_byte);
    tcase_add_test(tc, test_words_around_wide);
    suite_add_tcase(s, tc);

    tc = tcase_create("guard");
    tcase_add_test(tc, test_ahead_counts_words);
    tcase_add_test(tc, test_ahead_unless);
    tcase_add_test(tc, test_ahead_sweep_as_scan);
    tcase_add_test(tc, test_ahead_by_paragraph);
    tcase_add_test(tc, test_can_guard);
    tcase_add_test(tc, test_guard_callout);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(lexicon_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
