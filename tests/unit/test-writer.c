/*
 * test-writer.c - the JSON Lines writer: every record parses (jansson)
 * and has exactly the documented keys; strings are escaped; error
 * records; write failures are reported as WHOSAID_ERR_IO.
 */
#include "config.h"

#include <check.h>
#include <jansson.h>
#include <locale.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "whosaid.h"

#define LQ "\xE2\x80\x9C" /* “ */
#define RQ "\xE2\x80\x9D" /* ” */

static whosaid_rules *rules;
static whosaid_extractor *ex;

static void
setup(void)
{
    whosaid_error err;
    rules = whosaid_rules_builtin("en", &err);
    ck_assert_msg(rules != NULL, "%s", err.msg);
    ex = whosaid_extractor_new(rules, &err);
    ck_assert_msg(ex != NULL, "%s", err.msg);
}

static void
teardown(void)
{
    whosaid_extractor_free(ex);
    whosaid_rules_free(rules);
}

static whosaid_doc *
extract(const char *id, const char *text, size_t len, unsigned options)
{
    whosaid_error err;
    whosaid_doc *doc = whosaid_extract(ex, id, text, len, options, &err);
    ck_assert_msg(doc != NULL, "%s", err.msg);
    return doc;
}

/* An in-memory output the writer writes to. */
struct memout {
    char *buf;
    size_t len;
    FILE *f;
};

static whosaid_writer *
memout_open(struct memout *m)
{
    memset(m, 0, sizeof *m);
    m->f = open_memstream(&m->buf, &m->len);
    ck_assert_ptr_nonnull(m->f);
    whosaid_error err;
    whosaid_writer *w = whosaid_writer_new(WHOSAID_FORMAT_JSONL, m->f, &err);
    ck_assert_msg(w != NULL, "%s", err.msg);
    return w;
}

/* Closes the writer and the stream; m->buf then holds all output. */
static void
memout_close(struct memout *m, whosaid_writer *w)
{
    ck_assert_int_eq(whosaid_writer_close(w), WHOSAID_OK);
    ck_assert_int_eq(fclose(m->f), 0);
}

/* Splits @buf into lines and parses each; returns the number of lines. */
static size_t
parse_lines(const char *buf, size_t len, json_t **out, size_t max)
{
    size_t n = 0, pos = 0;
    if (len)
        ck_assert_msg(buf[len - 1] == '\n', "output does not end in a newline");
    while (pos < len) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        ck_assert_ptr_nonnull(nl);
        size_t ll = (size_t)(nl - buf - pos);
        json_error_t jerr;
        json_t *j = json_loadb(buf + pos, ll, JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, &jerr);
        ck_assert_msg(j != NULL, "line %zu is no JSON: %s: %.*s", n + 1, jerr.text, (int)ll, buf + pos);
        ck_assert_msg(json_is_object(j), "line %zu is no object", n + 1);
        ck_assert_uint_lt(n, max);
        out[n++] = j;
        pos += ll + 1;
    }
    return n;
}

static const char *const RECORD_KEYS[] = {
    "doc",        "quote",       "start",     "end",         "type",           "speaker",
    "speaker_mention", "speaker_start", "speaker_end", "cue",  "cue_start",      "cue_end",
    "via",        "via_start",   "via_end",   "rule",        "confidence",     "paragraph",
    "sentence",   "group",
};

static void
has_exactly_keys(json_t *j, const char *const *keys, size_t nkeys)
{
    ck_assert_uint_eq(json_object_size(j), nkeys);
    for (size_t i = 0; i < nkeys; i++)
        ck_assert_msg(json_object_get(j, keys[i]) != NULL, "key '%s' missing", keys[i]);
}

static size_t
int_of(json_t *j, const char *key)
{
    json_t *v = json_object_get(j, key);
    ck_assert_msg(json_is_integer(v), "'%s' is no integer", key);
    ck_assert_int_ge(json_integer_value(v), 0);
    return (size_t)json_integer_value(v);
}

static const char *
str_of(json_t *j, const char *key)
{
    json_t *v = json_object_get(j, key);
    ck_assert_msg(json_is_string(v), "'%s' is no string", key);
    return json_string_value(v);
}

/* The record's span fields agree with the quote's. */
static void
span_fields_are(json_t *j, const char *text, const char *name, const char *prefix,
                const whosaid_span *sp)
{
    char ks[64], ke[64];
    snprintf(ks, sizeof ks, "%s_start", prefix);
    snprintf(ke, sizeof ke, "%s_end", prefix);
    if (sp->start == WHOSAID_NOSPAN) {
        ck_assert(json_is_null(json_object_get(j, name)));
        ck_assert(json_is_null(json_object_get(j, ks)));
        ck_assert(json_is_null(json_object_get(j, ke)));
        return;
    }
    json_t *v = json_object_get(j, name);
    ck_assert(json_is_string(v));
    ck_assert_uint_eq(json_string_length(v), sp->end - sp->start);
    ck_assert_int_eq(memcmp(json_string_value(v), text + sp->start, sp->end - sp->start), 0);
    ck_assert_uint_eq(int_of(j, ks), sp->cp_start);
    ck_assert_uint_eq(int_of(j, ke), sp->cp_end);
}

/* Checks a record against the quote it was written from. */
static void
record_matches(json_t *j, const whosaid_doc *doc, const whosaid_quote *q)
{
    has_exactly_keys(j, RECORD_KEYS, sizeof RECORD_KEYS / sizeof RECORD_KEYS[0]);
    const char *text = whosaid_doc_text(doc, NULL);
    ck_assert_str_eq(str_of(j, "doc"), whosaid_doc_id(doc));
    json_t *qv = json_object_get(j, "quote");
    ck_assert(json_is_string(qv));
    ck_assert_uint_eq(json_string_length(qv), q->quote.end - q->quote.start);
    ck_assert_int_eq(memcmp(json_string_value(qv), text + q->quote.start, q->quote.end - q->quote.start), 0);
    ck_assert_uint_eq(int_of(j, "start"), q->quote.cp_start);
    ck_assert_uint_eq(int_of(j, "end"), q->quote.cp_end);
    ck_assert_str_eq(str_of(j, "type"), whosaid_quote_type_string(q->type));
    if (q->speaker)
        ck_assert_str_eq(str_of(j, "speaker"), q->speaker);
    else
        ck_assert(json_is_null(json_object_get(j, "speaker")));
    span_fields_are(j, text, "speaker_mention", "speaker", &q->speaker_mention);
    span_fields_are(j, text, "cue", "cue", &q->cue);
    span_fields_are(j, text, "via", "via", &q->via);
    if (q->rule)
        ck_assert_str_eq(str_of(j, "rule"), q->rule);
    else
        ck_assert(json_is_null(json_object_get(j, "rule")));
    json_t *c = json_object_get(j, "confidence");
    ck_assert(json_is_number(c));
    ck_assert(json_number_value(c) >= 0.0 && json_number_value(c) <= 1.0);
    ck_assert(json_number_value(c) > q->confidence - 0.0051 && json_number_value(c) < q->confidence + 0.0051);
    ck_assert_uint_eq(int_of(j, "paragraph"), q->paragraph);
    ck_assert_uint_eq(int_of(j, "sentence"), q->sentence);
    if (q->group >= 0)
        ck_assert_uint_eq(int_of(j, "group"), (size_t)q->group);
    else
        ck_assert(json_is_null(json_object_get(j, "group")));
}

static void
free_lines(json_t **lines, size_t n)
{
    for (size_t i = 0; i < n; i++)
        json_decref(lines[i]);
}

START_TEST(test_records_parse_with_exact_keys)
{
    static const char t[] = "His use of the " LQ "hundred flowers" RQ " analogy was noted.\n\n"
                            LQ "We will not give up," RQ " Ana Ribeiro said. " LQ "Caf\xC3\xA9 time," RQ
                            " she added.\n\n"
                            LQ "We go on,\n\n" LQ "and on." RQ;
    whosaid_doc *doc = extract("doc-1", t, sizeof t - 1, WHOSAID_OPT_ALL);
    size_t nq = whosaid_doc_quote_count(doc);
    ck_assert_uint_ge(nq, 4);

    struct memout m;
    whosaid_writer *w = memout_open(&m);
    ck_assert_int_eq(whosaid_writer_doc(w, doc), WHOSAID_OK);
    memout_close(&m, w);

    json_t *lines[16];
    size_t n = parse_lines(m.buf, m.len, lines, 16);
    ck_assert_uint_eq(n, nq);
    bool saw_term = false, saw_speaker = false, saw_group = false;
    for (size_t i = 0; i < n; i++) {
        const whosaid_quote *q = whosaid_doc_quote(doc, i);
        record_matches(lines[i], doc, q);
        saw_term |= q->type == WHOSAID_TERM;
        saw_speaker |= q->speaker != NULL;
        saw_group |= q->group >= 0;
    }
    ck_assert(saw_term && saw_speaker && saw_group);
    /* the term record has nulls where nothing was found */
    ck_assert_str_eq(str_of(lines[0], "type"), "term");
    ck_assert(json_is_null(json_object_get(lines[0], "speaker")));
    ck_assert(json_is_null(json_object_get(lines[0], "rule")));
    ck_assert_uint_eq(int_of(lines[0], "start"), 16);
    ck_assert_uint_eq(int_of(lines[0], "end"), 31);
    ck_assert_str_eq(str_of(lines[1], "speaker"), "Ana Ribeiro");
    ck_assert_str_eq(str_of(lines[1], "cue"), "said");
    ck_assert_str_eq(str_of(lines[2], "quote"), "Caf\xC3\xA9 time,");
    free_lines(lines, n);
    free(m.buf);
    whosaid_doc_free(doc);
}
END_TEST

START_TEST(test_field_order)
{
    /* the fields come in the documented order */
    static const char t[] = LQ "We will not give up," RQ " Ana Ribeiro said.";
    whosaid_doc *doc = extract("d", t, sizeof t - 1, 0);
    struct memout m;
    whosaid_writer *w = memout_open(&m);
    ck_assert_int_eq(whosaid_writer_doc(w, doc), WHOSAID_OK);
    memout_close(&m, w);
    const char *prev = m.buf;
    for (size_t i = 0; i < sizeof RECORD_KEYS / sizeof RECORD_KEYS[0]; i++) {
        char key[64];
        snprintf(key, sizeof key, "\"%s\":", RECORD_KEYS[i]);
        const char *p = strstr(prev, key);
        ck_assert_msg(p != NULL, "key %s missing or out of order", key);
        prev = p + strlen(key);
    }
    free(m.buf);
    whosaid_doc_free(doc);
}
END_TEST

/*
 * Writes @doc, which has one quote, into @m: one physical line, with no
 * raw control character or NUL left in it.
 */
static void
write_one_line(struct memout *m, const whosaid_doc *doc)
{
    whosaid_writer *w = memout_open(m);
    ck_assert_int_eq(whosaid_writer_doc(w, doc), WHOSAID_OK);
    memout_close(m, w);
    ck_assert_ptr_eq(memchr(m->buf, '\n', m->len), m->buf + m->len - 1);
    for (size_t i = 0; i + 1 < m->len; i++)
        ck_assert_msg((unsigned char)m->buf[i] >= 0x20, "raw control byte 0x%02x at %zu",
                      (unsigned char)m->buf[i], i);
}

START_TEST(test_escaping_round_trips)
{
    /* a tab, a backslash, straight quotes, control characters and a NUL
     * inside the quote; a document id that needs escaping too */
    static const char t[] = LQ "Tab\there, back\\slash, \"inner\" and \x01\x1f\x7f ctl\0nul," RQ
                            " Ana Ribeiro said.\r\n";
    static const char want[] = "Tab\there, back\\slash, \"inner\" and \x01\x1f\x7f ctl\0nul,";
    static const char id[] = "id \"quoted\"\\\n\t\xC3\xA9";
    whosaid_doc *doc = extract(id, t, sizeof t - 1, 0);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 1);

    struct memout m;
    write_one_line(&m, doc);
    ck_assert_ptr_nonnull(strstr(m.buf, "\\t"));
    ck_assert_ptr_nonnull(strstr(m.buf, "\\\\"));
    ck_assert_ptr_nonnull(strstr(m.buf, "\\u0001"));

    json_t *lines[4];
    size_t n = parse_lines(m.buf, m.len, lines, 4);
    ck_assert_uint_eq(n, 1);
    json_t *q = json_object_get(lines[0], "quote");
    ck_assert_uint_eq(json_string_length(q), sizeof want - 1);
    ck_assert_int_eq(memcmp(json_string_value(q), want, sizeof want - 1), 0);
    ck_assert_str_eq(str_of(lines[0], "doc"), id);
    record_matches(lines[0], doc, whosaid_doc_quote(doc, 0));
    free_lines(lines, n);
    free(m.buf);
    whosaid_doc_free(doc);
}
END_TEST

/*
 * Each byte that needs an escape (and U+2013, whose lead byte is U+2028's),
 * at every place of a run longer than the writer's sixteen-byte steps,
 * in the document id and in the quote: the record reads back as written,
 * on one line, with U+2028 and U+2029 escaped.
 */
START_TEST(test_escaping_every_position)
{
    static const char *const specials[] = {"\"", "\\", "\n", "\t", "\x01", "\x1f", "\xE2\x80\xA8",
                                           "\xE2\x80\xA9", "\xE2\x80\x93", "\xC3\xA9"};
    for (size_t si = 0; si < sizeof specials / sizeof *specials; si++) {
        for (size_t k = 0; k <= 40; k++) {
            char id[64], inner[64], t[160];
            size_t sl = strlen(specials[si]);
            memset(id, 'i', k);
            memcpy(id + k, specials[si], sl);
            memset(id + k + sl, 'j', 40 - k);
            id[40 + sl] = '\0';
            /* the quote holds no line break: one would end its paragraph */
            const char *in = specials[si][0] == '\n' || specials[si][1] == '\x80' ? "\\" : specials[si];
            size_t il = strlen(in);
            /* letters before and after it: a quote opens with no space, and '",' can close one */
            memset(inner, 'q', k + 1);
            memcpy(inner + k + 1, in, il);
            memset(inner + k + 1 + il, 'r', 41 - k);
            inner[42 + il] = '\0';
            int tl = snprintf(t, sizeof t, LQ "%s," RQ " Ana Ribeiro said.", inner);
            whosaid_doc *doc = extract(id, t, (size_t)tl, 0);
            ck_assert_msg(whosaid_doc_quote_count(doc) == 1, "special %zu at %zu: %s", si, k, t);

            struct memout m;
            write_one_line(&m, doc);
            ck_assert_ptr_null(strstr(m.buf, "\xE2\x80\xA8"));
            ck_assert_ptr_null(strstr(m.buf, "\xE2\x80\xA9"));
            json_t *lines[2];
            ck_assert_uint_eq(parse_lines(m.buf, m.len, lines, 2), 1);
            ck_assert_str_eq(str_of(lines[0], "doc"), id);
            record_matches(lines[0], doc, whosaid_doc_quote(doc, 0));
            free_lines(lines, 1);
            free(m.buf);
            whosaid_doc_free(doc);
        }
    }
}
END_TEST

START_TEST(test_no_quotes_no_output)
{
    static const char t[] = "Nothing is quoted here.";
    whosaid_doc *doc = extract("d", t, sizeof t - 1, WHOSAID_OPT_ALL);
    struct memout m;
    whosaid_writer *w = memout_open(&m);
    ck_assert_int_eq(whosaid_writer_doc(w, doc), WHOSAID_OK);
    memout_close(&m, w);
    ck_assert_uint_eq(m.len, 0);
    free(m.buf);
    whosaid_doc_free(doc);
}
END_TEST

START_TEST(test_several_docs_in_order)
{
    static const char a[] = LQ "First," RQ " Ana Ribeiro said.", b[] = LQ "Second," RQ " Pedro Alves said.";
    whosaid_doc *da = extract("a", a, sizeof a - 1, 0), *db = extract("b", b, sizeof b - 1, 0);
    struct memout m;
    whosaid_writer *w = memout_open(&m);
    ck_assert_int_eq(whosaid_writer_doc(w, da), WHOSAID_OK);
    ck_assert_int_eq(whosaid_writer_error(w, "c", "unreadable"), WHOSAID_OK);
    ck_assert_int_eq(whosaid_writer_doc(w, db), WHOSAID_OK);
    memout_close(&m, w);
    json_t *lines[8];
    size_t n = parse_lines(m.buf, m.len, lines, 8);
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(str_of(lines[0], "doc"), "a");
    ck_assert_str_eq(str_of(lines[1], "doc"), "c");
    ck_assert_str_eq(str_of(lines[2], "doc"), "b");
    ck_assert_str_eq(str_of(lines[2], "speaker"), "Pedro Alves");
    free_lines(lines, n);
    free(m.buf);
    whosaid_doc_free(da);
    whosaid_doc_free(db);
}
END_TEST

/*
 * whosaid_doc_jsonl() gives the writer's bytes, appended to what the
 * buffer holds, in a buffer it grows; a document without quotes adds
 * nothing; bad buffers are refused.
 */
START_TEST(test_doc_jsonl_is_the_writers_output)
{
    static const char a[] =
        LQ "First," RQ " Ana Ribeiro said. " LQ "Not \"so\"\tfast," RQ " she added.";
    static const char none[] = "Nothing is quoted here.";
    whosaid_doc *da = extract("a\n1", a, sizeof a - 1, WHOSAID_OPT_ALL);
    whosaid_doc *dn = extract("n", none, sizeof none - 1, WHOSAID_OPT_ALL);
    struct memout m;
    whosaid_writer *w = memout_open(&m);
    ck_assert_int_eq(whosaid_writer_doc(w, da), WHOSAID_OK);
    ck_assert_int_eq(whosaid_writer_doc(w, dn), WHOSAID_OK);
    ck_assert_int_eq(whosaid_writer_doc(w, da), WHOSAID_OK);
    memout_close(&m, w);
    ck_assert_uint_gt(m.len, 100);

    char *buf = NULL;
    size_t len = 0, cap = 0;
    ck_assert_int_eq(whosaid_doc_jsonl(dn, &buf, &len, &cap), WHOSAID_OK);
    ck_assert_ptr_nonnull(buf); /* a buffer, empty, NUL-terminated */
    ck_assert_uint_eq(len, 0);
    ck_assert_uint_gt(cap, 0);
    ck_assert_int_eq(buf[0], '\0');
    ck_assert_int_eq(whosaid_doc_jsonl(da, &buf, &len, &cap), WHOSAID_OK);
    size_t one = len;
    ck_assert_uint_eq(one * 2, m.len);
    ck_assert_int_eq(whosaid_doc_jsonl(dn, &buf, &len, &cap), WHOSAID_OK);
    ck_assert_uint_eq(len, one);
    ck_assert_int_eq(whosaid_doc_jsonl(da, &buf, &len, &cap), WHOSAID_OK);
    ck_assert_uint_eq(len, m.len);
    ck_assert_int_eq(memcmp(buf, m.buf, m.len), 0);
    ck_assert_int_eq(buf[len], '\0');
    ck_assert_uint_gt(cap, len);

    /* bad arguments and buffers: nothing changes */
    char *keep = buf;
    size_t klen = len, kcap = cap, zero = 0, none_cap = 0;
    char *nobuf = NULL;
    ck_assert_int_eq(whosaid_doc_jsonl(NULL, &buf, &len, &cap), WHOSAID_ERR_ARG);
    ck_assert_int_eq(whosaid_doc_jsonl(da, NULL, &len, &cap), WHOSAID_ERR_ARG);
    ck_assert_int_eq(whosaid_doc_jsonl(da, &buf, NULL, &cap), WHOSAID_ERR_ARG);
    ck_assert_int_eq(whosaid_doc_jsonl(da, &buf, &len, NULL), WHOSAID_ERR_ARG);
    size_t over = cap;
    ck_assert_int_eq(whosaid_doc_jsonl(da, &buf, &over, &cap), WHOSAID_ERR_ARG);
    size_t five = 5;
    ck_assert_int_eq(whosaid_doc_jsonl(da, &nobuf, &five, &none_cap), WHOSAID_ERR_ARG);
    size_t some = 8;
    ck_assert_int_eq(whosaid_doc_jsonl(da, &nobuf, &zero, &some), WHOSAID_ERR_ARG);
    ck_assert_ptr_eq(buf, keep);
    ck_assert_uint_eq(len, klen);
    ck_assert_uint_eq(cap, kcap);
    ck_assert_ptr_null(nobuf);
    free(buf);
    free(m.buf);
    whosaid_doc_free(da);
    whosaid_doc_free(dn);
}
END_TEST

START_TEST(test_error_record)
{
    struct memout m;
    whosaid_writer *w = memout_open(&m);
    ck_assert_int_eq(whosaid_writer_error(w, "doc \"7\"", "bad JSON at line 3:\tunexpected '}'"),
                     WHOSAID_OK);
    ck_assert_int_eq(whosaid_writer_error(w, NULL, NULL), WHOSAID_OK);
    memout_close(&m, w);
    json_t *lines[4];
    size_t n = parse_lines(m.buf, m.len, lines, 4);
    ck_assert_uint_eq(n, 2);
    static const char *const keys[] = {"doc", "error"};
    has_exactly_keys(lines[0], keys, 2);
    ck_assert_str_eq(str_of(lines[0], "doc"), "doc \"7\"");
    ck_assert_str_eq(str_of(lines[0], "error"), "bad JSON at line 3:\tunexpected '}'");
    has_exactly_keys(lines[1], keys, 2);
    ck_assert(json_is_null(json_object_get(lines[1], "doc")));
    ck_assert(json_is_string(json_object_get(lines[1], "error")));
    free_lines(lines, n);
    free(m.buf);
}
END_TEST

START_TEST(test_read_only_file_is_io_error)
{
    static const char t[] = LQ "We will not give up," RQ " Ana Ribeiro said.";
    whosaid_doc *doc = extract("d", t, sizeof t - 1, 0);
    ck_assert_uint_eq(whosaid_doc_quote_count(doc), 1);
    FILE *f = fopen("/dev/null", "r");
    ck_assert_ptr_nonnull(f);
    whosaid_error err;
    whosaid_writer *w = whosaid_writer_new(WHOSAID_FORMAT_JSONL, f, &err);
    ck_assert_ptr_nonnull(w);
    whosaid_status sd = whosaid_writer_doc(w, doc);
    whosaid_status sc = whosaid_writer_close(w);
    ck_assert_msg(sd == WHOSAID_ERR_IO || sc == WHOSAID_ERR_IO, "doc %d, close %d", sd, sc);
    ck_assert_int_eq(sc, WHOSAID_ERR_IO); /* a failure is remembered until close */
    fclose(f);

    f = fopen("/dev/null", "r");
    ck_assert_ptr_nonnull(f);
    w = whosaid_writer_new(WHOSAID_FORMAT_JSONL, f, &err);
    sd = whosaid_writer_error(w, "d", "msg");
    sc = whosaid_writer_close(w);
    ck_assert_msg(sd == WHOSAID_ERR_IO || sc == WHOSAID_ERR_IO, "error %d, close %d", sd, sc);
    fclose(f);
    whosaid_doc_free(doc);
}
END_TEST

START_TEST(test_full_device_is_io_error)
{
    /* writes are buffered by stdio; /dev/full fails when they are flushed */
    FILE *f = fopen("/dev/full", "w");
    if (!f)
        return; /* no /dev/full here */
    static const char t[] = LQ "We will not give up," RQ " Ana Ribeiro said.";
    whosaid_doc *doc = extract("d", t, sizeof t - 1, 0);
    whosaid_error err;
    whosaid_writer *w = whosaid_writer_new(WHOSAID_FORMAT_JSONL, f, &err);
    ck_assert_ptr_nonnull(w);
    (void)whosaid_writer_doc(w, doc);
    ck_assert_int_eq(whosaid_writer_flush(w), WHOSAID_ERR_IO);
    ck_assert_ptr_null(whosaid_writer_message(w)); /* errno tells */
    ck_assert_int_eq(whosaid_writer_close(w), WHOSAID_ERR_IO);
    fclose(f);
    whosaid_doc_free(doc);
}
END_TEST

static sqlite3_int64
sql_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    sqlite3_int64 v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* A document of one quote of about 10 KB, cheap to extract: five of them fill SQLite's page cache. */
static whosaid_doc *
big_quote_doc(const char *id)
{
    static char t[12000];
    if (!t[0]) {
        size_t n = 0;
        n += (size_t)sprintf(t + n, LQ);
        for (int i = 0; i < 2000; i++)
            n += (size_t)sprintf(t + n, "word ");
        sprintf(t + n, "end" RQ " Ana Ribeiro said.");
    }
    return extract(id, t, strlen(t), 0);
}

/*
 * Writes documents PREFIX0, PREFIX1, ... (big ones or one-sentence ones)
 * until one fails or @n are written; returns the last status.
 */
static whosaid_status
write_docs(whosaid_writer *w, const char *prefix, int n, bool big)
{
    static const char small[] = LQ "We will not give up," RQ " Ana Ribeiro said.";
    whosaid_status st = WHOSAID_OK;
    char id[32];
    for (int i = 0; i < n && st == WHOSAID_OK; i++) {
        snprintf(id, sizeof id, "%s%d", prefix, i);
        whosaid_doc *d = big ? big_quote_doc(id) : extract(id, small, sizeof small - 1, 0);
        st = whosaid_writer_doc(w, d);
        whosaid_doc_free(d);
    }
    return st;
}

/* Removes the database at @path, its write-ahead log and shared memory, and @dir. */
static void
remove_db(const char *dir, const char *path)
{
    char side[256];
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    unlink(path);
    rmdir(dir);
}

/*
 * A SQLite writer whose write fails (the file may not grow: a full disk;
 * SQLite's page cache spills in the middle of a batch, and SQLite rolls the
 * transaction back itself) rolls its batch back and refuses every later
 * write, even once the file may grow again: the database keeps its last
 * committed state, its FTS5 index in step with the quotes (the full
 * integrity check compares the two) and its insert trigger. Writing on
 * would commit the later documents one statement at a time, their quotes
 * indexed twice.
 */
START_TEST(test_sqlite_failed_write_rolls_back)
{
    char dir[] = "/tmp/whosaid-writer-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/q.db", dir);
    whosaid_error err;
    whosaid_writer *w = whosaid_writer_open(WHOSAID_FORMAT_SQLITE, path, &err);
    ck_assert_msg(w != NULL, "%s", err.msg);
    ck_assert_int_eq(whosaid_writer_batch(w, 500), WHOSAID_OK);
    ck_assert_int_eq(write_docs(w, "a", 500, false), WHOSAID_OK); /* one batch, committed */
    ck_assert_ptr_null(whosaid_writer_message(w));
    struct rlimit old;
    ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
    void (*old_sig)(int) = signal(SIGXFSZ, SIG_IGN);
    struct rlimit low = old;
    low.rlim_cur = 4096; /* the write-ahead log's next frames lie beyond it */
    ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &low), 0);
    whosaid_status st = write_docs(w, "b", 400, true);
    ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &old), 0);
    signal(SIGXFSZ, old_sig);
    ck_assert_int_eq(st, WHOSAID_ERR_IO);
    const char *msg = whosaid_writer_message(w);
    ck_assert_ptr_nonnull(msg);
    ck_assert_msg(strstr(msg, "full") || strstr(msg, "I/O"), "%s", msg);
    /* refused from now on, though the file may grow again */
    ck_assert_int_eq(write_docs(w, "c", 20, false), WHOSAID_ERR_IO);
    ck_assert_int_eq(whosaid_writer_error(w, "e", "unreadable"), WHOSAID_ERR_IO);
    ck_assert_int_eq(whosaid_writer_close(w), WHOSAID_ERR_IO);

    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM documents"), 500);
    ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM quotes"), 500);
    ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'quotes_ai'"), 1);
    ck_assert_int_eq(sqlite3_exec(db,
                                  "INSERT INTO quotes_fts(quotes_fts, rank) VALUES ('integrity-check', 1)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    ck_assert_int_eq(sql_int(db, "SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'give'"), 500);
    sqlite3_close(db);
    remove_db(dir, path);
}
END_TEST

/* Documents in the database as another program sees them: those committed. */
static int
committed_docs(const char *path)
{
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    int n = sql_int(db, "SELECT count(*) FROM documents");
    sqlite3_close(db);
    return n;
}

/*
 * A SQLite writer commits when a batch is full: WHOSAID_WRITER_BATCH
 * documents unless whosaid_writer_batch() says otherwise, from the next
 * document on; error records count as documents. Another connection sees
 * each batch once it is committed, and the rest at the flush.
 */
START_TEST(test_sqlite_batches)
{
    char dir[] = "/tmp/whosaid-writer-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[64], id[32];
    snprintf(path, sizeof path, "%s/b.db", dir);
    whosaid_error err;
    whosaid_writer *w = whosaid_writer_open(WHOSAID_FORMAT_SQLITE, path, &err);
    ck_assert_msg(w != NULL, "%s", err.msg);
    ck_assert_int_eq(whosaid_writer_batch(w, 0), WHOSAID_ERR_ARG);
    int n = 0;
    for (; n < WHOSAID_WRITER_BATCH - 1; n++) {
        snprintf(id, sizeof id, "e%d", n);
        ck_assert_int_eq(whosaid_writer_error(w, id, "unreadable"), WHOSAID_OK);
    }
    ck_assert_int_eq(committed_docs(path), 0);
    ck_assert_int_eq(write_docs(w, "a", 1, false), WHOSAID_OK);
    ck_assert_int_eq(committed_docs(path), WHOSAID_WRITER_BATCH);
    ck_assert_int_eq(whosaid_writer_batch(w, 3), WHOSAID_OK);
    ck_assert_int_eq(write_docs(w, "b", 2, false), WHOSAID_OK);
    ck_assert_int_eq(committed_docs(path), WHOSAID_WRITER_BATCH);
    ck_assert_int_eq(write_docs(w, "c", 1, false), WHOSAID_OK);
    ck_assert_int_eq(committed_docs(path), WHOSAID_WRITER_BATCH + 3);
    /* a smaller batch than the transaction holds: it commits at the next document */
    ck_assert_int_eq(write_docs(w, "d", 2, false), WHOSAID_OK);
    ck_assert_int_eq(whosaid_writer_batch(w, 1), WHOSAID_OK);
    ck_assert_int_eq(committed_docs(path), WHOSAID_WRITER_BATCH + 3);
    ck_assert_int_eq(whosaid_writer_error(w, "x", "unreadable"), WHOSAID_OK);
    ck_assert_int_eq(committed_docs(path), WHOSAID_WRITER_BATCH + 6);
    ck_assert_int_eq(whosaid_writer_batch(w, 100), WHOSAID_OK);
    ck_assert_int_eq(write_docs(w, "f", 1, false), WHOSAID_OK);
    ck_assert_int_eq(committed_docs(path), WHOSAID_WRITER_BATCH + 6);
    ck_assert_int_eq(whosaid_writer_flush(w), WHOSAID_OK);
    ck_assert_int_eq(committed_docs(path), WHOSAID_WRITER_BATCH + 7);
    ck_assert_int_eq(whosaid_writer_close(w), WHOSAID_OK);
    remove_db(dir, path);
}
END_TEST

START_TEST(test_bad_arguments)
{
    whosaid_error err;
    memset(&err, 0, sizeof err);
    ck_assert_ptr_null(whosaid_writer_new(WHOSAID_FORMAT_JSONL, NULL, &err));
    ck_assert_int_eq(err.code, WHOSAID_ERR_ARG);
    memset(&err, 0, sizeof err);
    ck_assert_ptr_null(whosaid_writer_new((whosaid_format)7, stdout, &err));
    ck_assert_int_eq(err.code, WHOSAID_ERR_ARG);
    ck_assert_int_eq(whosaid_writer_doc(NULL, NULL), WHOSAID_ERR_ARG);
    ck_assert_int_eq(whosaid_writer_error(NULL, "d", "m"), WHOSAID_ERR_ARG);
    ck_assert_int_eq(whosaid_writer_batch(NULL, 5), WHOSAID_ERR_ARG);
    ck_assert_int_eq(whosaid_writer_close(NULL), WHOSAID_OK);

    struct memout m;
    whosaid_writer *w = memout_open(&m);
    ck_assert_int_eq(whosaid_writer_doc(w, NULL), WHOSAID_ERR_ARG);
    ck_assert_int_eq(whosaid_writer_batch(w, 0), WHOSAID_ERR_ARG);
    ck_assert_int_eq(whosaid_writer_batch(w, 5), WHOSAID_OK); /* ignored: not a database */
    memout_close(&m, w);
    free(m.buf);
}
END_TEST

START_TEST(test_confidence_locale_independent)
{
    /* a program that set a locale with a decimal comma must still get
     * JSON numbers ("0.95", not "0,95"); skipped where no such locale is
     * installed */
    static const char *const locales[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8",
                                          "nl_NL.UTF-8", "pt_BR.UTF-8"};
    const char *set = NULL;
    for (size_t i = 0; !set && i < sizeof locales / sizeof locales[0]; i++)
        if (setlocale(LC_NUMERIC, locales[i]))
            set = locales[i];
    if (!set)
        return;
    static const char t[] = LQ "We will not give up," RQ " Ana Ribeiro said.";
    whosaid_doc *doc = extract("d", t, sizeof t - 1, 0);
    struct memout m;
    whosaid_writer *w = memout_open(&m);
    ck_assert_int_eq(whosaid_writer_doc(w, doc), WHOSAID_OK);
    memout_close(&m, w);
    setlocale(LC_NUMERIC, "C");
    json_t *lines[2];
    size_t n = parse_lines(m.buf, m.len, lines, 2);
    ck_assert_uint_eq(n, 1);
    ck_assert(json_is_number(json_object_get(lines[0], "confidence")));
    free_lines(lines, n);
    free(m.buf);
    whosaid_doc_free(doc);
}
END_TEST

static Suite *
writer_suite(void)
{
    Suite *s = suite_create("writer");
    TCase *tc = tcase_create("jsonl");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_records_parse_with_exact_keys);
    tcase_add_test(tc, test_field_order);
    tcase_add_test(tc, test_escaping_round_trips);
    tcase_add_test(tc, test_escaping_every_position);
    tcase_add_test(tc, test_no_quotes_no_output);
    tcase_add_test(tc, test_several_docs_in_order);
    tcase_add_test(tc, test_error_record);
    tcase_add_test(tc, test_doc_jsonl_is_the_writers_output);
    tcase_add_test(tc, test_confidence_locale_independent);
    suite_add_tcase(s, tc);

    tc = tcase_create("failures");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_read_only_file_is_io_error);
    tcase_add_test(tc, test_full_device_is_io_error);
    tcase_add_test(tc, test_sqlite_failed_write_rolls_back);
    tcase_add_test(tc, test_sqlite_batches);
    tcase_add_test(tc, test_bad_arguments);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(writer_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
