/*
 * test-utf8.c - utf8_repair (the maximal-subpart rule, as Python's
 * bytes.decode("utf-8", "replace")), cp_map byte-to-code-point offsets,
 * and the utf8_next / utf8_prev / utf8_encode primitives.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ustring.h>

#include "whosaid-private.h"

#define FFFD "\xEF\xBF\xBD"

/*
 * Repairs @in (@n bytes) and checks the result against @want (@wn bytes,
 * the output of Python's decode(..., "replace") re-encoded) and the count
 * of replacements.
 */
static void
check_repair(const char *in, size_t n, const char *want, size_t wn, size_t want_invalid)
{
    size_t out_len = 12345, invalid = 12345;
    char *out = utf8_repair(in, n, &out_len, &invalid);
    ck_assert_ptr_nonnull(out);
    ck_assert_uint_eq(invalid, want_invalid);
    ck_assert_uint_eq(out_len, wn);
    ck_assert_int_eq(memcmp(out, want, wn), 0);
    ck_assert_int_eq(out[out_len], '\0');
    free(out);
}

#define REPAIR(in, want, k) check_repair((in), sizeof(in) - 1, (want), sizeof(want) - 1, (k))

START_TEST(test_repair_valid_unchanged)
{
    static const char s[] = "plain ASCII, caf\xC3\xA9, \xE2\x80\x9Cquote\xE2\x80\x9D, \xF0\x9F\x98\x80 end";
    REPAIR(s, s, 0);
}
END_TEST

START_TEST(test_repair_empty)
{
    size_t out_len = 99, invalid = 99;
    char *out = utf8_repair("", 0, &out_len, &invalid);
    ck_assert_ptr_nonnull(out);
    ck_assert_uint_eq(out_len, 0);
    ck_assert_uint_eq(invalid, 0);
    ck_assert_int_eq(out[0], '\0');
    free(out);
}
END_TEST

START_TEST(test_repair_stray_continuation)
{
    /* b'a\x80b' -> 'a\ufffdb' */
    REPAIR("a\x80" "b", "a" FFFD "b", 1);
    /* a lone lead byte never valid: 0xFF */
    REPAIR("\xFF", FFFD, 1);
}
END_TEST

START_TEST(test_repair_overlong)
{
    /* b'\xc0\xaf' -> two replacements (C0 is never a valid lead) */
    REPAIR("\xC0\xAF", FFFD FFFD, 2);
    /* b'\xe0\x80\x80' -> three (E0 needs A0..BF next) */
    REPAIR("\xE0\x80\x80", FFFD FFFD FFFD, 3);
    /* b'\xf0\x80\x80\x80' -> four */
    REPAIR("\xF0\x80\x80\x80", FFFD FFFD FFFD FFFD, 4);
}
END_TEST

START_TEST(test_repair_surrogate)
{
    /* b'\xed\xa0\x80' -> three replacements: ED A0 is an invalid pair */
    REPAIR("\xED\xA0\x80", FFFD FFFD FFFD, 3);
    /* the highest valid ED sequence stays */
    REPAIR("\xED\x9F\xBF", "\xED\x9F\xBF", 0);
}
END_TEST

START_TEST(test_repair_truncated_at_end)
{
    /* b'ab\xe2\x80' -> 'ab\ufffd': one maximal subpart */
    REPAIR("ab\xE2\x80", "ab" FFFD, 1);
    /* b'\xf0\x9f\x98' -> one */
    REPAIR("\xF0\x9F\x98", FFFD, 1);
    /* b'\xc2' -> one */
    REPAIR("\xC2", FFFD, 1);
}
END_TEST

START_TEST(test_repair_truncated_in_middle)
{
    /* b'\xe2\x80x\xe2\x80\x9c' -> '\ufffdx\u201c' */
    REPAIR("\xE2\x80x\xE2\x80\x9C", FFFD "x\xE2\x80\x9C", 1);
}
END_TEST

START_TEST(test_repair_above_max)
{
    /* b'\xf4\x90\x80\x80' -> four replacements (F4 needs 80..8F next) */
    REPAIR("\xF4\x90\x80\x80", FFFD FFFD FFFD FFFD, 4);
    /* U+10FFFF itself is fine */
    REPAIR("\xF4\x8F\xBF\xBF", "\xF4\x8F\xBF\xBF", 0);
    /* F5..FF are never lead bytes */
    REPAIR("\xF5\x80", FFFD FFFD, 2);
}
END_TEST

START_TEST(test_repair_nul_kept)
{
    /* b'x\x00y' decodes unchanged; the NUL stays */
    REPAIR("x\0y", "x\0y", 0);
    REPAIR("\0\x80\0", "\0" FFFD "\0", 1);
}
END_TEST

START_TEST(test_repair_mixed)
{
    /* b'caf\xc3\xa9 \xff\xfe ok \xe2\x82' */
    REPAIR("caf\xC3\xA9 \xFF\xFE ok \xE2\x82", "caf\xC3\xA9 " FFFD FFFD " ok " FFFD, 3);
}
END_TEST

START_TEST(test_repair_each_place)
{
    /* one invalid byte, then a valid "é", at each place of a long ASCII text (read 64 bytes a step)
     */
    enum { N = 200 };
    char in[N + 2], want[N + 3];
    for (size_t at = 0; at < N; at++) {
        memset(in, 'x', N + 1);
        in[at] = (char)0xFF;
        size_t out_len, invalid;
        char *out = utf8_repair(in, N, &out_len, &invalid);
        ck_assert_ptr_nonnull(out);
        ck_assert_uint_eq(invalid, 1);
        ck_assert_uint_eq(out_len, N + 2);
        memset(want, 'x', N + 2);
        memcpy(want + at, FFFD, 3);
        ck_assert_int_eq(memcmp(out, want, N + 2), 0);
        free(out);
        memcpy(in + at, "\xC3\xA9", 2);
        out = utf8_repair(in, N + 1, &out_len, &invalid);
        ck_assert_ptr_nonnull(out);
        ck_assert_uint_eq(invalid, 0);
        ck_assert_uint_eq(out_len, N + 1);
        ck_assert_int_eq(memcmp(out, in, N + 1), 0);
        free(out);
    }
}
END_TEST

/* The code-point count of bytes [0, b) counted the slow way. */
static size_t
slow_cp(const char *s, size_t b)
{
    size_t n = 0;
    for (size_t i = 0; i < b; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

START_TEST(test_cp_map_mixed)
{
    /* a(1) é(2) “(3) 😀(4) b(1) */
    static const char s[] = "a\xC3\xA9\xE2\x80\x9C\xF0\x9F\x98\x80" "b";
    struct cp_map m;
    ck_assert(cp_map_init(&m, s, sizeof s - 1));
    ck_assert_uint_eq(cp_map_get(&m, 0), 0);
    ck_assert_uint_eq(cp_map_get(&m, 1), 1);  /* before é */
    ck_assert_uint_eq(cp_map_get(&m, 3), 2);  /* before “ */
    ck_assert_uint_eq(cp_map_get(&m, 6), 3);  /* before 😀 */
    ck_assert_uint_eq(cp_map_get(&m, 10), 4); /* before b */
    ck_assert_uint_eq(cp_map_get(&m, 11), 5); /* the end */
    /* past the end clamps to the end */
    ck_assert_uint_eq(cp_map_get(&m, 500), 5);
    cp_map_free(&m);
    ck_assert_ptr_null(m.marks);
}
END_TEST

START_TEST(test_cp_map_checkpoints)
{
    /* 1000 bytes cycling through 1-, 2-, 3- and 4-byte characters, so
     * that the 256-byte checkpoints fall inside characters too */
    static const char *const chars[] = {"a", "\xC3\xA9", "\xE2\x80\x9C", "\xF0\x9F\x98\x80"};
    char buf[1000];
    size_t starts[1000];
    size_t len = 0, nchars = 0;
    for (size_t k = 0;; k++) {
        const char *c = chars[k % 4];
        size_t cl = strlen(c);
        if (len + cl > sizeof buf)
            break;
        starts[nchars++] = len;
        memcpy(buf + len, c, cl);
        len += cl;
    }
    while (len < sizeof buf) {
        starts[nchars++] = len;
        buf[len++] = 'z';
    }
    ck_assert_uint_eq(len, 1000);

    struct cp_map m;
    ck_assert(cp_map_init(&m, buf, len));
    ck_assert_uint_ge(m.nmarks, 4);
    /* every character start maps to its index */
    for (size_t i = 0; i < nchars; i++)
        ck_assert_uint_eq(cp_map_get(&m, starts[i]), i);
    ck_assert_uint_eq(cp_map_get(&m, len), nchars);
    /* every byte offset agrees with a plain count, including 255..257, 511..513, 767..769 */
    for (size_t b = 0; b <= len; b++)
        ck_assert_uint_eq(cp_map_get(&m, b), slow_cp(buf, b));
    cp_map_free(&m);
}
END_TEST

/*
 * Steps where the bytes are code points are not counted again: an ASCII
 * step, then one whose last byte leads a character that ends in the next
 * step (as many code points as bytes, and not ASCII), one that starts
 * with its continuation byte (a code point fewer than bytes), and a short
 * last step. Every offset
 * agrees with a plain count, and utf8_count() with the map's end.
 */
START_TEST(test_cp_map_steps_counted_or_not)
{
    char buf[900];
    memset(buf, 'q', sizeof buf);
    memcpy(buf + 511, "\xC3\xA9", 2); /* é from the last byte of step 1: step 2 is one code point short */
    memcpy(buf + 896, "\xF0\x9F\x98\x80", 4); /* 😀 ending the short last step */
    struct cp_map m;
    ck_assert(cp_map_init(&m, buf, sizeof buf));
    ck_assert_uint_eq(m.nmarks, 4);
    ck_assert_uint_eq(m.marks[2] - m.marks[1], 256); /* step 1: one code point a byte, not ASCII */
    for (size_t b = 0; b <= sizeof buf; b++)
        ck_assert_uint_eq(cp_map_get(&m, b), slow_cp(buf, b));
    ck_assert_uint_eq(utf8_count(buf, sizeof buf), slow_cp(buf, sizeof buf));
    ck_assert_uint_eq(utf8_count(buf, 0), 0);
    cp_map_free(&m);
}
END_TEST

START_TEST(test_cp_map_exact_multiple)
{
    /* a text of exactly 512 ASCII bytes: the last checkpoint is at len */
    char buf[512];
    memset(buf, 'x', sizeof buf);
    struct cp_map m;
    ck_assert(cp_map_init(&m, buf, sizeof buf));
    ck_assert_uint_eq(cp_map_get(&m, 256), 256);
    ck_assert_uint_eq(cp_map_get(&m, 511), 511);
    ck_assert_uint_eq(cp_map_get(&m, 512), 512);
    cp_map_free(&m);
}
END_TEST

START_TEST(test_cp_map_empty)
{
    struct cp_map m;
    ck_assert(cp_map_init(&m, "", 0));
    ck_assert_uint_eq(cp_map_get(&m, 0), 0);
    ck_assert_uint_eq(cp_map_get(&m, 3), 0);
    cp_map_free(&m);
}
END_TEST

START_TEST(test_next_decodes)
{
    static const char s[] = "a\xC3\xA9\xE2\x80\x9C\xF0\x9F\x98\x80";
    size_t n = sizeof s - 1, i = 0;
    ck_assert_uint_eq(utf8_next(s, n, &i), 'a');
    ck_assert_uint_eq(i, 1);
    ck_assert_uint_eq(utf8_next(s, n, &i), 0xE9);
    ck_assert_uint_eq(i, 3);
    ck_assert_uint_eq(utf8_next(s, n, &i), 0x201C);
    ck_assert_uint_eq(i, 6);
    ck_assert_uint_eq(utf8_next(s, n, &i), 0x1F600);
    ck_assert_uint_eq(i, 10);
}
END_TEST

START_TEST(test_next_truncated_stays_in_bounds)
{
    /* a lead byte whose sequence runs past @len must not read beyond it */
    static const char s[] = "\xE2\x80";
    size_t i = 0;
    ck_assert_uint_eq(utf8_next(s, 2, &i), 0xFFFD);
    ck_assert_uint_eq(i, 2);
}
END_TEST

START_TEST(test_prev_decodes)
{
    static const char s[] = "a\xC3\xA9\xE2\x80\x9C\xF0\x9F\x98\x80";
    size_t start = 999;
    ck_assert_uint_eq(utf8_prev(s, 10, &start), 0x1F600);
    ck_assert_uint_eq(start, 6);
    ck_assert_uint_eq(utf8_prev(s, 6, &start), 0x201C);
    ck_assert_uint_eq(start, 3);
    ck_assert_uint_eq(utf8_prev(s, 3, &start), 0xE9);
    ck_assert_uint_eq(start, 1);
    ck_assert_uint_eq(utf8_prev(s, 1, &start), 'a');
    ck_assert_uint_eq(start, 0);
    ck_assert_uint_eq(utf8_prev(s, 0, &start), 0);
    ck_assert_uint_eq(start, 0);
}
END_TEST

START_TEST(test_encode_lengths)
{
    char out[4];
    ck_assert_uint_eq(utf8_encode(0x41, out), 1);
    ck_assert_int_eq(memcmp(out, "A", 1), 0);
    ck_assert_uint_eq(utf8_encode(0x7F, out), 1);
    ck_assert_uint_eq(utf8_encode(0x80, out), 2);
    ck_assert_int_eq(memcmp(out, "\xC2\x80", 2), 0);
    ck_assert_uint_eq(utf8_encode(0x7FF, out), 2);
    ck_assert_uint_eq(utf8_encode(0x800, out), 3);
    ck_assert_uint_eq(utf8_encode(0x2019, out), 3);
    ck_assert_int_eq(memcmp(out, "\xE2\x80\x99", 3), 0);
    ck_assert_uint_eq(utf8_encode(0xFFFD, out), 3);
    ck_assert_int_eq(memcmp(out, FFFD, 3), 0);
    ck_assert_uint_eq(utf8_encode(0x10000, out), 4);
    ck_assert_uint_eq(utf8_encode(0x10FFFF, out), 4);
    ck_assert_int_eq(memcmp(out, "\xF4\x8F\xBF\xBF", 4), 0);
}
END_TEST

START_TEST(test_round_trip)
{
    /* every boundary code point, and a sample of the rest */
    static const uint32_t cps[] = {0x01,    0x41,    0x7F,    0x80,    0xE9,     0x7FF,
                                   0x800,   0xD7FF,  0xE000,  0x2019,  0xFFFD,   0xFFFF,
                                   0x10000, 0x1F600, 0xFFFFF, 0x100000, 0x10FFFF};
    char buf[4 * (sizeof cps / sizeof cps[0])];
    size_t len = 0;
    for (size_t k = 0; k < sizeof cps / sizeof cps[0]; k++) {
        char one[4];
        size_t n = utf8_encode(cps[k], one);
        /* a lone encoding is valid UTF-8 */
        size_t rl, bad;
        char *r = utf8_repair(one, n, &rl, &bad);
        ck_assert_ptr_nonnull(r);
        ck_assert_uint_eq(bad, 0);
        free(r);
        memcpy(buf + len, one, n);
        len += n;
    }
    /* forwards */
    size_t i = 0, k = 0;
    while (i < len)
        ck_assert_uint_eq(utf8_next(buf, len, &i), cps[k++]);
    ck_assert_uint_eq(k, sizeof cps / sizeof cps[0]);
    /* backwards */
    size_t pos = len;
    while (pos > 0) {
        size_t start;
        ck_assert_uint_eq(utf8_prev(buf, pos, &start), cps[--k]);
        size_t j = start;
        utf8_next(buf, len, &j);
        ck_assert_uint_eq(j, pos);
        pos = start;
    }
    ck_assert_uint_eq(k, 0);
}
END_TEST

START_TEST(test_round_trip_all)
{
    /* every code point outside the surrogates (a sample above U+30000)
     * encodes, decodes back forwards and backwards, and is valid */
    size_t bad = 0;
    uint32_t first_bad = 0;
    for (uint32_t c = 1; c <= 0x10FFFF; c += (c < 0x30000 ? 1 : 97)) {
        if (c >= 0xD800 && c <= 0xDFFF)
            continue;
        char out[4];
        size_t n = utf8_encode(c, out), i = 0, start = 99;
        bool ok = n == (c < 0x80 ? 1u : c < 0x800 ? 2u : c < 0x10000 ? 3u : 4u);
        ok = ok && utf8_next(out, n, &i) == c && i == n;
        ok = ok && utf8_prev(out, n, &start) == c && start == 0;
        if (!ok && !bad++)
            first_bad = c;
    }
    ck_assert_msg(bad == 0, "%zu code points do not round-trip, the first U+%04X", bad,
                  (unsigned)first_bad);

    /* and the whole BMP in one buffer is valid UTF-8 to utf8_repair */
    static char buf[0xFFFF * 3];
    size_t len = 0;
    for (uint32_t c = 1; c <= 0xFFFF; c++)
        if (c < 0xD800 || c > 0xDFFF)
            len += utf8_encode(c, buf + len);
    size_t rl, invalid;
    char *r = utf8_repair(buf, len, &rl, &invalid);
    ck_assert_ptr_nonnull(r);
    ck_assert_uint_eq(invalid, 0);
    ck_assert_uint_eq(rl, len);
    ck_assert_int_eq(memcmp(r, buf, len), 0);
    free(r);
}
END_TEST

START_TEST(test_to_utf16_matches_icu)
{
    /*
     * Text of every length of UTF-8 sequence, with runs of ASCII that do
     * and do not fill the eight-byte steps, converts as ICU converts it.
     */
    static const uint32_t pool[] = {'a', ' ', '\n', 0, 0xE9, 0x7FF, 0x2019, 0xFFFD, 0xFFFF,
                                    0x10000, 0x1F600, 0x10FFFF};
    unsigned seed = 7;
    for (int round = 0; round < 2000; round++) {
        char buf[512];
        size_t len = 0;
        while (len < sizeof buf - 40) {
            seed = seed * 1103515245u + 12345u;
            uint32_t c = pool[(seed >> 16) % (sizeof pool / sizeof pool[0])];
            size_t run = c == 'a' ? (seed >> 8) % 20 : 1; /* ASCII runs of 0 to 19 */
            for (size_t r = 0; r < run; r++)
                len += utf8_encode(c, buf + len);
            if ((seed >> 4) % 50 == 0)
                break;
        }
        uint16_t mine[512];
        UChar icu[512];
        int32_t n16 = 0;
        UErrorCode st = U_ZERO_ERROR;
        u_strFromUTF8(icu, 512, &n16, buf, (int32_t)len, &st);
        ck_assert(U_SUCCESS(st));
        size_t n = utf8_to_utf16(buf, len, mine);
        ck_assert_uint_eq(n, (size_t)n16);
        ck_assert_uint_le(n, len);
        ck_assert_int_eq(memcmp(mine, icu, n * 2), 0);
    }
}
END_TEST

static Suite *
utf8_suite(void)
{
    Suite *s = suite_create("utf8");
    TCase *tc = tcase_create("repair");
    tcase_add_test(tc, test_repair_valid_unchanged);
    tcase_add_test(tc, test_repair_empty);
    tcase_add_test(tc, test_repair_stray_continuation);
    tcase_add_test(tc, test_repair_overlong);
    tcase_add_test(tc, test_repair_surrogate);
    tcase_add_test(tc, test_repair_truncated_at_end);
    tcase_add_test(tc, test_repair_truncated_in_middle);
    tcase_add_test(tc, test_repair_above_max);
    tcase_add_test(tc, test_repair_nul_kept);
    tcase_add_test(tc, test_repair_mixed);
    tcase_add_test(tc, test_repair_each_place);
    suite_add_tcase(s, tc);

    tc = tcase_create("cp_map");
    tcase_add_test(tc, test_cp_map_mixed);
    tcase_add_test(tc, test_cp_map_checkpoints);
    tcase_add_test(tc, test_cp_map_exact_multiple);
    tcase_add_test(tc, test_cp_map_steps_counted_or_not);
    tcase_add_test(tc, test_cp_map_empty);
    suite_add_tcase(s, tc);

    tc = tcase_create("codec");
    tcase_add_test(tc, test_next_decodes);
    tcase_add_test(tc, test_next_truncated_stays_in_bounds);
    tcase_add_test(tc, test_prev_decodes);
    tcase_add_test(tc, test_encode_lengths);
    tcase_add_test(tc, test_round_trip);
    tcase_add_test(tc, test_round_trip_all);
    tcase_add_test(tc, test_to_utf16_matches_icu);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(utf8_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
