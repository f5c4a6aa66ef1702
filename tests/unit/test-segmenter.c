/*
 * test-segmenter.c - paragraphs (blank lines; single newlines in scraped
 * text, joined lines in hard-wrapped text; trimmed spans) and ICU
 * sentences with byte offsets into the text.
 */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/ures.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>

#include "whosaid-private.h"

/* Asserts that span @sp of @text holds exactly @want. */
static void
span_is(const char *text, const struct span *sp, const char *want)
{
    size_t n = strlen(want);
    ck_assert_msg(sp->end >= sp->start, "span [%zu, %zu) is reversed", sp->start, sp->end);
    ck_assert_msg(sp->end - sp->start == n && !memcmp(text + sp->start, want, n),
                  "span [%zu, %zu) is '%.*s', expected '%s'", sp->start, sp->end,
                  (int)(sp->end - sp->start), text + sp->start, want);
}

/* The byte offset of @needle in @hay (which must hold it). */
static size_t
offset_of(const char *hay, const char *needle)
{
    const char *p = strstr(hay, needle);
    ck_assert_msg(p != NULL, "'%s' not found", needle);
    return (size_t)(p - hay);
}

static void
paragraphs(const char *text, struct seg_result *r)
{
    memset(r, 0, sizeof *r);
    ck_assert(seg_paragraphs(text, strlen(text), r));
}

/* Paragraphs and sentences of @text, with the titles of @titles (may be NULL). */
static void
segment_titles(const char *text, struct seg_result *r, const struct lexicon *titles)
{
    whosaid_error err;
    struct segmenter *s = seg_new(&err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    paragraphs(text, r);
    ck_assert(seg_sentences(s, text, r, r->nparas, titles, &err));
    seg_free(s);
}

static void
segment(const char *text, struct seg_result *r)
{
    segment_titles(text, r, NULL);
}

/* ---- paragraphs ---- */

START_TEST(test_blank_line_paragraphs)
{
    static const char t[] = "First paragraph here.\n\nSecond one,\n\n\nand the third.\n";
    struct seg_result r;
    paragraphs(t, &r);
    ck_assert_uint_eq(r.nparas, 3);
    span_is(t, &r.paras[0], "First paragraph here.");
    span_is(t, &r.paras[1], "Second one,");
    span_is(t, &r.paras[2], "and the third.");
    seg_result_free(&r);
}
END_TEST

START_TEST(test_empty_and_blank_text)
{
    struct seg_result r;
    paragraphs("", &r);
    ck_assert_uint_eq(r.nparas, 0);
    seg_result_free(&r);
    paragraphs(" \n\t\n \r\n\n", &r);
    ck_assert_uint_eq(r.nparas, 0);
    seg_result_free(&r);
}
END_TEST

START_TEST(test_unwrapped_lines_are_paragraphs)
{
    /* scraped text: every line a paragraph, the short "Advertisement" too */
    static const char t[] =
        "Ministers met in Geneva on Monday to discuss the future of the trade agreement, which "
        "expires at the end of the year and has been the subject of months of talks.\n"
        "Advertisement\n"
        "The talks ended without a deal, and officials said they would meet again next month in "
        "Vienna to try once more to close the remaining gaps between the two sides.\n"
        "A short closing line.\n";
    struct seg_result r;
    paragraphs(t, &r);
    ck_assert_uint_eq(r.nparas, 4);
    span_is(t, &r.paras[1], "Advertisement");
    span_is(t, &r.paras[3], "A short closing line.");
    ck_assert_uint_eq(r.paras[0].start, 0);
    ck_assert_uint_eq(r.paras[2].start, offset_of(t, "The talks"));
    seg_result_free(&r);
}
END_TEST

START_TEST(test_short_lines_are_paragraphs)
{
    /* short lines are no hard wrap either */
    static const char t[] = "One.\nTwo.\nThree.\nFour.\nFive.\n";
    struct seg_result r;
    paragraphs(t, &r);
    ck_assert_uint_eq(r.nparas, 5);
    span_is(t, &r.paras[4], "Five.");
    seg_result_free(&r);
}
END_TEST

START_TEST(test_hard_wrapped_lines_join)
{
    static const char p1[] = "The minister arrived in the capital late on Tuesday evening\n"
                             "and went straight into a meeting with the prime minister and\n"
                             "several members of the cabinet, according to officials who\n"
                             "spoke on condition of anonymity because they were not allowed\n"
                             "to discuss the talks, which lasted for more than four hours.";
    static const char p2[] = "Neither side gave details of what had been agreed, but a joint\n"
                             "statement issued after midnight said the two governments had\n"
                             "made progress on the question of the disputed border region\n"
                             "and would continue their discussions in the coming weeks in\n"
                             "the hope of reaching a final settlement before the summer.";
    char t[1024];
    snprintf(t, sizeof t, "%s\n\n%s\n", p1, p2);
    struct seg_result r;
    paragraphs(t, &r);
    ck_assert_uint_eq(r.nparas, 2);
    span_is(t, &r.paras[0], p1);
    span_is(t, &r.paras[1], p2);
    seg_result_free(&r);
}
END_TEST

START_TEST(test_hard_wrapped_whitespace_line_separates)
{
    /* a line of spaces and tabs separates paragraphs like an empty one */
    static const char p1[] = "The minister arrived in the capital late on Tuesday evening\n"
                             "and went straight into a meeting with the prime minister and\n"
                             "several members of the cabinet, according to officials.";
    static const char p2[] = "Neither side gave details of what had been agreed, but a joint\n"
                             "statement issued after midnight said the two governments had\n"
                             "made progress on the question of the disputed border region.";
    char t[1024];
    snprintf(t, sizeof t, "%s\n  \t \n%s", p1, p2);
    struct seg_result r;
    paragraphs(t, &r);
    ck_assert_uint_eq(r.nparas, 2);
    span_is(t, &r.paras[0], p1);
    span_is(t, &r.paras[1], p2);
    seg_result_free(&r);
}
END_TEST

START_TEST(test_whitespace_lines_ignored)
{
    static const char t[] = "Alpha line.\n   \t  \nBeta line.\n \r\n\x0b\nGamma line.";
    struct seg_result r;
    paragraphs(t, &r);
    ck_assert_uint_eq(r.nparas, 3);
    span_is(t, &r.paras[0], "Alpha line.");
    span_is(t, &r.paras[1], "Beta line.");
    span_is(t, &r.paras[2], "Gamma line.");
    seg_result_free(&r);
}
END_TEST

START_TEST(test_spans_trimmed)
{
    static const char t[] = "   Leading and trailing.  \t\n\n\tTabbed.\t\r\n\n\xC2\xA0No-break space.\xC2\xA0\n";
    struct seg_result r;
    paragraphs(t, &r);
    ck_assert_uint_eq(r.nparas, 3);
    span_is(t, &r.paras[0], "Leading and trailing.");
    span_is(t, &r.paras[1], "Tabbed.");
    span_is(t, &r.paras[2], "No-break space.");
    seg_result_free(&r);
}
END_TEST

START_TEST(test_crlf)
{
    static const char t[] = "First.\r\n\r\nSecond.\r\nThird.\r\n";
    struct seg_result r;
    paragraphs(t, &r);
    ck_assert_uint_eq(r.nparas, 3);
    span_is(t, &r.paras[0], "First.");
    span_is(t, &r.paras[1], "Second.");
    span_is(t, &r.paras[2], "Third.");
    seg_result_free(&r);
}
END_TEST

START_TEST(test_no_final_newline)
{
    static const char t[] = "Only one paragraph, no newline";
    struct seg_result r;
    paragraphs(t, &r);
    ck_assert_uint_eq(r.nparas, 1);
    ck_assert_uint_eq(r.paras[0].start, 0);
    ck_assert_uint_eq(r.paras[0].end, sizeof t - 1);
    seg_result_free(&r);
}
END_TEST

/* ---- sentences ---- */

START_TEST(test_abbreviation_no_break)
{
    static const char t[] = "Mr. Smith arrived. He spoke.";
    struct seg_result r;
    segment(t, &r);
    ck_assert_uint_eq(r.nparas, 1);
    ck_assert_uint_eq(r.nsents, 2);
    span_is(t, &r.sents[0], "Mr. Smith arrived.");
    span_is(t, &r.sents[1], "He spoke.");
    ck_assert_uint_eq(r.para_first_sent[0], 0);
    ck_assert_uint_eq(r.para_first_sent[1], 2);
    seg_result_free(&r);
}
END_TEST

START_TEST(test_initial_no_break)
{
    static const char t[] = "Paul D. Smith arrived. He spoke.";
    struct seg_result r;
    segment(t, &r);
    ck_assert_uint_eq(r.nsents, 2);
    span_is(t, &r.sents[0], "Paul D. Smith arrived.");
    span_is(t, &r.sents[1], "He spoke.");
    seg_result_free(&r);
}
END_TEST

START_TEST(test_title_abbreviation_no_break)
{
    /* titles the rules list with their full stop ("Gov.", "Sen.", "Dr.") */
    whosaid_error err;
    whosaid_rules *rules = whosaid_rules_builtin("en", &err);
    ck_assert_msg(rules != NULL, "%s", err.msg);
    ck_assert_ptr_nonnull(rules->titles);
    static const char *const texts[] = {
        "Gov. Smith arrived. He spoke.",
        "Sen. Smith arrived. He spoke.",
        "Dr. Smith arrived. He spoke.",
        "They met Gen. Smith yesterday. He spoke.",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        struct seg_result r;
        segment_titles(texts[i], &r, rules->titles);
        ck_assert_msg(r.nsents == 2, "'%s': %zu sentences", texts[i], r.nsents);
        span_is(texts[i], &r.sents[1], "He spoke.");
        seg_result_free(&r);
    }
    /* a sentence may still end after a title-like word at the paragraph's end */
    static const char t[] = "He spoke to the Gov.\n\nThen he left.";
    struct seg_result r;
    segment_titles(t, &r, rules->titles);
    ck_assert_uint_eq(r.nparas, 2);
    ck_assert_uint_eq(r.nsents, 2);
    seg_result_free(&r);
    whosaid_rules_free(rules);
}
END_TEST

START_TEST(test_sentence_offsets_across_paragraphs)
{
    static const char t[] = "  First sentence. Second one!\n\nThird? Yes, the fourth.\n\nNo stop at the end";
    struct seg_result r;
    segment(t, &r);
    ck_assert_uint_eq(r.nparas, 3);
    ck_assert_uint_eq(r.nsents, 5);
    span_is(t, &r.sents[0], "First sentence.");
    span_is(t, &r.sents[1], "Second one!");
    span_is(t, &r.sents[2], "Third?");
    span_is(t, &r.sents[3], "Yes, the fourth.");
    span_is(t, &r.sents[4], "No stop at the end");
    ck_assert_uint_eq(r.sents[0].start, 2);
    ck_assert_uint_eq(r.sents[3].start, offset_of(t, "Yes"));
    ck_assert_uint_eq(r.para_first_sent[0], 0);
    ck_assert_uint_eq(r.para_first_sent[1], 2);
    ck_assert_uint_eq(r.para_first_sent[2], 4);
    ck_assert_uint_eq(r.para_first_sent[3], 5);
    /* sentences lie inside their paragraphs */
    for (size_t p = 0; p < r.nparas; p++)
        for (size_t s = r.para_first_sent[p]; s < r.para_first_sent[p + 1]; s++) {
            ck_assert_uint_ge(r.sents[s].start, r.paras[p].start);
            ck_assert_uint_le(r.sents[s].end, r.paras[p].end);
        }
    seg_result_free(&r);
}
END_TEST

START_TEST(test_sentence_offsets_non_ascii)
{
    /* curly quotes (3 bytes), é (2 bytes), an emoji (4 bytes) before the breaks */
    static const char t[] = "Intro line.\n\n"
                            "\xE2\x80\x9C" "Caf\xC3\xA9 society is over,\xE2\x80\x9D she said. "
                            "The r\xC3\xA9sum\xC3\xA9 \xF0\x9F\x98\x80 was long. "
                            "\xE2\x80\x98" "Fine.\xE2\x80\x99 End.";
    struct seg_result r;
    segment(t, &r);
    ck_assert_uint_eq(r.nparas, 2);
    ck_assert_uint_eq(r.para_first_sent[1], 1);
    ck_assert_uint_ge(r.nsents, 4);
    span_is(t, &r.sents[1], "\xE2\x80\x9C" "Caf\xC3\xA9 society is over,\xE2\x80\x9D she said.");
    span_is(t, &r.sents[2], "The r\xC3\xA9sum\xC3\xA9 \xF0\x9F\x98\x80 was long.");
    ck_assert_uint_eq(r.sents[1].start, offset_of(t, "\xE2\x80\x9C" "Caf"));
    ck_assert_uint_eq(r.sents[2].start, offset_of(t, "The r"));
    /* the last sentence ends at the text's end */
    ck_assert_uint_eq(r.sents[r.nsents - 1].end, sizeof t - 1);
    seg_result_free(&r);
}
END_TEST

START_TEST(test_sentence_at_and_paragraph_at)
{
    static const char t[] = "One here. Two there.\n\nThree now. Four.";
    struct seg_result r;
    segment(t, &r);
    ck_assert_uint_eq(r.nsents, 4);
    ck_assert_uint_eq(seg_sentence_at(&r, 0), 0);
    ck_assert_uint_eq(seg_sentence_at(&r, offset_of(t, "here")), 0);
    ck_assert_uint_eq(seg_sentence_at(&r, offset_of(t, "Two")), 1);
    ck_assert_uint_eq(seg_sentence_at(&r, offset_of(t, "there")), 1);
    /* a byte between paragraphs belongs to the last sentence started */
    ck_assert_uint_eq(seg_sentence_at(&r, offset_of(t, "\n\n") + 1), 1);
    ck_assert_uint_eq(seg_sentence_at(&r, offset_of(t, "Three")), 2);
    ck_assert_uint_eq(seg_sentence_at(&r, offset_of(t, "Four")), 3);
    ck_assert_uint_eq(seg_sentence_at(&r, sizeof t - 1), 3);
    ck_assert_uint_eq(seg_sentence_at(&r, 100000), 3);

    ck_assert_uint_eq(seg_paragraph_at(&r, 0), 0);
    ck_assert_uint_eq(seg_paragraph_at(&r, offset_of(t, "Two")), 0);
    ck_assert_uint_eq(seg_paragraph_at(&r, offset_of(t, "Three")), 1);
    ck_assert_uint_eq(seg_paragraph_at(&r, offset_of(t, "Three") - 1), 0);
    ck_assert_uint_eq(seg_paragraph_at(&r, sizeof t - 1), 1);
    seg_result_free(&r);
}
END_TEST

START_TEST(test_sentence_at_before_first)
{
    /* a position before the first sentence maps to sentence 0 */
    static const char t[] = "   Indented. Then more.";
    struct seg_result r;
    segment(t, &r);
    ck_assert_uint_eq(r.sents[0].start, 3);
    ck_assert_uint_eq(seg_sentence_at(&r, 0), 0);
    ck_assert_uint_eq(seg_paragraph_at(&r, 1), 0);
    seg_result_free(&r);
}
END_TEST

START_TEST(test_segmenter_reused)
{
    /* one segmenter over several texts, as an extractor uses it */
    whosaid_error err;
    struct segmenter *s = seg_new(&err);
    ck_assert_ptr_nonnull(s);
    for (int round = 0; round < 3; round++) {
        static const char a[] = "A b c. D e f.", b[] = "Gh ij. Kl. Mn op.";
        const char *t = round % 2 ? b : a;
        struct seg_result r = {0};
        ck_assert(seg_paragraphs(t, strlen(t), &r));
        ck_assert(seg_sentences(s, t, &r, r.nparas, NULL, &err));
        ck_assert_uint_eq(r.nsents, round % 2 ? 3 : 2);
        seg_result_free(&r);
    }
    seg_free(s);
    seg_free(NULL);
}
END_TEST

/*
 * The segmenter applies ICU's abbreviation exceptions itself (ICU's
 * filtered iterator was slow): its breaks must be those of
 * "en@ss=standard". Every exception of ICU's list is tried in the places
 * that matter: before a capital, before lower case, at the text's end,
 * after a space, inside a longer exception, and glued to a word.
 */
static void
same_breaks_as_icu(struct segmenter *sg, UBreakIterator *filtered, UBreakIterator *plain,
                   const char *text)
{
    UErrorCode st = U_ZERO_ERROR;
    UText u1 = UTEXT_INITIALIZER, u2 = UTEXT_INITIALIZER;
    size_t n = strlen(text);
    utext_openUTF8(&u1, text, (int64_t)n, &st);
    utext_openUTF8(&u2, text, (int64_t)n, &st);
    ubrk_setUText(filtered, &u1, &st);
    ubrk_setUText(plain, &u2, &st);
    ck_assert_msg(U_SUCCESS(st), "%s", u_errorName(st));
    ubrk_first(filtered);
    ubrk_first(plain);
    for (;;) {
        int32_t want = ubrk_next(filtered), got;
        while ((got = ubrk_next(plain)) != UBRK_DONE && (size_t)got < n &&
               seg_is_exception(sg, text, 0, n, (size_t)got))
            ;
        ck_assert_msg(got == want, "'%s': ICU breaks at %d, the segmenter at %d", text, want, got);
        if (want == UBRK_DONE)
            break;
    }
    utext_close(&u1);
    utext_close(&u2);
}

/*
 * A line of form feeds or vertical tabs between paragraphs is blank to the
 * paragraph splitter; the one ICU pass over the document must not make it
 * a sentence of the next paragraph.
 */
START_TEST(test_form_feed_line_between_paragraphs)
{
    static const char t[] = "John Smith said:\n\f\n\"We will win.\" Then he left.\n\v\v\nLast one.\f";
    struct seg_result r = {0};
    whosaid_error err;
    struct segmenter *sg = seg_new(&err);
    ck_assert_ptr_nonnull(sg);
    ck_assert(seg_paragraphs(t, sizeof t - 1, &r));
    ck_assert_uint_eq(r.nparas, 3);
    ck_assert(seg_sentences(sg, t, &r, r.nparas, NULL, &err));
    ck_assert_uint_eq(r.nsents, 4);
    span_is(t, &r.sents[0], "John Smith said:");
    span_is(t, &r.sents[1], "\"We will win.\"");
    span_is(t, &r.sents[2], "Then he left.");
    span_is(t, &r.sents[3], "Last one.\f");
    ck_assert_uint_eq(r.para_first_sent[1], 1);
    ck_assert_uint_eq(r.para_first_sent[2], 3);
    for (size_t p = 0; p < r.nparas; p++)
        ck_assert_uint_ge(r.sents[r.para_first_sent[p]].start, r.paras[p].start);
    seg_result_free(&r);
    seg_free(sg);
}
END_TEST

START_TEST(test_icu_exceptions_emulated)
{
    whosaid_error err;
    struct segmenter *sg = seg_new(&err);
    ck_assert_ptr_nonnull(sg);
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *filtered = ubrk_open(UBRK_SENTENCE, "en@ss=standard", NULL, 0, &st);
    UBreakIterator *plain = ubrk_open(UBRK_SENTENCE, "en", NULL, 0, &st);
    ck_assert_msg(U_SUCCESS(st), "%s", u_errorName(st));
    static const char *const fixed[] = {
        "He met Mr. Smith. Then he left.",
        "The U.S. Senate voted. The U.S. It rained.",
        "Made in the U.S.A. Then shipped.",
        "She has a Ph.D. Her thesis won.",
        "He arrived at 10 a.m. The meeting began.",
        "Lt.Cdr. Jones spoke. Capt. Kirk did too.",
        "It was Jan. Snow fell. See pp. 4-5. Done.",
        "Dr. No. Mrs. Robinson. Ms. Marvel. Etc. End",
        "Samr. Jones. XMr. Brown. vs. them. VS. Them.",
        "U.S.C. 12 applies. U.S. Then. U. S. Grant.",
        "Hon.B.A. Smith. Hon. Smith. Ph. D. students.",
        "End with an exception: Mr.",
        "Two spaces: Mr.  Smith. Tab: Mr.\tSmith. Newline: Mr.\nSmith.",
        "Non-ASCII: Café. Été. Zoë Mr. Ünal. “Mr.” Smith.",
    };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        same_breaks_as_icu(sg, filtered, plain, fixed[i]);
    /* every exception of ICU's own list, in every place */
    UResourceBundle *root = ures_openDirect(U_ICUDATA_NAME "-brkitr", "en", &st);
    UResourceBundle *ex = ures_getByKey(root, "exceptions", NULL, &st);
    UResourceBundle *list = ures_getByKey(ex, "SentenceBreak", NULL, &st);
    ck_assert_msg(U_SUCCESS(st), "%s", u_errorName(st));
    int32_t n = ures_getSize(list);
    ck_assert_int_gt(n, 100);
    for (int32_t i = 0; i < n; i++) {
        int32_t len = 0;
        const UChar *u = ures_getStringByIndex(list, i, &len, &st);
        char e[64];
        u_strToUTF8(e, sizeof e, NULL, u, len, &st);
        ck_assert(U_SUCCESS(st));
        char text[512];
        snprintf(text, sizeof text,
                 "Before %s Capital follows. Before %s lower follows. Glued%s Next one. "
                 "In %s\"Quoted\" one. At the end %s",
                 e, e, e, e, e);
        same_breaks_as_icu(sg, filtered, plain, text);
        snprintf(text, sizeof text, "%s Opening the text. And %s", e, e);
        same_breaks_as_icu(sg, filtered, plain, text);
    }
    ures_close(list);
    ures_close(ex);
    ures_close(root);
    ubrk_close(filtered);
    ubrk_close(plain);
    seg_free(sg);
}
END_TEST

/*
 * ICU reads only windows of the text, around the characters after which a
 * sentence may end (segmenter.c says why that gives its breaks exactly).
 * Checked against ICU over the whole text, on random strings built to
 * hit the rules' corners: terminators in runs, closing marks, spaces of
 * every kind, separators, numbers, marks and format characters glued to
 * letters, letters outside ASCII, and no letters at all for a long way.
 * WHOSAID_SEG_RANDOM=N runs N strings instead of the usual number.
 */
enum { LETTER_PIECES = 30, SPACE_PIECES = 10 }; /* the first pieces: letters, then spaces */
static const char *const pieces[] = {
    /* letters, twice as likely */
    "a", "b", "e", "s", "x", "A", "B", "S", "U", "Z", "a", "b", "e", "s", "x", "A", "B", "S", "U", "Z",
    "Mr", "etc", "No", "\u00e9", "\u00c9", "\u00df", "\u0394", "\u03bb", "\u4e2d", "\u05d0",
    /* spaces */
    " ", " ", " ", " ", "\t", "\v", "\f", "\u00a0", "\u2003", "\u3000",
    /* terminators */
    ".", ".", ".", "!", "?", "\u3002", "\u2024", "\u203c", "\uff0e", "\u0589", "\u2026",
    /* separators */
    "\n", "\r", "\r\n", "\u2028", "\u2029", "\xc2\x85",
    /* closing and opening marks */
    "\"", "'", "(", ")", "[", "]", "\u201c", "\u201d", "\u2019", "\u00bb", "\u00ab",
    /* continuing punctuation, numbers, others */
    ",", ";", ":", "-", "\u2013", "\u2014", "1", "9", "$", "&", "_", "/",
    /* extending and format characters, and one beyond 16 bits */
    "\u0301", "\u00ad", "\u200d", "\u200b", "\ufeff", "\U0001F600", "\U0001D400",
};

static uint64_t
next_random(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

/* ICU's breaks over the whole of [0, n) of @text, as byte offsets after 0. */
static size_t
whole_icu_breaks(UBreakIterator *bi, const char *text, size_t n, size_t *out)
{
    UErrorCode st = U_ZERO_ERROR;
    UText ut = UTEXT_INITIALIZER;
    utext_openUTF8(&ut, text, (int64_t)n, &st);
    ubrk_setUText(bi, &ut, &st);
    ck_assert_msg(U_SUCCESS(st), "%s", u_errorName(st));
    size_t k = 0;
    ubrk_first(bi);
    for (int32_t b; (b = ubrk_next(bi)) != UBRK_DONE;)
        out[k++] = (size_t)b;
    utext_close(&ut);
    return k;
}

/*
 * The plainest windows ("ab. Cd", "ab.\" \"cd", "ab?\n\nCd"), whose breaks
 * whosaid knows without ICU, and every near miss of them: each
 * combination of terminators, closing marks, separators and the case of
 * the letter after, between words, gives ICU's breaks.
 */
START_TEST(test_plain_windows_give_icu_breaks)
{
    whosaid_error err;
    unsetenv("WHOSAID_SEG_WHOLE");
    struct segmenter *sg = seg_new(&err);
    ck_assert_ptr_nonnull(sg);
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, "en", NULL, 0, &st);
    ck_assert_msg(U_SUCCESS(st), "%s", u_errorName(st));
    static const char *const terms[] = {"", ".", "?", "!", "..", "?!", "!.", "...", "....", ".?."};
    static const char *const closes[] = {"", "\"", "'", ")", "]", "\")", "\u201d", "("};
    static const char *const seps[] = {"", " ", "  ", "\n", "\n\n", "\n\n\n", "\t", "\r\n", " \n",
                                       "\n ", "\u00a0"};
    static const char *const afters[] = {"", "\"", "'", ")", "\u201c"};
    static const char *const words[] = {"Cd", "cd", "C.", "c1", "1c", "\u00c9d", "CD"};
    static char text[256];
    static size_t want[256];
    size_t n_strings = 0, differing = 0;
    for (size_t a = 0; a < sizeof terms / sizeof *terms; a++)
        for (size_t b = 0; b < sizeof closes / sizeof *closes; b++)
            for (size_t c = 0; c < sizeof seps / sizeof *seps; c++)
                for (size_t d = 0; d < sizeof afters / sizeof *afters; d++)
                    for (size_t e = 0; e < sizeof words / sizeof *words; e++) {
                        size_t n = (size_t)snprintf(text, sizeof text, "Xy ab%s%s%s%s%s ef", terms[a],
                                                    closes[b], seps[c], afters[d], words[e]);
                        size_t nwant = whole_icu_breaks(bi, text, n, want);
                        const size_t *got;
                        size_t ngot = seg_breaks(sg, text, 0, n, &got);
                        ck_assert_uint_ne(ngot, SIZE_MAX);
                        bool same = ngot == nwant;
                        for (size_t i = 0; same && i < ngot; i++)
                            same = got[i] == want[i];
                        if (!same && differing++ < 5)
                            fprintf(stderr, "'%s': ICU and the windows differ\n", text);
                        n_strings++;
                    }
    ck_assert_msg(differing == 0, "%zu of %zu strings broken otherwise than ICU breaks them",
                  differing, n_strings);
    ubrk_close(bi);
    seg_free(sg);
}
END_TEST

START_TEST(test_windows_give_icu_breaks)
{
    whosaid_error err;
    unsetenv("WHOSAID_SEG_WHOLE"); /* set, there would be no windows to test */
    struct segmenter *sg = seg_new(&err);
    ck_assert_str_eq(pieces[LETTER_PIECES], " ");
    ck_assert_str_eq(pieces[LETTER_PIECES + SPACE_PIECES], ".");
    ck_assert_ptr_nonnull(sg);
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, "en", NULL, 0, &st);
    ck_assert_msg(U_SUCCESS(st), "%s", u_errorName(st));
    const char *env = getenv("WHOSAID_SEG_RANDOM");
    long runs = env ? strtol(env, NULL, 10) : 20000;
    uint64_t x = 0x9E3779B97F4A7C15u;
    size_t npieces = sizeof pieces / sizeof pieces[0];
    static char text[4096];
    static size_t want[4096];
    size_t differing = 0;
    for (long run = 0; run < runs; run++) {
        /* a few bytes before the range, which must not count */
        static const char *const before[] = {"", "Zq. ", "ab", "x!\n", ". "};
        size_t from = (size_t)snprintf(text, sizeof text, "%s", before[next_random(&x) % 5]);
        size_t n = from, len = 1 + next_random(&x) % 60;
        /*
         * Now and then a stretch with no letters (windows merge; ICU reads
         * far back and on), or with letters and spaces only (no window).
         */
        unsigned mode = (unsigned)(next_random(&x) % 8);
        for (size_t i = 0; i < len; i++) {
            size_t k = next_random(&x) % npieces;
            if (mode == 0)
                k = LETTER_PIECES + next_random(&x) % (npieces - LETTER_PIECES);
            else if (mode == 1 && i % 8)
                k = next_random(&x) % (LETTER_PIECES + SPACE_PIECES);
            n += (size_t)snprintf(text + n, sizeof text - n, "%s", pieces[k]);
        }
        size_t after = n;
        n += (size_t)snprintf(text + n, sizeof text - n, "%s", run % 3 ? "" : "Tail. end");
        size_t nwant = whole_icu_breaks(bi, text + from, after - from, want);
        const size_t *got;
        size_t ngot = seg_breaks(sg, text, from, after, &got);
        ck_assert_uint_ne(ngot, SIZE_MAX);
        bool same = ngot == nwant;
        for (size_t i = 0; same && i < ngot; i++)
            same = got[i] == from + want[i];
        if (!same && differing++ < 5) {
            fprintf(stderr, "run %ld: '%.*s' (%zu bytes): ICU breaks at", run, (int)(after - from),
                    text + from, after - from);
            for (size_t i = 0; i < nwant; i++)
                fprintf(stderr, " %zu", want[i]);
            fprintf(stderr, "; the windows at");
            for (size_t i = 0; i < ngot; i++)
                fprintf(stderr, " %zu", got[i] - from);
            fprintf(stderr, "\n");
        }
    }
    ck_assert_msg(differing == 0, "%zu of %ld strings broken otherwise than ICU breaks them",
                  differing, runs);
    ubrk_close(bi);
    seg_free(sg);
}
END_TEST

START_TEST(test_large_document_in_chunks)
{
    /*
     * A document of several megabytes (read by ICU a chunk of paragraphs
     * at a time, as UTF-16, and a paragraph longer than a chunk in place)
     * has the sentences of its paragraphs segmented one by one.
     */
    static const char *const kinds[] = {
        "Mr. Smith went to Washington. He said so.",
        "The U.S. Senate voted on Tuesday. It was close: 51\u201349.",
        "\xE2\x80\x9CWe will stay,\xE2\x80\x9D she said. \xE5\x8C\x97\xE4\xBA\xAC agreed! Why?",
        "Emoji \xF0\x9F\x98\x80 end a sentence. Then Dr. No spoke at 3.30 p.m. on Monday.",
        "one sentence without an end",
    };
    struct ws_buf b = {0};
    size_t nparas = 0;
    while (b.len < (size_t)5 << 19) {
        if (nparas == 10000) { /* one paragraph longer than a chunk (1 MB) */
            for (int i = 0; i < 22000; i++)
                ck_assert(ws_buf_puts(&b, kinds[i % 5]) && ws_buf_putc(&b, ' '));
        } else {
            ck_assert(ws_buf_puts(&b, kinds[nparas % 5]));
        }
        ck_assert(ws_buf_puts(&b, nparas % 3 ? "\n\n" : "\n \n\n"));
        nparas++;
    }
    struct seg_result whole;
    segment(b.data, &whole);
    ck_assert_uint_eq(whole.nparas, nparas);
    whosaid_error err;
    struct segmenter *sg = seg_new(&err);
    ck_assert_ptr_nonnull(sg);
    size_t k = 0;
    for (size_t p = 0; p < whole.nparas; p++) {
        /* the paragraph alone */
        const struct span *ps = &whole.paras[p];
        char *one = ws_strndup(b.data + ps->start, ps->end - ps->start);
        ck_assert_ptr_nonnull(one);
        struct seg_result r;
        paragraphs(one, &r);
        ck_assert(seg_sentences(sg, one, &r, r.nparas, NULL, &err));
        ck_assert_uint_eq(whole.para_first_sent[p + 1] - whole.para_first_sent[p], r.nsents);
        for (size_t i = 0; i < r.nsents; i++, k++) {
            ck_assert_uint_eq(whole.sents[k].start, ps->start + r.sents[i].start);
            ck_assert_uint_eq(whole.sents[k].end, ps->start + r.sents[i].end);
        }
        seg_result_free(&r);
        free(one);
    }
    ck_assert_uint_eq(k, whole.nsents);
    ck_assert_uint_gt(whole.nsents, nparas); /* several sentences a paragraph, some */
    seg_free(sg);
    seg_result_free(&whole);
    ws_buf_free(&b);
}
END_TEST

static Suite *
segmenter_suite(void)
{
    Suite *s = suite_create("segmenter");
    TCase *tc = tcase_create("paragraphs");
    tcase_add_test(tc, test_blank_line_paragraphs);
    tcase_add_test(tc, test_icu_exceptions_emulated);
    tcase_add_test(tc, test_form_feed_line_between_paragraphs);
    tcase_add_test(tc, test_empty_and_blank_text);
    tcase_add_test(tc, test_unwrapped_lines_are_paragraphs);
    tcase_add_test(tc, test_short_lines_are_paragraphs);
    tcase_add_test(tc, test_hard_wrapped_lines_join);
    tcase_add_test(tc, test_hard_wrapped_whitespace_line_separates);
    tcase_add_test(tc, test_whitespace_lines_ignored);
    tcase_add_test(tc, test_spans_trimmed);
    tcase_add_test(tc, test_crlf);
    tcase_add_test(tc, test_no_final_newline);
    suite_add_tcase(s, tc);

    tc = tcase_create("sentences");
    tcase_add_test(tc, test_abbreviation_no_break);
    tcase_add_test(tc, test_initial_no_break);
    tcase_add_test(tc, test_title_abbreviation_no_break);
    tcase_add_test(tc, test_sentence_offsets_across_paragraphs);
    tcase_add_test(tc, test_sentence_offsets_non_ascii);
    tcase_add_test(tc, test_sentence_at_and_paragraph_at);
    tcase_add_test(tc, test_sentence_at_before_first);
    tcase_add_test(tc, test_segmenter_reused);
    tcase_add_test(tc, test_windows_give_icu_breaks);
    tcase_add_test(tc, test_plain_windows_give_icu_breaks);
    suite_add_tcase(s, tc);

    tc = tcase_create("large");
    tcase_set_timeout(tc, 60); /* megabytes through ICU twice */
    tcase_add_test(tc, test_large_document_in_chunks);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(segmenter_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
