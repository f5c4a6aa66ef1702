/*
 * jsonl-input.c - JSON Lines input: each line one JSON object holding a
 * document's id and text. A malformed line is reported and skipped; the
 * next line is read as usual.
 *
 * simdjson reads a plain document's line (jsonl-fast.cc); yajl's event
 * parser reads every other line: no tree is built, and only the two
 * top-level members the command needs are copied out. yajl says what is
 * wrong with a line, repairs nothing itself but lets invalid UTF-8 through
 * for the extractor to repair, and takes an integer id. (jansson, used
 * before, built a tree and was a third of the whole run's time on the
 * benchmark's 100 MB file; yajl alone was a tenth of it.)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_parse.h>

#include "jsonl-fast.h"
#include "jsonl-input.h"

/* A growing byte buffer, reused from line to line. */
struct bytes {
    char *data;
    size_t len, cap;
};

static bool
bytes_set(struct bytes *b, const void *s, size_t n)
{
    if (n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < n + 1)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d)
            return false;
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data, s, n);
    b->data[n] = '\0';
    b->len = n;
    return true;
}

enum member { M_OTHER, M_ID, M_TEXT };

/* What the parser has seen of one line. */
struct line {
    const char *id_field, *text_field;
    int depth;          /* objects and arrays open */
    bool object;        /* the line's value is an object */
    enum member member; /* the top-level member whose value comes next */
    bool seen_id, seen_text;
    bool has_id, has_text; /* a usable id (string or integer), a string text */
    const char *error;     /* our own reason to stop, or NULL */
    char errbuf[320];
    struct bytes id, text;
};

/* A value begins; true when it is the value of a top-level member. */
static bool
top_member(struct line *l)
{
    return l->depth == 1;
}

/*
 * Replaces each NUL of @b with U+FFFD; false when out of memory. An id is
 * a C string: cut at a \u0000, it would lose its rest without a word.
 */
static bool
bytes_no_nul(struct bytes *b)
{
    size_t nuls = 0;
    for (size_t i = 0; i < b->len; i++)
        nuls += !b->data[i];
    if (!nuls)
        return true;
    size_t n = b->len + 2 * nuls;
    char *d = malloc(n + 1);
    if (!d)
        return false;
    for (size_t i = 0, o = 0; i < b->len; i++) {
        if (b->data[i]) {
            d[o++] = b->data[i];
        } else {
            memcpy(d + o, "\xEF\xBF\xBD", 3);
            o += 3;
        }
    }
    d[n] = '\0';
    free(b->data);
    b->data = d;
    b->len = n;
    b->cap = n + 1;
    return true;
}

static int
on_scalar(struct line *l)
{
    return l->depth > 0; /* a line that is a bare scalar is no object */
}

static int
cb_null(void *ctx)
{
    return on_scalar(ctx);
}

static int
cb_boolean(void *ctx, int v)
{
    (void)v;
    return on_scalar(ctx);
}

static int
cb_number(void *ctx, const char *s, size_t n)
{
    struct line *l = ctx;
    if (l->depth == 0)
        return 0;
    if (top_member(l) && l->member == M_ID) {
        /* an integer id is kept as written; a fraction is no id */
        bool integer = n > 0 && n < 64;
        for (size_t i = 0; integer && i < n; i++)
            integer = (s[i] >= '0' && s[i] <= '9') || (i == 0 && s[i] == '-');
        if (integer) {
            if (!bytes_set(&l->id, s, n)) {
                l->error = "out of memory";
                return 0;
            }
            l->has_id = true;
        }
    }
    return 1;
}

static int
cb_string(void *ctx, const unsigned char *s, size_t n)
{
    struct line *l = ctx;
    if (l->depth == 0)
        return 0;
    if (top_member(l) && l->member != M_OTHER) {
        struct bytes *b = l->member == M_ID ? &l->id : &l->text;
        if (!bytes_set(b, s, n) || (l->member == M_ID && !bytes_no_nul(b))) {
            l->error = "out of memory";
            return 0;
        }
        if (l->member == M_ID)
            l->has_id = true;
        else
            l->has_text = true;
    }
    return 1;
}

static int
cb_start(void *ctx, bool map)
{
    struct line *l = ctx;
    if (l->depth == 0) {
        if (!map)
            return 0;
        l->object = true;
    }
    l->depth++;
    return 1;
}

static int
cb_start_map(void *ctx)
{
    return cb_start(ctx, true);
}

static int
cb_start_array(void *ctx)
{
    return cb_start(ctx, false);
}

static int
cb_end(void *ctx)
{
    struct line *l = ctx;
    l->depth--;
    return 1;
}

static int
cb_key(void *ctx, const unsigned char *k, size_t n)
{
    struct line *l = ctx;
    if (l->depth != 1)
        return 1;
    l->member = M_OTHER;
    if (strlen(l->id_field) == n && !memcmp(k, l->id_field, n))
        l->member = M_ID;
    else if (strlen(l->text_field) == n && !memcmp(k, l->text_field, n))
        l->member = M_TEXT;
    bool *seen = l->member == M_ID ? &l->seen_id : l->member == M_TEXT ? &l->seen_text : NULL;
    if (seen && *seen) {
        /* which of two values would be the document? Neither. */
        snprintf(l->errbuf, sizeof l->errbuf, "field \"%.*s\" is given twice", (int)(n > 256 ? 256 : n),
                 (const char *)k);
        l->error = l->errbuf;
        return 0;
    }
    if (seen)
        *seen = true;
    return 1;
}

static const yajl_callbacks callbacks = {
    cb_null, cb_boolean, NULL, NULL, cb_number, cb_string,
    cb_start_map, cb_key, cb_end, cb_start_array, cb_end,
};

/*
 * Parses one line into @l. Returns NULL, or the message for a line that is
 * not JSON (in @msg, @msgsize bytes).
 */
static const char *
parse_line(struct line *l, const char *s, size_t n, char *msg, size_t msgsize)
{
    yajl_handle h = yajl_alloc(&callbacks, NULL, l);
    if (!h)
        return "out of memory";
    /*
     * Invalid UTF-8 inside a string does not lose the line: the id and the
     * text go to the extractor as they are, which repairs them as it does
     * a text file's (U+FFFD, a warning), instead of yajl refusing the line.
     */
    yajl_config(h, yajl_dont_validate_strings, 1);
    yajl_status st = yajl_parse(h, (const unsigned char *)s, n);
    bool at_end = false; /* the line ended too soon */
    if (st == yajl_status_ok) {
        st = yajl_complete_parse(h);
        at_end = true;
    }
    const char *ret = NULL;
    if (st == yajl_status_client_canceled && l->error) {
        ret = l->error;
    } else if (st == yajl_status_client_canceled) {
        ret = "a JSON Lines document must be an object";
    } else if (st != yajl_status_ok) {
        size_t at = at_end ? n : yajl_get_bytes_consumed(h);
        unsigned char *e = yajl_get_error(h, 0, (const unsigned char *)s, n);
        const char *text = e ? (const char *)e : "parse error";
        size_t tl = strlen(text);
        while (tl && (text[tl - 1] == '\n' || text[tl - 1] == '.'))
            tl--;
        snprintf(msg, msgsize, "invalid JSON at column %zu: %.*s", at + 1, (int)tl, text);
        if (e)
            yajl_free_error(h, e);
        ret = msg;
    }
    yajl_free(h);
    return ret;
}

struct jsonl_parser {
    const char *id_field, *text_field;
    struct jsonl_fast *fast; /* NULL: yajl reads every line */
    struct line l;
    char loc_msg[512];
};

struct jsonl_parser *
jsonl_parser_new(const char *id_field, const char *text_field)
{
    struct jsonl_parser *p = calloc(1, sizeof *p);
    if (p) {
        p->id_field = id_field;
        p->text_field = text_field;
        p->fast = jsonl_fast_new(); /* out of memory: yajl alone */
    }
    return p;
}

void
jsonl_parser_set_fast(struct jsonl_parser *p, bool on)
{
    if (on && !p->fast) {
        p->fast = jsonl_fast_new();
    } else if (!on) {
        jsonl_fast_free(p->fast);
        p->fast = NULL;
    }
}

void
jsonl_parser_free(struct jsonl_parser *p)
{
    if (!p)
        return;
    jsonl_fast_free(p->fast);
    free(p->l.id.data);
    free(p->l.text.data);
    free(p);
}

const char *
jsonl_parse(struct jsonl_parser *p, const char *s, size_t n, const char *where, const char **id,
            const char **text, size_t *len)
{
    const char *fast_id;
    if (jsonl_fast_parse(p->fast, s, n, p->id_field, p->text_field, &fast_id, text, len)) {
        *id = fast_id ? fast_id : where;
        return NULL;
    }
    struct line *l = &p->l;
    struct bytes idb = l->id, textb = l->text; /* kept for their memory */
    memset(l, 0, sizeof *l);
    l->id = idb;
    l->text = textb;
    l->id_field = p->id_field;
    l->text_field = p->text_field;
    const char *err = parse_line(l, s, n, p->loc_msg, sizeof p->loc_msg);
    const char *doc_id = l->has_id ? l->id.data : where;
    *text = NULL;
    *len = 0;
    if (err) {
        /* a line that is not JSON has no id we can trust */
        *id = l->error ? doc_id : where;
        return err;
    }
    if (!l->object) {
        *id = where;
        return "a JSON Lines document must be an object";
    }
    *id = doc_id;
    if (!l->has_text) {
        snprintf(p->loc_msg, sizeof p->loc_msg, "no string field \"%s\"", p->text_field);
        return p->loc_msg;
    }
    *text = l->text.data;
    *len = l->text.len;
    return NULL;
}

/* Writes @n in decimal at @out, with its NUL (at most 21 bytes). */
static void
put_lineno(char *out, size_t n)
{
    char tmp[24];
    size_t i = sizeof tmp;
    do {
        tmp[--i] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    memcpy(out, tmp + i, sizeof tmp - i);
    out[sizeof tmp - i] = '\0';
}

int
jsonl_read_lines(FILE *f, const char *where, jsonl_line_fn fn, void *ctx, unsigned long long *read)
{
    char *buf = NULL;
    size_t cap = 0;
    ssize_t n;
    size_t lineno = 0;
    char loc[4096 + 32];
    /* "FILE:" once; each line writes only its number after it (snprintf() was about 1,000 instructions a line) */
    int pre = snprintf(loc, sizeof loc - 24, "%s:", where);
    size_t at = pre < 0 ? 0 : (size_t)pre < sizeof loc - 24 ? (size_t)pre : sizeof loc - 25;
    while ((n = getline(&buf, &cap, f)) != -1) {
        lineno++;
        if (read)
            *read += (unsigned long long)n;
        const char *line = buf;
        size_t len = (size_t)n;
        /* a byte order mark opening the file (some exporters write one) is no part of the JSON */
        if (lineno == 1 && len >= 3 && !memcmp(line, "\xEF\xBB\xBF", 3)) {
            line += 3;
            len -= 3;
        }
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        size_t sp = 0;
        while (sp < len && (line[sp] == ' ' || line[sp] == '\t'))
            sp++;
        if (sp == len)
            continue;
        put_lineno(loc + at, lineno);
        fn(ctx, loc, line, len, NULL);
    }
    int rerr = ferror(f) ? (errno ? errno : EIO) : 0;
    if (rerr) {
        snprintf(loc, sizeof loc, "%s:%zu", where, lineno + 1);
        fn(ctx, loc, NULL, 0, strerror(rerr));
    }
    free(buf);
    return rerr;
}

/* jsonl_read()'s reading: each line parsed as it is read. */
struct reading {
    struct jsonl_parser *p;
    jsonl_doc_fn fn;
    void *ctx;
};

static void
on_line(void *ctx, const char *where, const char *line, size_t n, const char *error)
{
    struct reading *r = ctx;
    if (error) {
        r->fn(r->ctx, where, where, NULL, 0, error);
        return;
    }
    const char *id = where, *text = NULL;
    size_t len = 0;
    const char *err = r->p ? jsonl_parse(r->p, line, n, where, &id, &text, &len) : "out of memory";
    r->fn(r->ctx, r->p ? id : where, where, text, len, err);
}

int
jsonl_read(FILE *f, const char *where, const char *id_field, const char *text_field,
           jsonl_doc_fn fn, void *ctx, unsigned long long *read)
{
    struct reading r = {jsonl_parser_new(id_field, text_field), fn, ctx};
    int rerr = jsonl_read_lines(f, where, on_line, &r, read);
    jsonl_parser_free(r.p);
    return rerr;
}
