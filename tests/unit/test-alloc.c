/*
 * test-alloc.c - the arena the resolver takes one document's memory from:
 * alignment, growth in place and by copy, zeroing, overflow, and what a
 * reset keeps for the next document.
 */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "whosaid-private.h"

#if defined(__SANITIZE_ADDRESS__)
#define ARENA_IS_MALLOC 1 /* each allocation its own malloc(): addresses are not the arena's */
#endif

START_TEST(test_arena_alloc_aligned_distinct)
{
    struct ws_arena A = {0};
    unsigned char *p[2000];
    for (size_t i = 0; i < 2000; i++) {
        size_t n = 1 + i % 97; /* 2000 allocations: more than one block */
        p[i] = ws_arena_alloc(&A, n);
        ck_assert_ptr_nonnull(p[i]);
        ck_assert_uint_eq((uintptr_t)p[i] % 16, 0);
        memset(p[i], (int)(i & 0xFF), n);
    }
    for (size_t i = 0; i < 2000; i++)
        for (size_t k = 0; k < 1 + i % 97; k++)
            ck_assert_uint_eq(p[i][k], i & 0xFF); /* no allocation overlaps another */
    ck_assert_ptr_nonnull(ws_arena_alloc(&A, 0)); /* a zero-byte request is a valid pointer */
    ws_arena_free(&A);
    ck_assert_ptr_null(A.head);
}
END_TEST

START_TEST(test_arena_grow_keeps_contents)
{
    struct ws_arena A = {0};
    int *a = NULL, *b = NULL;
    size_t acap = 0, bcap = 0;
    for (int i = 0; i < 30000; i++) {
        /* two arrays growing in turn: neither is always the latest allocation */
        ck_assert(WS_ARENA_GROW(&A, a, acap, (size_t)i + 1));
        a[i] = i;
        if (i % 3 == 0) {
            ck_assert(WS_ARENA_GROW(&A, b, bcap, (size_t)i / 3 + 1));
            b[i / 3] = -i;
        }
    }
    ck_assert_uint_ge(acap, 30000);
    for (int i = 0; i < 30000; i++)
        ck_assert_int_eq(a[i], i);
    for (int i = 0; i < 30000; i += 3)
        ck_assert_int_eq(b[i / 3], -i);
    ws_arena_free(&A);
}
END_TEST

START_TEST(test_arena_grow_in_place)
{
    struct ws_arena A = {0};
    char *s = NULL;
    size_t cap = 0;
    ck_assert(WS_ARENA_GROW(&A, s, cap, 10));
    memcpy(s, "abcdefghi", 10);
    char *first = s;
    ck_assert(WS_ARENA_GROW(&A, s, cap, 100));
    ck_assert_str_eq(s, "abcdefghi");
#ifndef ARENA_IS_MALLOC
    ck_assert_ptr_eq(s, first); /* the latest allocation grows where it is */
#endif
    char *other = ws_arena_alloc(&A, 8);
    ck_assert_ptr_nonnull(other);
    ck_assert(WS_ARENA_GROW(&A, s, cap, 1000));
    ck_assert_str_eq(s, "abcdefghi"); /* copied: another allocation followed it */
    ck_assert_ptr_ne(s, first);
    ws_arena_free(&A);
}
END_TEST

START_TEST(test_arena_calloc_and_overflow)
{
    struct ws_arena A = {0};
    for (int round = 0; round < 3; round++) {
        unsigned char *p = ws_arena_alloc(&A, 4096);
        memset(p, 0xAB, 4096); /* dirty memory, given back and taken again below */
        ws_arena_reset(&A);
        size_t *z = ws_arena_calloc(&A, 512, sizeof *z);
        ck_assert_ptr_nonnull(z);
        for (size_t i = 0; i < 512; i++)
            ck_assert_uint_eq(z[i], 0);
    }
    ck_assert_ptr_null(ws_arena_calloc(&A, SIZE_MAX / 2, 4));
    ck_assert_ptr_null(ws_arena_alloc(&A, SIZE_MAX - 4));
    void *arr = NULL;
    size_t cap = 0;
    ck_assert(!ws_arena_grow(&A, &arr, &cap, SIZE_MAX / 2, 8));
    ck_assert_ptr_null(arr);
    ck_assert_uint_eq(cap, 0);
    ws_arena_free(&A);
}
END_TEST

START_TEST(test_arena_reset_keeps_one_block)
{
    struct ws_arena A = {0};
    void *first = ws_arena_alloc(&A, 100);
    for (int i = 0; i < 100; i++)
        ck_assert_ptr_nonnull(ws_arena_alloc(&A, 5000)); /* several blocks */
    ws_arena_reset(&A);
#ifndef ARENA_IS_MALLOC
    ck_assert_ptr_nonnull(A.head); /* one block kept for the next document ... */
    void *again = ws_arena_alloc(&A, 100);
    ck_assert_ptr_nonnull(again);
    (void)first;
    /* ... and a document that needed more than ARENA_KEEP gives it all back */
    ck_assert_ptr_nonnull(ws_arena_alloc(&A, (size_t)4 << 20));
    ws_arena_reset(&A);
    ck_assert_ptr_null(A.head);
#else
    (void)first;
    ck_assert_ptr_null(A.head);
#endif
    ck_assert_ptr_nonnull(ws_arena_alloc(&A, 10));
    ws_arena_free(&A);
    ck_assert_ptr_null(A.head);
}
END_TEST

static Suite *
alloc_suite(void)
{
    Suite *s = suite_create("alloc");
    TCase *tc = tcase_create("arena");
    tcase_add_test(tc, test_arena_alloc_aligned_distinct);
    tcase_add_test(tc, test_arena_grow_keeps_contents);
    tcase_add_test(tc, test_arena_grow_in_place);
    tcase_add_test(tc, test_arena_calloc_and_overflow);
    tcase_add_test(tc, test_arena_reset_keeps_one_block);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(alloc_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
