/*
 * test-rules.c - the rule loader on in-memory sources (a good set, and
 * every kind of mistake with its file, line and column), the nested
 * quantifier check, the builtin rules and whosaid_rules_load_dir.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "whosaid-private.h"

#define SRC(n, lit) {(n), (lit), sizeof(lit) - 1}

static const char MARKS[] = "# quotation marks\n"
                            "%format 1\n"
                            "\n"
                            "[marks]\n"
                            "pair = \xE2\x80\x9C \xE2\x80\x9D\n"
                            "pair = \" \"\n"
                            "pair = \xE2\x80\x98 \xE2\x80\x99 apostrophe\n";

static const char VERBS[] = "%format 1\n"
                            "%name VERB\n"
                            "say | said | says\n"
                            "tell | told ; weak=no\n"
                            "call for | called for\n"
                            "add | adds | added | adding\n"
                            "call | calls | called\n"
                            "ask | asked\n";

static const char PRONOUNS[] = "%format 1\n"
                               "%name PRONOUN\n"
                               "he ; gender=male number=singular kind=person\n"
                               "she ; gender=female number=singular kind=person\n";

static const char GOOD_RULES[] =
    "%format 1\n"
    "\n"
    "[macro NAME]\n"
    "pattern = \\p{Lu}\\p{Ll}+(?:\\s+\\p{Lu}\\p{Ll}+){0,3}\n"
    "\n"
    "# a comment between sections\n"
    "[rule t.after.name-cue]\n"
    "anchor = after\n"
    "pattern = ^,?\\s*(?<speaker>{NAME})\\s+(?<cue>(?i:{VERB}))\\b\n"
    "confidence = 0.95\n"
    "priority = 60\n"
    "\n"
    "[rule t.before.name-cue]\n"
    "anchor = before\n"
    "pattern = (?<speaker>{NAME}|(?i:{PRONOUN}))\\s+(?<cue>(?i:{VERB})):\\s*\n"
    "type = direct\n"
    "\n"
    "[rule t.alias.title]\n"
    "anchor = alias\n"
    "pattern = Minister\\s+(?<name>{NAME})\n";

/* Loads the marks and lexicons above, then @data as file @name. */
static whosaid_rules *
load_with(const char *name, const char *data, size_t len, whosaid_error *err)
{
    struct rule_source src[] = {
        SRC("10-marks.rules", MARKS),
        SRC("20-verbs.lex", VERBS),
        SRC("20-pronouns.lex", PRONOUNS),
        {name, data, len},
    };
    memset(err, 0, sizeof *err);
    return rules_load_sources(src, sizeof src / sizeof src[0], err);
}

#define LOAD(name, lit, err) load_with((name), (lit), sizeof(lit) - 1, (err))

/* Asserts that loading @lit as @name fails at @line (and @col unless 0). */
static void
expect_error(const char *name, const char *data, size_t len, size_t line, size_t col)
{
    whosaid_error err;
    whosaid_rules *r = load_with(name, data, len, &err);
    ck_assert_msg(r == NULL, "%s loaded, but should not", name);
    ck_assert_int_eq(err.code, WHOSAID_ERR_RULES);
    ck_assert_str_eq(err.file, name);
    ck_assert_msg(err.msg[0] != '\0', "no message");
    ck_assert_msg(err.line == line, "%s: line %zu, expected %zu (%s)", name, err.line, line, err.msg);
    if (col)
        ck_assert_msg(err.column == col, "%s: column %zu, expected %zu (%s)", name, err.column, col,
                      err.msg);
}

#define EXPECT_ERROR(name, lit, line, col) expect_error((name), (lit), sizeof(lit) - 1, (line), (col))

/* ---- a good set ---- */

START_TEST(test_good_set)
{
    whosaid_error err;
    whosaid_rules *r = LOAD("50-rules.rules", GOOD_RULES, &err);
    ck_assert_msg(r != NULL, "%s:%zu:%zu: %s", err.file, err.line, err.column, err.msg);
    ck_assert_int_eq(err.code, WHOSAID_OK);
    ck_assert_uint_eq(whosaid_rules_count(r), 3);
    ck_assert_str_eq(whosaid_rules_id(r, 0), "t.after.name-cue");
    ck_assert_str_eq(whosaid_rules_id(r, 1), "t.before.name-cue");
    ck_assert_str_eq(whosaid_rules_id(r, 2), "t.alias.title");
    ck_assert_ptr_null(whosaid_rules_id(r, 3));
    ck_assert_uint_eq(r->nmarks, 3);
    ck_assert_uint_eq(r->marks[0].open, 0x201C);
    ck_assert_uint_eq(r->marks[0].close, 0x201D);
    ck_assert(!r->marks[0].apostrophe);
    ck_assert_uint_eq(r->marks[1].open, '"');
    ck_assert_uint_eq(r->marks[1].close, '"');
    ck_assert(r->marks[2].apostrophe);
    ck_assert_uint_eq(r->nlexicons, 2);
    ck_assert_ptr_nonnull(r->verbs);
    ck_assert_ptr_nonnull(r->pronouns);
    ck_assert_ptr_null(r->titles);
    ck_assert_ptr_nonnull(lex_lookup(r->verbs, "Called  for", 11));
    ck_assert_uint_eq(r->nby_anchor[ANCHOR_AFTER], 1);
    ck_assert_uint_eq(r->nby_anchor[ANCHOR_BEFORE], 1);
    ck_assert_uint_eq(r->nby_anchor[ANCHOR_ALIAS], 1);

    const struct rule *after = &r->rules[0], *before = &r->rules[1], *alias = &r->rules[2];
    ck_assert_int_eq(after->anchor, ANCHOR_AFTER);
    ck_assert_int_eq(after->priority, 60);
    ck_assert(after->confidence > 0.949 && after->confidence < 0.951);
    ck_assert_int_eq(after->type, -1);
    ck_assert_uint_ne(after->cap_speaker, 0);
    ck_assert_uint_ne(after->cap_cue, 0);
    ck_assert_uint_eq(after->cap_via, 0);
    ck_assert_ptr_null(strstr(after->source, "{NAME}"));
    ck_assert_ptr_null(strstr(after->source, "{VERB}"));
    ck_assert_int_eq(before->priority, 50);                              /* default */
    ck_assert(before->confidence > 0.899 && before->confidence < 0.901); /* default */
    ck_assert_int_eq(before->type, WHOSAID_DIRECT);
    ck_assert_uint_ne(alias->cap_name, 0);
    ck_assert_uint_eq(alias->cap_speaker, 0);

    /* the expanded, compiled pattern finds a speaker and a verb */
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(after->code, NULL);
    static const char subj[] = ", Ana Ribeiro said.";
    ck_assert_int_gt(pcre2_match(after->code, (PCRE2_SPTR)subj, sizeof subj - 1, 0, 0, md, NULL), 0);
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    ck_assert_uint_eq(ov[2 * after->cap_speaker], 2);
    ck_assert_uint_eq(ov[2 * after->cap_speaker + 1], 13);
    ck_assert_uint_eq(ov[2 * after->cap_cue], 14);
    ck_assert_uint_eq(ov[2 * after->cap_cue + 1], 18);
    pcre2_match_data_free(md);

    /* a before rule must end where its subject ends */
    md = pcre2_match_data_create_from_pattern(before->code, NULL);
    static const char b1[] = "Then Ana said: ", b2[] = "Ana said: and more";
    ck_assert_int_gt(pcre2_match(before->code, (PCRE2_SPTR)b1, sizeof b1 - 1, 0, 0, md, NULL), 0);
    ck_assert_int_eq(pcre2_match(before->code, (PCRE2_SPTR)b2, sizeof b2 - 1, 0, 0, md, NULL),
                     PCRE2_ERROR_NOMATCH);
    pcre2_match_data_free(md);
    whosaid_rules_free(r);
}
END_TEST

/* Loads @data as file @name, with the environment variable @var set to 1 when @on. */
static whosaid_rules *
load_switched(const char *var, bool on, const char *name, const char *data)
{
    if (on)
        setenv(var, "1", 1);
    whosaid_error err;
    whosaid_rules *r = load_with(name, data, strlen(data), &err);
    unsetenv(var);
    ck_assert_msg(r != NULL, "%s:%zu:%zu: %s", err.file, err.line, err.column, err.msg);
    return r;
}

/* The marks, the verbs, lexicon @lex (file @lexname) and rules @rules (file @rname), loaded. */
static whosaid_rules *
load_with_lexicon(const char *lexname, const char *lex, const char *rname, const char *rules)
{
    struct rule_source src[] = {
        SRC("10-marks.rules", MARKS),
        SRC("20-verbs.lex", VERBS),
        {lexname, lex, strlen(lex)},
        {rname, rules, strlen(rules)},
    };
    whosaid_error err;
    whosaid_rules *r = rules_load_sources(src, sizeof src / sizeof src[0], &err);
    ck_assert_msg(r != NULL, "%s:%zu:%zu: %s", err.file, err.line, err.column, err.msg);
    return r;
}

/* A match context that runs the engine's lexicon callouts, as an extractor's does. */
static struct lex_callout_data callout_data;

static pcre2_match_context *
callout_context(const whosaid_rules *r)
{
    pcre2_match_context *mc = pcre2_match_context_create(NULL);
    ck_assert_ptr_nonnull(mc);
    callout_data = (struct lex_callout_data){.rules = r};
    pcre2_set_callout(mc, lex_callout, &callout_data);
    return mc;
}

/* The end of the match of rule @i of @r at the start of @s, or -1. */
static long
rule_match_end(const whosaid_rules *r, size_t i, const char *s, pcre2_match_context *mc)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(r->rules[i].code, NULL);
    ck_assert_ptr_nonnull(md);
    int rc = pcre2_match(r->rules[i].code, (PCRE2_SPTR)s, strlen(s), 0, 0, md, mc);
    long end = rc > 0 ? (long)pcre2_get_ovector_pointer(md)[1] : -1;
    pcre2_match_data_free(md);
    return end;
}

/*
 * A lexicon followed by \b (also before a macro: \b{GAP}) is looked up by
 * callout; followed by anything else (a letter, a quantified group, the
 * pattern's end), or of fewer than
 * LEX_CALLOUT_MIN_FORMS forms, it stays a prefix tree. Both find the same
 * forms.
 */
START_TEST(test_lexicon_callouts)
{
    static const char rules[] = "%format 1\n"
                                "[rule c.word]\nanchor = quote\npattern = ^(?<speaker>(?i:{VERB}))\\b\n"
                                "[rule c.branch]\nanchor = quote\npattern = ^(?<speaker>(?i:x|{VERB}|y))\\b\n"
                                "[rule c.letter]\nanchor = quote\npattern = ^(?<speaker>(?i:{VERB}))s\n"
                                "[rule c.optional]\nanchor = quote\npattern = ^(?<speaker>(?:{VERB})?)\\b\n"
                                "[rule c.end]\nanchor = quote\npattern = ^(?<speaker>{VERB})\n"
                                "[rule c.small]\nanchor = quote\npattern = ^(?<speaker>(?i:{PRONOUN}))\\b\n"
                                /* after a look-ahead or atomic group, a \\b ends no form */
                                "[rule c.look]\nanchor = quote\npattern = ^(?!(?i:{VERB}))\\b(?<speaker>\\w+)\n"
                                "[rule c.atomic]\nanchor = quote\npattern = ^(?<speaker>(?>(?i:{VERB}))\\b)\n"
                                /* a comment, \Q...\E or POSIX class among the branches: no verdict */
                                "[rule c.comment]\nanchor = quote\npattern = ^(?<speaker>(?:(?i:{VERB})|x(?#()y)z)\\b\n"
                                "[rule c.quoted]\nanchor = quote\npattern = ^(?<speaker>(?:(?i:{VERB})|\\Q)\\b\\E)z)\n"
                                "[rule c.posix]\nanchor = quote\npattern = ^(?<speaker>(?:(?i:{VERB})|[[:punct:])\\b])z)\n"
                                /* \b before a macro is a boundary, not a quantified \b */
                                "[macro GAP]\npattern = \\s*\n"
                                "[rule c.macro]\nanchor = quote\npattern = ^(?<speaker>(?i:{VERB}))\\b{GAP}\n";
    for (int off = 0; off < 2; off++) {
        whosaid_rules *r = load_switched("WHOSAID_NO_LEX_CALLOUTS", off, "c.rules", rules);
        ck_assert(!off == (strstr(r->rules[0].source, "(?C") != NULL));
        ck_assert(!off == (strstr(r->rules[1].source, "(?C") != NULL));
        ck_assert_msg(!off == (strstr(r->rules[11].source, "(?C") != NULL), "%s", r->rules[11].source);
        for (size_t i = 2; i < 11; i++) /* ... and a lexicon of two forms stays a tree */
            ck_assert_msg(strstr(r->rules[i].source, "(?C") == NULL, "%s", r->rules[i].id);
        pcre2_match_context *mc = callout_context(r);
        /* whole words, any case, the long s and the Kelvin sign; the longest form first */
        ck_assert_int_eq(rule_match_end(r, 0, "said.", mc), 4);
        ck_assert_int_eq(rule_match_end(r, 0, "SAID", mc), 4);
        ck_assert_int_eq(rule_match_end(r, 0, "\xC5\xBF" "aid", mc), 5);
        ck_assert_int_eq(rule_match_end(r, 0, "Called \t for it", mc), 12);
        ck_assert_int_eq(rule_match_end(r, 0, "called forth", mc), 6); /* "called" alone */
        ck_assert_int_eq(rule_match_end(r, 0, "saidx", mc), -1);
        ck_assert_int_eq(rule_match_end(r, 0, "said2", mc), -1);
        ck_assert_int_eq(rule_match_end(r, 0, "sang", mc), -1);
        ck_assert_int_eq(rule_match_end(r, 0, "told", mc), 4);
        ck_assert_int_eq(rule_match_end(r, 1, "y", mc), 1);
        ck_assert_int_eq(rule_match_end(r, 1, "says", mc), 4);
        ck_assert_int_eq(rule_match_end(r, 2, "saids", mc), 5);
        ck_assert_int_eq(rule_match_end(r, 3, "said", mc), 4);
        ck_assert_int_eq(rule_match_end(r, 4, "saidx", mc), 4);
        ck_assert_int_eq(rule_match_end(r, 0, "called formally", mc), 6);
        ck_assert_int_eq(rule_match_end(r, 7, "called formally", mc), -1); /* the tree's first choice stays */
        ck_assert_int_eq(rule_match_end(r, 6, "said", mc), -1);
        ck_assert_int_eq(rule_match_end(r, 6, "sang", mc), 4);
        ck_assert_int_eq(rule_match_end(r, 8, "saidz", mc), 5);
        ck_assert_int_eq(rule_match_end(r, 9, "saidz", mc), 5);
        ck_assert_int_eq(rule_match_end(r, 10, "saidz", mc), 5);
        ck_assert_int_eq(rule_match_end(r, 11, "called for  it", mc), 12);
        ck_assert_int_eq(rule_match_end(r, 11, "saidx", mc), -1);
        pcre2_match_context_free(mc);
        whosaid_rules_free(r);
    }
}
END_TEST

/*
 * A lexicon inside a look-behind keeps its tree, whose fixed length PCRE2
 * needs there; \s{VERB} is a macro after an escape, not braces of it.
 */
START_TEST(test_lexicon_in_lookbehind)
{
    static const char fixed[] = "%format 1\n%name TFIX\n"
                                "ceo\ncfo\ncto\ncoo\ncmo\ncio\ncso\ncro\ncpo\ncdo\ncao\ncco\n";
    static const char rules[] = "%format 1\n"
                                "[rule b.behind]\nanchor = after\n"
                                "pattern = (?<=(?i:{TFIX})\\b)\\s+(?<speaker>x)(?<cue>said)\\b\n"
                                "[rule b.escape]\nanchor = quote\npattern = ^(?<speaker>a)\\s{VERB}\\b\n";
    struct rule_source src[] = {
        SRC("10-marks.rules", MARKS), SRC("20-verbs.lex", VERBS), SRC("20-pronouns.lex", PRONOUNS),
        SRC("21-fixed.lex", fixed), SRC("50-b.rules", rules),
    };
    whosaid_error err;
    whosaid_rules *r = rules_load_sources(src, sizeof src / sizeof src[0], &err);
    ck_assert_msg(r != NULL, "%s:%zu:%zu: %s", err.file, err.line, err.column, err.msg);
    ck_assert_ptr_null(strstr(r->rules[0].source, "(?C"));
    ck_assert_ptr_null(strstr(r->rules[1].source, "{VERB}"));
    ck_assert_ptr_nonnull(strstr(r->rules[1].source, "(?C"));
    pcre2_match_context *mc = callout_context(r);
    ck_assert_int_eq(rule_match_end(r, 1, "a said", mc), 6);
    ck_assert_int_eq(rule_match_end(r, 1, "a sang", mc), -1);
    pcre2_match_context_free(mc);
    whosaid_rules_free(r);
}
END_TEST

/* The index of lexicon @name in @r. */
static size_t
lexicon_index(const whosaid_rules *r, const char *name)
{
    for (size_t i = 0; i < r->nlexicons; i++)
        if (!strcmp(r->lexicons[i].name, name))
            return i;
    ck_abort_msg("no lexicon %s", name);
    return 0;
}

/*
 * {LEX within N} and {LEX1|LEX2 within N} become the engine's guard
 * callout, which skips a start where no form begins within N words (and
 * with "unless STOP", none before a word of STOP's); the records are the
 * same without it (WHOSAID_NO_LEX_GUARDS), and a guard that names a
 * macro, no number or too many lexicons is an error at its place.
 */
START_TEST(test_lexicon_guard)
{
    static const char rules[] =
        "%format 1\n"
        "[macro CUE]\npattern = {VERB within 2}(?:\\w+\\s+){0,2}(?i:{VERB})\\b\n"
        "[rule g.one]\nanchor = after\npattern = ^(?<speaker>{CUE})\n"
        "[rule g.two]\nanchor = after\npattern = ^(?<speaker>{PRONOUN|VERB within 0}\\w+)\n"
        "[rule g.three]\nanchor = after\n"
        "pattern = ^(?<speaker>{VERB within 3 unless PRONOUN}\\w+)\n";
    for (int off = 0; off < 2; off++) {
        whosaid_rules *r = load_switched("WHOSAID_NO_LEX_GUARDS", off, "g.rules", rules);
        ck_assert_ptr_nonnull(r->lexicons);
        char one[32], two[32], three[32];
        snprintf(one, sizeof one, "(?C'W%zu:2')", (size_t)(lexicon_index(r, "VERB")));
        snprintf(two, sizeof two, "(?C'W%zu,%zu:0')", (size_t)(lexicon_index(r, "PRONOUN")),
                 (size_t)(lexicon_index(r, "VERB")));
        snprintf(three, sizeof three, "(?C'W%zu:3!%zu')", (size_t)(lexicon_index(r, "VERB")),
                 (size_t)(lexicon_index(r, "PRONOUN")));
        ck_assert_msg(!off == (strstr(r->rules[0].source, one) != NULL), "%s", r->rules[0].source);
        ck_assert_msg(!off == (strstr(r->rules[1].source, two) != NULL), "%s", r->rules[1].source);
        ck_assert_msg(!off == (strstr(r->rules[2].source, three) != NULL), "%s",
                      r->rules[2].source);
        /* no words given to the callout: every guard passes */
        pcre2_match_context *mc = callout_context(r);
        ck_assert_int_eq(rule_match_end(r, 0, "then he said so", mc), 12);
        ck_assert_int_eq(rule_match_end(r, 1, "he said", mc), 2);
        pcre2_match_context_free(mc);
        whosaid_rules_free(r);
    }
    /* a stop lexicon the engine cannot read by ASCII spelling leaves only the "unless" out */
    static const char odd[] = "%format 1\n%name ODD\n'n\nx\n";
    static const char oddrule[] = "%format 1\n[rule o.one]\nanchor = after\n"
                                  "pattern = ^(?<speaker>{VERB within 3 unless ODD}\\w+)\n";
    whosaid_rules *r = load_with_lexicon("20-odd.lex", odd, "o.rules", oddrule);
    char plain[32];
    snprintf(plain, sizeof plain, "(?C'W%zu:3')", (size_t)(lexicon_index(r, "VERB")));
    ck_assert_msg(strstr(r->rules[0].source, plain) != NULL, "%s", r->rules[0].source);
    whosaid_rules_free(r);
    /* a macro, no number, a bad one, one too large, an empty or bad name, nine lexicons */
    static const char *const bad[] = {
        "{M within 2}",
        "{VERB within}",
        "{VERB within 2x}",
        "{VERB within 1000}",
        "{VERB| within 2}",
        "{VERB|verb within 2}",
        "{VERB|VERB|VERB|VERB|VERB|VERB|VERB|VERB|VERB within 2}",
        /* unless: no name, a macro, a bad name, no number before it, two names */
        "{VERB within 2 unless }",
        "{VERB within 2 unless M}",
        "{VERB within 2 unless verb}",
        "{VERB within unless PRONOUN}",
        "{VERB within 2 unless PRONOUN VERB}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char text[256];
        int n = snprintf(text, sizeof text,
                         "%%format 1\n[macro M]\npattern = x\n[rule a.b]\nanchor = after\n"
                         "pattern = (?<speaker>%s)\n", bad[i]);
        ck_assert(n > 0 && (size_t)n < sizeof text);
        expect_error("x.rules", text, (size_t)n, 6, 22); /* "{" is byte 11 of the value */
    }
}
END_TEST

START_TEST(test_err_user_callout)
{
    EXPECT_ERROR("c.rules", "%format 1\n[rule c.a]\nanchor = quote\npattern = (?<speaker>x)(?C1)\n", 4,
                 24);
}
END_TEST

START_TEST(test_priority_order)
{
    static const char rules[] = "%format 1\n"
                                "[rule a.low]\nanchor = after\npattern = (?<speaker>x)\npriority = -5\n"
                                "[rule a.high]\nanchor = after\npattern = (?<speaker>y)\npriority = 99\n"
                                "[rule a.mid1]\nanchor = after\npattern = (?<speaker>z)\n"
                                "[rule a.mid2]\nanchor = after\npattern = (?<speaker>w)\n";
    whosaid_error err;
    whosaid_rules *r = LOAD("r.rules", rules, &err);
    ck_assert_msg(r != NULL, "%s", err.msg);
    ck_assert_uint_eq(r->nby_anchor[ANCHOR_AFTER], 4);
    const size_t *o = r->by_anchor[ANCHOR_AFTER];
    ck_assert_str_eq(r->rules[o[0]].id, "a.high");
    ck_assert_str_eq(r->rules[o[1]].id, "a.mid1"); /* equal priority: file order */
    ck_assert_str_eq(r->rules[o[2]].id, "a.mid2");
    ck_assert_str_eq(r->rules[o[3]].id, "a.low");
    whosaid_rules_free(r);
}
END_TEST

START_TEST(test_crlf_and_brace_quantifiers)
{
    /* CRLF line ends, a {2,3} quantifier and \x{...} / \p{...} escapes kept */
    static const char rules[] = "%format 1\r\n"
                                "[rule a.b]\r\n"
                                "anchor = after\r\n"
                                "pattern = (?<speaker>\\p{Lu}{2,3}\\x{2019}s)\r\n";
    whosaid_error err;
    whosaid_rules *r = LOAD("r.rules", rules, &err);
    ck_assert_msg(r != NULL, "%s:%zu:%zu: %s", err.file, err.line, err.column, err.msg);
    ck_assert_str_eq(r->rules[0].source, "(?<speaker>\\p{Lu}{2,3}\\x{2019}s)");
    whosaid_rules_free(r);
}
END_TEST

START_TEST(test_all_anchors_and_keys)
{
    static const char rules[] = "%format 1\n"
                                "[rule k.after]\nanchor = after\npattern = (?<speaker>a)\n"
                                "[rule k.before]\nanchor = before\npattern = (?<speaker>b)\n"
                                "[rule k.previous]\nanchor = previous\npattern = \\G(?<speaker>c)\n"
                                "resolved = yes\n"
                                "[rule k.quote]\nanchor = quote\npattern = (?<speaker>[A-Z]+):\n"
                                "max_words = 12\n"
                                "[rule k.alias]\nanchor = alias\npattern = (?<name>d)\n"
                                "[rule k.mention]\nanchor = mention\npattern = (?<name>e)\n"
                                "[rule k.term]\nanchor = after\npattern = ^\\s+analogy\ntype = term\n";
    whosaid_error err;
    whosaid_rules *r = LOAD("r.rules", rules, &err);
    ck_assert_msg(r != NULL, "%s:%zu:%zu: %s", err.file, err.line, err.column, err.msg);
    ck_assert_uint_eq(whosaid_rules_count(r), 7);
    ck_assert_int_eq(r->rules[0].anchor, ANCHOR_AFTER);
    ck_assert_int_eq(r->rules[1].anchor, ANCHOR_BEFORE);
    ck_assert_int_eq(r->rules[2].anchor, ANCHOR_PREVIOUS);
    ck_assert(r->rules[2].resolved_only);
    ck_assert_int_eq(r->rules[3].anchor, ANCHOR_QUOTE);
    ck_assert_uint_eq(r->rules[3].max_words, 12);
    ck_assert_int_eq(r->rules[4].anchor, ANCHOR_ALIAS);
    ck_assert_int_eq(r->rules[5].anchor, ANCHOR_MENTION);
    ck_assert_int_eq(r->rules[6].type, WHOSAID_TERM); /* a term rule needs no speaker */
    ck_assert_uint_eq(r->rules[6].cap_speaker, 0);
    for (int a = 0; a < ANCHOR_COUNT; a++)
        ck_assert_uint_ge(r->nby_anchor[a], 1);
    whosaid_rules_free(r);
}
END_TEST

/* "requires": compiled once per distinct pattern and shared by rules */
START_TEST(test_requires)
{
    static const char rules[] = "%format 1\n"
                                "[rule q.a]\nanchor = before\npattern = (?<speaker>\\w+) (?i:{VERB})\n"
                                "requires = \\b(?i:{VERB})\\b\n"
                                "[rule q.b]\nanchor = after\npattern = (?<speaker>\\w+) (?i:{VERB})\n"
                                "requires = \\b(?i:{VERB})\\b\n"
                                "[rule q.c]\nanchor = after\npattern = (?<speaker>x)\nrequires = x\n"
                                "[rule q.d]\nanchor = after\npattern = (?<speaker>y)\n";
    whosaid_error err;
    whosaid_rules *r = LOAD("r.rules", rules, &err);
    ck_assert_msg(r != NULL, "%s:%zu:%zu: %s", err.file, err.line, err.column, err.msg);
    ck_assert_uint_eq(r->nreqs, 2);
    ck_assert_uint_eq(r->rules[0].req, 1);
    ck_assert_uint_eq(r->rules[1].req, 1);
    ck_assert_uint_eq(r->rules[2].req, 2);
    ck_assert_uint_eq(r->rules[3].req, 0);
    /* \b(?i:{VERB})\b opens the first: the engine starts it at a verb's word */
    ck_assert_uint_gt(r->reqs[0].start_lex, 0);
    ck_assert_str_eq(r->lexicons[r->reqs[0].start_lex - 1].name, "VERB");
    ck_assert_uint_eq(r->reqs[1].start_lex, 0);
    /* ... and is all of it: a verb found by look-up is the match, no anchored code */
    ck_assert(r->reqs[0].lex_words && r->reqs[0].lex_only);
    ck_assert_ptr_null(r->reqs[0].anchored);
    ck_assert(!r->reqs[1].lex_words && !r->reqs[1].lex_only);
    whosaid_rules_free(r);
}
END_TEST

/*
 * A prefilter starts at a lexicon's words only when written
 * \b(?i:{LEXICON})\b: without the closing \b a form may end inside a
 * longer word ("say" in "saying"), and a form whose leading word holds a
 * letter outside ASCII may match ASCII text under caseless matching.
 */
START_TEST(test_requires_opening_lexicon)
{
    static const char rules[] = "%format 1\n"
                                "[rule o.a]\nanchor = after\npattern = (?<speaker>x)\n"
                                "requires = \\b(?i:{VERB})\n"
                                "[rule o.b]\nanchor = after\npattern = (?<speaker>x)\n"
                                "requires = (?i:{VERB})\\b\n"
                                "[rule o.c]\nanchor = after\npattern = (?<speaker>x)\n"
                                "requires = \\b(?i:{WIDE})\\b\n"
                                "[rule o.d]\nanchor = after\npattern = (?<speaker>x)\n"
                                "requires = \\b(?i:{NARROW})\\b\\s*,\n"
                                /* what follows may not be run from a later start */
                                "[rule o.e]\nanchor = after\npattern = (?<speaker>x)\n"
                                "requires = \\b(?i:{VERB})\\b|quipped\n"
                                "[rule o.f]\nanchor = after\npattern = (?<speaker>x)\n"
                                "requires = \\b(?i:{VERB})\\b\\G\n"
                                /* ... but may hold groups, classes and escapes */
                                "[rule o.g]\nanchor = after\npattern = (?<speaker>x)\n"
                                "requires = \\b(?i:{VERB})\\b(?:a|b)[|(\\]][[:alpha:]|]\\|\\(\n";
    static const char wide[] = "%format 1\n%name WIDE\nsay\n\xC5\xBF" "aid\n"; /* long s */
    static const char narrow[] = "%format 1\n%name NARROW\nsay caf\xC3\xA9\n";
    struct rule_source src[] = {
        SRC("10-marks.rules", MARKS), SRC("20-verbs.lex", VERBS), SRC("20-wide.lex", wide),
        SRC("20-narrow.lex", narrow), {"r.rules", rules, sizeof rules - 1},
    };
    whosaid_error err;
    memset(&err, 0, sizeof err);
    whosaid_rules *r = rules_load_sources(src, sizeof src / sizeof src[0], &err);
    ck_assert_msg(r != NULL, "%s:%zu:%zu: %s", err.file, err.line, err.column, err.msg);
    ck_assert_uint_eq(r->nreqs, 7);
    ck_assert_uint_eq(r->reqs[0].start_lex, 0);
    ck_assert_uint_eq(r->reqs[1].start_lex, 0);
    ck_assert_uint_eq(r->reqs[2].start_lex, 0);
    ck_assert_uint_gt(r->reqs[3].start_lex, 0); /* only the leading word must be ASCII */
    ck_assert_uint_eq(r->reqs[4].start_lex, 0);
    ck_assert_uint_eq(r->reqs[5].start_lex, 0);
    ck_assert_uint_gt(r->reqs[6].start_lex, 0);
    /*
     * The verbs are looked up by callout: the anchored code is what
     * follows them, run from each verb's end. NARROW's one form is a
     * prefix tree: the anchored code is the whole prefilter.
     */
    ck_assert(r->reqs[6].lex_words && !r->reqs[6].lex_only);
    ck_assert_ptr_nonnull(r->reqs[6].anchored_full);
    ck_assert_msg(!strncmp(r->reqs[6].anchored_full, "(?:a|b)[|(\\]]", 12), "%s",
                  r->reqs[6].anchored_full);
    ck_assert_ptr_null(strstr(r->reqs[6].anchored_full, "(?C"));
    ck_assert(!r->reqs[3].lex_words && !r->reqs[3].lex_only);
    ck_assert_ptr_null(r->reqs[3].anchored_full);
    ck_assert_ptr_nonnull(r->reqs[3].anchored);
    whosaid_rules_free(r);
}
END_TEST

/*
 * What follows a prefilter's verb runs from each form's end on its own
 * only where that finds what the whole prefilter finds at the word: not
 * with \G or \K, nor with a backtracking verb when a word may begin
 * forms of two lengths ("call", "call for": (*COMMIT) after the longer
 * keeps PCRE2 from the shorter); nor with WHOSAID_NO_LEX_FORMS set, for
 * comparing the two. A lexicon of one-word forms keeps it with a verb.
 */
START_TEST(test_requires_sequel_or_whole)
{
    static const char rules[] = "%format 1\n"
                                "[rule s.a]\nanchor = after\npattern = (?<speaker>x)\n"
                                "requires = \\b(?i:{VERB})\\b\\s+for\\b\n"
                                "[rule s.b]\nanchor = after\npattern = (?<speaker>x)\n"
                                "requires = \\b(?i:{VERB})\\b(*COMMIT)\\s+x\n"
                                "[rule s.c]\nanchor = after\npattern = (?<speaker>x)\n"
                                "requires = \\b(?i:{VERB})\\b\\K\\s+x\n"
                                /* \G in a macro: the prefilter's text does not show it */
                                "[macro GEE]\npattern = \\s*\\G\n"
                                "[rule s.d]\nanchor = after\npattern = (?<speaker>x)\n"
                                "requires = \\b(?i:{VERB})\\b\\s*{GEE}\n"
                                "[rule s.e]\nanchor = after\npattern = (?<speaker>x)\n"
                                "requires = \\b(?i:{ONE})\\b(*COMMIT)\\s+x\n";
    static const char one[] = "%format 1\n%name ONE\nsay\nsaid\nsays\ntell\ntold\ntells\nask\n"
                              "asked\nasks\nadd\nadded\nadds\nnote\nnoted\n";
    for (int off = 0; off < 2; off++) {
        if (off)
            setenv("WHOSAID_NO_LEX_FORMS", "1", 1);
        whosaid_rules *r = load_with_lexicon("20-one.lex", one, "s.rules", rules);
        unsetenv("WHOSAID_NO_LEX_FORMS");
        ck_assert_uint_eq(r->nreqs, 5);
        /* the verb's forms by look-up, then "\s+for\b" alone from each form's end */
        ck_assert(r->reqs[0].lex_words == !off);
        ck_assert(r->reqs[0].start_lex > 0 && !r->reqs[0].lex_only);
        if (!off)
            ck_assert_str_eq(r->reqs[0].anchored_full, "\\s+for\\b");
        for (size_t i = 1; i < 4; i++) {
            ck_assert_msg(r->reqs[i].start_lex > 0 && !r->reqs[i].lex_words, "%zu", i);
            ck_assert_ptr_null(r->reqs[i].anchored_full);
            ck_assert_ptr_nonnull(r->reqs[i].anchored); /* the whole prefilter, anchored */
        }
        ck_assert(r->reqs[4].lex_words == !off);
        whosaid_rules_free(r);
    }
}
END_TEST

/*
 * The rules are allocated as their type's alignment asks (the reference
 * count has a cache line of its own): calloc() promises 16 bytes, and a
 * misaligned object is undefined behaviour (UBSan alone said so; with
 * ASan its allocator happened to align them).
 */
START_TEST(test_rules_aligned)
{
    whosaid_error err;
    whosaid_rules *r[6];
    for (size_t i = 0; i < 6; i++) {
        r[i] = whosaid_rules_builtin_opts("en", WHOSAID_RULES_NO_JIT, &err);
        ck_assert_msg(r[i] != NULL, "%s", err.msg);
        ck_assert_uint_eq((uintptr_t)r[i] % alignof(whosaid_rules), 0);
    }
    for (size_t i = 0; i < 6; i++)
        whosaid_rules_free(r[i]);
}
END_TEST

/*
 * NAME asks the stop words only of a later word with a capital: one that
 * opens with a small letter can only be one of NAMEWORD's particles (the
 * PARTICLE lexicon), and none of them may be a stop word or open with
 * another letter than the ones NAME lets through ((?=[abdeilv])), read
 * from a shipped rule's expanded pattern, which holds the particles'
 * alternation.
 */
START_TEST(test_name_particles_not_stop_words)
{
    whosaid_error err;
    whosaid_rules *r = whosaid_rules_builtin_opts("en", WHOSAID_RULES_NO_JIT, &err);
    ck_assert_msg(r != NULL, "%s", err.msg);
    const struct lexicon *stop = NULL;
    for (size_t i = 0; i < r->nlexicons; i++)
        if (!strcmp(r->lexicons[i].name, "STOPWORD"))
            stop = &r->lexicons[i];
    ck_assert_ptr_nonnull(stop);
    ck_assert_ptr_nonnull(r->particles);
    const char *src = NULL;
    for (size_t i = 0; i < r->nrules && !src; i++)
        if (r->rules[i].source && strstr(r->rules[i].source, "(?=\\s+(?:(?:"))
            src = r->rules[i].source;
    ck_assert_ptr_nonnull(src);
    /* the small letters NAME lets on to the particles unasked: (?=[abdeilv]) */
    const char *cls = strstr(src, "|(?=[");
    ck_assert_ptr_nonnull(cls);
    cls += 5;
    size_t ncls = strcspn(cls, "]");
    ck_assert_uint_gt(ncls, 0);
    const struct lexicon *L = r->particles;
    for (size_t i = 0; i < L->nforms; i++) {
        const char *p = L->forms[i].form;
        size_t n = strlen(p);
        for (size_t k = 0; k < n; k++)
            ck_assert_msg(p[k] >= 'a' && p[k] <= 'z', "%s", p);
        ck_assert_msg(memchr(cls, *p, ncls), "particle %s opens with a letter NAME stops", p);
        /* nor the first word of one ("de facto") */
        ck_assert_msg(!lex_may_start(stop, p, n), "particle %s is a stop word", p);
    }
    ck_assert_uint_ge(L->nforms, 10);
    whosaid_rules_free(r);
}
END_TEST

/*
 * WHOSAID_RULES_NO_JIT leaves every pattern to the interpreter until
 * whosaid_rules_jit(), which compiles them all (where PCRE2 has a JIT and
 * WHOSAID_NO_JIT does not turn it off), and may be called again.
 */
START_TEST(test_deferred_jit)
{
    whosaid_error err;
    whosaid_rules *r = whosaid_rules_builtin_opts("en", WHOSAID_RULES_NO_JIT, &err);
    ck_assert_msg(r != NULL, "%s", err.msg);
    for (size_t i = 0; i < r->nrules; i++)
        ck_assert_msg(!r->rules[i].jit && !rules_jitted(r->rules[i].code), "%s", r->rules[i].id);
    for (size_t i = 0; i < r->nreqs; i++)
        ck_assert(!r->reqs[i].jit);
    uint32_t have_jit = 0;
    pcre2_config(PCRE2_CONFIG_JIT, &have_jit);
    const char *off = getenv("WHOSAID_NO_JIT");
    bool want = have_jit && !(off && *off && *off != '0');
    /*
     * A prefilter that opens with a lexicon's word has an anchored copy
     * too, or of what follows that word: none when nothing does.
     */
    size_t anchored = 0;
    for (size_t i = 0; i < r->nreqs; i++) {
        ck_assert((r->reqs[i].anchored != NULL) ==
                  (r->reqs[i].start_lex > 0 && !r->reqs[i].lex_only));
        anchored += r->reqs[i].anchored != NULL;
    }
    ck_assert_uint_gt(anchored, 0);
    /*
     * The shipped prefilters that open with a verb all take the look-up:
     * five are the verb alone, and three run only what follows it.
     */
    size_t lex_only = 0, tails = 0;
    for (size_t i = 0; i < r->nreqs; i++) {
        const struct requirement *q = &r->reqs[i];
        ck_assert_msg(q->lex_words == (q->start_lex > 0), "%s", q->source);
        lex_only += q->lex_only;
        tails += q->anchored_full != NULL;
    }
    ck_assert_uint_eq(lex_only, 1); /* one shared \b(?i:{VERB})\b */
    ck_assert_uint_eq(tails, 3);
    for (int round = 0; round < 2; round++) {
        ck_assert_uint_eq(whosaid_rules_jit(r), want ? r->nrules + r->nreqs + anchored : 0);
        for (size_t i = 0; i < r->nrules; i++) {
            ck_assert_msg(r->rules[i].jit == want, "%s", r->rules[i].id);
            ck_assert(rules_jitted(r->rules[i].code) == want);
        }
        for (size_t i = 0; i < r->nreqs; i++) {
            ck_assert(r->reqs[i].jit == want);
            ck_assert(!r->reqs[i].anchored || r->reqs[i].anchored_jit == want);
        }
    }
    whosaid_rules_free(r);
    ck_assert_uint_eq(whosaid_rules_jit(NULL), 0);
    /* flags it does not know are refused: room for new ones */
    ck_assert_ptr_null(whosaid_rules_builtin_opts("en", 0x80, &err));
    ck_assert_int_eq(err.code, WHOSAID_ERR_ARG);
    ck_assert_ptr_null(whosaid_rules_load_dir_opts(".", 0x80, &err));
    ck_assert_int_eq(err.code, WHOSAID_ERR_ARG);
}
END_TEST

/* "start": alias and mention rules only, a lexicon loaded before, forms that begin with a word */
START_TEST(test_start_lexicon)
{
    static const char rules[] = "%format 1\n"
                                "[rule s.a]\nanchor = alias\npattern = (?<name>(?i:{VERB}) \\w+)\n"
                                "start = VERB\n"
                                "[rule s.m]\nanchor = mention\npattern = (?<name>\\w+)\n";
    whosaid_error err;
    whosaid_rules *r = LOAD("r.rules", rules, &err);
    ck_assert_msg(r != NULL, "%s:%zu:%zu: %s", err.file, err.line, err.column, err.msg);
    ck_assert_uint_gt(r->rules[0].start_lex, 0);
    ck_assert_str_eq(r->lexicons[r->rules[0].start_lex - 1].name, "VERB");
    ck_assert(r->rules[0].anchored_code); /* tried in place: compiled anchored, JIT kept */
    ck_assert_uint_eq(r->rules[1].start_lex, 0);
    ck_assert(!r->rules[1].anchored_code);
    whosaid_rules_free(r);
}
END_TEST

/* "start = capital": alias and mention rules, compiled anchored; WHOSAID_NO_CAPITAL turns it off */
START_TEST(test_start_capital)
{
    static const char rules[] = "%format 1\n"
                                "[rule s.m]\nanchor = mention\npattern = (?<name>\\p{Lu}\\w+)\n"
                                "start = capital\n"
                                "[rule s.a]\nanchor = alias\npattern = (?<name>\\p{Lu}\\w+)\n"
                                "start = capital\n";
    for (int off = 0; off < 2; off++) {
        if (off)
            setenv("WHOSAID_NO_CAPITAL", "1", 1);
        whosaid_error err;
        whosaid_rules *r = LOAD("r.rules", rules, &err);
        ck_assert_msg(r != NULL, "%s:%zu:%zu: %s", err.file, err.line, err.column, err.msg);
        for (size_t i = 0; i < 2; i++) {
            ck_assert_int_eq(r->rules[i].start_capital, !off);
            ck_assert_int_eq(r->rules[i].anchored_code, !off); /* tried in place: anchored, JIT kept */
            ck_assert_uint_eq(r->rules[i].start_lex, 0);
        }
        whosaid_rules_free(r);
    }
    unsetenv("WHOSAID_NO_CAPITAL");
    /* not for other anchors, not with near */
    EXPECT_ERROR(
        "x.rules",
        "%format 1\n[rule a.b]\nanchor = after\npattern = (?<speaker>A)\nstart = capital\n", 5, 9);
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = alias\npattern = (?<name>A)\nrequires = A\n"
                            "start = capital\nnear = 2\n", 7, 8);
    /* the word is not a lexicon's name: a lexicon named so would be upper case */
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = alias\npattern = (?<name>A)\nstart = Capital\n", 5, 9);
}
END_TEST

/*
 * The memo of speaker ends (struct end_memo): its callout goes right after
 * the speaker's group of a before rule with a start set that opens with
 * it, unquantified, and only where the rest's verdict depends on its
 * place alone: not with a back-reference, a condition, a call or
 * recursion, or without a start set; WHOSAID_NO_END_MEMO leaves it out.
 * The place is where PCRE2 ends the group (the reader knows "\c)", \Q...\E
 * in a class, what is no POSIX class), and the compiled code is checked
 * for the one callout there. An error after the callout's place is
 * reported at its place in the pattern as expanded, as without it.
 */
START_TEST(test_end_memo_point)
{
    static const char rules[] =
        "%format 1\n[rule m.a]\nanchor = before\n"
        "pattern = (?<speaker>\\p{Lu}\\w+|(?i:{PRONOUN}))(?-i:\\s+)said\\s*\n"
        "start = capital | PRONOUN\n";
    for (int off = 0; off < 2; off++) {
        whosaid_rules *r = load_switched("WHOSAID_NO_END_MEMO", off, "r.rules", rules);
        const struct rule *x = &r->rules[0];
        ck_assert_int_eq(x->end_memo, !off);
        const char *at = strstr(x->source, ")" END_MEMO_CALLOUT "(?-i:");
        ck_assert_msg(off ? !at && !strstr(x->source, END_MEMO_CALLOUT) : at != NULL, "%s",
                      x->source);
        whosaid_rules_free(r);
    }
#define MEMO_RULE(pattern, start)                                                                  \
    "%format 1\n[rule m.a]\nanchor = before\npattern = " pattern "\n" start
    static const char *const none[] = {
        MEMO_RULE("(?<speaker>\\w+)\\s+\\1", "start = capital\n"),
        MEMO_RULE("(?<speaker>\\w+)\\s+\\g{1}", "start = capital\n"),
        MEMO_RULE("(?<speaker>\\w+)\\s+\\k<speaker>", "start = capital\n"),
        MEMO_RULE("(?<speaker>\\w+)\\s+(?P=speaker)", "start = capital\n"),
        MEMO_RULE("(?<speaker>\\w+)(?(speaker)a|b)", "start = capital\n"),
        MEMO_RULE("(?<speaker>\\w+)(?1)", "start = capital\n"),
        MEMO_RULE("(?<speaker>\\w+)(?-1)", "start = capital\n"),
        MEMO_RULE("(?<speaker>\\w+)\\g<1>", "start = capital\n"),
        MEMO_RULE("(?<speaker>\\w+)(?R)?", "start = capital\n"),
        MEMO_RULE("(?<speaker>\\w+)?said", "start = capital\n"),
        MEMO_RULE("(?<speaker>\\w+){1,2}said", "start = capital\n"),
        MEMO_RULE("(?<speaker>\\w)+said", "start = capital\n"),
        MEMO_RULE("(?:(?<speaker>\\w+))\\s+said", "start = capital\n"),
        MEMO_RULE("\\b(?<speaker>\\w+)\\s+said", "start = capital\n"),
        MEMO_RULE("(?<speaker>\\w+)\\s+said", ""),
        /* a quantifier after a comment or a lone \\E is the group's */
        MEMO_RULE("(?<speaker>\\w+)(?#c)?\\s+said", "start = capital\n"),
        MEMO_RULE("(?<speaker>\\w+)\\E+x", "start = capital\n"),
        MEMO_RULE("(?<speaker>\\w+)", "start = capital\n"), /* no rest */
        /* a back-reference behind "\\c[" (a character, no class) or "[[:]" (no POSIX class) */
        MEMO_RULE("(?<speaker>\\w+(?:\\s\\w+)?)\\c[?\\s+said\\s+\\1[]]?\\s*", "start = capital\n"),
        MEMO_RULE("(?<speaker>\\w+(?:\\s\\w+)?)[[:]?\\s+said\\s+\\1[:]*]?\\s*",
                  "start = capital\n"),
    };
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        whosaid_error err;
        whosaid_rules *r = load_with("r.rules", none[i], strlen(none[i]), &err);
        ck_assert_msg(r != NULL, "%s: %s", none[i], err.msg);
        ck_assert_msg(!r->rules[0].end_memo, "%s", none[i]);
        ck_assert_ptr_null(strstr(r->rules[0].source, END_MEMO_CALLOUT));
        whosaid_rules_free(r);
    }
    /*
     * Classes, \Q...\E and option groups are no calls: "[\1]", "\Q(?1)\E",
     * "(?-i:"; "\c(" and "\c)" are letters; in a class, \Q...\E quotes "])(".
     * The callout goes right after the speaker's group as PCRE2 reads it.
     */
    static const struct {
        const char *rules, *after;
    } safe[] = {
        {MEMO_RULE("(?<speaker>\\w+)[\\1](?-i:\\Q(?1)\\E)", "start = capital\n"), "\\w+)"},
        {MEMO_RULE("(?<speaker>(?:\\w\\c)\\c)\\w\\c(\\c(){1,2})\\s+said\\s*", "start = capital\n"),
         "{1,2})"},
        {MEMO_RULE("(?<speaker>[^\\Q])(\\E]+)\\s+said\\s*", "start = capital\n"), "]+)"},
        {MEMO_RULE("(?<speaker>[[:alpha:]]+)\\s+said\\s*", "start = capital\n"), "]+)"},
    };
    whosaid_error err;
    for (size_t i = 0; i < sizeof safe / sizeof safe[0]; i++) {
        whosaid_rules *r = load_with("r.rules", safe[i].rules, strlen(safe[i].rules), &err);
        ck_assert_msg(r != NULL, "%s: %s", safe[i].rules, err.msg);
        ck_assert_msg(r->rules[0].end_memo, "%s", safe[i].rules);
        char want[64];
        snprintf(want, sizeof want, "%s" END_MEMO_CALLOUT, safe[i].after);
        const char *at = strstr(r->rules[0].source, want);
        ck_assert_msg(at && !strstr(at + strlen(want), END_MEMO_CALLOUT), "%s", r->rules[0].source);
        whosaid_rules_free(r);
    }
    /* the shipped speaker rules have it */
    whosaid_rules *r = whosaid_rules_builtin("en", &err);
    ck_assert_ptr_nonnull(r);
    size_t with = 0;
    for (size_t i = 0; i < r->nrules; i++)
        with += r->rules[i].end_memo;
    ck_assert_uint_eq(with, 4);
    whosaid_rules_free(r);
    /* an error after the callout: the same message, the same offset, as without it */
    static const char bad[] = MEMO_RULE("(?<speaker>\\w+)\\s+said(", "start = capital\n");
    char msg[2][sizeof err.msg];
    for (int off = 0; off < 2; off++) {
        if (off)
            setenv("WHOSAID_NO_END_MEMO", "1", 1);
        ck_assert_ptr_null(load_with("r.rules", bad, strlen(bad), &err));
        unsetenv("WHOSAID_NO_END_MEMO");
        ck_assert_int_eq(err.code, WHOSAID_ERR_RULES);
        ck_assert_ptr_nonnull(strstr(err.msg, "offset"));
        snprintf(msg[off], sizeof msg[off], "%s", err.msg);
    }
    ck_assert_str_eq(msg[0], msg[1]);
#undef MEMO_RULE
}
END_TEST

/* The speakers and rules of @text's quotes, extracted by @ex, as one string. */
static char *
records_of(whosaid_extractor *ex, const char *text)
{
    whosaid_error err;
    whosaid_doc *doc = whosaid_extract(ex, "t", text, strlen(text), 0, &err);
    ck_assert_msg(doc != NULL, "%s", err.msg);
    char *out = calloc(1, 512);
    ck_assert_ptr_nonnull(out);
    for (size_t i = 0; i < whosaid_doc_quote_count(doc); i++) {
        const whosaid_quote *q = whosaid_doc_quote(doc, i);
        size_t n = strlen(out);
        snprintf(out + n, 512 - n, "%s/%s;", q->speaker ? q->speaker : "-",
                 q->rule ? q->rule : "-");
    }
    whosaid_doc_free(doc);
    return out;
}

/*
 * The memo of speaker ends changes no record. It keeps apart the rules
 * (one fails after "Smith", the next matches there), the documents (two
 * of one length, with "Smith" at the same place), the subject's ends
 * (the rest fails before the first quote and matches before the second)
 * and a place where the rest matched from: the match whose speaker opens
 * inside a quote is passed over, and the next start's speaker ends at the
 * same place.
 */
START_TEST(test_end_memo_records)
{
    static const char rules[] =
        "%format 1\n"
        "[rule m.shout]\nanchor = before\npriority = 90\n"
        "pattern = (?<speaker>\\p{Lu}\\p{Ll}+)\\s+shouted\\s*\nstart = capital\n"
        "[rule m.again]\nanchor = before\npriority = 85\n"
        "pattern = (?<speaker>\\p{Lu}\\p{Ll}+)\\s+said\\b[^\\n]*?\\bagain\\s*\nstart = capital\n"
        "[rule m.said]\nanchor = before\npriority = 80\n"
        "pattern = (?<speaker>\\p{Lu}[^,\\n.]*?)\\s+said\\s*\nstart = capital\n";
    static const char *const texts[] = {
        "Smith said \xE2\x80\x9CWe won.\xE2\x80\x9D",
        "Smith told \xE2\x80\x9CWe won.\xE2\x80\x9D",
        "Smith said \xE2\x80\x9CWe won.\xE2\x80\x9D",
        "Smith said again, not \xE2\x80\x9CWe won\xE2\x80\x9D and again \xE2\x80\x9CWe "
        "won.\xE2\x80\x9D",
        "\xE2\x80\x9C"
        "Ann\xE2\x80\x9D Smith said \xE2\x80\x9CWe won.\xE2\x80\x9D",
    };
    static const char *const want[] = {
        "Smith/m.said;",
        "-/-;",
        "Smith/m.said;",
        "Smith/engine.same-sentence;Smith/m.again;",
        "Smith/engine.same-sentence;Smith/m.said;",
    };
    char *got[2][sizeof texts / sizeof texts[0]];
    for (int off = 0; off < 2; off++) {
        whosaid_rules *r = load_switched("WHOSAID_NO_END_MEMO", off, "m.rules", rules);
        for (size_t i = 0; i < r->nrules; i++)
            ck_assert_int_eq(r->rules[i].end_memo, !off);
        whosaid_error err;
        whosaid_extractor *ex = whosaid_extractor_new(r, &err);
        ck_assert_ptr_nonnull(ex);
        ck_assert(off ? !ex->callout.memo : ex->callout.memo != NULL);
        for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
            got[off][i] = records_of(ex, texts[i]);
        whosaid_extractor_free(ex);
        whosaid_rules_free(r);
    }
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        ck_assert_msg(!strcmp(got[0][i], want[i]), "text %zu: %s, expected %s", i, got[0][i],
                      want[i]);
        ck_assert_str_eq(got[0][i], got[1][i]);
        free(got[0][i]);
        free(got[1][i]);
    }
}
END_TEST

/*
 * The alias rules with a start lexicon are tried at the words found for
 * all of them in one pass (resolver.c, find_leads()), the first sixteen;
 * the rest each read the words themselves. Either way an alias found
 * ("Envoy Ana Ribeiro", at the paragraph's first word) names the speaker
 * in full; without it, not.
 */
START_TEST(test_alias_leads)
{
    static const char envoy[] = "%format 1\n%name ENVOY\nenvoy | envoys\nspecial envoy\n";
    static const char said[] = "%format 1\n[rule l.said]\nanchor = before\n"
                               "pattern = (?<speaker>\\p{Lu}\\p{Ll}+)\\s+said\\s*\n";
    static const char alias[] =
        "[rule l.envoy]\nanchor = alias\n"
        "pattern = (?i:{ENVOY})\\s+(?<name>\\p{Lu}\\p{Ll}+\\s+\\p{Lu}\\p{Ll}+)\n"
        "start = ENVOY\n";
    /* the paragraph opens with the lead; more verbs than leads: each rule's own places count */
    static const char text[] = "Envoy Ana Ribeiro said, asked and added that she had arrived.\n\n"
                               "Ribeiro said \xE2\x80\x9CWe will stay.\xE2\x80\x9D";
    /* the alias rule after 0, 15, 16 and 20 others with a start lexicon; or none */
    static const int before[] = {0, 15, 16, 20, -1};
    for (size_t c = 0; c < sizeof before / sizeof before[0]; c++) {
        char rules[4096];
        size_t n = (size_t)snprintf(rules, sizeof rules, "%s", said);
        for (int i = 0; i < before[c]; i++) /* rules of another lexicon that match nowhere */
            n += (size_t)snprintf(rules + n, sizeof rules - n,
                                  "[rule l.none%d]\nanchor = alias\n"
                                  "pattern = (?i:{VERB})\\s+(?<name>Zq%d)\nstart = VERB\n",
                                  i, i);
        if (before[c] >= 0)
            n += (size_t)snprintf(rules + n, sizeof rules - n, "%s", alias);
        ck_assert_uint_lt(n, sizeof rules);
        whosaid_rules *r = load_with_lexicon("20-envoy.lex", envoy, "l.rules", rules);
        whosaid_error err;
        whosaid_extractor *ex = whosaid_extractor_new(r, &err);
        ck_assert_ptr_nonnull(ex);
        whosaid_doc *doc = whosaid_extract(ex, "t", text, sizeof text - 1, 0, &err);
        ck_assert_ptr_nonnull(doc);
        ck_assert_uint_eq(whosaid_doc_quote_count(doc), 1);
        ck_assert_str_eq(whosaid_doc_quote(doc, 0)->speaker,
                         before[c] >= 0 ? "Ana Ribeiro" : "Ribeiro");
        whosaid_doc_free(doc);
        whosaid_extractor_free(ex);
        whosaid_rules_free(r);
    }
}
END_TEST

/*
 * A before rule's start set: capital, lexicons and one guard, joined by
 * '|'; compiled anchored, the guard read once the lexicons are loaded;
 * WHOSAID_NO_STARTS leaves PCRE2 to search. Not with \G, a backtracking
 * verb, an unknown lexicon or a second guard. With it, holds = LEXICON.
 */
START_TEST(test_start_set)
{
    static const char rules[] =
        "%format 1\n"
        "[rule s.b]\nanchor = before\n"
        "pattern = (?<speaker>\\p{Lu}\\w+|(?i:{PRONOUN}))\\s+said\\s*\n"
        "start = capital | PRONOUN|VERB | {VERB|PRONOUN within 2 unless VERB}\n"
        "holds = VERB\n";
    for (int off = 0; off < 2; off++) {
        if (off)
            setenv("WHOSAID_NO_STARTS", "1", 1);
        whosaid_error err;
        whosaid_rules *r = LOAD("r.rules", rules, &err);
        ck_assert_msg(r != NULL, "%s:%zu:%zu: %s", err.file, err.line, err.column, err.msg);
        const struct rule *x = &r->rules[0];
        ck_assert_int_eq(x->anchored_code, !off); /* tried in place: anchored, JIT kept */
        if (off) {
            ck_assert_ptr_null(x->starts);
        } else {
            ck_assert_ptr_nonnull(x->starts);
            ck_assert(x->starts->capital);
            ck_assert_uint_eq(x->starts->nlex, 2);
            ck_assert_str_eq(r->lexicons[x->starts->lex[0]].name, "PRONOUN");
            ck_assert_str_eq(r->lexicons[x->starts->lex[1]].name, "VERB");
            char want[32];
            snprintf(want, sizeof want, "W%zu,%zu:2!%zu", lexicon_index(r, "VERB"),
                     lexicon_index(r, "PRONOUN"), lexicon_index(r, "VERB"));
            ck_assert_str_eq(x->starts->guard, want);
            ck_assert_ptr_nonnull(x->starts->memo);
            ck_assert_uint_eq(x->starts->memo->nlexs, 2);
            ck_assert_uint_eq(x->starts->memo->n, 2);
            ck_assert_ptr_eq(x->starts->memo->stop, &r->lexicons[lexicon_index(r, "VERB")]);
            ck_assert_uint_eq(x->starts->holds, lexicon_index(r, "VERB") + 1);
        }
        whosaid_rules_free(r);
    }
    unsetenv("WHOSAID_NO_STARTS");
#define START_RULE(pattern, start)                                                                 \
    "%format 1\n[rule a.b]\nanchor = before\npattern = " pattern "\nstart = " start "\n"
    EXPECT_ERROR("x.rules", START_RULE("\\G(?<speaker>A)", "capital"), 5, 9);
    EXPECT_ERROR("x.rules", START_RULE("(?:\\G(?<speaker>A))", "capital"), 5, 9);
    EXPECT_ERROR("x.rules", START_RULE("(?<speaker>A)(*COMMIT)b", "capital"), 5, 9);
    EXPECT_ERROR("x.rules", START_RULE("(?<speaker>A)\\Kb", "capital"), 5, 9);
    EXPECT_ERROR("x.rules",
                 "%format 1\n[macro GEE]\npattern = \\G\n[rule a.b]\nanchor = before\n"
                 "pattern = (?:x|{GEE})(?<speaker>A)\nstart = capital\n",
                 7, 9);
    EXPECT_ERROR("x.rules", START_RULE("(?<speaker>A)", "capital | NOUN"), 5, 19);
    EXPECT_ERROR("x.rules", START_RULE("(?<speaker>A)", "Capital"), 5, 9);
    EXPECT_ERROR("x.rules", START_RULE("(?<speaker>A)", "capital |"), 5, 18);
    EXPECT_ERROR("x.rules", START_RULE("(?<speaker>A)", "| capital"), 5, 9);
    EXPECT_ERROR("x.rules", START_RULE("(?<speaker>A)", "{VERB within 2} | {VERB within 3}"), 5,
                 27);
    EXPECT_ERROR("x.rules", START_RULE("(?<speaker>A)", "{VERB}"), 5, 9);
    EXPECT_ERROR("x.rules", START_RULE("(?<speaker>A)", "{NOUN within 2}"), 5, 9);
    EXPECT_ERROR("x.rules", START_RULE("(?<speaker>A)", "{VERB within 2"), 5, 9);
    /* holds: a lexicon, on a before rule with start */
    EXPECT_ERROR("x.rules", START_RULE("(?<speaker>A)", "capital\nholds = NOUN"), 6, 9);
    EXPECT_ERROR("x.rules", START_RULE("(?<speaker>A)", "capital\nholds = VERB\nholds = VERB"), 7,
                 1);
    EXPECT_ERROR("x.rules",
                 "%format 1\n[rule a.b]\nanchor = before\npattern = (?<speaker>A)\n"
                 "holds = VERB\n",
                 5, 9);
    EXPECT_ERROR("x.rules",
                 "%format 1\n[rule a.b]\nanchor = alias\npattern = (?<name>A)\n"
                 "start = capital\nholds = VERB\n",
                 6, 9);
#undef START_RULE
}
END_TEST

START_TEST(test_prune)
{
    static const char rules[] = "%format 1\n"
                                "[rule p.m]\nanchor = mention\npattern = (?<name>\\p{Lu}\\w+)\n"
                                "start = capital\nprune = PRONOUN\n";
    /* on; off with WHOSAID_NO_PRUNE; off without start = capital's scan (WHOSAID_NO_CAPITAL) */
    const char *env[] = {NULL, "WHOSAID_NO_PRUNE", "WHOSAID_NO_CAPITAL"};
    for (size_t e = 0; e < 3; e++) {
        if (env[e])
            setenv(env[e], "1", 1);
        whosaid_error err;
        whosaid_rules *r = LOAD("r.rules", rules, &err);
        ck_assert_msg(r != NULL, "%s:%zu:%zu: %s", err.file, err.line, err.column, err.msg);
        ck_assert_str_eq(r->lexicons[1].name, "PRONOUN");
        ck_assert_uint_eq(r->rules[0].prune_lex, e == 0 ? 2 : 0);
        whosaid_rules_free(r);
        if (env[e])
            unsetenv(env[e]);
    }
    /* the particles' small letters after the lexicon; none: any */
    static const char letters[] = "%format 1\n"
                                  "[rule p.m]\nanchor = mention\npattern = (?<name>\\p{Lu}\\w+)\n"
                                  "start = capital\nprune = PRONOUN dv\n";
    whosaid_error err;
    whosaid_rules *r = LOAD("r.rules", letters, &err);
    ck_assert_msg(r != NULL, "%s", err.msg);
    ck_assert_uint_eq(r->rules[0].prune_lex, 2);
    ck_assert_uint_eq(r->rules[0].prune_small, (1u << ('d' - 'a')) | (1u << ('v' - 'a')));
    whosaid_rules_free(r);
    r = LOAD("r.rules", rules, &err);
    ck_assert_uint_eq(r->rules[0].prune_small, (1u << 26) - 1);
    whosaid_rules_free(r);
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = mention\npattern = (?<name>A)\n"
                            "start = capital\nprune = PRONOUN dV\n", 6, 18);
    /* mention rules with start = capital only; a lexicon that is there; once */
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = alias\npattern = (?<name>A)\n"
                            "start = capital\nprune = PRONOUN\n", 6, 9);
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = mention\npattern = (?<name>A)\n"
                            "prune = PRONOUN\n", 5, 9);
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = mention\npattern = (?<name>A)\n"
                            "start = VERB\nprune = PRONOUN\n", 6, 9);
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = mention\npattern = (?<name>A)\n"
                            "start = capital\nprune = STOPWORD\n", 6, 9);
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = mention\nprune = VERB\nprune = VERB\n", 5, 0);
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = mention\nprune =\n", 4, 0);
}
END_TEST

/*
 * Every pattern gets a second code without UCP, for texts all ASCII, from
 * whosaid_rules_jit_opts() with WHOSAID_JIT_ASCII (not at loading: start-up
 * stays as it was); it runs where the text PCRE2 may read (from the
 * longest look-behind before the start on) is ASCII.
 */
START_TEST(test_ascii_codes)
{
    whosaid_error err;
    whosaid_rules *r = whosaid_rules_builtin_opts("en", WHOSAID_RULES_NO_JIT, &err);
    ck_assert_msg(r != NULL, "%s", err.msg);
    ck_assert_uint_ge(r->max_lookbehind, 1); /* \b looks one character back */
    bool jit = !getenv("WHOSAID_NO_JIT");
    size_t n = whosaid_rules_jit_opts(r, 0);
    ck_assert_int_eq(r->rules[0].jit, jit && n > 0);
    for (size_t i = 0; i < r->nrules; i++)
        ck_assert_ptr_null(r->rules[i].ascii_code);
    ck_assert_uint_eq(whosaid_rules_jit_opts(r, WHOSAID_JIT_ASCII), n); /* patterns counted once */
    for (size_t i = 0; i < r->nrules; i++) {
        ck_assert_msg(r->rules[i].ascii_code != NULL, "%s", r->rules[i].id);
        ck_assert_int_eq(r->rules[i].ascii_jit, r->rules[i].jit);
    }
    for (size_t i = 0; i < r->nreqs; i++) {
        ck_assert(r->reqs[i].ascii && (!r->reqs[i].anchored || r->reqs[i].ascii_anchored));
        ck_assert_int_eq(r->reqs[i].ascii_jit, r->reqs[i].jit);
    }

    /* the blocks of a text: an "é" at bytes 130-131, in the third block of 64 */
    char text[301];
    memset(text, 'a', 300);
    text[300] = '\0';
    memcpy(text + 130, "\xC3\xA9", 2);
    whosaid_extractor *ex = whosaid_extractor_new(r, &err);
    ck_assert_ptr_nonnull(ex);
    ws_ascii_blocks(ex, text, 300);
    ck_assert(ws_ascii_span(ex, 0, 128));
    ck_assert(!ws_ascii_span(ex, 0, 131));
    ck_assert(!ws_ascii_span(ex, 192, 200)); /* its look-behind reaches back into the "é" block */
    ck_assert(ws_ascii_span(ex, 200, 300));
    ck_assert(ws_ascii_span(ex, 300, 300));
    /* one byte outside ASCII at each place: its block counts, and no other (the last one partial)
     */
    for (size_t at = 0; at < 300; at++) {
        memset(text, 'a', 300);
        text[at] = (char)0xC3;
        ws_ascii_blocks(ex, text, 300);
        ck_assert_uint_eq(ex->nwide, 300 / 64 + 2);
        for (size_t b = 0; b + 1 < ex->nwide; b++)
            ck_assert_uint_eq(ex->wide[b + 1] - ex->wide[b], b == at / 64);
    }
    ws_ascii_blocks(ex, "", 0);
    ck_assert(ws_ascii_span(ex, 0, 0));
    whosaid_extractor_free(ex);
    whosaid_rules_free(r);

    setenv("WHOSAID_NO_ASCII", "1", 1);
    r = whosaid_rules_builtin_opts("en", WHOSAID_RULES_NO_JIT, &err);
    ck_assert_ptr_nonnull(r);
    ck_assert_uint_eq(whosaid_rules_jit_opts(r, WHOSAID_JIT_ASCII), n);
    unsetenv("WHOSAID_NO_ASCII");
    for (size_t i = 0; i < r->nrules; i++)
        ck_assert_ptr_null(r->rules[i].ascii_code);
    whosaid_rules_free(r);
}
END_TEST

/* The speakers of a few quotes, as one string, extracted with @r. */
static char *
speakers_of(whosaid_rules *r)
{
    static const char text[] = "\xE2\x80\x9CWe will win,\xE2\x80\x9D Mr Smith said on Monday. "
                               "Foreign Minister Ana Ribeiro said: \xE2\x80\x9CIt is done.\xE2\x80\x9D "
                               "\xE2\x80\x9CNot yet,\xE2\x80\x9D she added.";
    whosaid_error err;
    whosaid_extractor *ex = whosaid_extractor_new(r, &err);
    ck_assert_ptr_nonnull(ex);
    whosaid_doc *doc = whosaid_extract(ex, "t", text, sizeof text - 1, 0, &err);
    ck_assert_ptr_nonnull(doc);
    char *out = calloc(1, 256);
    ck_assert_ptr_nonnull(out);
    for (size_t i = 0; i < whosaid_doc_quote_count(doc); i++) {
        const whosaid_quote *q = whosaid_doc_quote(doc, i);
        strncat(out, q->speaker ? q->speaker : "-", 255 - strlen(out));
        strncat(out, ";", 255 - strlen(out));
    }
    whosaid_doc_free(doc);
    whosaid_extractor_free(ex);
    return out;
}

/*
 * WHOSAID_JIT_THREADS(n) compiles the patterns in n threads (the caller's
 * one of them; at most 64, and one a rule or prefilter): the same codes
 * and the same count as one thread, whether n is 0, 1, a few or more
 * than there are patterns, with flags made by the macro or not, with the
 * codes for ASCII text or without, and the same records.
 */
START_TEST(test_jit_threads)
{
    uint32_t have_jit = 0;
    pcre2_config(PCRE2_CONFIG_JIT, &have_jit);
    bool want = have_jit && !getenv("WHOSAID_NO_JIT");
    size_t n1 = 0;
    char *first = NULL;
    static const struct {
        unsigned flags, threads; /* threads: 0 for one a rule or prefilter */
    } runs[] = {
        {WHOSAID_JIT_ASCII, 1},
        {WHOSAID_JIT_ASCII | WHOSAID_JIT_THREADS(0), 1},
        {WHOSAID_JIT_ASCII | WHOSAID_JIT_THREADS(1), 1},
        {WHOSAID_JIT_ASCII | WHOSAID_JIT_THREADS(2), 2},
        {WHOSAID_JIT_THREADS(3), 3},
        {WHOSAID_JIT_ASCII | WHOSAID_JIT_THREADS(1000), 0},
        {WHOSAID_JIT_ASCII | WHOSAID_JIT_THREADS(-1), 0},
        {WHOSAID_JIT_ASCII | 100u << 8, 0}, /* not by the macro: 64 at most */
    };
    for (size_t k = 0; k < sizeof runs / sizeof *runs; k++) {
        whosaid_error err;
        whosaid_rules *r = whosaid_rules_builtin_opts("en", WHOSAID_RULES_NO_JIT, &err);
        ck_assert_msg(r != NULL, "%s", err.msg);
        bool ascii = runs[k].flags & WHOSAID_JIT_ASCII;
        size_t n = whosaid_rules_jit_opts(r, runs[k].flags);
        if (k == 0)
            n1 = n;
        ck_assert_uint_eq(n, n1);
        ck_assert(want ? n > 0 : n == 0);
        size_t shares = r->nrules + r->nreqs;
        ck_assert_uint_lt(shares, 64); /* so that 64 threads would be more than shares */
        ck_assert_uint_eq(r->jit_threads, runs[k].threads ? runs[k].threads : shares);
        for (size_t i = 0; i < r->nrules; i++) {
            const struct rule *u = &r->rules[i];
            ck_assert_msg(u->jit == want && rules_jitted(u->code) == want, "%s", u->id);
            ck_assert_msg((u->ascii_code != NULL) == ascii && u->ascii_jit == (want && ascii),
                          "%s", u->id);
        }
        for (size_t i = 0; i < r->nreqs; i++) {
            const struct requirement *q = &r->reqs[i];
            ck_assert(q->jit == want && (q->ascii != NULL) == ascii);
            ck_assert(q->ascii_jit == (want && ascii));
            ck_assert(!q->anchored || (q->anchored_jit == want && (q->ascii_anchored != NULL) == ascii));
        }
        char *got = speakers_of(r);
        if (k == 0) {
            ck_assert_str_eq(got, "Smith;Ana Ribeiro;Ana Ribeiro;");
            first = got;
        } else {
            ck_assert_str_eq(got, first);
            free(got);
        }
        whosaid_rules_free(r);
    }
    free(first);
}
END_TEST

START_TEST(test_err_start)
{
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = after\npattern = (?<speaker>a)\nstart = VERB\n", 5, 9);
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = alias\npattern = (?<name>a)\nstart = NOPE\n", 5, 9);
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = alias\nstart = VERB\nstart = VERB\n", 5, 0);
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = alias\nstart =\n", 4, 0);
    /* a form that begins with a mark can never be found at a word's start */
    struct rule_source src[] = {
        SRC("10-marks.rules", MARKS),
        SRC("20-odd.lex", "%format 1\n%name ODD\n-ish | word\n"),
        SRC("50-x.rules", "%format 1\n[rule a.b]\nanchor = mention\npattern = (?<name>x)\nstart = ODD\n"),
    };
    whosaid_error err;
    ck_assert_ptr_null(rules_load_sources(src, 3, &err));
    ck_assert_str_eq(err.file, "50-x.rules");
    ck_assert_uint_eq(err.line, 5);
    ck_assert_ptr_nonnull(strstr(err.msg, "-ish"));
}
END_TEST

START_TEST(test_near)
{
    static const char rules[] = "%format 1\n"
                                "[rule n.a]\nanchor = alias\npattern = (?<name>\\w+), the\n"
                                "requires = , the\nnear = 3\n"
                                "[rule n.b]\nanchor = alias\npattern = (?<name>\\w+), the\n"
                                "requires = , the\n"
                                "[rule n.c]\nanchor = before\npattern = (?<speaker>\\w+) said\\s*\n"
                                "near = 2\n";
    whosaid_error err;
    whosaid_rules *r = LOAD("r.rules", rules, &err);
    ck_assert_msg(r != NULL, "%s:%zu:%zu: %s", err.file, err.line, err.column, err.msg);
    ck_assert_uint_eq(r->rules[0].near, 3);
    ck_assert_uint_eq(r->rules[1].near, 0);
    /* searched in windows, each ending at an offset limit: compiled for one */
    uint32_t opts = 0;
    ck_assert_int_eq(pcre2_pattern_info(r->rules[0].code, PCRE2_INFO_ALLOPTIONS, &opts), 0);
    ck_assert(opts & PCRE2_USE_OFFSET_LIMIT);
    ck_assert_int_eq(pcre2_pattern_info(r->rules[1].code, PCRE2_INFO_ALLOPTIONS, &opts), 0);
    ck_assert(!(opts & PCRE2_USE_OFFSET_LIMIT));
    /* a before rule needs no requires: its words are counted back from the quote, no limit */
    ck_assert_uint_eq(r->rules[2].near, 2);
    ck_assert_int_eq(pcre2_pattern_info(r->rules[2].code, PCRE2_INFO_ALLOPTIONS, &opts), 0);
    ck_assert(!(opts & PCRE2_USE_OFFSET_LIMIT));
    whosaid_rules_free(r);
}
END_TEST

START_TEST(test_err_near)
{
    /* not a number, out of range, on an after rule, without requires, with start */
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = alias\npattern = (?<name>a)\nnear = x\n", 5, 8);
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = alias\npattern = (?<name>a)\nnear = 0\n", 5, 8);
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = alias\npattern = (?<name>a)\nnear = 1001\n", 5, 8);
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = after\npattern = (?<speaker>a)\nrequires = a\nnear = 2\n", 6, 8);
    /* a before rule anchored at its sentence's start cannot be moved */
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = before\npattern = \\G(?<speaker>a)\nnear = 2\n", 5, 8);
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = mention\npattern = (?<name>a)\nnear = 2\n", 5, 8);
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = alias\npattern = (?<name>(?i:{VERB}))\nrequires = a\nstart = VERB\nnear = 2\n", 7, 8);
}
END_TEST

START_TEST(test_err_requires)
{
    /* bad pattern, twice, empty, in a macro, nested quantifier */
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = after\npattern = (?<speaker>a)\nrequires = (b\n", 5, 12);
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = after\nrequires = a\nrequires = a\n", 5, 0);
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = after\nrequires =\n", 4, 0);
    EXPECT_ERROR("x.rules", "%format 1\n[macro M]\nrequires = a\n", 3, 0);
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = after\npattern = (?<speaker>a)\nrequires = (?:a+)*\n", 5, 12);
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = after\npattern = (?<speaker>a)\nrequires = {NOPE}\n", 5, 12);
}
END_TEST

/*
 * A macro called as a subroutine (here: one that calls another) gets a
 * lookahead of the characters it can start with, so that PCRE2 knows
 * where a rule opening with it can start (a macro opening with \p{Lu}
 * alone gives PCRE2 nothing).
 */
START_TEST(test_macro_start_hint)
{
    /* ALT is large enough that a rule calls it (RULE_FLAT_MAX), and so BIG */
    struct ws_buf b = {0};
    ck_assert(ws_buf_puts(&b, "%format 1\n[macro ALT]\npattern = (?:"));
    for (int i = 0; i < 2000; i++) {
        char alt[16];
        snprintf(alt, sizeof alt, "%sz%04dzz", i ? "|" : "", i);
        ck_assert(ws_buf_puts(&b, alt));
    }
    ck_assert(ws_buf_puts(&b, ")\n"
                              "[macro BIG]\npattern = (?=[A-Z\\x{C0}-\\x{10FFFF}])\\p{Lu}\\w*(?:\\s+{ALT}){0,2}\n"
                              "[macro OPEN]\npattern = \\p{Lu}\\w*(?:\\s+{ALT}){0,2}\n"
                              "[rule h.a]\nanchor = mention\npattern = (?<name>{BIG})\n"
                              "[rule h.b]\nanchor = mention\npattern = (?<name>{OPEN})\n"
                              "[rule h.c]\nanchor = mention\npattern = (?<name>{BIG}?\\s*x)\n"
                              "[macro SMALL]\npattern = \\p{Lu}\\w*\n"
                              "[rule h.d]\nanchor = mention\npattern = (?<name>{SMALL})\n"));
    whosaid_error err;
    whosaid_rules *r = load_with("r.rules", b.data, b.len, &err);
    ck_assert_msg(r != NULL, "%s:%zu:%zu: %s", err.file, err.line, err.column, err.msg);
    ws_buf_free(&b);
    ck_assert_ptr_nonnull(strstr(r->rules[0].source, "(?&m_BIG)"));
    ck_assert_ptr_nonnull(strstr(r->rules[0].source, "(?:(?=[\\x{41}-\\x{5A}\\x{C0}-\\x{D7FF}\\x{E000}-\\x{10FFFF}])(?&m_BIG))"));
    const uint8_t *bits = NULL;
    pcre2_pattern_info(r->rules[0].code, PCRE2_INFO_FIRSTBITMAP, &bits);
    ck_assert_ptr_nonnull(bits);
    ck_assert(bits['W' / 8] & (1u << ('W' % 8)));
    ck_assert(!(bits['w' / 8] & (1u << ('w' % 8))));
    ck_assert(!(bits[' ' / 8] & (1u << (' ' % 8))));
    ck_assert(bits[0xC3 / 8] & (1u << (0xC3 % 8))); /* À-ÿ */
    /* a quantifier after {BIG} covers its hint too: "{BIG}?x" matches a lone "x" */
    pcre2_match_data *md = pcre2_match_data_create(8, NULL);
    ck_assert_int_gt(pcre2_match(r->rules[2].code, (PCRE2_SPTR) "x", 1, 0, 0, md, NULL), 0);
    ck_assert_int_gt(pcre2_match(r->rules[2].code, (PCRE2_SPTR) "Wang x", 6, 0, 0, md, NULL), 0);
    ck_assert_int_gt(pcre2_match(r->rules[0].code, (PCRE2_SPTR) "Wang z0999zz", 12, 0, 0, md, NULL), 0);
    ck_assert_uint_eq(pcre2_get_ovector_pointer(md)[1], 12);
    pcre2_match_data_free(md);
    /* no set, no hint: the call stands alone */
    ck_assert_ptr_nonnull(strstr(r->rules[1].source, "(?<name>(?&m_OPEN))"));
    /* a small rule has its macros copied in: no definitions, no calls */
    ck_assert_ptr_null(strstr(r->rules[3].source, "(?&"));
    ck_assert_ptr_null(strstr(r->rules[3].source, "DEFINE"));
    whosaid_rules_free(r);
}
END_TEST

/*
 * Every shipped rule that is searched for, not tried in place (a before,
 * previous or alias rule without \G), gives PCRE2 the bytes a match may
 * start at: a first code unit or a start bitmap. Without, the search runs
 * the whole pattern from every byte; a pattern that opens with a
 * look-behind or \p{L} hides them (the SPEAKER macro's and
 * en.before.quoted-as-saying's class says them first).
 */
START_TEST(test_shipped_searches_have_start_bytes)
{
    whosaid_error err;
    whosaid_rules *r = whosaid_rules_builtin_opts("en", WHOSAID_RULES_NO_JIT, &err);
    ck_assert_msg(r != NULL, "%s", err.msg);
    size_t searched = 0, starts = 0;
    for (size_t i = 0; i < r->nrules; i++) {
        const struct rule *x = &r->rules[i];
        starts += x->starts != NULL;
        bool search = x->anchor == ANCHOR_BEFORE || x->anchor == ANCHOR_PREVIOUS ||
                      x->anchor == ANCHOR_ALIAS;
        if (!search || x->anchored_code || x->start_lex || !strncmp(x->source, "\\G", 2) ||
            !strncmp(x->source, "(?:\\G", 5))
            continue;
        uint32_t first = 0;
        const uint8_t *bits = NULL;
        ck_assert_int_eq(pcre2_pattern_info(x->code, PCRE2_INFO_FIRSTCODETYPE, &first), 0);
        ck_assert_int_eq(pcre2_pattern_info(x->code, PCRE2_INFO_FIRSTBITMAP, &bits), 0);
        ck_assert_msg(first != 0 || bits != NULL, "%s is searched from every byte", x->id);
        searched++;
    }
    ck_assert_uint_ge(searched, 4);
    /* the before rules that open with a speaker: tried in place at the words where one may begin */
    ck_assert_uint_ge(starts, 4);
    whosaid_rules_free(r);
}
END_TEST

START_TEST(test_no_marks)
{
    struct rule_source src[] = {SRC("20-verbs.lex", VERBS)};
    whosaid_error err;
    ck_assert_ptr_null(rules_load_sources(src, 1, &err));
    ck_assert_int_eq(err.code, WHOSAID_ERR_RULES);
}
END_TEST

/* ---- mistakes ---- */

START_TEST(test_err_missing_format)
{
    EXPECT_ERROR("x.rules", "# comment\n\n[marks]\npair = \" \"\n", 3, 1);
    EXPECT_ERROR("x.rules", "%format 2\n[marks]\n", 1, 1);
    EXPECT_ERROR("x.lex", "  %name V\n%format 1\n", 1, 3);
}
END_TEST

START_TEST(test_err_no_format_at_all)
{
    /* a file of comments only: no format line anywhere */
    whosaid_error err;
    ck_assert_ptr_null(LOAD("x.rules", "# just\n# comments\n", &err));
    ck_assert_int_eq(err.code, WHOSAID_ERR_RULES);
    ck_assert_str_eq(err.file, "x.rules");
}
END_TEST

START_TEST(test_err_unknown_section)
{
    EXPECT_ERROR("x.rules", "%format 1\n\n[frobnicate]\n", 3, 1);
    EXPECT_ERROR("x.rules", "%format 1\n[marks\npair = \" \"\n", 2, 1); /* unclosed */
}
END_TEST

START_TEST(test_err_unknown_key)
{
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = after\ncolour = red\n", 4, 1);
    EXPECT_ERROR("x.rules", "%format 1\n[marks]\nopen = \"\n", 3, 1);
    EXPECT_ERROR("x.rules", "%format 1\n[macro M]\nanchor = after\n", 3, 1);
    EXPECT_ERROR("x.rules", "%format 1\nanchor = after\n", 2, 1); /* outside a section */
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\njust words\n", 3, 1);
}
END_TEST

START_TEST(test_err_unknown_anchor)
{
    /* "anchor = " is 9 bytes: the value starts in column 10 */
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = sideways\npattern = (?<speaker>x)\n", 3,
                 10);
}
END_TEST

START_TEST(test_err_bad_values)
{
    EXPECT_ERROR("x.rules",
                 "%format 1\n[rule a.b]\nanchor = after\npattern = (?<speaker>x)\nconfidence = 1.5\n",
                 5, 14);
    EXPECT_ERROR("x.rules",
                 "%format 1\n[rule a.b]\nanchor = after\npattern = (?<speaker>x)\npriority = high\n",
                 5, 12);
    EXPECT_ERROR("x.rules",
                 "%format 1\n[rule a.b]\nanchor = after\npattern = (?<speaker>x)\ntype = quoted\n", 5,
                 8);
    EXPECT_ERROR("x.rules",
                 "%format 1\n[rule a.b]\nanchor = after\npattern = (?<speaker>x)\nmax_words = 0\n",
                 5, 13);
    EXPECT_ERROR("x.rules",
                 "%format 1\n[rule a.b]\nanchor = after\npattern = (?<speaker>x)\nresolved = maybe\n",
                 5, 12);
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = mention\npattern = (?<speaker>x)\n", 4,
                 11); /* a mention rule needs (?<name>...) */
    EXPECT_ERROR("x.rules", "%format 1\n[rule a b]\n", 2, 0);      /* bad id */
    EXPECT_ERROR("x.rules", "%format 1\n[macro lower]\n", 2, 0);   /* bad macro name */
    EXPECT_ERROR("x.rules", "%format 1\n[marks]\npair = ab c\n", 3, 0); /* not one char */
}
END_TEST

START_TEST(test_err_rule_without_pattern)
{
    /* the error names the rule's own header line ... */
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = after\n", 2, 0);
}
END_TEST

START_TEST(test_err_rule_without_pattern_then_section)
{
    /* ... also when another section follows it */
    EXPECT_ERROR("x.rules",
                 "%format 1\n"
                 "[rule a.b]\n"
                 "anchor = after\n"
                 "\n"
                 "[rule c.d]\n"
                 "anchor = after\n"
                 "pattern = (?<speaker>x)\n",
                 2, 0);
}
END_TEST

START_TEST(test_err_rule_without_anchor)
{
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\npattern = (?<speaker>x)\n\n[marks]\n", 2, 0);
}
END_TEST

START_TEST(test_err_macro_without_pattern)
{
    EXPECT_ERROR("x.rules", "%format 1\n[macro M]\n\n[marks]\n", 2, 0);
}
END_TEST

START_TEST(test_err_no_speaker_capture)
{
    /* "pattern = " is 10 bytes: the value starts in column 11 */
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = after\npattern = (?<cue>said)\n\n", 4, 11);
    /* an alias rule needs (?<name>...) instead */
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = alias\npattern = (?<speaker>X)\n", 4, 11);
}
END_TEST

START_TEST(test_err_undefined_macro)
{
    /* "{" of {NOPE} is byte 11 of the value, column 11 + 11 = 22 */
    EXPECT_ERROR("x.rules",
                 "%format 1\n[rule a.b]\nanchor = after\npattern = (?<speaker>{NOPE})\n", 4, 22);
    /* a lexicon's macro defined only by a later file is undefined too */
    EXPECT_ERROR("x.rules", "%format 1\n[macro M]\npattern = {LATER}x\n", 3, 11);
}
END_TEST

START_TEST(test_err_duplicate_rule_id)
{
    EXPECT_ERROR("x.rules",
                 "%format 1\n"
                 "[rule a.b]\nanchor = after\npattern = (?<speaker>x)\n"
                 "\n"
                 "[rule a.b]\nanchor = before\npattern = (?<speaker>y)\n",
                 6, 0);
}
END_TEST

START_TEST(test_err_duplicate_macro)
{
    EXPECT_ERROR("x.rules", "%format 1\n[macro VERB]\npattern = x\n\n[marks]\n", 2, 0);
}
END_TEST

START_TEST(test_err_pcre2_syntax)
{
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = after\npattern = (?<speaker>a(b)\n", 4, 11);
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = after\npattern = (?<speaker>[a-)\n", 4, 11);
    EXPECT_ERROR("x.rules", "%format 1\n[macro M]\npattern = (\n[rule a.b]\nanchor = before\npattern = (?<speaker>{M})\n",
                 6, 11);
}
END_TEST

START_TEST(test_err_nested_quantifier)
{
    EXPECT_ERROR("x.rules", "%format 1\n[rule a.b]\nanchor = after\npattern = (?<speaker>(?:a+)*)\n", 4, 11);
    /* through a macro */
    EXPECT_ERROR("x.rules",
                 "%format 1\n[macro W]\npattern = \\w+\\s*\n[rule a.b]\nanchor = after\npattern = (?<speaker>(?:{W})+)\n",
                 6, 11);
}
END_TEST

START_TEST(test_bounded_and_possessive_accepted)
{
    whosaid_error err;
    whosaid_rules *r = LOAD("x.rules",
                            "%format 1\n"
                            "[rule a.bounded]\nanchor = after\npattern = (?<speaker>(?:a+){0,3})\n"
                            "[rule a.possessive]\nanchor = after\npattern = (?<speaker>(?:a++)*+)\n",
                            &err);
    ck_assert_msg(r != NULL, "%s:%zu:%zu: %s", err.file, err.line, err.column, err.msg);
    ck_assert_uint_eq(whosaid_rules_count(r), 2);
    whosaid_rules_free(r);
}
END_TEST

/* rules_check_nested_quantifiers on one pattern: true when it is rejected */
static bool
rejected(const char *p)
{
    size_t off = 9999;
    const char *msg = rules_check_nested_quantifiers(p, &off);
    if (msg)
        ck_assert_uint_le(off, strlen(p));
    return msg != NULL;
}

START_TEST(test_check_nested_quantifiers)
{
    static const char *const bad[] = {
        "(?:a+)*",       "(a*)+",          "(?:a+)+",         "(?:\\s*x)+",     "(?:a|b+)*",
        "(?:[a-z]+)*",   "(?:x{1,})*",     "(?:a+){2,}",      "((a)+)+",        "(?:x(?:a+)?)*",
        "(?:\\p{L}+)*",  "(?:a+?)*",       "(?:a+)*?",        "x(?:(?:a+)b)*y", "(?<n>\\d+\\s)+",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(rejected(bad[i]), "'%s' accepted", bad[i]);
    static const char *const good[] = {
        "(?:a+){0,3}", "(?:a++)*+", "(?:a+)*+",    "(?:a++)*",     "a+b*c+",        "(?:ab)*",
        "(?:a{2})*",   "(?:a+)?",   "(a+)(?:b)*",  "\\(a+\\)*",    "[(]+(?:x)*",    "(?:[)+]x)*",
        "\\p{Lu}+",    "(?:\\+)*",  "(?:a{2,3})+", "(?:[a-z]{3})+", "",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        ck_assert_msg(!rejected(good[i]), "'%s' rejected", good[i]);
}
END_TEST

START_TEST(test_check_verbs_are_no_quantifiers)
{
    /* the '*' of a backtracking verb is no quantifier: (*FAIL) is what a
     * lexicon of weak entries only expands to */
    static const char *const good[] = {"(?:(*FAIL))*", "(?:a(*SKIP)b)+", "(?:x(*PRUNE)|y)*",
                                       "(*UTF)(?:ab)+"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        ck_assert_msg(!rejected(good[i]), "'%s' rejected", good[i]);
}
END_TEST

START_TEST(test_check_nested_quantifier_offset)
{
    size_t off = 0;
    ck_assert_ptr_nonnull(rules_check_nested_quantifiers("ab(?:c+)*d", &off));
    ck_assert_uint_eq(off, 8); /* the outer '*' */
}
END_TEST

/* ---- lexicon mistakes ---- */

START_TEST(test_err_lexicon_without_name)
{
    EXPECT_ERROR("x.lex", "%format 1\nsay | said\n", 2, 1);
}
END_TEST

START_TEST(test_err_lexicon_name_only_at_end)
{
    whosaid_error err;
    ck_assert_ptr_null(LOAD("x.lex", "%format 1\n# nothing\n", &err));
    ck_assert_int_eq(err.code, WHOSAID_ERR_RULES);
    ck_assert_str_eq(err.file, "x.lex");
}
END_TEST

START_TEST(test_err_lexicon_bad_name)
{
    EXPECT_ERROR("x.lex", "%format 1\n%name verbs\nsay\n", 2, 7);
    EXPECT_ERROR("x.lex", "%format 1\n%name V\n%name W\nsay\n", 3, 1);
    EXPECT_ERROR("x.lex", "%format 1\n%name V\n%weird\nsay\n", 3, 1);
}
END_TEST

START_TEST(test_err_lexicon_same_name_twice)
{
    /* VERB is defined by 20-verbs.lex already */
    whosaid_error err;
    ck_assert_ptr_null(LOAD("x.lex", "%format 1\n%name VERB\nshout\n", &err));
    ck_assert_int_eq(err.code, WHOSAID_ERR_RULES);
    ck_assert_str_eq(err.file, "x.lex");
}
END_TEST

START_TEST(test_err_duplicate_form)
{
    /* "said" is listed again on line 4 */
    whosaid_error err;
    ck_assert_ptr_null(LOAD("x.lex", "%format 1\n%name V\nsay | said\ntell | Said\n", &err));
    ck_assert_int_eq(err.code, WHOSAID_ERR_RULES);
    ck_assert_str_eq(err.file, "x.lex");
    ck_assert_ptr_nonnull(strstr(err.msg, "said"));
}
END_TEST

START_TEST(test_err_duplicate_form_line)
{
    EXPECT_ERROR("x.lex", "%format 1\n%name V\nsay | said\ntell | Said\n", 4, 0);
}
END_TEST

START_TEST(test_err_bad_attribute)
{
    /* "say | said ; " is 13 bytes: the attribute starts in column 14 */
    EXPECT_ERROR("x.lex", "%format 1\n%name V\nsay | said ; gender=x\n", 3, 14);
    EXPECT_ERROR("x.lex", "%format 1\n%name V\nsay ; colour=red\n", 3, 7);
    EXPECT_ERROR("x.lex", "%format 1\n%name V\nsay ; gender\n", 3, 7);
    EXPECT_ERROR("x.lex", "%format 1\n%name V\nsay ; kind=thing\n", 3, 7);
}
END_TEST

START_TEST(test_err_empty_form)
{
    /* the second form is empty; the entry's lemma "say" must not leak
     * (run under ASan/LSan) */
    EXPECT_ERROR("x.lex", "%format 1\n%name V\nsay | | said\n", 3, 6);
    EXPECT_ERROR("x.lex", "%format 1\n%name V\n | say\n", 3, 1);
}
END_TEST

START_TEST(test_lexicon_attributes)
{
    whosaid_error err;
    whosaid_rules *r = LOAD("x.lex",
                            "%format 1\n%name DESCRIPTOR\n"
                            "spokeswoman | spokeswomen ; gender=female number=singular kind=person\n"
                            "ministry ; kind=organisation number=plural weak=yes\n",
                            &err);
    ck_assert_msg(r != NULL, "%s", err.msg);
    ck_assert_ptr_nonnull(r->descriptors);
    const struct lex_entry *e = lex_lookup(r->descriptors, "Spokeswomen", 11);
    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(e->lemma, "spokeswoman");
    ck_assert_int_eq(e->gender, LEX_FEMALE);
    ck_assert_int_eq(e->number, LEX_SINGULAR);
    ck_assert_int_eq(e->kind, LEX_PERSON);
    ck_assert(!e->weak);
    e = lex_lookup(r->descriptors, "ministry", 8);
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->kind, LEX_ORGANISATION);
    ck_assert_int_eq(e->number, LEX_PLURAL);
    ck_assert(e->weak);
    whosaid_rules_free(r);
}
END_TEST

/*
 * A / ends a line's singular forms: those after it are an entry of their
 * own, with the same lemma and attributes and number=plural. A second /,
 * or number=plural on such a line, is an error at its place.
 */
START_TEST(test_lexicon_plural_forms)
{
    whosaid_error err;
    whosaid_rules *r = LOAD("x.lex",
                            "%format 1\n%name DESCRIPTOR\n"
                            "spokeswoman / spokeswomen | spokespeople ; gender=female\n"
                            "host / hosts\n",
                            &err);
    ck_assert_msg(r != NULL, "%s", err.msg);
    const struct lex_entry *one = lex_lookup(r->descriptors, "spokeswoman", 11);
    const struct lex_entry *many = lex_lookup(r->descriptors, "Spokespeople", 12);
    ck_assert_ptr_nonnull(one);
    ck_assert_ptr_nonnull(many);
    ck_assert_ptr_ne(one, many);
    ck_assert_ptr_eq(many, lex_lookup(r->descriptors, "spokeswomen", 11));
    ck_assert_str_eq(many->lemma, "spokeswoman");
    ck_assert_int_eq(one->number, LEX_NUMBER_NONE);
    ck_assert_int_eq(many->number, LEX_PLURAL);
    ck_assert_int_eq(one->gender, LEX_FEMALE);
    ck_assert_int_eq(many->gender, LEX_FEMALE);
    const struct lex_entry *hosts = lex_lookup(r->descriptors, "hosts", 5);
    ck_assert_ptr_nonnull(hosts);
    ck_assert_str_eq(hosts->lemma, "host");
    ck_assert_int_eq(hosts->number, LEX_PLURAL);
    whosaid_rules_free(r);
    /* "host / hosts / hostesses": the second / is in column 14 */
    EXPECT_ERROR("x.lex", "%format 1\n%name V\nhost / hosts / hostesses\n", 3, 14);
    /* "host / hosts ; " is 15 bytes: the attribute starts in column 16 */
    EXPECT_ERROR("x.lex", "%format 1\n%name V\nhost / hosts ; number=plural\n", 3, 16);
    EXPECT_ERROR("x.lex", "%format 1\n%name V\nhost / \n", 3, 7);
}
END_TEST

/* ---- bytes that are no text ---- */

START_TEST(test_err_nul_byte)
{
    EXPECT_ERROR("x.rules", "%format 1\n[marks]\npa\0ir = \" \"\n", 3, 0);
    EXPECT_ERROR("x.lex", "%format 1\n%name V\nsay\nte\0ll\n", 4, 0);
}
END_TEST

START_TEST(test_err_invalid_utf8)
{
    whosaid_error err;
    ck_assert_ptr_null(LOAD("x.rules", "%format 1\n[marks]\npair = \xFF \xFE\n", &err));
    ck_assert_int_eq(err.code, WHOSAID_ERR_RULES);
    ck_assert_str_eq(err.file, "x.rules");
    ck_assert_ptr_null(LOAD("x.lex", "%format 1\n%name V\ncaf\xC3\n", &err));
    ck_assert_int_eq(err.code, WHOSAID_ERR_RULES);
    ck_assert_str_eq(err.file, "x.lex");
}
END_TEST

START_TEST(test_err_invalid_utf8_line)
{
    EXPECT_ERROR("x.rules", "%format 1\n[marks]\npair = \xFF \xFE\n", 3, 0);
}
END_TEST

/* ---- builtin and directory rules ---- */

START_TEST(test_builtin_en)
{
    whosaid_error err;
    whosaid_rules *r = whosaid_rules_builtin("en", &err);
    ck_assert_msg(r != NULL, "%s:%zu:%zu: %s", err.file, err.line, err.column, err.msg);
    ck_assert_uint_gt(whosaid_rules_count(r), 5);
    for (size_t i = 0; i < whosaid_rules_count(r); i++) {
        const char *id = whosaid_rules_id(r, i);
        ck_assert_ptr_nonnull(id);
        ck_assert_uint_gt(strlen(id), 0);
    }
    ck_assert_ptr_nonnull(r->verbs);
    ck_assert_ptr_nonnull(r->titles);
    ck_assert_ptr_nonnull(r->pronouns);
    ck_assert_ptr_nonnull(r->descriptors);
    ck_assert_ptr_nonnull(r->organisations);
    ck_assert_uint_ge(r->nmarks, 3);
    whosaid_rules_free(r);

    /* NULL means "en" */
    r = whosaid_rules_builtin(NULL, NULL);
    ck_assert_ptr_nonnull(r);
    whosaid_rules_free(r);
}
END_TEST

START_TEST(test_builtin_unknown)
{
    whosaid_error err;
    memset(&err, 0, sizeof err);
    ck_assert_ptr_null(whosaid_rules_builtin("xx", &err));
    ck_assert_int_eq(err.code, WHOSAID_ERR_ARG);
    ck_assert_ptr_null(whosaid_rules_builtin("xx", NULL)); /* err may be NULL */
}
END_TEST

START_TEST(test_free_and_count_null)
{
    whosaid_rules_free(NULL);
    ck_assert_uint_eq(whosaid_rules_count(NULL), 0);
    ck_assert_ptr_null(whosaid_rules_id(NULL, 0));
}
END_TEST

START_TEST(test_load_dir_missing)
{
    whosaid_error err;
    memset(&err, 0, sizeof err);
    ck_assert_ptr_null(whosaid_rules_load_dir("/nonexistent/whosaid-rules-dir", &err));
    ck_assert_int_eq(err.code, WHOSAID_ERR_IO);
    ck_assert_ptr_null(whosaid_rules_load_dir(NULL, &err));
    ck_assert_int_eq(err.code, WHOSAID_ERR_ARG);
}
END_TEST

static void
write_file(const char *dir, const char *name, const char *data)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, strlen(data), f), strlen(data));
    ck_assert_int_eq(fclose(f), 0);
}

static void
remove_file(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    unlink(path);
}

START_TEST(test_load_dir)
{
    char dir[] = "/tmp/whosaid-test-rules-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    write_file(dir, "10-marks.rules", MARKS);
    /* version sort: 9-verbs.lex comes before 10-... and 50-...; a plain
     * sort would put it last and {VERB} would be undefined */
    write_file(dir, "9-verbs.lex", VERBS);
    write_file(dir, "20-pronouns.lex", PRONOUNS);
    write_file(dir, "50-rules.rules", GOOD_RULES);
    write_file(dir, "README.md", "not a rule file\n");
    write_file(dir, ".hidden.rules", "garbage\n");

    whosaid_error err;
    whosaid_rules *r = whosaid_rules_load_dir(dir, &err);
    ck_assert_msg(r != NULL, "%s:%zu:%zu: %s", err.file, err.line, err.column, err.msg);
    ck_assert_uint_eq(whosaid_rules_count(r), 3);
    whosaid_rules_free(r);

    /* a bad file: the error names its path and line */
    write_file(dir, "60-bad.rules", "%format 1\n\n[rule x.y]\nanchor = after\nsize = 3\n");
    memset(&err, 0, sizeof err);
    ck_assert_ptr_null(whosaid_rules_load_dir(dir, &err));
    ck_assert_int_eq(err.code, WHOSAID_ERR_RULES);
    char want[512];
    snprintf(want, sizeof want, "%s/60-bad.rules", dir);
    ck_assert_str_eq(err.file, want);
    ck_assert_uint_eq(err.line, 5);
    ck_assert_uint_eq(err.column, 1);

    static const char *const names[] = {"10-marks.rules", "9-verbs.lex",   "20-pronouns.lex",
                                        "50-rules.rules", "60-bad.rules", "README.md",
                                        ".hidden.rules"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        remove_file(dir, names[i]);
    ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

START_TEST(test_load_dir_unreadable_entry)
{
    /* a directory named like a rule file cannot be read: an I/O error naming it */
    char dir[] = "/tmp/whosaid-test-rules-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    write_file(dir, "10-marks.rules", MARKS);
    char sub[600];
    snprintf(sub, sizeof sub, "%s/20-sub.rules", dir);
    ck_assert_int_eq(mkdir(sub, 0700), 0);
    whosaid_error err;
    memset(&err, 0, sizeof err);
    ck_assert_ptr_null(whosaid_rules_load_dir(dir, &err));
    ck_assert_int_eq(err.code, WHOSAID_ERR_IO);
    ck_assert_str_eq(err.file, sub);
    ck_assert_int_eq(rmdir(sub), 0);
    remove_file(dir, "10-marks.rules");
    ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

START_TEST(test_load_dir_empty)
{
    char dir[] = "/tmp/whosaid-test-rules-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    whosaid_error err;
    memset(&err, 0, sizeof err);
    ck_assert_ptr_null(whosaid_rules_load_dir(dir, &err));
    ck_assert_int_lt(err.code, 0);
    ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

START_TEST(test_load_dir_shipped)
{
    /* the rules/en directory of the source tree loads like the builtin set */
    whosaid_error err;
    whosaid_rules *b = whosaid_rules_builtin("en", &err);
    ck_assert_ptr_nonnull(b);
    whosaid_rules *d = whosaid_rules_load_dir(WHOSAID_SOURCE_DIR "/rules/en", &err);
    ck_assert_msg(d != NULL, "%s:%zu:%zu: %s", err.file, err.line, err.column, err.msg);
    ck_assert_uint_eq(whosaid_rules_count(d), whosaid_rules_count(b));
    for (size_t i = 0; i < whosaid_rules_count(b); i++)
        ck_assert_str_eq(whosaid_rules_id(d, i), whosaid_rules_id(b, i));
    whosaid_rules_free(b);
    whosaid_rules_free(d);
}
END_TEST

static Suite *
rules_suite(void)
{
    Suite *s = suite_create("rules");
    TCase *tc = tcase_create("load");
    /* test_jit_threads compiles the rules eight times: about a second here, over Check's 4 s on a
     * busy host */
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_good_set);
    tcase_add_test(tc, test_lexicon_callouts);
    tcase_add_test(tc, test_lexicon_guard);
    tcase_add_test(tc, test_err_user_callout);
    tcase_add_test(tc, test_lexicon_in_lookbehind);
    tcase_add_test(tc, test_priority_order);
    tcase_add_test(tc, test_crlf_and_brace_quantifiers);
    tcase_add_test(tc, test_all_anchors_and_keys);
    tcase_add_test(tc, test_no_marks);
    tcase_add_test(tc, test_requires);
    tcase_add_test(tc, test_requires_opening_lexicon);
    tcase_add_test(tc, test_requires_sequel_or_whole);
    tcase_add_test(tc, test_name_particles_not_stop_words);
    tcase_add_test(tc, test_rules_aligned);
    tcase_add_test(tc, test_deferred_jit);
    tcase_add_test(tc, test_err_requires);
    tcase_add_test(tc, test_start_lexicon);
    tcase_add_test(tc, test_start_capital);
    tcase_add_test(tc, test_start_set);
    tcase_add_test(tc, test_end_memo_point);
    tcase_add_test(tc, test_end_memo_records);
    tcase_add_test(tc, test_alias_leads);
    tcase_add_test(tc, test_prune);
    tcase_add_test(tc, test_ascii_codes);
    tcase_add_test(tc, test_jit_threads);
    tcase_add_test(tc, test_err_start);
    tcase_add_test(tc, test_near);
    tcase_add_test(tc, test_err_near);
    tcase_add_test(tc, test_shipped_searches_have_start_bytes);
    tcase_add_test(tc, test_macro_start_hint);
    tcase_add_test(tc, test_lexicon_attributes);
    tcase_add_test(tc, test_lexicon_plural_forms);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_add_test(tc, test_err_missing_format);
    tcase_add_test(tc, test_err_no_format_at_all);
    tcase_add_test(tc, test_err_unknown_section);
    tcase_add_test(tc, test_err_unknown_key);
    tcase_add_test(tc, test_err_unknown_anchor);
    tcase_add_test(tc, test_err_bad_values);
    tcase_add_test(tc, test_err_rule_without_pattern);
    tcase_add_test(tc, test_err_rule_without_pattern_then_section);
    tcase_add_test(tc, test_err_rule_without_anchor);
    tcase_add_test(tc, test_err_macro_without_pattern);
    tcase_add_test(tc, test_err_no_speaker_capture);
    tcase_add_test(tc, test_err_undefined_macro);
    tcase_add_test(tc, test_err_duplicate_rule_id);
    tcase_add_test(tc, test_err_duplicate_macro);
    tcase_add_test(tc, test_err_pcre2_syntax);
    tcase_add_test(tc, test_err_nested_quantifier);
    tcase_add_test(tc, test_bounded_and_possessive_accepted);
    tcase_add_test(tc, test_err_lexicon_without_name);
    tcase_add_test(tc, test_err_lexicon_name_only_at_end);
    tcase_add_test(tc, test_err_lexicon_bad_name);
    tcase_add_test(tc, test_err_lexicon_same_name_twice);
    tcase_add_test(tc, test_err_duplicate_form);
    tcase_add_test(tc, test_err_duplicate_form_line);
    tcase_add_test(tc, test_err_bad_attribute);
    tcase_add_test(tc, test_err_empty_form);
    tcase_add_test(tc, test_err_nul_byte);
    tcase_add_test(tc, test_err_invalid_utf8);
    tcase_add_test(tc, test_err_invalid_utf8_line);
    suite_add_tcase(s, tc);

    tc = tcase_create("quantifiers");
    tcase_add_test(tc, test_check_nested_quantifiers);
    tcase_add_test(tc, test_check_nested_quantifier_offset);
    tcase_add_test(tc, test_check_verbs_are_no_quantifiers);
    suite_add_tcase(s, tc);

    tc = tcase_create("sets");
    tcase_add_test(tc, test_builtin_en);
    tcase_add_test(tc, test_builtin_unknown);
    tcase_add_test(tc, test_free_and_count_null);
    tcase_add_test(tc, test_load_dir_missing);
    tcase_add_test(tc, test_load_dir);
    tcase_add_test(tc, test_load_dir_empty);
    tcase_add_test(tc, test_load_dir_unreadable_entry);
    tcase_add_test(tc, test_load_dir_shipped);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(rules_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
