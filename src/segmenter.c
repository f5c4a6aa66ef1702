/*
 * segmenter.c - paragraphs from line breaks, sentences from ICU's sentence
 * break iterator. ICU reads the paragraphs up to 1 MB at a time: of those,
 * only the windows around the characters after which a sentence may end,
 * as one UTF-16 copy (a longer paragraph whole, in place, through UText
 * over its UTF-8). Every boundary is mapped back to a byte offset of the
 * text.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
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

#define SB_SET_SIZE 2048 /* a power of two, over twice ICU's English list (about 220) */

/*
 * The hash of a backward key grown by byte @c at its front (FNV-1a,
 * backwards), its top bit set: never 0, the empty slot, and its low bits,
 * the slot, all used.
 */
static inline uint32_t
back_hash(uint32_t h, unsigned char c)
{
    return ((h ^ c) * 16777619u) | 0x80000000u;
}

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

/*
 * A stretch of the text that ICU reads: [b0, b1) in bytes, its UTF-16 at
 * [u0, u1) of the segmenter's copy.
 */
struct window {
    size_t b0, b1, u0, u1;
    bool plain, lf; /* of the plainest kinds: its breaks are known without ICU (window_plain()) */
    size_t brk;     /* a plain window's first break; SIZE_MAX: none */
};

enum { K_PLAIN, K_LETTER, K_END, K_WIDE }; /* a byte's kind, for finding windows */

struct segmenter {
    UBreakIterator *bi;
    UText ut;
    bool whole;          /* WHOSAID_SEG_WHOLE: ICU reads all the text, no windows */
    unsigned char kind[256];
    struct window *win;
    size_t nwin, win_cap;
    size_t *brk;         /* for seg_breaks(): ICU's breaks, as byte offsets */
    size_t nbrk, brk_cap;
    struct sb_key *back; /* matched backwards from a break; sorted by length, then bytes */
    size_t nback;
    struct sb_key *fwd; /* the partial exceptions, matched forwards */
    size_t nfwd;
    size_t back_max; /* the longest backward key */
    /* [n][c]: some backward key has byte c n bytes from its end ([1]: its last byte) */
    bool back_byte[SB_KEY_MAX + 1][256];
    /*
     * The backward keys' hashes (back_hash()), open addressing, 0 empty: a
     * suffix whose hash is not here is no key, without a binary search.
     * Used while at most half full (a longer list goes without).
     */
    uint32_t back_set[SB_SET_SIZE];
    bool back_set_used;
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
            uint32_t h = 2166136261u;
            for (size_t d = 1; d <= sg->back[i].len; d++) {
                unsigned char c = (unsigned char)sg->back[i].s[sg->back[i].len - d];
                sg->back_byte[d][c] = true;
                h = back_hash(h, c);
            }
            size_t k = h & (SB_SET_SIZE - 1);
            while (sg->nback <= SB_SET_SIZE / 2 && sg->back_set[k] && sg->back_set[k] != h)
                k = (k + 1) & (SB_SET_SIZE - 1);
            sg->back_set[k] = h;
        }
        sg->back_set_used = sg->nback <= SB_SET_SIZE / 2;
    }
    free(mark);
    free(all);
    return ok;
}

/* May a backward key have hash @h? */
static bool
back_listed(const struct segmenter *sg, uint32_t h)
{
    if (!sg->back_set_used)
        return true;
    for (size_t k = h & (SB_SET_SIZE - 1); sg->back_set[k]; k = (k + 1) & (SB_SET_SIZE - 1))
        if (sg->back_set[k] == h)
            return true;
    return false;
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
    uint32_t h = 2166136261u;
    for (size_t n = 1; n <= sg->back_max && n <= start - from; n++) {
        unsigned char c = (unsigned char)t[start - n];
        if (!sg->back_byte[n][c])
            break; /* no key, this long or longer, has that byte there: the walk stops */
        h = back_hash(h, c);
        if (!back_listed(sg, h))
            continue;
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
    s->whole = ws_env_flag("WHOSAID_SEG_WHOLE");
    for (int c = 0; c < 256; c++)
        s->kind[c] = c >= 0xC0                                         ? K_WIDE
                     : (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ? K_LETTER
                     : c == '.' || c == '!' || c == '?' || c == '\n' || c == '\r' ? K_END
                                                                        : K_PLAIN;
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
    free(s->win);
    free(s->brk);
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
    if (!titles || y - w > 8)
        return false;
    /* no form begins with its leading run of ASCII letters and digits ("said"): no look-up */
    size_t r = w;
    while ((unsigned char)t[r] < 0x80 && ws_isalnum((unsigned char)t[r]))
        r++; /* the full stop ends it */
    if (r > w && (unsigned char)t[r] < 0x80 &&
        !lex_has_lead(titles, t + w, r - w, lex_key_hash_text(t + w, r - w)))
        return false;
    return lex_lookup(titles, t + w, y - w) != NULL;
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
 * Where ICU needs to look. UAX #29 ends a sentence only after a terminator
 * (Sentence_Break ATerm or STerm: ".", "!", "?", "。") or a separator
 * (Sep, CR, LF); ICU's chained rules never break inside a run of other
 * characters. So ICU reads windows, each around one or more of those: from
 * the last two ASCII letters before it to the first two ASCII letters after
 * it (or the text's start or end), and one copy holds them all, a line
 * break after each. Why this gives ICU's breaks exactly:
 *
 * - No rule carries anything across two letters. Each break ends a chain
 *   of rule matches that ICU starts afresh there; a letter after a letter
 *   ends every match that was running (the catch-all rule "X (Extend |
 *   Format | Close | Sp)* ." takes it as its last character), so the
 *   matches running after the second letter are those that began at the
 *   two letters, whatever came before them. A window that starts there
 *   after a line break (where ICU starts afresh) runs through the same
 *   states from its second letter on as ICU does over the whole text.
 *   (One letter would do, by the same reasoning, and the tests pass with
 *   one; the second is a margin, at the cost of a byte or two a window.)
 * - No break falls between windows: the chain never ends on a character
 *   that is not a terminator or separator, nor at a window's first letters
 *   (those follow a letter or the text's start), nor at its last two (the
 *   catch-all rule runs on past them).
 * - A window ends after all its breaks are decided: the last is decided at
 *   the first letter after the terminators, before the window's end.
 *
 * The plainest windows ("ab. Cd", "ab.\n\nCd": window_plain()) do not
 * go to ICU at all: their breaks follow from UAX #29's rules at a glance.
 * On the BBC corpus they are half the windows.
 *
 * Unit tests compare the breaks with ICU's over the whole text on random
 * strings of terminators, letters, marks and spaces and on every variant
 * of the plainest windows, fuzz-segment on any input, and a command test
 * the records on a corpus (WHOSAID_SEG_WHOLE=1 turns the windows off). On
 * the BBC corpus the windows hold 7% of the bytes.
 */

/* Can a sentence end after the character that starts at @i (a lead byte)? Sets *@next past it. */
static bool
wide_end(const char *t, size_t to, size_t i, size_t *next)
{
    size_t j = i;
    uint32_t c = utf8_next(t, to, &j);
    *next = j;
    int sb = u_getIntPropertyValue((UChar32)c, UCHAR_SENTENCE_BREAK);
    return sb == U_SB_ATERM || sb == U_SB_STERM || sb == U_SB_SEP || sb == U_SB_CR ||
           sb == U_SB_LF;
}

/*
 * The first byte at or after @i (before @to) of kind K_END or K_WIDE: a
 * terminator, a separator or the lead byte of a wider character; @to if
 * none. Sixteen bytes a step where SSE2 is there (x86-64 always has it).
 */
static size_t
next_end(const unsigned char *u, size_t i, size_t to, const unsigned char *kind)
{
#if defined(__SSE2__)
    const __m128i dot = _mm_set1_epi8('.'), bang = _mm_set1_epi8('!'), ask = _mm_set1_epi8('?'),
                  lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'), lead = _mm_set1_epi8((char)0xC0);
    for (; i + 16 <= to; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, dot), _mm_cmpeq_epi8(v, bang)),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, ask), _mm_cmpeq_epi8(v, lf)));
        m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, cr),
                                         _mm_cmpeq_epi8(_mm_and_si128(v, lead), lead)));
        unsigned bits = (unsigned)_mm_movemask_epi8(m);
        if (bits)
            return i + (size_t)__builtin_ctz(bits);
    }
#endif
    while (i < to && kind[u[i]] < K_END)
        i++;
    return i;
}

static bool
add_window(struct segmenter *s, size_t b0, size_t b1)
{
    if (s->nwin && s->win[s->nwin - 1].b1 == b0) {
        s->win[s->nwin - 1].b1 = b1; /* no two letters between: one window */
        return true;
    }
    if (!WS_GROW(s->win, s->win_cap, s->nwin + 1))
        return false;
    s->win[s->nwin++] = (struct window){b0, b1, 0, 0, false, false, SIZE_MAX};
    return true;
}

/* Fills s->win with the windows of [from, to). */
static bool
find_windows(struct segmenter *s, const char *t, size_t from, size_t to)
{
    const unsigned char *u = (const unsigned char *)t;
    const unsigned char *kind = s->kind;
    s->nwin = 0;
    size_t i = from, done = from; /* done: the end of the last window */
    for (;;) {
        /* on to the next byte that may end a sentence or begin a wider character */
        i = next_end(u, i, to, kind);
        if (i >= to)
            return true;
        size_t next = i + 1;
        if (kind[u[i]] == K_WIDE && !wide_end(t, to, i, &next)) {
            i = next;
            continue;
        }
        /* a sentence may end after i: back to the last two letters before it */
        size_t start = i;
        while (start > done + 1 && !(kind[u[start - 1]] == K_LETTER && kind[u[start - 2]] == K_LETTER))
            start--;
        start = start > done + 1 ? start - 2 : done;
        /* and on to the first two letters after it */
        size_t j = next;
        while (j + 1 < to && !(kind[u[j]] == K_LETTER && kind[u[j + 1]] == K_LETTER))
            j++;
        size_t end = j + 1 < to ? j + 2 : to;
        if (!add_window(s, start, end))
            return false;
        i = done = end;
    }
}

static bool
ascii_term(unsigned char c)
{
    return c == '.' || c == '?' || c == '!';
}

/* ASCII marks of Sentence_Break Close that follow a sentence's end: " ' ) ] */
static bool
ascii_close(unsigned char c)
{
    return c == '"' || c == '\'' || c == ')' || c == ']';
}

/*
 * Is @W of the plainest kinds, the ends of most sentences and paragraphs
 * of news? Then UAX #29 decides its breaks without ICU. Two ASCII letters
 * begin it and two end it; between them:
 * - up to three full stops, question or exclamation marks, closing marks
 *   (" ' ) ]), spaces and closing marks ("ab.\" \"Cd"). No break falls
 *   among the marks and spaces (SB8a, SB9, SB10); after the spaces, a
 *   full stop last among the terminators does not break before marks
 *   and a small letter (SB8); every other end breaks there (SB11);
 * - up to three terminators, closing marks and line feeds ("ab.\n\nCd"):
 *   a break after every line feed (SB4), none before (SB9).
 * Sets W->plain, W->brk (its first break; SIZE_MAX: none) and W->lf (the
 * second kind: a break after each of the line feeds that begin at brk - 1).
 * The unit tests and fuzz-segment compare the breaks with ICU's over the
 * whole text.
 */
static void
window_plain(const unsigned char *u, const unsigned char *kind, struct window *W)
{
    size_t i = W->b0, e = W->b1, j = i + 2;
    W->plain = W->lf = false;
    W->brk = SIZE_MAX;
    if (e - i < 5 || kind[u[i]] != K_LETTER || kind[u[i + 1]] != K_LETTER)
        return;
    while (j < e && j < i + 5 && ascii_term(u[j]))
        j++;
    size_t nterm = j - (i + 2);
    unsigned char last = nterm ? u[j - 1] : 0;
    while (j < e && ascii_close(u[j]))
        j++;
    if (j >= e)
        return;
    if (u[j] == '\n') {
        size_t lf0 = j;
        while (j < e && u[j] == '\n')
            j++;
        if (e - j != 2 || kind[u[j]] != K_LETTER || kind[u[j + 1]] != K_LETTER)
            return;
        W->plain = W->lf = true;
        W->brk = lf0 + 1;
        return;
    }
    if (!nterm || u[j] != ' ')
        return;
    while (j < e && u[j] == ' ')
        j++;
    size_t c0 = j;
    while (j < e && ascii_close(u[j]))
        j++;
    if (e - j != 2 || kind[u[j]] != K_LETTER || kind[u[j + 1]] != K_LETTER)
        return;
    W->plain = true;
    if (last != '.' || (u[j] >= 'A' && u[j] <= 'Z'))
        W->brk = c0;
}

/*
 * ICU's sentence breaks in [from, to) of a text, as byte offsets, one at a
 * time: the windows' breaks mapped back to the text (a plain window's
 * known without ICU), or those of the whole text.
 */
struct breaks {
    size_t from, to;
    bool utf16, done;
    size_t w, cw;      /* the window at hand, and the one the cursor is in */
    size_t cur8, cur16; /* the cursor: the last break, in bytes and in units */
    size_t pending;    /* ICU's next break in units, not yet taken; BRK_NONE: none asked */
    size_t pb;         /* the last break of the plain window at hand; SIZE_MAX: none yet */
};
#define BRK_NONE (SIZE_MAX - 1) /* (SIZE_MAX: ICU has no more) */

/*
 * Sets ICU to read [from, to) of @t. ICU reads a UTF-16 copy: over UTF-8
 * its UText converts the text chunk by chunk behind every access, which
 * cost a third of its time. A text longer than a chunk is read in place,
 * whole (it is one paragraph).
 */
static bool
breaks_open(struct segmenter *s, const char *t, size_t from, size_t to, struct breaks *it,
            whosaid_error *err)
{
    UErrorCode st = U_ZERO_ERROR;
    *it = (struct breaks){.from = from, .to = to, .utf16 = to - from <= SEG_CHUNK,
                          .cw = SIZE_MAX, .cur8 = from, .pending = BRK_NONE,
                          .pb = SIZE_MAX};
    s->nwin = 0;
    if (it->utf16) {
        if (!(s->whole ? add_window(s, from, to) : find_windows(s, t, from, to)))
            goto nomem;
        /* ICU reads the windows that are not plain; UTF-16 never takes more units than UTF-8 takes bytes */
        size_t need = 1, nslow = 0;
        for (size_t w = 0; w < s->nwin; w++) {
            struct window *W = &s->win[w];
            if (!s->whole)
                window_plain((const unsigned char *)t, s->kind, W);
            if (!W->plain) {
                need += W->b1 - W->b0 + 1;
                nslow++;
            }
        }
        if (!nslow) {
            it->pending = SIZE_MAX; /* nothing for ICU */
            return true;
        }
        if (!ws_grow((void **)&s->u16, &s->u16_cap, need, sizeof *s->u16))
            goto nomem;
        /* a line break ends each window: ICU breaks after it, and begins afresh */
        size_t n16 = 0;
        for (size_t w = 0; w < s->nwin; w++) {
            struct window *W = &s->win[w];
            if (W->plain)
                continue;
            W->u0 = n16;
            n16 += utf8_to_utf16(t + W->b0, W->b1 - W->b0, (uint16_t *)s->u16 + n16);
            W->u1 = n16;
            if (W->b1 < to)
                s->u16[n16++] = '\n';
        }
        utext_openUChars(&s->ut, s->u16, (int64_t)n16, &st);
    } else {
        utext_openUTF8(&s->ut, t + from, (int64_t)(to - from), &st);
    }
    ubrk_setUText(s->bi, &s->ut, &st);
    if (U_FAILURE(st)) {
        ws_error_set(err, WHOSAID_ERR_NOMEM, NULL, 0, 0, "ICU: %s", u_errorName(st));
        return false;
    }
    ubrk_first(s->bi);
    return true;
nomem:
    ws_error_set(err, WHOSAID_ERR_NOMEM, NULL, 0, 0, "out of memory");
    return false;
}

/* The next break, @to the last; then SIZE_MAX. */
static size_t
breaks_next(struct segmenter *s, const char *t, struct breaks *it)
{
    if (it->done)
        return SIZE_MAX;
    if (!it->utf16) {
        int32_t b16 = ubrk_next(s->bi);
        size_t b = b16 == UBRK_DONE ? SIZE_MAX : it->from + (size_t)b16;
        if (b < it->to)
            return b;
    }
    while (it->utf16 && it->w < s->nwin) {
        const struct window *W = &s->win[it->w];
        if (W->plain) {
            /* its first break, then (line feeds) one after each further line feed */
            size_t b = it->pb == SIZE_MAX                           ? W->brk
                       : W->lf && it->pb < W->b1 && t[it->pb] == '\n' ? it->pb + 1
                                                                     : SIZE_MAX;
            if (b == SIZE_MAX) {
                it->pb = SIZE_MAX;
                it->w++;
                continue;
            }
            it->pb = b;
            if (b < it->to)
                return b;
            break;
        }
        if (it->pending == BRK_NONE) {
            int32_t b16 = ubrk_next(s->bi);
            it->pending = b16 == UBRK_DONE ? SIZE_MAX : (size_t)b16;
        }
        size_t b16 = it->pending;
        if (b16 >= W->u1) { /* past this window: its line break's, or a later window's */
            it->w++;
            continue;
        }
        it->pending = BRK_NONE;
        if (b16 <= W->u0)
            continue; /* at its start: the line break's before it */
        if (it->cw != it->w) {
            it->cw = it->w;
            it->cur8 = W->b0;
            it->cur16 = W->u0;
        }
        size_t b = u8_offset(t, &it->cur8, &it->cur16, b16);
        if (b < it->to)
            return b;
        break;
    }
    it->done = true;
    return it->to;
}

size_t
seg_breaks(struct segmenter *s, const char *t, size_t from, size_t to, const size_t **out)
{
    whosaid_error err;
    struct breaks it;
    if (!breaks_open(s, t, from, to, &it, &err))
        return SIZE_MAX;
    s->nbrk = 0;
    for (size_t b; (b = breaks_next(s, t, &it)) != SIZE_MAX;) {
        if (!WS_GROW(s->brk, s->brk_cap, s->nbrk + 1))
            return SIZE_MAX;
        s->brk[s->nbrk++] = b;
    }
    *out = s->brk;
    return s->nbrk;
}

/*
 * Finds the sentences of [from, to) of @t and appends those of paragraphs
 * @p0 .. @p1 - 1, which that range holds. ICU always breaks after a line
 * break, so paragraphs (separated by line breaks) never share a sentence,
 * and one pass over many paragraphs costs less than a pass each (each
 * ubrk_setUText() resets the iterator's caches).
 */
static bool
sentences_in(struct segmenter *s, const char *t, size_t from, size_t to, size_t p0, size_t p1,
             struct seg_result *r, const struct lexicon *titles, whosaid_error *err)
{
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
    struct breaks it;
    if (!breaks_open(s, t, from, to, &it, err))
        return false;
    size_t p = p0;
    r->para_first_sent[p] = r->nsents;
    size_t a = from;
    for (size_t b; p < p1 && (b = breaks_next(s, t, &it)) != SIZE_MAX;) {
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
