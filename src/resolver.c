/*
 * resolver.c - the document's entity table. Names, surnames, titles
 * ("President Xi Jinping" -> Xi Jinping), appositives and title phrases
 * ("Wang Yi, the foreign affairs chief of ...", "Top Chinese diplomat Wang
 * Yi") become aliases of one entity; pronouns, descriptors ("China's top
 * diplomat") and organisations are resolved against it. The canonical
 * speaker is the fullest name.
 */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <unicode/uchar.h>

#include "whosaid-private.h"
#include "attribution.h"

#define MAX_TOKS 24
#define MAX_HEADS 12

struct tok {
    size_t s, e;
};

enum mkind { M_NONE = 0, M_PRONOUN, M_NAME, M_DESCRIPTOR, M_ORG, M_DEMONYM };

struct minfo {
    enum mkind kind;
    size_t name_s, name_e;           /* M_NAME: the name without titles */
    const struct lex_entry *pronoun; /* M_PRONOUN */
    const char *heads[MAX_HEADS];    /* descriptor heads (lemmas) */
    size_t nheads;
    int gender;
    size_t org_s, org_e; /* M_ORG: the organisation without its article */
    bool title_only;     /* M_NAME made of titles alone ("Lord", "Queen"): no name */
    bool titled;         /* M_NAME after a title or descriptor ("Sen. de la Cruz"): a person's */
    bool given;          /* M_NAME of two words or more opening with a GIVENNAME: a person's */
    bool plural; /* M_DESCRIPTOR whose last head is plural ("officials"): a group, no one person */
};

/*
 * classify()'s answers by the mention's bytes, kept for the extractor's
 * life (ex->cls): the answer depends on the bytes alone, a document names
 * the same people again and again ("Trump" twenty times), and so does a
 * day's news ("the prime minister", "he", "Mr Johnson"). Positions in
 * info are relative to the mention's start. Bounded: when CLS_MAX answers
 * or CLS_POOL bytes of mentions are kept, it starts afresh.
 */
#define CLS_MAX 8192
#define CLS_POOL ((size_t)256 << 10)

struct cls_cache {
    struct cls_entry {
        uint32_t h, len;
        size_t off; /* the mention's bytes: pool[off, off + len) */
        struct minfo info;
    } * ents;
    size_t n, cap;
    uint32_t slots[2 * CLS_MAX]; /* open addressing: index into ents + 1, 0 empty */
    char *pool;
    size_t npool, pool_cap;
};

struct entity {
    struct tok *toks; /* the fullest name's words, in the text */
    size_t ntoks;
    int kind;
    int gender;
    const char *heads[MAX_HEADS];
    size_t nheads;
    char *org; /* folded organisation name, for M_ORG entities */
    const char *canonical; /* owned by the doc */
};

struct name_ref {
    size_t s, e;  /* the name, bytes */
    size_t pos;   /* where it was mentioned */
    size_t entity;
    size_t heads; /* its descriptor heads: the table's head_pool[heads, heads + nheads) */
    unsigned char nheads;
    bool tentative; /* a bare name from a mention rule: not known to be a person */
    int gender;
};

struct table {
    struct ws_arena *A; /* the extractor's: every array below is in it, given back at once */
    unsigned char *headline; /* by paragraph: 0 not asked yet, 1 prose, 2 a headline (headline()) */
    struct entity *ents;
    size_t nents, ents_cap;
    struct name_ref *names;
    size_t nnames, names_cap;
    const char **head_pool; /* the names' heads (most names have none) */
    size_t nhead_pool, head_pool_cap;
    size_t *by_pos; /* the names that joined an entity, by place (then by index) */
    size_t nby_pos;
    /*
     * The entities by their words: for each distinct word of the named
     * entities, the entities holding it in the order they were made (one
     * node per distinct word of each entity) and the first it ends.
     * find_entity() walks only the shortest list of a name's words, so a
     * document naming thousands of people called "Kofi" stays linear.
     */
    struct word_entry {
        size_t s, e;       /* the word, in the text (where first seen) */
        uint32_t h;
        size_t count;      /* the entities holding it */
        size_t head, tail; /* their nodes; SIZE_MAX: none */
        size_t first_last; /* the first entity whose last word it is; SIZE_MAX: none */
    } *we;
    size_t nwe, we_cap;
    size_t *we_slots; /* open addressing: index into we + 1, 0 empty */
    size_t we_mask;
    struct word_node {
        size_t ent;
        size_t next; /* the node of the next entity holding the word; SIZE_MAX: none */
    } *wn;
    size_t nwn, wn_cap;
    /*
     * Names whose words all have long lists ("John Smith" among thousands
     * of Johns and Smiths), with the entity found for them: the first
     * entity holding all of a name's words never changes once there is
     * one, so each such name is walked for once, not at every mention.
     */
    struct found {
        uint32_t h;
        size_t toks, ntoks; /* the name's words: found_toks[toks, toks + ntoks) */
        size_t ent;
    } *found;
    size_t nfound, found_cap;
    struct tok *found_toks;
    size_t nfound_toks, found_toks_cap;
    size_t *found_slots; /* open addressing: index into found + 1, 0 empty */
    size_t found_mask;
    /* for each descriptor head, the places in by_pos of the names whose entity has it */
    struct head_list {
        const char *head;
        size_t *ranks; /* ascending */
        size_t n, cap;
    } *hl;
    size_t nhl, hl_cap;
    /* the organisation entities by their folded names: index + 1, 0 empty */
    size_t *org_slots;
    size_t org_mask, norgs;
    /*
     * The mention rules' runs (prune_mentions()): the stretches of text a
     * name may take, in the order of the text, and whether any may hold
     * a name that matters; next_match() skips the others (cursor: run).
     */
    struct mrun {
        size_t s, e;
        size_t k0, k1; /* its words: the lex_words buf's [k0, k1) */
        bool keep;
    } *runs;
    size_t nruns, runs_cap, run;
    bool pruned; /* runs are set */
    /* the word hashes (lex_words) of the names that matter: open addressing, 0 empty */
    uint32_t *keys;
    size_t keys_mask, nkeys;
    /* the entities' words, in blocks that never move: one allocation for many entities */
    struct tok_block {
        struct tok_block *next;
        size_t n, cap;
        struct tok toks[];
    } *tok_blocks;
};

/* ---- words ---- */

static bool
is_trim_cp(uint32_t c)
{
    return ws_isspace(c) || c == ',' || c == ';' || c == ':' || c == '(' ||
           c == ')' || c == '"' || c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2014 ||
           c == 0x2013;
}

/* ASCII bytes: 1 white space, 2 other punctuation trimmed off words, 0 the rest. */
static const unsigned char ascii_trim[128] = {
    ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1,
    [','] = 2, [';'] = 2, [':'] = 2, ['('] = 2, [')'] = 2, ['"'] = 2,
};

/* Past white space and the punctuation trimmed off words, from @i: where the next word begins, or @e. */
static inline size_t
skip_trimmed(const char *t, size_t i, size_t e)
{
    const unsigned char *u = (const unsigned char *)t;
    while (i < e) {
        if (u[i] < 0x80) { /* ASCII, nearly always: a table, no decoding */
            if (!ascii_trim[u[i]])
                break;
            i++;
            continue;
        }
        size_t j = i;
        if (!is_trim_cp(utf8_next(t, e, &j)))
            break;
        i = j;
    }
    return i;
}

/*
 * Past the bytes from @i (before @e) that are printable ASCII, no space:
 * sixteen at a step where SSE2 is there (the first other byte found at
 * once), else eight.
 */
static inline size_t
skip_graphic_ascii(const unsigned char *u, size_t i, size_t e)
{
#if defined(__SSE2__)
    const __m128i below = _mm_set1_epi8('!'); /* signed: bytes from 0x80 are below too */
    for (; i + 16 <= e; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, below));
        if (m)
            return i + (size_t)__builtin_ctz(m);
    }
#endif
    for (uint64_t v; i + 8 <= e; i += 8) {
        memcpy(&v, u + i, 8);
        if (((v - 0x2121212121212121u) | v) & 0x8080808080808080u)
            break; /* a byte below 0x21 or from 0x80 among them */
    }
    return i;
}

/* On from @i to the white space after the word there, or @e. */
static inline size_t
word_end(const char *t, size_t i, size_t e)
{
    const unsigned char *u = (const unsigned char *)t;
    i = skip_graphic_ascii(u, i, e); /* no white space among them */
    while (i < e) {
        if (u[i] < 0x80) {
            if (ascii_trim[u[i]] == 1)
                break;
            i++;
            continue;
        }
        size_t j = i;
        if (ws_isspace(utf8_next(t, e, &j)))
            break;
        i = j;
    }
    return i;
}

/* Splits [s, e) into words, trimming punctuation around each. */
static size_t
tokenize(const char *t, size_t s, size_t e, struct tok *out, size_t max)
{
    const unsigned char *u = (const unsigned char *)t;
    size_t n = 0, i = s;
    while (i < e && n < max) {
        i = skip_trimmed(t, i, e);
        if (i >= e)
            break;
        size_t ws = i;
        i = word_end(t, i, e);
        size_t we = i;
        while (we > ws) {
            if (u[we - 1] < 0x80) {
                if (!ascii_trim[u[we - 1]])
                    break;
                we--;
                continue;
            }
            size_t st;
            uint32_t c = utf8_prev(t, we, &st);
            if (!is_trim_cp(c))
                break;
            we = st;
        }
        if (we > ws) {
            out[n].s = ws;
            out[n].e = we;
            n++;
        }
    }
    return n;
}

static bool
capitalised(const char *t, const struct tok *k)
{
    size_t i = k->s;
    uint32_t c = utf8_next(t, k->e, &i);
    return c < 0x80 ? c >= 'A' && c <= 'Z' : u_isupper((UChar32)c) || u_istitle((UChar32)c);
}

/*
 * The entry of @lex that the word is a form of (NULL: none, or no
 * lexicon). The lexicon's Bloom filter of its forms' first words turns
 * most words away before a look-up.
 */
static const struct lex_entry *
tok_entry(const struct lexicon *lex, const char *t, const struct tok *k)
{
    return lex && lex_bloom_has(lex->first_bloom, lex_key_hash_text(t + k->s, k->e - k->s))
               ? lex_lookup(lex, t + k->s, k->e - k->s)
               : NULL;
}

static bool
tok_in(const struct lexicon *lex, const char *t, const struct tok *k)
{
    return tok_entry(lex, t, k) != NULL;
}

/*
 * The entry of @lex, a lexicon of a determiner and a word (FIRMWORD,
 * DEMONYM: "the company", "the american"), for the word @k alone: looked
 * up after the determiner its first form opens with ("American": "the
 * american"), so that the determiner is the lexicon's, not the engine's.
 */
static const struct lex_entry *
the_entry(const struct lexicon *lex, const char *t, const struct tok *k)
{
    char buf[64];
    size_t n = k->e - k->s;
    if (!lex || !lex->nforms)
        return NULL;
    size_t d = lex->forms[0].first_len; /* "the" */
    if (d + 1 + n > sizeof buf)
        return NULL;
    memcpy(buf, lex->forms[0].form, d);
    buf[d] = ' ';
    memcpy(buf + d + 1, t + k->s, n);
    return lex_lookup(lex, buf, d + 1 + n);
}

/* Is the word a link between a noun and what follows it ("of", "for": TITLELINK, NAMELINK)? */
static bool
is_link(const whosaid_rules *R, const char *t, const struct tok *k)
{
    return tok_in(R->title_links, t, k) || tok_in(R->name_links, t, k);
}

/* Is the word an article ("the", "a": the ARTICLE lexicon)? */
static bool
is_article(const whosaid_rules *R, const char *t, const struct tok *k)
{
    return tok_in(R->articles, t, k);
}

/* Is the word a particle inside a name ("von", "de": the PARTICLE lexicon)? */
static bool
is_particle(const whosaid_rules *R, const char *t, const struct tok *k)
{
    return tok_in(R->particles, t, k);
}

static bool
ascii_letter(unsigned char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* Is the word an initial: a capital and its full stop ("F.")? */
static bool
is_initial(const char *t, const struct tok *k)
{
    size_t i = k->s;
    if (k->e - k->s < 2 || t[k->e - 1] != '.' || !capitalised(t, k))
        return false;
    (void)utf8_next(t, k->e, &i);
    return i == k->e - 1; /* one letter, then the full stop ("F.", "É.") */
}

/*
 * Where a person's name begins in the capitalised words [@from, @n) that
 * follow a title's complement ("Minister for Defence Ignazio La Russa"):
 * the last word but a NAMESUFFIX ("QC", "Jr."), the particles and
 * initials before it, and one word more ("Ignazio La Russa", "John O.
 * Brennan", "Ken Macdonald QC"). @from when there is no more.
 */
static size_t
person_start(const whosaid_rules *R, const char *t, const struct tok *k, size_t from, size_t n)
{
    size_t i = n - 1;
    while (i > from && tok_in(R->name_suffixes, t, &k[i]))
        i--;
    while (i > from && is_particle(R, t, &k[i - 1]))
        i--;
    while (i > from && is_initial(t, &k[i - 1]))
        i--;
    return i > from ? i - 1 : from;
}

/*
 * Past the DEPARTMENT words from token @from (at most @n): "Finance" in
 * "Finance Sri Mulyani Indrawati", after "Minister of". Its callers take
 * the words after them for a name where two or more remain: in "Director
 * of Public Prosecutions" no one is named.
 */
static size_t
department_end(const whosaid_rules *R, const char *t, const struct tok *k, size_t from, size_t n)
{
    while (from < n && tok_in(R->departments, t, &k[from]))
        from++;
    return from;
}

/* The tokens of @k before the first that a '(' opens ("Jim Clyburn (D-S.C.)"). */
static size_t
before_paren(const char *t, const struct tok *k, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (memchr(t + k[i - 1].e, '(', k[i].s - k[i - 1].e))
            return i;
    return n;
}

static bool
is_ws_byte(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The end of token @i's run up to white space (not past token @n - 1). */
static size_t
run_end(const char *t, const struct tok *k, size_t n, size_t i)
{
    size_t re = k[i].e;
    while (re < k[n - 1].e && !is_ws_byte(t[re]))
        re++;
    return re;
}

/*
 * A token's folded hashes - whole, without a final '.', and run up to
 * white space - made once for all the lexicons classify() asks.
 */
struct tok_keys {
    size_t re;
    uint32_t h, h_nodot, h_run;
};

static void
tok_keys(const char *t, const struct tok *k, size_t n, struct tok_keys *out)
{
    for (size_t i = 0; i < n; i++) {
        size_t s = k[i].s, e = k[i].e; /* a token is never empty */
        out[i].re = run_end(t, k, n, i);
        out[i].h = lex_key_hash_text(t + s, e - s);
        out[i].h_nodot = e - s > 1 ? lex_key_hash_text(t + s, e - s - 1) : 0;
        out[i].h_run = lex_key_hash_text(t + s, out[i].re - s);
    }
}

/*
 * The longest run of tokens from @i that is a form of @lex; sets *@j to
 * its last token. A trailing '.' is tried off as well ("Dr." / "Dr").
 * @kk: the tokens' hashes (tok_keys()).
 */
static const struct lex_entry *
lex_at(const struct lexicon *lex, const char *t, const struct tok *k, size_t n, size_t i,
       const struct tok_keys *kk, size_t *j)
{
    if (!lex)
        return NULL;
    /*
     * Most words start no form: one look-up instead of one per window. A
     * window's first word is the token, or the token with the punctuation
     * trimmed off it when a longer window takes that in ("Minister, Wang").
     * The lexicon's Bloom filter, asked with hashes made once, turns most
     * words away before any look-up; what it lets through goes straight
     * to the windows' look-ups, which are exact. (lex_may_start()'s
     * look-up of the first word as well nearly always agreed with the
     * filter; without it the extraction takes 0.5% fewer instructions on
     * the BBC corpus, 0.9% on the diplomatic corpus.)
     */
    size_t fs = k[i].s, fe = k[i].e, re = run_end(t, k, n, i);
    bool dot = fe - fs > 1 && t[fe - 1] == '.';
    uint32_t hr = kk[i].re == re ? kk[i].h_run : lex_key_hash_text(t + fs, re - fs);
    if (!lex_bloom_has(lex->first_bloom, kk[i].h) &&
        !(dot && lex_bloom_has(lex->first_bloom, kk[i].h_nodot)) &&
        !(re > fe && lex_bloom_has(lex->first_bloom, hr)))
        return NULL;
    size_t maxw = lex->max_words ? lex->max_words : 1;
    if (maxw > 1 && i + 1 < n) {
        /*
         * A window of two words or more holds a form that goes on past its
         * first run of letters and digits, which is the token's: where no
         * form does (the lexicon's multi_bloom), the token alone is tried.
         */
        size_t le = fs;
        while (le < fe) {
            size_t x = le;
            if (!ws_isalnum(utf8_next(t, fe, &x)))
                break;
            le = x;
        }
        if (le > fs && !lex_bloom_has(lex->multi_bloom, lex_key_hash_text(t + fs, le - fs)))
            maxw = 1;
    }
    for (size_t w = maxw; w >= 1; w--) {
        if (i + w > n)
            continue;
        size_t s = k[i].s, e = k[i + w - 1].e;
        const struct lex_entry *le = lex_lookup(lex, t + s, e - s);
        if (!le && e - s > 1 && t[e - 1] == '.')
            le = lex_lookup(lex, t + s, e - s - 1);
        if (le) {
            *j = i + w - 1;
            return le;
        }
    }
    return NULL;
}

static void
add_head(const char **heads, size_t *n, const char *h)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp(heads[i], h))
            return;
    if (*n < MAX_HEADS)
        heads[(*n)++] = h;
}

static void classify_toks(const whosaid_rules *R, const char *t, const struct tok *k, size_t n,
                          const struct tok_keys *kk, struct minfo *m);

/* How many of the @n tokens of @k lie in [s, e). */
static size_t
toks_within(const struct tok *k, size_t n, size_t s, size_t e)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += k[i].s >= s && k[i].e <= e;
    return c;
}

/*
 * Classifies the mention [s, e): pronoun, name (titles set aside),
 * descriptor (its head nouns) or organisation. A parenthesis ends it
 * ("Rep. Jim Clyburn (D-S.C.)"); so does a NAMELINK word after a name of
 * two words or more ("Bruce Riedel of the Brookings Institution").
 */
static void
classify(const whosaid_rules *R, const char *t, size_t s, size_t e, struct minfo *m)
{
    memset(m, 0, sizeof *m);
    struct tok k[MAX_TOKS];
    size_t n = before_paren(t, k, tokenize(t, s, e, k, MAX_TOKS));
    if (!n)
        return;
    if (n == 1 && R->pronouns) {
        const struct lex_entry *p = tok_entry(R->pronouns, t, &k[0]);
        if (p) {
            m->kind = M_PRONOUN;
            m->pronoun = p;
            m->gender = p->gender;
            return;
        }
    }
    /* "the American", "the Dutchman": someone named before, as "he" or "she" is */
    if (n == 2 && R->demonyms && capitalised(t, &k[1])) {
        const struct lex_entry *d = lex_lookup(R->demonyms, t + k[0].s, k[1].e - k[0].s);
        if (d) {
            /* "the Americans": a group's words, as "officials" are */
            m->kind = d->number == LEX_PLURAL ? M_DESCRIPTOR : M_DEMONYM;
            m->plural = d->number == LEX_PLURAL;
            m->gender = d->gender;
            add_head(m->heads, &m->nheads, d->lemma);
            return;
        }
    }
    struct tok_keys kk[MAX_TOKS];
    tok_keys(t, k, n, kk);
    for (size_t i = 2; i < n; i++) {
        /* a link in lower case, right after a name's capitalised word */
        if (t[k[i].s] < 'a' || t[k[i].s] > 'z' || !capitalised(t, &k[i - 1]) ||
            !tok_in(R->name_links, t, &k[i]))
            continue;
        classify_toks(R, t, k, i, kk, m);
        if (m->kind == M_NAME && !m->title_only && toks_within(k, i, m->name_s, m->name_e) >= 2)
            return;
        memset(m, 0, sizeof *m);
        break;
    }
    classify_toks(R, t, k, n, kk, m);
}

/*
 * After a title at token @j, a TITLELINK word and the words it governs
 * to the mention's end ("Minister for Defence Ignazio La Russa", "CEO of
 * the Refugee Council Enver Solomon"): where the person's name begins
 * among them, or @n when they hold none to take apart.
 */
static size_t
complement_name(const whosaid_rules *R, const char *t, const struct tok *k, size_t n, size_t j)
{
    if (j + 2 >= n || !tok_in(R->title_links, t, &k[j + 1]))
        return n;
    size_t from = j + 2; /* after the last article or link: the capitalised run */
    for (size_t x = j + 2; x < n; x++) {
        if (capitalised(t, &k[x]) || is_particle(R, t, &k[x]))
            continue;
        if (!is_article(R, t, &k[x]) && !tok_in(R->title_links, t, &k[x]))
            return n;
        from = x + 1;
    }
    if (from >= n || !capitalised(t, &k[n - 1]))
        return n;
    size_t d = department_end(R, t, k, from, n);
    if (d > from && d + 2 <= n)
        return d;
    size_t p = person_start(R, t, k, from, n);
    return p > from ? p : n;
}

/*
 * Do the words k[i, r) between a descriptor and a name after it make the
 * name the descriptor's ("director of rugby Nigel Melville")? So where
 * they are none, or a TITLELINK word and one to three words in lower
 * case, none of them a link, an article, a title or a descriptor: "a
 * spokesman for Michael Howard", "a lawyer representing John Smith" and "a
 * supporter of presidential candidate Hillary Clinton" are not the name's.
 */
static bool
between_head_and_name(const whosaid_rules *R, const char *t, const struct tok *k, size_t i,
                      size_t r)
{
    if (i == r)
        return true;
    if (r - i < 2 || r - i > 4 || !tok_in(R->title_links, t, &k[i]))
        return false;
    for (size_t x = i + 1; x < r; x++)
        if (capitalised(t, &k[x]) || is_link(R, t, &k[x]) || is_article(R, t, &k[x]) ||
            tok_in(R->titles, t, &k[x]) || tok_in(R->descriptors, t, &k[x]))
            return false;
    return true;
}

/*
 * Is one of the words k[0, n) a link or an article ("a lawyer for", "the
 * case against")? Before a name with no descriptor before it ("Tory
 * frontbencher Andrew Tyrie MP": a title after it), none may be.
 */
static bool
links_in(const whosaid_rules *R, const char *t, const struct tok *k, size_t n)
{
    for (size_t x = 0; x < n; x++)
        if (!capitalised(t, &k[x]) &&
            (is_link(R, t, &k[x]) || tok_in(R->place_links, t, &k[x]) || is_article(R, t, &k[x])))
            return true;
    return false;
}

static void
classify_toks(const whosaid_rules *R, const char *t, const struct tok *k, size_t n,
              const struct tok_keys *kk, struct minfo *m)
{
    /* the last title or descriptor word, and the last organisation word */
    size_t last_desc = SIZE_MAX, last_org = SIZE_MAX;
    /*
     * A link ("of", "for", "at") after a descriptor: what follows is
     * another's ("the leader of the rebels"), and a title or descriptor
     * there names that other, whose name then follows ("a spokesman for
     * Prime Minister Tony Blair", "a supporter of presidential candidate
     * Hillary Clinton"): none of them is the speaker's.
     */
    bool linked = false, other = false;
    size_t first_desc = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        size_t j;
        const struct lex_entry *le;
        if (last_desc != SIZE_MAX && !linked && !capitalised(t, &k[i]) && is_link(R, t, &k[i]))
            linked = true;
        /*
         * "American Andre Agassi": a person, whom "the American" names
         * later; not a firm's name ("American Airlines": no given name
         * after it, and two words at least; "Top-seeded Americans Andy
         * Roddick" too).
         */
        if (n - i >= 3 && R->demonyms && capitalised(t, &k[i]) &&
            tok_in(R->given_names, t, &k[i + 1]) &&
            (le = the_entry(R->demonyms, t, &k[i])) != NULL) {
            if (le->gender && le->number != LEX_PLURAL)
                m->gender = le->gender;
            add_head(m->heads, &m->nheads, le->lemma);
            m->plural = false;
            last_desc = i;
            continue;
        }
        /* no title, descriptor or organisation begins with most words: one Bloom filter for the three */
        if (!lex_bloom_has(R->heads_bloom, kk[i].h) &&
            !(kk[i].h_nodot && lex_bloom_has(R->heads_bloom, kk[i].h_nodot)) &&
            !lex_bloom_has(R->heads_bloom, kk[i].h_run))
            continue;
        if ((le = lex_at(R->titles, t, k, n, i, kk, &j)) && capitalised(t, &k[i])) {
            if (le->gender && !linked)
                m->gender = le->gender;
            /* "Defence Minister" is also a minister: its words may be heads (not another's) */
            for (size_t w = i; w <= j && !linked; w++) {
                size_t jj;
                const struct lex_entry *d = lex_at(R->descriptors, t, k, j + 1, w, kk, &jj);
                if (d)
                    add_head(m->heads, &m->nheads, d->lemma);
            }
            size_t p = complement_name(R, t, k, n, j);
            if (p < n) {
                m->kind = M_NAME;
                m->name_s = k[p].s;
                m->name_e = k[n - 1].e;
                m->titled = true;
                return;
            }
            m->plural = false; /* a title is one person's */
            other = other || linked;
            last_desc = j;
            i = j;
            continue;
        }
        if ((le = lex_at(R->descriptors, t, k, n, i, kk, &j))) {
            /* after a link it is another's: "the leader of the rebels", "the widow of late
             * president ..." are the leader's and the widow's */
            if (le->gender && !linked)
                m->gender = le->gender;
            if (!linked) {
                add_head(m->heads, &m->nheads, le->lemma);
                m->plural = le->number == LEX_PLURAL;
            }
            if (first_desc == SIZE_MAX)
                first_desc = i;
            /* a plural there is no one ("spokeswoman for women Sandra Gidley") */
            other = other || (linked && le->number != LEX_PLURAL);
            last_desc = j;
            i = j;
            continue;
        }
        if ((le = lex_at(R->organisations, t, k, n, i, kk, &j))) {
            last_org = j;
            i = j;
        }
    }
    /* a capitalised tail after the titles is the name */
    size_t from = last_desc == SIZE_MAX ? 0 : last_desc + 1;
    /* ... and after a possessive: "Gallup’s Jeffrey M. Jones" */
    for (size_t i = from; i + 1 < n; i++) {
        const char *w = t + k[i].s;
        size_t wl = k[i].e - k[i].s;
        if ((wl > 2 && !memcmp(w + wl - 2, "'s", 2)) ||
            (wl > 4 && !memcmp(w + wl - 4, "\xE2\x80\x99s", 4)))
            from = i + 1;
    }
    if (last_org != SIZE_MAX && (last_desc == SIZE_MAX || last_org > last_desc))
        from = n; /* "the foreign ministry": no name */
    /* capitalised words, and particles before the last: "Ms von der Leyen" is von der Leyen */
    bool tail = from < n && !other && capitalised(t, &k[n - 1]);
    for (size_t i = from; tail && i + 1 < n; i++)
        if (!capitalised(t, &k[i]) && !is_particle(R, t, &k[i]))
            tail = false;
    if (tail && last_desc == SIZE_MAX && is_article(R, t, &k[0]))
        tail = false;
    if (tail) {
        m->kind = M_NAME;
        m->name_s = k[from].s;
        m->name_e = k[n - 1].e;
        m->titled = last_desc != SIZE_MAX;
        /*
         * Untitled, a name that opens with a given name is a person's, of
         * the name's gender where it tells one ("Martina Hingis"). (One
         * that ends in an organisation's word, "Sarah Lane Hospital", is no
         * name: see above.)
         */
        const struct lex_entry *g;
        if (!m->titled && n - from >= 2 && (g = tok_entry(R->given_names, t, &k[from])) != NULL &&
            !is_particle(R, t, &k[from])) {
            m->given = true;
            if (!m->gender)
                m->gender = g->gender;
        }
        return;
    }
    /*
     * A person's name at the end, after words in lower case: "director of
     * rugby Nigel Melville", "Bank of England governor Mervyn King". The
     * capitalised words there open with a given name (not a particle), two
     * words or more, and follow no link or article: "a spokesman for
     * Darlington Council" and "a spokesman for Michael Howard" name no one
     * but whom they speak for.
     */
    size_t r = n;
    while (r > 0 && (capitalised(t, &k[r - 1]) || is_particle(R, t, &k[r - 1])))
        r--;
    const struct lex_entry *g;
    if (r > 0 && n - r >= 2 && !other &&
        (last_desc != SIZE_MAX && last_desc < r ? between_head_and_name(R, t, k, last_desc + 1, r)
                                                : !links_in(R, t, k, r)) &&
        (g = tok_entry(R->given_names, t, &k[r])) != NULL && !is_particle(R, t, &k[r])) {
        m->kind = M_NAME;
        m->name_s = k[r].s;
        m->name_e = k[n - 1].e;
        m->titled = true;
        m->given = true;
        if (!m->gender)
            m->gender = g->gender;
        return;
    }
    /* "John Smith chairman of the committee": a name before its descriptor, no comma between */
    size_t q = 0;
    while (q < n && capitalised(t, &k[q]))
        q++;
    if (q >= 2 && q == first_desc && (g = tok_entry(R->given_names, t, &k[0])) != NULL &&
        !is_particle(R, t, &k[0])) {
        m->kind = M_NAME;
        m->name_s = k[0].s;
        m->name_e = k[q - 1].e;
        m->given = true;
        if (!m->gender)
            m->gender = g->gender;
        return;
    }
    if (last_org != SIZE_MAX && (last_desc == SIZE_MAX || last_org > last_desc)) {
        m->kind = M_ORG;
        size_t f = is_article(R, t, &k[0]) ? 1 : 0;
        if (f >= n)
            f = 0;
        m->org_s = k[f].s;
        m->org_e = k[n - 1].e;
        return;
    }
    if (m->nheads) {
        m->kind = M_DESCRIPTOR;
        return;
    }
    /* "The New York Post": a capitalised name behind an article */
    bool caps = true;
    size_t f = is_article(R, t, &k[0]) ? 1 : 0;
    for (size_t i = f; i < n; i++)
        if (!capitalised(t, &k[i]))
            caps = false;
    if (caps && f < n) {
        m->kind = f ? M_ORG : M_NAME;
        m->name_s = m->org_s = k[f].s;
        m->name_e = m->org_e = k[n - 1].e;
        m->title_only = last_desc != SIZE_MAX;
    }
}

/* ---- the entity table ---- */

static void
table_free(struct table *T)
{
    for (size_t i = 0; i < T->nents; i++)
        free(T->ents[i].org);
    ws_arena_reset(T->A);
}

/*
 * Grows one of the table's hash tables (linear probing; a slot holds an
 * item's index + 1, 0 when empty) to @size slots, a power of two, for the
 * items @items[0, @n), each @stride bytes with its 32-bit hash at byte
 * @hoff, in the arena (the old slots go with it); false, keeping them,
 * when out of memory.
 */
static bool
slots_grow(struct ws_arena *A, size_t **slots, size_t *mask, size_t size, const void *items,
           size_t n, size_t stride, size_t hoff)
{
    size_t *to = ws_arena_calloc(A, size, sizeof *to);
    if (!to)
        return false;
    for (size_t x = 0; x < n; x++) {
        uint32_t h;
        memcpy(&h, (const char *)items + x * stride + hoff, sizeof h);
        size_t i = h & (size - 1);
        while (to[i])
            i = (i + 1) & (size - 1);
        to[i] = x + 1;
    }
    *slots = to;
    *mask = size - 1;
    return true;
}

/*
 * classify() through the extractor's cache (struct cls_cache): the same
 * answer, its positions moved to [@s, @e). A cache that cannot grow is
 * only a lost shortcut.
 */
static void
classify_memo(whosaid_extractor *ex, const char *t, size_t s, size_t e, struct minfo *m)
{
    struct cls_cache *C = ex->cls;
    size_t len = e - s;
    if (!C && (C = ex->cls = calloc(1, sizeof *C)) == NULL) {
        classify(ex->rules, t, s, e, m);
        return;
    }
    uint32_t h = lex_hash(t + s, len);
    size_t i = h & (2 * CLS_MAX - 1);
    for (uint32_t x; (x = C->slots[i]) != 0; i = (i + 1) & (2 * CLS_MAX - 1)) {
        const struct cls_entry *c = &C->ents[x - 1];
        if (c->h == h && c->len == len && !memcmp(C->pool + c->off, t + s, len)) {
            *m = c->info;
            m->name_s += s;
            m->name_e += s;
            m->org_s += s;
            m->org_e += s;
            return;
        }
    }
    classify(ex->rules, t, s, e, m);
    if (len > CLS_POOL / 16)
        return; /* a mention that long is no name said again */
    if (C->n == CLS_MAX || C->npool + len > CLS_POOL) { /* full: afresh */
        memset(C->slots, 0, sizeof C->slots);
        C->n = C->npool = 0;
        i = h & (2 * CLS_MAX - 1);
    }
    if (!WS_GROW(C->ents, C->cap, C->n + 1) || !WS_GROW(C->pool, C->pool_cap, C->npool + len))
        return;
    struct cls_entry *c = &C->ents[C->n];
    memcpy(C->pool + C->npool, t + s, len);
    c->off = C->npool;
    c->len = (uint32_t)len;
    c->h = h;
    c->info = *m;
    c->info.name_s -= s; /* unsigned: back to the same values when s is added */
    c->info.name_e -= s;
    c->info.org_s -= s;
    c->info.org_e -= s;
    C->npool += len;
    C->slots[i] = (uint32_t)++C->n;
}

/* The length of the space (a space, a tab, a no-break space) that ends at @i, or 0. */
static size_t
space_before(const char *t, size_t i)
{
    if (i > 0 && (t[i - 1] == ' ' || t[i - 1] == '\t'))
        return 1;
    return i > 1 && t[i - 2] == '\xC2' && t[i - 1] == '\xA0' ? 2 : 0;
}

/* The word that ends at @e, or {0, 0}: one run of spaces before it, no line's end. */
static struct tok
word_before(const char *t, size_t e)
{
    size_t i = e, n;
    while ((n = space_before(t, i)) != 0)
        i -= n;
    size_t b = i;
    while (b > 0 && !is_ws_byte(t[b - 1]) && !space_before(t, b))
        b--;
    return i == e || b == i ? (struct tok){0, 0} : (struct tok){b, i};
}

/*
 * Does the text before @s (a name's first word) close a title's link and
 * complement, as in "Secretary of | State John F. Kerry", "Chairman of the
 * Joint Chiefs of | Staff Mark Milley": a capitalised title, a TITLELINK
 * word, and capitalised words, articles and links, six words at most?
 * *@article tells whether an article came between (set only when true).
 */
static bool
after_title_link(const whosaid_rules *R, const char *t, size_t s, bool *article)
{
    size_t i = s;
    *article = false;
    for (int words = 0; words < 6; words++) {
        struct tok w = word_before(t, i);
        unsigned char last = w.e ? (unsigned char)t[w.e - 1] : 0;
        if (!w.e || (last < 0x80 && !ascii_letter(last)))
            return false; /* a comma or a full stop between: no complement goes on over it */
        if (capitalised(t, &w)) {
            i = w.s;
            continue;
        }
        if (tok_in(R->title_links, t, &w)) {
            struct tok title = word_before(t, w.s);
            if (title.e && capitalised(t, &title) && tok_in(R->titles, t, &title))
                return true;
        } else if (is_article(R, t, &w)) {
            *article = true;
        } else {
            return false;
        }
        i = w.s;
    }
    return false;
}

/* Does [@s, @e) hold two spaces, as a name of three words does? */
static bool
has_two_spaces(const char *t, size_t s, size_t e)
{
    const char *sp = memchr(t + s, ' ', e - s);
    return sp && memchr(sp + 1, ' ', (size_t)(t + e - (sp + 1)));
}

/*
 * classify_memo(), and what the words before the mention tell: a name
 * right after a title's link begins with the title's complement
 * ("Minister for | Defence Ignazio La Russa"), which is set aside as
 * classify() sets it aside inside a mention (complement_name()), and
 * the name is a person's, as a titled one is.
 */
static void
classify_at(whosaid_extractor *ex, const char *t, size_t s, size_t e, struct minfo *m)
{
    classify_memo(ex, t, s, e, m);
    if (m->kind != M_NAME || m->name_s != s)
        return;
    const whosaid_rules *R = ex->rules;
    /* a name of two words keeps them (person_start(), department_end()): no look back */
    bool article;
    if (!has_two_spaces(t, s, m->name_e) || !after_title_link(R, t, s, &article))
        return;
    struct tok k[MAX_TOKS];
    size_t n = tokenize(t, m->name_s, m->name_e, k, MAX_TOKS);
    /*
     * After an article the complement is most often an institution
     * ("Chairman of the New York Times"): the name makes a person only
     * after a department ("Chief Secretary to the Treasury Paul Boateng").
     * Nor does one that ends in an organisation's word ("Director of
     * National Portrait Gallery").
     */
    size_t d = n ? department_end(R, t, k, 0, n) : 0;
    bool dept = d > 0 && d + 2 <= n;
    size_t p = dept ? d : n ? person_start(R, t, k, 0, n) : 0;
    if (p > 0) {
        m->name_s = k[p].s;
        /* a person's: prune_mentions() keeps every run that follows a title's link */
        m->titled = (dept || !article) && !tok_in(R->organisations, t, &k[n - 1]);
    }
}

void
resolver_cache_free(whosaid_extractor *ex)
{
    if (ex->cls) {
        free(ex->cls->ents);
        free(ex->cls->pool);
        free(ex->cls);
        ex->cls = NULL;
    }
}

static bool
add_name(struct table *T, size_t s, size_t e, size_t pos, const struct minfo *info)
{
    if (!WS_ARENA_GROW(T->A, T->names, T->names_cap, T->nnames + 1))
        return false;
    if (info->nheads && !WS_ARENA_GROW(T->A, T->head_pool, T->head_pool_cap, T->nhead_pool + info->nheads))
        return false;
    struct name_ref *r = &T->names[T->nnames++];
    r->s = s;
    r->e = e;
    r->pos = pos;
    r->entity = SIZE_MAX;
    r->heads = T->nhead_pool;
    r->nheads = (unsigned char)info->nheads; /* at most MAX_HEADS */
    r->tentative = false;
    r->gender = info->gender;
    if (info->nheads) { /* the pool is NULL until a name has heads */
        memcpy(T->head_pool + T->nhead_pool, info->heads, info->nheads * sizeof *info->heads);
        T->nhead_pool += info->nheads;
    }
    return true;
}

/* Takes a possessive "’s" or "'s" off the word @l ("Brazil’s"). */
static void
drop_possessive(const char *t, struct tok *l)
{
    if (l->e - l->s > 3 && t[l->e - 1] == 's' &&
        (t[l->e - 2] == '\'' || (l->e - l->s > 4 && !memcmp(t + l->e - 4, "\xE2\x80\x99", 3))))
        l->e -= t[l->e - 2] == '\'' ? 2 : 4;
}

/* The words of a name, with a possessive "’s" taken off the last. */
static size_t
name_words(const char *t, size_t s, size_t e, struct tok *k)
{
    size_t n = tokenize(t, s, e, k, MAX_TOKS);
    if (n)
        drop_possessive(t, &k[n - 1]);
    return n;
}

static bool
tok_in_entity(const char *t, const struct tok *k, const struct entity *E, bool last_only)
{
    size_t n = k->e - k->s;
    for (size_t i = last_only ? E->ntoks - 1 : 0; i < E->ntoks; i++)
        if (E->toks[i].e - E->toks[i].s == n && !memcmp(t + E->toks[i].s, t + k->s, n))
            return true;
    return false;
}

/* Makes the word index's table, with room for @nwords words before it grows. */
static bool
index_init(struct table *T, size_t nwords)
{
    size_t size = 16;
    while (size < nwords * 2)
        size *= 2;
    T->we_slots = ws_arena_calloc(T->A, size, sizeof *T->we_slots);
    T->we_mask = size - 1;
    return T->we_slots != NULL;
}

/* The slot of word [@s, @e) (hash @h) in the word index: its entry's, or the empty one it would take. */
static size_t
word_slot(const struct table *T, const char *t, size_t s, size_t e, uint32_t h)
{
    size_t i = h & T->we_mask;
    for (size_t x; (x = T->we_slots[i]) != 0; i = (i + 1) & T->we_mask) {
        const struct word_entry *w = &T->we[x - 1];
        if (w->h == h && w->e - w->s == e - s && !memcmp(t + w->s, t + s, e - s))
            break;
    }
    return i;
}

/* The index's entry for word [@s, @e), or NULL when no entity holds it. */
static const struct word_entry *
word_find(const struct table *T, const char *t, size_t s, size_t e)
{
    size_t x = T->we_slots[word_slot(T, t, s, e, lex_hash(t + s, e - s))];
    return x ? &T->we[x - 1] : NULL;
}

/* Indexes the distinct words of entity @x (entities are indexed in the order made). */
static bool
index_entity(struct table *T, const char *t, size_t x)
{
    const struct entity *E = &T->ents[x];
    const struct tok *last = &E->toks[E->ntoks - 1];
    for (size_t i = 0; i < E->ntoks; i++) {
        const struct tok *k = &E->toks[i];
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = E->toks[j].e - E->toks[j].s == k->e - k->s &&
                   !memcmp(t + E->toks[j].s, t + k->s, k->e - k->s);
        if (seen)
            continue;
        if ((T->nwe + 1) * 2 > T->we_mask + 1 &&
            !slots_grow(T->A, &T->we_slots, &T->we_mask, (T->we_mask + 1) * 2, T->we, T->nwe, sizeof *T->we,
                        offsetof(struct word_entry, h)))
            return false;
        if (!WS_ARENA_GROW(T->A, T->wn, T->wn_cap, T->nwn + 1))
            return false;
        uint32_t h = lex_hash(t + k->s, k->e - k->s);
        size_t slot = word_slot(T, t, k->s, k->e, h);
        if (!T->we_slots[slot]) {
            if (!WS_ARENA_GROW(T->A, T->we, T->we_cap, T->nwe + 1))
                return false;
            T->we[T->nwe] = (struct word_entry){k->s, k->e, h, 0, SIZE_MAX, SIZE_MAX, SIZE_MAX};
            T->we_slots[slot] = ++T->nwe;
        }
        struct word_entry *w = &T->we[T->we_slots[slot] - 1];
        T->wn[T->nwn] = (struct word_node){x, SIZE_MAX};
        if (w->tail == SIZE_MAX)
            w->head = T->nwn;
        else
            T->wn[w->tail].next = T->nwn;
        w->tail = T->nwn++;
        w->count++;
        if (w->first_last == SIZE_MAX && k->e - k->s == last->e - last->s &&
            !memcmp(t + k->s, t + last->s, k->e - k->s))
            w->first_last = x;
    }
    return true;
}

/* Lists this long make find_entity() remember what it found. */
#define FOUND_MIN_WALK 16

/* The slot of the name @k (@n words, hash @h) among the found ones: its own, or the empty one it would take. */
static size_t
found_slot(const struct table *T, const char *t, const struct tok *k, size_t n, uint32_t h)
{
    size_t i = h & T->found_mask;
    for (size_t x; (x = T->found_slots[i]) != 0; i = (i + 1) & T->found_mask) {
        const struct found *f = &T->found[x - 1];
        bool same = f->h == h && f->ntoks == n;
        for (size_t j = 0; j < n && same; j++) {
            const struct tok *a = &T->found_toks[f->toks + j];
            same = a->e - a->s == k[j].e - k[j].s && !memcmp(t + a->s, t + k[j].s, a->e - a->s);
        }
        if (same)
            break;
    }
    return i;
}

/* Remembers that the name @k (@n words, hash @h) belongs to entity @x; false when out of memory. */
static bool
found_add(struct table *T, const char *t, const struct tok *k, size_t n, uint32_t h, size_t x)
{
    if ((T->nfound + 1) * 2 > (T->found_slots ? T->found_mask + 1 : 0) &&
        !slots_grow(T->A, &T->found_slots, &T->found_mask, T->found_slots ? (T->found_mask + 1) * 2 : 64,
                    T->found, T->nfound, sizeof *T->found, offsetof(struct found, h)))
        return false;
    if (!WS_ARENA_GROW(T->A, T->found, T->found_cap, T->nfound + 1) ||
        !WS_ARENA_GROW(T->A, T->found_toks, T->found_toks_cap, T->nfound_toks + n))
        return false;
    memcpy(T->found_toks + T->nfound_toks, k, n * sizeof *k);
    T->found[T->nfound] = (struct found){h, T->nfound_toks, n, x};
    T->nfound_toks += n;
    T->found_slots[found_slot(T, t, k, n, h)] = ++T->nfound;
    return true;
}

/*
 * The entity a name (words @k, @n > 0 of them) belongs to: the first one
 * made that holds all its words, or for a lone word the first whose last
 * word it is (a surname). SIZE_MAX: none.
 */
static size_t
find_entity(struct table *T, const char *t, const struct tok *k, size_t n)
{
    if (!T->we_slots)
        return SIZE_MAX; /* no entity has words yet */
    const struct word_entry *rare = n ? word_find(T, t, k[0].s, k[0].e) : NULL;
    if (!rare)
        return SIZE_MAX; /* no entity holds the first word */
    if (n == 1) /* a surname: "Ribeiro" in "Ana Ribeiro" */
        return rare->first_last != SIZE_MAX ? rare->first_last : T->wn[rare->head].ent;
    /* a first word many share ("John"): the list of a rarer word is shorter */
    for (size_t i = 1; i < n && rare->count > 4; i++) {
        const struct word_entry *w = word_find(T, t, k[i].s, k[i].e);
        if (!w)
            return SIZE_MAX; /* no entity holds this word */
        if (w->count < rare->count)
            rare = w;
    }
    uint32_t h = 0;
    bool remember = rare->count > FOUND_MIN_WALK;
    if (remember) {
        for (size_t i = 0; i < n; i++)
            h = h * 31 + lex_hash(t + k[i].s, k[i].e - k[i].s);
        size_t x = T->found_slots ? T->found_slots[found_slot(T, t, k, n, h)] : 0;
        if (x)
            return T->found[x - 1].ent;
    }
    for (size_t c = rare->head; c != SIZE_MAX; c = T->wn[c].next) {
        const struct entity *E = &T->ents[T->wn[c].ent];
        bool all = true;
        for (size_t i = 0; i < n && all; i++)
            all = tok_in_entity(t, &k[i], E, false);
        if (all) {
            if (remember)
                found_add(T, t, k, n, h, T->wn[c].ent); /* out of memory: only slower */
            return T->wn[c].ent;
        }
    }
    return SIZE_MAX;
}

/*
 * A name's place in a sort: by @major, then @minor, then its index (the
 * order found), so every order is total and the result is the same
 * whatever the algorithm. Keys compared in line take less than half the
 * instructions of qsort_r() calling a comparator that goes back to the
 * names.
 */
struct name_key {
    size_t major, minor, idx;
};

static inline bool
key_before(const struct name_key *a, const struct name_key *b)
{
    if (a->major != b->major)
        return a->major < b->major;
    if (a->minor != b->minor)
        return a->minor < b->minor;
    return a->idx < b->idx;
}

/*
 * Sorts @k[0, n) with @tmp (n keys) as room: insertion sort for short runs,
 * merged bottom up. Names arrive as a few runs already in order, so most
 * merges find their halves in order and stop after one comparison.
 */
static void
sort_keys(struct name_key *k, size_t n, struct name_key *tmp)
{
    enum { RUN = 16 };
    for (size_t s = 0; s < n; s += RUN) {
        size_t e = s + RUN < n ? s + RUN : n;
        for (size_t i = s + 1; i < e; i++) {
            struct name_key x = k[i];
            size_t j = i;
            for (; j > s && key_before(&x, &k[j - 1]); j--)
                k[j] = k[j - 1];
            k[j] = x;
        }
    }
    for (size_t w = RUN; w < n; w *= 2) {
        for (size_t s = 0; s + w < n; s += 2 * w) {
            size_t m = s + w, e = s + 2 * w < n ? s + 2 * w : n;
            if (!key_before(&k[m], &k[m - 1]))
                continue; /* already in order */
            memcpy(tmp + s, k + s, (m - s) * sizeof *k);
            size_t i = s, j = m, o = s;
            while (i < m && j < e)
                k[o++] = key_before(&k[j], &tmp[i]) ? k[j++] : tmp[i++];
            while (i < m)
                k[o++] = tmp[i++];
        }
    }
}

/* Gives entity @E what name @r tells of it: a gender, descriptor heads. */
static void
merge_info(const struct table *T, struct entity *E, const struct name_ref *r)
{
    if (r->gender && !E->gender)
        E->gender = r->gender;
    for (size_t h = 0; h < r->nheads; h++)
        add_head(E->heads, &E->nheads, T->head_pool[r->heads + h]);
}

/* Room for @n words of an entity, kept until the table is freed; NULL when out of memory. */
static struct tok *
toks_alloc(struct table *T, size_t n)
{
    struct tok_block *b = T->tok_blocks;
    if (!b || b->cap - b->n < n) {
        size_t cap = n > 256 ? n : 256;
        b = ws_arena_alloc(T->A, sizeof *b + cap * sizeof *b->toks);
        if (!b)
            return NULL;
        b->next = T->tok_blocks;
        b->n = 0;
        b->cap = cap;
        T->tok_blocks = b;
    }
    b->n += n;
    return b->toks + b->n - n;
}

/* Groups the names into entities: each name joins the fullest name holding all its words. */
static bool
cluster(struct table *T, const char *t)
{
    struct name_key *order = ws_arena_alloc(T->A, (T->nnames ? T->nnames : 1) * 2 * sizeof *order);
    if (!order || !index_init(T, T->nnames / 4))
        return false;
    /* fuller names first, then document order, then the order found */
    for (size_t i = 0; i < T->nnames; i++)
        order[i] = (struct name_key){SIZE_MAX - (T->names[i].e - T->names[i].s), T->names[i].pos, i};
    sort_keys(order, T->nnames, order + T->nnames);
    bool ok = true;
    for (size_t o = 0; ok && o < T->nnames; o++) {
        const struct name_ref *name = &T->names[order[o].idx];
        struct tok k[MAX_TOKS];
        size_t n = name_words(t, name->s, name->e, k);
        if (!n)
            continue;
        size_t x = find_entity(T, t, k, n);
        if (x == SIZE_MAX) {
            if (!WS_ARENA_GROW(T->A, T->ents, T->ents_cap, T->nents + 1)) {
                ok = false;
                break;
            }
            struct entity *E = &T->ents[T->nents];
            memset(E, 0, sizeof *E);
            E->kind = WHOSAID_KIND_NONE; /* a person once a firm mention joins */
            E->toks = toks_alloc(T, n);
            if (!E->toks) {
                ok = false;
                break;
            }
            T->nents++;
            memcpy(E->toks, k, n * sizeof *k);
            E->ntoks = n;
            x = T->nents - 1;
            if (!index_entity(T, t, x)) {
                ok = false;
                break;
            }
        }
        merge_info(T, &T->ents[x], name);
        if (!name->tentative)
            T->ents[x].kind = WHOSAID_KIND_PERSON;
        T->names[order[o].idx].entity = x;
    }
    return ok;
}

/* Adds entity @x, an organisation, to the table of their names. */
static bool
org_slot_add(struct table *T, size_t x)
{
    if ((T->norgs + 1) * 2 > T->org_mask + 1 || !T->org_slots) {
        /* grow: twice the size, every organisation placed again */
        size_t size = T->org_slots ? (T->org_mask + 1) * 2 : 16;
        size_t *slots = ws_arena_calloc(T->A, size, sizeof *slots);
        if (!slots)
            return false;
        for (size_t i = 0; T->org_slots && i <= T->org_mask; i++) {
            if (!T->org_slots[i])
                continue;
            const char *f = T->ents[T->org_slots[i] - 1].org;
            size_t h = lex_hash(f, strlen(f)) & (size - 1);
            while (slots[h])
                h = (h + 1) & (size - 1);
            slots[h] = T->org_slots[i];
        }
        T->org_slots = slots;
        T->org_mask = size - 1;
    }
    size_t h = lex_hash(T->ents[x].org, strlen(T->ents[x].org)) & T->org_mask;
    while (T->org_slots[h])
        h = (h + 1) & T->org_mask;
    T->org_slots[h] = x + 1;
    T->norgs++;
    return true;
}

/* The entity of an organisation mention, made on first sight. */
static size_t
org_entity(struct table *T, const char *t, size_t s, size_t e)
{
    char *f = lex_fold_dup(t + s, e - s);
    if (!f)
        return SIZE_MAX;
    size_t fh = lex_hash(f, strlen(f));
    if (T->org_slots)
        for (size_t h = fh & T->org_mask; T->org_slots[h]; h = (h + 1) & T->org_mask)
            if (!strcmp(T->ents[T->org_slots[h] - 1].org, f)) {
                free(f);
                return T->org_slots[h] - 1;
            }
    if (!WS_ARENA_GROW(T->A, T->ents, T->ents_cap, T->nents + 1)) {
        free(f);
        return SIZE_MAX;
    }
    struct entity *E = &T->ents[T->nents];
    memset(E, 0, sizeof *E);
    E->kind = WHOSAID_KIND_ORGANISATION;
    E->org = f;
    if (!org_slot_add(T, T->nents)) {
        free(f);
        return SIZE_MAX;
    }
    return T->nents++;
}

static const char *
canonical(struct whosaid_doc *doc, struct entity *E, const char *t, size_t s, size_t e)
{
    if (E->canonical)
        return E->canonical;
    struct ws_buf b = {0};
    bool ok = true;
    if (E->org) {
        ok = ws_buf_put(&b, t + s, e - s);
    } else {
        for (size_t i = 0; ok && i < E->ntoks; i++)
            ok = (i == 0 || ws_buf_putc(&b, ' ')) &&
                 ws_buf_put(&b, t + E->toks[i].s, E->toks[i].e - E->toks[i].s);
    }
    if (!ok) {
        ws_buf_free(&b);
        return NULL;
    }
    E->canonical = doc_keep_string(doc, b.data);
    return E->canonical;
}

/* ---- alias rules ---- */

/*
 * May a capital open a word at @i (start = capital)? The byte there is
 * one of A-Z or the lead byte of a wider character (which may be a
 * capital: PCRE2 decides), and the byte before it is none of PCRE2's
 * ASCII word characters (one of a wider character leaves it to PCRE2
 * too). Every place where a capital follows a \b passes.
 */
static inline bool
capital_start(const unsigned char *u, size_t i)
{
    unsigned char b = i ? u[i - 1] : ' ';
    return ((u[i] >= 'A' && u[i] <= 'Z') || u[i] >= 0xC0) &&
           (b >= 0x80 || !(ws_isalnum(b) || b == '_'));
}

/*
 * The first place at or after @i, before @pe, where a capital may open a
 * word; @pe if none. Sixteen bytes a step where SSE2 is there: A-Z and
 * lead bytes of wider characters first, then the byte before each.
 */
static size_t
next_capital(const unsigned char *u, size_t i, size_t pe)
{
#if defined(__SSE2__)
    const __m128i below_a = _mm_set1_epi8('A' - 1), above_z = _mm_set1_epi8('Z' + 1),
                  lead = _mm_set1_epi8((char)0xC0);
    for (; i + 16 <= pe; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
        /* signed compares: bytes from 0x80 are negative, below 'A' */
        __m128i cap = _mm_and_si128(_mm_cmpgt_epi8(v, below_a), _mm_cmpgt_epi8(above_z, v));
        __m128i wide = _mm_cmpeq_epi8(_mm_and_si128(v, lead), lead);
        for (unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(cap, wide)); m; m &= m - 1) {
            size_t x = i + (size_t)__builtin_ctz(m);
            if (capital_start(u, x))
                return x;
        }
    }
#endif
    for (; i < pe; i++)
        if (capital_start(u, i))
            return i;
    return pe;
}

/*
 * Tries rule @r anchored at each capital of [@from, @to), its match
 * running on to @pe at most: 1 with the first place that matched in *@at,
 * 0 when none did, -1 when a run hit a limit (@doc has more warnings
 * than @warned).
 */
static inline int
match_at_capitals(whosaid_extractor *ex, struct whosaid_doc *doc, const struct rule *r, size_t from,
                  size_t to, size_t pe, size_t warned, size_t *at)
{
    const unsigned char *u = (const unsigned char *)doc->text;
    for (size_t x = next_capital(u, from, to); x < to; x = next_capital(u, x + 1, to)) {
        if (attr_match(ex, doc, r, x, pe, true)) {
            *at = x;
            return 1;
        }
        if (doc->warnings != warned)
            return -1;
    }
    return 0;
}

/*
 * Finds the next match of an alias or mention rule at or after *@at in
 * [*at, pe) of paragraph @p; sets *@at to where it starts. A rule with a
 * start lexicon is tried only where a word begins that is, case-folded,
 * the leading word of one of its forms: the paragraph's words are read
 * once, with a hash look-up a word, instead of PCRE2 entering the
 * lexicon's pattern at every letter. A rule with start = capital is tried
 * only where a capital may open a word, found by a byte scan: PCRE2's own
 * search for the shipped name pattern took 15-25% longer, stepping
 * through the bytes between names in its own code. A match limit hit at
 * one place ends the paragraph's search, as it ends PCRE2's (whose limit
 * also counts afresh at each start). Sets *@failed when out of memory.
 */
static bool
next_match(whosaid_extractor *ex, struct whosaid_doc *doc, struct table *T, const struct rule *r,
           size_t p, size_t *at, size_t pe, struct lex_words *W, bool *failed)
{
    if (r->start_capital) {
        size_t warned = doc->warnings;
        if (T && T->pruned) {
            /*
             * The capitals of the runs kept, from one to the next: every
             * place where a capital may open a word lies in a run
             * (prune_mentions()), but for a space outside ASCII, where
             * no name begins. A match leaves T->run at its run: the next
             * search goes on from its end, in this run or after.
             */
            for (; T->run < T->nruns && T->runs[T->run].s < pe; T->run++) {
                const struct mrun *m = &T->runs[T->run];
                if (!m->keep || m->e <= *at)
                    continue;
                int rc = match_at_capitals(ex, doc, r, m->s > *at ? m->s : *at,
                                           m->e < pe ? m->e : pe, pe, warned, at);
                if (rc > 0)
                    return true;
                if (rc < 0)
                    break;
            }
        } else if (match_at_capitals(ex, doc, r, *at, pe, pe, warned, at) > 0) {
            return true;
        }
        *at = pe;
        return false;
    }
    if (!r->start_lex)
        return *at < pe && attr_match(ex, doc, r, *at, pe, false);
    const struct lexicon *lex = &ex->rules->lexicons[r->start_lex - 1];
    const char *t = doc->text;
    if (!lex_read_words(W, t, &doc->seg, p)) {
        *failed = true;
        return false;
    }
    /* the first word starting at or after *at (words are in order) */
    size_t lo = 0, hi = W->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (W->w[mid].s < *at)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t k = lo; k < W->n; k++) {
        const struct lex_word *w = &W->w[k];
        if (lex_has_lead(lex, t + w->s, w->e - w->s, w->h) && /* inline: most words, no call */
            attr_match(ex, doc, r, w->s, pe, true)) {
            *at = w->s;
            return true;
        }
    }
    *at = pe;
    return false;
}

/*
 * next_match() for a rule with near (rules/README.md): each of its
 * matches begins within near words before a place where its requirement
 * occurs. So the search runs one window at a time, from near words before
 * such a place up to it (PCRE2's offset limit: no match may begin after
 * it), instead of from every byte of the paragraph; the match it finds is
 * the same. Where the requirement's search gives no verdict (a limit),
 * the rest of the paragraph is searched whole; where the rule's own
 * search hits a limit, the paragraph's search stops, as the whole one
 * would.
 */
static bool
next_near_match(whosaid_extractor *ex, struct whosaid_doc *doc, const struct rule *r, size_t p,
                size_t *at, size_t pe, struct lex_words *W, bool *failed)
{
    const char *t = doc->text;
    for (size_t from = *at; from < pe;) {
        size_t c;
        int found = attr_required_at(ex, doc, r, from, pe, &c);
        if (found == 0)
            break;
        if (found < 0) {
            *at = from;
            return next_match(ex, doc, NULL, r, p, at, pe, W, failed);
        }
        size_t s = attr_words_back(t, from, c, r->near), warned = doc->warnings;
        pcre2_set_offset_limit(ex->mctx, c);
        bool hit = next_match(ex, doc, NULL, r, p, &s, pe, W, failed);
        pcre2_set_offset_limit(ex->mctx, PCRE2_UNSET);
        if (hit || *failed) {
            *at = s;
            return hit;
        }
        if (doc->warnings != warned)
            break; /* a limit, reported: the whole search would stop here too */
        /* no match begins at or before c: on to the next place */
        from = c + 1;
        while (from < pe && ((unsigned char)t[from] & 0xC0) == 0x80)
            from++;
    }
    *at = pe;
    return false;
}

/* next_match(), or next_near_match() for a rule with near. */
static bool
next_rule_match(whosaid_extractor *ex, struct whosaid_doc *doc, struct table *T,
                const struct rule *r, size_t p, size_t *at, size_t pe, struct lex_words *W,
                bool *failed)
{
    return r->near ? next_near_match(ex, doc, r, p, at, pe, W, failed)
                   : next_match(ex, doc, T, r, p, at, pe, W, failed);
}

/*
 * next_match() for a rule with a start lexicon, given the places @at[0, n)
 * of the paragraph's words that may open one of its forms, in order.
 */
static bool
next_lead_match(whosaid_extractor *ex, struct whosaid_doc *doc, const struct rule *r,
                const size_t *at, size_t n, size_t *from, size_t pe)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (at[mid] < *from)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < n; i++)
        if (attr_match(ex, doc, r, at[i], pe, true)) {
            *from = at[i];
            return true;
        }
    *from = pe;
    return false;
}

/*
 * The places where the alias rules with a start lexicon may match in the
 * paragraph whose words W holds, found in one pass for all of them (@L):
 * ex->leads[j * W->n, ...) for the j-th such rule, their numbers in
 * @count. Most words lead none of the lexicons, and the union of their
 * Bloom filters turns them away with one look-up instead of one a rule.
 * False when out of memory.
 */
static bool
find_leads(whosaid_extractor *ex, const char *t, struct lex_words *W, const struct lead_rules *L,
           size_t *count)
{
    if (!ws_grow((void **)&ex->leads, &ex->leads_cap, L->n * W->n + 1, sizeof *ex->leads))
        return false;
    memset(count, 0, L->n * sizeof *count);
    struct lex_word *words = W->n ? W->buf + (W->w - W->buf) : NULL; /* W->w: it lies in W->buf */
    for (size_t k = 0; k < W->n; k++) {
        struct lex_word *w = &words[k];
        if (L->filter && !lex_bloom_has(L->bloom, w->h)) {
            w->firm = L->firm ? 1 : 0; /* it leads none of them */
            continue;
        }
        bool firm = false;
        for (size_t j = 0; j < L->n; j++)
            if (lex_has_lead(L->lex[j], t + w->s, w->e - w->s, w->h)) {
                ex->leads[j * W->n + count[j]++] = w->s;
                firm = firm || (L->firm_of >> j & 1);
            }
        w->firm = !L->firm ? 0 : firm ? 2 : 1;
    }
    return true;
}

/* Sets ex->lead_rules, once: the rules are the extractor's for its life. */
static void
lead_rules_set(whosaid_extractor *ex)
{
    const whosaid_rules *R = ex->rules;
    struct lead_rules *L = &ex->lead_rules;
    L->filter = true;
    /* the words' firm, where the pass asks both lexicons (or the one there is) */
    bool titles = !R->titles, descriptors = !R->descriptors;
    for (size_t ri = 0; ri < R->nby_anchor[ANCHOR_ALIAS] && L->n < LEAD_RULES; ri++) {
        const struct rule *r = &R->rules[R->by_anchor[ANCHOR_ALIAS][ri]];
        if (!r->start_lex)
            continue;
        const struct lexicon *lex = &R->lexicons[r->start_lex - 1];
        L->filter = L->filter && lex->lead_slots; /* without its table, every word may lead one */
        for (size_t b = 0; b < LEX_BLOOM_BITS / 64; b++)
            L->bloom[b] |= lex->lead_bloom[b];
        titles = titles || lex == R->titles;
        descriptors = descriptors || lex == R->descriptors;
        if (lex == R->titles || lex == R->descriptors)
            L->firm_of |= 1u << L->n;
        L->rule[L->n] = ri;
        L->lex[L->n++] = lex;
    }
    L->firm = titles && descriptors;
    L->set = true;
}

/*
 * Is [s, e) written in Title Case, as headlines are: four words or more,
 * nearly all of them capitalised, and each of the others a STOPWORD
 * ("of", "the", "with") or no word of letters ("2016")? A sentence has a
 * verb in lower case: "President Xi Jinping met Biden" is none.
 */
static bool
title_case(const whosaid_rules *R, const char *t, size_t s, size_t e)
{
    /*
     * Of the first MAX_TOKS words, word by word; in prose the first word
     * in lower case is most often no stop word, and ends the reading.
     */
    size_t n = 0, caps = 0, i = s;
    while (n < MAX_TOKS) {
        i = skip_trimmed(t, i, e); /* to the next word's first character, as tokenize() finds it */
        if (i >= e)
            break;
        size_t we = word_end(t, i, e);
        struct tok k = {i, we};
        if (capitalised(t, &k)) {
            caps++;
        } else if (t[i] >= 'a' && t[i] <= 'z') {
            /* its trailing punctuation off, as the stop words are listed */
            while (k.e > k.s + 1 && !ascii_letter((unsigned char)t[k.e - 1]))
                k.e--;
            if (!tok_in(R->stopwords, t, &k))
                return false;
        }
        if ((++n - caps) * 10 > MAX_TOKS * 3)
            return false;
        i = we;
    }
    return n >= 4 && caps * 10 >= n * 7;
}

/* Is paragraph @p a headline (title_case())? Asked once, for the alias and the mention rules. */
static bool
headline(const whosaid_rules *R, struct table *T, const struct whosaid_doc *doc, size_t p)
{
    if (!T->headline[p])
        T->headline[p] =
            title_case(R, doc->text, doc->seg.paras[p].start, doc->seg.paras[p].end) ? 2 : 1;
    return T->headline[p] == 2;
}

static bool
run_alias_rules(whosaid_extractor *ex, struct whosaid_doc *doc, struct table *T)
{
    const whosaid_rules *R = ex->rules;
    const char *t = doc->text;
    struct lex_words *W = &ex->words;
    bool failed = false;
    if (!ex->lead_rules.set)
        lead_rules_set(ex);
    const struct lead_rules *L = &ex->lead_rules;
    size_t count[LEAD_RULES];
    for (size_t p = 0; p < doc->seg.nparas && !failed; p++) {
        size_t ps = doc->seg.paras[p].start, pe = doc->seg.paras[p].end;
        if (headline(R, T, doc, p))
            continue; /* "Benghazi Widow Dorothy Woods Defends Trump": no name ends in a headline */
        /* for lexicon guards (without, they pass), and for the start lexicons' places */
        bool read = lex_read_words(W, t, &doc->seg, p);
        size_t nw = W->n;
        bool leads = read && L->n && find_leads(ex, t, W, L, count);
        for (size_t ri = 0, j = 0; ri < R->nby_anchor[ANCHOR_ALIAS]; ri++) {
            const struct rule *r = &R->rules[R->by_anchor[ANCHOR_ALIAS][ri]];
            const size_t *at_lead = NULL;
            size_t nat = 0;
            if (leads && j < L->n && L->rule[j] == ri) {
                at_lead = ex->leads + j * nw;
                nat = count[j++];
            }
            size_t at = ps;
            if (!r->near && !attr_required(ex, doc, r, ps, pe, NULL)) /* near: it finds the places */
                continue;
            while (at_lead ? next_lead_match(ex, doc, r, at_lead, nat, &at, pe)
                           : next_rule_match(ex, doc, NULL, r, p, &at, pe, W, &failed)) {
                const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(ex->md);
                size_t next = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
                size_t ns = ov[2 * r->cap_name], ne = ov[2 * r->cap_name + 1];
                if (ns != PCRE2_UNSET && ne > ns) {
                    struct minfo name, desc;
                    classify_at(ex, t, ns, ne, &name);
                    if (name.kind == M_NAME) {
                        bool vague = false;
                        if (r->cap_descriptor && ov[2 * r->cap_descriptor] != PCRE2_UNSET) {
                            classify_memo(ex, t, ov[2 * r->cap_descriptor],
                                          ov[2 * r->cap_descriptor + 1], &desc);
                            for (size_t h = 0; h < desc.nheads; h++)
                                add_head(name.heads, &name.nheads, desc.heads[h]);
                            if (desc.gender && !name.gender)
                                name.gender = desc.gender;
                            /* "Cinco de Mayo, a day on which ...": no person's noun */
                            vague = !desc.nheads && !desc.gender && !name.nheads && !name.gender &&
                                    !name.titled;
                        }
                        if (!add_name(T, name.name_s, name.name_e, ns, &name))
                            return false;
                        T->names[T->nnames - 1].tentative = vague;
                    }
                }
                while (next < pe && ((unsigned char)t[next] & 0xC0) == 0x80)
                    next++;
                at = next;
            }
        }
    }
    return !failed;
}

/* ---- pruning the mention rules' search ---- */

static bool
key_add(struct table *T, uint32_t h)
{
    h = h ? h : 1;
    if ((T->nkeys + 1) * 2 > (T->keys ? T->keys_mask + 1 : 0)) {
        size_t size = T->keys ? (T->keys_mask + 1) * 2 : 256;
        uint32_t *to = ws_arena_calloc(T->A, size, sizeof *to);
        if (!to)
            return false;
        for (size_t i = 0; T->keys && i <= T->keys_mask; i++) {
            if (!T->keys[i])
                continue;
            size_t j = T->keys[i] & (size - 1);
            while (to[j])
                j = (j + 1) & (size - 1);
            to[j] = T->keys[i];
        }
        T->keys = to;
        T->keys_mask = size - 1;
    }
    size_t j = h & T->keys_mask;
    for (; T->keys[j]; j = (j + 1) & T->keys_mask)
        if (T->keys[j] == h)
            return true;
    T->keys[j] = h;
    T->nkeys++;
    return true;
}

static bool
key_has(const struct table *T, uint32_t h)
{
    h = h ? h : 1;
    if (!T->keys)
        return false;
    for (size_t j = h & T->keys_mask; T->keys[j]; j = (j + 1) & T->keys_mask)
        if (T->keys[j] == h)
            return true;
    return false;
}

/* Is there white space (PCRE2's \s with UCP) at @i? Its length, or 0. */
static inline size_t
space_at(const char *t, size_t i, size_t e)
{
    if (i >= e)
        return 0;
    unsigned char c = (unsigned char)t[i];
    if (c < 0x80)
        return c == ' ' || (c >= '\t' && c <= '\r');
    return lex_space(t, i, e);
}

/* The end of the word (to white space) at @i, before @pe. */
static size_t
chunk_end(const char *t, size_t i, size_t pe)
{
    const unsigned char *u = (const unsigned char *)t;
    for (i = skip_graphic_ascii(u, i, pe); i < pe; i++)
        if (!(u[i] > ' ' && u[i] < 0x80) && space_at(t, i, pe))
            break;
    return i;
}

/* Is @c a byte that may open a capitalised word (\p{Lu}): A-Z, or any byte outside ASCII? */
static inline bool
may_be_capital(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* Where the white space at @i ends (@i itself where there is none). */
static size_t
spaces_end(const char *t, size_t i, size_t pe)
{
    size_t len;
    while ((len = space_at(t, i, pe)) != 0)
        i += len;
    return i;
}

/* Does @c open a word that may be a particle: one of the small letters @small (bit 0 for a)? */
static inline bool
small_lead(unsigned char c, uint32_t small)
{
    return c >= 'a' && c <= 'z' && (small >> (c - 'a') & 1);
}

/*
 * The end of the run from @x: the word there (to white space) and each
 * word after it, joined by white space, that a name may go on with: one
 * that opens with A-Z or a byte outside ASCII, or a small word that may
 * be a particle (it opens with one of the letters @small, bit 0 for a,
 * is no stop word of @stop, and a capital follows it, or one more such
 * word and a capital: "von der Leyen"). A name the mention
 * pattern matches from any place of the run lies within it
 * (rules/README.md, prune).
 */
static size_t
run_end_at(const char *t, size_t x, size_t pe, const struct lexicon *stop, uint32_t small)
{
    const unsigned char *u = (const unsigned char *)t;
    size_t i = chunk_end(t, x, pe);
    for (;;) {
        size_t end = i;
        i = spaces_end(t, i, pe);
        if (i >= pe)
            return end;
        if (may_be_capital(u[i])) {
            i = chunk_end(t, i, pe);
            continue;
        }
        if (!small_lead(u[i], small))
            return end;
        /* a particle: its letters, no stop word, then white space and a capital */
        size_t j = i;
        while (j < pe && u[j] >= 'a' && u[j] <= 'z')
            j++;
        if (j < pe && u[j] != '_' && u[j] < 0x80 && !ws_isalnum(u[j]) &&
            lex_is_form(stop, t + i, j - i, lex_key_hash_text(t + i, j - i)))
            return end;
        size_t ce = chunk_end(t, i, pe), n = spaces_end(t, ce, pe);
        if (n == ce || n >= pe)
            return end;
        if (!may_be_capital(u[n])) {
            /* or one more such word, then a capital ("von der Leyen"): the loop reads it next */
            if (!small_lead(u[n], small))
                return end;
            size_t ce2 = chunk_end(t, n, pe), n2 = spaces_end(t, ce2, pe);
            if (n2 == ce2 || n2 >= pe || !may_be_capital(u[n2]))
                return end;
        }
        i = ce;
    }
}

/*
 * Adds the hashes of words [@k0, @k1) of W->buf to the keys; false when
 * out of memory. Stop words go in too: a run is linked only through a
 * word that is none (stop_word()), so theirs never count.
 */
static bool
keys_add_words(struct table *T, const struct lex_words *W, size_t k0, size_t k1)
{
    for (size_t k = k0; k < k1; k++)
        if (!key_add(T, W->buf[k].h))
            return false;
    return true;
}

/*
 * Is word @w of @t a stop word of @stop followed by \b, which opens no
 * word of a name? (PCRE2's \w takes in an ASCII '_' too; a byte outside
 * ASCII may be a letter: not known, so no.) Asked once a word.
 */
static bool
stop_word(const char *t, struct lex_word *w, const struct lexicon *stop)
{
    if (!w->stop_known) {
        const unsigned char *u = (const unsigned char *)t;
        w->stop = !w->wide && u[w->e] < 0x80 && u[w->e] != '_' &&
                  lex_is_form(stop, t + w->s, w->e - w->s, w->h);
        w->stop_known = true;
    }
    return w->stop;
}

/* The first word of W->buf from @k on that ends after @pos. */
static size_t
word_after(const struct lex_words *W, size_t k, size_t pos)
{
    while (k < W->nbuf && W->buf[k].e <= pos)
        k++;
    return k;
}

/*
 * Is W->buf[@k] a form of @lex? Its hash, made once for the document,
 * asks the lexicon's Bloom filter first.
 */
static bool
word_in(const struct lexicon *lex, const char *t, const struct lex_word *w)
{
    return lex && lex_bloom_has(lex->first_bloom, w->h) &&
           lex_is_form(lex, t + w->s, w->e - w->s, w->h);
}

/*
 * Can after_title_link() find a title's link before @x, where W->buf[@k]
 * is the first word at or after @x? The document's words, read once,
 * spare most runs the look-back's own reading: walking back over words
 * that are capitalised, articles or links, it needs a link. False only
 * where it meets, before any link, a word the look-back stops at too: all
 * ASCII, opening with a small letter, neither article nor link, and a
 * word of its own (white space before it; what follows it ends the
 * look-back's word, whatever it is). It walks twice as many words as the
 * look-back, which reads a hyphened or dotted word ("Vice-President",
 * "U.S.") as one; where they run out, true.
 */
static bool
may_follow_title_link(const whosaid_rules *R, const char *t, const struct lex_words *W, size_t k,
                      size_t x)
{
    const unsigned char *u = (const unsigned char *)t;
    for (int steps = 0; steps < 12; steps++) {
        if (k == 0)
            return false; /* no word before: no link */
        const struct lex_word *w = &W->buf[--k];
        if (w->wide || u[w->s] < 'a' || u[w->s] > 'z' || w->e > x)
            continue; /* capitalised, perhaps, or not a word of its own */
        if (word_in(R->title_links, t, w))
            return true;
        if (word_in(R->articles, t, w))
            continue;
        if (w->s == 0 || is_ws_byte(t[w->s - 1]))
            return false;
    }
    return true;
}

/*
 * Sets T->runs for the mention rules' search: every stretch of
 * paragraphs [0, @last_para) where a name may begin, and whether a name
 * there can matter. A bare name matters only when a firm one (an alias
 * rule's, a speaker's, or a mention with a title or descriptor) shares
 * its entity, and so a word with it, or with a name that does, and so
 * on; a run none of whose words is such a word holds no name that
 * matters, and is skipped. A name that opens with a given name is firm
 * too, but where @pronouns is false (no speaker is a pronoun or a weak
 * rule's, which must be a person the document knows) it serves nobody:
 * no run is kept for it. Out of memory, or where it cannot tell, every
 * run is kept (T->pruned false).
 */
static void
prune_mentions(whosaid_extractor *ex, struct whosaid_doc *doc, struct table *T,
               const struct rule *r, size_t last_para, bool pronouns)
{
    const whosaid_rules *R = ex->rules;
    const char *t = doc->text;
    const unsigned char *u = (const unsigned char *)t;
    struct lex_words *W = &ex->words;
    T->pruned = false;
    T->nruns = 0;
    T->run = 0;
    if (T->keys)
        memset(T->keys, 0, (T->keys_mask + 1) * sizeof *T->keys);
    T->nkeys = 0;
    if (!r->prune_lex || !doc->seg.nparas || !lex_read_words(W, t, &doc->seg, 0) || W->whole != 1)
        return; /* no promise, or the words are not the whole document's: no pruning */
    const struct lexicon *stop = &R->lexicons[r->prune_lex - 1];
    bool ok = true;
    size_t k = 0;
    for (size_t p = 0; ok && p < last_para && p < doc->seg.nparas; p++) {
        size_t ps = doc->seg.paras[p].start, pe = doc->seg.paras[p].end;
        for (size_t x = next_capital(u, ps, pe); ok && x < pe;) {
            if (space_at(t, x, pe)) { /* a space outside ASCII: no name begins there */
                x = next_capital(u, x + 1, pe);
                continue;
            }
            size_t e = run_end_at(t, x, pe, stop, r->prune_small);
            if (!WS_ARENA_GROW(T->A, T->runs, T->runs_cap, T->nruns + 1)) {
                ok = false;
                break;
            }
            struct mrun *m = &T->runs[T->nruns++];
            k = word_after(W, k, x);
            *m = (struct mrun){.s = x, .e = e, .k0 = k};
            for (; k < W->nbuf && W->buf[k].s < e; k++) {
                const struct lex_word *w = &W->buf[k];
                const char *ws = t + w->s;
                size_t wn = w->e - w->s;
                /* a title's or descriptor's word: a firm name may be there (find_leads() may know)
                 */
                if (w->firm ? w->firm == 2
                            : (R->titles && lex_has_lead(R->titles, ws, wn, w->h)) ||
                                  (R->descriptors && lex_has_lead(R->descriptors, ws, wn, w->h)))
                    m->keep = true;
                /*
                 * A given name: a name that opens with it is a person's
                 * (classify_toks()), which matters only to a pronoun where
                 * no firm name shares a word with it.
                 */
                if (!m->keep && pronouns && R->given_names &&
                    (w->wide || (*ws >= 'A' && *ws <= 'Z')) &&
                    lex_has_lead(R->given_names, ws, wn, w->h))
                    m->keep = true;
            }
            /*
             * A name of three words or more in it may follow a title's link
             * ("Minister of | Finance Sri Mulyani Indrawati"), which makes
             * it a person's (classify_at()): where the look-back from a
             * name inside the run reaches the title, the one from the
             * run's start does too, past the same words.
             */
            bool article;
            if (!m->keep && k - m->k0 >= 3 && may_follow_title_link(R, t, W, m->k0, x) &&
                has_two_spaces(t, x, e) && after_title_link(R, t, x, &article))
                m->keep = true;
            m->k1 = k;
            if (k > m->k0)
                k--; /* the last word may go on into the next run */
            x = next_capital(u, e, pe);
        }
    }
    for (size_t i = 0; ok && i < T->nnames; i++) {
        const struct name_ref *nr = &T->names[i];
        size_t k0 = lex_words_from(W->buf, W->nbuf, nr->s), k1 = k0;
        while (k1 < W->nbuf && W->buf[k1].s < nr->e)
            k1++;
        ok = keys_add_words(T, W, k0, k1);
    }
    for (size_t i = 0; ok && i < T->nruns; i++)
        if (T->runs[i].keep)
            ok = keys_add_words(T, W, T->runs[i].k0, T->runs[i].k1);
    /* then every run that shares a word with the keys, until none does (a few passes) */
    bool changed = true;
    for (int pass = 0; ok && changed; pass++) {
        if (pass == 8) { /* a long chain: keep the rest */
            for (size_t i = 0; i < T->nruns; i++)
                T->runs[i].keep = true;
            break;
        }
        changed = false;
        for (size_t i = 0; ok && i < T->nruns; i++) {
            struct mrun *m = &T->runs[i];
            if (m->keep)
                continue;
            for (size_t j = m->k0; j < m->k1; j++)
                if (key_has(T, W->buf[j].h) && !stop_word(t, &W->buf[j], stop)) {
                    m->keep = changed = true;
                    ok = keys_add_words(T, W, m->k0, m->k1);
                    break;
                }
        }
    }
    T->run = 0;
    T->pruned = ok;
}

/*
 * Runs the mention rules: every name outside the quotes ("The chief
 * negotiator for the other side, Reza Karimi, was more guarded") is kept
 * with its place. Such a bare name makes an entity a person only when a
 * title, descriptor or speaker mention joins it, but it gives the entity
 * its fullest name ("Mr Karimi" -> Reza Karimi) and tells a pronoun who
 * was named last.
 */
static bool
run_mention_rules(whosaid_extractor *ex, struct whosaid_doc *doc, struct table *T,
                  const struct quote_list *ql, bool pronouns)
{
    const whosaid_rules *R = ex->rules;
    const char *t = doc->text;
    /*
     * A bare name serves a pronoun after it or a surname quoted after it:
     * names past the last quote's paragraph serve nobody.
     */
    size_t last_para = ql->n ? ql->q[ql->n - 1].paragraph + 1 : 0;
    struct lex_words *W = &ex->words;
    bool failed = false;
    for (size_t ri = 0; ri < R->nby_anchor[ANCHOR_MENTION]; ri++) {
        const struct rule *r = &R->rules[R->by_anchor[ANCHOR_MENTION][ri]];
        prune_mentions(ex, doc, T, r, last_para, pronouns);
        for (size_t p = 0; p < last_para && p < doc->seg.nparas && !failed; p++) {
            size_t ps = doc->seg.paras[p].start, pe = doc->seg.paras[p].end;
            size_t at = ps;
            if (headline(R, T, doc, p))
                continue; /* "Glenn Beck Blasts Drudge": no name boundaries in a headline */
            if (!r->near && !attr_required(ex, doc, r, ps, pe, NULL)) /* near: it finds the places */
                continue;
            (void)lex_read_words(W, t, &doc->seg, p); /* for lexicon guards; without, they pass */
            while (next_rule_match(ex, doc, T, r, p, &at, pe, W, &failed)) {
                const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(ex->md);
                size_t next = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
                size_t ns = ov[2 * r->cap_name], ne = ov[2 * r->cap_name + 1];
                if (ns != PCRE2_UNSET && ne > ns && !attr_inside_quote(ql, ns)) {
                    struct minfo m;
                    classify_at(ex, t, ns, ne, &m);
                    if (m.kind == M_NAME) {
                        if (!add_name(T, m.name_s, m.name_e, ns, &m))
                            return false;
                        /* a title alone ("The Lord of the Rings") names nobody yet */
                        T->names[T->nnames - 1].tentative =
                            (!m.gender && !m.nheads && !m.titled && !m.given) || m.title_only;
                    }
                }
                while (next < pe && ((unsigned char)t[next] & 0xC0) == 0x80)
                    next++;
                at = next;
            }
        }
    }
    return !failed;
}

/* ---- resolution ---- */

static bool
compatible(const struct entity *E, const struct lex_entry *p)
{
    if (E->kind == WHOSAID_KIND_NONE)
        return false; /* a bare name: maybe a place */
    if (p->kind == LEX_ORGANISATION)
        return E->kind == WHOSAID_KIND_ORGANISATION;
    if (p->kind == LEX_PERSON && E->kind != WHOSAID_KIND_PERSON)
        return false;
    if (p->gender && E->gender && p->gender != E->gender)
        return false;
    return true;
}

struct resolved {
    size_t entity; /* SIZE_MAX: none */
    size_t pos;
    size_t prev;   /* the quote before this one that has an entity; SIZE_MAX: none */
};

/* Does a possessive "’s" or "'s" follow the name that ends at @e ("Brazil’s")? */
static bool
possessive_at(const char *t, size_t e)
{
    if ((t[e] == '\'' && t[e + 1] == 's') || !strncmp(t + e, "\xE2\x80\x99s", 4))
        return true;
    /* "Coons’ aide", "Alves' deputy": the apostrophe alone after an s */
    return e > 0 && t[e - 1] == 's' && (t[e] == '\'' || !strncmp(t + e, "\xE2\x80\x99", 3));
}

/*
 * How far back, in resolved quotes and in named people, a pronoun looks
 * for its antecedent. News never needs more; a document of a hundred
 * thousand "he said"s made the search quadratic without it.
 */
#define PRONOUN_REACH 4096

/*
 * Where the clause that opens sentence @sent ends, when it opens with one
 * (its first word a CLAUSEOPENER: "Speaking after talks with Angela
 * Merkel, Emmanuel Macron said"): its first comma. 0 when it opens with
 * none, or has no comma.
 */
static size_t
opening_clause_end(const whosaid_rules *R, const char *t, const struct seg_result *seg, size_t sent)
{
    if (!R->clause_openers || sent >= seg->nsents)
        return 0;
    size_t s = seg->sents[sent].start, e = seg->sents[sent].end;
    struct tok k;
    if (!tokenize(t, s, e, &k, 1) || !tok_in(R->clause_openers, t, &k))
        return 0;
    const char *comma = memchr(t + k.e, ',', e - k.e);
    return comma ? (size_t)(comma - t) : 0;
}

static size_t
resolve_pronoun(const whosaid_rules *R, struct table *T, const char *t,
                const struct seg_result *seg, const struct resolved *done, size_t last,
                const struct lex_entry *p, size_t pos)
{
    if (p->number == LEX_SINGULAR && p->kind == LEX_PERSON && !p->gender)
        return SIZE_MAX; /* "I" outside a quote is the writer */
    /* the person quoted last before it (@last: the latest quote with an entity) ... */
    size_t best = SIZE_MAX, best_pos = 0, steps = 0;
    for (size_t i = last; i != SIZE_MAX && steps < PRONOUN_REACH; i = done[i].prev, steps++)
        if (done[i].pos < pos && compatible(&T->ents[done[i].entity], p)) {
            best = done[i].entity;
            best_pos = done[i].pos;
            break;
        }
    /* ... or named last, if that is later: the last name placed before it */
    size_t lo = 0, hi = T->nby_pos;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (T->names[T->by_pos[mid]].pos < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t k = lo, n = 0; k-- > 0 && n < PRONOUN_REACH; n++) {
        const struct name_ref *r = &T->names[T->by_pos[k]];
        if (!compatible(&T->ents[r->entity], p))
            continue;
        if (r->pos >= best_pos) {
            /*
             * The sentence's first such name, its subject most often, not
             * its object: "Clapton introduced fellow guitarist Buddy Guy.
             * “...,” he said" is Clapton's. Not a possessive's: in
             * "Brazil’s trade secretary, Henrique Vasconcelos, said" the
             * subject is the secretary. Nor one in a clause that opens
             * the sentence: in "After meeting Boris Johnson, Leo Varadkar
             * said" the subject is Varadkar.
             */
            best = r->entity;
            size_t sent = seg_sentence_at(seg, r->pos), clause = SIZE_MAX;
            for (size_t j = k; j-- > 0 && n++ < PRONOUN_REACH;) {
                const struct name_ref *o = &T->names[T->by_pos[j]];
                /* not before the person quoted last: "Mr Costa listened as Mr Alves said" */
                if (o->pos < best_pos || seg_sentence_at(seg, o->pos) != sent)
                    break;
                if (clause == SIZE_MAX) {
                    clause = opening_clause_end(R, t, seg, sent);
                    if (r->pos < clause) /* the name in it: "While Comey said ..., he said" */
                        clause = 0;
                }
                if (o->pos < clause)
                    break;
                if (compatible(&T->ents[o->entity], p) && !possessive_at(t, o->e))
                    best = o->entity;
            }
        }
        break;
    }
    return best;
}

/* Fills T->by_pos once the names have their entities. */
static bool
sort_by_pos(struct table *T)
{
    size_t n = T->nnames ? T->nnames : 1;
    T->by_pos = ws_arena_alloc(T->A, n * sizeof *T->by_pos);
    struct name_key *k = ws_arena_alloc(T->A, n * 2 * sizeof *k);
    if (!T->by_pos || !k)
        return false;
    T->nby_pos = 0;
    for (size_t i = 0; i < T->nnames; i++)
        if (T->names[i].entity != SIZE_MAX)
            k[T->nby_pos++] = (struct name_key){T->names[i].pos, 0, i};
    sort_keys(k, T->nby_pos, k + T->nby_pos);
    for (size_t r = 0; r < T->nby_pos; r++)
        T->by_pos[r] = k[r].idx;
    return true;
}

static struct head_list *
head_list(const struct table *T, const char *head)
{
    for (size_t i = 0; i < T->nhl; i++)
        if (!strcmp(T->hl[i].head, head))
            return &T->hl[i];
    return NULL;
}

/* Fills T->hl from T->by_pos: which named entities each head belongs to, and where. */
static bool
index_heads(struct table *T)
{
    for (size_t r = 0; r < T->nby_pos; r++) {
        const struct entity *E = &T->ents[T->names[T->by_pos[r]].entity];
        for (size_t h = 0; h < E->nheads; h++) {
            struct head_list *L = head_list(T, E->heads[h]);
            if (!L) {
                if (!WS_ARENA_GROW(T->A, T->hl, T->hl_cap, T->nhl + 1))
                    return false;
                L = &T->hl[T->nhl++];
                *L = (struct head_list){.head = E->heads[h]};
            }
            if (L->n && L->ranks[L->n - 1] == r)
                continue; /* an entity may hold a head twice */
            if (!WS_ARENA_GROW(T->A, L->ranks, L->cap, L->n + 1))
                return false;
            L->ranks[L->n++] = r;
        }
    }
    return true;
}

/*
 * How far back, in bytes, "the company" looks for the organisation it
 * stands for: a few paragraphs, as far as a reader would.
 */
#define FIRM_REACH 4096

/*
 * Bounds on the search, so that a document of thousands of "the company
 * said" stays linear: the candidates kept (the nearest), the lone words
 * that open a sentence checked for a name's capital elsewhere, and how far
 * around such a word that check reads.
 */
#define FIRM_CANDIDATES 16
#define FIRM_CHECKS 4
#define FIRM_PROPER_REACH 16384

/* Is the mention [s, e) a FIRMWORD alone ("the company", "the firm"), its noun in lower case? */
static bool
firm_word_alone(const whosaid_rules *R, const char *t, size_t s, size_t e)
{
    struct tok k[3];
    return R->firm_words && tokenize(t, s, e, k, 3) == 2 && !capitalised(t, &k[1]) &&
           lex_lookup(R->firm_words, t + k[0].s, k[1].e - k[0].s) != NULL;
}

/* Nothing but spaces between @a and @b (no line break, no punctuation)? */
static bool
spaces_only(const char *t, size_t a, size_t b)
{
    for (; a < b; a++)
        if (t[a] != ' ' && t[a] != '\t')
            return false;
    return true;
}

/* Does a word that ends at @e end its sentence ("Macrovision.", "said it?")? */
static bool
sentence_end_at(const char *t, size_t e)
{
    return t[e - 1] == '.' || t[e - 1] == '!' || t[e - 1] == '?';
}

/*
 * Does the word at @s open a sentence or a paragraph, or follow a
 * quotation mark (one of the rules' marks that is no apostrophe)?
 */
static bool
sentence_start(const whosaid_rules *R, const char *t, size_t s)
{
    size_t i = s;
    while (i > 0 && (t[i - 1] == ' ' || t[i - 1] == '\t'))
        i--;
    if (i == 0 || t[i - 1] == '\n' || sentence_end_at(t, i))
        return true;
    size_t st, opens, closes;
    marks_classify(R, utf8_prev(t, i, &st), &opens, &closes);
    return (opens != SIZE_MAX && !R->marks[opens].apostrophe) ||
           (closes != SIZE_MAX && !R->marks[closes].apostrophe);
}

/*
 * Is the word @w (@n bytes) a name, not a word that opens a sentence
 * ("Staff said")? So where [s, e) of the text holds it, whole and with its
 * capital, where no sentence starts, or three times.
 */
static bool
proper_word(const whosaid_rules *R, const char *t, size_t s, size_t e, const char *w, size_t n)
{
    size_t seen = 0;
    for (const char *p = t + s; (p = memmem(p, (size_t)(t + e - p), w, n)) != NULL; p += n) {
        size_t at = (size_t)(p - t);
        if ((at > 0 && ws_isalnum((unsigned char)t[at - 1])) ||
            (at + n < e && ws_isalnum((unsigned char)t[at + n])))
            continue; /* inside a word */
        if (!sentence_start(R, t, at) || ++seen == 3)
            return true;
    }
    return false;
}

/*
 * Can the capitalised words k[0, n) name an organisation? Not a pronoun,
 * a person (a title or descriptor among them, a given name opening two
 * words or more, an entity with a gender or a descriptor) or a lone word
 * that is an organisation's head noun ("Police said").
 */
static bool
org_like(const whosaid_rules *R, struct table *T, const char *t, const struct tok *k, size_t n)
{
    if (n == 0 || (n == 1 && (tok_in(R->pronouns, t, &k[0]) || tok_in(R->organisations, t, &k[0]))))
        return false;
    if (n >= 2 && tok_in(R->given_names, t, &k[0]))
        return false;
    for (size_t i = 0; i < n; i++)
        if (tok_in(R->titles, t, &k[i]) || tok_in(R->descriptors, t, &k[i]))
            return false;
    /* a speaker's entity is a "person" from its first quote on ("Renault said"): a gender or a
     * descriptor tells a person's */
    size_t x = find_entity(T, t, k, n);
    return x == SIZE_MAX || (!T->ents[x].gender && !T->ents[x].nheads);
}

/*
 * The organisation that "the company" at @pos stands for: the last name
 * before it, within FIRM_REACH bytes, that is the subject of a reporting
 * verb ("EMI said", "Renault has also announced") or follows a FIRMWORD
 * ("sportswear firm Umbro"), and can name an organisation (org_like()).
 * Its words are [*os, *oe); false when there is none.
 */
static bool
org_antecedent(const whosaid_rules *R, struct table *T, const char *t, size_t len, size_t pos,
               size_t *os, size_t *oe)
{
    if (!R->verbs)
        return false;
    /*
     * The names that are a verb's subject or follow a FIRMWORD's noun, the
     * last FIRM_CANDIDATES of them (a ring), read forwards; then the
     * slower checks from the nearest back, at most FIRM_CHECKS of them.
     */
    struct {
        size_t s, e;
        bool lone_opener; /* one word that opens a sentence: proper_word() must pass it */
    } cand[FIRM_CANDIDATES];
    size_t ncand = 0;
    size_t i = pos > FIRM_REACH ? pos - FIRM_REACH : 0;
    while (i > 0 && i < pos && !ws_isspace((unsigned char)t[i - 1]))
        i++; /* from a word's start */
    struct tok k[64];
    while (i < pos) {
        size_t n = tokenize(t, i, pos, k, 64);
        if (n == 0)
            break;
        /* runs that begin in the last words of a full window are read with the next one */
        size_t limit = n == 64 ? n - 8 : n, resume = limit;
        for (size_t a = 0; a < limit; a++) {
            if (!capitalised(t, &k[a]))
                continue;
            size_t b = a;
            while (b + 1 < n && !sentence_end_at(t, k[b].e) && capitalised(t, &k[b + 1]) &&
                   spaces_only(t, k[b].e, k[b + 1].s))
                b++;
            size_t f = a; /* "The BBC", "But Unilever": the words before the name */
            while (f <= b && (is_article(R, t, &k[f]) || tok_in(R->stopwords, t, &k[f])))
                f++;
            size_t c = b + 1;
            bool subject = false;
            /* a verb's subject, not a link's object: "Analysts at Barclays said" */
            bool object = a > 0 && !capitalised(t, &k[a - 1]) &&
                          (is_link(R, t, &k[a - 1]) || tok_in(R->place_links, t, &k[a - 1]));
            if (f <= b && !object && c < n && spaces_only(t, k[b].e, k[c].s)) {
                while (c + 1 < n && tok_in(R->auxiliaries, t, &k[c]) &&
                       spaces_only(t, k[c].e, k[c + 1].s))
                    c++;
                subject = tok_in(R->verbs, t, &k[c]);
            }
            bool after_firm = f == a && a > 0 && spaces_only(t, k[a - 1].e, k[a].s) &&
                              the_entry(R->firm_words, t, &k[a - 1]) != NULL;
            if (f <= b && (subject || after_firm) && org_like(R, T, t, k + f, b + 1 - f)) {
                size_t x = ncand++ % FIRM_CANDIDATES;
                cand[x].s = k[f].s;
                cand[x].e = k[b].e;
                cand[x].lone_opener = f == b && sentence_start(R, t, k[f].s);
            }
            if (b >= limit)
                resume = b + 1;
            a = b;
        }
        if (n < 64)
            break;
        i = resume < n ? k[resume].s : k[n - 1].e; /* on after a run to the window's end */
    }
    size_t checks = 0;
    for (size_t m = 0; m < ncand && m < FIRM_CANDIDATES; m++) {
        size_t x = (ncand - 1 - m) % FIRM_CANDIDATES;
        if (cand[x].lone_opener) {
            if (checks++ == FIRM_CHECKS)
                return false;
            size_t from = cand[x].s > FIRM_PROPER_REACH ? cand[x].s - FIRM_PROPER_REACH : 0;
            size_t to = len - cand[x].e > FIRM_PROPER_REACH ? cand[x].e + FIRM_PROPER_REACH : len;
            if (!proper_word(R, t, from, to, t + cand[x].s, cand[x].e - cand[x].s))
                continue;
        }
        /* "... from Macrovision.", "magazine Rolling Stone’s": the name alone */
        struct tok l = {cand[x].s, cand[x].e};
        if (l.e - l.s > 2 && t[l.e - 1] == '.' && t[l.e - 2] >= 'a' && t[l.e - 2] <= 'z')
            l.e--;
        else
            drop_possessive(t, &l);
        *os = l.s;
        *oe = l.e;
        return true;
    }
    return false;
}

/*
 * The entity a descriptor mention at @pos stands for: the one named last
 * before it whose heads share one of the mention's ("the minister" after
 * "Foreign Minister Ana Ribeiro"), else the one named first after it.
 */
static size_t
resolve_descriptor(struct table *T, const struct minfo *m, size_t pos)
{
    /* the names placed at or before pos are by_pos[0, R) */
    size_t lo = 0, hi = T->nby_pos;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (T->names[T->by_pos[mid]].pos <= pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t R = lo, before = SIZE_MAX, after = SIZE_MAX; /* ranks */
    for (size_t a = 0; a < m->nheads; a++) {
        const struct head_list *L = head_list(T, m->heads[a]);
        if (!L)
            continue;
        size_t l = 0, h = L->n;
        while (l < h) {
            size_t mid = l + (h - l) / 2;
            if (L->ranks[mid] < R)
                l = mid + 1;
            else
                h = mid;
        }
        if (l > 0 && (before == SIZE_MAX || L->ranks[l - 1] > before))
            before = L->ranks[l - 1];
        if (l < L->n && (after == SIZE_MAX || L->ranks[l] < after))
            after = L->ranks[l];
    }
    size_t r = before != SIZE_MAX ? before : after;
    return r == SIZE_MAX ? SIZE_MAX : T->names[T->by_pos[r]].entity;
}

static void
fill_span(whosaid_span *sp, const struct cp_map *cm, size_t s, size_t e)
{
    if (s == WHOSAID_NOSPAN) {
        sp->start = sp->end = sp->cp_start = sp->cp_end = WHOSAID_NOSPAN;
        return;
    }
    sp->start = s;
    sp->end = e;
    sp->cp_start = cp_map_get(cm, s);
    sp->cp_end = cp_map_get(cm, e);
}

bool
resolve(whosaid_extractor *ex, struct whosaid_doc *doc, const struct quote_list *ql,
        struct attr *attrs, unsigned options)
{
    const char *t = doc->text;
    struct table T = {.A = &ex->arena};
    struct minfo *info = ws_arena_calloc(T.A, ql->n, sizeof *info);
    struct resolved *done = ws_arena_calloc(T.A, ql->n, sizeof *done);
    T.headline = ws_arena_calloc(T.A, doc->seg.nparas + 1, 1);
    struct cp_map cm = {0};
    bool ok = info && done && T.headline && cp_map_init(&cm, t, doc->len);

    /* the entity table serves attributed quotes only: none, no table */
    bool any = false;
    for (size_t i = 0; i < ql->n && !any; i++)
        any = attrs[i].rule_id != NULL;
    ok = ok && (!any || run_alias_rules(ex, doc, &T));
    for (size_t i = 0; ok && i < ql->n; i++) {
        if (!attrs[i].rule_id)
            continue;
        classify_at(ex, t, attrs[i].spk_s, attrs[i].spk_e, &info[i]);
        if (info[i].kind == M_NAME && !attrs[i].carried && !attrs[i].needs_entity)
            ok = add_name(&T, info[i].name_s, info[i].name_e, attrs[i].spk_s, &info[i]);
    }
    /* a speaker that is a pronoun, or must be a person the document knows: given names matter */
    bool pronouns = false;
    for (size_t i = 0; i < ql->n && !pronouns; i++)
        pronouns = attrs[i].rule_id && (info[i].kind == M_PRONOUN || info[i].kind == M_DEMONYM ||
                                        attrs[i].needs_entity);
    ok = ok && (!any || run_mention_rules(ex, doc, &T, ql, pronouns)) && cluster(&T, t) &&
         sort_by_pos(&T) && index_heads(&T);

    doc->quotes = ok ? ws_calloc(ql->n, sizeof *doc->quotes) : NULL;
    ok = ok && doc->quotes;
    size_t nout = 0, last_resolved = SIZE_MAX;
    /* the latest quote of a group ("MPs said"), for "they", and whose words name the group */
    size_t last_group = SIZE_MAX, group_words = SIZE_MAX;
    for (size_t i = 0; ok && i < ql->n; i++) {
        const struct raw_quote *q = &ql->q[i];
        struct attr *a = &attrs[i];
        done[i].entity = SIZE_MAX;
        done[i].pos = a->spk_s;
        size_t x = SIZE_MAX;
        double factor = 1.0;
        size_t name_s = a->spk_s, name_e = a->spk_e;
        size_t group = SIZE_MAX; /* "they" after a group's quote: the group's words speak */
        if (a->rule_id) {
            const struct minfo *m = &info[i];
            switch (m->kind) {
            case M_NAME: {
                struct tok k[MAX_TOKS];
                size_t n = name_words(t, m->name_s, m->name_e, k);
                x = n ? find_entity(&T, t, k, n) : SIZE_MAX;
                break;
            }
            case M_PRONOUN:
                /*
                 * "they" after a group's words, with no one quoted since:
                 * "... were gimmicks, MPs said. Instead they called for ..."
                 */
                if (m->pronoun->number == LEX_PLURAL && m->pronoun->kind != LEX_ORGANISATION &&
                    last_group != SIZE_MAX && last_group + 1 == i &&
                    seg_sentence_at(&doc->seg, attrs[last_group].spk_s) + 1 >=
                        seg_sentence_at(&doc->seg, a->spk_s)) {
                    group = group_words;
                    factor = 0.9;
                    break;
                }
                x = resolve_pronoun(ex->rules, &T, t, &doc->seg, done, last_resolved, m->pronoun,
                                    a->spk_s);
                factor = 0.9;
                if (x != SIZE_MAX && m->pronoun->gender && !T.ents[x].gender)
                    T.ents[x].gender = m->pronoun->gender;
                break;
            case M_DEMONYM:
                /* the person the text called so ("American Andre Agassi"), if it did */
                x = resolve_descriptor(&T, m, a->spk_s);
                factor = x != SIZE_MAX ? 0.9 : 0.8;
                break;
            case M_DESCRIPTOR:
                /* "officials said", "the committee chairmen said": a group's words */
                x = m->plural ? SIZE_MAX : resolve_descriptor(&T, m, a->spk_s);
                factor = x != SIZE_MAX ? 0.9 : 0.8;
                break;
            case M_ORG:
                name_s = m->org_s;
                name_e = m->org_e;
                /* "the company": the organisation named before it (before the quote, when it
                 * follows the quote: not a name in the quote) */
                if (firm_word_alone(ex->rules, t, a->spk_s, a->spk_e))
                    (void)org_antecedent(ex->rules, &T, t, doc->len,
                                         a->spk_s > q->end ? q->start : a->spk_s, &name_s, &name_e);
                x = org_entity(&T, t, name_s, name_e);
                break;
            case M_NONE:
                factor = 0.7;
                break;
            }
        }
        if (a->rule_id && a->needs_entity &&
            (x == SIZE_MAX || T.ents[x].kind == WHOSAID_KIND_NONE)) {
            /* a weak rule's speaker must be someone the document knows */
            a->rule_id = NULL;
            x = SIZE_MAX;
            if (attr_term_like(t, q))
                a->type = WHOSAID_TERM;
        }
        done[i].entity = x;
        done[i].prev = last_resolved;
        if (x != SIZE_MAX)
            last_resolved = i;
        if (a->rule_id && x == SIZE_MAX && info[i].kind == M_DESCRIPTOR && info[i].plural)
            last_group = group_words = i;
        else if (group != SIZE_MAX)
            last_group = i; /* "they" again: the same group */
        else if (a->rule_id)
            last_group = SIZE_MAX;

        whosaid_quote *o = &doc->quotes[nout];
        o->type = a->type;
        if (o->type == WHOSAID_TERM && !(options & WHOSAID_OPT_ALL))
            continue;
        nout++;
        fill_span(&o->quote, &cm, q->start, q->end);
        o->paragraph = q->paragraph;
        o->sentence = seg_sentence_at(&doc->seg, q->start);
        o->group = q->group;
        fill_span(&o->speaker_mention, &cm, a->rule_id ? a->spk_s : WHOSAID_NOSPAN, a->spk_e);
        fill_span(&o->cue, &cm, a->rule_id ? a->cue_s : WHOSAID_NOSPAN, a->cue_e);
        fill_span(&o->via, &cm, a->rule_id ? a->via_s : WHOSAID_NOSPAN, a->via_e);
        o->rule = a->rule_id ? a->rule_id : a->term_rule;
        o->speaker = NULL;
        o->speaker_kind = WHOSAID_KIND_NONE;
        if (x != SIZE_MAX) {
            o->speaker = canonical(doc, &T.ents[x], t, name_s, name_e);
            o->speaker_kind = (whosaid_speaker_kind)T.ents[x].kind;
            ok = o->speaker != NULL;
        } else if (group != SIZE_MAX || (a->rule_id && info[i].kind != M_PRONOUN)) {
            /* an unresolved descriptor still names someone: "a senior official" */
            const struct attr *g = group != SIZE_MAX ? &attrs[group] : a;
            char *s = ws_strndup(t + g->spk_s, g->spk_e - g->spk_s);
            o->speaker = s ? doc_keep_string(doc, s) : NULL;
            o->speaker_kind = info[i].kind == M_ORG ? WHOSAID_KIND_ORGANISATION : WHOSAID_KIND_PERSON;
            ok = o->speaker != NULL;
        }
        if (o->speaker)
            o->confidence = a->confidence * factor;
        else if (o->type == WHOSAID_TERM)
            o->confidence = 0.5;
        else
            o->confidence = a->rule_id ? 0.3 : 0.4;
    }
    doc->nquotes = nout;
    cp_map_free(&cm);
    table_free(&T); /* info and done too: they are in the arena */
    return ok;
}
