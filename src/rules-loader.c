/*
 * rules-loader.c - reads rule and lexicon files (format: rules/README.md),
 * expands macros, compiles every pattern with PCRE2 (UTF, UCP, JIT) and
 * builds the immutable whosaid_rules. Every mistake is reported as
 * file:line:col.
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "whosaid-private.h"

/*
 * A macro's body is its pattern with the macros it uses already expanded:
 * small ones inline, large ones as PCRE2 subroutine calls (?&m_NAME) whose
 * definitions a rule's pattern gets once, in a (?(DEFINE)...) group at its
 * end. Its flat body has every macro it uses copied in. A rule takes the
 * flat bodies when its pattern stays under RULE_FLAT_MAX bytes, as the
 * shipped rules do: a subroutine call costs the JIT a save of the
 * captures, and every capture group (a definition is one) makes each
 * lexicon callout copy one more pair of offsets. A larger pattern (prefix
 * trees copied many times over) calls its macros instead, for PCRE2's
 * limit on compiled size.
 */
struct macro {
    char *name;
    char *pattern;
    size_t *deps; /* macros called by (?&m_...) from the body */
    size_t ndeps, deps_cap;
    char *hint;   /* (?=[...]): the characters a match can start with, or NULL */
    bool hinted;  /* hint found (hint_of(): at the first call, so an unused macro costs nothing) */
    char *flat;   /* the body with every macro it uses copied in */
    char *word;   /* a lexicon's: its forms as whole words, by callout (lex_to_word_pattern()) */
    size_t lex;   /* a lexicon's: its index + 1 while pattern, flat and word wait (macro_ready()) */
};

/* A body no longer than this, calling nothing, is copied inline. */
#define MACRO_INLINE_MAX 200
/* A rule's pattern (or prefilter) with its macros copied in is used up to this size. */
#define RULE_FLAT_MAX 12288

struct loader {
    whosaid_rules *r;
    struct rules_cache *cache; /* compiled patterns kept from the build; NULL: none */
    struct macro *macros;
    size_t nmacros, macros_cap;
    const char *file;
    size_t line;
    whosaid_error *err;
    size_t order;
};

#define FAIL_AT(L, col, ...)                                                            \
    do {                                                                                \
        ws_error_set((L)->err, WHOSAID_ERR_RULES, (L)->file, (L)->line, (col), __VA_ARGS__); \
        return false;                                                                   \
    } while (0)

#define NOMEM(L)                                                                        \
    do {                                                                                \
        ws_error_set((L)->err, WHOSAID_ERR_NOMEM, (L)->file, (L)->line, 0, "out of memory"); \
        return false;                                                                   \
    } while (0)

static bool
is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* Trims white space from both ends of [*s, *s + *n). */
static void
trim(const char **s, size_t *n)
{
    while (*n && is_space(**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n && is_space((*s)[*n - 1]))
        (*n)--;
}

static bool
valid_macro_name(const char *s, size_t n)
{
    if (!n || !(s[0] >= 'A' && s[0] <= 'Z'))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return false;
    return true;
}

static const struct macro *
find_macro(const struct loader *L, const char *name, size_t n)
{
    for (size_t i = 0; i < L->nmacros; i++)
        if (strlen(L->macros[i].name) == n && !memcmp(L->macros[i].name, name, n))
            return &L->macros[i];
    return NULL;
}

static bool append_defines(const struct loader *L, const struct macro *calls, struct ws_buf *b);

/*
 * Makes a lexicon's macro @cm whole at its first use: its pattern, the
 * prefix tree of its forms, and its forms as whole words by callout. A
 * lexicon that no pattern uses (one the engine alone reads: GIVENNAME,
 * DEPARTMENT) costs no pattern at load. False when out of memory.
 */
static bool
macro_ready(struct loader *L, const struct macro *cm)
{
    struct macro *m = &L->macros[cm - L->macros];
    if (!m->lex)
        return true;
    const struct lexicon *lex = &L->r->lexicons[m->lex - 1];
    free(m->flat); /* the stand-in */
    m->flat = NULL;
    m->pattern = lex_to_pattern(lex);
    m->flat = m->pattern ? ws_strdup(m->pattern) : NULL;
    if (!m->flat) {
        free(m->pattern);
        m->pattern = NULL;
        return false;
    }
    /*
     * A lexicon of a few forms stays a prefix tree, a handful of branches
     * that cost less than a callout (measured: the six pronouns); out of
     * memory, the tree serves too.
     */
    if (lex->nforms >= LEX_CALLOUT_MIN_FORMS && !ws_env_flag("WHOSAID_NO_LEX_CALLOUTS"))
        m->word = lex_to_word_pattern(lex, m->lex - 1);
    m->lex = 0;
    return true;
}

/*
 * The code points whose UTF-8 form begins with byte @lead, as [*lo, *hi];
 * false for a byte that starts no character.
 */
static bool
lead_range(unsigned lead, uint32_t *lo, uint32_t *hi)
{
    if (lead < 0x80) {
        *lo = *hi = lead;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
        *lo = (uint32_t)(lead & 0x1F) << 6;
        *hi = *lo + 0x3F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        *lo = (uint32_t)(lead & 0x0F) << 12;
        *hi = *lo + 0xFFF;
        if (*lo < 0x800)
            *lo = 0x800;
        if (lead == 0xED)
            *hi = 0xD7FF; /* no surrogates */
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        *lo = (uint32_t)(lead & 0x07) << 18;
        *hi = *lo + 0x3FFFF;
        if (*lo < 0x10000)
            *lo = 0x10000;
        if (*hi > 0x10FFFF)
            *hi = 0x10FFFF;
    } else {
        return false; /* a continuation byte or one never used */
    }
    return true;
}

static bool
put_range(struct ws_buf *b, uint32_t lo, uint32_t hi)
{
    char tmp[40];
    if (lo == hi)
        snprintf(tmp, sizeof tmp, "\\x{%X}", (unsigned)lo);
    else
        snprintf(tmp, sizeof tmp, "\\x{%X}-\\x{%X}", (unsigned)lo, (unsigned)hi);
    return ws_buf_puts(b, tmp);
}

/*
 * The start hint of a macro called as a subroutine: PCRE2 cannot see into
 * (?&m_NAME) to learn which characters a match can begin with, so a rule
 * that opens with a call would be tried at every byte of the text. The
 * macro is compiled on its own, and the first-code-unit set PCRE2 finds
 * for it becomes a lookahead class put before each call, (?=[A-Z...]),
 * from which PCRE2 learns the rule's starting characters. Returns NULL
 * when PCRE2 knows no such set (the macro can start anywhere).
 */
static char *
macro_hint(const struct loader *L, const char *pattern, const struct macro *calls)
{
    struct ws_buf src = {0};
    char *hint = NULL;
    if (!ws_buf_puts(&src, "(?:") || !ws_buf_puts(&src, pattern) || !ws_buf_putc(&src, ')') ||
        !append_defines(L, calls, &src)) {
        ws_buf_free(&src);
        return NULL;
    }
    int ec;
    PCRE2_SIZE eoff;
    pcre2_code *code =
        rules_cache_compile(L->cache, src.data, src.len, PCRE2_UTF | PCRE2_UCP, &ec, &eoff);
    ws_buf_free(&src);
    const uint8_t *bits = NULL;
    uint32_t minlen = 0;
    if (code && pcre2_pattern_info(code, PCRE2_INFO_FIRSTBITMAP, &bits) == 0 && bits &&
        pcre2_pattern_info(code, PCRE2_INFO_MINLENGTH, &minlen) == 0 && minlen > 0) {
        struct ws_buf b = {0};
        bool ok = ws_buf_puts(&b, "(?=[");
        uint32_t lo = 1, hi = 0, clo, chi; /* the range being built; none yet */
        for (unsigned c = 0; ok && c < 256; c++) {
            if (!(bits[c / 8] & (1u << (c % 8))) || !lead_range(c, &clo, &chi))
                continue;
            if (lo <= hi && clo == hi + 1) {
                hi = chi;
                continue;
            }
            if (lo <= hi)
                ok = put_range(&b, lo, hi);
            lo = clo;
            hi = chi;
        }
        bool any = lo <= hi || b.len > 4; /* "(?=[" and at least one range */
        ok = ok && (lo > hi || put_range(&b, lo, hi)) && ws_buf_puts(&b, "])");
        if (ok && any)
            hint = b.data;
        else
            ws_buf_free(&b);
    }
    pcre2_code_free(code);
    return hint;
}

/*
 * Adds a macro; takes @pattern, @flat (its flat body; NULL: a copy of
 * @pattern, which calls nothing) and @deps (its calls, may be NULL) either
 * way.
 */
static bool
add_macro(struct loader *L, const char *name, size_t n, char *pattern, char *flat,
          struct macro *deps, size_t col)
{
    if (!flat && pattern)
        flat = ws_strdup(pattern);
    if (!flat || find_macro(L, name, n) || !WS_GROW(L->macros, L->macros_cap, L->nmacros + 1)) {
        bool dup = flat && find_macro(L, name, n) != NULL;
        free(pattern);
        free(flat);
        if (deps)
            free(deps->deps);
        if (dup)
            FAIL_AT(L, col, "macro {%.*s} is defined twice", (int)n, name);
        NOMEM(L);
    }
    struct macro *m = &L->macros[L->nmacros];
    memset(m, 0, sizeof *m);
    m->name = ws_strndup(name, n);
    m->pattern = pattern;
    m->flat = flat;
    if (deps) {
        m->deps = deps->deps;
        m->ndeps = deps->ndeps;
        m->deps_cap = deps->deps_cap;
    }
    if (!m->name) {
        free(pattern);
        free(flat);
        free(m->deps);
        NOMEM(L);
    }
    L->nmacros++;
    return true;
}

/*
 * The hint of macro @cm, found at its first call: only a macro that is
 * called as a subroutine needs one, and a lexicon no rule calls (one that
 * the engine alone reads, as GIVENNAME) is not compiled at all.
 */
static const char *
hint_of(struct loader *L, const struct macro *cm)
{
    struct macro *m = &L->macros[cm - L->macros];
    if (!m->hinted) {
        m->hinted = true;
        if (m->ndeps || strlen(m->pattern) > MACRO_INLINE_MAX)
            m->hint = macro_hint(L, m->pattern, m);
    }
    return m->hint;
}

static bool
add_dep(struct macro *calls, size_t idx)
{
    for (size_t i = 0; i < calls->ndeps; i++)
        if (calls->deps[i] == idx)
            return true;
    if (!WS_GROW(calls->deps, calls->deps_cap, calls->ndeps + 1))
        return false;
    calls->deps[calls->ndeps++] = idx;
    return true;
}

/*
 * Appends to @b the definitions of every macro @calls needs, directly or
 * through other macros, as one (?(DEFINE)...) group.
 */
static bool
append_defines(const struct loader *L, const struct macro *calls, struct ws_buf *b)
{
    if (!calls->ndeps)
        return true;
    bool *need = ws_calloc(L->nmacros, sizeof *need);
    if (!need)
        return false;
    for (size_t i = 0; i < calls->ndeps; i++)
        need[calls->deps[i]] = true;
    /* a macro calls only macros defined before it: one pass backwards */
    for (size_t i = L->nmacros; i-- > 0;)
        if (need[i])
            for (size_t k = 0; k < L->macros[i].ndeps; k++)
                need[L->macros[i].deps[k]] = true;
    bool ok = ws_buf_puts(b, "(?(DEFINE)");
    for (size_t i = 0; ok && i < L->nmacros; i++)
        if (need[i])
            ok = ws_buf_puts(b, "(?<m_") && ws_buf_puts(b, L->macros[i].name) &&
                 ws_buf_putc(b, '>') && ws_buf_puts(b, L->macros[i].pattern) && ws_buf_putc(b, ')');
    ok = ok && ws_buf_putc(b, ')');
    free(need);
    return ok;
}

/*
 * A small reader of PCRE2 pattern syntax, enough to tell where a lexicon
 * stands: which groups enclose it, and what follows it. Plain groups
 * ((...), (?:...), (?i:...), (?<name>...), (?|...)) let a \b after them
 * end the form; look-arounds, atomic groups and conditions do not (a \b
 * after a look-ahead is not on the form's path; an atomic group keeps the
 * tree's first choice). Comments, \Q...\E and classes are stepped over.
 */
enum { GROUP_PLAIN = 1, GROUP_OTHER = 2, GROUP_BEHIND = 3 };
#define GROUP_DEPTH 64

struct rx_reader {
    const char *s;
    size_t n, i;
    unsigned char stack[GROUP_DEPTH];
    size_t depth;
    bool lost; /* deeper than GROUP_DEPTH, or unbalanced: no verdict */
};

/*
 * The end of a POSIX class at @i of @s ("[:alpha:]", also "[.x.]" and
 * "[=x=]" inside a class), as PCRE2 reads one: its terminator and ']'
 * before any ']' or another opening; 0 when it is none (then '[' is a
 * member of the class).
 */
static size_t
rx_posix_end(const char *s, size_t n, size_t i)
{
    char term = s[i + 1];
    for (size_t j = i + 2; j < n; j++) {
        if (s[j] == '\\' && j + 1 < n && (s[j + 1] == ']' || s[j + 1] == '\\'))
            j++;
        else if ((s[j] == '[' && j + 1 < n && s[j + 1] == term) || s[j] == ']')
            return 0;
        else if (s[j] == term && j + 1 < n && s[j + 1] == ']')
            return j + 2;
    }
    return 0;
}

/*
 * Steps over the item at r->i that holds no group: an escape (\cX takes
 * three bytes: "\c)" is a letter), \Q...\E, a class (in which \Q...\E
 * quotes a ']' too, and "[:" opens a POSIX class only where PCRE2 reads
 * one).
 */
static bool
rx_skip_atom(struct rx_reader *r)
{
    const char *s = r->s;
    size_t n = r->n, i = r->i;
    if (s[i] == '\\') {
        if (i + 1 < n && s[i + 1] == 'Q') {
            for (i += 2; i + 1 < n && !(s[i] == '\\' && s[i + 1] == 'E'); i++)
                ;
            r->i = i + 1 < n ? i + 2 : n;
        } else {
            size_t len = i + 1 < n && s[i + 1] == 'c' ? 3 : 2;
            r->i = i + len < n ? i + len : n;
        }
        return true;
    }
    if (s[i] == '[') {
        i++;
        if (i < n && s[i] == '^')
            i++;
        if (i < n && s[i] == ']')
            i++;
        while (i < n && s[i] != ']') {
            size_t e;
            if (s[i] == '\\' && i + 1 < n && s[i + 1] == 'Q') {
                for (i += 2; i + 1 < n && !(s[i] == '\\' && s[i + 1] == 'E'); i++)
                    ;
                i = i + 1 < n ? i + 2 : n;
            } else if (s[i] == '\\') {
                i += i + 1 < n && s[i + 1] == 'c' ? 3 : 2;
            } else if (s[i] == '[' && i + 1 < n &&
                       (s[i + 1] == ':' || s[i + 1] == '.' || s[i + 1] == '=') &&
                       (e = rx_posix_end(s, n, i)) != 0) {
                i = e;
            } else {
                i++;
            }
        }
        r->i = i < n ? i + 1 : n;
        return true;
    }
    return false;
}

/* Reads the item at r->i: pushes a group it opens, pops one it closes. */
static void
rx_step(struct rx_reader *r)
{
    const char *s = r->s;
    size_t n = r->n, i = r->i;
    if (rx_skip_atom(r))
        return;
    if (s[i] == ')') {
        if (r->depth == 0)
            r->lost = true;
        else
            r->depth--;
        r->i = i + 1;
        return;
    }
    if (s[i] != '(') {
        r->i = i + 1;
        return;
    }
    int kind = GROUP_PLAIN;
    size_t j = i + 1;
    char c = j < n ? s[j] : '\0', d = j + 1 < n ? s[j + 1] : '\0';
    if (c == '*') {
        /* a verb (*COMMIT), (*MARK:x) is an item; (*pla:...), (*atomic:...) are groups */
        for (j++; j < n && (s[j] == '_' || (s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z')); j++)
            ;
        if (j < n && s[j] == ':' && s[i + 2] >= 'a' && s[i + 2] <= 'z') { /* lower case: a group */
            /* (*plb:, (*nlb:, (*naplb:, (*positive_lookbehind: ... look behind */
            bool behind = false;
            for (size_t k = i + 2; k + 1 < j && !behind; k++)
                behind = (s[k] == 'l' && s[k + 1] == 'b') ||
                         (j - k >= 10 && !memcmp(s + k, "lookbehind", 10));
            kind = behind ? GROUP_BEHIND : GROUP_OTHER;
        } else {
            while (j < n && s[j] != ')')
                j++;
            r->i = j < n ? j + 1 : n;
            return;
        }
    } else if (c == '?') {
        if (d == '#' || d == 'R' || d == '&' || d == '+' || d == 'C' || (d >= '0' && d <= '9') ||
            (d == 'P' && j + 2 < n && (s[j + 2] == '>' || s[j + 2] == '='))) {
            /* a comment, a call, a callout: an item up to its ')' */
            while (j < n && s[j] != ')')
                j++;
            r->i = j < n ? j + 1 : n;
            return;
        }
        if (d == ':' || d == '|' || d == '\'' || d == 'P' ||
            (d == '<' && j + 2 < n && s[j + 2] != '=' && s[j + 2] != '!')) {
            kind = GROUP_PLAIN;
        } else if (d == '<') {
            kind = GROUP_BEHIND; /* (?<= or (?<! */
        } else if (d == '=' || d == '!' || d == '>' || d == '(') {
            kind = GROUP_OTHER;
        } else {
            /* options: (?i) sets them, (?i:...) is a plain group; (?-1) is a call */
            size_t k = j + 1;
            while (k < n && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') ||
                             s[k] == '-' || s[k] == '^'))
                k++;
            if (k < n && s[k] == ':') {
                kind = GROUP_PLAIN;
            } else {
                while (k < n && s[k] != ')')
                    k++;
                r->i = k < n ? k + 1 : n;
                return;
            }
        }
    }
    if (r->depth == GROUP_DEPTH)
        r->lost = true;
    else
        r->stack[r->depth++] = (unsigned char)kind;
    r->i = i + 1;
}

/*
 * Reads pattern @s (@n bytes) into @r up to byte @at; true when an item
 * starts there: pattern, not text of a class, \Q...\E or a comment.
 */
static bool
rx_read_to(struct rx_reader *r, const char *s, size_t n, size_t at)
{
    *r = (struct rx_reader){.s = s, .n = n};
    while (r->i < at)
        rx_step(r);
    return r->i == at;
}

static bool
in_pattern(const char *s, size_t n, size_t at)
{
    struct rx_reader r;
    return rx_read_to(&r, s, n, at);
}

/*
 * Is the lexicon reference at [@ref, @after) of pattern @s (@n bytes)
 * followed by \b, so that the form is a whole word? Closing parentheses
 * of plain groups without a quantifier may come between, and the other
 * branches of an alternation: (?i:{VERB})\b, (?!(?i:{STOPWORD}|what)\b).
 * Anything else, no: then the lexicon is matched by its prefix tree.
 */
static bool
boundary_follows(const char *s, size_t n, size_t ref, size_t after)
{
    struct rx_reader r;
    if (!rx_read_to(&r, s, n, ref) || r.lost)
        return false; /* inside a class, \Q...\E or a comment: text, not a reference */
    for (size_t g = 0; g < r.depth; g++)
        if (r.stack[g] == GROUP_BEHIND)
            return false; /* a look-behind wants the tree's fixed length, if it has one */
    size_t k = after;
    while (k < n) {
        if (s[k] == '\\') /* \b, unquantified: {GAP} after it is a macro, {2} a count */
            return k + 1 < n && s[k + 1] == 'b' &&
                   !(k + 2 < n && (s[k + 2] == '?' || s[k + 2] == '*' || s[k + 2] == '+' ||
                                   (s[k + 2] == '{' && k + 3 < n &&
                                    ((s[k + 3] >= '0' && s[k + 3] <= '9') || s[k + 3] == ','))));
        if (s[k] == '|') {
            /* the other branches, up to the group's closing parenthesis */
            size_t depth = r.depth;
            r.i = k + 1;
            while (r.i < n && !r.lost && !(r.depth == depth && s[r.i] == ')'))
                rx_step(&r);
            if (r.i >= n || r.lost)
                return false; /* the pattern's own end: no \b after it */
            k = r.i;
        }
        if (s[k] != ')' || r.depth == 0 || r.stack[r.depth - 1] != GROUP_PLAIN)
            return false;
        r.depth--;
        k++;
        if (k < n && (s[k] == '?' || s[k] == '*' || s[k] == '+' || s[k] == '{'))
            return false;
    }
    return false;
}

static const struct lexicon *lexicon_named(const whosaid_rules *r, const char *name);

/*
 * The lexicon named by [@a, @z) in guard @s (@n bytes) into *@lex: 1, or
 * 0 when it is no name (a bad guard), -1 when no lexicon has it (the
 * error set at column @col).
 */
static int
guard_lexicon(struct loader *L, const char *a, const char *z, const char *s, size_t n, size_t col,
              const struct lexicon **lex)
{
    char name[64];
    if ((size_t)(z - a) >= sizeof name || !valid_macro_name(a, (size_t)(z - a)))
        return 0;
    memcpy(name, a, (size_t)(z - a));
    name[z - a] = '\0';
    if ((*lex = lexicon_named(L->r, name)) != NULL)
        return 1;
    ws_error_set(L->err, WHOSAID_ERR_RULES, L->file, L->line, col, "{%.*s}: %s is not a lexicon",
                 (int)n, s, name);
    return -1;
}

/*
 * A lexicon guard, {LEX within N} or {LEX|LEX2|... within N}, and either
 * with "unless STOP" after N (@s, @n bytes, the braces left out;
 * rules/README.md): a string callout that fails at once where no word
 * from here to N words on can begin a form of any of the lexicons, or
 * none before a whole word of STOP's after the first (lex_ahead()). Where
 * the engine cannot tell a lexicon's words by their ASCII spelling
 * (lex_can_guard()), or with WHOSAID_NO_LEX_GUARDS set, the guard is left
 * out: it only ever saves time. Returns 1 when @s was a guard (appended to
 * @b), 0 when it is not one, -1 on an error (set).
 */
static int
expand_guard(struct loader *L, struct ws_buf *b, const char *s, size_t n, size_t col)
{
    const char *w = NULL;
    for (size_t i = 0; i + 7 <= n && !w; i++)
        if (!memcmp(s + i, " within", 7) && (i + 7 == n || s[i + 7] == ' '))
            w = s + i;
    if (!w)
        return 0;
    const char *num = w + 8, *e = s + n, *unless = NULL;
    for (const char *c = num; c + 8 <= e && !unless; c++)
        if (!memcmp(c, " unless ", 8))
            unless = c;
    const char *num_end = unless ? unless : e;
    unsigned words = 0;
    struct ws_buf cb = {0};
    const struct lexicon *stop = NULL;
    if (num >= num_end)
        goto bad;
    for (const char *c = num; c < num_end; c++) {
        if (*c < '0' || *c > '9' || words > 99)
            goto bad;
        words = words * 10 + (unsigned)(*c - '0');
    }
    int rc = unless ? guard_lexicon(L, unless + 8, e, s, n, col, &stop) : 1;
    if (rc <= 0) {
        if (rc == 0)
            goto bad;
        return -1;
    }
    bool ok = ws_buf_puts(&cb, "(?C'W"), usable = !ws_env_flag("WHOSAID_NO_LEX_GUARDS");
    size_t count = 0;
    for (const char *a = s; ok; a++) {
        const char *z = a;
        while (z < w && *z != '|')
            z++;
        const struct lexicon *lex;
        if ((rc = guard_lexicon(L, a, z, s, n, col, &lex)) <= 0) {
            if (rc == 0)
                goto bad;
            ws_buf_free(&cb);
            return -1;
        }
        if (++count > LEX_GUARD_MAX) {
            ws_buf_free(&cb);
            ws_error_set(L->err, WHOSAID_ERR_RULES, L->file, L->line, col,
                         "{%.*s}: a guard names at most %d lexicons", (int)n, s, LEX_GUARD_MAX);
            return -1;
        }
        usable = usable && lex_can_guard(lex);
        char idx[32];
        snprintf(idx, sizeof idx, "%s%zu", a == s ? "" : ",", (size_t)(lex - L->r->lexicons));
        ok = ws_buf_puts(&cb, idx);
        if (z == w)
            break;
        a = z; /* at the '|': the loop steps past it */
    }
    char tail[64];
    if (stop && !lex_can_guard(stop))
        stop = NULL; /* its words are looked up as ASCII: else the guard reads on past them */
    if (stop)
        snprintf(tail, sizeof tail, ":%u!%zu')", words, (size_t)(stop - L->r->lexicons));
    else
        snprintf(tail, sizeof tail, ":%u')", words);
    ok = ok && ws_buf_puts(&cb, tail);
    ok = ok && (!usable || ws_buf_puts(b, cb.data));
    ws_buf_free(&cb);
    if (!ok) {
        ws_error_set(L->err, WHOSAID_ERR_NOMEM, L->file, L->line, 0, "out of memory");
        return -1;
    }
    return 1;
bad:
    ws_buf_free(&cb);
    ws_error_set(L->err, WHOSAID_ERR_RULES, L->file, L->line, col,
                 "{%.*s}: a guard is {LEXICON within N} or {LEX1|LEX2 within N}, N at most 999, "
                 "and \"unless LEXICON\" may follow N",
                 (int)n, s);
    return -1;
}

/*
 * Expands {NAME} macros in @s (@n bytes, starting at column @col of the
 * line): a small macro inline, in a group of its own so that a quantifier
 * after it applies to all of it, a large one as a call (?&m_NAME) noted in
 * @calls; with @flat, every macro inline, as its flat body. A brace that
 * does not open an upper-case name ({2,3}) is kept.
 * Returns the expanded pattern (caller frees) or NULL with the error set.
 */
static char *
expand(struct loader *L, const char *s, size_t n, size_t col, struct macro *calls, bool top,
       bool flat)
{
    struct ws_buf b = {0};
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n) {
            /* an escape; \p{L}, \x{2019}, \k{name} keep their braces, \s{VERB} is a macro */
            size_t j = i + 2;
            if (j < n && s[j] == '{' && strchr("xopPgkN", s[i + 1])) {
                while (j < n && s[j] != '}')
                    j++;
                j = j < n ? j + 1 : n;
            }
            if (!ws_buf_put(&b, s + i, j - i))
                goto nomem;
            i = j - 1;
            continue;
        }
        if (s[i] == '(' && i + 2 < n && s[i + 1] == '?' && s[i + 2] == 'C' && in_pattern(s, n, i)) {
            /* the engine's lexicon look-ups are callouts: no other may run */
            ws_error_set(L->err, WHOSAID_ERR_RULES, L->file, L->line, col + i,
                         "callouts (?C...) are reserved for the engine");
            ws_buf_free(&b);
            return NULL;
        }
        if (s[i] == '{' && i + 1 < n && s[i + 1] >= 'A' && s[i + 1] <= 'Z') {
            size_t j = i + 1;
            while (j < n && s[j] != '}')
                j++;
            int g = j < n ? expand_guard(L, &b, s + i + 1, j - i - 1, col + i) : 0;
            if (g < 0) {
                ws_buf_free(&b);
                return NULL;
            }
            if (g > 0) {
                i = j;
                continue;
            }
            if (j < n && valid_macro_name(s + i + 1, j - i - 1)) {
                const struct macro *m = find_macro(L, s + i + 1, j - i - 1);
                if (!m) {
                    ws_error_set(L->err, WHOSAID_ERR_RULES, L->file, L->line, col + i,
                                 "undefined macro {%.*s}", (int)(j - i - 1), s + i + 1);
                    ws_buf_free(&b);
                    return NULL;
                }
                if (!macro_ready(L, m))
                    goto nomem;
                /*
                 * Copied in: a small macro that calls nothing, and in a
                 * rule's own pattern any macro that calls nothing (a word
                 * list used once): PCRE2 then knows the letters a match can
                 * start with and skips the rest of the text.
                 */
                if (m->word && boundary_follows(s, n, i, j + 1)) {
                    /* a lexicon as whole words: a look-up by callout (lexicon.c) */
                    const char *hint = hint_of(L, m);
                    bool ok = ws_buf_puts(&b, "(?:") && (!hint || ws_buf_puts(&b, hint)) &&
                              ws_buf_puts(&b, m->word) && ws_buf_putc(&b, ')');
                    if (!ok)
                        goto nomem;
                } else if (flat) {
                    if (!ws_buf_puts(&b, "(?:") || !ws_buf_puts(&b, m->flat) || !ws_buf_putc(&b, ')'))
                        goto nomem;
                } else if (!m->ndeps && (top || strlen(m->pattern) <= MACRO_INLINE_MAX)) {
                    if (!ws_buf_puts(&b, "(?:") || !ws_buf_puts(&b, m->pattern) ||
                        !ws_buf_putc(&b, ')'))
                        goto nomem;
                } else {
                    /* with its hint, one group: a quantifier after {X} applies to both */
                    const char *hint = hint_of(L, m);
                    bool ok = !hint || (ws_buf_puts(&b, "(?:") && ws_buf_puts(&b, hint));
                    ok = ok && ws_buf_puts(&b, "(?&m_") && ws_buf_puts(&b, m->name) &&
                         ws_buf_putc(&b, ')') && (!hint || ws_buf_putc(&b, ')')) &&
                         add_dep(calls, (size_t)(m - L->macros));
                    if (!ok)
                        goto nomem;
                }
                i = j;
                continue;
            }
        }
        if (!ws_buf_putc(&b, s[i]))
            goto nomem;
    }
    if (!b.data && !ws_buf_puts(&b, ""))
        goto nomem;
    return b.data;
nomem:
    ws_buf_free(&b);
    ws_error_set(L->err, WHOSAID_ERR_NOMEM, L->file, L->line, 0, "out of memory");
    return NULL;
}

/* ---- lexicon files ---- */

static bool
set_attr(struct loader *L, struct lex_entry *e, const char *k, size_t kn, const char *v,
         size_t vn, size_t col)
{
#define IS(s, n, lit) ((n) == sizeof(lit) - 1 && !memcmp((s), (lit), (n)))
    if (IS(k, kn, "gender")) {
        if (IS(v, vn, "male"))
            e->gender = LEX_MALE;
        else if (IS(v, vn, "female"))
            e->gender = LEX_FEMALE;
        else
            FAIL_AT(L, col, "gender must be male or female, not '%.*s'", (int)vn, v);
    } else if (IS(k, kn, "number")) {
        if (IS(v, vn, "singular"))
            e->number = LEX_SINGULAR;
        else if (IS(v, vn, "plural"))
            e->number = LEX_PLURAL;
        else
            FAIL_AT(L, col, "number must be singular or plural, not '%.*s'", (int)vn, v);
    } else if (IS(k, kn, "kind")) {
        if (IS(v, vn, "person"))
            e->kind = LEX_PERSON;
        else if (IS(v, vn, "organisation"))
            e->kind = LEX_ORGANISATION;
        else
            FAIL_AT(L, col, "kind must be person or organisation, not '%.*s'", (int)vn, v);
    } else if (IS(k, kn, "weak")) {
        if (IS(v, vn, "yes"))
            e->weak = true;
        else if (!IS(v, vn, "no"))
            FAIL_AT(L, col, "weak must be yes or no, not '%.*s'", (int)vn, v);
    } else {
        FAIL_AT(L, col, "unknown attribute '%.*s'", (int)kn, k);
    }
    return true;
#undef IS
}

static bool
lex_line(struct loader *L, struct lexicon *lex, const char *line, size_t n)
{
    const char *semi = memchr(line, ';', n);
    size_t fn = semi ? (size_t)(semi - line) : n;
    if (!WS_GROW(lex->entries, lex->entries_cap, lex->nentries + 1))
        NOMEM(L);
    struct lex_entry *e = &lex->entries[lex->nentries];
    memset(e, 0, sizeof *e);
    size_t entry = lex->nentries++; /* counted now, so lex_free frees it on error */

    /*
     * Forms, separated by |; a / ends the singular forms, and those after
     * it are the plural's: an entry of their own, with the same lemma and
     * attributes and number=plural ("host | compère / hosts | compères").
     */
    size_t a = 0, plural = SIZE_MAX; /* the plural's entry */
    bool first = true;
    while (a <= fn) {
        size_t b = a;
        while (b < fn && line[b] != '|' && line[b] != '/')
            b++;
        const char *f = line + a;
        size_t flen = b - a;
        trim(&f, &flen);
        if (!flen)
            FAIL_AT(L, a + 1, "empty form");
        char *folded = lex_keep(lex, f, flen, true);
        if (!folded)
            NOMEM(L);
        if (first) {
            lex->entries[entry].lemma = lex_keep(lex, f, flen, false);
            if (!lex->entries[entry].lemma)
                NOMEM(L);
            first = false;
        }
        if (!WS_GROW(lex->forms, lex->forms_cap, lex->nforms + 1))
            NOMEM(L);
        lex->forms[lex->nforms].form = folded;
        lex->forms[lex->nforms].entry = plural != SIZE_MAX ? plural : entry;
        lex->forms[lex->nforms].line = L->line;
        lex->nforms++;
        if (b < fn && line[b] == '/') {
            if (plural != SIZE_MAX)
                FAIL_AT(L, b + 1, "a second '/': one ends the singular forms");
            if (!WS_GROW(lex->entries, lex->entries_cap, lex->nentries + 1))
                NOMEM(L);
            plural = lex->nentries++;
            lex->entries[plural] = (struct lex_entry){.lemma = lex->entries[entry].lemma};
        }
        a = b + 1;
    }
    e = &lex->entries[entry]; /* the array may have moved */

    /* attributes after ; */
    if (semi) {
        size_t i = fn + 1;
        while (i < n) {
            while (i < n && is_space(line[i]))
                i++;
            if (i >= n)
                break;
            size_t s = i;
            while (i < n && !is_space(line[i]))
                i++;
            const char *eq = memchr(line + s, '=', i - s);
            if (!eq)
                FAIL_AT(L, s + 1, "attribute '%.*s' is not key=value", (int)(i - s), line + s);
            if (!set_attr(L, e, line + s, (size_t)(eq - line - s), eq + 1,
                          (size_t)(line + i - eq - 1), s + 1))
                return false;
        }
    }
    if (plural != SIZE_MAX) {
        if (e->number == LEX_PLURAL) {
            const char *at = memmem(line + fn, n - fn, "number=", 7);
            FAIL_AT(L, at ? (size_t)(at - line) + 1 : fn + 1,
                    "number=plural on a line with a '/': the forms after it are the plural");
        }
        lex->entries[plural] = *e;
        lex->entries[plural].number = LEX_PLURAL;
    }
    return true;
}

/* ---- rule files ---- */

enum section_kind { SEC_NONE, SEC_MARKS, SEC_MACRO, SEC_RULE };

struct section {
    enum section_kind kind;
    size_t line;
    char *name;
    /* rule and macro keys */
    char *pattern;
    char *flat;         /* a macro's flat body */
    struct macro calls; /* the macros the pattern calls */
    size_t pattern_line, pattern_col;
    char *requires;     /* the prefilter, expanded */
    uint32_t req_lex;   /* the lexicon whose word the prefilter opens with (index + 1), 0: none */
    char *start;        /* the lexicon a match starts with */
    size_t start_line, start_col;
    char *prune;        /* the stop-word lexicon of a mention rule whose names may be pruned */
    char *holds;        /* a before rule's: a lexicon of which every match holds a form */
    size_t holds_line, holds_col;
    size_t prune_line, prune_col;
    struct macro req_calls;
    size_t requires_line, requires_col;
    int anchor;
    double confidence;
    int priority;
    int type;
    unsigned max_words;
    unsigned near; /* 0: none */
    size_t near_line, near_col;
    bool resolved_only;
};

/* A count key's value (max_words, near): an integer from 1 to RULE_COUNT_MAX into *@out, else false. */
static bool
count_value(const char *v, unsigned *out)
{
    char *end;
    long p = strtol(v, &end, 10);
    if (end == v || *end || p < 1 || p > RULE_COUNT_MAX)
        return false;
    *out = (unsigned)p;
    return true;
}

static void
section_reset(struct section *s)
{
    free(s->name);
    free(s->pattern);
    free(s->flat);
    free(s->calls.deps);
    free(s->requires);
    free(s->start);
    free(s->prune);
    free(s->holds);
    free(s->req_calls.deps);
    memset(s, 0, sizeof *s);
    s->anchor = -1;
    s->confidence = 0.9;
    s->priority = 50;
    s->type = -1;
}

/*
 * Nested unbounded quantifiers ("(a+)*", "(?:\s*x)+") can backtrack
 * exponentially; the validator rejects them. Returns a message and sets
 * *offset, or returns NULL when the pattern is fine.
 */
const char *
rules_check_nested_quantifiers(const char *p, size_t *offset)
{
    enum { MAXD = 64 };
    bool inner[MAXD];
    size_t depth = 0;
    size_t n = strlen(p);
    inner[0] = false;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (c == '\\') {
            if (i + 1 < n && (p[i + 1] == 'p' || p[i + 1] == 'P') && i + 2 < n && p[i + 2] == '{') {
                while (i < n && p[i] != '}')
                    i++;
            } else {
                i++;
            }
            continue;
        }
        if (c == '[') { /* skip a class */
            i++;
            if (i < n && p[i] == '^')
                i++;
            if (i < n && p[i] == ']')
                i++;
            while (i < n && p[i] != ']') {
                if (p[i] == '\\')
                    i++;
                i++;
            }
            continue;
        }
        if (c == '(' && i + 1 < n && p[i + 1] == '*') { /* a verb: (*FAIL), (*SKIP) */
            while (i < n && p[i] != ')')
                i++;
            continue;
        }
        if (c == '(') {
            if (depth + 1 >= MAXD)
                return NULL;
            inner[++depth] = false;
            continue;
        }
        bool unbounded = false;
        if ((c == '*' || c == '+' || c == '?') && i + 1 < n && p[i + 1] == '+') {
            i++; /* possessive: it never gives back, so it cannot blow up */
            continue;
        }
        if (c == '*' || c == '+') {
            unbounded = true;
        } else if (c == '{') {
            size_t j = i + 1;
            while (j < n && p[j] >= '0' && p[j] <= '9')
                j++;
            if (j > i + 1 && j + 1 < n && p[j] == ',' && p[j + 1] == '}')
                unbounded = true;
        }
        if (c == ')') {
            bool had = depth ? inner[depth] : false;
            if (depth)
                depth--;
            /* the quantifier after the group */
            size_t j = i + 1;
            bool after = false;
            if (j < n && (p[j] == '*' || p[j] == '+'))
                after = !(j + 1 < n && p[j + 1] == '+'); /* possessive is safe */
            else if (j < n && p[j] == '{') {
                size_t k = j + 1;
                while (k < n && p[k] >= '0' && p[k] <= '9')
                    k++;
                if (k > j + 1 && k + 1 < n && p[k] == ',' && p[k + 1] == '}')
                    after = true;
            }
            if (had && after) {
                *offset = j;
                return "nested unbounded quantifiers (a group holding * or + repeated by * or +) can backtrack without end";
            }
            if (had || after)
                inner[depth] = inner[depth] || had || after;
            continue;
        }
        if (unbounded)
            inner[depth] = true;
    }
    return NULL;
}

/* The number of the capture named @name, 0 when there is none. */
static uint32_t
capture_number(const pcre2_code *code, const char *name)
{
    int n = pcre2_substring_number_from_name(code, (PCRE2_SPTR)name);
    return n > 0 ? (uint32_t)n : 0u;
}

/* pcre2_callout_enumerate()'s data for end_memo_verified(). */
struct memo_seen {
    size_t at, n; /* where the callout's string must begin; the callouts with it */
    bool elsewhere;
};

static int
memo_seen(pcre2_callout_enumerate_block *b, void *data)
{
    struct memo_seen *m = data;
    if (b->callout_string && b->callout_string_length == 1 && b->callout_string[0] == 'M') {
        m->n++;
        m->elsewhere |= b->callout_string_offset != m->at;
    }
    return 0;
}

/*
 * Does @code, a before rule compiled with END_MEMO_CALLOUT put in at @at
 * of its pattern, hold that one callout there and no back-reference, as
 * PCRE2 read it? The check of the compiled code, after the reader's of
 * the text (end_memo_point()): where they disagree (the callout read as a
 * class's members, say), the rule goes without the memo. The callouts
 * are looked for only in a code just compiled (@fresh): one from the
 * cache was checked when whosaid was built, or it would not be there
 * (rules_cache_drop()); the walk over a large code takes a tenth of a
 * millisecond.
 */
static bool
end_memo_verified(const pcre2_code *code, size_t at, bool fresh)
{
    static const char before[] = "(?:(?C'"; /* the wrapping, then the callout up to its string */
    uint32_t refs = 1;
    struct memo_seen m = {.at = at + sizeof before - 1};
    return pcre2_pattern_info(code, PCRE2_INFO_BACKREFMAX, &refs) == 0 && refs == 0 &&
           (!fresh ||
            (pcre2_callout_enumerate(code, memo_seen, &m) == 0 && m.n == 1 && !m.elsewhere));
}

/*
 * Compiles one expanded pattern of rule @id with its macro definitions
 * (UTF, UCP, JIT), a "before" pattern tied to the end of its subject, and
 * an @anchored one (after and quote rules) anchored at compile time:
 * PCRE2_ANCHORED given to pcre2_match() instead would turn the JIT off
 * and run the interpreter, six times slower on these rules.
 * A pattern not in the cache is first checked for nested unbounded
 * quantifiers when @check is set (the prefix of the error's message):
 * every cached pattern passed that check when whosaid was built, and the
 * check of the built-in rules was a sixth of their loading.
 * Returns the code and the full source in *@src, or NULL with the error
 * set at column @col of the current line.
 */
static pcre2_code *
compile_pattern(struct loader *L, const char *id, const char *pattern, const struct macro *calls,
                bool to_end, bool anchored, uint32_t options, size_t col, const char *check,
                size_t memo_at, char **src, uint32_t *used)
{
    struct ws_buf b = {0};
    size_t n = strlen(pattern);
    if (memo_at > n)
        memo_at = n; /* none: the callout is not put in */
    bool ok = (!to_end || ws_buf_puts(&b, "(?:")) && ws_buf_put(&b, pattern, memo_at) &&
              (memo_at == n || ws_buf_puts(&b, END_MEMO_CALLOUT)) &&
              ws_buf_put(&b, pattern + memo_at, n - memo_at) &&
              (!to_end || ws_buf_puts(&b, ")\\z"));
    ok = ok && append_defines(L, calls, &b);
    if (!ok) {
        ws_buf_free(&b);
        ws_error_set(L->err, WHOSAID_ERR_NOMEM, L->file, L->line, 0, "out of memory");
        return NULL;
    }
    int ec;
    PCRE2_SIZE eoff;
    struct rules_cache_key key;
    pcre2_code *code = rules_cache_take(
        L->cache, b.data, b.len, PCRE2_UTF | PCRE2_UCP | options | (anchored ? PCRE2_ANCHORED : 0),
        &key);
    if (!code && check) {
        size_t qoff;
        const char *qmsg = rules_check_nested_quantifiers(pattern, &qoff);
        if (qmsg) {
            ws_error_set(L->err, WHOSAID_ERR_RULES, L->file, L->line, col,
                         "rule %s: %s%s (offset %zu of the expanded pattern)", id, check, qmsg,
                         qoff);
            ws_buf_free(&b);
            return NULL;
        }
    }
    bool fresh = !code;
    if (!code)
        code = rules_cache_compile_key(L->cache, &key, b.data, &ec, &eoff);
    if (code && memo_at < n && !end_memo_verified(code, memo_at, fresh)) {
        if (fresh)
            rules_cache_drop(L->cache, &key);
        pcre2_code_free(code);
        ws_buf_free(&b);
        return NULL; /* no error: the caller compiles the pattern without the memo */
    }
    if (!code) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(ec, msg, sizeof msg);
        ws_error_set(L->err, WHOSAID_ERR_RULES, L->file, L->line, col,
                     "rule %s: %s at offset %zu of the expanded pattern", id, (const char *)msg,
                     (size_t)eoff);
        ws_buf_free(&b);
        return NULL;
    }
    /* the options, for the code without UCP that whosaid_rules_jit_opts() may make */
    *used = PCRE2_UTF | PCRE2_UCP | options | (anchored ? PCRE2_ANCHORED : 0);
    *src = b.data; /* JIT-compiled, if at all, by whosaid_rules_jit() */
    return code;
}

bool
rules_jitted(const pcre2_code *code)
{
    size_t size = 0;
    return pcre2_pattern_info(code, PCRE2_INFO_JITSIZE, &size) == 0 && size > 0;
}

/*
 * May [@s, @s + @n), what follows a prefilter's opening \b(?i:{LEXICON})\b,
 * be run from a later start without changing its matches? Not when it
 * holds an alternation at the top level (\b(?i:{X})\b|other: the other
 * branch may match anywhere), \G (which means the start) or \Q...\E and
 * comments, which this scan does not read; macros count as groups, since
 * they are expanded inside one.
 */
static bool
plain_sequel(const char *s, size_t n)
{
    int depth = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\') {
            if (i + 1 < n && (s[i + 1] == 'G' || s[i + 1] == 'Q'))
                return false;
            i++;
        } else if (s[i] == '[') { /* a class: ] right after [ or [^ is a member */
            size_t j = i + 1;
            if (j < n && s[j] == '^')
                j++;
            if (j < n && s[j] == ']')
                j++;
            for (; j < n && s[j] != ']'; j++) {
                if (s[j] == '\\')
                    j++;
                else if (s[j] == '[' && j + 1 < n && s[j + 1] == ':') { /* [:alpha:] */
                    size_t k = j + 2;
                    while (k + 1 < n && !(s[k] == ':' && s[k + 1] == ']'))
                        k++;
                    if (k + 1 >= n)
                        return false;
                    j = k + 1;
                }
            }
            if (j >= n)
                return false;
            i = j;
        } else if (s[i] == '(') {
            if (i + 2 < n && s[i + 1] == '?' && s[i + 2] == '#')
                return false;
            depth++;
        } else if (s[i] == ')') {
            if (--depth < 0)
                return false;
        } else if (s[i] == '|' && depth == 0) {
            return false;
        }
    }
    return depth == 0;
}

/*
 * The lexicon a prefilter opens with, as index + 1, when it is written
 * \b(?i:{LEXICON})\b...: every match then begins at a word (a run of
 * letters and digits) that is the leading run of one of the lexicon's
 * forms, or that holds a byte outside ASCII (where PCRE2's caseless
 * matching goes beyond ASCII folding: K, the Kelvin sign). The engine
 * looks words up and starts the prefilter at the first such word, or skips
 * it when there is none. 0 when it is written otherwise, or when a form's
 * leading run holds a byte outside ASCII (ASCII text could match it).
 */
static uint32_t
opening_lexicon(const whosaid_rules *r, const char *v, size_t n)
{
    static const char open[] = "\\b(?i:{", close[] = "})\\b";
    size_t lo = sizeof open - 1, lc = sizeof close - 1;
    if (n < lo + lc || memcmp(v, open, lo))
        return 0;
    const char *name = v + lo, *end = memchr(name, '}', n - lo);
    if (!end || (size_t)(v + n - end) < lc || memcmp(end, close, lc) ||
        !plain_sequel(end + lc, (size_t)(v + n - end) - lc))
        return 0;
    for (size_t i = 0; i < r->nlexicons; i++) {
        const struct lexicon *lex = &r->lexicons[i];
        if (strlen(lex->name) != (size_t)(end - name) || memcmp(lex->name, name, end - name))
            continue;
        for (size_t f = 0; f < lex->nforms; f++) {
            if (!lex->forms[f].lead_len || !lex->lead_slots)
                return 0;
            for (size_t k = 0; k < lex->forms[f].lead_len; k++)
                if ((unsigned char)lex->forms[f].form[k] >= 0x80)
                    return 0;
        }
        return (uint32_t)i + 1;
    }
    return 0;
}

/*
 * Where what follows the opening \b(?i:{LEX})\b of section @s's prefilter
 * begins in its expanded text, when the opening was expanded into the
 * lexicon's word pattern (a look-up by callout, which lex_form_at()
 * reads the same): the length of the opening expanded on its own, when
 * the prefilter begins with it. 0 when it does not, when the lexicon has
 * no word pattern, or with WHOSAID_NO_LEX_FORMS set (the whole prefilter
 * then runs at each word, for comparing the two).
 */
static size_t
sequel_at(struct loader *L, const struct section *s)
{
    const char *name = L->r->lexicons[s->req_lex - 1].name;
    const struct macro *m = find_macro(L, name, strlen(name));
    if (!m || !macro_ready(L, m) || !m->word || ws_env_flag("WHOSAID_NO_LEX_FORMS"))
        return 0;
    char open[128];
    int n = snprintf(open, sizeof open, "\\b(?i:{%s})\\b", name);
    if (n < 0 || (size_t)n >= sizeof open)
        return 0;
    char *x = expand(L, open, (size_t)n, s->requires_col, NULL, true, true);
    size_t len = x && !strncmp(s->requires, x, strlen(x)) ? strlen(x) : 0;
    free(x);
    return len;
}

/*
 * May the text @full, what follows a prefilter's opening of lexicon @lex
 * with its macros, be run from a form's end in place of the whole
 * prefilter? Not with \G (the start) or \K (where the match begins), nor
 * with a backtracking verb when a word may begin forms of more than one
 * length ((*COMMIT) after the longest form keeps PCRE2 from the shorter
 * ones). A backslash before them that is itself escaped only makes this
 * say no.
 */
static bool
plain_run_on(const char *full, const struct lexicon *lex)
{
    bool multi = false; /* a form of more words than one (the weak ones are never matched) */
    for (size_t i = 0; i < lex->nforms && !multi; i++)
        multi = lex->forms[i].form[lex->forms[i].lead_len] != '\0' &&
                !lex->entries[lex->forms[i].entry].weak;
    return !(multi && strstr(full, "(*")) && !strstr(full, "\\G") && !strstr(full, "\\K");
}

/*
 * Finds or compiles the prefilter of section @s; sets *@req to 1 + its
 * index in the rules' requirement table.
 */
static bool
add_requirement(struct loader *L, struct section *s, uint32_t *req)
{
    whosaid_rules *r = L->r;
    for (size_t i = 0; i < r->nreqs; i++)
        if (!strcmp(r->reqs[i].source, s->requires)) {
            *req = (uint32_t)i + 1;
            return true;
        }
    char *src = NULL, *full = NULL;
    uint32_t used;
    pcre2_code *code = compile_pattern(L, s->name, s->requires, &s->req_calls, false, false, 0,
                                       s->requires_col, "requires: ", SIZE_MAX, &full, &used);
    if (!code)
        return false;
    /*
     * Anchored at a word: the whole prefilter; or, where the opening
     * lexicon is matched by look-up (lex_form_at() finds its forms at a
     * word), what follows the opening in the expanded text, run from each
     * form's end (nothing when nothing follows).
     */
    size_t seq = s->req_lex ? sequel_at(L, s) : 0;
    bool lex_words = seq > 0, lex_only = lex_words && !s->requires[seq];
    pcre2_code *anchored = NULL;
    char *anchored_full = NULL;
    if (lex_words && !lex_only) {
        whosaid_error kept = {0};
        if (L->err)
            kept = *L->err;
        anchored = compile_pattern(L, s->name, s->requires + seq, &s->req_calls, false, true, 0,
                                   s->requires_col, NULL, SIZE_MAX, &anchored_full, &used);
        if (!anchored || !plain_run_on(anchored_full, &r->lexicons[s->req_lex - 1])) {
            /* a verb, \G or \K; or no pattern alone (it cannot refer back: kept for safety) */
            if (!anchored && L->err)
                *L->err = kept;
            pcre2_code_free(anchored);
            free(anchored_full);
            anchored = NULL;
            anchored_full = NULL;
            lex_words = false;
        }
    }
    if (s->req_lex && !lex_words) {
        anchored = compile_pattern(L, s->name, s->requires, &s->req_calls, false, true, 0,
                                   s->requires_col, NULL, SIZE_MAX, &src, &used);
        if (!anchored) {
            pcre2_code_free(code);
            free(full);
            return false;
        }
        free(src); /* the same text as full */
    }
    if (!WS_GROW(r->reqs, r->reqs_cap, r->nreqs + 1)) {
        pcre2_code_free(code);
        pcre2_code_free(anchored);
        free(full);
        free(anchored_full);
        NOMEM(L);
    }
    uint32_t lb = 0;
    if (pcre2_pattern_info(code, PCRE2_INFO_MAXLOOKBEHIND, &lb) == 0 && lb > r->max_lookbehind)
        r->max_lookbehind = lb;
    /* whosaid_rules_jit() JIT-compiles them */
    r->reqs[r->nreqs] =
        (struct requirement){.source = s->requires, /* the expanded text, for sharing */
                             .full = full,
                             .code = code,
                             .start_lex = s->req_lex,
                             .lex_words = lex_words,
                             .lex_only = lex_only,
                             .anchored = anchored,
                             .anchored_full = anchored_full};
    s->requires = NULL;
    *req = (uint32_t)++r->nreqs;
    return true;
}

/* The lexicon of rules @r called @name, or NULL. */
static const struct lexicon *
lexicon_named(const whosaid_rules *r, const char *name)
{
    for (size_t i = 0; i < r->nlexicons; i++)
        if (!strcmp(r->lexicons[i].name, name))
            return &r->lexicons[i];
    return NULL;
}

/* 1 + the index of the lexicon of @r called @name; 0 when there is none. */
static uint32_t
lexicon_number(const whosaid_rules *r, const char *name)
{
    const struct lexicon *lex = lexicon_named(r, name);
    return lex ? (uint32_t)(lex - r->lexicons) + 1 : 0;
}

/*
 * The lexicon named @name, given to rule key @key of section @s at column
 * @col (start, holds): 1 + its index, with every form opening with a
 * letter or digit, so that a word can lead it; 0 with the error set.
 */
static uint32_t
word_lexicon(struct loader *L, const struct section *s, const char *key, const char *name,
             size_t col)
{
    uint32_t x = lexicon_number(L->r, name);
    if (!x)
        FAIL_AT(L, col, "rule %s: %s: no lexicon %s (lexicons load first)", s->name, key, name);
    const struct lexicon *lex = &L->r->lexicons[x - 1];
    for (size_t i = 0; i < lex->nforms; i++)
        if (!lex->forms[i].lead_len)
            FAIL_AT(L, col, "rule %s: %s: the %s form '%s' does not begin with a letter or digit",
                    s->name, key, name, lex->forms[i].form);
    return x;
}

/*
 * A before rule's start (rules/README.md): TERM | TERM ..., each one of
 * "capital", a lexicon's name, or one guard {LEX|... within N [unless
 * STOP]}, read into @st (its guard as the callout string the guard would
 * be in a pattern). With @any set, a guard the engine cannot read by its
 * words' ASCII spelling lets every word through. False with the error set.
 */
static bool
parse_starts(struct loader *L, const struct section *s, struct start_set *st, char *guard,
             size_t guard_cap, bool *any)
{
    const char *v = s->start;
    size_t n = strlen(v), col = s->start_col;
    memset(st, 0, sizeof *st);
    *guard = '\0';
    *any = false;
    for (size_t i = 0; i <= n; i++) {
        while (i < n && v[i] == ' ')
            i++;
        size_t a = i;
        for (int depth = 0; i < n && (depth || v[i] != '|'); i++)
            depth += v[i] == '{' ? 1 : v[i] == '}' ? -1 : 0;
        size_t z = i;
        while (z > a && v[z - 1] == ' ')
            z--;
        if (z == a)
            FAIL_AT(L, col + a, "rule %s: start: a term is empty", s->name);
        if (v[a] == '{') {
            if (v[z - 1] != '}' || *guard || *any)
                FAIL_AT(L, col + a, "rule %s: start: one guard {LEXICON within N}, in braces",
                        s->name);
            struct ws_buf b = {0};
            int g = expand_guard(L, &b, v + a + 1, z - a - 2, col + a);
            if (g <= 0) {
                ws_buf_free(&b);
                if (g == 0)
                    FAIL_AT(L, col + a, "rule %s: start: {%.*s} is no guard {LEXICON within N}",
                            s->name, (int)(z - a - 2), v + a + 1);
                return false;
            }
            /* (?C'W...') in the buffer, or nothing where the guard cannot be used */
            if (b.len < 6) {
                *any = true;
            } else if (b.len - 6 < guard_cap) {
                memcpy(guard, b.data + 4, b.len - 6);
                guard[b.len - 6] = '\0';
            } else {
                ws_buf_free(&b);
                FAIL_AT(L, col + a, "rule %s: start: the guard names too many lexicons", s->name);
            }
            ws_buf_free(&b);
        } else if (z - a == 7 && !memcmp(v + a, "capital", 7)) {
            st->capital = true;
        } else {
            char name[64];
            if (z - a >= sizeof name || !valid_macro_name(v + a, z - a))
                FAIL_AT(L, col + a,
                        "rule %s: start: '%.*s' is none of capital, a lexicon's name "
                        "or a guard",
                        s->name, (int)(z - a), v + a);
            memcpy(name, v + a, z - a);
            name[z - a] = '\0';
            uint32_t x = word_lexicon(L, s, "start", name, col + a);
            if (!x)
                return false;
            const struct lexicon *lex = &L->r->lexicons[x - 1];
            /* a form that caseless matching takes for ASCII words ("\u017fhe"): its leads cannot
             * tell */
            if (!lex_can_guard(lex))
                *any = true;
            if (st->nlex == LEX_GUARD_MAX)
                FAIL_AT(L, col + a, "rule %s: start: at most %d lexicons", s->name, LEX_GUARD_MAX);
            st->lex[st->nlex++] = x - 1;
        }
    }
    return true;
}

/*
 * Where the memo of a before rule's speaker ends goes (struct end_memo):
 * into *@at, just after the speaker's group, which must open pattern @s
 * (@n bytes, expanded) at its top level, with no quantifier. The memo
 * holds where the rest of the pattern failed, for the rest of the
 * document: so the rest's verdict must depend on nothing but the place
 * it starts from, the text and the subject's end. Not so with a
 * back-reference or a condition (the captures), a recursion or a
 * subroutine call (which a large rule's macros are), a backtracking verb
 * or \G (the start). False with any of these, and where the group is
 * quantified or nothing follows it (nothing to remember).
 */
static bool
end_memo_point(const char *s, size_t n, size_t *at)
{
    static const char open[] = "(?<speaker>";
    if (n < sizeof open - 1 || memcmp(s, open, sizeof open - 1))
        return false;
    struct rx_reader r = {.s = s, .n = n};
    size_t point = 0;
    while (r.i < n && !r.lost) {
        size_t i = r.i;
        if (s[i] != '\\' && s[i] != '[' && s[i] != '(' && s[i] != ')') {
            r.i++; /* what rx_step() does with any other byte, without the call */
            continue;
        }
        char c = i + 1 < n ? s[i + 1] : '\0', d = i + 2 < n ? s[i + 2] : '\0',
             e = i + 3 < n ? s[i + 3] : '\0';
        if (s[i] == '\\' && ((c >= '1' && c <= '9') || c == 'g' || c == 'k' || c == 'G'))
            return false; /* \1, \g{-1}, \g<name>, \k<name>; \G */
        if (s[i] == '(' &&
            (c == '*' || (c == '?' && (d == 'R' || d == '&' || d == '(' || (d >= '0' && d <= '9') ||
                                       ((d == '+' || d == '-') && e >= '0' && e <= '9') ||
                                       (d == 'P' && (e == '>' || e == '='))))))
            return false; /* a verb, a recursion or call, a condition, (?P=name) */
        rx_step(&r);
        if (!point && r.depth == 0)
            point = r.i;
    }
    /* PCRE2 lets a comment or a lone \E come between a group and its quantifier */
    size_t q = point;
    for (;;) {
        if (q + 1 < n && s[q] == '\\' && s[q + 1] == 'E')
            q += 2;
        else if (q + 2 < n && s[q] == '(' && s[q + 1] == '?' && s[q + 2] == '#' &&
                 memchr(s + q, ')', n - q))
            q = (size_t)((const char *)memchr(s + q, ')', n - q) - s) + 1;
        else
            break;
    }
    if (r.lost || !point || q >= n || strchr("?*+{", s[q]))
        return false; /* no rest (nothing to remember), or a quantifier */
    *at = point;
    return true;
}

static bool
compile_rule(struct loader *L, struct section *s)
{
    whosaid_rules *r = L->r;
    size_t save_line = L->line;
    L->line = s->line; /* errors of the whole section point at its [header] */
    if (s->anchor < 0)
        FAIL_AT(L, 1, "rule %s has no anchor", s->name);
    if (!s->pattern)
        FAIL_AT(L, 1, "rule %s has no pattern", s->name);
    for (size_t i = 0; i < r->nrules; i++)
        if (!strcmp(r->rules[i].id, s->name))
            FAIL_AT(L, 2, "rule id %s is used twice", s->name);

    L->line = s->pattern_line;
    uint32_t start_lex = 0;
    bool start_capital = false;
    struct start_set starts;
    char start_guard[32];
    bool start_any = false, start_words = false;
    if (s->start) {
        L->line = s->start_line;
        if (s->anchor != ANCHOR_ALIAS && s->anchor != ANCHOR_MENTION && s->anchor != ANCHOR_BEFORE)
            FAIL_AT(L, s->start_col, "rule %s: start is for alias, mention and before rules",
                    s->name);
    }
    if (s->start && s->anchor == ANCHOR_BEFORE) {
        if (!parse_starts(L, s, &starts, start_guard, sizeof start_guard, &start_any))
            return false;
        if (strstr(s->pattern, "\\G") || strstr(s->pattern, "\\K"))
            FAIL_AT(L, s->start_col,
                    "rule %s: start cannot go with \\G or \\K: tried word by word, \\G holds at "
                    "every word, and \\K moves where the next search would begin",
                    s->name);
        if (strstr(s->pattern, "(*"))
            FAIL_AT(L, s->start_col,
                    "rule %s: start cannot go with a backtracking verb (*...): tried word by "
                    "word, the rule would go on where PCRE2's search stops",
                    s->name);
        /* for comparison: the pattern searched for by PCRE2; a guard it cannot read: no gain */
        start_words = !start_any && !ws_env_flag("WHOSAID_NO_STARTS");
        L->line = s->pattern_line;
    } else if (s->start && !strcmp(s->start, "capital")) {
        /* for comparison: the pattern searched for as any other */
        start_capital = !ws_env_flag("WHOSAID_NO_CAPITAL");
        L->line = s->pattern_line;
    } else if (s->start) {
        if (!(start_lex = word_lexicon(L, s, "start", s->start, s->start_col)))
            return false;
        L->line = s->pattern_line;
    }
    if (s->holds) {
        L->line = s->holds_line;
        if (!s->start || s->anchor != ANCHOR_BEFORE)
            FAIL_AT(L, s->holds_col, "rule %s: holds is for before rules with start", s->name);
        if (!(starts.holds = word_lexicon(L, s, "holds", s->holds, s->holds_col)))
            return false;
        const struct lexicon *lex = &r->lexicons[starts.holds - 1];
        if (!lex_can_guard(lex))
            starts.holds = 0; /* its leads cannot tell where its forms are: every word may be one */
        L->line = s->pattern_line;
    }
    uint32_t prune_lex = 0, prune_small = 0;
    if (s->prune) {
        L->line = s->prune_line;
        if (s->anchor != ANCHOR_MENTION || !s->start || strcmp(s->start, "capital"))
            FAIL_AT(L, s->prune_col, "rule %s: prune is for mention rules with start = capital",
                    s->name);
        /* LEXICON, then the small letters a name's particles open with (none: any) */
        char *sp = strchr(s->prune, ' ');
        if (sp)
            *sp++ = '\0';
        prune_lex = lexicon_number(r, s->prune);
        if (!prune_lex)
            FAIL_AT(L, s->prune_col, "rule %s: prune: no lexicon %s (lexicons load first)", s->name,
                    s->prune);
        for (; sp && *sp; sp++) {
            if (*sp < 'a' || *sp > 'z')
                FAIL_AT(L, s->prune_col + (size_t)(sp - s->prune),
                        "rule %s: prune: '%c' is no small letter a-z", s->name, *sp);
            prune_small |= 1u << (*sp - 'a');
        }
        if (!prune_small)
            prune_small = (1u << 26) - 1;
        if (ws_env_flag("WHOSAID_NO_PRUNE"))
            prune_lex = 0; /* for comparison: every name found */
        L->line = s->pattern_line;
    }
    bool anchored = s->anchor == ANCHOR_AFTER || s->anchor == ANCHOR_QUOTE || start_lex ||
                    start_capital || start_words;
    char *src = NULL;
    unsigned near = s->near;
    bool by_name = s->anchor == ANCHOR_ALIAS || s->anchor == ANCHOR_MENTION;
    if (near) {
        L->line = s->near_line;
        if (!by_name && s->anchor != ANCHOR_BEFORE)
            FAIL_AT(L, s->near_col, "rule %s: near is for alias, mention and before rules", s->name);
        if (by_name && !s->requires)
            FAIL_AT(L, s->near_col, "rule %s: near needs a requires pattern", s->name);
        if (s->start)
            FAIL_AT(L, s->near_col, "rule %s: near and start cannot go together", s->name);
        if (!by_name && !strncmp(s->pattern, "\\G", 2))
            FAIL_AT(L, s->near_col, "rule %s: near cannot move a rule anchored with \\G", s->name);
        L->line = s->pattern_line;
        if (ws_env_flag("WHOSAID_NO_NEAR"))
            near = 0; /* for comparison: every paragraph or sentence searched whole */
    }
    /* a before rule tried at its start set that opens with its speaker: the memo of its ends */
    size_t memo_at = SIZE_MAX;
    if (!start_words || ws_env_flag("WHOSAID_NO_END_MEMO") ||
        !end_memo_point(s->pattern, strlen(s->pattern), &memo_at))
        memo_at = SIZE_MAX;
    /* an alias or mention rule with near is searched one window at a time: each ends at an offset limit */
    uint32_t used;
    pcre2_code *code = NULL;
    uint32_t options = near && by_name ? PCRE2_USE_OFFSET_LIMIT : 0;
    if (memo_at != SIZE_MAX) {
        whosaid_error saved = {0};
        if (L->err)
            saved = *L->err;
        code = compile_pattern(L, s->name, s->pattern, &s->calls, s->anchor == ANCHOR_BEFORE,
                               anchored, options, s->pattern_col, "", memo_at, &src, &used);
        if (!code) { /* then without the memo: an error is the pattern's own, at its place */
            if (L->err)
                *L->err = saved;
            memo_at = SIZE_MAX;
        }
    }
    if (!code)
        code = compile_pattern(L, s->name, s->pattern, &s->calls, s->anchor == ANCHOR_BEFORE,
                               anchored, options, s->pattern_col, "", SIZE_MAX, &src, &used);
    if (!code)
        return false;
    uint32_t req = 0;
    if (s->requires) {
        L->line = s->requires_line;
        if (!add_requirement(L, s, &req)) {
            pcre2_code_free(code);
            free(src);
            return false;
        }
    }

    struct rule rule = {0};
    rule.code = code;
    rule.jit = false; /* whosaid_rules_jit() compiles it */
    rule.options = used;
    rule.source = src;
    rule.req = req;
    rule.start_lex = start_lex;
    rule.start_capital = start_capital;
    rule.prune_lex = start_capital ? prune_lex : 0;
    rule.prune_small = prune_small;
    rule.anchored_code = anchored;
    rule.end_memo = memo_at != SIZE_MAX;
    rule.anchor = (enum rule_anchor)s->anchor;
    rule.confidence = s->confidence;
    rule.priority = s->priority;
    rule.type = s->type;
    rule.max_words = s->max_words;
    rule.near = near;
    rule.resolved_only = s->resolved_only;
    rule.order = L->order++;
    rule.cap_speaker = capture_number(code, "speaker");
    rule.cap_cue = capture_number(code, "cue");
    rule.cap_via = capture_number(code, "via");
    rule.cap_name = capture_number(code, "name");
    rule.cap_descriptor = capture_number(code, "descriptor");
    uint32_t caps = 0, lb = 0;
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &caps);
    if (pcre2_pattern_info(code, PCRE2_INFO_MAXLOOKBEHIND, &lb) == 0 && lb > r->max_lookbehind)
        r->max_lookbehind = lb;
    if (caps + 1 > r->max_captures)
        r->max_captures = caps + 1;
    bool needs = rule.type != WHOSAID_TERM; /* a term rule names no speaker */
    if (needs && (by_name ? !rule.cap_name : !rule.cap_speaker)) {
        pcre2_code_free(code);
        free(src);
        L->line = s->pattern_line;
        ws_error_set(L->err, WHOSAID_ERR_RULES, L->file, L->line, s->pattern_col,
                     "rule %s: the pattern has no (?<%s>...) capture", s->name,
                     by_name ? "name" : "speaker");
        return false;
    }
    L->line = save_line;
    if (start_words) {
        if (*start_guard && !(starts.guard = ws_strndup(start_guard, strlen(start_guard)))) {
            pcre2_code_free(code);
            free(src);
            NOMEM(L);
        }
        rule.starts = ws_malloc(sizeof *rule.starts);
        if (!rule.starts) {
            free(starts.guard);
            pcre2_code_free(code);
            free(src);
            NOMEM(L);
        }
        *rule.starts = starts;
    }
    rule.id = s->name;
    s->name = NULL;
    if (!WS_GROW(r->rules, r->rules_cap, r->nrules + 1)) {
        pcre2_code_free(code);
        free(src);
        free(rule.id);
        if (rule.starts)
            free(rule.starts->guard);
        free(rule.starts);
        NOMEM(L);
    }
    r->rules[r->nrules++] = rule;
    return true;
}

static bool
end_section(struct loader *L, struct section *s)
{
    bool ok = true;
    if (s->kind == SEC_MACRO) {
        size_t save_line = L->line;
        L->line = s->line;
        if (!s->pattern)
            FAIL_AT(L, 1, "macro {%s} has no pattern", s->name);
        char *p = s->pattern, *f = s->flat;
        s->pattern = s->flat = NULL;
        ok = add_macro(L, s->name, strlen(s->name), p, f, &s->calls, 1);
        memset(&s->calls, 0, sizeof s->calls);
        if (ok)
            L->line = save_line;
    } else if (s->kind == SEC_RULE) {
        ok = compile_rule(L, s);
    }
    section_reset(s);
    return ok;
}

/* Decodes one code point from a mark field; false unless it is exactly one. */
static bool
one_char(const char *s, size_t n, uint32_t *c)
{
    if (!n)
        return false;
    size_t invalid, rl;
    char *v = utf8_repair(s, n, &rl, &invalid);
    if (!v)
        return false;
    size_t i = 0;
    *c = utf8_next(v, rl, &i);
    free(v);
    return !invalid && i == n;
}

/*
 * Expands a rule's pattern or prefilter into *@out: flat when that stays
 * under RULE_FLAT_MAX bytes, else with its large macros called (@calls).
 */
static bool
expand_rule(struct loader *L, const char *val, size_t vn, size_t vcol, char **out,
            struct macro *calls)
{
    *out = expand(L, val, vn, vcol, NULL, true, true);
    if (*out && strlen(*out) > RULE_FLAT_MAX) {
        free(*out);
        *out = expand(L, val, vn, vcol, calls, true, false);
    }
    return *out != NULL;
}

/*
 * A key whose value is one word kept as written (start, prune): its
 * place too, for the messages about it. Given twice or empty, an error.
 */
static bool
word_key(struct loader *L, const char *key, const char *val, size_t vn, size_t vcol, char **out,
         size_t *line, size_t *col)
{
    if (*out)
        FAIL_AT(L, 1, "%s given twice", key);
    if (!vn)
        FAIL_AT(L, vcol, "empty %s", key);
    *out = ws_strndup(val, vn);
    if (!*out)
        NOMEM(L);
    *line = L->line;
    *col = vcol;
    return true;
}

static bool
rules_key(struct loader *L, struct section *s, const char *key, size_t kn, const char *val,
          size_t vn, size_t vcol)
{
#define KEY(lit) (kn == sizeof(lit) - 1 && !memcmp(key, lit, kn))
    if (s->kind == SEC_NONE)
        FAIL_AT(L, 1, "a key outside any [section]");
    if (s->kind == SEC_MARKS) {
        if (!KEY("pair"))
            FAIL_AT(L, 1, "unknown key '%.*s' in [marks]", (int)kn, key);
        /* OPEN CLOSE [apostrophe] */
        const char *f[4];
        size_t fl[4], nf = 0, i = 0;
        while (i < vn && nf < 4) {
            while (i < vn && is_space(val[i]))
                i++;
            if (i >= vn)
                break;
            f[nf] = val + i;
            while (i < vn && !is_space(val[i]))
                i++;
            fl[nf] = (size_t)(val + i - f[nf]);
            nf++;
        }
        struct mark_pair mp = {0};
        if (nf < 2 || nf > 3 || !one_char(f[0], fl[0], &mp.open) || !one_char(f[1], fl[1], &mp.close))
            FAIL_AT(L, vcol, "a pair is OPEN CLOSE [apostrophe], each mark one character");
        if (nf == 3) {
            if (fl[2] != 10 || memcmp(f[2], "apostrophe", 10))
                FAIL_AT(L, vcol + (size_t)(f[2] - val), "unknown mark flag '%.*s'", (int)fl[2], f[2]);
            mp.apostrophe = true;
        }
        for (size_t k = 0; k < L->r->nmarks; k++)
            if (L->r->marks[k].open == mp.open)
                FAIL_AT(L, vcol, "opening mark U+%04X is paired twice", (unsigned)mp.open);
        if (!WS_GROW(L->r->marks, L->r->marks_cap, L->r->nmarks + 1))
            NOMEM(L);
        L->r->marks[L->r->nmarks++] = mp;
        return true;
    }
    if (KEY("pattern")) {
        if (s->pattern)
            FAIL_AT(L, 1, "pattern given twice");
        if (!vn)
            FAIL_AT(L, vcol, "empty pattern");
        s->pattern_line = L->line;
        s->pattern_col = vcol;
        if (s->kind == SEC_MACRO) {
            s->flat = expand(L, val, vn, vcol, NULL, false, true);
            s->pattern = s->flat ? expand(L, val, vn, vcol, &s->calls, false, false) : NULL;
            return s->pattern != NULL;
        }
        return expand_rule(L, val, vn, vcol, &s->pattern, &s->calls);
    }
    if (KEY("start") && s->kind == SEC_RULE)
        return word_key(L, "start", val, vn, vcol, &s->start, &s->start_line, &s->start_col);
    if (KEY("holds") && s->kind == SEC_RULE)
        return word_key(L, "holds", val, vn, vcol, &s->holds, &s->holds_line, &s->holds_col);
    if (KEY("prune") && s->kind == SEC_RULE)
        return word_key(L, "prune", val, vn, vcol, &s->prune, &s->prune_line, &s->prune_col);
    if (KEY("requires") && s->kind == SEC_RULE) {
        if (s->requires)
            FAIL_AT(L, 1, "requires given twice");
        if (!vn)
            FAIL_AT(L, vcol, "empty requires");
        s->req_lex = opening_lexicon(L->r, val, vn);
        s->requires_line = L->line;
        s->requires_col = vcol;
        return expand_rule(L, val, vn, vcol, &s->requires, &s->req_calls);
    }
    if (s->kind == SEC_MACRO)
        FAIL_AT(L, 1, "unknown key '%.*s' in a macro (only pattern)", (int)kn, key);
    char tmp[64];
    if (vn >= sizeof tmp)
        FAIL_AT(L, vcol, "value too long");
    memcpy(tmp, val, vn);
    tmp[vn] = '\0';
    if (KEY("anchor")) {
        static const char *const names[] = {"after", "before", "previous", "quote", "alias", "mention"};
        s->anchor = -1;
        for (int k = 0; k < ANCHOR_COUNT; k++)
            if (!strcmp(tmp, names[k]))
                s->anchor = k;
        if (s->anchor < 0)
            FAIL_AT(L, vcol, "unknown anchor '%s' (after, before, previous, quote, alias or mention)", tmp);
    } else if (KEY("confidence")) {
        char *end;
        s->confidence = strtod(tmp, &end);
        if (end == tmp || *end || !(s->confidence >= 0 && s->confidence <= 1))
            FAIL_AT(L, vcol, "confidence must be a number from 0 to 1");
    } else if (KEY("priority")) {
        char *end;
        long p = strtol(tmp, &end, 10);
        if (end == tmp || *end || p < -1000 || p > 1000)
            FAIL_AT(L, vcol, "priority must be an integer from -1000 to 1000");
        s->priority = (int)p;
    } else if (KEY("resolved")) {
        if (!strcmp(tmp, "yes"))
            s->resolved_only = true;
        else if (!strcmp(tmp, "no"))
            s->resolved_only = false;
        else
            FAIL_AT(L, vcol, "resolved must be yes or no");
    } else if (KEY("near")) {
        if (!count_value(tmp, &s->near))
            FAIL_AT(L, vcol, "near must be an integer from 1 to %u", RULE_COUNT_MAX);
        s->near_line = L->line;
        s->near_col = vcol;
    } else if (KEY("max_words")) {
        if (!count_value(tmp, &s->max_words))
            FAIL_AT(L, vcol, "max_words must be an integer from 1 to %u", RULE_COUNT_MAX);
    } else if (KEY("type")) {
        if (!strcmp(tmp, "direct"))
            s->type = WHOSAID_DIRECT;
        else if (!strcmp(tmp, "partial"))
            s->type = WHOSAID_PARTIAL;
        else if (!strcmp(tmp, "term"))
            s->type = WHOSAID_TERM;
        else
            FAIL_AT(L, vcol, "type must be direct, partial or term");
    } else {
        FAIL_AT(L, 1, "unknown key '%.*s'", (int)kn, key);
    }
    return true;
#undef KEY
}

static bool
ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

static bool
load_file(struct loader *L, const struct rule_source *src)
{
    bool is_lex = ends_with(src->name, ".lex");
    bool seen_format = false;
    struct lexicon lex = {0};
    struct section sec = {0};
    section_reset(&sec);
    bool ok = true;
    L->file = src->name;
    L->line = 0;

    if (memchr(src->data, '\0', src->len)) {
        const char *z = memchr(src->data, '\0', src->len);
        size_t line = 1;
        for (const char *p = src->data; p < z; p++)
            line += *p == '\n';
        L->line = line;
        ws_error_set(L->err, WHOSAID_ERR_RULES, L->file, line, 0, "a NUL byte in a rule file");
        return false;
    }
    size_t bad_at = utf8_first_invalid(src->data, src->len);
    if (bad_at < src->len) {
        size_t line = 1, col = 1;
        for (size_t i = 0; i < bad_at; i++) {
            col++;
            if (src->data[i] == '\n') {
                line++;
                col = 1;
            }
        }
        ws_error_set(L->err, WHOSAID_ERR_RULES, L->file, line, col, "invalid UTF-8");
        return false;
    }

    size_t pos = 0;
    while (ok && pos < src->len) {
        const char *line = src->data + pos;
        const char *nl = memchr(line, '\n', src->len - pos);
        size_t n = nl ? (size_t)(nl - line) : src->len - pos;
        pos += n + (nl ? 1 : 0);
        L->line++;
        if (n && line[n - 1] == '\r')
            n--;
        size_t ind = 0;
        while (ind < n && is_space(line[ind]))
            ind++;
        if (ind == n || line[ind] == '#')
            continue;
        if (!seen_format) {
            const char *t = line;
            size_t tn = n;
            trim(&t, &tn);
            if (tn != 9 || memcmp(t, "%format 1", 9)) {
                ws_error_set(L->err, WHOSAID_ERR_RULES, L->file, L->line, ind + 1,
                             "the first line must be '%%format 1'");
                ok = false;
                break;
            }
            seen_format = true;
            continue;
        }
        if (is_lex) {
            if (n - ind >= 6 && !memcmp(line + ind, "%name ", 6)) {
                const char *nm = line + ind + 6;
                size_t nn = n - ind - 6;
                trim(&nm, &nn);
                if (lex.name) {
                    ws_error_set(L->err, WHOSAID_ERR_RULES, L->file, L->line, ind + 1, "%%name given twice");
                    ok = false;
                } else if (!valid_macro_name(nm, nn)) {
                    ws_error_set(L->err, WHOSAID_ERR_RULES, L->file, L->line, ind + 7,
                                 "a lexicon name is upper-case letters, digits and _");
                    ok = false;
                } else if (!(lex.name = ws_strndup(nm, nn))) {
                    ws_error_set(L->err, WHOSAID_ERR_NOMEM, L->file, L->line, 0, "out of memory");
                    ok = false;
                }
                continue;
            }
            if (line[ind] == '%') {
                ws_error_set(L->err, WHOSAID_ERR_RULES, L->file, L->line, ind + 1,
                             "unknown directive '%.*s'", (int)(n - ind), line + ind);
                ok = false;
                break;
            }
            if (!lex.name) {
                ws_error_set(L->err, WHOSAID_ERR_RULES, L->file, L->line, 1,
                             "an entry before the lexicon's %%name");
                ok = false;
                break;
            }
            ok = lex_line(L, &lex, line, n);
            continue;
        }
        /* rule file */
        if (line[ind] == '[') {
            const char *close = memchr(line + ind, ']', n - ind);
            if (!close) {
                ws_error_set(L->err, WHOSAID_ERR_RULES, L->file, L->line, ind + 1, "unclosed [section]");
                ok = false;
                break;
            }
            ok = end_section(L, &sec);
            if (!ok)
                break;
            const char *h = line + ind + 1;
            size_t hn = (size_t)(close - h);
            trim(&h, &hn);
            sec.line = L->line;
            if (hn == 5 && !memcmp(h, "marks", 5)) {
                sec.kind = SEC_MARKS;
            } else if (hn > 6 && !memcmp(h, "macro ", 6)) {
                const char *nm = h + 6;
                size_t nn = hn - 6;
                trim(&nm, &nn);
                if (!valid_macro_name(nm, nn)) {
                    ws_error_set(L->err, WHOSAID_ERR_RULES, L->file, L->line, ind + 8,
                                 "a macro name is upper-case letters, digits and _");
                    ok = false;
                    break;
                }
                sec.kind = SEC_MACRO;
                sec.name = ws_strndup(nm, nn);
            } else if (hn > 5 && !memcmp(h, "rule ", 5)) {
                const char *nm = h + 5;
                size_t nn = hn - 5;
                trim(&nm, &nn);
                for (size_t k = 0; k < nn; k++)
                    if (!(isalnum((unsigned char)nm[k]) || nm[k] == '.' || nm[k] == '-' || nm[k] == '_')) {
                        ws_error_set(L->err, WHOSAID_ERR_RULES, L->file, L->line, ind + 7 + k,
                                     "a rule id is letters, digits, '.', '-' and '_'");
                        ok = false;
                        break;
                    }
                if (!ok)
                    break;
                sec.kind = SEC_RULE;
                sec.name = ws_strndup(nm, nn);
            } else {
                ws_error_set(L->err, WHOSAID_ERR_RULES, L->file, L->line, ind + 1,
                             "unknown section [%.*s] (marks, macro NAME or rule ID)", (int)hn, h);
                ok = false;
                break;
            }
            if (sec.kind != SEC_MARKS && !sec.name) {
                ws_error_set(L->err, WHOSAID_ERR_NOMEM, L->file, L->line, 0, "out of memory");
                ok = false;
            }
            continue;
        }
        const char *eq = memchr(line + ind, '=', n - ind);
        if (!eq) {
            ws_error_set(L->err, WHOSAID_ERR_RULES, L->file, L->line, ind + 1,
                         "expected 'key = value' or a [section]");
            ok = false;
            break;
        }
        const char *k = line + ind, *v = eq + 1;
        size_t kn = (size_t)(eq - k), vn = (size_t)(line + n - v);
        trim(&k, &kn);
        trim(&v, &vn);
        ok = rules_key(L, &sec, k, kn, v, vn, (size_t)(v - line) + 1);
    }
    if (ok && !seen_format) {
        ws_error_set(L->err, WHOSAID_ERR_RULES, L->file, L->line, 0, "no '%%format 1' line");
        ok = false;
    }
    if (ok && !is_lex)
        ok = end_section(L, &sec);
    section_reset(&sec);
    free(sec.name);
    if (ok && is_lex) {
        if (!lex.name) {
            ws_error_set(L->err, WHOSAID_ERR_RULES, L->file, L->line, 0, "a lexicon needs a %%name");
            ok = false;
        } else if (lex.nentries == 0) {
            ws_error_set(L->err, WHOSAID_ERR_RULES, L->file, L->line, 0, "lexicon %s is empty", lex.name);
            ok = false;
        }
        size_t dup_line = 0;
        const char *dup = ok ? lex_finish(&lex, &dup_line) : NULL;
        if (dup) {
            ws_error_set(L->err, WHOSAID_ERR_RULES, L->file, dup_line, 0,
                         "lexicon %s lists '%s' twice", lex.name, dup);
            ok = false;
        }
        /* its patterns wait for the first use (macro_ready()): an empty one stands in */
        if (ok)
            ok = add_macro(L, lex.name, strlen(lex.name), NULL, ws_strdup(""), NULL, 1);
        if (ok)
            L->macros[L->nmacros - 1].lex = L->r->nlexicons + 1;
        if (ok && !WS_GROW(L->r->lexicons, L->r->lexicons_cap, L->r->nlexicons + 1)) {
            ws_error_set(L->err, WHOSAID_ERR_NOMEM, L->file, 0, 0, "out of memory");
            ok = false;
        }
        if (ok) {
            L->r->lexicons[L->r->nlexicons++] = lex;
            memset(&lex, 0, sizeof lex);
        }
    }
    lex_free(&lex);
    return ok;
}

/* Orders rule indexes by priority, then file order (qsort_r: no globals). */
static int
cmp_rule_index(const void *a, const void *b, void *ctx)
{
    const whosaid_rules *r = ctx;
    const struct rule *x = &r->rules[*(const size_t *)a];
    const struct rule *y = &r->rules[*(const size_t *)b];
    if (x->priority != y->priority)
        return x->priority > y->priority ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

whosaid_rules *
rules_load_sources(const struct rule_source *src, size_t n, whosaid_error *err)
{
    return rules_load_sources_opts(src, n, 0, err);
}

whosaid_rules *
rules_load_sources_cache(const struct rule_source *src, size_t n, unsigned flags,
                         struct rules_cache *cache, whosaid_error *err)
{
    struct loader L = {0};
    L.err = err;
    L.cache = cache;
    /*
     * aligned as the type asks (refs has a cache line of its own), which
     * calloc() does not promise; a struct's size is a multiple of its
     * alignment, as aligned_alloc() wants
     */
    L.r = aligned_alloc(alignof(whosaid_rules), sizeof *L.r);
    if (L.r)
        memset(L.r, 0, sizeof *L.r);
    if (!L.r) {
        ws_error_set(err, WHOSAID_ERR_NOMEM, NULL, 0, 0, "out of memory");
        return NULL;
    }
    atomic_init(&L.r->refs, 1);
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++)
        ok = load_file(&L, &src[i]);
    whosaid_rules *r = L.r;
    if (ok && r->nmarks == 0) {
        ws_error_set(err, WHOSAID_ERR_RULES, n ? src[n - 1].name : NULL, 0, 0,
                     "the rule set defines no quotation marks ([marks])");
        ok = false;
    }
    if (ok) {
        /* the bytes a quotation mark can begin with, for the scanner */
        for (size_t k = 0; k < r->nmarks; k++) {
            char buf[4];
            utf8_encode(r->marks[k].open, buf);
            r->mark_lead[(unsigned char)buf[0]] = 1;
            utf8_encode(r->marks[k].close, buf);
            r->mark_lead[(unsigned char)buf[0]] = 1;
        }
        for (int c = 1; c < 0x80; c++)
            if (r->mark_lead[c] && r->nascii_leads++ < sizeof r->ascii_leads)
                r->ascii_leads[r->nascii_leads - 1] = (unsigned char)c;
        for (int c = 1; c < 0x100; c++)
            if (r->mark_lead[c] && r->nleads++ < sizeof r->leads)
                r->leads[r->nleads - 1] = (unsigned char)c;
        r->verbs = lexicon_named(r, "VERB");
        r->titles = lexicon_named(r, "TITLE");
        r->pronouns = lexicon_named(r, "PRONOUN");
        r->descriptors = lexicon_named(r, "DESCRIPTOR");
        r->organisations = lexicon_named(r, "ORGANISATION");
        r->articles = lexicon_named(r, "ARTICLE");
        r->particles = lexicon_named(r, "PARTICLE");
        r->title_links = lexicon_named(r, "TITLELINK");
        r->name_links = lexicon_named(r, "NAMELINK");
        r->name_suffixes = lexicon_named(r, "NAMESUFFIX");
        r->stopwords = lexicon_named(r, "STOPWORD");
        r->clause_openers = lexicon_named(r, "CLAUSEOPENER");
        r->departments = lexicon_named(r, "DEPARTMENT");
        r->place_links = lexicon_named(r, "PLACELINK");
        r->given_names = lexicon_named(r, "GIVENNAME");
        r->attr_tails = lexicon_named(r, "ATTRTAIL");
        r->auxiliaries = lexicon_named(r, "AUXWORD");
        r->firm_words = lexicon_named(r, "FIRMWORD");
        r->demonyms = lexicon_named(r, "DEMONYM");
        /* the start sets' guards, read once the lexicons stay where they are (NULL: every word) */
        for (size_t i = 0; i < r->nrules; i++) {
            struct start_set *st = r->rules[i].starts;
            if (st && st->guard && (st->memo = ws_malloc(sizeof *st->memo)) != NULL &&
                !lex_guard_read(r, st->guard, strlen(st->guard), st->memo)) {
                free(st->memo);
                st->memo = NULL;
            }
        }
        const struct lexicon *heads[] = {r->titles, r->descriptors, r->organisations};
        for (size_t h = 0; h < sizeof heads / sizeof *heads; h++)
            for (size_t w = 0; heads[h] && w < LEX_BLOOM_BITS / 64; w++)
                r->heads_bloom[w] |= heads[h]->first_bloom[w];
        for (int a = 0; ok && a < ANCHOR_COUNT; a++) {
            r->by_anchor[a] = ws_calloc(r->nrules, sizeof(size_t));
            if (!r->by_anchor[a]) {
                ws_error_set(err, WHOSAID_ERR_NOMEM, NULL, 0, 0, "out of memory");
                ok = false;
                break;
            }
            for (size_t i = 0; i < r->nrules; i++)
                if ((int)r->rules[i].anchor == a)
                    r->by_anchor[a][r->nby_anchor[a]++] = i;
            qsort_r(r->by_anchor[a], r->nby_anchor[a], sizeof(size_t), cmp_rule_index, r);
        }
        r->attr_order = ok ? ws_calloc(r->nrules, sizeof(size_t)) : NULL;
        if (ok && !r->attr_order) {
            ws_error_set(err, WHOSAID_ERR_NOMEM, NULL, 0, 0, "out of memory");
            ok = false;
        }
        for (size_t i = 0; ok && i < r->nrules; i++)
            if (r->rules[i].anchor <= ANCHOR_QUOTE)
                r->attr_order[r->nattr_order++] = i;
        if (ok) {
            qsort_r(r->attr_order, r->nattr_order, sizeof(size_t), cmp_rule_index, r);
        }
    }
    for (size_t i = 0; i < L.nmacros; i++) {
        free(L.macros[i].name);
        free(L.macros[i].pattern);
        free(L.macros[i].flat);
        free(L.macros[i].hint);
        free(L.macros[i].word);
        free(L.macros[i].deps);
    }
    free(L.macros);
    if (!ok) {
        whosaid_rules_free(r);
        return NULL;
    }
    if (cache) {
        r->npatterns = cache->calls;
        r->nprecompiled = cache->hits;
    }
    if (!(flags & WHOSAID_RULES_NO_JIT))
        (void)whosaid_rules_jit(r);
    if (err)
        err->code = WHOSAID_OK;
    return r;
}

whosaid_rules *
rules_load_sources_opts(const struct rule_source *src, size_t n, unsigned flags,
                        whosaid_error *err)
{
    struct rules_cache cache; /* empty when there is none: it counts the patterns then */
    size_t len = 0;
    const unsigned char *data = rules_cache_data(&len);
    (void)rules_cache_open(&cache, data, len);
    whosaid_rules *r = rules_load_sources_cache(src, n, flags, &cache, err);
    rules_cache_close(&cache);
    return r;
}

bool
rules_cache_build(const char *lang, unsigned char **out, size_t *outlen, whosaid_error *err)
{
    size_t n;
    const struct rule_source *src = rules_builtin_sources(lang, &n);
    if (!src) {
        ws_error_set(err, WHOSAID_ERR_ARG, NULL, 0, 0, "no built-in rules for language '%s'", lang);
        return false;
    }
    struct rules_cache cache = {.record = true};
    whosaid_rules *r = rules_load_sources_cache(src, n, WHOSAID_RULES_NO_JIT, &cache, err);
    bool ok = r && rules_cache_encode(&cache, out, outlen);
    if (r && !ok)
        ws_error_set(err, WHOSAID_ERR_NOMEM, NULL, 0, 0, "cannot serialize the patterns");
    whosaid_rules_free(r);
    rules_cache_close(&cache);
    return ok;
}

/* JIT-compiles @code unless it is; returns whether it runs JIT code. */
static bool
jit_one(pcre2_code *code, bool done)
{
    if (!done)
        (void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
    return done || rules_jitted(code);
}

/*
 * JIT is optional: a pattern PCRE2 cannot JIT-compile, or every pattern
 * when WHOSAID_NO_JIT=1 (for memcheck runs: valgrind cannot see that JIT
 * code reads only what it initialised), runs in PCRE2's interpreter.
 */
WHOSAID_EXPORT size_t
whosaid_rules_jit(whosaid_rules *r)
{
    return whosaid_rules_jit_opts(r, WHOSAID_JIT_ASCII);
}

/* JIT-compiles @code and, unless NULL, @ascii, its code for ASCII text (jit_one()). */
static void
jit_pair(pcre2_code *code, bool *jit, pcre2_code *ascii, bool *ascii_jit)
{
    *jit = jit_one(code, *jit);
    if (ascii)
        *ascii_jit = jit_one(ascii, *ascii_jit);
}

/*
 * The code without UCP of a pattern compiled from @src with @options
 * (struct rule's ascii_code), or NULL: none is made with WHOSAID_NO_ASCII
 * set, and one that fails to compile is none (the first code serves).
 */
static pcre2_code *
ascii_code(const char *src, uint32_t options)
{
    int ec;
    PCRE2_SIZE eoff;
    return src && !ws_env_flag("WHOSAID_NO_ASCII")
               ? pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED, options & ~PCRE2_UCP, &ec,
                               &eoff, NULL)
               : NULL;
}

/*
 * One share of whosaid_rules_jit_opts()'s work: a rule's patterns or a
 * requirement's, compiled for ASCII text (when asked) and JIT-compiled.
 * Shares touch only their own rule's or requirement's codes and flags,
 * so that threads can take them in any order.
 */
struct jit_share {
    struct rule *rule; /* or */
    struct requirement *req;
    size_t cost; /* the pattern's length: the larger first */
};

struct jit_work {
    struct jit_share *share;
    size_t n;
    atomic_size_t next;
    bool ascii, off;
};

static void
jit_share_run(const struct jit_work *w, const struct jit_share *sh)
{
    if (sh->rule) {
        struct rule *u = sh->rule;
        if (w->ascii && !u->ascii_code && !u->ascii_tried) {
            u->ascii_code = ascii_code(u->source, u->options);
            u->ascii_tried = true;
        }
        if (!w->off)
            jit_pair(u->code, &u->jit, w->ascii ? u->ascii_code : NULL, &u->ascii_jit);
        return;
    }
    struct requirement *q = sh->req;
    if (w->ascii && !q->ascii_tried) {
        q->ascii_tried = true;
        q->ascii = ascii_code(q->full, PCRE2_UTF);
        q->ascii_anchored = q->anchored ? ascii_code(q->anchored_full ? q->anchored_full : q->full,
                                                     PCRE2_UTF | PCRE2_ANCHORED)
                                        : NULL;
    }
    if (!w->off)
        jit_pair(q->code, &q->jit, w->ascii ? q->ascii : NULL, &q->ascii_jit);
    if (!w->off && q->anchored)
        jit_pair(q->anchored, &q->anchored_jit, w->ascii ? q->ascii_anchored : NULL,
                 &q->ascii_anchored_jit);
}

/* A thread's loop: the next share not taken, until none is left. */
static void *
jit_worker(void *arg)
{
    struct jit_work *w = arg;
    for (size_t i; (i = atomic_fetch_add_explicit(&w->next, 1, memory_order_relaxed)) < w->n;)
        jit_share_run(w, &w->share[i]);
    return NULL;
}

static int
cmp_share_cost(const void *a, const void *b)
{
    size_t x = ((const struct jit_share *)a)->cost, y = ((const struct jit_share *)b)->cost;
    return x < y ? 1 : x > y ? -1 : 0;
}

WHOSAID_EXPORT size_t
whosaid_rules_jit_opts(whosaid_rules *r, unsigned flags)
{
    if (!r)
        return 0;
    struct jit_work w = {.ascii = flags & WHOSAID_JIT_ASCII, .off = ws_env_flag("WHOSAID_NO_JIT")};
    /* the codes for ASCII text, made here (not at loading: they cost start-up time) */
    if (w.ascii)
        r->ascii_codes = true;
    atomic_init(&w.next, 0);
    size_t cap = r->nrules + r->nreqs;
    w.share = cap ? ws_malloc(cap * sizeof *w.share) : NULL;
    if (w.share) {
        for (size_t i = 0; i < r->nrules; i++)
            w.share[w.n++] = (struct jit_share){
                .rule = &r->rules[i], .cost = r->rules[i].source ? strlen(r->rules[i].source) : 0};
        for (size_t i = 0; i < r->nreqs; i++)
            w.share[w.n++] =
                (struct jit_share){.req = &r->reqs[i],
                                   .cost = (r->reqs[i].full ? strlen(r->reqs[i].full) : 0) *
                                           (r->reqs[i].anchored ? 2 : 1)};
        /* the longest first, so that no thread is left with a long one at the end */
        qsort(w.share, w.n, sizeof *w.share, cmp_share_cost);
        unsigned threads = WHOSAID_JIT_THREADS_OF(flags);
        if (threads > WHOSAID_JIT_THREADS_MAX)
            threads = WHOSAID_JIT_THREADS_MAX; /* flags made without the macro */
        pthread_t tid[WHOSAID_JIT_THREADS_MAX];
        size_t started = 0;
        for (; threads > 1 && started + 1 < threads && started + 1 < w.n; started++)
            if (pthread_create(&tid[started], NULL, jit_worker, &w) != 0)
                break; /* fewer threads: this one takes the rest */
        jit_worker(&w);
        for (size_t t = 0; t < started; t++)
            pthread_join(tid[t], NULL);
        r->jit_threads = (unsigned)started + 1;
        free(w.share);
    } else { /* out of memory: one share at a time, in this thread */
        r->jit_threads = 1;
        for (size_t i = 0; i < cap; i++) {
            struct jit_share one = i < r->nrules
                                       ? (struct jit_share){.rule = &r->rules[i]}
                                       : (struct jit_share){.req = &r->reqs[i - r->nrules]};
            jit_share_run(&w, &one);
        }
    }
    size_t n = 0; /* the codes for ASCII texts too, but each pattern counted once */
    for (size_t i = 0; i < r->nrules; i++)
        n += r->rules[i].jit;
    for (size_t i = 0; i < r->nreqs; i++)
        n += r->reqs[i].jit + r->reqs[i].anchored_jit;
    return n;
}

WHOSAID_EXPORT void
whosaid_rules_free(whosaid_rules *r)
{
    /* the last reference frees: documents made with the rules may outlive the caller's */
    if (!r || atomic_fetch_sub_explicit(&r->refs, 1, memory_order_acq_rel) > 1)
        return;
    for (size_t i = 0; i < r->nrules; i++) {
        free(r->rules[i].id);
        free(r->rules[i].source);
        if (r->rules[i].starts) {
            free(r->rules[i].starts->guard);
            free(r->rules[i].starts->memo);
        }
        free(r->rules[i].starts);
        pcre2_code_free(r->rules[i].code);
        pcre2_code_free(r->rules[i].ascii_code);
    }
    for (size_t i = 0; i < r->nlexicons; i++)
        lex_free(&r->lexicons[i]);
    for (int a = 0; a < ANCHOR_COUNT; a++)
        free(r->by_anchor[a]);
    free(r->attr_order);
    for (size_t i = 0; i < r->nreqs; i++) {
        free(r->reqs[i].source);
        pcre2_code_free(r->reqs[i].code);
        pcre2_code_free(r->reqs[i].anchored);
        pcre2_code_free(r->reqs[i].ascii);
        pcre2_code_free(r->reqs[i].ascii_anchored);
        free(r->reqs[i].full);
        free(r->reqs[i].anchored_full);
    }
    free(r->reqs);
    free(r->rules);
    free(r->lexicons);
    free(r->marks);
    free(r);
}

WHOSAID_EXPORT size_t
whosaid_rules_precompiled(const whosaid_rules *r, size_t *total)
{
    if (total)
        *total = r ? r->npatterns : 0;
    return r ? r->nprecompiled : 0;
}

WHOSAID_EXPORT size_t
whosaid_rules_count(const whosaid_rules *r)
{
    return r ? r->nrules : 0;
}

WHOSAID_EXPORT const char *
whosaid_rules_id(const whosaid_rules *r, size_t i)
{
    return r && i < r->nrules ? r->rules[i].id : NULL;
}

/* Are @flags all WHOSAID_RULES_* ones? Sets @err when not (room for new ones). */
static bool
known_flags(unsigned flags, whosaid_error *err)
{
    if (flags & ~WHOSAID_RULES_NO_JIT) {
        ws_error_set(err, WHOSAID_ERR_ARG, NULL, 0, 0, "unknown flags 0x%x", flags);
        return false;
    }
    return true;
}

WHOSAID_EXPORT whosaid_rules *
whosaid_rules_builtin(const char *lang, whosaid_error *err)
{
    return whosaid_rules_builtin_opts(lang, 0, err);
}

WHOSAID_EXPORT whosaid_rules *
whosaid_rules_builtin_opts(const char *lang, unsigned flags, whosaid_error *err)
{
    if (!known_flags(flags, err))
        return NULL;
    size_t n;
    const struct rule_source *src = rules_builtin_sources(lang ? lang : "en", &n);
    if (!src) {
        ws_error_set(err, WHOSAID_ERR_ARG, NULL, 0, 0, "no built-in rules for language '%s'",
                     lang ? lang : "en");
        return NULL;
    }
    return rules_load_sources_opts(src, n, flags, err);
}

static int
cmp_versionsort(const void *a, const void *b)
{
    return strverscmp(*(const char *const *)a, *(const char *const *)b);
}

WHOSAID_EXPORT whosaid_rules *
whosaid_rules_load_dir(const char *dir, whosaid_error *err)
{
    return whosaid_rules_load_dir_opts(dir, 0, err);
}

WHOSAID_EXPORT whosaid_rules *
whosaid_rules_load_dir_opts(const char *dir, unsigned flags, whosaid_error *err)
{
    if (!known_flags(flags, err))
        return NULL;
    if (!dir) {
        ws_error_set(err, WHOSAID_ERR_ARG, NULL, 0, 0, "no rule directory given");
        return NULL;
    }
    DIR *d = opendir(dir);
    if (!d) {
        ws_error_set(err, WHOSAID_ERR_IO, dir, 0, 0, "cannot open rule directory: %s", strerror(errno));
        return NULL;
    }
    char **names = NULL;
    size_t nnames = 0, cap = 0;
    struct rule_source *src = NULL;
    whosaid_rules *r = NULL;
    bool ok = true;
    struct dirent *de;
    while (ok && (de = readdir(d))) {
        if (de->d_name[0] == '.' || !(ends_with(de->d_name, ".lex") || ends_with(de->d_name, ".rules")))
            continue;
        if (!WS_GROW(names, cap, nnames + 1) || !(names[nnames] = ws_strdup(de->d_name)))
            ok = false;
        else
            nnames++;
    }
    closedir(d);
    if (!ok) {
        ws_error_set(err, WHOSAID_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    if (!nnames) {
        ws_error_set(err, WHOSAID_ERR_RULES, dir, 0, 0, "no .lex or .rules files in the directory");
        goto done;
    }
    qsort(names, nnames, sizeof *names, cmp_versionsort);
    src = ws_calloc(nnames, sizeof *src);
    if (!src) {
        ws_error_set(err, WHOSAID_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < nnames; i++) {
        size_t plen = strlen(dir) + strlen(names[i]) + 2;
        char *path = ws_malloc(plen);
        if (!path) {
            ws_error_set(err, WHOSAID_ERR_NOMEM, NULL, 0, 0, "out of memory");
            goto done;
        }
        snprintf(path, plen, "%s/%s", dir, names[i]);
        src[i].name = path;
        FILE *f = fopen(path, "rb");
        struct ws_buf b = {0};
        if (!f) {
            ws_error_set(err, WHOSAID_ERR_IO, path, 0, 0, "cannot open: %s", strerror(errno));
            goto done;
        }
        char chunk[65536];
        size_t got;
        while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
            if (!ws_buf_put(&b, chunk, got)) {
                fclose(f);
                ws_buf_free(&b);
                ws_error_set(err, WHOSAID_ERR_NOMEM, NULL, 0, 0, "out of memory");
                goto done;
            }
        bool rerr = ferror(f);
        fclose(f);
        if (rerr) {
            ws_buf_free(&b);
            ws_error_set(err, WHOSAID_ERR_IO, path, 0, 0, "cannot read the file");
            goto done;
        }
        src[i].data = b.data ? b.data : ws_strdup("");
        src[i].len = b.len;
    }
    r = rules_load_sources_opts(src, nnames, flags, err);
done:
    for (size_t i = 0; i < nnames; i++) {
        free(names[i]);
        if (src) {
            free((char *)src[i].name);
            free((char *)src[i].data);
        }
    }
    free(names);
    free(src);
    return r;
}
