/*
 * segmenter.c - paragraphs from line breaks, sentences from ICU's sentence
 * break iterator. ICU reads whole paragraphs, up to 1 MB at a time, as a
 * UTF-16 copy (a longer paragraph in place, through UText over its UTF-8),
 * and every boundary is mapped back to a byte offset of the text.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/ures.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>

#include "whosaid-private.h"

/*
 * ICU's English sentence-break exceptions ("Mr.", "U.S.", "Ph.D.": the
 * list behind the locale option "ss=standard"), applied here instead of by
 * ICU's filtered iterator, which cost 40% of the segmentation time. The
 * list is read from ICU's own data at start-up and applied the way ICU 72
 * applies it (common/filteredbrk.cpp), so that the sentences are the same
 * as those of "en@ss=standard"; a unit test compares the two.
 *
 * An exception containing an inner full stop ("Ph.D.") is "partial": its
 * part up to the first full stop ("Ph.") is looked for backwards and then
 * the whole list of partial ones forwards from there. Every other
 * exception matches backwards as a whole.
 */
#define SB_KEY_MAX 24
enum { SB_MATCH = 1, SB_PARTIAL = 2 };

struct sb_key {
    char s[SB_KEY_MAX];
    unsigned char len, value;
};

/*
 * ICU reads the text in chunks of whole paragraphs of at most this many
 * bytes, copied to UTF-16 (a paragraph longer than that is read in place):
 * the copy stays small whatever the document's size.
 */
#define SEG_CHUNK ((size_t)1 << 20)

struct segmenter {
    UBreakIterator *bi;
    UText ut;
    struct sb_key *back; /* matched backwards from a break; sorted by length, then bytes */
    size_t nback;
    struct sb_key *fwd; /* the partial exceptions, matched forwards */
    size_t nfwd;
    size_t back_max; /* the longest backward key */
    /* [n][c]: some backward key has byte c n bytes from its end ([1]: its last byte) */
    bool back_byte[SB_KEY_MAX + 1][256];
    UChar *u16;      /* the text ICU reads, as UTF-16 */
    size_t u16_cap;
};

static int
cmp_key(const void *a, const void *b)
{
    const struct sb_key *x = a, *y = b;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return memcmp(x->s, y->s, x->len);
}

/*
 * Reads the exceptions from ICU's data (brkitr/en.res, exceptions/
 * SentenceBreak) and builds the two key lists as ICU's builder does.
 * Exceptions that are not ASCII or are too long are left out (the English
 * list has none). Returns false when out of memory; a missing list leaves
 * the lists empty (no exceptions, as ICU would do).
 */
static bool
load_exceptions(struct segmenter *sg)
{
    UErrorCode st = U_ZERO_ERROR;
    UResourceBundle *root = ures_openDirect(U_ICUDATA_NAME "-brkitr", "en", &st);
    UResourceBundle *ex = ures_getByKey(root, "exceptions", NULL, &st);
    UResourceBundle *list = ures_getByKey(ex, "SentenceBreak", NULL, &st);
    int32_t n = U_SUCCESS(st) ? ures_getSize(list) : 0;
    struct sb_key *all = ws_calloc((size_t)(n > 0 ? n : 1), sizeof *all);
    size_t nall = 0;
    bool ok = all != NULL;
    for (int32_t i = 0; ok && i < n; i++) {
        UErrorCode st2 = U_ZERO_ERROR;
        int32_t len = 0, u8 = 0;
        const UChar *u = ures_getStringByIndex(list, i, &len, &st2);
        char buf[SB_KEY_MAX];
        u_strToUTF8(buf, sizeof buf, &u8, u, len, &st2);
        bool ascii = U_SUCCESS(st2) && u8 > 0 && u8 < SB_KEY_MAX;
        for (int32_t k = 0; ascii && k < u8; k++)
            ascii = (unsigned char)buf[k] < 0x80;
        if (!ascii)
            continue;
        memcpy(all[nall].s, buf, (size_t)u8);
        all[nall].len = (unsigned char)u8;
        nall++;
    }
    ures_close(list);
    ures_close(ex);
    ures_close(root);
    /* the builder's marks: partial entries (and those sharing their prefix) */
    enum { REV = 1, FWD = 2 };
    unsigned char *mark = ok ? ws_calloc(nall ? nall : 1, 1) : NULL;
    sg->back = ok ? ws_calloc(nall ? nall : 1, sizeof *sg->back) : NULL;
    sg->fwd = ok ? ws_calloc(nall ? nall : 1, sizeof *sg->fwd) : NULL;
    ok = mark && sg->back && sg->fwd;
    for (size_t i = 0; ok && i < nall; i++) {
        const char *dot = memchr(all[i].s, '.', all[i].len);
        size_t nn = dot ? (size_t)(dot - all[i].s) : SIZE_MAX;
        if (nn == SIZE_MAX || nn + 1 == all[i].len)
            continue; /* no inner full stop: not partial */
        bool same_as = false;
        for (size_t j = 0; j < nall; j++) {
            if (j == i || all[j].len < nn + 1 || memcmp(all[i].s, all[j].s, nn + 1))
                continue;
            if (!mark[j])
                mark[j] = REV | FWD;
            else if (mark[j] & REV)
                same_as = true;
        }
        if (!same_as && !mark[i]) {
            struct sb_key *k = &sg->back[sg->nback++];
            memcpy(k->s, all[i].s, nn + 1);
            k->len = (unsigned char)(nn + 1);
            k->value = SB_PARTIAL;
            mark[i] = REV | FWD;
        }
    }
    for (size_t i = 0; ok && i < nall; i++) {
        struct sb_key *k = mark[i] ? &sg->fwd[sg->nfwd++] : &sg->back[sg->nback++];
        *k = all[i];
        k->value = SB_MATCH;
    }
    if (ok) {
        /* a key given twice keeps its first value, as ICU's trie builder would refuse the second */
        qsort(sg->back, sg->nback, sizeof *sg->back, cmp_key);
        for (size_t i = 0; i < sg->nback; i++) {
            if (sg->back[i].len > sg->back_max)
                sg->back_max = sg->back[i].len;
            for (size_t d = 1; d <= sg->back[i].len; d++)
                sg->back_byte[d][(unsigned char)sg->back[i].s[sg->back[i].len - d]] = true;
        }
    }
    free(mark);
    free(all);
    return ok;
}

/* The backward key that is exactly t[a, a + n), or NULL. */
static const struct sb_key *
back_key(const struct segmenter *sg, const char *t, size_t a, size_t n)
{
    size_t lo = 0, hi = sg->nback;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct sb_key *k = &sg->back[mid];
        int c = k->len != n ? (k->len < n ? -1 : 1) : memcmp(k->s, t + a, n);
        if (c == 0)
            return k;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/*
 * Is the break at @b of the text [from, to) an exception, as ICU's
 * SimpleFilteredSentenceBreakIterator::breakExceptionAt() decides? Going
 * back from the break (over one space, if there is one), the longest
 * backward key ending there wins; a whole one is an exception, a partial
 * one ("U.") is when the text from its start runs through the partial
 * exceptions ("U.S.A.") to a key no other one extends, or to the text's
 * end.
 */
bool
seg_is_exception(const struct segmenter *sg, const char *t, size_t from, size_t to, size_t b)
{
    size_t start = b;
    if (start > from && t[start - 1] == ' ')
        start--;
    if (start == from || !sg->back_byte[1][(unsigned char)t[start - 1]])
        return false; /* no key ends with that byte (in English: a full stop) */
    const struct sb_key *best = NULL;
    size_t best_at = 0;
    for (size_t n = 1; n <= sg->back_max && n <= start - from; n++) {
        if (!sg->back_byte[n][(unsigned char)t[start - n]])
            break; /* no key, this long or longer, has that byte there: the walk stops */
        const struct sb_key *k = back_key(sg, t, start - n, n);
        if (k) {
            best = k;
            best_at = start - n;
        }
    }
    if (!best)
        return false;
    if (best->value == SB_MATCH)
        return true;
    if (!sg->nfwd)
        return false;
    /* forwards through the partial exceptions, like a trie walk */
    for (size_t n = 1;; n++) {
        if (best_at + n > to)
            return true; /* the text ended inside a key: ICU counts that a match */
        bool equal = false, longer = false;
        for (size_t i = 0; i < sg->nfwd; i++) {
            const struct sb_key *k = &sg->fwd[i];
            if (k->len < n || memcmp(k->s, t + best_at, n))
                continue;
            if (k->len == n)
                equal = true;
            else
                longer = true;
        }
        if (!equal && !longer)
            return false; /* no key goes this way */
        if (!longer)
            return true; /* a whole key, extended by none */
    }
}

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
    /* ICU's plain English rules; its abbreviation exceptions are applied below */
    s->bi = ubrk_open(UBRK_SENTENCE, "en", NULL, 0, &st);
    if (U_FAILURE(st)) {
        ws_error_set(err, WHOSAID_ERR_NOMEM, NULL, 0, 0, "ICU sentence iterator: %s", u_errorName(st));
        free(s);
        return NULL;
    }
    if (!load_exceptions(s)) {
        seg_free(s);
        ws_error_set(err, WHOSAID_ERR_NOMEM, NULL, 0, 0, "out of memory");
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
    free(s->u16);
    free(s->back);
    free(s->fwd);
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
 * Moves the cursor (*@u16 UTF-16 units, *@u8 bytes of valid UTF-8) on to
 * UTF-16 offset @to, and returns the byte offset it reaches.
 */
static size_t
u8_offset(const char *t, size_t *u8, size_t *u16, size_t to)
{
    const unsigned char *u = (const unsigned char *)t;
    size_t i = *u8, k = *u16;
    while (k < to) {
        /* ASCII, one unit a byte: eight at a time */
        if (k + 8 <= to) {
            uint64_t w;
            memcpy(&w, u + i, 8); /* within the text: eight units ahead lie eight bytes or more */
            if (!(w & 0x8080808080808080u)) {
                i += 8;
                k += 8;
                continue;
            }
        }
        unsigned char c = u[i];
        if (c < 0x80) {
            i++;
            k++;
        } else {
            size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            i += n;
            k += n == 4 ? 2 : 1; /* a surrogate pair */
        }
    }
    *u8 = i;
    *u16 = k;
    return i;
}

/*
 * Runs ICU over [from, to) of @t and appends the sentences of paragraphs
 * @p0 .. @p1 - 1, which that range holds. ICU always breaks after a line
 * break, so paragraphs (separated by line breaks) never share a sentence,
 * and one pass over many paragraphs costs less than a pass each (each
 * ubrk_setUText() resets the iterator's caches). ICU reads a UTF-16 copy:
 * over UTF-8 its UText converts the text chunk by chunk behind every
 * access, which cost a third of its time.
 */
static bool
sentences_in(struct segmenter *s, const char *t, size_t from, size_t to, size_t p0, size_t p1,
             struct seg_result *r, const struct lexicon *titles, whosaid_error *err)
{
    UErrorCode st = U_ZERO_ERROR;
    if (to - from > (size_t)INT32_MAX) {
        /* ICU counts in int32_t: a paragraph of 2 GB or more is one sentence */
        for (size_t p = p0; p < p1; p++) {
            r->para_first_sent[p] = r->nsents;
            if (!add_span(&r->sents, &r->nsents, &r->sents_cap, r->paras[p].start,
                          r->paras[p].end))
                goto nomem;
        }
        return true;
    }
    /* a paragraph longer than a chunk is read in place, as UTF-8: no copy of it */
    bool utf16 = to - from <= SEG_CHUNK;
    if (utf16) {
        /* UTF-16 never takes more units than UTF-8 takes bytes */
        if (!ws_grow((void **)&s->u16, &s->u16_cap, to - from + 1, sizeof *s->u16))
            goto nomem;
        size_t n16 = utf8_to_utf16(t + from, to - from, (uint16_t *)s->u16);
        utext_openUChars(&s->ut, s->u16, (int64_t)n16, &st);
    } else {
        utext_openUTF8(&s->ut, t + from, (int64_t)(to - from), &st);
    }
    ubrk_setUText(s->bi, &s->ut, &st);
    if (U_FAILURE(st)) {
        ws_error_set(err, WHOSAID_ERR_NOMEM, NULL, 0, 0, "ICU: %s", u_errorName(st));
        return false;
    }
    size_t p = p0;
    r->para_first_sent[p] = r->nsents;
    size_t cur8 = from, cur16 = 0; /* the last break, in bytes and in UTF-16 units */
    int32_t b16;
    size_t a = from, b;
    ubrk_first(s->bi);
    while ((b16 = ubrk_next(s->bi)) != UBRK_DONE && p < p1) {
        b = utf16 ? u8_offset(t, &cur8, &cur16, (size_t)b16) : from + (size_t)b16;
        size_t x = a, y = b;
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
        /*
         * A segment between paragraphs (a line of form feeds, which is
         * blank to seg_paragraphs() but not to trim_span()) is no
         * sentence; one that runs into the paragraph starts with it.
         */
        if (y <= r->paras[p].start) {
            a = b;
            continue;
        }
        if (x < r->paras[p].start)
            x = r->paras[p].start;
        size_t pe = r->paras[p].end;
        if (y > pe)
            y = pe;
        if (b < to && seg_is_exception(s, t, from, to, b))
            continue; /* ICU's own exceptions: "Mr. Smith" */
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
seg_sentences(struct segmenter *s, const char *t, struct seg_result *r, size_t upto,
              const struct lexicon *titles, whosaid_error *err)
{
    if (!ws_grow((void **)&r->para_first_sent, &r->pfs_cap, r->nparas + 1, sizeof(size_t))) {
        ws_error_set(err, WHOSAID_ERR_NOMEM, NULL, 0, 0, "out of memory");
        return false;
    }
    if (upto > r->nparas)
        upto = r->nparas;
    /* as many whole paragraphs at a time as fit in a chunk, or one */
    for (size_t p = r->sent_paras, q; p < upto; p = q) {
        for (q = p + 1; q < upto && r->paras[q].end - r->paras[p].start <= SEG_CHUNK; q++)
            ;
        if (!sentences_in(s, t, r->paras[p].start, r->paras[q - 1].end, p, q, r, titles, err))
            return false;
    }
    if (upto > r->sent_paras)
        r->sent_paras = upto;
    for (size_t p = r->sent_paras; p <= r->nparas; p++)
        r->para_first_sent[p] = r->nsents;
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
