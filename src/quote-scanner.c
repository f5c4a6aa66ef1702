/*
 * quote-scanner.c - pairs the quotation marks the rules declare ([marks]),
 * paragraph by paragraph: nesting, apostrophes that share a code point with
 * a closing single quote, unclosed quotes, and quotes that continue into
 * the next paragraph.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "whosaid-private.h"

#define MAX_DEPTH 32
#define MAX_RESCANS 8

struct open_mark {
    size_t pair;
    size_t pos, len;
};

void
marks_classify(const whosaid_rules *r, uint32_t c, size_t *opens, size_t *closes)
{
    *opens = *closes = SIZE_MAX;
    for (size_t k = 0; k < r->nmarks; k++) {
        if (r->marks[k].open == c && *opens == SIZE_MAX)
            *opens = k;
        if (r->marks[k].close == c && *closes == SIZE_MAX)
            *closes = k;
    }
}

static bool
is_space_cp(uint32_t c)
{
    return c == 0 || ws_isspace(c);
}

static bool
is_word_cp(uint32_t c)
{
    return c && ws_isalnum(c);
}

static uint32_t
cp_at(const char *t, size_t end, size_t pos)
{
    size_t i = pos;
    return pos < end ? utf8_next(t, end, &i) : 0;
}

static uint32_t
cp_before(const char *t, size_t start, size_t pos)
{
    size_t s;
    return pos > start ? utf8_prev(t, pos, &s) : 0;
}

static bool
push_quote(struct quote_list *out, const char *t, size_t para, size_t open, size_t open_len,
           size_t close, size_t close_len)
{
    size_t a = open + open_len, b = close;
    while (a < b && (t[a] == ' ' || t[a] == '\t'))
        a++;
    while (b > a && (t[b - 1] == ' ' || t[b - 1] == '\t'))
        b--;
    if (b == a)
        return true; /* "" holds nothing to attribute */
    if (!WS_GROW(out->q, out->cap, out->n + 1))
        return false;
    struct raw_quote *q = &out->q[out->n++];
    q->open = open;
    q->open_len = open_len;
    q->close = close;
    q->close_len = close_len;
    q->start = a;
    q->end = b;
    q->paragraph = para;
    q->group = -1;
    return true;
}

/*
 * Is the apostrophe-like closing mark at @pos an apostrophe rather than the
 * end of the open single quote? "China’s", "don’t": a letter follows.
 * "leaders’ summit": a plural possessive (s’ then a lower-case word) when
 * another closing mark later in the paragraph can still close the quote.
 */
static bool
apostrophe_here(const char *t, size_t pend, size_t pos, size_t len, uint32_t mark)
{
    uint32_t prev = cp_before(t, 0, pos), next = cp_at(t, pend, pos + len);
    if (is_word_cp(next))
        return true;
    if ((prev == 's' || prev == 'S') && next == ' ') {
        uint32_t after = cp_at(t, pend, pos + len + 1);
        if (ws_islower(after)) {
            for (size_t i = pos + len; i < pend;) {
                size_t at = i;
                uint32_t c = utf8_next(t, pend, &i);
                if (c == mark && !is_word_cp(cp_at(t, pend, i)) && at != pos)
                    return true;
            }
        }
    }
    return false;
}

static bool
skipped(const size_t *skip, size_t nskip, size_t pos)
{
    for (size_t i = 0; i < nskip; i++)
        if (skip[i] == pos)
            return true;
    return false;
}

/*
 * The first byte at or after @i (before @pe) that can begin a mark. Text
 * is mostly ASCII without marks: with SSE2, sixteen bytes at a time are
 * compared with the marks' first bytes (three for the shipped marks: '"',
 * 0xC2 and 0xE2); else eight bytes at a time are looked at for a byte
 * with its top bit set or equal to one of the (few) ASCII marks.
 */
static size_t
skip_to_mark(const whosaid_rules *r, const char *t, size_t i, size_t pe)
{
#if defined(__SSE2__)
    /* sixteen bytes a step, against the marks' own first bytes: no stop at other wide characters */
    if (r->nleads <= sizeof r->leads) {
        __m128i lead[sizeof r->leads];
        for (size_t k = 0; k < r->nleads; k++)
            lead[k] = _mm_set1_epi8((char)r->leads[k]);
        for (; i + 16 <= pe; i += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(t + i));
            __m128i hit = _mm_setzero_si128();
            for (size_t k = 0; k < r->nleads; k++)
                hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, lead[k]));
            unsigned m = (unsigned)_mm_movemask_epi8(hit);
            if (m)
                return i + (size_t)__builtin_ctz(m);
        }
    }
#endif
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    if (r->nascii_leads <= sizeof r->ascii_leads) {
        for (; i + 8 <= pe; i += 8) {
            uint64_t w;
            memcpy(&w, t + i, 8);
            uint64_t hit = w & highs;
            for (size_t k = 0; k < r->nascii_leads; k++) {
                uint64_t x = w ^ (ones * r->ascii_leads[k]); /* a zero byte where it is */
                hit |= (x - ones) & ~x & highs;
            }
            if (hit)
                break; /* then byte by byte */
        }
    }
    while (i < pe && !r->mark_lead[(unsigned char)t[i]])
        i++;
    return i;
}

/*
 * Scans one paragraph [ps, pe). Returns the stack's bottom entry if a quote
 * is left open at the end (*unclosed true), for continuation handling.
 */
static bool
scan_paragraph(const whosaid_rules *r, const char *t, size_t ps, size_t pe, size_t para,
               uint32_t next_first, struct quote_list *out, bool *unclosed,
               struct open_mark *left_open)
{
    size_t skip[MAX_RESCANS];
    size_t nskip = 0;
    size_t first = out->n;
rescan:
    out->n = first;
    *unclosed = false;
    struct open_mark st[MAX_DEPTH];
    size_t depth = 0;
    size_t i = ps;
    while (i < pe) {
        i = skip_to_mark(r, t, i, pe); /* most bytes begin no mark */
        if (i >= pe)
            break;
        size_t pos = i;
        uint32_t c = utf8_next(t, pe, &i);
        size_t len = i - pos;
        size_t opens, closes;
        marks_classify(r, c, &opens, &closes);
        if ((opens == SIZE_MAX && closes == SIZE_MAX) || skipped(skip, nskip, pos))
            continue;

        /* a mark that closes a pair open on the stack */
        if (closes != SIZE_MAX) {
            size_t k = depth;
            while (k > 0 && st[k - 1].pair != closes)
                k--;
            bool symmetric = r->marks[closes].open == r->marks[closes].close;
            if (k > 0 && r->marks[closes].apostrophe &&
                apostrophe_here(t, pe, pos, len, c))
                continue;
            /*
             * Mixed marks, common in copy edited by several hands: a curly
             * closing mark ends a quote opened with a straight one
             * ("...,” said Lindsay), and a straight mark that cannot open
             * (no space before it, none needed after) ends a curly one.
             */
            if (k == 0 && depth > 0 && !r->marks[closes].apostrophe &&
                !r->marks[st[depth - 1].pair].apostrophe &&
                (r->marks[st[depth - 1].pair].open == r->marks[st[depth - 1].pair].close ||
                 (symmetric && !is_space_cp(cp_before(t, ps, pos)) &&
                  !is_word_cp(cp_at(t, pe, i)))))
                k = depth;
            if (k > 0) {
                if (k == 1 && !push_quote(out, t, para, st[0].pos, st[0].len, pos, len))
                    return false;
                depth = k - 1;
                continue;
            }
            if (!symmetric && opens == SIZE_MAX)
                continue; /* a stray closing mark or an apostrophe */
        }
        /* an opening mark */
        uint32_t next = cp_at(t, pe, i), prev = cp_before(t, ps, pos);
        if (is_space_cp(next) && i < pe)
            continue; /* a mark followed by a space opens nothing */
        if (r->marks[opens].apostrophe && is_word_cp(prev))
            continue; /* rock‘n’roll-style typos: inside a word */
        if (depth == 1 && st[0].pair == opens && r->marks[opens].open != r->marks[opens].close) {
            /* the same mark again at the outer level: the first was never closed */
            if (!push_quote(out, t, para, st[0].pos, st[0].len, pos, 0))
                return false;
            depth = 0;
        }
        if (depth < MAX_DEPTH) {
            st[depth].pair = opens;
            st[depth].pos = pos;
            st[depth].len = len;
            depth++;
        }
    }
    if (depth > 0) {
        /*
         * An unclosed single quote is more likely a misused apostrophe than
         * a quotation: scan again without it, unless the next paragraph
         * opens with the same mark and so continues it.
         */
        *unclosed = true;
        *left_open = st[0];
        if (r->marks[st[0].pair].apostrophe && next_first != r->marks[st[0].pair].open &&
            nskip < MAX_RESCANS) {
            skip[nskip++] = st[0].pos;
            goto rescan;
        }
        if (!push_quote(out, t, para, st[0].pos, st[0].len, pe, 0))
            return false;
    }
    return true;
}

bool
scan_quotes(const whosaid_rules *r, const char *t, const struct seg_result *seg,
            struct quote_list *out)
{
    long next_group = 0;
    long pending = -1;
    size_t pending_pair = SIZE_MAX;
    for (size_t p = 0; p < seg->nparas; p++) {
        size_t ps = seg->paras[p].start, pe = seg->paras[p].end;
        size_t first = out->n;
        bool unclosed = false;
        struct open_mark left = {0};
        uint32_t next_first = p + 1 < seg->nparas
                                  ? cp_at(t, seg->paras[p + 1].end, seg->paras[p + 1].start)
                                  : 0;
        if (!scan_paragraph(r, t, ps, pe, p, next_first, out, &unclosed, &left))
            return false;
        /* this paragraph continues the previous one's quote */
        if (pending >= 0 && out->n > first && out->q[first].open == ps) {
            uint32_t c = cp_at(t, pe, ps);
            if (r->marks[pending_pair].open == c)
                out->q[first].group = pending;
        }
        pending = -1;
        if (unclosed && out->n > first && out->q[out->n - 1].close_len == 0 && p + 1 < seg->nparas) {
            if (next_first == r->marks[left.pair].open) {
                struct raw_quote *q = &out->q[out->n - 1];
                if (q->group < 0)
                    q->group = next_group++;
                pending = q->group;
                pending_pair = left.pair;
            }
        }
    }
    return true;
}
