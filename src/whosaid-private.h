/*
 * whosaid-private.h - internal structures shared by the library's modules.
 * Nothing here is installed.
 */
#ifndef WHOSAID_PRIVATE_H
#define WHOSAID_PRIVATE_H

#include <stdalign.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "whosaid.h"
#include "whosaid-pcre.h"

/* Is the environment variable @name set to something other than "" or "0"? */
static inline bool
ws_env_flag(const char *name)
{
    const char *v = getenv(name);
    return v && *v && *v != '0';
}

/*
 * Unicode character classes, answered for ASCII without a call into ICU
 * (news text is mostly ASCII, and these run on every character of a
 * paragraph); ICU decides the rest.
 */
static inline bool
ws_isspace(uint32_t c)
{
    return c < 0x80 ? c == ' ' || (c >= 0x09 && c <= 0x0D) : u_isUWhiteSpace((UChar32)c);
}

static inline bool
ws_isalnum(uint32_t c)
{
    return c < 0x80 ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    : u_isalnum((UChar32)c);
}

static inline bool
ws_isupper(uint32_t c)
{
    return c < 0x80 ? c >= 'A' && c <= 'Z' : u_isupper((UChar32)c);
}

static inline bool
ws_islower(uint32_t c)
{
    return c < 0x80 ? c >= 'a' && c <= 'z' : u_islower((UChar32)c);
}

#define WS_UNUSED(x) ((void)(x))

/* ---- alloc.c: memory, errors, growable buffers ---- */

void *ws_malloc(size_t n);
void *ws_calloc(size_t n, size_t size);
void *ws_realloc(void *p, size_t n);
char *ws_strndup(const char *s, size_t n);
char *ws_strdup(const char *s);

/* Grows *arr (element size @size) so that it holds at least @need elements. */
bool ws_grow(void **arr, size_t *cap, size_t need, size_t size);
/* (the room is there nearly always: asked in line, the call made only to grow) */
#define WS_GROW(arr, cap, need) ((need) <= (cap) || ws_grow((void **)&(arr), &(cap), (need), sizeof *(arr)))

/*
 * An arena: memory for one document's work, taken by bumping a pointer
 * and given back all at once (ws_arena_reset()), which keeps one block
 * for the next document. Under AddressSanitizer every allocation is its
 * own malloc(), so that overflows are still caught.
 */
struct ws_arena_block;
struct ws_arena {
    struct ws_arena_block *head; /* the block allocations come from; older ones after it */
    void *last;                  /* the latest allocation, which may grow in place */
};
void *ws_arena_alloc(struct ws_arena *A, size_t n);
void *ws_arena_calloc(struct ws_arena *A, size_t n, size_t size);
/* ws_grow() in the arena: the old array's memory is given back with the rest. */
bool ws_arena_grow(struct ws_arena *A, void **arr, size_t *cap, size_t need, size_t size);
#define WS_ARENA_GROW(A, arr, cap, need)                                                          \
    ((need) <= (cap) || ws_arena_grow((A), (void **)&(arr), &(cap), (need), sizeof *(arr)))
void ws_arena_reset(struct ws_arena *A);
void ws_arena_free(struct ws_arena *A);

void ws_error_set(whosaid_error *err, whosaid_status code, const char *file,
                  size_t line, size_t column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

struct ws_buf {
    char *data;
    size_t len, cap;
};
/* ws_buf_put() when the buffer must grow first. */
bool ws_buf_put_grow(struct ws_buf *b, const char *s, size_t n);

/* Appends @n bytes of @s; the data stays NUL-terminated. False when out of memory. */
static inline bool
ws_buf_put(struct ws_buf *b, const char *s, size_t n)
{
    if (n >= b->cap - b->len) /* no room for them and the NUL (nor any buffer yet) */
        return ws_buf_put_grow(b, s, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

static inline bool
ws_buf_putc(struct ws_buf *b, char c)
{
    return ws_buf_put(b, &c, 1);
}

static inline bool
ws_buf_puts(struct ws_buf *b, const char *s)
{
    return ws_buf_put(b, s, strlen(s));
}
void ws_buf_free(struct ws_buf *b);

/* ---- utf8.c ---- */

/* Decodes one code point at s[*i] (valid UTF-8 assumed) and advances *i. */
uint32_t utf8_next_multi(const char *s, size_t len, size_t *i);
/* ASCII, nearly all of news text, without a call. */
static inline uint32_t
utf8_next(const char *s, size_t len, size_t *i)
{
    unsigned char c = (unsigned char)s[*i];
    if (c < 0x80) {
        (*i)++;
        return c;
    }
    return utf8_next_multi(s, len, i);
}
/*
 * Converts @len bytes of valid UTF-8 to UTF-16 in @out (room for @len
 * units: never more are needed); returns the number of units.
 */
size_t utf8_to_utf16(const char *s, size_t len, uint16_t *out);

/* The code point that ends just before byte @i (valid UTF-8), and its start. */
uint32_t utf8_prev(const char *s, size_t i, size_t *start);
/* Encodes @c into @out (4 bytes room); returns the byte count. */
size_t utf8_encode(uint32_t c, char *out);
/*
 * Copies @len bytes of @s into a new NUL-terminated buffer, replacing each
 * maximal invalid subpart with U+FFFD. *@out_len gets the new length and
 * *@invalid the number of replacements. NULL when out of memory.
 */
char *utf8_repair(const char *s, size_t len, size_t *out_len, size_t *invalid);
/* The offset of the first invalid UTF-8 sequence of @s, or @len when none. */
size_t utf8_first_invalid(const char *s, size_t len);

/* The code points of @n bytes of valid UTF-8. */
size_t utf8_count(const char *s, size_t n);

/* Byte-to-code-point mapping with a checkpoint every 256 bytes. */
struct cp_map {
    const char *text;
    size_t len;
    size_t *marks; /* code points before byte k*256; marks[nmarks]: all of them */
    size_t nmarks;
};
bool cp_map_init(struct cp_map *m, const char *text, size_t len);
size_t cp_map_get(const struct cp_map *m, size_t byte);
void cp_map_free(struct cp_map *m);

/* ---- lexicon.c ---- */

/* @c in lower case if it is an ASCII capital: how lexicons fold. */
static inline unsigned char
lex_fold_byte(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}
/*
 * The hash a lexicon keys a folded form by, and a word of the text is
 * looked up with (its Bloom filters, its tables): the key's first eight
 * bytes (fewer for a shorter key, the rest zero, byte k at bits 8k) and
 * its length, mixed. It is taken from a word of the text at once, with
 * no loop (read_span()), or a byte at a time as a key is read (struct
 * lex_key): a hash of every byte (FNV-1a) was a third of the words'
 * reading, and cost a mispredicted branch at each word's end. Longer
 * keys that share their first eight bytes and their length hash alike:
 * the tables compare the keys themselves, and a Bloom filter lets a few
 * more words on to a look-up.
 */
static inline uint32_t
lex_key_hash(uint64_t first8, size_t n)
{
    uint64_t x = first8 + (uint64_t)n * 0x9E3779B97F4A7C15u;
    x ^= x >> 32; /* the high bytes down, before the multiplication carries the low ones up */
    x *= 0xD6E8FEB86659FD93u;
    return (uint32_t)(x ^ x >> 32);
}
/* A key's hash taken a byte at a time: from {0}, lex_key_byte() each byte, then lex_key_of(). */
struct lex_key {
    uint64_t first8;
    size_t n;
};
static inline void
lex_key_byte(struct lex_key *k, unsigned char c)
{
    if (k->n < 8)
        k->first8 |= (uint64_t)c << (8 * k->n);
    k->n++;
}
static inline uint32_t
lex_key_of(const struct lex_key *k)
{
    return lex_key_hash(k->first8, k->n);
}
/* The first eight bytes of @s (@n bytes; fewer, the rest zero, when shorter), byte k at bits 8k. */
static inline uint64_t
lex_key_first8(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    uint64_t v = 0;
    if (n >= 8) {
        memcpy(&v, u, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        v = __builtin_bswap64(v);
#endif
        return v;
    }
    if (n >= 4) { /* two loads of four that may overlap: no byte past the key is read */
        uint32_t lo, hi;
        memcpy(&lo, u, 4);
        memcpy(&hi, u + n - 4, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        lo = __builtin_bswap32(lo);
        hi = __builtin_bswap32(hi);
#endif
        return lo | (uint64_t)hi << (8 * (n - 4));
    }
    for (size_t i = 0; i < n; i++)
        v |= (uint64_t)u[i] << (8 * i);
    return v;
}
/* The eight bytes of @v with the ASCII capitals in lower case, as lex_fold_byte() does one. */
static inline uint64_t
lex_fold8(uint64_t v)
{
    const uint64_t ones = 0x0101010101010101u;
    uint64_t low = v & 0x7F * ones; /* below 0x80 a byte: no carry into the next */
    uint64_t capital = (low + 0x3F * ones) & ~(low + 0x25 * ones) & ~v & 0x80 * ones;
    return v | capital >> 2; /* 'A' to 'Z' (bytes below 0x80 only) take 0x20 */
}
/* The hash of the key @s (@n bytes, folded already). */
static inline uint32_t
lex_key_hash_of(const char *s, size_t n)
{
    return lex_key_hash(lex_key_first8(s, n), n);
}
/* The hash of the text @s (@n bytes) folded as lexicons fold (white space is not collapsed). */
static inline uint32_t
lex_key_hash_text(const char *s, size_t n)
{
    return lex_key_hash(lex_fold8(lex_key_first8(s, n)), n);
}

enum { LEX_GENDER_NONE = 0, LEX_MALE, LEX_FEMALE };
enum { LEX_NUMBER_NONE = 0, LEX_SINGULAR, LEX_PLURAL };
enum { LEX_KIND_NONE = 0, LEX_PERSON, LEX_ORGANISATION };

struct lex_entry {
    char *lemma;
    uint8_t gender, number, kind;
    bool weak;
};

struct lex_form {
    char *form; /* case-folded (ASCII lower-case), single spaces */
    size_t first_len; /* bytes of its first word */
    size_t lead_len;  /* bytes of its leading run of letters and digits */
    size_t entry;
    size_t line; /* where the file lists it */
};

/*
 * A lexicon's Bloom filters' bits: 4 KB a filter. GIVENNAME's 7,800 forms
 * filled 8,192 bits (seven words in ten that no form opens passed); this
 * lets one in seven through, and was 2.5% faster over the BBC corpus.
 */
#define LEX_BLOOM_BITS 32768

struct lexicon {
    char *name;
    struct ws_arena strings; /* its lemmas and folded forms, freed whole with it */
    bool can_guard;        /* lex_can_guard(), found by lex_finish() */
    struct lex_entry *entries;
    size_t nentries, entries_cap;
    struct lex_form *forms; /* sorted by form once loaded */
    size_t nforms, forms_cap;
    size_t max_words; /* most words in one form */
    size_t max_len;   /* the longest form, in bytes */
    uint32_t *slots;  /* hash table of forms: index + 1, 0 empty; NULL: binary search */
    size_t slots_mask;
    uint32_t *first_slots; /* the same, keyed by each form's first word (one per word) */
    uint32_t *lead_slots;  /* the same, keyed by each form's leading run of letters and digits */
    uint32_t *lead_hash;   /* the hash of each lead_slots entry, checked before its form */
    /*
     * Bloom filters of the first_slots and lead_slots keys' hashes: most
     * words of a text begin no form, and one or two bit tests say so
     * without a look-up. All bits set when the tables are missing.
     */
    uint64_t first_bloom[LEX_BLOOM_BITS / 64];
    uint64_t lead_bloom[LEX_BLOOM_BITS / 64];
    uint64_t multi_bloom[LEX_BLOOM_BITS / 64]; /* the lead_slots keys of forms of two words or more */
};

#if defined(__SSE2__)
/* Are the 64 bytes at @p all ASCII? Four loads and one mask: the byte scans' step where text is
 * ASCII. */
static inline bool
ws_ascii64(const unsigned char *p)
{
    __m128i v =
        _mm_or_si128(_mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)p),
                                  _mm_loadu_si128((const __m128i *)(const void *)(p + 16))),
                     _mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)(p + 32)),
                                  _mm_loadu_si128((const __m128i *)(const void *)(p + 48))));
    return !_mm_movemask_epi8(v);
}
#endif

/* The two bits of a Bloom filter that stand for hash @h (@k: 0 or 1). */
static inline uint32_t
lex_bloom_bit(uint32_t h, int k)
{
    return (k ? h >> 15 : h) % LEX_BLOOM_BITS; /* the hash's bits 0-14, then 15-29 */
}

/* May a key with hash @h be in the Bloom filter @bloom? */
static inline bool
lex_bloom_has(const uint64_t *bloom, uint32_t h)
{
    uint32_t a = lex_bloom_bit(h, 0), b = lex_bloom_bit(h, 1);
    return (bloom[a / 64] >> (a % 64) & 1) && (bloom[b / 64] >> (b % 64) & 1);
}

/*
 * Sorts the forms for lex_lookup(); returns the first duplicate form (and
 * its line in *@dup_line, if not NULL) or NULL.
 */
const char *lex_finish(struct lexicon *lex, size_t *dup_line);
/*
 * Might a form of @lex begin with the word @s (@n bytes)? False only when
 * none does: lets a caller skip the longer look-ups that start there.
 */
bool lex_may_start(const struct lexicon *lex, const char *s, size_t n);
/*
 * Is @word (@n bytes of letters and digits, any case; @h: the hash of its
 * folded form) a form of @lex, and not a weak one (which no pattern
 * matches)?
 */
bool lex_is_form(const struct lexicon *lex, const char *word, size_t n, uint32_t h);
/* lex_has_lead()'s look-up in the table, once the Bloom filter has let @h through. */
bool lex_lead_listed(const struct lexicon *lex, const char *word, size_t n, uint32_t h);
/*
 * Does a form of @lex begin with the run of letters and digits @word (@n
 * bytes of text, any case), whose folded form (ASCII lower case) hashes
 * to @h (lex_key_hash())? Inline: the Bloom filter turns most words
 * away, and it is asked for every word of every paragraph.
 */
static inline bool
lex_has_lead(const struct lexicon *lex, const char *word, size_t n, uint32_t h)
{
    if (!lex->lead_slots)
        return true; /* no table (out of memory): every word may be one */
    return lex_bloom_has(lex->lead_bloom, h) && lex_lead_listed(lex, word, n, h);
}
/*
 * The words of a document (runs of letters and digits) with the hash of
 * their case-folded form, read once and shared by the attribution's
 * prefilters and the resolver's rules that start at a lexicon's words.
 */
struct lex_word {
    size_t s, e;
    uint32_t h;
    bool wide; /* holds a byte outside ASCII: no look-up can rule it out */
    bool stop, stop_known; /* a stop word, which opens no name (the mention rules' pruning) */
    uint8_t firm; /* does it lead a title's or descriptor's form? 0 not known, 1 no, 2 yes */
};

#define LEX_VERDICTS 512 /* a power of two: a window of 600 bytes holds about a hundred words */
/* A look-up's verdict at a place of a document (lex_callout(), guard_callout()). */
struct lex_verdict {
    size_t pos, end; /* where it was asked, and the subject's end */
    uint32_t gen;    /* the words' gen then: entries of other documents never match */
    uint16_t num;    /* the callout number */
    bool fail;
};

struct lex_words {
    /* the words of paragraph para (SIZE_MAX: none yet) */
    const struct lex_word *w;
    size_t n, para;
    /*
     * Storage: every paragraph's words, paragraph p's from first[p] to
     * first[p + 1], when the document is at most LEX_WORDS_WHOLE bytes
     * (whole == 1); else one paragraph's at a time (whole == 2); 0: not
     * read yet.
     */
    struct lex_word *buf;
    size_t nbuf, cap;
    size_t *first;
    size_t first_cap;
    int whole;
    /*
     * The text the words are of, and the part of it they cover: the
     * whole document's paragraphs, or paragraph para's (lex_ahead()).
     */
    const char *text;
    size_t from, to;
    size_t last; /* the word lex_ahead() found last: the next call starts near it */
    /*
     * The first word lex_callout() read last, in text: where it began,
     * the subject's end it read to, where it ended and its hash. A
     * lexicon's branches of four words, three, two and one are each asked
     * at one place in turn, and other lexicons' often there too; the word
     * is read once. Kept only while text is the document's (reset).
     */
    size_t cw_pos, cw_limit, cw_end;
    struct lex_key cw_key;
    bool cw_known;
    /*
     * The last lexicon guard's verdict (guard_callout()): its string, the
     * place and subject end it was asked at, and the words' start then.
     * Two macros that guard with one string at one place (a speaker's
     * descriptor and its organisation) ask once. Reset with the words.
     */
    char gv_str[32];
    size_t gv_len, gv_pos, gv_end, gv_from;
    bool gv_known, gv_pass;
    /*
     * The verdicts of lexicon look-ups (lex_callout()'s numbered
     * callouts) by place, direct-mapped: the rules tried around a quote
     * ask at the same words again and again (each before rule over one
     * window, each way a speaker can begin at a word), about two times
     * in three on diplomatic news. An entry holds while its gen is gen,
     * which lex_words_reset() moves on; for text only.
     */
    struct lex_verdict verdicts[LEX_VERDICTS];
    uint32_t gen;
    uint32_t wraps; /* how often gen went round (the lexicon guards' tables are cleared then) */
};

#define LEX_WORDS_WHOLE (256 * 1024)

struct seg_result;
/* Forgets the words of the document before: call at each document's start. */
void lex_words_reset(struct lex_words *W);
void lex_words_free(struct lex_words *W);
/*
 * Makes W->w and W->n the words of paragraph @p of text @t, segmented as
 * @seg. False when out of memory.
 */
bool lex_read_words(struct lex_words *W, const char *t, const struct seg_result *seg, size_t p);
/* The index of the first of the @n words @w (sorted) that ends after @pos (@n: none). */
size_t lex_words_from(const struct lex_word *w, size_t n, size_t pos);

/*
 * A string's hash for the engine's own tables (mentions, names,
 * organisations): every byte, eight at a step (the last eight loaded
 * whole, overlapping the step before), mixed by multiplication. FNV-1a,
 * a byte at a step, was 1% of the extraction's instructions.
 */
static inline uint32_t
lex_hash(const char *s, size_t n)
{
    const uint64_t m = 0xD6E8FEB86659FD93u;
    uint64_t h = (uint64_t)n * 0x9E3779B97F4A7C15u, w;
    if (n <= 8) {
        h = (h ^ lex_key_first8(s, n)) * m;
    } else {
        for (size_t i = 0; i + 8 < n; i += 8) {
            memcpy(&w, s + i, 8);
            h = (h ^ w) * m;
            h ^= h >> 32;
        }
        memcpy(&w, s + n - 8, 8);
        h = (h ^ w) * m;
    }
    return (uint32_t)(h ^ h >> 32);
}
/* A folded (lower-case, single-spaced) copy of @s; NULL when out of memory. */
char *lex_fold_dup(const char *s, size_t n);
/*
 * A copy of @s (@n bytes) kept in @lex's arena, folded as lexicon forms
 * are when @folded; freed with @lex (lex_free()). NULL when out of memory.
 */
char *lex_keep(struct lexicon *lex, const char *s, size_t n, bool folded);
/* The entry whose form is @s (@n bytes, case-insensitive), or NULL. */
const struct lex_entry *lex_lookup(const struct lexicon *lex, const char *s, size_t n);
/* The regex alternation of every form, longest first; NULL when out of memory. */
char *lex_to_pattern(const struct lexicon *lex);
/*
 * Lexicon words by callout. A lexicon whose forms are all ASCII letters,
 * in at most LEX_WORDS_MAX words joined by a space or a hyphen, may be
 * matched as a whole word ("followed by \b") by a short pattern: for k
 * words, most first, it asks lex_callout() whether the k words that begin
 * here are a form, then takes them. A hash look-up in place of a prefix
 * tree that the JIT turns into hundreds of kilobytes of code in every
 * pattern that uses it. lex_to_word_pattern() returns that pattern for
 * lexicon number @index (NULL: the lexicon does not qualify, or out of
 * memory: use the tree). A lexicon with forms of more than one word
 * asks first, once, whether any form begins with the word here (its
 * gate, a callout before the branches): where none does, the group
 * fails at one callout instead of one for each number of words.
 * Callout numbers 1 to LEX_CALLOUTS * LEX_CALLOUT_LEXICONS are the
 * engine's (lexicon i, k words: i * LEX_CALLOUTS + k; the gate: k =
 * LEX_CALLOUTS); @data of lex_callout() is a struct lex_callout_data.
 */
#define LEX_WORDS_MAX 4
#define LEX_CALLOUT_MIN_FORMS 12
#define LEX_WORD_FORM_MAX 200 /* bytes: a lexicon with a longer form keeps its tree */
#define LEX_CALLOUTS (LEX_WORDS_MAX + 1)
#define LEX_CALLOUT_LEXICONS (255 / LEX_CALLOUTS)
/*
 * PCRE2's \s with UTF and UCP, as a class the word patterns use between
 * words, and lex_space() the same in C (a unit test checks all three
 * agree over the Basic Multilingual Plane and beyond).
 */
#define LEX_SPACE_CLASS "[\\t\\n\\x{0B}\\f\\r\\x{20}\\x{85}\\x{A0}\\x{1680}\\x{180E}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}]"
size_t lex_space(const char *t, size_t i, size_t end);
char *lex_to_word_pattern(const struct lexicon *lex, size_t index);
#define LEX_GUARD_MAX 8 /* lexicons one guard may name */
#define LEX_GUARD_VERDICTS 256 /* a power of two */
/*
 * A guard string's verdicts by place, direct-mapped, while the words are
 * the whole document's (struct lex_words' whole): each rule that finds a
 * speaker asks at the words of one window again. An entry holds while
 * its gen is the words' gen; num is unused. One table a string, whichever
 * rule's copy of the string asks.
 */
struct lex_guard_table {
    char str[32]; /* the callout string (len 0: a free table) */
    size_t len;
    uint32_t wraps; /* the words' wraps its entries were made under */
    struct lex_verdict at[LEX_GUARD_VERDICTS];
};
/*
 * A lexicon guard's callout string read once: its lexicons, its number of
 * words and the union of the lexicons' lead Bloom filters.
 */
struct lex_guard_memo {
    char str[32]; /* the callout string, as read (len 0: none) */
    size_t len, nlexs;
    const struct lexicon *lexs[LEX_GUARD_MAX];
    const struct lexicon *stop; /* {... unless STOP}, or NULL */
    unsigned n;
    uint64_t bloom[LEX_BLOOM_BITS / 64];
    struct lex_guard_table *table; /* the string's verdicts, or NULL */
};
#define LEX_GUARD_MEMOS 8 /* a power of two; the shipped rules have three guards */
/*
 * The memo of speaker ends. A before rule with a start set that opens with
 * its speaker's group, (?<speaker>{SPEAKER})..., is tried at word after
 * word, and its speaker often ends at the same place from several of
 * them ("Venezuelan president Hugo Chavez", "president Hugo Chavez",
 * "Hugo Chavez"), or from one by several paths: a place where the rest of
 * the pattern failed once, it fails again, since nothing in it depends on
 * more than that place, the text and the subject's end (the loader's
 * end_memo_point() checks). So the loader puts the callout
 * END_MEMO_CALLOUT after the group, and the callout fails at once where
 * the memo knows that the rest failed for the same rule, document and
 * subject end. A place the rest is running from for the first time
 * is noted as pending; when the run fails (no match), every place it
 * noted has failed and is done; when it matches or hits a limit, its
 * pending places are dropped (the matching place among them). Within the
 * run, a pending place seen again has failed too: the engine comes back
 * to the callout only after the rest failed from there, for no group
 * around the speaker's repeats. Direct-mapped: a place pushed out is only
 * tried again.
 */
#define END_MEMO_CALLOUT "(?C'M')"
#define END_MEMO_SLOTS 512
#define END_MEMO_PENDING 64
struct end_memo {
    struct end_memo_entry {
        size_t pos, end; /* where the rest began, and the subject's end */
        uint32_t gen;    /* the words' gen: the document */
        uint32_t rule;   /* the rule's index */
        uint32_t run;    /* the run that noted it */
        bool done;       /* the rest failed from pos; else pending in that run */
    } at[END_MEMO_SLOTS];
    uint32_t run, rule; /* the run now, and its rule */
    uint32_t wraps;     /* the words' wraps when the entries were made */
    bool active;        /* a rule with the callout is running */
    unsigned npending;
    uint16_t pending[END_MEMO_PENDING]; /* the slots the run noted */
};
void end_memo_begin(struct end_memo *M, uint32_t rule);
void end_memo_end(struct end_memo *M, int rc);

/*
 * @data of lex_callout(): the rules, and the words of the text being
 * matched (NULL, or words of another text: every lexicon guard passes).
 */
struct lex_callout_data {
    const whosaid_rules *rules;
    struct end_memo *memo; /* NULL: none (no rule has the callout, or out of memory) */
    struct lex_words *words;
    struct lex_guard_memo *guards; /* LEX_GUARD_MEMOS of them, or NULL: each call reads its string */
    struct lex_guard_table *guard_tables; /* LEX_GUARD_MEMOS of them, or NULL: none kept by place */
};
int lex_callout(pcre2_callout_block *cb, void *data);
/*
 * The lexicon guard {LEX within N} of a pattern (rules/README.md), as a
 * string callout 'W<i>,<j>,...:<N>' of lexicons i, j, ...: is there, at
 * byte @pos of @t or in one of the next @n words (counted at ASCII white
 * space), a word that a form of one of @lexs begins with? False only when
 * there is surely none before @end; true when @W cannot tell. @bloom, the
 * union of @lexs' lead Bloom filters (or NULL), is asked first for each
 * word. With @stop ({LEX within N unless STOP}, 'W<i>,...:<N>!<s>'), a
 * word after the first that is a form of @stop, of letters only and
 * followed by no word character, apostrophe or hyphen (a whole word, as a
 * pattern's (?!{STOP}\b) refuses it, and no possessive's first part),
 * ends the search: false.
 */
bool lex_ahead(struct lex_words *W, const struct lexicon *const *lexs, size_t nlexs,
               const uint64_t *bloom, const struct lexicon *stop, const char *t, size_t pos,
               size_t end, unsigned n);
/*
 * The words lex_ahead() reads for a guard asked at @pos of @t: the
 * document's when read whole, else the paragraph's; NULL when @W does not
 * hold @pos of @t (lex_ahead() then passes).
 */
const struct lex_word *lex_ahead_words(const struct lex_words *W, const char *t, size_t pos,
                                       size_t *n);
/*
 * lex_ahead() of guard @g (lex_guard_read()) at each of words [@k0, @k1)
 * of the @nw words @w (lex_ahead_words()) of @t, the subject ending at
 * @end: pass[k - k0]. One pass back from the last word, instead of a
 * scan of up to N words from each. Every word of [@k0, @k1) begins within
 * W's paragraph and before @end.
 */
void lex_ahead_sweep(const struct lex_words *W, const struct lex_guard_memo *g, const char *t,
                     const struct lex_word *w, size_t nw, size_t k0, size_t k1, size_t end,
                     bool *pass);
/*
 * Notes guard @str's verdict @pass at @pos (the subject ending at @end)
 * where guard_callout() keeps its verdicts by place, as if it had asked
 * lex_ahead() there: a pattern's look-up at @pos then finds it.
 */
void lex_guard_note(const struct lex_callout_data *D, const char *str, size_t pos, size_t end,
                    bool pass);
/* Reads a guard's callout string into @g (not its str, len or table); false when it cannot. */
bool lex_guard_read(const whosaid_rules *R, const char *str, size_t len, struct lex_guard_memo *g);
/*
 * The forms of @lex that begin at word @k of the @n words @w of @t, as
 * the pattern \b(?i:{LEX})\b matches them when @lex is matched by
 * callout (lex_to_word_pattern()) and anchored at the word's start, with
 * the subject ending at @end (the word begins before it): how many, with
 * where each ends in @ends (LEX_WORDS_MAX of them at most), shortest
 * first; -1 when this reading cannot tell: a byte outside ASCII next to
 * the words or between them, where PCRE2's \w and \s go beyond ASCII, or
 * a word that @end cuts. The caller then asks PCRE2.
 */
int lex_form_at(const struct lexicon *lex, const struct lex_word *w, size_t n, size_t k,
                const char *t, size_t end, size_t *ends);
/*
 * Could lex_ahead() rule out words for @lex? When each form (but the weak
 * ones) begins with a letter or digit, and none holds a letter that
 * matches an ASCII one without regard to case (the long s, the Kelvin
 * sign, a dotted or dotless i).
 */
bool lex_can_guard(const struct lexicon *lex);
void lex_free(struct lexicon *lex);

/* ---- rules-loader.c ---- */

enum rule_anchor {
    ANCHOR_AFTER = 0,
    ANCHOR_BEFORE,
    ANCHOR_PREVIOUS,
    ANCHOR_QUOTE,
    ANCHOR_ALIAS,
    ANCHOR_MENTION,
    ANCHOR_COUNT
};

/*
 * Where a before rule's matches may begin (start = TERM | TERM ...,
 * rules/README.md): at the start of a word (a run of letters and digits,
 * struct lex_word) that opens with A-Z (capital), leads a form of one of
 * the lexicons lex[], or where the guard holds; a word with a byte outside
 * ASCII always may. The rule is compiled anchored and tried at each such
 * word of its subject, in order.
 */
struct start_set {
    bool capital;
    uint32_t lex[LEX_GUARD_MAX]; /* indexes into whosaid_rules.lexicons */
    size_t nlex;
    char *guard; /* the guard's callout string, 'W<i>,...:<N>[!<s>]' (lex_guard_read()), or NULL */
    struct lex_guard_memo *memo; /* the guard read, once the rules are loaded (NULL: every word) */
    /*
     * 0, or 1 + the index of a lexicon of which every match holds a form,
     * as a whole word, at or after its start (holds = LEXICON): no match
     * begins after the last word that may lead one.
     */
    uint32_t holds;
};

struct rule {
    char *id;
    enum rule_anchor anchor;
    char *source;         /* the pattern after macro expansion */
    pcre2_code *code;
    double confidence;
    int priority;
    int type;             /* -1: engine decides; else whosaid_quote_type */
    unsigned max_words;   /* 0: any quote; else only quotes of at most this many words */
    /*
     * 0, or: every match begins within this many words before a place
     * where its requirement occurs (alias and mention rules; compiled with
     * PCRE2_USE_OFFSET_LIMIT): searched only in those windows.
     */
    unsigned near;
    bool resolved_only;   /* the speaker must resolve to a known person or body */
    size_t order;         /* place in the rule files */
    uint32_t cap_speaker, cap_cue, cap_via, cap_name, cap_descriptor; /* 0 = none */
    uint32_t req;         /* 0: none; else 1 + index into whosaid_rules.reqs */
    uint32_t start_lex;   /* 0: any place; else 1 + index of the lexicon a match starts with */
    bool start_capital;   /* a match starts with a capital at a word's start (start = capital) */
    struct start_set *starts; /* a before rule's words where a match may begin, or NULL */
    /*
     * 0; else 1 + the index of the stop-word lexicon of a mention rule
     * whose names the engine may prune (prune = LEXICON letters,
     * rules/README.md), and the small letters its names' particles open
     * with (bit 0: a).
     */
    uint32_t prune_lex, prune_small;
    bool anchored_code;   /* compiled with PCRE2_ANCHORED: matched only where it is tried */
    bool end_memo;        /* END_MEMO_CALLOUT follows its speaker's group (struct end_memo) */
    bool jit;             /* the JIT compiled it: run by pcre2_jit_match() */
    /*
     * The same compiled without PCRE2_UCP by whosaid_rules_jit_opts() with
     * WHOSAID_JIT_ASCII (NULL: not yet, none, or WHOSAID_NO_ASCII set), run
     * instead where the text a match may read is all ASCII: there
     * \s, \w, \d, \b and the POSIX classes mean the same with and without
     * UCP, and without it they are table look-ups rather than Unicode
     * property look-ups (about 5% of the extraction, measured on the BBC
     * corpus's ASCII documents). UTF stays: \p{Lu}, caseless matching and
     * the patterns' own characters outside ASCII are read as before.
     */
    pcre2_code *ascii_code;
    bool ascii_jit, ascii_tried;
    uint32_t options; /* what code was compiled with */
};

/*
 * A rule's prefilter ("requires" key): a cheap pattern that must occur in
 * the text a rule looks at for the rule to have any chance, such as a
 * reporting verb for a "speaker said" rule. Rules with the same pattern
 * share one, so that it runs once per quote and place.
 */
struct requirement {
    char *source;
    pcre2_code *code;
    bool jit;
    uint32_t start_lex; /* opens with a word of this lexicon (index + 1), 0: anywhere */
    /*
     * With start_lex, when the lexicon is matched by callout: lex_form_at()
     * finds the forms of the opening \b(?i:{LEX})\b at a word; lex_only:
     * nothing follows it, and a form found is the match.
     */
    bool lex_words, lex_only;
    /*
     * With start_lex: the same compiled anchored, tried at each word that
     * can open a form; with lex_words, what follows the opening instead,
     * tried at the end of each form found (NULL: lex_only).
     */
    pcre2_code *anchored;
    bool anchored_jit;
    char *full;          /* the text compiled: source with the macros it calls as subroutines */
    char *anchored_full; /* anchored's, when it is not full's */
    /* the two compiled without UCP, for texts all ASCII (struct rule's ascii_code), or NULL */
    pcre2_code *ascii, *ascii_anchored;
    bool ascii_jit, ascii_anchored_jit, ascii_tried;
};

struct mark_pair {
    uint32_t open, close;
    bool apostrophe;
};

struct whosaid_rules {
    /*
     * References: the caller's (1 when loaded) and one for each document
     * made with the rules, whose records point at the rules' ids and whose
     * sentence count needs the titles; freed when the last one goes.
     */
    alignas(64) atomic_size_t refs;
    /* refs alone in its cache line: each document takes a reference, from any thread */
    char refs_line[64 - sizeof(atomic_size_t)];
    struct mark_pair *marks;
    size_t nmarks, marks_cap;
    unsigned char mark_lead[256]; /* 1: a mark's first byte; the scanner skips the rest */
    unsigned char ascii_leads[4]; /* the ASCII ones among them ... */
    size_t nascii_leads;          /* ... how many (more than 4: not listed) */
    unsigned char leads[8];       /* all of them ... */
    size_t nleads;                /* ... how many (more than 8: not listed) */
    struct lexicon *lexicons;
    size_t nlexicons, lexicons_cap;
    struct rule *rules;
    size_t nrules, rules_cap;
    /* rules of each anchor, by priority; indexes into rules[] */
    size_t *by_anchor[ANCHOR_COUNT];
    size_t nby_anchor[ANCHOR_COUNT];
    /* the after, before and previous rules together, by priority */
    size_t *attr_order;
    size_t nattr_order;
    struct requirement *reqs;
    size_t nreqs, reqs_cap;
    /* the lexicons the engine itself consults (NULL when absent) */
    const struct lexicon *verbs, *titles, *pronouns, *descriptors, *organisations, *articles,
        *particles, *title_links, *name_links, *name_suffixes, *stopwords, *clause_openers,
        *departments, *place_links, *given_names, *attr_tails, *auxiliaries, *firm_words, *demonyms;
    /*
     * The union of the first-word Bloom filters of titles, descriptors
     * and organisations: a word it turns away begins no form of any of
     * the three (the resolver asks the three of every word of a mention).
     */
    uint64_t heads_bloom[LEX_BLOOM_BITS / 64];
    uint32_t max_captures;
    uint32_t max_lookbehind; /* the longest of any pattern's (PCRE2_INFO_MAXLOOKBEHIND), in characters */
    bool ascii_codes; /* whosaid_rules_jit_opts() has made the codes for ASCII text */
    unsigned jit_threads; /* the threads its last call compiled in (the caller's too), for tests */
    /* how many patterns loading compiled, and how many of them came precompiled (rules-cache.c) */
    size_t npatterns, nprecompiled;
};

/* One rule file in memory, from disk or the builtin table. */
struct rule_source {
    const char *name; /* file name, used in messages */
    const char *data;
    size_t len;
};

/* The threads WHOSAID_JIT_THREADS() asks whosaid_rules_jit_opts() for (0: none asked). */
#define WHOSAID_JIT_THREADS_MAX 64u
#define WHOSAID_JIT_THREADS_OF(flags) (((flags) >> 8) & 0x7Fu)

/* ---- rules-cache.c: compiled patterns kept from the build ---- */

struct rules_cache_key {
    uint64_t hash, hash2, len; /* of the pattern's full text: two unrelated hashes */
    uint32_t options, pad;
};

struct rules_cache_rec {
    struct rules_cache_key key;
    pcre2_code *code;
};

struct rules_cache {
    struct rules_cache_key *keys; /* n of them; codes[i] NULL once taken */
    pcre2_code **codes;
    size_t n, hits;
    size_t calls; /* patterns asked for: hits and compiled ones */
    /* record: keep a copy of every pattern compiled, for rules_cache_encode() */
    bool record, failed;
    struct rules_cache_rec *rec;
    size_t nrec, rec_cap;
};

/*
 * Decodes a cache made by rules_cache_encode() with a PCRE2 of this one's
 * version and configuration; false (and an empty cache) when there is
 * none, it is unusable, or the environment sets WHOSAID_NO_RULES_CACHE=1.
 */
bool rules_cache_open(struct rules_cache *c, const unsigned char *data, size_t len);
/*
 * pcre2_compile() of @src with @options, or the cache's code for exactly
 * that text and those options. @c may be NULL.
 */
pcre2_code *rules_cache_compile(struct rules_cache *c, const char *src, size_t len,
                                uint32_t options, int *ec, PCRE2_SIZE *eoff);
/*
 * rules_cache_compile() in two steps, for a caller that checks a pattern
 * only when it is not in the cache (every cached one passed the checks
 * when whosaid was built): the cache's code, taken, or NULL with @key
 * set; then pcre2_compile() of @src under @key.
 */
pcre2_code *rules_cache_take(struct rules_cache *c, const char *src, size_t len, uint32_t options,
                             struct rules_cache_key *key);
pcre2_code *rules_cache_compile_key(struct rules_cache *c, const struct rules_cache_key *key,
                                    const char *src, int *ec, PCRE2_SIZE *eoff);
/*
 * Forgets the code rules_cache_compile_key() recorded last, if its key is
 * @key: a code the loader compiled and then did not keep (a rule whose
 * memo of speaker ends failed its check), so that a code found in the
 * cache is always one the loader kept.
 */
void rules_cache_drop(struct rules_cache *c, const struct rules_cache_key *key);
void rules_cache_close(struct rules_cache *c);
/* Serializes the patterns a recording cache has seen; false on failure. */
bool rules_cache_encode(struct rules_cache *c, unsigned char **out, size_t *outlen);
/*
 * The cache built into the library for its built-in rules (made at build
 * time by tools/rules-cache-gen.c), or NULL where there is none.
 */
const unsigned char *rules_cache_data(size_t *len);
/* rules_load_sources_opts() compiling through @cache (NULL: none), not the built-in one. */
whosaid_rules *rules_load_sources_cache(const struct rule_source *src, size_t n, unsigned flags,
                                        struct rules_cache *cache, whosaid_error *err);
/*
 * Loads the built-in rules of @lang recording every compiled pattern, and
 * serializes them into *@out (malloc'd): the build's cache.
 */
bool rules_cache_build(const char *lang, unsigned char **out, size_t *outlen, whosaid_error *err);

whosaid_rules *rules_load_sources(const struct rule_source *src, size_t n,
                                  whosaid_error *err);
whosaid_rules *rules_load_sources_opts(const struct rule_source *src, size_t n, unsigned flags,
                                      whosaid_error *err);
/* The builtin sources of @lang; NULL when there are none. */
const struct rule_source *rules_builtin_sources(const char *lang, size_t *n);
/* Did the JIT compile @code? */
bool rules_jitted(const pcre2_code *code);

/* Checks a pattern for nested unbounded quantifiers; returns a message or NULL. */
const char *rules_check_nested_quantifiers(const char *pattern, size_t *offset);

/* The most a count key of a rule (max_words, near) may say. */
#define RULE_COUNT_MAX 1000u

/* Match limits every pattern runs under. */
#define WS_MATCH_LIMIT 1000000u
#define WS_DEPTH_LIMIT 10000u

/* ---- segmenter.c ---- */

struct span {
    size_t start, end; /* bytes */
};

struct segmenter;
struct segmenter *seg_new(whosaid_error *err);
/*
 * Is the ICU break at byte @b of the text [from, to) one of ICU's English
 * abbreviation exceptions ("Mr. Smith"), as the "ss=standard" iterator
 * would decide? (Exposed for the test that compares the two.)
 */
bool seg_is_exception(const struct segmenter *sg, const char *t, size_t from, size_t to, size_t b);
/*
 * ICU's sentence breaks in [from, to) of @t (at most 2 GB), as byte
 * offsets, @to the last, before the exceptions: in *@out, valid until the
 * segmenter's next use. Returns how many, or SIZE_MAX when out of memory.
 */
size_t seg_breaks(struct segmenter *sg, const char *t, size_t from, size_t to, const size_t **out);
void seg_free(struct segmenter *s);
/*
 * Splits @text into paragraphs (appended to *paras) - blank lines always;
 * single newlines too unless the text is hard-wrapped - and each paragraph
 * into ICU sentences (appended to *sents; para_first_sent[p] gives the
 * first sentence of paragraph p). No sentence ends after an initial or a
 * title of @titles written with its full stop (may be NULL). Returns false
 * when out of memory or ICU fails.
 */
struct seg_result {
    struct span *paras;
    size_t nparas, paras_cap;
    struct span *sents;
    size_t nsents, sents_cap;
    size_t *para_first_sent; /* nparas + 1 entries */
    size_t pfs_cap;
    size_t sent_paras; /* paragraphs 0 .. sent_paras - 1 have their sentences */
};
bool seg_paragraphs(const char *text, size_t len, struct seg_result *r);
/*
 * Finds the sentences of paragraphs r->sent_paras .. @upto - 1 and appends
 * them: the sentences of the paragraphs before stay as they are, and
 * para_first_sent[p] for every p from @upto on is the count so far.
 */
bool seg_sentences(struct segmenter *s, const char *text, struct seg_result *r, size_t upto,
                   const struct lexicon *titles, whosaid_error *err);
void seg_result_free(struct seg_result *r);
/* The index of the sentence holding byte @pos (the last one starting <= pos). */
size_t seg_sentence_at(const struct seg_result *r, size_t pos);
size_t seg_paragraph_at(const struct seg_result *r, size_t pos);

/* ---- quote-scanner.c ---- */

struct raw_quote {
    size_t open, close;         /* byte offsets of the marks (close == end when unclosed) */
    size_t start, end;          /* content, trimmed of white space */
    size_t open_len, close_len; /* mark lengths in bytes (close_len 0: unclosed) */
    size_t paragraph;
    long group;
};

struct quote_list {
    struct raw_quote *q;
    size_t n, cap;
};

bool scan_quotes(const whosaid_rules *rules, const char *text,
                 const struct seg_result *seg, struct quote_list *out);

/* The rules' mark pair that @c opens and the one it closes (SIZE_MAX: none). */
void marks_classify(const whosaid_rules *r, uint32_t c, size_t *opens, size_t *closes);

/* ---- attribution.c and resolver.c ---- */

struct whosaid_extractor {
    const whosaid_rules *rules;
    struct segmenter *seg;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit_stack;
    /* per quote: each requirement's verdict per anchor; 0 unknown, 1 met, -1 not */
    signed char *req_memo;
    /* the words of the document's paragraph last read (lex_read_words()) */
    struct lex_words words;
    struct lex_callout_data callout; /* the rules and these words, for lex_callout() */
    /* the profile (whosaid_extractor_profile()); NULL when off */
    struct ws_stat *stats; /* rules, then requirements, then STAGE_COUNT stages */
    char **req_names;      /* "requires:" names, nreqs of them */
    struct ws_arena arena; /* the resolver's memory for one document (resolver.c) */
    /*
     * The alias rules with a start lexicon (the first LEAD_RULES), their
     * lexicons and the union of the lexicons' Bloom filters (filter: all
     * have one), set at the first document; and where they may match in
     * a paragraph (resolver.c, find_leads()).
     */
#define LEAD_RULES 16
    struct lead_rules {
        bool set, filter;
        size_t n;
        size_t rule[LEAD_RULES]; /* index among the alias rules */
        const struct lexicon *lex[LEAD_RULES];
        uint64_t bloom[LEX_BLOOM_BITS / 64];
        /*
         * The titles and the descriptors are among the lexicons (bits of
         * firm_of): the pass tells each word's struct lex_word firm.
         */
        bool firm;
        uint32_t firm_of;
    } lead_rules;
    size_t *leads;
    size_t leads_cap;
    struct cls_cache *cls; /* the resolver's answers by mention, kept across documents */
    /*
     * Where the document's text is ASCII, for the rules' ASCII codes
     * (struct rule's ascii_code): wide[b] counts the 64-byte blocks before
     * block b that hold a byte outside ASCII (nwide = blocks + 1; 0: not
     * known, no ASCII code runs).
     */
    uint32_t *wide;
    size_t nwide, wide_cap;
};

/* Sets ex->wide for the @len bytes of @text (none, out of memory). */
void ws_ascii_blocks(whosaid_extractor *ex, const char *text, size_t len);
/*
 * May a rule's ASCII code run over [@start, @end) of the text? When every
 * byte PCRE2 may read there is ASCII: from the rules' longest look-behind
 * before @start on.
 */
static inline bool
ws_ascii_span(const whosaid_extractor *ex, size_t start, size_t end)
{
    size_t lb = ex->rules->max_lookbehind;
    size_t b0 = (start > lb ? start - lb : 0) / 64, b1 = (end + 63) / 64;
    return b1 < ex->nwide && ex->wide[b1] == ex->wide[b0];
}

enum { STAGE_SEGMENT, STAGE_QUOTES, STAGE_ATTRIBUTE, STAGE_RESOLVE, STAGE_COUNT };

struct ws_stat {
    uint64_t calls, matches, ns;
};

/* Monotonic time in nanoseconds, for the profile. */
uint64_t ws_now_ns(void);

/* Adds one run that began at @t0 to @st (the profile is on). */
static inline void
ws_stat_add(struct ws_stat *st, uint64_t t0, bool matched)
{
    st->calls++;
    st->matches += matched;
    st->ns += ws_now_ns() - t0;
}

/* A speaker mention found by a rule, before resolution. */
struct mention {
    size_t start, end; /* bytes; start == WHOSAID_NOSPAN when none */
};

struct whosaid_doc {
    char *id;
    char *text;
    size_t len;
    size_t invalid;
    size_t warnings;
    char *warning;
    struct seg_result seg;
    whosaid_rules *rules; /* a reference: the records' rule ids, the titles that end no sentence */
    struct whosaid_quote *quotes;
    size_t nquotes;
    char **strings; /* owned strings the quotes point to */
    size_t nstrings, strings_cap;
};

/* Records the first limit warning and counts them all. */
void doc_warn(struct whosaid_doc *doc, const char *rule_id, int rc);
/* Keeps @s (owned) in the doc and returns it; NULL when out of memory. */
const char *doc_keep_string(struct whosaid_doc *doc, char *s);

/*
 * Runs the attribution rules over every quote and resolves the mentions
 * into canonical speakers; fills doc->quotes.
 */
bool attr_run(whosaid_extractor *ex, struct whosaid_doc *doc,
              const struct quote_list *ql, unsigned options);

/* ---- writers ---- */

/* Writes @confidence (clamped to 0..1) as "0.95", whatever the locale. */
void writer_confidence(char out[16], double confidence);
/* CSV (tsv false) or TSV rows: the header, a document's records, an error. */
bool csv_header(struct ws_buf *b, bool tsv);
bool csv_doc(struct ws_buf *b, const whosaid_doc *doc, bool tsv);
bool csv_error(struct ws_buf *b, const char *id, const char *message, bool tsv);

/* writer-sqlite.c */
struct sqlite_out;
struct sqlite_out *sqlite_out_open(const char *path, whosaid_error *err);
bool sqlite_out_doc(struct sqlite_out *s, const whosaid_doc *doc, const char *source);
bool sqlite_out_error_doc(struct sqlite_out *s, const char *id, const char *message,
                          const char *source);
bool sqlite_out_finish(struct sqlite_out *s);
void sqlite_out_batch(struct sqlite_out *s, size_t docs);
const char *sqlite_out_error(const struct sqlite_out *s);
void sqlite_out_close(struct sqlite_out *s, bool commit);

#endif /* WHOSAID_PRIVATE_H */
