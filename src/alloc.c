/*
 * alloc.c - allocation wrappers, growable arrays and buffers, error filling.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "whosaid-private.h"

void *ws_malloc(size_t n) { return malloc(n ? n : 1); }
void *ws_calloc(size_t n, size_t size) { return calloc(n ? n : 1, size ? size : 1); }
void *ws_realloc(void *p, size_t n) { return realloc(p, n ? n : 1); }

char *
ws_strndup(const char *s, size_t n)
{
    char *d = ws_malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

char *ws_strdup(const char *s) { return ws_strndup(s, strlen(s)); }

WHOSAID_EXPORT void whosaid_free(void *ptr) { free(ptr); }

/*
 * The capacity an array of @cap elements of @size bytes grows to so that
 * it holds @need: doubled from @cap (8 for an empty one). 0 on overflow.
 */
static size_t
grown_cap(size_t cap, size_t need, size_t size)
{
    size_t ncap = cap ? cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return 0;
        ncap *= 2;
    }
    return ncap > SIZE_MAX / size ? 0 : ncap;
}

/*
 * Grows an array so it holds at least @need elements, doubling.
 * Returns false (array untouched) when out of memory or on overflow.
 */
bool
ws_grow(void **arr, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t ncap = grown_cap(*cap, need, size);
    if (!ncap)
        return false;
    void *p = realloc(*arr, ncap * size);
    if (!p)
        return false;
    *arr = p;
    *cap = ncap;
    return true;
}

#if defined(__SANITIZE_ADDRESS__)
#define WS_ARENA_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WS_ARENA_MALLOC 1
#endif
#endif
#ifdef WS_ARENA_MALLOC
#include <sanitizer/asan_interface.h>
#endif

/* A block of the arena: at most ARENA_KEEP bytes stay from one document to the next. */
struct ws_arena_block {
    struct ws_arena_block *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
};

#define ARENA_BLOCK ((size_t)64 << 10)
#define ARENA_KEEP ((size_t)1 << 20)

#ifndef WS_ARENA_MALLOC
/* Bytes rounded up to whole 16-byte units, or 0 on overflow. */
static size_t
arena_round(size_t n)
{
    n = n ? n : 1;
    return n > SIZE_MAX - 15 ? 0 : (n + 15) & ~(size_t)15;
}
#endif

void *
ws_arena_alloc(struct ws_arena *A, size_t n)
{
#ifdef WS_ARENA_MALLOC
    /* each allocation a block of its own: AddressSanitizer sees every bound */
    struct ws_arena_block *b = n > SIZE_MAX - sizeof *b ? NULL : malloc(sizeof *b + (n ? n : 1));
    if (!b)
        return NULL;
    b->next = A->head;
    b->used = b->cap = n;
    A->head = b;
    return A->last = b->data;
#else
    n = arena_round(n);
    struct ws_arena_block *b = A->head;
    if (!n)
        return NULL;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
        if (b && b->cap * 2 > cap && b->cap * 2 <= ARENA_KEEP)
            cap = b->cap * 2; /* a document that needs more: fewer, larger blocks */
        if (cap > SIZE_MAX - sizeof *b || !(b = malloc(sizeof *b + cap)))
            return NULL;
        b->next = A->head;
        b->used = 0;
        b->cap = cap;
        A->head = b;
    }
    void *p = b->data + b->used;
    b->used += n;
    return A->last = p;
#endif
}

void *
ws_arena_calloc(struct ws_arena *A, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    void *p = ws_arena_alloc(A, n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

bool
ws_arena_grow(struct ws_arena *A, void **arr, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t ncap = grown_cap(*cap, need, size);
    if (!ncap)
        return false;
#ifndef WS_ARENA_MALLOC
    /* the latest allocation, with room after it: it grows where it is */
    struct ws_arena_block *b = A->head;
    size_t old = arena_round(*cap * size), want = arena_round(ncap * size);
    if (*arr && *arr == A->last && want && b->data + b->used - old == (unsigned char *)*arr &&
        b->cap - b->used >= want - old) {
        b->used += want - old;
        *cap = ncap;
        return true;
    }
#endif
    void *p = ws_arena_alloc(A, ncap * size);
    if (!p)
        return false;
    if (*arr && *cap)
        memcpy(p, *arr, *cap * size);
#ifdef WS_ARENA_MALLOC
    /* the old array stays until the reset: AddressSanitizer reports a read of it, as after realloc() */
    if (*arr && *cap)
        ASAN_POISON_MEMORY_REGION(*arr, *cap * size);
#endif
    *arr = p;
    *cap = ncap;
    return true;
}

void
ws_arena_reset(struct ws_arena *A)
{
    /*
     * the block allocations came from last (the largest, but for a one-off
     * request) stays, unless larger than ARENA_KEEP
     */
    struct ws_arena_block *keep = A->head;
#ifdef WS_ARENA_MALLOC
    keep = NULL;
#endif
    if (keep && keep->cap > ARENA_KEEP)
        keep = NULL;
    for (struct ws_arena_block *b = A->head, *next; b; b = next) {
        next = b->next;
        if (b != keep)
            free(b);
    }
    if (keep) {
        keep->next = NULL;
        keep->used = 0;
    }
    A->head = keep;
    A->last = NULL;
}

void
ws_arena_free(struct ws_arena *A)
{
    ws_arena_reset(A);
    free(A->head);
    A->head = NULL;
}

void
ws_error_set(whosaid_error *err, whosaid_status code, const char *file, size_t line,
             size_t column, const char *fmt, ...)
{
    if (!err)
        return;
    err->code = code;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->column = column;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
}

WHOSAID_EXPORT const char *
whosaid_status_string(whosaid_status code)
{
    switch (code) {
    case WHOSAID_OK: return "success";
    case WHOSAID_ERR_NOMEM: return "out of memory";
    case WHOSAID_ERR_IO: return "input/output error";
    case WHOSAID_ERR_RULES: return "bad rule file";
    case WHOSAID_ERR_INPUT: return "unreadable document";
    case WHOSAID_ERR_LIMIT: return "pattern limit reached";
    case WHOSAID_ERR_ARG: return "bad argument";
    }
    return "unknown status";
}

bool
ws_buf_put_grow(struct ws_buf *b, const char *s, size_t n)
{
    if (n > SIZE_MAX - b->len - 1 || !WS_GROW(b->data, b->cap, b->len + n + 1))
        return false;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

void
ws_buf_free(struct ws_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
