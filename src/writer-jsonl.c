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

/* Appends @n bytes of valid UTF-8 as a JSON string. */
static bool
put_json_string(struct ws_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    if (!ws_buf_putc(b, '"'))
        return false;
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        while (i < n && !json_special[(unsigned char)s[i]])
            i++; /* most bytes: copied as they are, in one run */
        if (i == n)
            break;
        unsigned char c = (unsigned char)s[i];
        /*
         * U+2028 and U+2029 are valid in JSON but end lines for JavaScript
         * and for Python's str.splitlines(): escaped, a record stays one line.
         */
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
            ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
            if (!ws_buf_put(b, s + run, i - run) ||
                !ws_buf_puts(b, (unsigned char)s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029"))
                return false;
            i += 2;
            run = i + 1;
            continue;
        }
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        if (!ws_buf_put(b, s + run, i - run))
            return false;
        run = i + 1;
        char esc[7] = {'\\', 0};
        size_t el = 2;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        default:
            memcpy(esc, "\\u00", 4);
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            el = 6;
        }
        if (!ws_buf_put(b, esc, el))
            return false;
    }
    return ws_buf_put(b, s + run, n - run) && ws_buf_putc(b, '"');
}

static bool
put_cstr_or_null(struct ws_buf *b, const char *s)
{
    return s ? put_json_string(b, s, strlen(s)) : ws_buf_puts(b, "null");
}

static bool
put_num(struct ws_buf *b, size_t v)
{
    char tmp[24];
    size_t i = sizeof tmp;
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return ws_buf_put(b, tmp + i, sizeof tmp - i);
}

/*
 * ,"NAME":"text","PREFIX_start":n,"PREFIX_end":n - or nulls when the span
 * is absent.
 */
static bool
put_span_fields(struct ws_buf *b, const char *text, const char *name, const char *prefix,
                const whosaid_span *sp)
{
    bool ok = ws_buf_puts(b, ",\"") && ws_buf_puts(b, name) && ws_buf_puts(b, "\":");
    ok = ok && (sp->start == WHOSAID_NOSPAN ? ws_buf_puts(b, "null")
                                            : put_json_string(b, text + sp->start, sp->end - sp->start));
    ok = ok && ws_buf_puts(b, ",\"") && ws_buf_puts(b, prefix) && ws_buf_puts(b, "_start\":");
    ok = ok && (sp->start == WHOSAID_NOSPAN ? ws_buf_puts(b, "null") : put_num(b, sp->cp_start));
    ok = ok && ws_buf_puts(b, ",\"") && ws_buf_puts(b, prefix) && ws_buf_puts(b, "_end\":");
    ok = ok && (sp->start == WHOSAID_NOSPAN ? ws_buf_puts(b, "null") : put_num(b, sp->cp_end));
    return ok;
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
    size_t len;
    const char *text = whosaid_doc_text(doc, &len);
    const char *id = whosaid_doc_id(doc);
    struct ws_buf *b = &w->buf;
    bool ok = true;
    for (size_t i = 0; ok && i < whosaid_doc_quote_count(doc); i++) {
        const whosaid_quote *q = whosaid_doc_quote(doc, i);
        ok = ws_buf_puts(b, "{\"doc\":") && put_json_string(b, id, strlen(id)) &&
             ws_buf_puts(b, ",\"quote\":") &&
             put_json_string(b, text + q->quote.start, q->quote.end - q->quote.start) &&
             ws_buf_puts(b, ",\"start\":") && put_num(b, q->quote.cp_start) &&
             ws_buf_puts(b, ",\"end\":") && put_num(b, q->quote.cp_end) &&
             ws_buf_puts(b, ",\"type\":\"") && ws_buf_puts(b, whosaid_quote_type_string(q->type)) &&
             ws_buf_puts(b, "\",\"speaker\":") && put_cstr_or_null(b, q->speaker) &&
             put_span_fields(b, text, "speaker_mention", "speaker", &q->speaker_mention);
        ok = ok && put_span_fields(b, text, "cue", "cue", &q->cue) &&
             put_span_fields(b, text, "via", "via", &q->via) &&
             ws_buf_puts(b, ",\"rule\":") && put_cstr_or_null(b, q->rule);
        char conf[16];
        writer_confidence(conf, q->confidence);
        ok = ok && ws_buf_puts(b, ",\"confidence\":") && ws_buf_puts(b, conf) &&
             ws_buf_puts(b, ",\"paragraph\":") &&
             put_num(b, q->paragraph) && ws_buf_puts(b, ",\"sentence\":") && put_num(b, q->sentence) &&
             ws_buf_puts(b, ",\"group\":");
        if (ok && q->group >= 0)
            ok = put_num(b, (size_t)q->group);
        else if (ok)
            ok = ws_buf_puts(b, "null");
        ok = ok && ws_buf_puts(b, "}\n");
        if (ok && b->len > (1u << 20))
            flush_buf(w);
    }
    if (!ok) {
        w->buf.len = 0;
        return WHOSAID_ERR_NOMEM;
    }
    return flush_buf(w);
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
whosaid_writer_close(whosaid_writer *w)
{
    if (!w)
        return WHOSAID_OK;
    if (w->sql) {
        if (!w->failed && !sqlite_out_finish(w->sql))
            w->failed = true;
        sqlite_out_close(w->sql, !w->failed);
    } else {
        flush_buf(w);
        if (fflush(w->out) != 0 || ferror(w->out))
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
