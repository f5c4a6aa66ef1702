/*
 * test-jsonl.c - the command's JSON Lines reader: simdjson's fast path
 * takes exactly the plain documents, and every line, taken or not, reads
 * the same as with yajl alone (id, text, or the message).
 */
#include <check.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl-fast.h"
#include "jsonl-input.h"

#define WHERE "in.jsonl:7"

/* What a parser made of one line. */
struct answer {
    char *error, *id, *text;
    size_t len;
};

static struct answer
read_line(struct jsonl_parser *p, const char *line, size_t n)
{
    const char *id = NULL, *text = NULL;
    size_t len = 99;
    const char *error = jsonl_parse(p, line, n, WHERE, &id, &text, &len);
    struct answer a = {error ? strdup(error) : NULL, strdup(id), NULL, len};
    ck_assert_ptr_nonnull(id);
    ck_assert(!error == !!text); /* a text or a message, never both */
    if (text) {
        a.text = malloc(len + 1);
        memcpy(a.text, text, len);
    }
    return a;
}

static void
answer_free(struct answer *a)
{
    free(a->error);
    free(a->id);
    free(a->text);
}

/*
 * Reads @line both ways and checks that the answers are the same, that
 * the fast path takes it exactly when @fast, and, when @id is not NULL,
 * what the line holds (@text: @len bytes).
 */
static void
check_line(const char *line, size_t n, bool fast, const char *id, const char *text, size_t len)
{
    struct jsonl_parser *both = jsonl_parser_new("id", "text");
    struct jsonl_parser *yajl = jsonl_parser_new("id", "text");
    ck_assert_ptr_nonnull(both);
    ck_assert_ptr_nonnull(yajl);
    jsonl_parser_set_fast(yajl, false);

    struct jsonl_fast *f = jsonl_fast_new();
    const char *fid, *ftext;
    size_t flen;
    ck_assert_msg(jsonl_fast_parse(f, line, n, "id", "text", &fid, &ftext, &flen) == fast,
                  "fast path %s: %.80s", fast ? "refused" : "took", line);
    jsonl_fast_free(f);

    struct answer a = read_line(both, line, n), b = read_line(yajl, line, n);
    ck_assert_msg((a.error == NULL) == (b.error == NULL), "%.80s: %s / %s", line,
                  a.error ? a.error : "ok", b.error ? b.error : "ok");
    if (a.error)
        ck_assert_str_eq(a.error, b.error);
    ck_assert_str_eq(a.id, b.id);
    ck_assert_uint_eq(a.len, b.len);
    if (a.text)
        ck_assert_int_eq(memcmp(a.text, b.text, a.len), 0);
    if (id) {
        ck_assert_ptr_null(a.error);
        ck_assert_str_eq(a.id, id);
        ck_assert_uint_eq(a.len, len);
        ck_assert_int_eq(memcmp(a.text, text, len), 0);
    }
    answer_free(&a);
    answer_free(&b);
    jsonl_parser_free(both);
    jsonl_parser_free(yajl);
}

#define TAKEN(line, id, text) check_line((line), sizeof(line) - 1, true, (id), (text), sizeof(text) - 1)
#define LEFT(line) check_line((line), sizeof(line) - 1, false, NULL, NULL, 0)

START_TEST(test_plain_documents_taken)
{
    TAKEN("{\"id\":\"a\",\"text\":\"Hello \\\"world\\\".\"}", "a", "Hello \"world\".");
    TAKEN("{\"text\":\"no id\"}", WHERE, "no id");
    TAKEN("  {\"text\" : \"t\" , \"id\" : \"late\"}\t ", "late", "t");
    TAKEN("{\"id\":\"\",\"text\":\"\"}", "", "");
    /* escapes, a surrogate pair, and text outside ASCII as it stands */
    TAKEN("{\"id\":\"e\",\"text\":\"a\\nb\\t\\u00e9\\ud83d\\ude00\\/\\\\ \xE2\x80\x9C\"}", "e",
          "a\nb\t\xC3\xA9\xF0\x9F\x98\x80/\\ \xE2\x80\x9C");
    /* a \u0000 in the text is a character of it */
    TAKEN("{\"id\":\"n\",\"text\":\"x\\u0000y\"}", "n", "x\0y");
    /* members in nested values are not the document's */
    TAKEN("{\"id\":\"o\",\"meta\":{\"id\":1,\"text\":[1,{\"a\":null}]},\"text\":\"t\",\"ok\":true}",
          "o", "t");
    /* a key written with an escape is the same key */
    TAKEN("{\"i\\u0064\":\"k\",\"text\":\"t\"}", "k", "t");
}
END_TEST

START_TEST(test_other_lines_left_to_yajl)
{
    LEFT("{\"id\":\"a\",\"text\":\"t\",\"id\":\"b\"}");    /* given twice */
    LEFT("{\"text\":\"t\",\"text\":\"u\"}");
    LEFT("{\"id\":7,\"text\":\"t\"}");                 /* an integer id */
    LEFT("{\"id\":-12345678901234567890123,\"text\":\"t\"}");
    LEFT("{\"id\":1.5,\"text\":\"t\"}");               /* no id */
    LEFT("{\"id\":null,\"text\":\"t\"}");
    LEFT("{\"id\":\"a\\u0000b\",\"text\":\"t\"}");     /* a NUL in the id */
    LEFT("{\"id\":\"a\",\"text\":\"caf\xE9\"}");       /* invalid UTF-8 */
    LEFT("{\"id\":\"a\xFF\",\"text\":\"t\"}");
    LEFT("{\"id\":\"a\",\"text\":\"\\ud800 lone\"}");  /* a lone surrogate */
    LEFT("{\"id\":\"a\",\"text\":\"\\udc00\"}");
    LEFT("{\"id\":\"a\",\"text\":\"tab\there\"}");     /* a control character */
    LEFT("{\"id\":\"a\",\"text\":\"t\"} x");          /* more after the object */
    LEFT("{\"id\":\"a\",\"text\":\"t\"}{}");
    LEFT("{\"id\":\"a\",\"text\":5}");                 /* no string text */
    LEFT("{\"id\":\"a\"}");
    LEFT("[1,2]");
    LEFT("\"str\"");
    LEFT("{\"id\":\"a\",\"text\":\"t\"");             /* cut short */
    LEFT("{\"id\":\"a\",\"text\":\"t\",\"n\":01}");   /* numbers JSON does not allow */
    LEFT("{\"id\":\"a\",\"text\":\"t\",\"n\":1.}");
    LEFT("{\"id\":\"a\",\"text\":\"t\",\"n\":-}");
    LEFT("{\"id\":\"a\",\"text\":\"t\",\"n\":1e999}");
    LEFT("{\"id\":\"a\",\"text\":\"t\",\"b\":tru}");  /* a literal cut short */
    LEFT("{\"id\":\"a\",\"text\":\"t\",\"b\":truex}");
    LEFT("{\"id\":\"a\",\"text\":\"\\x\"}");           /* an escape JSON does not have */
    LEFT("{\"id\":\"a\",\"text\":\"t\"}\v");           /* white space outside JSON's */
    LEFT("{\"id\":\"a\",\"text\":\"t\",}");            /* a trailing comma */
    LEFT("{'id':'a','text':'t'}");
    LEFT("\xEF\xBB\xBF{\"id\":\"a\",\"text\":\"t\"}"); /* a byte order mark (newer simdjson skips it) */
}
END_TEST

START_TEST(test_long_and_deep_lines)
{
    /* longer than JSONL_FAST_MAX: yajl, which streams */
    static char line[JSONL_FAST_MAX + 101];
    size_t n = JSONL_FAST_MAX + 100;
    strcpy(line, "{\"id\":\"long\",\"text\":\"");
    size_t o = strlen(line);
    memset(line + o, 'x', n - o - 2);
    memcpy(line + n - 2, "\"}", 3);
    check_line(line, n, false, NULL, NULL, 0);
    /* just within it: taken */
    n = JSONL_FAST_MAX;
    memset(line + o, 'y', n - o - 2);
    memcpy(line + n - 2, "\"}", 3);
    check_line(line, n, true, "long", line + o, n - o - 2);

    /* nesting deeper than simdjson's 1024 levels, inside an ignored member */
    enum { depth = 3000 };
    static char deep[2 * depth + 64];
    o = (size_t)sprintf(deep, "{\"id\":\"d\",\"text\":\"t\",\"x\":");
    memset(deep + o, '[', depth);
    memset(deep + o + depth, ']', depth);
    strcpy(deep + o + 2 * depth, "}");
    check_line(deep, strlen(deep), false, NULL, NULL, 0);
}
END_TEST

/* One parser, line after line: nothing of a line stays for the next. */
START_TEST(test_parser_reused)
{
    struct jsonl_parser *p = jsonl_parser_new("id", "text");
    static const char *lines[] = {
        "{\"id\":\"first\",\"text\":\"a longer text than the next\"}",
        "{\"id\":7,\"text\":\"yajl's\"}",
        "{\"text\":\"no id now\"}",
        "not json",
        "{\"id\":\"last\",\"text\":\"z\"}",
    };
    static const char *ids[] = {"first", "7", WHERE, WHERE, "last"};
    static const char *texts[] = {"a longer text than the next", "yajl's", "no id now", NULL, "z"};
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        struct answer a = read_line(p, lines[i], strlen(lines[i]));
        ck_assert_str_eq(a.id, ids[i]);
        if (texts[i]) {
            ck_assert_ptr_null(a.error);
            ck_assert_uint_eq(a.len, strlen(texts[i]));
            ck_assert_int_eq(memcmp(a.text, texts[i], a.len), 0);
        } else {
            ck_assert_ptr_nonnull(a.error);
        }
        answer_free(&a);
    }
    jsonl_parser_free(p);
}
END_TEST

/* Other field names, as --id-field and --text-field give them. */
START_TEST(test_other_field_names)
{
    struct jsonl_parser *p = jsonl_parser_new("url", "body");
    static const char line[] = "{\"id\":\"no\",\"text\":\"no\",\"url\":\"u\",\"body\":\"b\"}";
    struct jsonl_fast *f = jsonl_fast_new();
    const char *id, *text;
    size_t len;
    ck_assert(jsonl_fast_parse(f, line, sizeof line - 1, "url", "body", &id, &text, &len));
    ck_assert_str_eq(id, "u");
    ck_assert_uint_eq(len, 1);
    ck_assert_int_eq(text[0], 'b');
    jsonl_fast_free(f);
    struct answer a = read_line(p, line, sizeof line - 1);
    ck_assert_str_eq(a.id, "u");
    ck_assert_int_eq(a.text[0], 'b');
    answer_free(&a);
    jsonl_parser_free(p);
}
END_TEST

static Suite *
jsonl_suite(void)
{
    Suite *s = suite_create("jsonl");
    TCase *tc = tcase_create("fast-path");
    tcase_add_test(tc, test_plain_documents_taken);
    tcase_add_test(tc, test_other_lines_left_to_yajl);
    tcase_add_test(tc, test_long_and_deep_lines);
    tcase_add_test(tc, test_parser_reused);
    tcase_add_test(tc, test_other_field_names);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(jsonl_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
