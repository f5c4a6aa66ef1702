/*
 * segmenter.c - paragraphs from line breaks, sentences from ICU's sentence
 * break iterator run through UText directly over the UTF-8 text (no UTF-16
 * copy), so every boundary is a byte offset.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "whosaid-private.h"

struct segmenter {
    UBreakIterator *bi;
    UText ut;
};

struct segmenter *
seg_new(whosaid_error *err)
{
    struct segmenter *s = ws_calloc(1, sizeof *s);
    if (!s) {
        ws_error_set(err, WHOSAID_ERR_NOMEM, NULL, 0, 0, "out of memory");
        return NULL;
    }
    UText init = UTEXT_INITIALIZER;
    s->ut = init;
    UErrorCode st = U_ZERO_ERROR;
    /* "ss=standard" suppresses breaks after abbreviations such as "Mr." */
    s->bi = ubrk_open(UBRK_SENTENCE, "en@ss=standard", NULL, 0, &st);
    if (U_FAILURE(st)) {
        ws_error_set(err, WHOSAID_ERR_NOMEM, NULL, 0, 0, "ICU sentence iterator: %s", u_errorName(st));
        free(s);
        return NULL;
    }
    return s;
}

void
seg_free(struct segmenter *s)
{
    if (!s)
        return;
    ubrk_close(s->bi);
    utext_close(&s->ut);
    free(s);
}

static bool
is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\f' && s[i] != '\v')
            return false;
    return true;
}

static bool
add_span(struct span **arr, size_t *n, size_t *cap, size_t start, size_t end)
{
    if (!ws_grow((void **)arr, cap, *n + 1, sizeof **arr))
        return false;
    (*arr)[*n].start = start;
    (*arr)[*n].end = end;
    (*n)++;
    return true;
}

/* Trims white space (ASCII and U+00A0) from both ends of [*a, *b). */
static void
trim_span(const char *t, size_t *a, size_t *b)
{
    for (;;) {
        if (*a < *b && (t[*a] == ' ' || t[*a] == '\t' || t[*a] == '\r' || t[*a] == '\n'))
            (*a)++;
        else if (*a + 1 < *b && (unsigned char)t[*a] == 0xC2 && (unsigned char)t[*a + 1] == 0xA0)
            *a += 2;
        else
            break;
    }
    for (;;) {
        if (*b > *a && (t[*b - 1] == ' ' || t[*b - 1] == '\t' || t[*b - 1] == '\r' || t[*b - 1] == '\n'))
            (*b)--;
        else if (*b >= *a + 2 && (unsigned char)t[*b - 2] == 0xC2 && (unsigned char)t[*b - 1] == 0xA0)
            *b -= 2;
        else
            break;
    }
}

/*
 * Is the text hard-wrapped (lines broken at a fixed width inside
 * paragraphs)? Then single newlines join lines; otherwise every line is a
 * paragraph, as in scraped text where "Advertisement" sits on its own line.
 * The test: at least three lines run straight into a next line, nearly all
 * of them 40 to 100 bytes long, and no line is longer than 100 bytes.
 */
static bool
hard_wrapped(const char *t, size_t len)
{
    size_t runs = 0, fit = 0, pos = 0, prev_len = 0;
    bool prev_text = false;
    while (pos < len) {
        const char *nl = memchr(t + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - t - pos) : len - pos;
        bool text = !is_blank(t + pos, n);
        if (n > 100)
            return false;
        if (text && prev_text) {
            runs++;
            fit += prev_len >= 40;
        }
        prev_text = text;
        prev_len = n;
        pos += n + 1;
    }
    return runs >= 3 && fit * 10 >= runs * 9;
}

bool
seg_paragraphs(const char *t, size_t len, struct seg_result *r)
{
    bool wrapped = hard_wrapped(t, len);
    size_t pos = 0, pstart = 0;
    bool in_para = false;
    while (pos <= len) {
        const char *nl = pos < len ? memchr(t + pos, '\n', len - pos) : NULL;
        size_t n = nl ? (size_t)(nl - t - pos) : len - pos;
        bool blank = is_blank(t + pos, n);
        if (!blank && !in_para) {
            pstart = pos;
            in_para = true;
        }
        bool close = in_para && (blank || !wrapped || !nl);
        if (close) {
            size_t a = pstart, b = blank ? pos : pos + n;
            trim_span(t, &a, &b);
            if (b > a && !add_span(&r->paras, &r->nparas, &r->paras_cap, a, b))
                return false;
            in_para = false;
        }
        if (!nl)
            break;
        pos += n + 1;
    }
    return true;
}

/*
 * Does [x, y) end with an initial ("Paul D.") or a title the rules list
 * with its full stop ("Gov.", "Sen.")? ICU's own list of English
 * abbreviations misses most of the titles of news copy.
 */
static bool
abbreviation_before(const char *t, size_t x, size_t y, const struct lexicon *titles)
{
    if (y <= x || t[y - 1] != '.')
        return false;
    size_t w = y - 1;
    while (w > x && t[w - 1] != ' ' && t[w - 1] != '\t' && t[w - 1] != '\n' && t[w - 1] != '(')
        w--;
    if (y - w == 2 && t[w] >= 'A' && t[w] <= 'Z')
        return true;
    return titles && y - w <= 8 && lex_lookup(titles, t + w, y - w) != NULL;
}

/*
 * Runs ICU over [from, to) of @t and appends the sentences of paragraphs
 * @p0 .. @p1 - 1, which that range holds. ICU always breaks after a line
 * break, so paragraphs (separated by line breaks) never share a sentence,
 * and one pass over a document costs less than a pass per paragraph (each
 * ubrk_setUText() resets the iterator's caches).
 */
static bool
sentences_in(struct segmenter *s, const char *t, size_t from, size_t to, size_t p0, size_t p1,
             struct seg_result *r, const struct lexicon *titles, whosaid_error *err)
{
    UErrorCode st = U_ZERO_ERROR;
    utext_openUTF8(&s->ut, t + from, (int64_t)(to - from), &st);
    ubrk_setUText(s->bi, &s->ut, &st);
    if (U_FAILURE(st)) {
        ws_error_set(err, WHOSAID_ERR_NOMEM, NULL, 0, 0, "ICU: %s", u_errorName(st));
        return false;
    }
    size_t p = p0;
    r->para_first_sent[p] = r->nsents;
    int32_t a = ubrk_first(s->bi), b;
    while ((b = ubrk_next(s->bi)) != UBRK_DONE && p < p1) {
        size_t x = from + (size_t)a, y = from + (size_t)b;
        trim_span(t, &x, &y);
        if (y <= x) {
            a = b;
            continue;
        }
        /* close the paragraphs this sentence lies beyond */
        while (p < p1 && r->paras[p].end <= x) {
            if (r->nsents == r->para_first_sent[p] &&
                !add_span(&r->sents, &r->nsents, &r->sents_cap, r->paras[p].start, r->paras[p].end))
                goto nomem;
            p++;
            if (p < p1)
                r->para_first_sent[p] = r->nsents;
        }
        if (p == p1)
            break;
        size_t pe = r->paras[p].end;
        if (y > pe)
            y = pe;
        if (y < pe && abbreviation_before(t, x, y, titles))
            continue; /* "Gov. Kasich replied": no sentence ends at "Gov." */
        if (!add_span(&r->sents, &r->nsents, &r->sents_cap, x, y))
            goto nomem;
        a = b;
    }
    for (; p < p1; p++) {
        if (p > p0 && r->para_first_sent[p] > r->nsents)
            r->para_first_sent[p] = r->nsents;
        if (r->nsents == r->para_first_sent[p] &&
            !add_span(&r->sents, &r->nsents, &r->sents_cap, r->paras[p].start, r->paras[p].end))
            goto nomem;
        if (p + 1 < p1)
            r->para_first_sent[p + 1] = r->nsents;
    }
    return true;
nomem:
    ws_error_set(err, WHOSAID_ERR_NOMEM, NULL, 0, 0, "out of memory");
    return false;
}

bool
seg_sentences(struct segmenter *s, const char *t, struct seg_result *r,
              const struct lexicon *titles, whosaid_error *err)
{
    if (!ws_grow((void **)&r->para_first_sent, &r->pfs_cap, r->nparas + 1, sizeof(size_t))) {
        ws_error_set(err, WHOSAID_ERR_NOMEM, NULL, 0, 0, "out of memory");
        return false;
    }
    /*
     * The whole document in one pass; ICU counts in int32_t, so a
     * document past 2 GB goes a paragraph at a time.
     */
    if (r->nparas && r->paras[r->nparas - 1].end - r->paras[0].start < (size_t)INT32_MAX) {
        if (!sentences_in(s, t, r->paras[0].start, r->paras[r->nparas - 1].end, 0, r->nparas, r,
                          titles, err))
            return false;
    } else {
        for (size_t p = 0; p < r->nparas; p++)
            if (!sentences_in(s, t, r->paras[p].start, r->paras[p].end, p, p + 1, r, titles, err))
                return false;
    }
    r->para_first_sent[r->nparas] = r->nsents;
    return true;
}

void
seg_result_free(struct seg_result *r)
{
    free(r->paras);
    free(r->sents);
    free(r->para_first_sent);
    memset(r, 0, sizeof *r);
}

static size_t
span_at(const struct span *v, size_t n, size_t pos)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid].start <= pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? lo - 1 : 0;
}

size_t seg_sentence_at(const struct seg_result *r, size_t pos) { return span_at(r->sents, r->nsents, pos); }
size_t seg_paragraph_at(const struct seg_result *r, size_t pos) { return span_at(r->paras, r->nparas, pos); }
