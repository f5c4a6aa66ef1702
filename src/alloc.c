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
 * Grows an array so it holds at least @need elements, doubling.
 * Returns false (array untouched) when out of memory or on overflow.
 */
bool
ws_grow(void **arr, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return false;
        ncap *= 2;
    }
    if (ncap > SIZE_MAX / size)
        return false;
    void *p = realloc(*arr, ncap * size);
    if (!p)
        return false;
    *arr = p;
    *cap = ncap;
    return true;
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
