/*
 * writer-csv.c - records as CSV (RFC 4180: a header row, fields with a
 * comma, a quote or a line break in double quotes, quotes doubled, lines
 * ended by CRLF) or as TSV (tab-separated; a tab, line break or backslash
 * inside a field written \t, \n, \r, \\). Both carry the fields of the JSON
 * record in its order, and an error column last; a missing value is an
 * empty field.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "whosaid-private.h"

static const char *const columns[] = {
    "doc", "quote", "start", "end", "type", "speaker", "speaker_mention", "speaker_start",
    "speaker_end", "cue", "cue_start", "cue_end", "via", "via_start", "via_end", "rule",
    "confidence", "paragraph", "sentence", "group", "error",
};

#define NCOLUMNS (sizeof columns / sizeof columns[0])

/* Appends one field: @s (@n bytes), or nothing for NULL. */
static bool
put_field(struct ws_buf *b, const char *s, size_t n, bool tsv, bool first)
{
    if (!first && !ws_buf_putc(b, tsv ? '\t' : ','))
        return false;
    if (!s)
        return true;
    if (tsv) {
        size_t run = 0;
        for (size_t i = 0; i < n; i++) {
            const char *esc = s[i] == '\t' ? "\\t" : s[i] == '\n' ? "\\n" : s[i] == '\r' ? "\\r"
                              : s[i] == '\\' ? "\\\\" : NULL;
            if (!esc)
                continue;
            if (!ws_buf_put(b, s + run, i - run) || !ws_buf_puts(b, esc))
                return false;
            run = i + 1;
        }
        return ws_buf_put(b, s + run, n - run);
    }
    bool quote = false;
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (!quote)
        return ws_buf_put(b, s, n);
    if (!ws_buf_putc(b, '"'))
        return false;
    size_t run = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '"') {
            if (!ws_buf_put(b, s + run, i + 1 - run) || !ws_buf_putc(b, '"'))
                return false;
            run = i + 1;
        }
    return ws_buf_put(b, s + run, n - run) && ws_buf_putc(b, '"');
}

static bool
put_str(struct ws_buf *b, const char *s, bool tsv)
{
    return put_field(b, s, s ? strlen(s) : 0, tsv, false);
}

static bool
put_size(struct ws_buf *b, size_t v, bool absent, bool tsv)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%zu", v);
    return put_field(b, absent ? NULL : tmp, (size_t)n, tsv, false);
}

static bool
put_span(struct ws_buf *b, const char *text, const whosaid_span *sp, bool tsv)
{
    bool none = sp->start == WHOSAID_NOSPAN;
    return put_field(b, none ? NULL : text + sp->start, none ? 0 : sp->end - sp->start, tsv, false) &&
           put_size(b, sp->cp_start, none, tsv) && put_size(b, sp->cp_end, none, tsv);
}

static bool
end_row(struct ws_buf *b, bool tsv)
{
    return ws_buf_puts(b, tsv ? "\n" : "\r\n");
}

bool
csv_header(struct ws_buf *b, bool tsv)
{
    for (size_t i = 0; i < NCOLUMNS; i++)
        if (!put_field(b, columns[i], strlen(columns[i]), tsv, i == 0))
            return false;
    return end_row(b, tsv);
}

bool
csv_doc(struct ws_buf *b, const whosaid_doc *doc, bool tsv)
{
    size_t len;
    const char *text = whosaid_doc_text(doc, &len);
    const char *id = whosaid_doc_id(doc);
    for (size_t i = 0; i < whosaid_doc_quote_count(doc); i++) {
        const whosaid_quote *q = whosaid_doc_quote(doc, i);
        char conf[16];
        writer_confidence(conf, q->confidence);
        bool ok = put_field(b, id, strlen(id), tsv, true) &&
                  put_field(b, text + q->quote.start, q->quote.end - q->quote.start, tsv, false) &&
                  put_size(b, q->quote.cp_start, false, tsv) && put_size(b, q->quote.cp_end, false, tsv) &&
                  put_str(b, whosaid_quote_type_string(q->type), tsv) && put_str(b, q->speaker, tsv) &&
                  put_span(b, text, &q->speaker_mention, tsv) && put_span(b, text, &q->cue, tsv) &&
                  put_span(b, text, &q->via, tsv) && put_str(b, q->rule, tsv) && put_str(b, conf, tsv) &&
                  put_size(b, q->paragraph, false, tsv) && put_size(b, q->sentence, false, tsv) &&
                  put_size(b, (size_t)q->group, q->group < 0, tsv) && put_str(b, NULL, tsv) &&
                  end_row(b, tsv);
        if (!ok)
            return false;
    }
    return true;
}

bool
csv_error(struct ws_buf *b, const char *id, const char *message, bool tsv)
{
    if (!put_field(b, id, id ? strlen(id) : 0, tsv, true))
        return false;
    for (size_t i = 1; i + 1 < NCOLUMNS; i++)
        if (!put_str(b, NULL, tsv))
            return false;
    return put_str(b, message, tsv) && end_row(b, tsv);
}
