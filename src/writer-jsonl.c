/*
 * writer-jsonl.c - the writer: records as JSON Lines (here), CSV or TSV
 * (writer-csv.c), fields in the order of DESIGN.md's record. Each
 * document's records are built in a buffer and written with one call, so a
 * failed write never leaves half a record behind a later success.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "whosaid-private.h"

struct whosaid_writer {
    whosaid_format format;
    FILE *out;
    bool own_out; /* opened by whosaid_writer_open(): closed with the writer */
    struct ws_buf buf;
    bool failed;
    struct sqlite_out *sql;
    char *source;
};

WHOSAID_EXPORT whosaid_writer *
whosaid_writer_open(whosaid_format format, const char *path, whosaid_error *err)
{
    if (!path) {
        ws_error_set(err, WHOSAID_ERR_ARG, NULL, 0, 0, "no output path");
        return NULL;
    }
    if (format == WHOSAID_FORMAT_SQLITE) {
        whosaid_writer *w = ws_calloc(1, sizeof *w);
        if (!w) {
            ws_error_set(err, WHOSAID_ERR_NOMEM, NULL, 0, 0, "out of memory");
            return NULL;
        }
        w->format = format;
        if (!(w->sql = sqlite_out_open(path, err))) {
            free(w);
            return NULL;
        }
        return w;
    }
    FILE *f = fopen(path, "wb");
    if (!f) {
        ws_error_set(err, WHOSAID_ERR_IO, path, 0, 0, "cannot open for writing");
        return NULL;
    }
    whosaid_writer *w = whosaid_writer_new(format, f, err);
    if (!w) {
        fclose(f);
        return NULL;
    }
    w->own_out = true;
    return w;
}

WHOSAID_EXPORT void
whosaid_writer_source(whosaid_writer *w, const char *source)
{
    if (!w)
        return;
    free(w->source);
    w->source = source ? ws_strdup(source) : NULL;
}

WHOSAID_EXPORT whosaid_writer *
whosaid_writer_new(whosaid_format format, FILE *out, whosaid_error *err)
{
    if (!out || (format != WHOSAID_FORMAT_JSONL && format != WHOSAID_FORMAT_CSV &&
                 format != WHOSAID_FORMAT_TSV)) {
        ws_error_set(err, WHOSAID_ERR_ARG, NULL, 0, 0, "no output or an unknown format");
        return NULL;
    }
    whosaid_writer *w = ws_calloc(1, sizeof *w);
    if (!w) {
        ws_error_set(err, WHOSAID_ERR_NOMEM, NULL, 0, 0, "out of memory");
        return NULL;
    }
    w->format = format;
    w->out = out;
    if (format != WHOSAID_FORMAT_JSONL && !csv_header(&w->buf, format == WHOSAID_FORMAT_TSV)) {
        ws_buf_free(&w->buf);
        free(w);
        ws_error_set(err, WHOSAID_ERR_NOMEM, NULL, 0, 0, "out of memory");
        return NULL;
    }
    return w;
}

/* The bytes put_json_string() must look at: controls, '"', '\\' and the lead byte of U+2028 and U+2029. */
static const unsigned char json_special[256] = {
    [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1, [0x06] = 1, [0x07] = 1,
    [0x08] = 1, [0x09] = 1, [0x0A] = 1, [0x0B] = 1, [0x0C] = 1, [0x0D] = 1, [0x0E] = 1, [0x0F] = 1,
    [0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1,
    [0x18] = 1, [0x19] = 1, [0x1A] = 1, [0x1B] = 1, [0x1C] = 1, [0x1D] = 1, [0x1E] = 1, [0x1F] = 1,
    ['"'] = 1,  ['\\'] = 1, [0xE2] = 1,
};

/* The most a JSON string of @n bytes takes, quotes included: "\u00XX" for every byte. */
#define JSON_STRING_MAX(n) (6 * (n) + 2)

/*
 * Writes @n bytes of valid UTF-8 as a JSON string at @p, which has room
 * for JSON_STRING_MAX(@n) bytes; returns the end. The records are built
 * in memory reserved once for each (see put_record()): no test for room
 * at every piece, and the bytes that need no escape (nearly all) are
 * copied sixteen at a time.
 */
static char *
json_string(char *p, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    *p++ = '"';
    size_t i = 0;
    while (i < n) {
#if defined(__SSE2__)
        while (i + 16 <= n) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            __m128i bad = _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x1F)), _mm_set1_epi8(0x1F)),
                             _mm_cmpeq_epi8(v, _mm_set1_epi8('"'))),
                _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\')),
                             _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE2))));
            unsigned m = (unsigned)_mm_movemask_epi8(bad);
            if (m) {
                size_t k = (size_t)__builtin_ctz(m);
                memcpy(p, s + i, k);
                p += k;
                i += k;
                break;
            }
            _mm_storeu_si128((__m128i *)(void *)p, v);
            p += 16;
            i += 16;
        }
#endif
        while (i < n && !json_special[(unsigned char)s[i]])
            *p++ = s[i++];
        if (i == n)
            break;
        unsigned char c = (unsigned char)s[i];
        /*
         * U+2028 and U+2029 are valid in JSON but end lines for JavaScript
         * and for Python's str.splitlines(): escaped, a record stays one line.
         */
        if (c == 0xE2) {
            if (i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
                memcpy(p, (unsigned char)s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029", 6);
                p += 6;
                i += 3;
            } else {
                *p++ = s[i++];
            }
            continue;
        }
        *p++ = '\\';
        switch (c) {
        case '"': *p++ = '"'; break;
        case '\\': *p++ = '\\'; break;
        case '\n': *p++ = 'n'; break;
        case '\r': *p++ = 'r'; break;
        case '\t': *p++ = 't'; break;
        case '\b': *p++ = 'b'; break;
        case '\f': *p++ = 'f'; break;
        default:
            memcpy(p, "u00", 3);
            p[3] = hex[c >> 4];
            p[4] = hex[c & 15];
            p += 5;
        }
        i++;
    }
    *p++ = '"';
    return p;
}

/* Room for @n more bytes and the NUL in @b; false when out of memory. */
static bool
reserve(struct ws_buf *b, size_t n)
{
    return n < b->cap - b->len || (n <= SIZE_MAX / 2 - b->len && WS_GROW(b->data, b->cap, b->len + n + 1));
}

/* Appends @n bytes of valid UTF-8 as a JSON string. */
static bool
put_json_string(struct ws_buf *b, const char *s, size_t n)
{
    if (n > (SIZE_MAX / 2 - 2) / 6 || !reserve(b, JSON_STRING_MAX(n)))
        return false;
    b->len = (size_t)(json_string(b->data + b->len, s, n) - b->data);
    b->data[b->len] = '\0';
    return true;
}

static bool
put_cstr_or_null(struct ws_buf *b, const char *s)
{
    return s ? put_json_string(b, s, strlen(s)) : ws_buf_puts(b, "null");
}

/* A string literal's bytes at @p; the end. */
#define LIT(p, s) (memcpy((p), (s), sizeof(s) - 1), (p) + sizeof(s) - 1)

/* @v in decimal at @p (20 bytes at most); the end. */
static char *
json_num(char *p, size_t v)
{
    char tmp[24];
    size_t i = sizeof tmp;
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    memcpy(p, tmp + i, sizeof tmp - i);
    return p + (sizeof tmp - i);
}

static char *
json_cstr_or_null(char *p, const char *s, size_t n)
{
    return s ? json_string(p, s, n) : LIT(p, "null");
}

/* A span's text and its start and end, or three nulls: @name (",\"cue\":"), then "_start" and "_end" keys. */
static char *
json_span(char *p, const char *text, const whosaid_span *sp, const char *name, size_t nl,
          const char *start_key, size_t sl, const char *end_key, size_t el)
{
    bool none = sp->start == WHOSAID_NOSPAN;
    memcpy(p, name, nl);
    p = none ? LIT(p + nl, "null") : json_string(p + nl, text + sp->start, sp->end - sp->start);
    memcpy(p, start_key, sl);
    p = none ? LIT(p + sl, "null") : json_num(p + sl, sp->cp_start);
    memcpy(p, end_key, el);
    return none ? LIT(p + el, "null") : json_num(p + el, sp->cp_end);
}
#define JSON_SPAN(p, text, sp, name, start_key, end_key)                                          \
    json_span((p), (text), (sp), (name), sizeof(name) - 1, (start_key), sizeof(start_key) - 1,     \
              (end_key), sizeof(end_key) - 1)

static size_t
span_len(const whosaid_span *sp)
{
    return sp->start == WHOSAID_NOSPAN ? 0 : sp->end - sp->start;
}

/*
 * Appends quote @q of the document @id (@idlen bytes) with @text as one
 * JSON Lines record, in memory reserved once for it: its strings take
 * at most six bytes a byte, and the rest less than RECORD_FIXED bytes
 * (keys 224, eleven numbers of up to 20 digits, the strings' quotes,
 * nulls, the type and the confidence: 530 at most).
 */
#define RECORD_FIXED 1024
static bool
put_record(struct ws_buf *b, const char *id, size_t idlen, const char *text, const whosaid_quote *q)
{
    size_t speaker_len = q->speaker ? strlen(q->speaker) : 0, rule_len = q->rule ? strlen(q->rule) : 0;
    size_t strings = idlen + (q->quote.end - q->quote.start) + speaker_len + rule_len +
                     span_len(&q->speaker_mention) + span_len(&q->cue) + span_len(&q->via);
    if (strings > (SIZE_MAX / 2 - RECORD_FIXED) / 6 || !reserve(b, RECORD_FIXED + 6 * strings))
        return false;
    char *p = b->data + b->len;
    p = LIT(p, "{\"doc\":");
    p = json_string(p, id, idlen);
    p = LIT(p, ",\"quote\":");
    p = json_string(p, text + q->quote.start, q->quote.end - q->quote.start);
    p = LIT(p, ",\"start\":");
    p = json_num(p, q->quote.cp_start);
    p = LIT(p, ",\"end\":");
    p = json_num(p, q->quote.cp_end);
    p = LIT(p, ",\"type\":\"");
    const char *type = whosaid_quote_type_string(q->type);
    size_t tl = strlen(type); /* a short word */
    memcpy(p, type, tl);
    p = LIT(p + tl, "\",\"speaker\":");
    p = json_cstr_or_null(p, q->speaker, speaker_len);
    p = JSON_SPAN(p, text, &q->speaker_mention, ",\"speaker_mention\":", ",\"speaker_start\":",
                  ",\"speaker_end\":");
    p = JSON_SPAN(p, text, &q->cue, ",\"cue\":", ",\"cue_start\":", ",\"cue_end\":");
    p = JSON_SPAN(p, text, &q->via, ",\"via\":", ",\"via_start\":", ",\"via_end\":");
    p = LIT(p, ",\"rule\":");
    p = json_cstr_or_null(p, q->rule, rule_len);
    char conf[16];
    writer_confidence(conf, q->confidence);
    p = LIT(p, ",\"confidence\":");
    memcpy(p, conf, 4);
    p = LIT(p + 4, ",\"paragraph\":");
    p = json_num(p, q->paragraph);
    p = LIT(p, ",\"sentence\":");
    p = json_num(p, q->sentence);
    p = LIT(p, ",\"group\":");
    p = q->group >= 0 ? json_num(p, (size_t)q->group) : LIT(p, "null");
    p = LIT(p, "}\n");
    b->len = (size_t)(p - b->data);
    b->data[b->len] = '\0';
    return true;
}

/* By hand, not %f: a decimal-comma locale must not break the output. */
void
writer_confidence(char out[16], double confidence)
{
    double c = confidence < 0 ? 0 : confidence > 1 ? 1 : confidence;
    int hundredths = (int)(c * 100 + 0.5); /* 0 to 100 */
    out[0] = (char)('0' + hundredths / 100);
    out[1] = '.';
    out[2] = (char)('0' + hundredths % 100 / 10);
    out[3] = (char)('0' + hundredths % 10);
    out[4] = '\0';
}

static whosaid_status
flush_buf(whosaid_writer *w)
{
    if (w->buf.len && fwrite(w->buf.data, 1, w->buf.len, w->out) != w->buf.len)
        w->failed = true;
    w->buf.len = 0;
    return w->failed ? WHOSAID_ERR_IO : WHOSAID_OK;
}

/*
 * Appends @doc's records as JSON Lines to @b; with @w, writes them out
 * whenever more than a megabyte is held. False when out of memory.
 */
static bool
put_doc(struct ws_buf *b, const whosaid_doc *doc, whosaid_writer *w)
{
    size_t len;
    const char *text = whosaid_doc_text(doc, &len);
    const char *id = whosaid_doc_id(doc);
    size_t idlen = strlen(id);
    for (size_t i = 0; i < whosaid_doc_quote_count(doc); i++) {
        if (!put_record(b, id, idlen, text, whosaid_doc_quote(doc, i)))
            return false;
        if (w && b->len > (1u << 20))
            flush_buf(w);
    }
    return true;
}

WHOSAID_EXPORT whosaid_status
whosaid_writer_doc(whosaid_writer *w, const whosaid_doc *doc)
{
    if (!w || !doc)
        return WHOSAID_ERR_ARG;
    if (w->sql) {
        if (!sqlite_out_doc(w->sql, doc, w->source))
            w->failed = true;
        return w->failed ? WHOSAID_ERR_IO : WHOSAID_OK;
    }
    if (w->format != WHOSAID_FORMAT_JSONL) {
        if (!csv_doc(&w->buf, doc, w->format == WHOSAID_FORMAT_TSV)) {
            w->buf.len = 0;
            return WHOSAID_ERR_NOMEM;
        }
        return flush_buf(w);
    }
    if (!put_doc(&w->buf, doc, w)) {
        w->buf.len = 0;
        return WHOSAID_ERR_NOMEM;
    }
    return flush_buf(w);
}

WHOSAID_EXPORT whosaid_status
whosaid_doc_jsonl(const whosaid_doc *doc, char **buf, size_t *len, size_t *cap)
{
    if (!doc || !buf || !len || !cap || (*cap ? !*buf || *len >= *cap : *len != 0))
        return WHOSAID_ERR_ARG;
    struct ws_buf b = {*buf, *len, *cap};
    bool ok = reserve(&b, 0) && put_doc(&b, doc, NULL);
    *buf = b.data;
    *cap = b.cap;
    if (!ok) {
        if (b.data && *len < b.cap)
            b.data[*len] = '\0';
        return WHOSAID_ERR_NOMEM;
    }
    b.data[b.len] = '\0'; /* also where there are no records */
    *len = b.len;
    return WHOSAID_OK;
}

WHOSAID_EXPORT whosaid_status
whosaid_writer_error(whosaid_writer *w, const char *id, const char *message)
{
    if (!w)
        return WHOSAID_ERR_ARG;
    struct ws_buf *b = &w->buf;
    if (w->sql) {
        if (!sqlite_out_error_doc(w->sql, id ? id : "", message ? message : "error", w->source))
            w->failed = true;
        return w->failed ? WHOSAID_ERR_IO : WHOSAID_OK;
    }
    if (w->format != WHOSAID_FORMAT_JSONL) {
        if (!csv_error(b, id, message ? message : "error", w->format == WHOSAID_FORMAT_TSV)) {
            b->len = 0;
            return WHOSAID_ERR_NOMEM;
        }
        return flush_buf(w);
    }
    bool ok = ws_buf_puts(b, "{\"doc\":") && put_cstr_or_null(b, id) &&
              ws_buf_puts(b, ",\"error\":") && put_cstr_or_null(b, message ? message : "error") &&
              ws_buf_puts(b, "}\n");
    if (!ok) {
        b->len = 0;
        return WHOSAID_ERR_NOMEM;
    }
    return flush_buf(w);
}

WHOSAID_EXPORT whosaid_status
whosaid_writer_batch(whosaid_writer *w, size_t docs)
{
    if (!w || !docs)
        return WHOSAID_ERR_ARG;
    if (w->sql)
        sqlite_out_batch(w->sql, docs);
    return WHOSAID_OK;
}

WHOSAID_EXPORT whosaid_status
whosaid_writer_flush(whosaid_writer *w)
{
    if (!w)
        return WHOSAID_ERR_ARG;
    if (w->sql) {
        if (!w->failed && !sqlite_out_finish(w->sql))
            w->failed = true;
    } else {
        flush_buf(w);
        if (fflush(w->out) != 0)
            w->failed = true;
    }
    return w->failed ? WHOSAID_ERR_IO : WHOSAID_OK;
}

WHOSAID_EXPORT const char *
whosaid_writer_message(const whosaid_writer *w)
{
    return w && w->sql && w->failed ? sqlite_out_error(w->sql) : NULL;
}

WHOSAID_EXPORT whosaid_status
whosaid_writer_close(whosaid_writer *w)
{
    if (!w)
        return WHOSAID_OK;
    (void)whosaid_writer_flush(w); /* a failure is in w->failed */
    if (w->sql) {
        sqlite_out_close(w->sql, !w->failed);
    } else {
        if (ferror(w->out))
            w->failed = true;
        if (w->own_out && fclose(w->out) != 0)
            w->failed = true;
    }
    whosaid_status st = w->failed ? WHOSAID_ERR_IO : WHOSAID_OK;
    ws_buf_free(&w->buf);
    free(w->source);
    free(w);
    return st;
}
