/*
 * test-extract.c - the public API end to end: whosaid_extract on short
 * texts (speakers, cues, types, offsets, resolution of pronouns, surnames
 * and titles), terms, invalid UTF-8, and the small accessors.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

#include "whosaid.h"

#define LQ "\xE2\x80\x9C" /* “ */
#define RQ "\xE2\x80\x9D" /* ” */
#define FFFD "\xEF\xBF\xBD"

static whosaid_rules *rules;
static whosaid_extractor *ex;

static void
setup(void)
{
    whosaid_error err;
    rules = whosaid_rules_builtin("en", &err);
    ck_assert_msg(rules != NULL, "%s:%zu:%zu: %s", err.file, err.line, err.column, err.msg);
    ex = whosaid_extractor_new(rules, &err);
    ck_assert_msg(ex != NULL, "%s", err.msg);
}

static void
teardown(void)
{
    whosaid_extractor_free(ex);
    whosaid_rules_free(rules);
    ex = NULL;
    rules = NULL;
}

/* The number of code points in the first @byte bytes of @s. */
static size_t
cp_count(const char *s, size_t byte)
{
    size_t n = 0;
    for (size_t i = 0; i < byte; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* Checks that a present span's code-point offsets agree with its bytes. */
static void
span_consistent(const whosaid_doc *doc, const whosaid_span *sp, const char *what)
{
    if (sp->start == WHOSAID_NOSPAN)
        return;
    size_t len;
    const char *t = whosaid_doc_text(doc, &len);
    ck_assert_msg(sp->start <= sp->end && sp->end <= len, "%s: [%zu, %zu) outside the text", what,
                  sp->start, sp->end);
    ck_assert_msg(sp->cp_start == cp_count(t, sp->start), "%s: cp_start %zu, expected %zu", what,
                  sp->cp_start, cp_count(t, sp->start));
    ck_assert_msg(sp->cp_end == cp_count(t, sp->end), "%s: cp_end %zu, expected %zu", what,
                  sp->cp_end, cp_count(t, sp->end));
}

/* Extracts @text and checks every span of every quote. */
static whosaid_doc *
extract(const char *text, size_t len, unsigned options)
{
    whosaid_error err;
    whosaid_doc *doc = whosaid_extract(ex, "t", text, len, options, &err);
    ck_assert_msg(doc != NULL, "%s", err.msg);
    for (size_t i = 0; i < whosaid_doc_quote_count(doc); i++) {
        const whosaid_quote *q = whosaid_doc_quote(doc, i);
        ck_assert_ptr_nonnull(q);
        span_consistent(doc, &q->quote, "quote");
        span_consistent(doc, &q->speaker_mention, "speaker_mention");
        span_consistent(doc, &q->cue, "cue");
        span_consistent(doc, &q->via, "via");
        ck_assert(q->confidence >= 0.0 && q->confidence <= 1.0);
        ck_assert_uint_lt(q->paragraph, whosaid_doc_paragraph_count(doc));
        ck_assert_uint_lt(q->sentence, whosaid_doc_sentence_count(doc));
    }
    return doc;
}

#define EXTRACT(lit, opt) extract((lit), strlen(lit), (opt))

/* Asserts that span @sp of @doc holds exactly @want. */
static void
span_is(const whosaid_doc *doc, const whosaid_span *sp, const char *want)
{
    const char *t = whosaid_doc_text(doc, NULL);
    size_t n = strlen(want);
    ck_assert_msg(sp->start != WHOSAID_NOSPAN, "span absent, expected '%s'", want);
    ck_assert_msg(sp->end - sp->start == n && !memcmp(t + sp->start, want, n),
                  "span is '%.*s', expected '%s'", (int)(sp->end - sp->start), t + sp->start, want);
}

static size_t
offset_of(const char *hay, const char *needle)
{
    const char *p = strstr(hay, needle);
    ck_assert_msg(p != NULL, "'%s' not found", needle);
    return (size_t)(p - hay);
}

static void
speaker_is(const whosaid_quote *q, const char *want)
{
    if (!want) { /* no speaker */
        ck_assert_msg(q->speaker == NULL, "speaker '%s', expected none", q->speaker);
        return;
    }
    ck_assert_msg(q->speaker != NULL, "no speaker, expected '%s'", want);
    ck_assert_str_eq(q->speaker, want);
}

/* ---- attribution ---- */

START_TEST(test_after_name_cue)
{
    static const char t[] = LQ "We will not give up," RQ " Ana Ribeiro said.";
    whosaid_doc *doc = EXTRACT(t, WHOSAID_OPT_DEFAULT);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 1);
    const whosaid_quote *q = whosaid_doc_quote(doc, 0);
    speaker_is(q, "Ana Ribeiro");
    ck_assert_int_eq(q->speaker_kind, WHOSAID_KIND_PERSON);
    ck_assert_int_eq(q->type, WHOSAID_DIRECT);
    ck_assert_ptr_nonnull(q->rule);
    span_is(doc, &q->quote, "We will not give up,");
    span_is(doc, &q->speaker_mention, "Ana Ribeiro");
    span_is(doc, &q->cue, "said");
    ck_assert_uint_eq(q->via.start, WHOSAID_NOSPAN);
    /* bytes and code points: “ is 3 bytes, one code point */
    ck_assert_uint_eq(q->quote.start, 3);
    ck_assert_uint_eq(q->quote.cp_start, 1);
    ck_assert_uint_eq(q->quote.cp_end, 21);
    ck_assert_uint_eq(q->speaker_mention.start, offset_of(t, "Ana"));
    ck_assert_uint_eq(q->speaker_mention.cp_start, 23);
    ck_assert_uint_eq(q->speaker_mention.cp_end, 34);
    ck_assert_uint_eq(q->cue.cp_start, 35);
    ck_assert_uint_eq(q->cue.cp_end, 39);
    ck_assert_uint_eq(q->paragraph, 0);
    ck_assert_uint_eq(q->sentence, 0);
    ck_assert_int_eq(q->group, -1);
    ck_assert(q->confidence > 0.5);
    whosaid_doc_free(doc);
}
END_TEST

START_TEST(test_after_cue_name)
{
    static const char t[] = LQ "We will not give up," RQ " said Ana Ribeiro.";
    whosaid_doc *doc = EXTRACT(t, WHOSAID_OPT_DEFAULT);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 1);
    const whosaid_quote *q = whosaid_doc_quote(doc, 0);
    ck_assert_int_eq(q->type, WHOSAID_DIRECT);
    span_is(doc, &q->cue, "said");
    ck_assert_ptr_nonnull(q->rule);
    /* the sentence's full stop is no part of the name */
    speaker_is(q, "Ana Ribeiro");
    span_is(doc, &q->speaker_mention, "Ana Ribeiro");
    whosaid_doc_free(doc);
}
END_TEST

START_TEST(test_after_cue_name_mid_sentence)
{
    static const char t[] = LQ "We will not give up," RQ " said Ana Ribeiro on Monday.";
    whosaid_doc *doc = EXTRACT(t, WHOSAID_OPT_DEFAULT);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 1);
    const whosaid_quote *q = whosaid_doc_quote(doc, 0);
    speaker_is(q, "Ana Ribeiro");
    span_is(doc, &q->cue, "said");
    ck_assert_uint_eq(q->cue.cp_start, 23);
    whosaid_doc_free(doc);
}
END_TEST

START_TEST(test_before_colon)
{
    static const char t[] = "Ribeiro said: " LQ "We will not give up." RQ;
    whosaid_doc *doc = EXTRACT(t, WHOSAID_OPT_DEFAULT);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 1);
    const whosaid_quote *q = whosaid_doc_quote(doc, 0);
    speaker_is(q, "Ribeiro");
    ck_assert_int_eq(q->type, WHOSAID_DIRECT);
    span_is(doc, &q->quote, "We will not give up.");
    span_is(doc, &q->speaker_mention, "Ribeiro");
    span_is(doc, &q->cue, "said");
    ck_assert_uint_eq(q->speaker_mention.cp_start, 0);
    ck_assert_uint_eq(q->quote.cp_start, 15);
    ck_assert_uint_eq(q->quote.cp_end, 35);
    ck_assert_ptr_nonnull(q->rule);
    whosaid_doc_free(doc);
}
END_TEST

/*
 * PCRE2 matches a verb without regard to case beyond ASCII ("asked" with
 * the Kelvin sign for its k): the prefilters that start at a verb's word
 * must not rule such a word out by its ASCII spelling.
 */
START_TEST(test_verb_prefilter_unicode_case)
{
    static const char t[] = "Ribeiro as\xE2\x84\xAA" "ed: " LQ "Will we give up?" RQ;
    whosaid_doc *doc = EXTRACT(t, WHOSAID_OPT_DEFAULT);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 1);
    const whosaid_quote *q = whosaid_doc_quote(doc, 0);
    speaker_is(q, "Ribeiro");
    span_is(doc, &q->cue, "as\xE2\x84\xAA" "ed");
    whosaid_doc_free(doc);
}
END_TEST

/*
 * The words after a quote are read up to 600 bytes: where that cuts a
 * word, PCRE2 sees the word end there ("state|ment" holds the verb
 * "state"), and the verb prefilter must not rule the cut word out.
 */
START_TEST(test_verb_prefilter_cut_word)
{
    char t[700];
    int n = snprintf(t, sizeof t, LQ "We will win," RQ " X%0592d statement, and more.", 0);
    ck_assert(n > 0 && (size_t)n < sizeof t);
    memset(strchr(t, 'X') + 1, 'a', 592);
    whosaid_doc *doc = extract(t, strlen(t), WHOSAID_OPT_DEFAULT);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 1);
    const whosaid_quote *q = whosaid_doc_quote(doc, 0);
    ck_assert_msg(q->speaker != NULL, "no speaker");
    span_is(doc, &q->cue, "state");
    whosaid_doc_free(doc);
}
END_TEST

/*
 * A prefilter that opens with a verb is tried at each verb of the window,
 * not only the first: "asking" cannot end "... that", "countered" can.
 */
START_TEST(test_verb_prefilter_every_verb)
{
    static const char t[] = "After a prayer and asking for calm, Ribeiro countered that " LQ
                            "we will win." RQ;
    whosaid_doc *doc = EXTRACT(t, WHOSAID_OPT_DEFAULT);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 1);
    const whosaid_quote *q = whosaid_doc_quote(doc, 0);
    speaker_is(q, "Ribeiro");
    span_is(doc, &q->cue, "countered");
    ck_assert_str_eq(q->rule, "en.before.speaker-cue");
    whosaid_doc_free(doc);
}
END_TEST

START_TEST(test_split_quote_same_speaker)
{
    static const char t[] = "Ms Ribeiro arrived on Monday. " LQ "We must act now," RQ " she said, " LQ
                            "before it is too late." RQ;
    whosaid_doc *doc = EXTRACT(t, WHOSAID_OPT_DEFAULT);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 2);
    const whosaid_quote *a = whosaid_doc_quote(doc, 0), *b = whosaid_doc_quote(doc, 1);
    span_is(doc, &a->quote, "We must act now,");
    span_is(doc, &b->quote, "before it is too late.");
    ck_assert_ptr_nonnull(a->speaker);
    ck_assert_ptr_nonnull(b->speaker);
    ck_assert_str_eq(a->speaker, b->speaker);
    ck_assert_ptr_nonnull(strstr(a->speaker, "Ribeiro"));
    span_is(doc, &a->speaker_mention, "she");
    ck_assert_ptr_nonnull(b->rule);
    ck_assert_uint_eq(a->sentence, b->sentence);
    whosaid_doc_free(doc);
}
END_TEST

START_TEST(test_pronoun_resolves_to_last_speaker)
{
    static const char t[] = LQ "We will stay," RQ " Ana Ribeiro said. " LQ "We will not leave," RQ
                            " she added.\n\n" LQ "Nor will we," RQ " she said.";
    whosaid_doc *doc = EXTRACT(t, WHOSAID_OPT_DEFAULT);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 3);
    const whosaid_quote *a = whosaid_doc_quote(doc, 0), *b = whosaid_doc_quote(doc, 1),
                        *c = whosaid_doc_quote(doc, 2);
    speaker_is(a, "Ana Ribeiro");
    speaker_is(b, "Ana Ribeiro");
    speaker_is(c, "Ana Ribeiro");
    span_is(doc, &b->speaker_mention, "she");
    span_is(doc, &b->cue, "added");
    ck_assert_uint_eq(c->paragraph, 1);
    /* resolution through a pronoun costs confidence */
    ck_assert(b->confidence < a->confidence);
    whosaid_doc_free(doc);
}
END_TEST

START_TEST(test_pronoun_picks_most_recent)
{
    static const char t[] = LQ "First," RQ " Ana Ribeiro said. " LQ "Second," RQ " Pedro Alves said. "
                            LQ "Third," RQ " he said.";
    whosaid_doc *doc = EXTRACT(t, WHOSAID_OPT_DEFAULT);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 3);
    speaker_is(whosaid_doc_quote(doc, 0), "Ana Ribeiro");
    speaker_is(whosaid_doc_quote(doc, 1), "Pedro Alves");
    speaker_is(whosaid_doc_quote(doc, 2), "Pedro Alves");
    whosaid_doc_free(doc);
}
END_TEST

/* The text @t has one quote, by @want. */
static void
one_speaker_is(const char *t, const char *want)
{
    whosaid_doc *doc = EXTRACT(t, WHOSAID_OPT_DEFAULT);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 1);
    speaker_is(whosaid_doc_quote(doc, 0), want);
    whosaid_doc_free(doc);
}

/* The text @t has two quotes, by @sa (mentioned as @ma) and by @sb (as @mb). */
static void
two_speakers_are(const char *t, const char *sa, const char *ma, const char *sb, const char *mb)
{
    whosaid_doc *doc = EXTRACT(t, WHOSAID_OPT_DEFAULT);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 2);
    const whosaid_quote *a = whosaid_doc_quote(doc, 0), *b = whosaid_doc_quote(doc, 1);
    speaker_is(a, sa);
    span_is(doc, &a->speaker_mention, ma);
    speaker_is(b, sb);
    span_is(doc, &b->speaker_mention, mb);
    whosaid_doc_free(doc);
}

START_TEST(test_surname_and_title_resolve)
{
    static const char t[] = "Foreign Minister Ana Ribeiro arrived in Lisbon on Monday. " LQ
                            "We will stay," RQ " Ribeiro said. " LQ "No," RQ " Ms Ribeiro added.";
    two_speakers_are(t, "Ana Ribeiro", "Ribeiro", "Ana Ribeiro", "Ms Ribeiro");
}
END_TEST

/*
 * A title alone in a run of capitals ("The Lord of the Rings", "the Queen
 * of Hearts") names nobody: a pronoun after it goes to the person named
 * before, or to nobody, not to "Lord" or "Queen".
 */
START_TEST(test_bare_title_names_nobody)
{
    static const char t[] =
        "Film critic Pedro Alves went to the cinema. They watched The Lord of "
        "the Rings on Sunday.\n\n" LQ "It was wonderful," RQ " he said.\n\n"
        "The audience loved the Queen of Hearts.\n\n" LQ "She was great," RQ " she said.";
    whosaid_doc *doc = EXTRACT(t, WHOSAID_OPT_DEFAULT);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 2);
    const whosaid_quote *a = whosaid_doc_quote(doc, 0), *b = whosaid_doc_quote(doc, 1);
    speaker_is(a, "Pedro Alves");
    span_is(doc, &a->speaker_mention, "he");
    ck_assert_ptr_null(b->speaker);
    span_is(doc, &b->speaker_mention, "she");
    whosaid_doc_free(doc);
}
END_TEST

/*
 * An appositive that names no person's noun ("Exeem, a new file-sharing
 * network") makes nobody a person; one that does ("Johan Pouwelse, a
 * researcher at Delft") still does.
 */
START_TEST(test_vague_appositive_names_nobody)
{
    static const char t[] = "Johan Pouwelse, a researcher at Delft, wrote the code. Exeem, a new "
                            "network, is based on it.\n\n" LQ "It is fast," RQ " he said.";
    one_speaker_is(t, "Johan Pouwelse");
}
END_TEST

/*
 * Particles inside a name (the PARTICLE lexicon): "von der Leyen" after a
 * title is the name's words, and joins the full name; one particle after
 * another ("de la") is read too.
 */
START_TEST(test_particles_in_names)
{
    static const char t[] =
        "European Commission President Ursula von der Leyen arrived in Kyiv.\n\n" LQ
        "We stand with you," RQ " Ms von der Leyen said. " LQ "So do we," RQ
        " said Mayor Ana de la Cruz.";
    two_speakers_are(t, "Ursula von der Leyen", "Ms von der Leyen", "Ana de la Cruz",
                     "Mayor Ana de la Cruz");
}
END_TEST

/*
 * A title with neither gender nor descriptor ("Sen.", "Dr.") before a name
 * makes it a person's, also where no alias rule reads the name (one that
 * opens with a particle).
 */
START_TEST(test_title_makes_a_person)
{
    static const char t[] =
        "Sen. de la Cruz, a 60-year-old from Texas, arrived on Monday.\n\n" LQ "We will win," RQ
        " he said. Dr. van der Berg came too.\n\n" LQ "So will we," RQ " he said.";
    two_speakers_are(t, "de la Cruz", "he", "van der Berg", "he");
}
END_TEST

/*
 * A title's complement is no part of the name after it: inside the
 * speaker's words ("Minister for Coastal Affairs Tomas Veld O. Lindqvist
 * said"), and before a name the mention rule finds ("Secretary of State
 * Mara K. Oduya Jr. arrived", whom "she" then names).
 */
START_TEST(test_title_complement_not_a_name)
{
    static const char t[] =
        "Secretary of State Mara K. Oduya Jr. arrived on Monday.\n\n" LQ "We will talk," RQ
        " she said.\n\nMinister for Coastal Affairs Tomas O. van Lindqvist said " LQ
        "We will listen." RQ;
    /* a name holds five words at most (NAME): the mention begins inside the complement */
    two_speakers_are(t, "Mara K. Oduya Jr.", "she", "Tomas O. van Lindqvist",
                     "Affairs Tomas O. van Lindqvist");
}
END_TEST

/*
 * A name ends before a parenthesis ("Sen. Ada Brook (D-Ore.)") and before
 * where its bearer works ("Ivo Marsh of the Kestrel Institute"), where two
 * words or more come before it.
 */
START_TEST(test_name_ends_before_affiliation)
{
    static const char t[] = LQ "We will talk," RQ " said Sen. Ada Brook (D-Ore.).\n\n" LQ
                               "We will listen," RQ " said Ivo Marsh of the Kestrel Institute.";
    two_speakers_are(t, "Ada Brook", "Sen. Ada Brook (D-Ore.)", "Ivo Marsh",
                     "Ivo Marsh of the Kestrel Institute"); /* POSTMOD ends no capitalised run */
}
END_TEST

/*
 * A pronoun's antecedent among the names of one sentence is the first, its
 * subject most often, not a later object ("Pedro Alves introduced fellow
 * diplomat Rui Costa"); a possessive ("Portugal’s Mr Sousa") is none.
 */
START_TEST(test_pronoun_prefers_the_subject)
{
    static const char t[] =
        "Foreign Minister Pedro Alves introduced fellow diplomat Rui Costa to "
        "reporters. " LQ "We will talk," RQ " he said.\n\n"
        "Mr Alves\u2019s deputy, Mr Tiago Sousa, spoke later. " LQ "We will listen," RQ " he said.";
    two_speakers_are(t, "Pedro Alves", "he", "Tiago Sousa", "he");
}
END_TEST

/*
 * The title's complement inside a speaker's words ("CEO of the Harbour
 * Council Enver Lotan"), before a suffix ("Dana Ikeme QC"), an initial
 * outside ASCII ("Élodie É. Dupré"), and a tab in the look back ("Secretary
 * of<TAB>State John F. Kerry").
 */
START_TEST(test_title_complement_cases)
{
    one_speaker_is("CEO of the Harbour Council Enver Lotan told reporters: " LQ "We will talk." RQ,
                   "Enver Lotan");
    one_speaker_is("Minister for Health Dana Ikeme QC said " LQ "We will talk." RQ,
                   "Dana Ikeme QC");
    one_speaker_is("Minister for D\u00e9fense \u00c9lodie \u00c9. Dupr\u00e9 said " LQ
                   "We will talk." RQ,
                   "\u00c9lodie \u00c9. Dupr\u00e9");
    one_speaker_is("Secretary of\tState John F. Kerry arrived.\n\n" LQ "We will talk," RQ
                   " he said.",
                   "John F. Kerry");
}
END_TEST

/*
 * A pronoun's subject rule looks no further back than the person quoted
 * last ("Mr Rui Costa listened as Mr Pedro Alves said"), and takes no
 * possessive with the apostrophe alone ("Sen. Ada Coons’ aide").
 */
START_TEST(test_pronoun_subject_bounds)
{
    two_speakers_are("Mr Rui Costa listened as Mr Pedro Alves said: " LQ "We are ready." RQ
                     "\n\n" LQ "We will see," RQ " he added.",
                     "Pedro Alves", "Mr Pedro Alves", "Pedro Alves", "he");
    one_speaker_is("Sen. Ada Coons\u2019 aide, Mr Tom Baker, spoke later. " LQ "We will listen," RQ
                   " he said.",
                   "Tom Baker");
}
END_TEST

/*
 * A clause that opens the sentence ("After talks with Mr Rui Costa, ...")
 * holds no subject for a pronoun after it; but where the name nearest the
 * pronoun is in the clause, the clause's subject is its antecedent
 * ("While Mr Tom Baker praised Mr Ivo Marsh, the crowd cheered").
 */
START_TEST(test_pronoun_skips_opening_clause)
{
    two_speakers_are("After talks with Mr Rui Costa, Foreign Minister Pedro Alves said the talks "
                     "went well. " LQ "We will talk," RQ " he said.\n\n"
                     "While Mr Tom Baker praised Mr Ivo Marsh, the crowd cheered. " LQ
                     "We will listen," RQ " he said.",
                     "Pedro Alves", "he", "Tom Baker", "he");
}
END_TEST

/*
 * A title's complement that is a department ("Minister of Finance") is
 * set aside whole, however long the name after it ("Sri Ana Lestari"),
 * inside the speaker's words and before a name the mention rule finds,
 * which makes that name a person's; where fewer than two words remain
 * ("Director of Public Prosecutions") no one is named. Titles of more
 * than one word whose first is a descriptor ("Chief Constable") are
 * whole titles.
 */
START_TEST(test_department_complement)
{
    one_speaker_is("Minister of Finance Sri Ana Lestari said " LQ "We will talk." RQ,
                   "Sri Ana Lestari");
    two_speakers_are("Grand Mufti of Egypt Shawki Ibn Allam arrived on Monday. " LQ
                     "We will talk," RQ " he said.\n\n"
                     "Minister of State for Trade Policy Greg O. Hands arrived. " LQ
                     "We will listen," RQ " he said.",
                     "Shawki Ibn Allam", "he", "Greg O. Hands", "he");
    one_speaker_is("Mr Ivo Marsh met the Director of Public Prosecutions. " LQ "We will talk," RQ
                   " he said.",
                   "Ivo Marsh");
    one_speaker_is(LQ "We will talk," RQ " said Chief Constable Sara Thornton.", "Sara Thornton");
}
END_TEST

/*
 * A descriptor with what it is the descriptor of, then a comma and a name
 * ("Portugal’s ambassador to the United Nations, Rui Costa,"), names a
 * person; "a spokesman for Unison, Britain’s biggest union," names none.
 */
START_TEST(test_descriptor_complement_appositive)
{
    two_speakers_are("Portugal\u2019s ambassador to the United Nations, Rui Costa, spoke later. " LQ
                     "We will listen," RQ " he said.\n\n"
                     "A spokesman for Unison, Britain\u2019s biggest union, said after the "
                     "meeting: " LQ "We are still talking." RQ,
                     "Rui Costa", "he", "A spokesman", "A spokesman");
}
END_TEST

/*
 * A name set off after the speaker's words after a quote ("the party’s
 * chairman, Tom Baker, told") is the speaker; the quote does not go to the
 * person quoted before.
 */
START_TEST(test_appositive_name_after_quote)
{
    two_speakers_are("Mr Ivo Marsh spoke first. " LQ "We won," RQ " he said.\n\n" LQ "We lost," RQ
                     " the party\u2019s chairman, Tom Baker, told reporters.",
                     "Ivo Marsh", "he", "Tom Baker", "Tom Baker");
}
END_TEST

/*
 * A quote that is a sentence of its own after a quote of the same
 * paragraph with a speaker goes on in that speaker's voice, not in the
 * next sentence's subject's ("Mr Ivo Marsh hopes the move works"); but
 * words in lower case after it go on with its sentence ("... now?” asked
 * Mr Ivo Marsh"), and a next sentence that is an attribution alone
 * speaks for it ("Mr Ivo Marsh told reporters.", "... told the BBC.").
 */
START_TEST(test_continued_voice_before_next_sentence)
{
    two_speakers_are(LQ "I have signed for two years," RQ
                        " said Rui Costa, who arrives on Tuesday. " LQ "In June I will decide." RQ
                        " Mr Ivo Marsh hopes the move works.",
                     "Rui Costa", "Rui Costa", "Rui Costa", "Rui Costa");
    two_speakers_are(LQ "We won," RQ " said Rui Costa. " LQ "Who would stop now?" RQ
                        " asked Mr Ivo Marsh.",
                     "Rui Costa", "Rui Costa", "Ivo Marsh", "Mr Ivo Marsh");
    /* a next sentence that is an attribution alone speaks for it */
    two_speakers_are(LQ "We won," RQ " said Rui Costa. " LQ "It is done." RQ
                        " Mr Ivo Marsh told reporters.",
                     "Rui Costa", "Rui Costa", "Ivo Marsh", "Mr Ivo Marsh");
    two_speakers_are(LQ "We won," RQ " said Rui Costa. " LQ "It is done." RQ
                        " Mr Ivo Marsh, the coach, told the BBC.",
                     "Rui Costa", "Rui Costa", "Ivo Marsh", "Mr Ivo Marsh");
}
END_TEST

/*
 * Two descriptors joined by "and" before a name are one speaker's:
 * "chairman and chief executive Ivo Marsh" after a quote is Ivo Marsh,
 * not the company named before (the after rule's speaker could not take
 * the "and"); a capitalised word before "and" is no descriptor's
 * ("Economy and Labour Minister": the speaker's words begin at Labour).
 */
START_TEST(test_coordinated_descriptors)
{
    two_speakers_are("Norcorp posted a profit. " LQ "We did well," RQ
                     " chairman and chief executive Ivo Marsh said.\n\n"
                     "Economy and Labour Minister Rui Costa said: " LQ "It is weak." RQ,
                     "Ivo Marsh", "chairman and chief executive Ivo Marsh", "Rui Costa",
                     "Labour Minister Rui Costa");
}
END_TEST

/*
 * A name of two words that opens with a given name (GIVENNAME) is a
 * person's, of the gender the given name tells: "she" after "Martina
 * Vell has admitted" is hers, though no title or quote named her before;
 * and "she" skips a man named after a woman ("Peter Okafor, the
 * minister"), who would otherwise be the last person named. A given name
 * before an organisation's word names no one ("Sarah Lane Hospital"); one
 * set off by commas after a place is the speaker's own name ("the play’s
 * organiser in Uganda, Sarah Vell,").
 */
START_TEST(test_given_name_makes_person)
{
    one_speaker_is("Martina Vell has admitted that she may return. The former champion will play "
                   "in May. " LQ "The tournament is a test," RQ " she said.",
                   "Martina Vell");
    two_speakers_are(LQ "We will wait," RQ " Lucy Harrow said. Peter Okafor, the minister, "
                        "disagreed. " LQ "It will be close," RQ " she said.",
                     "Lucy Harrow", "Lucy Harrow", "Lucy Harrow", "she");
    one_speaker_is("Sarah Lane Hospital opened a ward. " LQ "It is full," RQ " she said.", NULL);
    /* a name's particle opens no given name ("Von der Leyen" tells no gender) */
    two_speakers_are(LQ "We will act," RQ " Von der Leyen said. " LQ "It is a test," RQ
                        " she said.",
                     "Von der Leyen", "Von der Leyen", "Von der Leyen", "she");
    /* after a place, a name set off by commas that opens with one is the speaker's */
    one_speaker_is(LQ "We will stage it again," RQ
                      " the play\u2019s organiser in Uganda, Sarah Vell, said.",
                   "Sarah Vell");
}
END_TEST

/*
 * A speaker's words do not stop before a descriptor that heads them: "said
 * the Tottenham striker" is the striker, not the club ("the Tottenham"
 * read as a name behind "the"), and "said the committee chairman" the
 * chairman, not the committee (nor an organisation's: "the Norland
 * government"). A name set off after such words is the
 * speaker's own name after a cue too ("said EEF chief economist, Ivo
 * Marsh."); after a name, what is set off is no name of the speaker's
 * ("said Rui Costa, NUJ General Secretary.").
 */
START_TEST(test_speaker_reaches_descriptor_head)
{
    two_speakers_are(LQ "It was great play," RQ " said the Tottenham striker.\n\n" LQ
                        "We will act," RQ " said the committee chairman.",
                     "the Tottenham striker", "the Tottenham striker", "the committee chairman",
                     "the committee chairman");
    two_speakers_are(LQ "It will rise," RQ " said EEF chief economist, Ivo Marsh.\n\n" LQ
                        "We will strike," RQ " said Rui Costa, NUJ General Secretary.",
                     "Ivo Marsh", "Ivo Marsh", "Rui Costa", "Rui Costa");
    /* nor before an organisation's word: "the Norland government", not "the Norland" */
    one_speaker_is(LQ "We agree," RQ " said the Norland government.", "Norland government");
}
END_TEST

/*
 * A plural descriptor is a group, which no one person stands for:
 * "Prosecutors said" is not the prosecutor named before. "They" right after
 * a group's quote is that group's ("MPs said. Instead they called for");
 * "they" with no group before is unresolved, as before.
 */
START_TEST(test_plural_descriptor_is_group)
{
    two_speakers_are("The prosecutor, Ivo Marsh, spoke first. " LQ "He lied," RQ
                     " prosecutors said.\n\nThe analyst Rui Costa agreed. " LQ "It is weak," RQ
                     " analysts said.",
                     "prosecutors", "prosecutors", "analysts", "analysts");
    /* the head is before the link: "the leader of the rebels" is one person */
    one_speaker_is("Rui Costa, the rebel leader, spoke. " LQ "We will fight," RQ
                   " said the leader of the rebels.",
                   "Rui Costa");
    two_speakers_are("The scheme was full of " LQ "gimmicks" RQ ", MPs said. Instead they called "
                     "for " LQ "imaginative campaigns" RQ " to boost interest.",
                     "MPs", "MPs", "MPs", "they");
}
END_TEST

/*
 * "The company" or "the firm" alone (FIRMWORD) is the organisation named
 * last before it as the subject of a reporting verb ("Norcorp said") or
 * after such a noun ("sportswear firm Umbrix"), passing over people ("Mr
 * Costa said") and words that only open a sentence ("Staff said"); with
 * none, it stays "company". "It" then is that organisation too.
 */
START_TEST(test_firm_word_is_named_organisation)
{
    two_speakers_are("Shares in Norcorp rose. Norcorp said profits rose. Mr Rui Costa said: " LQ
                     "We are strong." RQ " " LQ "Sales fell in Asia," RQ " the company said.",
                     "Rui Costa", "Mr Rui Costa", "Norcorp", "the company");
    one_speaker_is("Shares in sportswear firm Umbrix rose. " LQ "It was a good year," RQ
                   " the firm said.",
                   "Umbrix");
    /* not a name in the quote, nor a link's object ("Analysts at Barclix said") */
    one_speaker_is("Shares in Norcorp rose. Norcorp said profits rose. Analysts at Barclix said "
                   "the shares were cheap. " LQ "We hoped, but Zentex said no," RQ
                   " the company said.",
                   "Norcorp");
    one_speaker_is("Flights were cancelled. Staff said they were tired. " LQ "We regret it," RQ
                   " the airline said.",
                   "airline");
    two_speakers_are("Shares in Norcorp rose. Norcorp said profits rose. " LQ "Sales fell," RQ
                     " the company said. " LQ "We will recover," RQ " it added.",
                     "Norcorp", "the company", "Norcorp", "it");
}
END_TEST

/*
 * "The American" alone (DEMONYM) is the person the text called so before
 * ("American Peter Okafor"), or stays "the American" (never a name of its
 * own, "American"); a demonym before a given name is no part of the name,
 * singular or plural ("Americans Peter Okafor and Rui Costa"), but before
 * a firm's it is ("American Airlines"). "The Americans" is a group.
 */
START_TEST(test_demonym_names_person)
{
    two_speakers_are("American Peter Okafor beat Rui Costa. " LQ "I played well," RQ
                     " said the American.\n\n" LQ "We lost," RQ " said the Dutchman.",
                     "Peter Okafor", "the American", "the Dutchman", "the Dutchman");
    one_speaker_is(LQ "Fares will rise," RQ " American Airlines said.", "American Airlines");
    /* a plural before names is no part of them: "Okafor" below is a person's, for "he" */
    one_speaker_is("Top-seeded Americans Peter Okafor and Rui Costa won. Okafor lost a set. " LQ
                   "I am not playing well," RQ " he said.",
                   "Peter Okafor");
    /* the plural alone is a group's words */
    one_speaker_is("American Peter Okafor lost. " LQ "We will wait," RQ " said the Americans.",
                   "the Americans");
}
END_TEST

/*
 * A person's name at the end of a descriptor's words is the speaker's
 * ("Gloucester director of rugby Peter Okafor"), but not after a link:
 * "a spokesman for Peter Okafor" is the spokesman. A post-modifier's last
 * word leaves the sentence's full stop out of the speaker's words.
 */
START_TEST(test_name_after_descriptor_words)
{
    two_speakers_are("Gloucester director of rugby Peter Okafor said: " LQ "We will win." RQ "\n\n"
                     "A spokesman for Peter Okafor said: " LQ "No comment." RQ,
                     "Peter Okafor", "Gloucester director of rugby Peter Okafor",
                     "A spokesman for Peter Okafor", "A spokesman for Peter Okafor");
    /* nor after words that are no link's complement, nor after another's descriptor */
    one_speaker_is("A lawyer representing Peter Okafor said: " LQ "We will appeal." RQ,
                   "A lawyer representing Peter Okafor");
    one_speaker_is(LQ "We back him," RQ " said a supporter of presidential candidate Peter Okafor.",
                   "a supporter of presidential candidate Peter Okafor");
    one_speaker_is(LQ "No," RQ " said a spokesman for Prime Minister Peter Okafor.",
                   "a spokesman for Prime Minister Peter Okafor");
    /* after the cue too: a post-modifier takes the whole name, not its first word */
    two_speakers_are(LQ "We will win," RQ " said Gloucester director of rugby Peter Okafor.\n\n" LQ
                        "No comment," RQ " said a spokesman for Peter Okafor.",
                     "Peter Okafor", "Gloucester director of rugby Peter Okafor",
                     "a spokesman for Peter Okafor", "a spokesman for Peter Okafor");
    /* a name before its descriptor, with no comma between, is the speaker's */
    one_speaker_is(LQ "We are ready," RQ " said Peter Okafor chairman of the committee.",
                   "Peter Okafor");
    whosaid_doc *doc =
        EXTRACT(LQ "We will act," RQ " said a spokesman for the ministry.", WHOSAID_OPT_DEFAULT);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 1);
    span_is(doc, &whosaid_doc_quote(doc, 0)->speaker_mention, "a spokesman for the ministry");
    whosaid_doc_free(doc);
}
END_TEST

/*
 * A descriptor that opens a sentence with its article has no word in
 * lower case ("The Lord Chancellor, Lord Falconer, said"): the article
 * marks it as a descriptor all the same, and the name set off after it
 * is the speaker, not the title that opens the name.
 */
START_TEST(test_article_descriptor_appositive)
{
    two_speakers_are("The Lord Chancellor, Lord Falconer, said: " LQ "We will wait." RQ "\n\n"
                     "The Higher Education Minister, Kim Howells, said: " LQ "We will not." RQ,
                     "Falconer", "Lord Falconer", "Kim Howells", "Kim Howells");
}
END_TEST

/*
 * An appositive after a name may open with a possessive ("Ana Ribeiro,
 * Portugal’s foreign minister,"): "the minister" later is hers, not the
 * trade secretary named after her.
 */
START_TEST(test_possessive_appositive)
{
    one_speaker_is("Ana Ribeiro, Portugal\u2019s foreign minister, arrived on Monday. Spain\u2019s "
                   "trade secretary, Rui Costa, came later. " LQ "We will talk," RQ
                   " said the foreign minister.",
                   "Ana Ribeiro");
}
END_TEST

/*
 * "According to" a descriptor and a name set off after it: the name is
 * the speaker, not the possessive that opens the descriptor.
 */
START_TEST(test_according_to_appositive)
{
    two_speakers_are(LQ "We will wait," RQ
                        " according to Chile\u2019s envoy to the talks, Rui Costa.\n\n" LQ
                        "We will not," RQ " according to Mr Ivo Marsh.",
                     "Rui Costa", "Rui Costa", "Ivo Marsh", "Mr Ivo Marsh");
}
END_TEST

/*
 * What the review of the names found: an institution after "Title of the"
 * is no person ("Chairman of the Harbour Daily Times"), nor is a place in
 * a list after a descriptor's complement ("the ambassador to Belgium, New
 * Zealand, and the Netherlands"), nor a place after a place ("Sumter,
 * South Carolina, says"); "Visiting" opens no clause; a descriptor and
 * name with a capital after a quote that ends its sentence open the next
 * sentence.
 */
START_TEST(test_names_review_cases)
{
    one_speaker_is("The Chairman of the Harbour Daily Times spoke on Monday. " LQ "We will act," RQ
                   " he said.",
                   NULL);
    one_speaker_is(
        "The ambassador to Belgium, New Zealand, and the Netherlands spoke on Monday. " LQ
        "We agree," RQ " he said.",
        NULL);
    one_speaker_is("Visiting envoy Mr Tom Baker, who arrived on Monday, met Foreign Minister Sam "
                   "Hill. " LQ "We agree on everything," RQ " he said.",
                   "Tom Baker");
    two_speakers_are(LQ "Prices will rise," RQ " said Ana Lestari, the planning minister. " LQ
                        "The sooner the better." RQ
                        " The Harbour Post\u2019s correspondent, Rachel "
                        "Hart, told reporters that it was likely.",
                     "Ana Lestari", "Ana Lestari", "Ana Lestari", "Ana Lestari");
    one_speaker_is("Tom Vale, a farmer from Sumter, South Carolina, says " LQ "we will wait." RQ,
                   "Tom Vale");
}
END_TEST

/* An occupation before a name is no part of it ("Comedian Lena Hart", "DJ Ivo Marsh"). */
START_TEST(test_occupation_not_a_name)
{
    static const char t[] = "Comedian Lena Hart arrived on Monday.\n\n" LQ "We will talk," RQ
                            " she said.\n\n" LQ "We will listen," RQ " DJ Ivo Marsh said.";
    two_speakers_are(t, "Lena Hart", "she", "Ivo Marsh", "DJ Ivo Marsh");
}
END_TEST

/*
 * A headline names nobody through an alias rule: "Widow Ana Pell Defends
 * Bridge Plan" would make "Ana Pell Defends Bridge Plan" her fullest name.
 */
START_TEST(test_headline_names_nobody)
{
    static const char t[] = "Harbour Widow Ana Pell Defends Bridge Plan Amid Protests\n\n"
                            "Ms Ana Pell spoke on Monday. " LQ "It will stand," RQ " she said.";
    one_speaker_is(t, "Ana Pell");
}
END_TEST

/*
 * Alias rules that start at a lexicon's words (start = DESCRIPTOR, TITLE)
 * find their matches anywhere in the document: "the diplomat" and "the
 * envoy" resolve through them, also when the descriptor opens the text or
 * a paragraph, follows punctuation or is set in capitals.
 */
START_TEST(test_start_lexicon_alias_rules)
{
    static const char t[] = "Diplomat Wang Yi arrived on Monday.\n\n"
                            "(ENVOY Li Hua came too.)\n\n"
                            LQ "We will talk," RQ " the diplomat said.\n\n"
                            LQ "So will we," RQ " the envoy said.\n\n"
                            "Later, President Xi Jinping spoke. " LQ "Good," RQ " Mr Xi said.";
    whosaid_doc *doc = EXTRACT(t, WHOSAID_OPT_DEFAULT);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 3);
    speaker_is(whosaid_doc_quote(doc, 0), "Wang Yi");
    speaker_is(whosaid_doc_quote(doc, 1), "Li Hua");
    speaker_is(whosaid_doc_quote(doc, 2), "Xi Jinping");
    whosaid_doc_free(doc);
}
END_TEST

START_TEST(test_term_dropped_by_default)
{
    static const char t[] = "His use of the " LQ "hundred flowers" RQ " analogy was criticised.";
    whosaid_doc *doc = EXTRACT(t, WHOSAID_OPT_DEFAULT);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 0);
    ck_assert_ptr_null(whosaid_doc_quote(doc, 0));
    whosaid_doc_free(doc);

    doc = EXTRACT(t, WHOSAID_OPT_ALL);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 1);
    const whosaid_quote *q = whosaid_doc_quote(doc, 0);
    ck_assert_int_eq(q->type, WHOSAID_TERM);
    ck_assert_ptr_null(q->speaker);
    ck_assert_int_eq(q->speaker_kind, WHOSAID_KIND_NONE);
    ck_assert_ptr_null(q->rule);
    ck_assert_uint_eq(q->speaker_mention.start, WHOSAID_NOSPAN);
    ck_assert_uint_eq(q->cue.start, WHOSAID_NOSPAN);
    span_is(doc, &q->quote, "hundred flowers");
    ck_assert_uint_eq(q->quote.cp_start, 16);
    ck_assert_uint_eq(q->quote.cp_end, 31);
    whosaid_doc_free(doc);
}
END_TEST

START_TEST(test_terms_and_speech_mixed)
{
    /* with OPT_ALL the term is kept in document order among the speech */
    static const char t[] = "The " LQ "hundred flowers" RQ " idea returned. " LQ "It is over," RQ
                            " Ana Ribeiro said.";
    one_speaker_is(t, "Ana Ribeiro");
    whosaid_doc *doc = EXTRACT(t, WHOSAID_OPT_ALL);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 2);
    ck_assert_int_eq(whosaid_doc_quote(doc, 0)->type, WHOSAID_TERM);
    speaker_is(whosaid_doc_quote(doc, 1), "Ana Ribeiro");
    ck_assert_uint_lt(whosaid_doc_quote(doc, 0)->quote.start, whosaid_doc_quote(doc, 1)->quote.start);
    whosaid_doc_free(doc);
}
END_TEST

START_TEST(test_term_word_count)
{
    /*
     * Unattributed quoted words with no sentence punctuation are a term
     * when they are four words at most: an apostrophe (' or ’) or a hyphen
     * joins a word, other marks part them.
     */
    static const struct {
        const char *words;
        bool term;
    } cases[] = {
        {"one two three four", true},
        {"one two three four five", false},
        {"don't stop-the-clock nation's o\xE2\x80\x99" "clock", true},
        {"don/t stop the clock", false},
        {"caf\xC3\xA9 na\xC3\xAFve r\xC3\xA9sum\xC3\xA9 d\xC3\xA9j\xC3\xA0", true},
        {"caf\xC3\xA9 na\xC3\xAFve r\xC3\xA9sum\xC3\xA9 d\xC3\xA9j\xC3\xA0 vu", false},
        {"one two three four.", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char t[256];
        snprintf(t, sizeof t, "The " LQ "%s" RQ " line came back.", cases[i].words);
        whosaid_doc *doc = EXTRACT(t, WHOSAID_OPT_ALL);
        ck_assert_uint_eq(whosaid_doc_quote_count(doc), 1);
        ck_assert_msg((whosaid_doc_quote(doc, 0)->type == WHOSAID_TERM) == cases[i].term, "%s: %s", t,
                      whosaid_quote_type_string(whosaid_doc_quote(doc, 0)->type));
        whosaid_doc_free(doc);
    }
    /* a long quote is counted only as far as needed, and is no term */
    size_t n = 200000;
    char *big = malloc(n + 64);
    ck_assert_ptr_nonnull(big);
    size_t k = (size_t)sprintf(big, "The " LQ "word");
    while (k < n)
        k += (size_t)sprintf(big + k, " word");
    k += (size_t)sprintf(big + k, RQ " came.");
    whosaid_doc *doc = extract(big, k, WHOSAID_OPT_ALL);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 1);
    ck_assert_int_ne(whosaid_doc_quote(doc, 0)->type, WHOSAID_TERM);
    whosaid_doc_free(doc);
    free(big);
}
END_TEST

/* ---- text handling ---- */

START_TEST(test_invalid_utf8_repaired)
{
    /* one bad byte inside the quote, an overlong pair and a truncated
     * sequence at the end: 1 + 2 + 1 replacements */
    static const char t[] = LQ "We will \xFF stay," RQ " Ana Ribeiro said. \xC0\xAF ok \xE2\x80";
    whosaid_doc *doc = extract(t, sizeof t - 1, WHOSAID_OPT_DEFAULT);
    ck_assert_uint_eq(whosaid_doc_invalid_count(doc), 4);
    size_t len;
    const char *text = whosaid_doc_text(doc, &len);
    static const char want[] = LQ "We will " FFFD " stay," RQ " Ana Ribeiro said. " FFFD FFFD " ok " FFFD;
    ck_assert_uint_eq(len, sizeof want - 1);
    ck_assert_int_eq(memcmp(text, want, len), 0);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 1);
    const whosaid_quote *q = whosaid_doc_quote(doc, 0);
    span_is(doc, &q->quote, "We will " FFFD " stay,");
    ck_assert_uint_eq(q->quote.cp_end, 16);
    speaker_is(q, "Ana Ribeiro");
    span_is(doc, &q->speaker_mention, "Ana Ribeiro");
    ck_assert_uint_eq(q->speaker_mention.cp_start, 18);
    whosaid_doc_free(doc);

    /* an id's invalid bytes are replaced and counted too */
    doc = whosaid_extract(ex, "b\xFF" "d", t, sizeof t - 1, WHOSAID_OPT_DEFAULT, NULL);
    ck_assert_ptr_nonnull(doc);
    ck_assert_str_eq(whosaid_doc_id(doc), "b" FFFD "d");
    ck_assert_uint_eq(whosaid_doc_invalid_count(doc), 5);
    whosaid_doc_free(doc);
}
END_TEST

START_TEST(test_valid_text_kept)
{
    static const char t[] = "Caf\xC3\xA9 " LQ "Ol\xC3\xA1," RQ " Ana Ribeiro said.";
    whosaid_doc *doc = EXTRACT(t, WHOSAID_OPT_DEFAULT);
    ck_assert_uint_eq(whosaid_doc_invalid_count(doc), 0);
    size_t len;
    const char *text = whosaid_doc_text(doc, &len);
    ck_assert_uint_eq(len, sizeof t - 1);
    ck_assert_str_eq(text, t);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 1);
    const whosaid_quote *q = whosaid_doc_quote(doc, 0);
    ck_assert_uint_eq(q->quote.cp_start, 6);
    ck_assert_uint_eq(q->quote.cp_end, 10);
    whosaid_doc_free(doc);
}
END_TEST

START_TEST(test_nul_bytes_kept)
{
    static const char t[] = "x\0y\n\n" LQ "We will stay," RQ " Ana Ribeiro said.";
    whosaid_doc *doc = extract(t, sizeof t - 1, WHOSAID_OPT_DEFAULT);
    size_t len;
    const char *text = whosaid_doc_text(doc, &len);
    ck_assert_uint_eq(len, sizeof t - 1);
    ck_assert_int_eq(memcmp(text, t, len), 0);
    ck_assert_uint_eq(whosaid_doc_invalid_count(doc), 0);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 1);
    const whosaid_quote *q = whosaid_doc_quote(doc, 0);
    ck_assert_uint_eq(q->quote.cp_start, 6);
    ck_assert_uint_eq(q->paragraph, 1);
    speaker_is(q, "Ana Ribeiro");
    whosaid_doc_free(doc);
}
END_TEST

START_TEST(test_paragraph_and_sentence_indices)
{
    static const char t[] = "Intro sentence here. Another one.\n\nMore text. " LQ "Go now," RQ
                            " Ana Ribeiro said.";
    whosaid_doc *doc = EXTRACT(t, WHOSAID_OPT_DEFAULT);
    ck_assert_uint_eq(whosaid_doc_paragraph_count(doc), 2);
    ck_assert_uint_eq(whosaid_doc_sentence_count(doc), 4);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 1);
    const whosaid_quote *q = whosaid_doc_quote(doc, 0);
    ck_assert_uint_eq(q->paragraph, 1);
    ck_assert_uint_eq(q->sentence, 3);
    whosaid_doc_free(doc);
}
END_TEST

/*
 * Sentences after the last quote's paragraph are found only when counted:
 * the count is the same as if all were segmented with the quotes.
 */
START_TEST(test_sentence_count_after_last_quote)
{
    static const char t[] = LQ "Go now," RQ " Ana Ribeiro said. She left.\n\n"
                            "Gov. Kasich replied later. Then nothing. Or more?\n\nEnd.";
    whosaid_doc *doc = EXTRACT(t, WHOSAID_OPT_DEFAULT);
    ck_assert_uint_eq(whosaid_doc_paragraph_count(doc), 3);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 1);
    ck_assert_uint_eq(whosaid_doc_quote(doc, 0)->sentence, 0);
    /* 2 + 3 ("Gov." ends none: the rules' titles) + 1, and asked twice */
    ck_assert_uint_eq(whosaid_doc_sentence_count(doc), 6);
    ck_assert_uint_eq(whosaid_doc_sentence_count(doc), 6);
    whosaid_doc_free(doc);
    /* no quote at all: no paragraph was segmented */
    doc = EXTRACT("One. Two.\n\nThree.", WHOSAID_OPT_DEFAULT);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 0);
    ck_assert_uint_eq(whosaid_doc_sentence_count(doc), 3);
    whosaid_doc_free(doc);
    ck_assert_uint_eq(whosaid_doc_sentence_count(NULL), 0);
}
END_TEST

/*
 * A document keeps the rules it was made with: after the extractor and the
 * caller's rules are freed, its rule ids and its sentence count still work
 * (the rules go with the document; ASan and valgrind would see a use after
 * free).
 */
START_TEST(test_doc_outlives_rules)
{
    whosaid_error err;
    whosaid_rules *own = whosaid_rules_builtin("en", &err);
    ck_assert_ptr_nonnull(own);
    whosaid_extractor *e = whosaid_extractor_new(own, &err);
    ck_assert_ptr_nonnull(e);
    static const char t[] = LQ "Go now," RQ " Ana Ribeiro said.\n\nGov. Kasich left. Then nobody.";
    whosaid_doc *doc = whosaid_extract(e, "d", t, sizeof t - 1, WHOSAID_OPT_DEFAULT, &err);
    ck_assert_ptr_nonnull(doc);
    whosaid_extractor_free(e);
    whosaid_rules_free(own);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 1);
    ck_assert_str_eq(whosaid_doc_quote(doc, 0)->rule, "en.after.speaker-cue");
    ck_assert_uint_eq(whosaid_doc_sentence_count(doc), 3);
    whosaid_doc_free(doc); /* frees the rules too */
}
END_TEST

/*
 * A descriptor of two words whose second is capitalised, then a
 * capitalised stopword: PCRE2 backs off from "chief Executive" only after
 * another look-up, and must still find the longer speaker (a callout once
 * lost where the words began).
 */
START_TEST(test_lexicon_lookups_after_backtracking)
{
    static const char t[] = "Former chief Executive The said that " LQ "it is over" RQ ".";
    whosaid_doc *doc = EXTRACT(t, WHOSAID_OPT_DEFAULT);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 1);
    ck_assert_str_eq(whosaid_doc_quote(doc, 0)->speaker, "Former chief Executive");
    whosaid_doc_free(doc);
    static const char u[] = "deputy attorney General But call on: " LQ "We will win." RQ;
    doc = EXTRACT(u, WHOSAID_OPT_DEFAULT);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 1);
    ck_assert_str_eq(whosaid_doc_quote(doc, 0)->speaker, "deputy attorney General");
    whosaid_doc_free(doc);
}
END_TEST

START_TEST(test_continued_quote_group)
{
    static const char t[] = LQ "We will continue the work of the committee," RQ " Ana Ribeiro said. "
                            LQ "And we will not stop until it is done.\n\n"
                            LQ "Nobody will stop us." RQ;
    whosaid_doc *doc = EXTRACT(t, WHOSAID_OPT_DEFAULT);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 3);
    const whosaid_quote *a = whosaid_doc_quote(doc, 0), *b = whosaid_doc_quote(doc, 1),
                        *c = whosaid_doc_quote(doc, 2);
    ck_assert_int_eq(a->group, -1);
    ck_assert_int_ge(b->group, 0);
    ck_assert_int_eq(c->group, b->group);
    ck_assert_uint_eq(c->paragraph, 1);
    speaker_is(a, "Ana Ribeiro");
    whosaid_doc_free(doc);
}
END_TEST

START_TEST(test_empty_text)
{
    whosaid_error err;
    whosaid_doc *doc = whosaid_extract(ex, "empty", "", 0, WHOSAID_OPT_DEFAULT, &err);
    ck_assert_ptr_nonnull(doc);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 0);
    ck_assert_uint_eq(whosaid_doc_paragraph_count(doc), 0);
    ck_assert_uint_eq(whosaid_doc_invalid_count(doc), 0);
    ck_assert_uint_eq(whosaid_doc_warning_count(doc), 0);
    ck_assert_ptr_null(whosaid_doc_warning(doc));
    size_t len = 99;
    ck_assert_str_eq(whosaid_doc_text(doc, &len), "");
    ck_assert_uint_eq(len, 0);
    ck_assert_str_eq(whosaid_doc_id(doc), "empty");
    whosaid_doc_free(doc);

    /* NULL text of length 0 is an empty document too */
    doc = whosaid_extract(ex, NULL, NULL, 0, WHOSAID_OPT_DEFAULT, &err);
    ck_assert_ptr_nonnull(doc);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 0);
    ck_assert_str_eq(whosaid_doc_id(doc), "");
    whosaid_doc_free(doc);

    /* white space only */
    doc = whosaid_extract(ex, "ws", " \n\n\t ", 5, WHOSAID_OPT_ALL, &err);
    ck_assert_ptr_nonnull(doc);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 0);
    whosaid_doc_free(doc);
}
END_TEST

START_TEST(test_doc_id_copied)
{
    char id[] = "doc-42";
    static const char t[] = "No quotes.";
    whosaid_doc *doc = whosaid_extract(ex, id, t, sizeof t - 1, 0, NULL);
    ck_assert_ptr_nonnull(doc);
    id[0] = 'X';
    ck_assert_str_eq(whosaid_doc_id(doc), "doc-42");
    whosaid_doc_free(doc);
    /* an id that is not UTF-8 (a lone surrogate from a JSON escape) is repaired like the text */
    doc = whosaid_extract(ex, "a\xED\xB0\x80" "b", t, sizeof t - 1, 0, NULL);
    ck_assert_ptr_nonnull(doc);
    ck_assert_str_eq(whosaid_doc_id(doc), "a" FFFD FFFD FFFD "b");
    whosaid_doc_free(doc);
}
END_TEST

START_TEST(test_docs_outlive_extractor)
{
    static const char t[] = LQ "We will stay," RQ " Ana Ribeiro said.";
    whosaid_doc *doc = EXTRACT(t, WHOSAID_OPT_DEFAULT);
    whosaid_extractor_free(ex);
    ex = NULL;
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 1);
    speaker_is(whosaid_doc_quote(doc, 0), "Ana Ribeiro");
    ck_assert_ptr_nonnull(whosaid_doc_quote(doc, 0)->rule);
    whosaid_doc_free(doc);
}
END_TEST

START_TEST(test_extractor_reuse)
{
    /* one extractor over many documents gives the same result each time */
    static const char t[] = "Foreign Minister Ana Ribeiro arrived. " LQ "We will stay," RQ " Ribeiro said.";
    for (int i = 0; i < 20; i++) {
        whosaid_doc *doc = EXTRACT(t, WHOSAID_OPT_DEFAULT);
        ck_assert_uint_eq(whosaid_doc_quote_count(doc), 1);
        speaker_is(whosaid_doc_quote(doc, 0), "Ana Ribeiro");
        whosaid_doc_free(doc);
    }
}
END_TEST

/* Asserts that spans @x and @y are the same. */
static void
spans_same(const whosaid_span *x, const whosaid_span *y, size_t i, const char *what)
{
    ck_assert_msg(x->start == y->start && x->end == y->end && x->cp_start == y->cp_start &&
                      x->cp_end == y->cp_end,
                  "quote %zu: %s [%zu, %zu) against [%zu, %zu)", i, what, x->start, x->end,
                  y->start, y->end);
}

/* Asserts that @a and @b hold the same records, field by field. */
static void
records_same(const whosaid_doc *a, const whosaid_doc *b)
{
    ck_assert_uint_eq(whosaid_doc_quote_count(a), whosaid_doc_quote_count(b));
    for (size_t i = 0; i < whosaid_doc_quote_count(a); i++) {
        const whosaid_quote *x = whosaid_doc_quote(a, i), *y = whosaid_doc_quote(b, i);
        spans_same(&x->quote, &y->quote, i, "quote");
        spans_same(&x->speaker_mention, &y->speaker_mention, i, "speaker_mention");
        spans_same(&x->cue, &y->cue, i, "cue");
        spans_same(&x->via, &y->via, i, "via");
        ck_assert_msg((x->speaker == NULL) == (y->speaker == NULL) &&
                          (!x->speaker || !strcmp(x->speaker, y->speaker)),
                      "quote %zu: speaker %s against %s", i, x->speaker ? x->speaker : "(none)",
                      y->speaker ? y->speaker : "(none)");
        ck_assert_int_eq(x->speaker_kind, y->speaker_kind);
        ck_assert_int_eq(x->type, y->type);
        ck_assert_double_eq(x->confidence, y->confidence);
    }
}

/* Extracts @t with @e, or a new extractor of its own when @e is NULL (the first document). */
static whosaid_doc *
extract_with(whosaid_extractor *e, const char *t, size_t len)
{
    whosaid_error err;
    whosaid_extractor *fresh = e ? NULL : whosaid_extractor_new(rules, &err);
    ck_assert_msg(e || fresh, "%s", err.msg);
    whosaid_doc *doc = whosaid_extract(e ? e : fresh, "t", t, len, WHOSAID_OPT_ALL, &err);
    ck_assert_msg(doc != NULL, "%s", err.msg);
    whosaid_extractor_free(fresh);
    return doc;
}

/*
 * The resolver keeps its answers by mention for the extractor's life: a
 * mention seen in one document, at another place in the next, gives the
 * records a new extractor gives; so does a document of more mentions than
 * it keeps, which makes it start afresh midway, read a second time, and a
 * mention whose hash and length another's share.
 */
START_TEST(test_mention_answers_across_documents)
{
    static const char a[] = "Foreign Minister Ana Ribeiro arrived. " LQ "We will stay," RQ
                            " Ribeiro said. " LQ "Fine," RQ " the spokesman said.";
    static const char b[] = "After a long day of talks in the capital, the spokesman waited. " LQ
                            "No," RQ " Ms Ribeiro said. Foreign Minister Ana Ribeiro left. " LQ
                            "Yes," RQ " the foreign minister said. " LQ "Maybe," RQ " she said.";
    /* two mentions of one length whose hashes (FNV-1a) are the same: told apart by their bytes */
    static const char c[] = LQ "We will stay," RQ " Ana Pestlson said.";
    static const char d[] = LQ "We will go," RQ " a bwbs envoy said.";
    size_t nparas = 5000, cap = nparas * 64 + 1, len = 0;
    char *big = malloc(cap);
    ck_assert_ptr_nonnull(big);
    for (size_t i = 0; i < nparas; i++) {
        char sur[8] = {0};
        for (size_t k = 0, x = i; k < 4; k++, x /= 26)
            sur[k] = (char)((k ? 'a' : 'A') + x % 26);
        len += (size_t)snprintf(big + len, cap - len,
                                "Dr Ana %s arrived. " LQ "We stay," RQ " %s said.\n\n", sur, sur);
    }
    for (int round = 0; round < 2; round++) {
        const char *texts[] = {a, b, big, c, d};
        size_t lens[] = {sizeof a - 1, sizeof b - 1, len, sizeof c - 1, sizeof d - 1};
        for (size_t k = 0; k < 5; k++) {
            whosaid_doc *used = extract_with(ex, texts[k], lens[k]);
            whosaid_doc *fresh = extract_with(NULL, texts[k], lens[k]);
            ck_assert_uint_gt(whosaid_doc_quote_count(used), 0);
            records_same(used, fresh);
            whosaid_doc_free(used);
            whosaid_doc_free(fresh);
        }
    }
    free(big);
}
END_TEST

START_TEST(test_profile)
{
    static const char t[] = LQ "We will stay," RQ " Ana Ribeiro said.";
    whosaid_stat st[512];
    /* off: no lines, and extraction is unchanged */
    ck_assert_uint_eq(whosaid_extractor_stats(ex, st, 512), 0);
    ck_assert_int_eq(whosaid_extractor_profile(ex, 1), WHOSAID_OK);
    size_t n = whosaid_extractor_stats(ex, NULL, 0);
    ck_assert_uint_ge(n, whosaid_rules_count(rules) + 4);
    ck_assert_uint_le(n, 512);
    for (int i = 0; i < 3; i++)
        whosaid_doc_free(EXTRACT(t, WHOSAID_OPT_DEFAULT));
    ck_assert_uint_eq(whosaid_extractor_stats(ex, st, n), n);
    /* rules first, in whosaid_rules_id() order */
    for (size_t i = 0; i < whosaid_rules_count(rules); i++)
        ck_assert_str_eq(st[i].name, whosaid_rules_id(rules, i));
    bool seen_rule = false, seen_req = false;
    size_t stages = 0;
    for (size_t i = 0; i < n; i++) {
        ck_assert_uint_le(st[i].matches, st[i].calls);
        ck_assert(st[i].seconds >= 0.0);
        if (!strcmp(st[i].name, "en.after.speaker-cue")) {
            /* tried once a document, matched each time */
            ck_assert_uint_eq(st[i].calls, 3);
            ck_assert_uint_eq(st[i].matches, 3);
            seen_rule = true;
        }
        if (!strcmp(st[i].name, "requires:en.after.speaker-cue")) {
            ck_assert_uint_ge(st[i].calls, 3);
            seen_req = true;
        }
        if (!strncmp(st[i].name, "stage:", 6)) {
            ck_assert_uint_ge(i, whosaid_rules_count(rules)); /* stages last */
            ck_assert_uint_eq(st[i].calls, 3);
            ck_assert_uint_eq(st[i].matches, 0);
            stages++;
        }
    }
    ck_assert(seen_rule && seen_req);
    ck_assert_uint_eq(stages, 4);
    /* a short buffer gets what fits; the count is still the whole */
    ck_assert_uint_eq(whosaid_extractor_stats(ex, st, 2), n);
    /* turned on again: counters start at zero */
    ck_assert_int_eq(whosaid_extractor_profile(ex, 1), WHOSAID_OK);
    whosaid_extractor_stats(ex, st, n);
    for (size_t i = 0; i < n; i++)
        ck_assert_uint_eq(st[i].calls, 0);
    ck_assert_int_eq(whosaid_extractor_profile(ex, 0), WHOSAID_OK);
    ck_assert_uint_eq(whosaid_extractor_stats(ex, st, n), 0);
    ck_assert_int_eq(whosaid_extractor_profile(NULL, 1), WHOSAID_ERR_ARG);
    ck_assert_uint_eq(whosaid_extractor_stats(NULL, NULL, 0), 0);
}
END_TEST

/* ---- arguments and small accessors ---- */

START_TEST(test_null_arguments)
{
    whosaid_error err;
    memset(&err, 0, sizeof err);
    ck_assert_ptr_null(whosaid_extract(NULL, "x", "text", 4, 0, &err));
    ck_assert_int_eq(err.code, WHOSAID_ERR_ARG);
    ck_assert_ptr_null(whosaid_extract(NULL, "x", "text", 4, 0, NULL));
    memset(&err, 0, sizeof err);
    ck_assert_ptr_null(whosaid_extract(ex, "x", NULL, 4, 0, &err));
    ck_assert_int_eq(err.code, WHOSAID_ERR_ARG);
    memset(&err, 0, sizeof err);
    ck_assert_ptr_null(whosaid_extractor_new(NULL, &err));
    ck_assert_int_eq(err.code, WHOSAID_ERR_ARG);

    whosaid_doc_free(NULL);
    whosaid_extractor_free(NULL);
    whosaid_free(NULL);
    ck_assert_uint_eq(whosaid_doc_quote_count(NULL), 0);
    ck_assert_ptr_null(whosaid_doc_quote(NULL, 0));
    ck_assert_str_eq(whosaid_doc_id(NULL), "");
}
END_TEST

START_TEST(test_status_strings)
{
    static const whosaid_status codes[] = {WHOSAID_OK,         WHOSAID_ERR_NOMEM, WHOSAID_ERR_IO,
                                           WHOSAID_ERR_RULES,  WHOSAID_ERR_INPUT, WHOSAID_ERR_LIMIT,
                                           WHOSAID_ERR_ARG,    (whosaid_status)1, (whosaid_status)-99};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        const char *s = whosaid_status_string(codes[i]);
        ck_assert_ptr_nonnull(s);
        ck_assert_uint_gt(strlen(s), 0);
    }
    /* each known code has its own name */
    for (size_t i = 0; i < 7; i++)
        for (size_t j = i + 1; j < 7; j++)
            ck_assert_str_ne(whosaid_status_string(codes[i]), whosaid_status_string(codes[j]));
}
END_TEST

START_TEST(test_version)
{
    ck_assert_ptr_nonnull(whosaid_version());
    ck_assert_str_eq(whosaid_version(), WHOSAID_VERSION_STRING);
    char buf[64];
    snprintf(buf, sizeof buf, "%d.%d.%d", WHOSAID_VERSION_MAJOR, WHOSAID_VERSION_MINOR,
             WHOSAID_VERSION_PATCH);
    ck_assert_str_eq(buf, WHOSAID_VERSION_STRING);
}
END_TEST

START_TEST(test_type_strings)
{
    ck_assert_str_eq(whosaid_quote_type_string(WHOSAID_DIRECT), "direct");
    ck_assert_str_eq(whosaid_quote_type_string(WHOSAID_PARTIAL), "partial");
    ck_assert_str_eq(whosaid_quote_type_string(WHOSAID_TERM), "term");
    ck_assert_ptr_nonnull(whosaid_quote_type_string((whosaid_quote_type)7));
}
END_TEST

static Suite *
extract_suite(void)
{
    Suite *s = suite_create("extract");
    TCase *tc = tcase_create("attribution");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_after_name_cue);
    tcase_add_test(tc, test_after_cue_name);
    tcase_add_test(tc, test_after_cue_name_mid_sentence);
    tcase_add_test(tc, test_before_colon);
    tcase_add_test(tc, test_verb_prefilter_unicode_case);
    tcase_add_test(tc, test_verb_prefilter_cut_word);
    tcase_add_test(tc, test_verb_prefilter_every_verb);
    tcase_add_test(tc, test_split_quote_same_speaker);
    tcase_add_test(tc, test_pronoun_resolves_to_last_speaker);
    tcase_add_test(tc, test_pronoun_picks_most_recent);
    tcase_add_test(tc, test_surname_and_title_resolve);
    tcase_add_test(tc, test_bare_title_names_nobody);
    tcase_add_test(tc, test_vague_appositive_names_nobody);
    tcase_add_test(tc, test_particles_in_names);
    tcase_add_test(tc, test_title_makes_a_person);
    tcase_add_test(tc, test_title_complement_not_a_name);
    tcase_add_test(tc, test_name_ends_before_affiliation);
    tcase_add_test(tc, test_headline_names_nobody);
    tcase_add_test(tc, test_occupation_not_a_name);
    tcase_add_test(tc, test_pronoun_prefers_the_subject);
    tcase_add_test(tc, test_title_complement_cases);
    tcase_add_test(tc, test_pronoun_subject_bounds);
    tcase_add_test(tc, test_pronoun_skips_opening_clause);
    tcase_add_test(tc, test_department_complement);
    tcase_add_test(tc, test_descriptor_complement_appositive);
    tcase_add_test(tc, test_appositive_name_after_quote);
    tcase_add_test(tc, test_article_descriptor_appositive);
    tcase_add_test(tc, test_given_name_makes_person);
    tcase_add_test(tc, test_coordinated_descriptors);
    tcase_add_test(tc, test_speaker_reaches_descriptor_head);
    tcase_add_test(tc, test_plural_descriptor_is_group);
    tcase_add_test(tc, test_firm_word_is_named_organisation);
    tcase_add_test(tc, test_demonym_names_person);
    tcase_add_test(tc, test_name_after_descriptor_words);
    tcase_add_test(tc, test_continued_voice_before_next_sentence);
    tcase_add_test(tc, test_possessive_appositive);
    tcase_add_test(tc, test_according_to_appositive);
    tcase_add_test(tc, test_names_review_cases);
    tcase_add_test(tc, test_start_lexicon_alias_rules);
    tcase_add_test(tc, test_term_dropped_by_default);
    tcase_add_test(tc, test_terms_and_speech_mixed);
    tcase_add_test(tc, test_term_word_count);
    suite_add_tcase(s, tc);

    tc = tcase_create("text");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_invalid_utf8_repaired);
    tcase_add_test(tc, test_valid_text_kept);
    tcase_add_test(tc, test_nul_bytes_kept);
    tcase_add_test(tc, test_paragraph_and_sentence_indices);
    tcase_add_test(tc, test_sentence_count_after_last_quote);
    tcase_add_test(tc, test_doc_outlives_rules);
    tcase_add_test(tc, test_lexicon_lookups_after_backtracking);
    tcase_add_test(tc, test_continued_quote_group);
    tcase_add_test(tc, test_empty_text);
    tcase_add_test(tc, test_doc_id_copied);
    tcase_add_test(tc, test_docs_outlive_extractor);
    tcase_add_test(tc, test_extractor_reuse);
    tcase_add_test(tc, test_mention_answers_across_documents);
    tcase_add_test(tc, test_profile);
    suite_add_tcase(s, tc);

    tc = tcase_create("api");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_null_arguments);
    tcase_add_test(tc, test_status_strings);
    tcase_add_test(tc, test_version);
    tcase_add_test(tc, test_type_strings);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(extract_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
