/*
 * test-scanner.c - scan_quotes with the builtin marks: straight, curly and
 * single quotes, nesting, apostrophes, unclosed quotes, quotes continued
 * into the next paragraph, empty quotes and a long run of marks.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "whosaid-private.h"

#define LQ "\xE2\x80\x9C" /* “ */
#define RQ "\xE2\x80\x9D" /* ” */
#define LS "\xE2\x80\x98" /* ‘ */
#define RS "\xE2\x80\x99" /* ’ */

static whosaid_rules *rules;

static void
setup(void)
{
    whosaid_error err;
    rules = whosaid_rules_builtin("en", &err);
    ck_assert_msg(rules != NULL, "%s:%zu:%zu: %s", err.file, err.line, err.column, err.msg);
}

static void
teardown(void)
{
    whosaid_rules_free(rules);
    rules = NULL;
}

struct scan {
    const char *text;
    struct seg_result seg;
    struct quote_list ql;
};

static void
scan(struct scan *s, const char *text, size_t len)
{
    memset(s, 0, sizeof *s);
    s->text = text;
    ck_assert(seg_paragraphs(text, len, &s->seg));
    ck_assert(scan_quotes(rules, text, &s->seg, &s->ql));
}

static void
scan_free(struct scan *s)
{
    seg_result_free(&s->seg);
    free(s->ql.q);
}

#define SCAN(s, lit) scan((s), (lit), strlen(lit))

/* Asserts that quote @i of @s holds exactly @want. */
static void
quote_is(const struct scan *s, size_t i, const char *want)
{
    ck_assert_msg(i < s->ql.n, "no quote %zu (%zu found)", i, s->ql.n);
    const struct raw_quote *q = &s->ql.q[i];
    size_t n = strlen(want);
    ck_assert_msg(q->end - q->start == n && !memcmp(s->text + q->start, want, n),
                  "quote %zu is '%.*s', expected '%s'", i, (int)(q->end - q->start),
                  s->text + q->start, want);
}

static size_t
offset_of(const char *hay, const char *needle)
{
    const char *p = strstr(hay, needle);
    ck_assert_msg(p != NULL, "'%s' not found", needle);
    return (size_t)(p - hay);
}

START_TEST(test_straight)
{
    static const char t[] = "He said \"hello there\" today.";
    struct scan s;
    SCAN(&s, t);
    ck_assert_uint_eq(s.ql.n, 1);
    quote_is(&s, 0, "hello there");
    const struct raw_quote *q = &s.ql.q[0];
    ck_assert_uint_eq(q->open, 8);
    ck_assert_uint_eq(q->open_len, 1);
    ck_assert_uint_eq(q->close, 20);
    ck_assert_uint_eq(q->close_len, 1);
    ck_assert_uint_eq(q->paragraph, 0);
    ck_assert_int_eq(q->group, -1);
    scan_free(&s);
}
END_TEST

START_TEST(test_curly_double)
{
    static const char t[] = "First paragraph.\n\nShe said " LQ "We will stay" RQ " and left.";
    struct scan s;
    SCAN(&s, t);
    ck_assert_uint_eq(s.ql.n, 1);
    quote_is(&s, 0, "We will stay");
    const struct raw_quote *q = &s.ql.q[0];
    ck_assert_uint_eq(q->open, offset_of(t, LQ));
    ck_assert_uint_eq(q->open_len, 3);
    ck_assert_uint_eq(q->close, offset_of(t, RQ));
    ck_assert_uint_eq(q->close_len, 3);
    ck_assert_uint_eq(q->paragraph, 1);
    ck_assert_int_eq(q->group, -1);
    scan_free(&s);
}
END_TEST

START_TEST(test_curly_single)
{
    static const char t[] = "She called it " LS "a disgrace" RS " on Monday.";
    struct scan s;
    SCAN(&s, t);
    ck_assert_uint_eq(s.ql.n, 1);
    quote_is(&s, 0, "a disgrace");
    ck_assert_uint_eq(s.ql.q[0].close, offset_of(t, RS));
    scan_free(&s);
}
END_TEST

START_TEST(test_other_pairs)
{
    static const char t[] = "Er sagte \xE2\x80\x9EHallo Welt" LQ " heute. Il a dit \xC2\xAB" "Bonjour\xC2\xBB.";
    struct scan s;
    SCAN(&s, t);
    ck_assert_uint_eq(s.ql.n, 2);
    quote_is(&s, 0, "Hallo Welt");
    quote_is(&s, 1, "Bonjour");
    scan_free(&s);
}
END_TEST

START_TEST(test_content_trimmed)
{
    static const char t[] = "x " LQ "padded words \t " RQ " y";
    struct scan s;
    SCAN(&s, t);
    ck_assert_uint_eq(s.ql.n, 1);
    quote_is(&s, 0, "padded words");
    scan_free(&s);
}
END_TEST

START_TEST(test_nested)
{
    static const char t[] =
        "Wang said: " LQ "The so-called " LS "colour revolutions" RS " must stop now." RQ " He left.";
    struct scan s;
    SCAN(&s, t);
    ck_assert_uint_eq(s.ql.n, 1);
    quote_is(&s, 0, "The so-called " LS "colour revolutions" RS " must stop now.");
    ck_assert_uint_eq(s.ql.q[0].open, offset_of(t, LQ));
    ck_assert_uint_eq(s.ql.q[0].close, offset_of(t, RQ));
    scan_free(&s);
}
END_TEST

START_TEST(test_nested_single_outer)
{
    static const char t[] = "He wrote: " LS "They said " LQ "no" RQ " to us." RS;
    struct scan s;
    SCAN(&s, t);
    ck_assert_uint_eq(s.ql.n, 1);
    quote_is(&s, 0, "They said " LQ "no" RQ " to us.");
    scan_free(&s);
}
END_TEST

START_TEST(test_apostrophes_no_quotes)
{
    static const char *const texts[] = {
        "China" RS "s economy grew.",
        "The leaders" RS " summit opened on Monday.",
        "It was big in the " RS "90s, they say.",
        "They played rock " RS "n" RS " roll all night.",
        "I don" RS "t know, she said.",
        "China" RS "s leaders" RS " summit in the " RS "90s was rock " RS "n" RS " roll; I don" RS "t care.",
        "The boss's car and the workers' union.", /* straight apostrophes are no marks */
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        struct scan s;
        SCAN(&s, texts[i]);
        ck_assert_msg(s.ql.n == 0, "'%s': %zu quotes, first '%.*s'", texts[i], s.ql.n,
                      s.ql.n ? (int)(s.ql.q[0].end - s.ql.q[0].start) : 0,
                      s.ql.n ? texts[i] + s.ql.q[0].start : "");
        scan_free(&s);
    }
}
END_TEST

START_TEST(test_apostrophes_inside_single_quote)
{
    static const char t[] = LS "China" RS "s leaders" RS " summit is over," RS " he said.";
    struct scan s;
    SCAN(&s, t);
    ck_assert_uint_eq(s.ql.n, 1);
    quote_is(&s, 0, "China" RS "s leaders" RS " summit is over,");
    scan_free(&s);
}
END_TEST

START_TEST(test_single_closed_before_comma)
{
    static const char t[] = "He called for " LS "fairness" RS ", and then left the hall.";
    struct scan s;
    SCAN(&s, t);
    ck_assert_uint_eq(s.ql.n, 1);
    quote_is(&s, 0, "fairness");
    scan_free(&s);
}
END_TEST

START_TEST(test_single_closed_after_plural)
{
    /* "ministers’ and": a plural possessive only when a later mark can close */
    static const char t[] = "She called it " LS "a matter for the ministers" RS " and left.";
    struct scan s;
    SCAN(&s, t);
    ck_assert_uint_eq(s.ql.n, 1);
    quote_is(&s, 0, "a matter for the ministers");
    scan_free(&s);
}
END_TEST

START_TEST(test_unclosed_ends_at_paragraph)
{
    static const char t[] = "He said " LQ "this goes on and on.\n\nThen " LQ "a second quote" RQ " appeared.";
    struct scan s;
    SCAN(&s, t);
    ck_assert_uint_eq(s.seg.nparas, 2);
    ck_assert_uint_eq(s.ql.n, 2);
    quote_is(&s, 0, "this goes on and on.");
    ck_assert_uint_eq(s.ql.q[0].close_len, 0);
    ck_assert_uint_eq(s.ql.q[0].close, s.seg.paras[0].end);
    ck_assert_uint_eq(s.ql.q[0].paragraph, 0);
    ck_assert_int_eq(s.ql.q[0].group, -1);
    quote_is(&s, 1, "a second quote");
    ck_assert_uint_eq(s.ql.q[1].paragraph, 1);
    ck_assert_uint_eq(s.ql.q[1].close_len, 3);
    ck_assert_int_eq(s.ql.q[1].group, -1);
    scan_free(&s);
}
END_TEST

START_TEST(test_reopened_mark_closes_unclosed)
{
    /* the same opening mark again at the outer level: the first was never closed */
    static const char t[] = "He said " LQ "no and then " LQ "yes" RQ " later.";
    struct scan s;
    SCAN(&s, t);
    ck_assert_uint_eq(s.ql.n, 2);
    quote_is(&s, 0, "no and then");
    ck_assert_uint_eq(s.ql.q[0].close_len, 0);
    quote_is(&s, 1, "yes");
    scan_free(&s);
}
END_TEST

START_TEST(test_unclosed_single_is_apostrophe)
{
    /* a lone opening single mark is dropped; the real quote is still found */
    static const char t[] = "The " LS "90s were fun, she said " LQ "a lot" RQ ".";
    struct scan s;
    SCAN(&s, t);
    ck_assert_uint_eq(s.ql.n, 1);
    quote_is(&s, 0, "a lot");
    scan_free(&s);
}
END_TEST

START_TEST(test_continued_across_paragraphs)
{
    static const char t[] = LQ "We will continue the work of the committee,\n\n"
                            LQ "and we will finish it by the end of the year," RQ " she said.\n\n"
                            "Later she added " LQ "nothing" RQ " at all.";
    struct scan s;
    SCAN(&s, t);
    ck_assert_uint_eq(s.seg.nparas, 3);
    ck_assert_uint_eq(s.ql.n, 3);
    quote_is(&s, 0, "We will continue the work of the committee,");
    quote_is(&s, 1, "and we will finish it by the end of the year,");
    quote_is(&s, 2, "nothing");
    ck_assert_uint_eq(s.ql.q[0].paragraph, 0);
    ck_assert_uint_eq(s.ql.q[1].paragraph, 1);
    ck_assert_uint_eq(s.ql.q[0].close_len, 0);
    ck_assert_int_ge(s.ql.q[0].group, 0);
    ck_assert_int_eq(s.ql.q[1].group, s.ql.q[0].group);
    ck_assert_int_eq(s.ql.q[2].group, -1);
    scan_free(&s);
}
END_TEST

START_TEST(test_continued_three_paragraphs)
{
    static const char t[] = "Intro " LQ "quoted" RQ " here.\n\n"
                            LQ "One,\n\n" LQ "two,\n\n" LQ "three." RQ "\n\n"
                            LQ "Alone,\n\nNot continued.";
    struct scan s;
    SCAN(&s, t);
    ck_assert_uint_eq(s.ql.n, 5);
    quote_is(&s, 0, "quoted");
    quote_is(&s, 1, "One,");
    quote_is(&s, 2, "two,");
    quote_is(&s, 3, "three.");
    quote_is(&s, 4, "Alone,");
    ck_assert_int_eq(s.ql.q[0].group, -1);
    ck_assert_int_ge(s.ql.q[1].group, 0);
    ck_assert_int_eq(s.ql.q[2].group, s.ql.q[1].group);
    ck_assert_int_eq(s.ql.q[3].group, s.ql.q[1].group);
    /* unclosed, but the next paragraph does not open with the mark */
    ck_assert_int_eq(s.ql.q[4].group, -1);
    scan_free(&s);
}
END_TEST

START_TEST(test_empty_quotes)
{
    static const char *const texts[] = {
        "Nothing " LQ RQ " here.",
        "Nothing " LQ "   " RQ " here.",
        "Nothing \"\" here.",
        "A stray " RQ " closing mark.",
        "A " LQ " followed by a space opens nothing" RQ ".",
        "",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        struct scan s;
        SCAN(&s, texts[i]);
        ck_assert_msg(s.ql.n == 0, "'%s': %zu quotes", texts[i], s.ql.n);
        scan_free(&s);
    }
}
END_TEST

START_TEST(test_quotes_in_order_and_in_paragraphs)
{
    static const char t[] = LQ "A" RQ " and " LQ "B" RQ ".\n\n\"C\" then " LS "D" RS ".";
    struct scan s;
    SCAN(&s, t);
    ck_assert_uint_eq(s.ql.n, 4);
    quote_is(&s, 0, "A");
    quote_is(&s, 1, "B");
    quote_is(&s, 2, "C");
    quote_is(&s, 3, "D");
    for (size_t i = 0; i < s.ql.n; i++) {
        const struct raw_quote *q = &s.ql.q[i];
        if (i)
            ck_assert_uint_gt(q->open, s.ql.q[i - 1].open);
        ck_assert_uint_le(q->open + q->open_len, q->start);
        ck_assert_uint_le(q->end, q->close);
        ck_assert_uint_ge(q->open, s.seg.paras[q->paragraph].start);
        ck_assert_uint_le(q->close + q->close_len, s.seg.paras[q->paragraph].end);
    }
    scan_free(&s);
}
END_TEST

/* Builds @n marks cycling through @marks, each followed by @sep. */
static char *
build_marks(const char *const *marks, size_t nm, const char *sep, size_t n, size_t *len)
{
    size_t cap = n * (4 + strlen(sep)) + 1, o = 0;
    char *t = malloc(cap);
    ck_assert_ptr_nonnull(t);
    for (size_t i = 0; i < n; i++) {
        size_t ml = strlen(marks[i % nm]);
        memcpy(t + o, marks[i % nm], ml);
        o += ml;
        memcpy(t + o, sep, strlen(sep));
        o += strlen(sep);
    }
    t[o] = '\0';
    *len = o;
    return t;
}

START_TEST(test_many_marks_finish)
{
    static const char *const curly[] = {LQ, RQ, LS, RS};
    static const char *const straight[] = {"\""};
    static const char *const singles[] = {LS, ("s" RS), RS};
    struct {
        const char *const *marks;
        size_t nm;
        const char *sep;
    } runs[] = {
        {curly, 4, "x"},
        {curly, 4, ""},
        {straight, 1, "a"},
        {singles, 3, " w"},
        {curly + 2, 1, "y "}, /* only opening singles: every rescan */
    };
    for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++) {
        size_t len;
        char *t = build_marks(runs[k].marks, runs[k].nm, runs[k].sep, 200000, &len);
        struct scan s;
        scan(&s, t, len);
        ck_assert_uint_eq(s.seg.nparas, 1);
        for (size_t i = 0; i < s.ql.n; i++)
            ck_assert_uint_le(s.ql.q[i].end, len);
        scan_free(&s);
        free(t);
    }
}
END_TEST

/* Rules of the marks @marks ("pair = < >" lines) alone. */
static whosaid_rules *
marks_only(const char *marks)
{
    char src[256];
    snprintf(src, sizeof src, "%%format 1\n[marks]\n%s", marks);
    struct rule_source rs = {"marks.rules", src, strlen(src)};
    whosaid_error err;
    whosaid_rules *r = rules_load_sources(&rs, 1, &err);
    ck_assert_msg(r != NULL, "%s", err.msg);
    return r;
}

START_TEST(test_ascii_marks_at_every_offset)
{
    /*
     * The scanner skips text eight bytes at a time when the rules have at
     * most four ASCII marks, a byte at a time otherwise: a mark is found at
     * every offset either way, and a byte with its top bit set that begins
     * no mark (é) does not stop the search for good.
     */
    static const char *const sets[] = {"pair = < >\n", "pair = < >\npair = [ ]\npair = | |\n"};
    for (size_t k = 0; k < 2; k++) {
        whosaid_rules *saved = rules;
        rules = marks_only(sets[k]);
        for (size_t o = 0; o < 20; o++) {
            char t[128];
            snprintf(t, sizeof t, "%.*s\xC3\xA9 <abc> %.*s", (int)o, "xxxxxxxxxxxxxxxxxxxxxxxx",
                     (int)(19 - o), "yyyyyyyyyyyyyyyyyyyyyyyy");
            struct scan sc;
            SCAN(&sc, t);
            ck_assert_uint_eq(sc.ql.n, 1);
            quote_is(&sc, 0, "abc");
            scan_free(&sc);
        }
        whosaid_rules_free(rules);
        rules = saved;
    }
}
END_TEST

static Suite *
scanner_suite(void)
{
    Suite *s = suite_create("scanner");
    TCase *tc = tcase_create("marks");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_straight);
    tcase_add_test(tc, test_curly_double);
    tcase_add_test(tc, test_curly_single);
    tcase_add_test(tc, test_other_pairs);
    tcase_add_test(tc, test_content_trimmed);
    tcase_add_test(tc, test_nested);
    tcase_add_test(tc, test_nested_single_outer);
    tcase_add_test(tc, test_quotes_in_order_and_in_paragraphs);
    tcase_add_test(tc, test_empty_quotes);
    tcase_add_test(tc, test_ascii_marks_at_every_offset);
    suite_add_tcase(s, tc);

    tc = tcase_create("apostrophes");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_apostrophes_no_quotes);
    tcase_add_test(tc, test_apostrophes_inside_single_quote);
    tcase_add_test(tc, test_single_closed_before_comma);
    tcase_add_test(tc, test_single_closed_after_plural);
    tcase_add_test(tc, test_unclosed_single_is_apostrophe);
    suite_add_tcase(s, tc);

    tc = tcase_create("unclosed");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_unclosed_ends_at_paragraph);
    tcase_add_test(tc, test_reopened_mark_closes_unclosed);
    tcase_add_test(tc, test_continued_across_paragraphs);
    tcase_add_test(tc, test_continued_three_paragraphs);
    suite_add_tcase(s, tc);

    tc = tcase_create("stress");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 50);
    tcase_add_test(tc, test_many_marks_finish);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(scanner_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
