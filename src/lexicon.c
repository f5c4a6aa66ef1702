/*
 * lexicon.c - word lists from the rules' .lex files: case-insensitive
 * look-up of a form, and expansion into a pattern alternation.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "whosaid-private.h"

/* The length of a folded form's leading run of letters and digits. */
static size_t
lead_run_len(const char *f)
{
    size_t i = 0;
    while (f[i] && (unsigned char)f[i] < 0x80 && ws_isalnum((unsigned char)f[i]))
        i++; /* ASCII a byte at a time: most forms are */
    if (!f[i] || (unsigned char)f[i] < 0x80)
        return i;
    size_t n = i + strlen(f + i);
    while (i < n) {
        size_t j = i;
        if (!ws_isalnum(utf8_next(f, n, &j)))
            break;
        i = j;
    }
    return i;
}

/*
 * Adds form @i to @slots keyed by its first @kl bytes, unless a form with
 * the same key is there; its full hash goes to @hashes when not NULL.
 */
static void
add_keyed(const struct lexicon *lex, uint32_t *slots, uint32_t *hashes, size_t mask, size_t i,
          size_t kl, bool lead)
{
    const char *f = lex->forms[i].form;
    uint32_t full = lex_key_hash_of(f, kl);
    size_t h = full & mask;
    for (; slots[h]; h = (h + 1) & mask) {
        const struct lex_form *g = &lex->forms[slots[h] - 1];
        if ((lead ? g->lead_len : g->first_len) == kl && !memcmp(g->form, f, kl))
            return;
    }
    slots[h] = (uint32_t)i + 1;
    if (hashes)
        hashes[h] = full;
}

/*
 * Fills the hash table that lex_lookup() uses (news text asks for each
 * word of every mention in several lexicons; a binary search of a thousand
 * forms cost ten string comparisons a word). Out of memory, the table is
 * left out and lex_lookup() searches the sorted forms instead.
 */
/* The length of a folded form's first word. */
static size_t
first_word_len(const char *f)
{
    const char *sp = strchr(f, ' ');
    return sp ? (size_t)(sp - f) : strlen(f);
}

static void
bloom_add(uint64_t *bloom, uint32_t h)
{
    for (int k = 0; k < 2; k++) {
        uint32_t bit = lex_bloom_bit(h, k);
        bloom[bit / 64] |= (uint64_t)1 << (bit % 64);
    }
}

static void
build_slots(struct lexicon *lex)
{
    /* until the tables are there, every word may start a form */
    memset(lex->first_bloom, 0xFF, sizeof lex->first_bloom);
    memset(lex->lead_bloom, 0xFF, sizeof lex->lead_bloom);
    memset(lex->multi_bloom, 0xFF, sizeof lex->multi_bloom);
    free(lex->slots);
    free(lex->first_slots);
    free(lex->lead_slots);
    free(lex->lead_hash);
    lex->slots = NULL;
    lex->first_slots = NULL;
    /* the lengths come first: the tables below may fail, these may not */
    for (size_t i = 0; i < lex->nforms; i++) {
        lex->forms[i].first_len = first_word_len(lex->forms[i].form);
        lex->forms[i].lead_len = lead_run_len(lex->forms[i].form);
    }
    lex->lead_slots = NULL;
    lex->lead_hash = NULL;
    size_t size = 16;
    while (size < lex->nforms * 2)
        size *= 2;
    uint32_t *slots = calloc(size, sizeof *slots);
    uint32_t *first = calloc(size, sizeof *first);
    uint32_t *lead = calloc(size, sizeof *lead);
    uint32_t *lead_hash = calloc(size, sizeof *lead_hash);
    if (!slots || !first || !lead || !lead_hash || lex->nforms >= UINT32_MAX) {
        free(slots);
        free(first);
        free(lead);
        free(lead_hash);
        return;
    }
    memset(lex->first_bloom, 0, sizeof lex->first_bloom);
    memset(lex->lead_bloom, 0, sizeof lex->lead_bloom);
    memset(lex->multi_bloom, 0, sizeof lex->multi_bloom);
    for (size_t i = 0; i < lex->nforms; i++) {
        const char *f = lex->forms[i].form;
        size_t fl = lex->forms[i].first_len, ll = lex->forms[i].lead_len;
        /* a form of one word of letters and digits is its own first word and lead: one hash */
        uint32_t hl = lex_key_hash_of(f, ll), hf = fl == ll ? hl : lex_key_hash_of(f, fl);
        bloom_add(lex->first_bloom, hf);
        bloom_add(lex->lead_bloom, hl);
        if (f[ll]) /* more after its first run: two words or more */
            bloom_add(lex->multi_bloom, hl);
        size_t h = (f[ll] ? lex_key_hash_of(f, strlen(f)) : hl) & (size - 1);
        while (slots[h])
            h = (h + 1) & (size - 1);
        slots[h] = (uint32_t)i + 1;
        add_keyed(lex, first, NULL, size - 1, i, lex->forms[i].first_len, false);
        add_keyed(lex, lead, lead_hash, size - 1, i, lex->forms[i].lead_len, true);
    }
    lex->slots = slots;
    lex->first_slots = first;
    lex->lead_slots = lead;
    lex->lead_hash = lead_hash;
    lex->slots_mask = size - 1;
}

static int
cmp_form(const void *a, const void *b)
{
    return strcmp(((const struct lex_form *)a)->form, ((const struct lex_form *)b)->form);
}

/* lex_can_guard()'s answer, found once (rules ask it for each guard). */
static bool
can_guard(const struct lexicon *lex)
{
    for (size_t i = 0; i < lex->nforms; i++) {
        const char *f = lex->forms[i].form;
        if (lex->entries[lex->forms[i].entry].weak) /* never in a pattern */
            continue;
        /*
         * The form's leading run of letters and digits must be a whole
         * word of the text that it matches, and one that is all ASCII
         * only if the form's run is: no caseless match of the long s,
         * the Kelvin sign or a dotted or dotless i against an ASCII
         * letter.
         */
        if (!lex->forms[i].lead_len)
            return false;
        bool ascii = true;
        for (const unsigned char *p = (const unsigned char *)f; *p && ascii; p++)
            ascii = *p < 0x80;
        if (!ascii && (strstr(f, "\xC5\xBF") || strstr(f, "\xE2\x84\xAA") ||
                       strstr(f, "\xC4\xB0") || strstr(f, "\xC4\xB1")))
            return false;
    }
    return true;
}

const char *
lex_finish(struct lexicon *lex, size_t *dup_line)
{
    size_t maxw = 0;
    /* a file in order (as tools/given-names.py writes one) needs no sort */
    bool sorted = true;
    for (size_t i = 1; i < lex->nforms && sorted; i++)
        sorted = strcmp(lex->forms[i - 1].form, lex->forms[i].form) < 0;
    if (lex->nforms && !sorted)
        qsort(lex->forms, lex->nforms, sizeof *lex->forms, cmp_form);
    for (size_t i = 0; i < lex->nforms; i++) {
        if (i && !sorted && !strcmp(lex->forms[i].form, lex->forms[i - 1].form)) {
            if (dup_line)
                *dup_line = lex->forms[i].line > lex->forms[i - 1].line ? lex->forms[i].line
                                                                         : lex->forms[i - 1].line;
            return lex->forms[i].form;
        }
        size_t w = 1, len = 0;
        for (const char *p = lex->forms[i].form; *p; p++, len++)
            w += *p == ' ';
        if (w > maxw)
            maxw = w;
        if (len > lex->max_len)
            lex->max_len = len;
    }
    lex->max_words = maxw;
    build_slots(lex);
    lex->can_guard = can_guard(lex);
    return NULL;
}

/* Folds @s into @out (ASCII lower case, white space runs to one space). */
static size_t
fold(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = o > 0;
            continue;
        }
        if (space) {
            if (o + 1 >= cap)
                return (size_t)-1;
            out[o++] = ' ';
            space = false;
        }
        if (o + 1 >= cap)
            return (size_t)-1;
        out[o++] = (char)lex_fold_byte((unsigned char)c);
    }
    out[o] = '\0';
    return o;
}

char *
lex_fold_dup(const char *s, size_t n)
{
    char *out = ws_malloc(n + 1);
    if (out && fold(s, n, out, n + 1) == (size_t)-1) {
        free(out);
        return NULL;
    }
    return out;
}

char *
lex_keep(struct lexicon *lex, const char *s, size_t n, bool folded)
{
    char *out = n < SIZE_MAX ? ws_arena_alloc(&lex->strings, n + 1) : NULL;
    if (!out)
        return NULL;
    if (folded) {
        (void)fold(s, n, out, n + 1); /* folding never lengthens */
    } else {
        memcpy(out, s, n);
        out[n] = '\0';
    }
    return out;
}

/* Is @word (@n bytes of text) the folded @form, ASCII letters compared without case? */
static bool
same_folded(const char *form, const char *word, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)form[i] != lex_fold_byte((unsigned char)word[i]))
            return false;
    return true;
}

bool
lex_lead_listed(const struct lexicon *lex, const char *word, size_t n, uint32_t h)
{
    for (size_t k = h & lex->slots_mask; lex->lead_slots[k]; k = (k + 1) & lex->slots_mask) {
        if (lex->lead_hash[k] != h)
            continue;
        const struct lex_form *g = &lex->forms[lex->lead_slots[k] - 1];
        if (g->lead_len == n && same_folded(g->form, word, n))
            return true;
    }
    return false;
}

bool
lex_is_form(const struct lexicon *lex, const char *word, size_t n, uint32_t h)
{
    const struct lex_entry *e = NULL;
    if (!lex->slots) {
        e = lex_lookup(lex, word, n);
    } else if (lex_bloom_has(lex->lead_bloom, h)) { /* all letters and digits: its own lead */
        for (size_t k = h & lex->slots_mask; lex->slots[k] && !e; k = (k + 1) & lex->slots_mask) {
            const struct lex_form *g = &lex->forms[lex->slots[k] - 1];
            size_t i = 0;
            while (i < n && (unsigned char)g->form[i] == lex_fold_byte((unsigned char)word[i]))
                i++; /* the form's '\0' stops it: no word holds one */
            if (i == n && !g->form[n])
                e = &lex->entries[g->entry];
        }
    }
    return e && !e->weak;
}

bool
lex_may_start(const struct lexicon *lex, const char *s, size_t n)
{
    if (!lex || !lex->first_slots)
        return lex != NULL;
    /* one word, as a caller asks nearly always: its folded hash, then the filter */
    size_t w = 0;
    while (w < n && s[w] != ' ' && s[w] != '\t' && s[w] != '\n' && s[w] != '\r')
        w++;
    if (w == n && n && !lex_bloom_has(lex->first_bloom, lex_key_hash_text(s, n)))
        return false;
    char key[256];
    size_t kn;
    if ((kn = fold(s, n, key, sizeof key)) == (size_t)-1)
        return true;
    size_t h = lex_key_hash_of(key, kn) & lex->slots_mask;
    for (uint32_t i; (i = lex->first_slots[h]) != 0; h = (h + 1) & lex->slots_mask) {
        const struct lex_form *g = &lex->forms[i - 1];
        if (g->first_len == kn && !memcmp(g->form, key, kn))
            return true;
    }
    return false;
}

/* The form @key (@n bytes, folded, hash @h) of @lex, if it is one. */
static const struct lex_entry *
lookup_folded(const struct lexicon *lex, const char *key, size_t n, uint32_t h)
{
    if (!lex->slots)
        return lex_lookup(lex, key, n); /* a binary search: the key folds to itself */
    for (size_t k = h & lex->slots_mask; lex->slots[k]; k = (k + 1) & lex->slots_mask) {
        const struct lex_form *g = &lex->forms[lex->slots[k] - 1];
        size_t i = 0;
        while (i < n && g->form[i] == key[i]) /* the form's '\0' stops it */
            i++;
        if (i == n && g->form[n] == '\0')
            return &lex->entries[g->entry];
    }
    return NULL;
}

const struct lex_entry *
lex_lookup(const struct lexicon *lex, const char *s, size_t n)
{
    char key[256];
    size_t kn;
    if (!lex)
        return NULL;
    if (n > lex->max_len) {
        /* folded, it keeps every byte but white space: longer than any form? */
        size_t keep = 0;
        for (size_t i = 0; i < n && keep <= lex->max_len; i++)
            keep += s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r';
        if (keep > lex->max_len)
            return NULL;
    }
    if ((kn = fold(s, n, key, sizeof key)) == (size_t)-1)
        return NULL;
    if (lex->slots)
        return lookup_folded(lex, key, kn, lex_key_hash_of(key, kn));
    size_t lo = 0, hi = lex->nforms;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(key, lex->forms[mid].form);
        if (c == 0)
            return &lex->entries[lex->forms[mid].entry];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

/* ---- the words of a paragraph ---- */

/* An ASCII letter or digit, folded to lower case; 0 for any other byte. */
static const unsigned char ascii_fold_alnum[256] = {
    ['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4', ['5'] = '5', ['6'] = '6',
    ['7'] = '7', ['8'] = '8', ['9'] = '9', ['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd',
    ['E'] = 'e', ['F'] = 'f', ['G'] = 'g', ['H'] = 'h', ['I'] = 'i', ['J'] = 'j', ['K'] = 'k',
    ['L'] = 'l', ['M'] = 'm', ['N'] = 'n', ['O'] = 'o', ['P'] = 'p', ['Q'] = 'q', ['R'] = 'r',
    ['S'] = 's', ['T'] = 't', ['U'] = 'u', ['V'] = 'v', ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y',
    ['Z'] = 'z', ['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e', ['f'] = 'f',
    ['g'] = 'g', ['h'] = 'h', ['i'] = 'i', ['j'] = 'j', ['k'] = 'k', ['l'] = 'l', ['m'] = 'm',
    ['n'] = 'n', ['o'] = 'o', ['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's', ['t'] = 't',
    ['u'] = 'u', ['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y', ['z'] = 'z',
};

/* Is the code point at @i (before @e) a letter or digit? Sets *@next past it. */
static bool
alnum_at(const char *t, size_t i, size_t e, size_t *next)
{
    unsigned char b = (unsigned char)t[i];
    if (b < 0x80) {
        *next = i + 1;
        return ascii_fold_alnum[b] != 0;
    }
    *next = i;
    return ws_isalnum(utf8_next(t, e, next));
}

/* Appends the word [@s, @e), whose folded form hashes to @h, to W->buf. */
static inline bool
add_word(struct lex_words *W, size_t s, size_t e, uint32_t h, bool wide)
{
    if (W->nbuf == W->cap && !ws_grow((void **)&W->buf, &W->cap, W->nbuf + 1, sizeof *W->buf))
        return false;
    struct lex_word *w = &W->buf[W->nbuf++];
    w->s = s;
    w->e = e;
    w->h = h;
    w->wide = wide;
    w->stop = w->stop_known = false;
    w->firm = 0;
    return true;
}

#if defined(__SSE2__)
/* Which of the sixteen bytes at @p are ASCII letters or digits (bit i for byte i); *@high: those outside ASCII. */
static inline unsigned
alnum16(const unsigned char *p, unsigned *high)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    /* (c | 0x20) - 'a' below 26, or c - '0' below 10, as signed comparisons */
    __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
    __m128i letter = _mm_cmplt_epi8(_mm_sub_epi8(lower, _mm_set1_epi8((char)('a' + 128))),
                                    _mm_set1_epi8((char)(26 - 128)));
    __m128i digit = _mm_cmplt_epi8(_mm_sub_epi8(v, _mm_set1_epi8((char)('0' + 128))),
                                   _mm_set1_epi8((char)(10 - 128)));
    *high = (unsigned)_mm_movemask_epi8(v);
    return (unsigned)_mm_movemask_epi8(_mm_or_si128(letter, digit));
}

/*
 * lex_key_hash() of the word [@s, @s + @n) of the 64 bytes at @b, ASCII
 * letters and digits (which fold with 0x20): its first eight bytes from
 * one load within the block (from the block's last eight where fewer
 * follow the word's start, shifted down), and its length. No branch: a
 * word's place in the block is no pattern a predictor can learn.
 */
static inline uint32_t
block_key_hash(const unsigned char *b, unsigned s, unsigned n)
{
    const uint64_t fold = 0x2020202020202020u;
    unsigned a = s < 56 ? s : 56; /* a word of eight or more begins by 56: it ends by 64 */
    uint64_t v = lex_key_first8((const char *)b + a, 8) >> (8 * (s - a));
    unsigned keep = n < 8 ? 64 - 8 * n : 0; /* the bytes past the word's, shifted out */
    return lex_key_hash((v | fold) << keep >> keep, n);
}

/*
 * The words of the 64 bytes at @i (all before the span's end), where
 * @i is no word's inside: those that begin and end before the block's
 * first byte outside ASCII, found from the bit masks of the block's
 * letters and digits (where each word begins, and where it ends). Room
 * for the most words a block holds is made once. Returns where the
 * one-byte reading goes on: the first word (or byte) not taken; SIZE_MAX
 * when out of memory.
 */
static size_t
read_block(struct lex_words *W, const unsigned char *u, size_t i)
{
    unsigned h0, h1, h2, h3;
    uint64_t m = (uint64_t)alnum16(u + i, &h0) | (uint64_t)alnum16(u + i + 16, &h1) << 16 |
                 (uint64_t)alnum16(u + i + 32, &h2) << 32 | (uint64_t)alnum16(u + i + 48, &h3) << 48;
    uint64_t high = (uint64_t)h0 | (uint64_t)h1 << 16 | (uint64_t)h2 << 32 | (uint64_t)h3 << 48;
    /* up to the first byte outside ASCII, which the one-byte reading takes with its word */
    unsigned limit = high ? (unsigned)__builtin_ctzll(high) : 64;
    uint64_t starts = m & ~(m << 1);
    /* a word's last byte; one at the block's end may go on past it */
    uint64_t lasts = m & ~(m >> 1);
    if (W->cap - W->nbuf < 32 && /* a word and a byte after it: 32 words at most */
        !ws_grow((void **)&W->buf, &W->cap, W->nbuf + 32, sizeof *W->buf))
        return SIZE_MAX;
    struct lex_word *out = W->buf + W->nbuf;
    while (starts) {
        unsigned s = (unsigned)__builtin_ctzll(starts);
        unsigned e = (unsigned)__builtin_ctzll(lasts) + 1;
        if (e >= limit) /* past the block, or to a byte outside ASCII, which may be a letter */
            break;
        *out++ = (struct lex_word){.s = i + s, .e = i + e, .h = block_key_hash(u + i, s, e - s)};
        starts &= starts - 1;
        lasts &= lasts - 1;
    }
    W->nbuf = (size_t)(out - W->buf);
    if (!starts)
        return i + limit;
    unsigned s = (unsigned)__builtin_ctzll(starts);
    return i + (s < limit ? s : limit);
}
#endif

/*
 * Appends the words of [@ps, @pe) of @t to W->buf. The byte at @pe is
 * read: a paragraph ends before white space or the text's NUL.
 */
static bool
read_span(struct lex_words *W, const char *t, size_t ps, size_t pe)
{
    const unsigned char *u = (const unsigned char *)t;
    /* no ASCII letter or digit at pe (as at every paragraph's end): a word's letters need no bound */
    bool bounded = ascii_fold_alnum[u[pe]] != 0;
    size_t i = ps;
    while (i < pe) {
#if defined(__SSE2__)
        /* 64 bytes a step where they lie before pe; the loop below takes what they leave, a word or byte at a time */
        if (i + 64 <= pe) {
            size_t next = read_block(W, u, i);
            if (next == SIZE_MAX)
                return false;
            if (next > i) {
                i = next;
                continue;
            }
        }
#endif
        size_t j = i + 1;
        if (!(u[i] < 0x80 ? ascii_fold_alnum[u[i]] : alnum_at(t, i, pe, &j))) {
            i = j;
            continue;
        }
        /* a word starts at i (the one before it, if any, ended before i) */
        size_t k = i;
        bool wide = false;
        for (;;) {
            if (bounded) {
                while (k < pe && ascii_fold_alnum[u[k]])
                    k++;
            } else {
                while (ascii_fold_alnum[u[k]])
                    k++;
            }
            if (k >= pe || u[k] < 0x80 || !alnum_at(t, k, pe, &j))
                break;
            wide = true;
            k = j;
        }
        if (!add_word(W, i, k, lex_key_hash_text(t + i, k - i), wide || u[i] >= 0x80))
            return false;
        i = k;
    }
    return true;
}

void
lex_words_reset(struct lex_words *W)
{
    W->w = NULL;
    W->n = 0;
    W->para = SIZE_MAX;
    W->nbuf = 0;
    W->whole = 0;
    W->text = NULL;
    W->from = W->to = W->last = 0;
    W->cw_known = W->gv_known = false;
    if (++W->gen == 0) { /* once in 2^32 documents: no entry may look current */
        memset(W->verdicts, 0, sizeof W->verdicts);
        W->gen = 1;
        W->wraps++; /* the guard tables' entries too (guard_callout()) */
    }
    /* the room a huge paragraph needed goes: news paragraphs hold a few hundred words */
    if (W->cap > 65536) {
        free(W->buf);
        W->buf = NULL;
        W->cap = 0;
    }
    if (W->first_cap > 65536) {
        free(W->first);
        W->first = NULL;
        W->first_cap = 0;
    }
}

void
lex_words_free(struct lex_words *W)
{
    free(W->buf);
    free(W->first);
    memset(W, 0, sizeof *W);
    W->para = SIZE_MAX;
}

bool
lex_read_words(struct lex_words *W, const char *t, const struct seg_result *seg, size_t p)
{
    if (W->para == p)
        return true;
    if (!W->whole) { /* the document's first request */
        size_t len = seg->nparas ? seg->paras[seg->nparas - 1].end - seg->paras[0].start : 0;
        W->whole = 2;
        if (len <= LEX_WORDS_WHOLE &&
            ws_grow((void **)&W->first, &W->first_cap, seg->nparas + 1, sizeof *W->first)) {
            W->nbuf = 0;
            size_t q = 0;
            for (; q < seg->nparas; q++) {
                W->first[q] = W->nbuf;
                if (!read_span(W, t, seg->paras[q].start, seg->paras[q].end))
                    break;
            }
            W->first[q] = W->nbuf;
            if (q == seg->nparas) {
                W->whole = 1;
                W->text = t;
                W->from = seg->paras[0].start;
                W->to = seg->paras[seg->nparas - 1].end;
                W->last = 0;
            }
        }
    }
    if (W->whole == 1) {
        W->w = W->buf ? W->buf + W->first[p] : NULL; /* a text without a word has no buffer */
        W->n = W->first[p + 1] - W->first[p];
        W->para = p;
        return true;
    }
    W->nbuf = 0;
    W->para = SIZE_MAX;
    W->text = NULL;
    if (!read_span(W, t, seg->paras[p].start, seg->paras[p].end))
        return false;
    W->w = W->buf;
    W->n = W->nbuf;
    W->para = p;
    W->text = t;
    W->from = seg->paras[p].start;
    W->to = seg->paras[p].end;
    W->last = 0;
    return true;
}

static bool
ascii_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/*
 * Is word @w (ASCII letters and digits) a form of @stop that a pattern's
 * (?!{STOP}\b) refuses: letters only (the pattern's look-up reads
 * letters, then asks for no word character), and followed by the end
 * @end or an ASCII byte that is none of '_', an apostrophe or a hyphen?
 * The last two may go on into a determiner's possessive ("the other's
 * spokesman", "the then-president's spokesman"), and a byte outside
 * ASCII ("other’s", or a letter) may too.
 */
static bool
whole_stop(const struct lexicon *stop, const char *t, const struct lex_word *w, size_t end)
{
    if (w->e < end &&
        ((unsigned char)t[w->e] >= 0x80 || t[w->e] == '_' || t[w->e] == '\'' || t[w->e] == '-'))
        return false;
    for (size_t i = w->s; i < w->e; i++)
        if (t[i] >= '0' && t[i] <= '9')
            return false;
    return lex_is_form(stop, t + w->s, w->e - w->s, w->h);
}

/*
 * Why the guard may count words at ASCII white space: in the patterns it
 * stands before, the words up to the form are runs without white space,
 * joined by \s+. Every word that follows an ASCII white-space byte there
 * follows one of those joints, so counting them never counts more words
 * than the pattern takes; a joint of other spaces only goes uncounted,
 * which lets the guard look further, never less far.
 */
bool
lex_ahead(struct lex_words *W, const struct lexicon *const *lexs, size_t nlexs,
          const uint64_t *bloom, const struct lexicon *stop, const char *t, size_t pos, size_t end,
          unsigned n)
{
    if (!W || W->text != t || pos < W->from || pos >= W->to)
        return true;
    const struct lex_word *w = W->whole == 1 ? W->buf : W->w;
    size_t nw = W->whole == 1 ? W->nbuf : W->n;
    /*
     * The first word that ends after pos. A rule is tried at one start
     * after another, so it is most often at or a few words after the one
     * found last; else a binary search.
     */
    size_t k = W->last <= nw ? W->last : 0;
    for (size_t steps = 0; k < nw && w[k].e <= pos && steps < 8; steps++)
        k++;
    if ((k < nw && w[k].e <= pos) || (k > 0 && w[k - 1].e > pos))
        k = lex_words_from(w, nw, pos);
    W->last = k;
    unsigned seen = 0;
    for (; k < nw; k++) {
        if (w[k].s >= end)
            return false; /* no word left before the subject's end */
        if (w[k].s < pos || w[k].e > end)
            return true; /* a word that begins before pos, or one the end cuts */
        bool counted = w[k].s > pos && ascii_space((unsigned char)t[w[k].s - 1]);
        if (counted && ++seen > n)
            return false;
        if (w[k].wide)
            return true;
        /* no lead of any of them where the union's filter says so: each one's would */
        if (!bloom || lex_bloom_has(bloom, w[k].h))
            for (size_t i = 0; i < nlexs; i++)
                if (lex_has_lead(lexs[i], t + w[k].s, w[k].e - w[k].s, w[k].h))
                    return true;
        if (stop && counted && whole_stop(stop, t, &w[k], end))
            return false;
    }
    return end > W->to; /* past the words read, the text is unknown */
}

const struct lex_word *
lex_ahead_words(const struct lex_words *W, const char *t, size_t pos, size_t *n)
{
    if (!W || W->text != t || pos < W->from || pos >= W->to)
        return NULL;
    *n = W->whole == 1 ? W->nbuf : W->n;
    return W->whole == 1 ? W->buf : W->w;
}

/*
 * Why one pass back gives lex_ahead()'s verdicts: the scan from word k
 * stops at the first word after k that decides (an event: one the end
 * cuts, a wide one or a lead: true; a counted stop word: false), unless
 * the (N+1)th counted word comes first (false), or it runs out of words
 * before the end (false; past the words read, the text is unknown). So
 * each word needs only the next event after it, and the counted words
 * in between.
 */
void
lex_ahead_sweep(const struct lex_words *W, const struct lex_guard_memo *g, const char *t,
                const struct lex_word *w, size_t nw, size_t k0, size_t k1, size_t end, bool *pass)
{
    const uint64_t *bloom = g->nlexs > 1 ? g->bloom : NULL; /* as guard_callout() asks */
    size_t last = k1; /* the first word that begins at or after end: every scan ends there */
    while (last < nw && w[last].s < end)
        last++;
    bool past = last == nw && end > W->to; /* what a scan that gets there answers */
    size_t next = last; /* the next event after the word at hand, and what it is */
    bool next_cut = false, next_counted = false, next_yes = false;
    unsigned between = 0; /* counted words strictly between the word at hand and next */
    for (size_t j = last; j-- > k0;) {
        const struct lex_word *x = &w[j];
        bool cut = x->e > end, yes = x->wide;
        if (!cut && !yes && (!bloom || lex_bloom_has(bloom, x->h)))
            for (size_t i = 0; i < g->nlexs && !yes; i++)
                yes = lex_has_lead(g->lexs[i], t + x->s, x->e - x->s, x->h);
        bool counted = x->s > 0 && ascii_space((unsigned char)t[x->s - 1]);
        if (j < k1) {
            bool p;
            if (cut || yes)
                p = true; /* the word itself: no counting, no stop word */
            else if (between > g->n)
                p = false;
            else if (next == last)
                p = past;
            else if (next_cut)
                p = true; /* before counting */
            else if (next_counted && between + 1 > g->n)
                p = false;
            else
                p = next_yes;
            pass[j - k0] = p;
        }
        bool no = !cut && !yes && counted && g->stop && whole_stop(g->stop, t, x, end);
        if (cut || yes || no) {
            next = j;
            next_cut = cut;
            next_counted = counted;
            next_yes = yes;
            between = 0;
        } else {
            between += counted;
        }
    }
}

/* May a form's word end at @e of @t, before @end: is no \w there? 1 yes, 0 no, -1 cannot tell. */
static int
form_end_ok(const unsigned char *u, size_t e, size_t end)
{
    if (e >= end)
        return 1;
    return u[e] >= 0x80 ? -1 : u[e] != '_'; /* no letter or digit: it would be the word's */
}

int
lex_form_at(const struct lexicon *lex, const struct lex_word *w, size_t n, size_t k, const char *t,
            size_t end, size_t *ends)
{
    const unsigned char *u = (const unsigned char *)t;
    size_t s = w[k].s;
    if (s > 0 && u[s - 1] >= 0x80)
        return -1; /* a letter or a number to PCRE2's \w? */
    if (s > 0 && (u[s - 1] == '_' || ascii_fold_alnum[u[s - 1]]))
        return 0; /* no \b before the word */
    if (w[k].wide || w[k].e > end)
        return -1; /* letters outside ASCII, or a word the subject's end cuts */
    int found = 0;
    /* one word: its hash is the folded form's (a digit in it makes it none) */
    int ok = form_end_ok(u, w[k].e, end);
    if (ok < 0)
        return -1;
    if (ok && lex_is_form(lex, t + s, w[k].e - s, w[k].h))
        ends[found++] = w[k].e;
    if (!ok || !lex_bloom_has(lex->multi_bloom, w[k].h))
        return found; /* '_' after it ends every form; or no form of more words begins with it */
    char key[LEX_WORD_FORM_MAX + 8];
    size_t o = 0;
    for (size_t j = k; j < n && j < k + LEX_WORDS_MAX && w[j].s < end; j++) {
        if (j > k) {
            /* the joint: one hyphen, or a run of white space (the pattern's SEP) */
            size_t g = w[j - 1].e;
            if (u[g] == '-' && g + 1 == w[j].s) {
                key[o++] = '-';
            } else {
                for (; g < w[j].s; g++) {
                    if (u[g] >= 0x80)
                        return -1; /* white space outside ASCII? */
                    if (!ascii_space(u[g]))
                        return found; /* no joint: no form runs on */
                }
                key[o++] = ' ';
            }
            if (w[j].wide || w[j].e > end)
                return -1;
        }
        if (o + (w[j].e - w[j].s) + 2 >= sizeof key)
            return found; /* longer than any form (LEX_WORD_FORM_MAX) */
        for (size_t i = w[j].s; i < w[j].e; i++) {
            if (u[i] >= '0' && u[i] <= '9')
                return found; /* a digit: the letters before it are followed by \w */
            key[o++] = (char)(u[i] | 0x20);
        }
        if (j == k)
            continue; /* one word: asked above */
        if ((ok = form_end_ok(u, w[j].e, end)) <= 0)
            return ok < 0 ? -1 : found; /* '_' after it: no form ends here or runs on */
        const struct lex_entry *f = lookup_folded(lex, key, o, lex_key_hash_of(key, o));
        if (f && !f->weak)
            ends[found++] = w[j].e;
    }
    return found;
}

size_t
lex_words_from(const struct lex_word *w, size_t n, size_t pos)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (w[mid].e <= pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static size_t
char_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static bool
emit_char(struct ws_buf *b, const char *c, size_t n)
{
    if (n == 1 && *c == ' ')
        return ws_buf_puts(b, "\\s+");
    if (n == 1 && strchr("\\^$.|?*+()[]{}/#-", *c))
        return ws_buf_putc(b, '\\') && ws_buf_putc(b, *c);
    return ws_buf_put(b, c, n);
}

/*
 * Emits the sorted, distinct @forms, which share their first @depth bytes,
 * as a prefix tree: (?:ab(?:out|ove)|cross). PCRE2 tries the branches of
 * an alternation one by one, so a flat list of a thousand verbs costs a
 * thousand comparisons at every position; the tree costs a few. Where a
 * form ends and longer ones go on, the rest is optional and greedy, so the
 * longest form still wins.
 */
static bool
emit_trie(struct ws_buf *b, const char *const *forms, size_t n, size_t depth)
{
    bool has_end = forms[0][depth] == '\0';
    size_t i = has_end ? 1 : 0;
    if (i == n)
        return true;
    size_t groups = 0;
    for (size_t k = i; k < n;) {
        size_t cl = char_len((unsigned char)forms[k][depth]);
        size_t e = k + 1;
        while (e < n && !strncmp(forms[e] + depth, forms[k] + depth, cl))
            e++;
        groups++;
        k = e;
    }
    bool wrap = has_end || groups > 1;
    if (wrap && !ws_buf_puts(b, "(?:"))
        return false;
    bool first = true;
    while (i < n) {
        size_t cl = char_len((unsigned char)forms[i][depth]);
        size_t e = i + 1;
        while (e < n && !strncmp(forms[e] + depth, forms[i] + depth, cl))
            e++;
        if (!first && !ws_buf_putc(b, '|'))
            return false;
        first = false;
        if (!emit_char(b, forms[i] + depth, cl) || !emit_trie(b, forms + i, e - i, depth + cl))
            return false;
        i = e;
    }
    if (wrap && !ws_buf_puts(b, has_end ? ")?" : ")"))
        return false;
    return true;
}

char *
lex_to_pattern(const struct lexicon *lex)
{
    const char **forms = ws_malloc((lex->nforms ? lex->nforms : 1) * sizeof *forms);
    struct ws_buf b = {0};
    if (!forms)
        return NULL;
    size_t nf = 0;
    for (size_t i = 0; i < lex->nforms; i++)
        if (!lex->entries[lex->forms[i].entry].weak) /* weak=yes: look-ups only */
            forms[nf++] = lex->forms[i].form;
    qsort(forms, nf, sizeof *forms, cmp_str);
    /*
     * Lexicons match without regard to case, and the longest form first
     * even under (?U), which would make the tree's optional tails lazy.
     */
    bool ok = ws_buf_puts(&b, "(?i-U:");
    if (ok && nf)
        ok = emit_trie(&b, forms, nf, 0);
    if (ok && !nf)
        ok = ws_buf_puts(&b, "(*FAIL)");
    ok = ok && ws_buf_putc(&b, ')');
    free(forms);
    if (!ok) {
        ws_buf_free(&b);
        return NULL;
    }
    return b.data;
}

/* ---- lexicon words by callout ---- */

/*
 * The letters a word of a callout lexicon is made of, as PCRE2 matches
 * them without regard to case (UTF, UCP): ASCII letters, the long s
 * (U+017F, an "s") and the Kelvin sign (U+212A, a "k"). No other code
 * point matches an ASCII letter without case.
 */
#define WORD_LETTER "[A-Za-z\\x{17F}\\x{212A}]++"

/*
 * The letter of a form that the word letter at @i (before @end) of @t
 * stands for, folded, and its length in *@len; 0 when @i holds none.
 */
static inline char
word_letter(const unsigned char *t, size_t i, size_t end, size_t *len)
{
    unsigned char c = t[i];
    if (c < 0x80) {
        *len = 1;
        c |= 0x20;
        return c >= 'a' && c <= 'z' ? (char)c : 0;
    }
    if (c == 0xC5 && i + 1 < end && t[i + 1] == 0xBF) {
        *len = 2;
        return 's';
    }
    if (c == 0xE2 && i + 2 < end && t[i + 1] == 0x84 && t[i + 2] == 0xAA) {
        *len = 3;
        return 'k';
    }
    return 0;
}

bool
lex_can_guard(const struct lexicon *lex)
{
    return lex->lead_slots && lex->can_guard;
}

char *
lex_to_word_pattern(const struct lexicon *lex, size_t index)
{
    if (index >= LEX_CALLOUT_LEXICONS)
        return NULL;
    size_t kmax = 0;
    bool spaces = false, hyphens = false;
    for (size_t i = 0; i < lex->nforms; i++) {
        if (lex->entries[lex->forms[i].entry].weak) /* never in a pattern */
            continue;
        const char *f = lex->forms[i].form;
        size_t words = 1;
        for (const char *c = f; *c; c++) {
            if (*c >= 'a' && *c <= 'z')
                continue;
            bool joint = (*c == ' ' || *c == '-') && c > f && c[1] && c[1] != ' ' && c[1] != '-';
            if (!joint)
                return NULL;
            words++;
            spaces |= *c == ' ';
            hyphens |= *c == '-';
        }
        if (!*f || strlen(f) > LEX_WORD_FORM_MAX)
            return NULL; /* no form is so long: the callout's key has room for these */
        if (words > kmax)
            kmax = words;
    }
    if (!kmax || kmax > LEX_WORDS_MAX)
        return NULL;
    /*
     * (?:(?C<k>)W(?:SEP W){k-1}(?!\w)|...|(?C<1>)W(?!\w)): the most words
     * first, as the prefix tree's greedy branches try them; each callout
     * decides, before its branch takes them, whether the k words that
     * begin there are a form. W++ and SEP take maximal runs, so the branch
     * takes the very words the callout read.
     */
    const char *sep = spaces && hyphens ? "(?:" LEX_SPACE_CLASS "++|-)"
                      : spaces          ? LEX_SPACE_CLASS "++"
                                        : "-";
    unsigned base = (unsigned)(index * LEX_CALLOUTS);
    struct ws_buf b = {0};
    char num[32];
    /* (?:(?C<gate>)(?:...)) where forms have more words than one: a gate that fails fails the group */
    snprintf(num, sizeof num, "(?:(?C%u)(?:", base + LEX_CALLOUTS);
    bool ok = ws_buf_puts(&b, kmax > 1 ? num : "(?:");
    for (size_t k = kmax; ok && k >= 1; k--) {
        snprintf(num, sizeof num, "(?C%u)", base + (unsigned)k);
        ok = (k == kmax || ws_buf_putc(&b, '|')) && ws_buf_puts(&b, num) &&
             ws_buf_puts(&b, WORD_LETTER);
        for (size_t w = 1; ok && w < k; w++)
            ok = ws_buf_puts(&b, sep) && ws_buf_puts(&b, WORD_LETTER);
        ok = ok && ws_buf_puts(&b, "(?!\\w)");
    }
    ok = ok && ws_buf_puts(&b, kmax > 1 ? "))" : ")");
    if (!ok) {
        ws_buf_free(&b);
        return NULL;
    }
    return b.data;
}


size_t
lex_space(const char *text, size_t i, size_t end)
{
    const unsigned char *t = (const unsigned char *)text;
    if (t[i] < 0x80)
        return t[i] == ' ' || (t[i] >= '\t' && t[i] <= '\r') ? 1 : 0;
    size_t j = i;
    uint32_t c = utf8_next(text, end, &j);
    bool space = c == 0x85 || c == 0xA0 || c == 0x1680 || c == 0x180E ||
                 (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
                 c == 0x205F || c == 0x3000;
    return space ? j - i : 0;
}

/*
 * The table of guard string @str's verdicts: the one it has, or a free
 * one; NULL when none is left.
 */
static struct lex_guard_table *
guard_table(const struct lex_callout_data *D, const unsigned char *str, size_t len)
{
    for (size_t i = 0; D->guard_tables && i < LEX_GUARD_MEMOS; i++) {
        struct lex_guard_table *tb = &D->guard_tables[i];
        if (!tb->len && len <= sizeof tb->str) { /* tables are taken in order: the rest are free */
            memcpy(tb->str, str, len);
            tb->len = len;
            return tb;
        }
        if (tb->len == len && !memcmp(tb->str, str, len))
            return tb;
    }
    return NULL;
}

void
lex_guard_note(const struct lex_callout_data *D, const char *str, size_t pos, size_t end, bool pass)
{
    const struct lex_words *W = D->words;
    if (!W || W->whole != 1)
        return; /* guard_callout() keeps no verdicts by place then */
    struct lex_guard_table *tb = guard_table(D, (const unsigned char *)str, strlen(str));
    if (!tb)
        return;
    if (tb->wraps != W->wraps) { /* as guard_callout() does */
        memset(tb->at, 0, sizeof tb->at);
        tb->wraps = W->wraps;
    }
    tb->at[pos & (LEX_GUARD_VERDICTS - 1)] =
        (struct lex_verdict){.pos = pos, .end = end, .gen = W->gen, .fail = !pass};
}

/*
 * Reads a lexicon guard's callout string ('W<i>,<j>,...:<N>', or with
 * '!<s>', the lexicon whose words end the search) into @g: its lexicons,
 * N, the stop lexicon and the union of the lead Bloom filters; false when
 * it cannot be read (g->len is then 0). Sets neither g->str nor g->table.
 */
bool
lex_guard_read(const whosaid_rules *R, const char *str, size_t len, struct lex_guard_memo *g)
{
    const char *s = str, *e = s + len;
    g->len = 0; /* until read whole */
    g->nlexs = 0;
    g->n = 0;
    if (s == e || *s++ != 'W')
        return false;
    for (;;) {
        size_t i = 0;
        if (s == e || *s < '0' || *s > '9')
            return false;
        while (s < e && *s >= '0' && *s <= '9')
            i = i * 10 + (size_t)(*s++ - '0');
        if (i >= R->nlexicons || g->nlexs == LEX_GUARD_MAX)
            return false;
        g->lexs[g->nlexs++] = &R->lexicons[i];
        if (s < e && *s == ',') {
            s++;
            continue;
        }
        if (s == e || *s++ != ':')
            return false;
        break;
    }
    const char *digits = s;
    for (; s < e && *s >= '0' && *s <= '9' && g->n < 1000; s++)
        g->n = g->n * 10 + (unsigned)(*s - '0');
    if (s == digits)
        return false;
    g->stop = NULL;
    if (s < e && *s == '!') { /* the lexicon whose words end the search */
        size_t i = 0;
        for (digits = ++s; s < e && *s >= '0' && *s <= '9' && i < R->nlexicons; s++)
            i = i * 10 + (size_t)(*s - '0');
        if (s == digits || i >= R->nlexicons)
            return false;
        g->stop = &R->lexicons[i];
    }
    if (s != e)
        return false;
    memcpy(g->bloom, g->lexs[0]->lead_bloom, sizeof g->bloom);
    for (size_t l = 1; l < g->nlexs; l++)
        for (size_t b = 0; b < LEX_BLOOM_BITS / 64; b++)
            g->bloom[b] |= g->lexs[l]->lead_bloom[b];
    return true;
}

/*
 * A lexicon guard, 'W<i>,<j>,...:<N>', or 'W<i>,<j>,...:<N>!<s>' with a
 * lexicon whose words end the search (lex_ahead()): 0 to go on, 1 to fail
 * here. The engine wrote the string; one it cannot read passes.
 */
static int
guard_callout(pcre2_callout_block *cb, const struct lex_callout_data *D)
{
    const unsigned char *str = cb->callout_string;
    size_t len = cb->callout_string_length;
    if (!D->words)
        return 0;
    /* each string read once: the memo is looked up by where the string is, and checked by what it
     * says */
    struct lex_guard_memo one, *g = &one;
    if (D->guards && len < sizeof one.str) {
        g = &D->guards[((uintptr_t)str >> 3) & (LEX_GUARD_MEMOS - 1)];
        if (g->len == len && !memcmp(g->str, str, len))
            goto run;
    }
    if (!lex_guard_read(D->rules, (const char *)str, len, g))
        return 0;
    g->table = NULL;
    if (g != &one) {
        memcpy(g->str, str, len);
        g->len = len;
        g->table = guard_table(D, str, len);
    }
run:;
    struct lex_words *W = D->words;
    const char *t = (const char *)cb->subject;
    size_t pos = cb->current_position, end = cb->subject_length;
    /* the string's verdicts by place while the words cover the document; else the last one */
    struct lex_verdict *v = NULL;
    if (g->table && W->whole == 1 && W->text == t) {
        if (g->table->wraps != W->wraps) { /* gen went round: old documents' entries may match it */
            memset(g->table->at, 0, sizeof g->table->at);
            g->table->wraps = W->wraps;
        }
        v = &g->table->at[pos & (LEX_GUARD_VERDICTS - 1)];
        if (v->gen == W->gen && v->pos == pos && v->end == end)
            return v->fail;
    } else if (W->gv_known && W->gv_pos == pos && W->gv_end == end && W->gv_from == W->from &&
               W->text == t && W->gv_len == len && !memcmp(W->gv_str, str, len)) {
        return W->gv_pass ? 0 : 1;
    }
    bool pass =
        lex_ahead(W, g->lexs, g->nlexs, g->nlexs > 1 ? g->bloom : NULL, g->stop, t, pos, end, g->n);
    if (v) {
        *v = (struct lex_verdict){.pos = pos, .end = end, .gen = W->gen, .fail = !pass};
    } else if (W->text == t && len <= sizeof W->gv_str) {
        memcpy(W->gv_str, str, len);
        W->gv_len = len;
        W->gv_pos = pos;
        W->gv_end = end;
        W->gv_from = W->from;
        W->gv_pass = pass;
        W->gv_known = true;
    }
    return pass ? 0 : 1;
}

/*
 * The end of the run of letters at @i of @t (before @end), as a branch's
 * W takes it: ASCII letters and the two outside ASCII that fold to one (no
 * form holds a digit). Their folded form goes on into *@h and, when @key
 * is not NULL, into @key at *@o; SIZE_MAX when @key's @cap bytes would not
 * hold it (no form is so long). Inline: each call site gets its own loop.
 */
static inline size_t
letters_end(const unsigned char *t, size_t i, size_t end, struct lex_key *h, char *key, size_t *o,
            size_t cap)
{
    for (size_t len; i < end; i += len) {
        char f = (char)ascii_fold_alnum[t[i]];
        f = f >= 'a' ? f : 0; /* letters only: no form holds a digit */
        len = 1;
        if (!f && (t[i] < 0x80 || !(f = word_letter(t, i, end, &len))))
            break;
        if (key) {
            if (*o + 2 >= cap)
                return SIZE_MAX;
            key[(*o)++] = f;
        }
        lex_key_byte(h, (unsigned char)f);
    }
    return i;
}

static int callout_verdict(const struct lex_callout_data *D, uint32_t n, const unsigned char *t,
                           size_t i, size_t end);

/* ---- the memo of speaker ends (struct end_memo) ---- */

void
end_memo_begin(struct end_memo *M, uint32_t rule)
{
    if (++M->run == 0) { /* once in 2^32 runs: no pending entry may look current */
        memset(M->at, 0, sizeof M->at);
        M->run = 1;
    }
    M->rule = rule;
    M->npending = 0;
    M->active = true;
}

/* The run that began with end_memo_begin() returned @rc. */
void
end_memo_end(struct end_memo *M, int rc)
{
    if (rc == PCRE2_ERROR_NOMATCH)
        for (unsigned i = 0; i < M->npending; i++) {
            struct end_memo_entry *e = &M->at[M->pending[i]];
            if (e->run == M->run) /* not taken since by another place of this run, also pending */
                e->done = true;
        }
    M->active = false;
}

/* END_MEMO_CALLOUT: 1 to fail where the rest of the rule is known to fail, else 0. */
static int
end_memo_callout(const pcre2_callout_block *cb, const struct lex_callout_data *D)
{
    struct end_memo *M = D->memo;
    const struct lex_words *W = D->words;
    if (!M || !M->active || !W || (const unsigned char *)W->text != cb->subject)
        return 0;
    if (M->wraps != W->wraps) { /* the words' gen went round: old documents' entries may match it */
        memset(M->at, 0, sizeof M->at);
        M->wraps = W->wraps;
    }
    size_t pos = cb->current_position, end = cb->subject_length;
    size_t slot = (pos * 0x9E3779B1u + M->rule * 0x85EBCA6Bu) >> 7 & (END_MEMO_SLOTS - 1);
    struct end_memo_entry *e = &M->at[slot];
    if (e->pos == pos && e->end == end && e->gen == W->gen && e->rule == M->rule &&
        (e->done || e->run == M->run))
        return 1;
    if (M->npending < END_MEMO_PENDING) {
        *e = (struct end_memo_entry){
            .pos = pos, .end = end, .gen = W->gen, .rule = M->rule, .run = M->run};
        M->pending[M->npending++] = (uint16_t)slot;
    }
    return 0;
}

int
lex_callout(pcre2_callout_block *cb, void *data)
{
    const struct lex_callout_data *D = data;
    if (D && D->rules && cb->callout_string)
        return cb->callout_string_length == 1 && cb->callout_string[0] == 'M'
                   ? end_memo_callout(cb, D)
                   : guard_callout(cb, D);
    const whosaid_rules *R = D ? D->rules : NULL;
    uint32_t n = cb->callout_number;
    if (!R || n == 0 || (n - 1) / LEX_CALLOUTS >= R->nlexicons)
        return 0; /* not the engine's */
    struct lex_words *W = D->words;
    const unsigned char *t = cb->subject;
    size_t i = cb->current_position, end = cb->subject_length;
    if (!W || (const unsigned char *)W->text != t)
        return callout_verdict(D, n, t, i, end);
    struct lex_verdict *v = &W->verdicts[(i * 8 ^ n) & (LEX_VERDICTS - 1)];
    if (v->gen == W->gen && v->pos == i && v->end == end && v->num == n)
        return v->fail;
    *v = (struct lex_verdict){.pos = i, .end = end, .gen = W->gen, .num = (uint16_t)n};
    v->fail = callout_verdict(D, n, t, i, end);
    return v->fail;
}

/* lex_callout()'s look-up for callout @n at @i of @t (before @end): 0 to go on, 1 to fail here. */
static int
callout_verdict(const struct lex_callout_data *D, uint32_t n, const unsigned char *t, size_t i,
                size_t end)
{
    const struct lexicon *lex = &D->rules->lexicons[(n - 1) / LEX_CALLOUTS];
    size_t k = (n - 1) % LEX_CALLOUTS + 1; /* the words the branch takes; LEX_CALLOUTS: the gate */
    bool gate = k == LEX_CALLOUTS;
    size_t len;
    char key[LEX_WORD_FORM_MAX + 8];
    size_t o = 0;
    struct lex_key h = {0};
    for (size_t w = 0; w < k; w++) {
        if (w) {
            /* the joint: a hyphen, or a run of white space (the pattern's SEP) */
            if (i < end && t[i] == '-') {
                key[o++] = '-';
                lex_key_byte(&h, '-');
                i++;
            } else if (i < end && (len = lex_space((const char *)t, i, end)) != 0) {
                do
                    i += len;
                while (i < end && (len = lex_space((const char *)t, i, end)) != 0);
                key[o++] = ' ';
                lex_key_byte(&h, ' ');
            } else {
                return 1;
            }
        }
        size_t w0 = o, s0 = i;
        if (w == 0) {
            /*
             * The first word's hash alone: two bit tests turn most words
             * away (no form begins with it, or of one word: is it, or none
             * of k words), and the key is written only for the rest.
             */
            struct lex_words *W = D->words;
            if (W && W->cw_known && W->cw_pos == s0 && W->cw_limit == end &&
                (const unsigned char *)W->text == t) {
                i = W->cw_end;
                h = W->cw_key;
            } else {
                i = letters_end(t, i, end, &h, NULL, NULL, 0);
                if (W && (const unsigned char *)W->text == t) {
                    W->cw_pos = s0;
                    W->cw_limit = end;
                    W->cw_end = i;
                    W->cw_key = h;
                    W->cw_known = true;
                }
            }
            if (i == s0)
                return 1; /* no word here: the branch cannot match */
            uint32_t fh = lex_key_of(&h);
            if (gate) /* may a form begin with it? (lead_bloom holds every form's first word) */
                return lex_bloom_has(lex->lead_bloom, fh) ? 0 : 1;
            if (!lex_bloom_has(k > 1 ? lex->multi_bloom : lex->lead_bloom, fh))
                return 1;
            for (size_t x = s0; x < i; x += len) {
                if (o + 2 >= sizeof key)
                    return 1; /* longer than any form (LEX_WORD_FORM_MAX) */
                char f = (char)ascii_fold_alnum[t[x]];
                len = 1;
                key[o++] = f >= 'a' ? f : word_letter(t, x, end, &len);
            }
            continue;
        }
        i = letters_end(t, i, end, &h, key, &o, sizeof key);
        if (i == SIZE_MAX)
            return 1; /* longer than any form (LEX_WORD_FORM_MAX) */
        if (o == w0)
            return 1; /* no word here: the branch cannot match */
    }
    const struct lex_entry *e = lookup_folded(lex, key, o, lex_key_of(&h));
    return e && !e->weak ? 0 : 1;
}

void
lex_free(struct lexicon *lex)
{
    ws_arena_free(&lex->strings); /* the lemmas and forms */
    free(lex->entries);
    free(lex->forms);
    free(lex->slots);
    free(lex->first_slots);
    free(lex->lead_slots);
    free(lex->lead_hash);
    free(lex->name);
    memset(lex, 0, sizeof *lex);
}
