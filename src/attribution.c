/*
 * attribution.c - applies the attribution rules around each quote, carries
 * attributions over to split, same-sentence and continued quotes, and
 * decides each quote's type.
 *
 * Rule matching only finds *mentions* (a name, a title phrase, a pronoun, a
 * descriptor, an organisation); resolver.c turns them into canonical
 * speakers once the whole document has been read.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "whosaid-private.h"
#include "attribution.h"

/* Engine rule ids for attributions carried over from another quote. */
const char ATTR_SPLIT[] = "engine.split";
const char ATTR_SENTENCE[] = "engine.same-sentence";
const char ATTR_CONTINUED[] = "engine.continuation";
const char ATTR_PARAGRAPH[] = "engine.same-paragraph";
const char ATTR_NEXT_PARAGRAPH[] = "engine.next-paragraph";

static bool
is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Runs one rule at [start, end) of the text; anchored at @start for
 * "after" rules. Returns 1 on a match (ovector in ex->md), 0 on none, and
 * counts limit hits as warnings on @doc.
 */
int
attr_match(whosaid_extractor *ex, struct whosaid_doc *doc, const struct rule *r,
           size_t start, size_t end, bool anchored)
{
    /* a rule always tried in place is compiled anchored: no flag, so the JIT is kept */
    bool flag = anchored && !r->anchored_code;
    uint64_t t0 = ex->stats ? ws_now_ns() : 0;
    /* on a text all ASCII, the code without UCP: the same matches, sooner (never interpreted for JIT code) */
    bool ascii = r->ascii_code && (r->ascii_jit || !r->jit) && ws_ascii_span(ex, start, end);
    pcre2_code *code = ascii ? r->ascii_code : r->code;
    struct end_memo *M = r->end_memo ? ex->callout.memo : NULL;
    if (M)
        end_memo_begin(M, (uint32_t)(r - ex->rules->rules));
    /* the JIT's own entry skips pcre2_match()'s checks: the text is valid UTF-8 */
    int rc = (ascii ? r->ascii_jit : r->jit) && !flag
                 ? pcre2_jit_match(code, (PCRE2_SPTR)doc->text, end, start, 0, ex->md, ex->mctx)
                 : pcre2_match(code, (PCRE2_SPTR)doc->text, end, start,
                               PCRE2_NO_UTF_CHECK | (flag ? PCRE2_ANCHORED : 0), ex->md,
                               ex->mctx);
    if (M)
        end_memo_end(M, rc);
    if (ex->stats)
        ws_stat_add(&ex->stats[r - ex->rules->rules], t0, rc > 0);
    if (rc > 0)
        return 1;
    if (rc != PCRE2_ERROR_NOMATCH)
        doc_warn(doc, r->id, rc);
    return 0;
}

/* Runs requirement @q over [@start, @end), anchored at @start or not. */
static int
req_match(whosaid_extractor *ex, const struct whosaid_doc *doc, const struct requirement *q,
          size_t start, size_t end, bool anchored)
{
    pcre2_code *code = anchored ? q->anchored : q->code;
    bool jit = anchored ? q->anchored_jit : q->jit;
    pcre2_code *ascii = anchored ? q->ascii_anchored : q->ascii;
    bool ascii_jit = anchored ? q->ascii_anchored_jit : q->ascii_jit;
    if (ascii && (ascii_jit || !jit) && ws_ascii_span(ex, start, end)) { /* as in attr_match() */
        code = ascii;
        jit = ascii_jit;
    }
    return jit ? pcre2_jit_match(code, (PCRE2_SPTR)doc->text, end, start, 0, ex->md, ex->mctx)
               : pcre2_match(code, (PCRE2_SPTR)doc->text, end, start, PCRE2_NO_UTF_CHECK, ex->md,
                             ex->mctx);
}

/* req_match(), and where it matched in *@at (also on 0: too many groups for the match data). */
static int
req_match_at(whosaid_extractor *ex, const struct whosaid_doc *doc, const struct requirement *q,
             size_t start, size_t end, bool anchored, size_t *at)
{
    int rc = req_match(ex, doc, q, start, end, anchored);
    if (rc >= 0)
        *at = pcre2_get_ovector_pointer(ex->md)[0];
    return rc;
}

/*
 * Runs requirement @q, which opens with a form of @lex as a whole word
 * (struct requirement's start_lex), over [@start, @end): anchored at each
 * word that may open a form, the few words a window holds, instead of
 * letting PCRE2 try the lexicon's look-ups at every word. The words come
 * from the paragraph that holds @start, read once for all its quotes. A
 * word that cannot be judged leaves the rest to one unanchored run from
 * it: a word with letters outside ASCII (PCRE2's caseless matching goes
 * beyond ASCII), one that the window cuts at its end (PCRE2 sees \b at
 * the subject's end, so "state|ment" holds "state"), one begun before
 * @start, or no words at all (@start not within one paragraph with
 * @end, or out of memory). Where the lexicon is matched by callout
 * (lex_words), lex_form_at() finds the forms that open at the word, and
 * PCRE2 runs only what follows them in the requirement, from the end of
 * each; or nothing, when nothing follows (lex_only): a form found is the
 * match. Returns what pcre2_match() returns, and where the match begins in
 * *@at.
 */
static int
lead_match(whosaid_extractor *ex, const struct whosaid_doc *doc, const struct requirement *q,
           const struct lexicon *lex, size_t start, size_t end, size_t *at)
{
    const struct seg_result *seg = &doc->seg;
    size_t p = seg_paragraph_at(seg, start);
    if (!(q->anchored || q->lex_only) || !seg->nparas || seg->paras[p].start > start ||
        seg->paras[p].end < end || !lex_read_words(&ex->words, doc->text, seg, p))
        return req_match_at(ex, doc, q, start, end, false, at);
    const struct lex_words *W = &ex->words;
    for (size_t k = lex_words_from(W->w, W->n, start); k < W->n && W->w[k].s < end; k++) {
        const struct lex_word *w = &W->w[k];
        if (w->wide || w->e > end || w->s < start)
            return req_match_at(ex, doc, q, w->s > start ? w->s : start, end, false, at);
        if (!lex_has_lead(lex, doc->text + w->s, w->e - w->s, w->h))
            continue;
        if (!q->lex_words) {
            int rc = req_match_at(ex, doc, q, w->s, end, true, at);
            if (rc != PCRE2_ERROR_NOMATCH)
                return rc;
            continue;
        }
        size_t ends[LEX_WORDS_MAX];
        int forms = lex_form_at(lex, W->w, W->n, k, doc->text, end, ends);
        if (forms < 0)
            return req_match_at(ex, doc, q, w->s, end, false, at);
        for (int f = forms - 1; f >= 0; f--) { /* the longest first, as the pattern tries them */
            int rc = q->lex_only ? 1 : req_match(ex, doc, q, ends[f], end, true);
            if (rc >= 0)
                *at = w->s;
            if (rc != PCRE2_ERROR_NOMATCH)
                return rc;
        }
    }
    return PCRE2_ERROR_NOMATCH;
}

/*
 * Runs rule @r's requirement over [@start, @end): what pcre2_match()
 * returns (1 for a match lead_match() found without it), and where the
 * match begins in *@at; counted in the profile.
 */
static int
required_run(whosaid_extractor *ex, struct whosaid_doc *doc, const struct rule *r, size_t start,
             size_t end, size_t *at)
{
    uint64_t t0 = ex->stats ? ws_now_ns() : 0;
    const struct requirement *q = &ex->rules->reqs[r->req - 1];
    int rc = start >= end ? PCRE2_ERROR_NOMATCH
             : q->start_lex
                 ? lead_match(ex, doc, q, &ex->rules->lexicons[q->start_lex - 1], start, end, at)
                 : req_match_at(ex, doc, q, start, end, false, at);
    if (ex->stats)
        ws_stat_add(&ex->stats[ex->rules->nrules + r->req - 1], t0, rc >= 0);
    return rc;
}

bool
attr_required(whosaid_extractor *ex, struct whosaid_doc *doc, const struct rule *r,
              size_t start, size_t end, signed char *memo)
{
    if (!r->req)
        return true;
    if (memo && memo[r->req - 1])
        return memo[r->req - 1] > 0;
    size_t at;
    int rc = required_run(ex, doc, r, start, end, &at);
    /* a limit hit is no verdict: the rule itself runs and reports it */
    bool met = rc > 0 || rc != PCRE2_ERROR_NOMATCH;
    if (memo)
        memo[r->req - 1] = met ? 1 : -1;
    return met;
}

int
attr_required_at(whosaid_extractor *ex, struct whosaid_doc *doc, const struct rule *r,
                 size_t start, size_t end, size_t *at)
{
    if (!r->req)
        return -1;
    size_t pos = start;
    int rc = required_run(ex, doc, r, start, end, &pos);
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    if (rc < 0)
        return -1;
    *at = pos < start ? start : pos;
    return 1;
}

size_t
attr_words_back(const char *t, size_t from, size_t c, unsigned n)
{
    size_t i = c;
    for (unsigned words = 0; i > from;) {
        size_t e = i;
        while (i > from && !is_ws(t[i - 1]))
            i--;
        if (i < e && ++words >= n)
            break;
        while (i > from && is_ws(t[i - 1]))
            i--;
    }
    return i;
}

static void
take(const PCRE2_SIZE *ov, uint32_t cap, size_t *s, size_t *e)
{
    if (cap && ov[2 * cap] != PCRE2_UNSET) {
        *s = ov[2 * cap];
        *e = ov[2 * cap + 1];
    } else {
        *s = *e = WHOSAID_NOSPAN;
    }
}

/*
 * The most text, in bytes, a rule looks at on either side of a quote: a
 * sentence of news is far shorter, and a document without full stops (a
 * 100 MB line) must not make every quote's search run to its start. The
 * before rules end at the quote and are tried from every word of this
 * window: 1200 bytes made a line of thousands of quotes twice as slow as
 * 600, and changed no record of the BBC, PolNeAR or diplomatic corpora.
 */
#define CONTEXT_MAX 600

/* Moves @pos forward to the start of a code point. */
static size_t
cp_boundary(const char *t, size_t pos, size_t end)
{
    while (pos < end && ((unsigned char)t[pos] & 0xC0) == 0x80)
        pos++;
    return pos;
}

/* The end of the "after" subject of a quote that closes at @pos. */
static size_t
after_end(const struct seg_result *seg, const char *t, size_t pos, size_t para)
{
    size_t pend = seg->paras[para].end;
    size_t i = pos;
    while (i < pend && is_ws(t[i]))
        i++;
    if (i >= pend)
        return pend;
    size_t s = seg_sentence_at(seg, i);
    size_t end = seg->sents[s].end;
    if (end <= i && s + 1 < seg->para_first_sent[para + 1])
        end = seg->sents[s + 1].end;
    /*
     * When the quote ends its sentence ("... now?” he asked." - ICU breaks
     * after "?”" even before a lower-case word), the sentence after it is
     * the subject: that is where its attribution stands.
     */
    if (end > pend)
        end = pend;
    if (end - pos > CONTEXT_MAX) { /* end on a code point's start */
        end = pos + CONTEXT_MAX;
        while (end > pos && ((unsigned char)t[end] & 0xC0) == 0x80)
            end--;
    }
    return end;
}

/* Is byte @pos inside one of the quotes (sorted by position)? */
bool
attr_inside_quote(const struct quote_list *ql, size_t pos)
{
    size_t lo = 0, hi = ql->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ql->q[mid].open <= pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && pos < ql->q[lo - 1].close;
}

/* Is @c a small letter ("the", "été")? */
static bool
small_letter(uint32_t c)
{
    return c < 0x80 ? c >= 'a' && c <= 'z' : u_islower((UChar32)c);
}

/* Do the words [@s, @e) open with a form of @lex and go on ("The Lord Chancellor")? */
static bool
opens_with(const struct lexicon *lex, const char *t, size_t s, size_t e)
{
    size_t w = s;
    while (w < e && !is_ws(t[w]))
        w++;
    return lex && w < e && lex_lookup(lex, t + s, w - s) != NULL;
}

/*
 * Does [@s, @e) hold a word that opens with a small letter ("the party’s
 * chairman") or a possessive ("Authenti-corp's CEO"), or open with an
 * ARTICLE word before others ("The Lord Chancellor")?
 */
static bool
has_small_word(const whosaid_rules *R, const char *t, size_t s, size_t e)
{
    if (opens_with(R->articles, t, s, e))
        return true;
    for (size_t i = s; i < e; i++) {
        if ((t[i] == '\'' || !strncmp(t + i, "\xE2\x80\x99", 3)) && i + 4 <= e &&
            t[i + (t[i] == '\'' ? 1 : 3)] == 's')
            return true;
        if (i > s && !is_ws(t[i - 1]))
            continue;
        size_t j = i;
        if (small_letter(utf8_next(t, e, &j)))
            return true;
    }
    return false;
}

/*
 * Do the words [@s, @e) end in a place: a PLACELINK word and one
 * capitalised word ("a farmer from Sumter")? What a comma sets off after
 * it is the rest of the place ("Sumter, South Carolina,").
 */
static bool
after_place(const whosaid_rules *R, const char *t, size_t s, size_t e)
{
    size_t w = e;
    while (w > s && !is_ws(t[w - 1]))
        w--;
    if (!R->place_links || w <= s || t[w] < 'A' || t[w] > 'Z')
        return false;
    size_t pe = w;
    while (pe > s && is_ws(t[pe - 1]))
        pe--;
    size_t ps = pe;
    while (ps > s && !is_ws(t[ps - 1]))
        ps--;
    return pe > ps && lex_lookup(R->place_links, t + ps, pe - ps) != NULL;
}

static size_t count_words(const char *t, size_t s, size_t e, size_t most);

/* Words after an attribution's verb that may end its sentence: "said in a statement". */
#define ATTR_ALONE_WORDS 3

/*
 * Is the sentence after a quote, which an after rule matched over [@s,
 * @e) with its speaker or cue at @first, an attribution alone: the
 * speaker or the cue its first word, and nothing after the match but the
 * sentence's end or a few words that an ATTRTAIL word opens ("told
 * reporters", "said in a statement") or that name someone ("told the
 * BBC", "told Reuters")? Not a report of its own ("Ian
 * McCafferty said the MPC faced a challenge", "Allardyce hopes the move
 * works"), nor an introduction to the next quote ("Nigel Worthington
 * added: “...”").
 */
static bool
attribution_alone(const whosaid_rules *R, const struct seg_result *seg, const char *t, size_t s,
                  size_t first, size_t e)
{
    if (first == WHOSAID_NOSPAN || count_words(t, s, first, 1) > 0)
        return false;
    size_t se = seg->sents[seg_sentence_at(seg, e > 0 ? e - 1 : e)].end;
    size_t words = se > e ? count_words(t, e, se, ATTR_ALONE_WORDS + 1) : 0;
    if (words == 0)
        return true;
    if (words > ATTR_ALONE_WORDS || !R->attr_tails)
        return false;
    /* an ATTRTAIL word first, or names alone, an article before them ("told the BBC") */
    bool names = true;
    for (size_t w = e, k = 0; w < se; k++) {
        while (w < se && !ws_isalnum((unsigned char)t[w]))
            w++;
        size_t we = w;
        while (we < se && ws_isalnum((unsigned char)t[we]))
            we++;
        if (we == w)
            break;
        if (k == 0 && lex_lookup(R->attr_tails, t + w, we - w))
            return true;
        if (!(t[w] >= 'A' && t[w] <= 'Z') &&
            !(k == 0 && R->articles && lex_lookup(R->articles, t + w, we - w)))
            names = false;
        w = we;
    }
    return names;
}

/*
 * Tries before rule @r (compiled anchored) at @x: 1 when it matches there
 * with its speaker outside every quote, 0 when not, -1 when the run hit a
 * limit (@doc has more warnings than @warned): the search stops, as
 * PCRE2's own would.
 */
static int
match_start_at(whosaid_extractor *ex, struct whosaid_doc *doc, const struct quote_list *ql,
               const struct rule *r, size_t x, size_t end, size_t warned)
{
    if (attr_match(ex, doc, r, x, end, true)) {
        const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(ex->md);
        size_t sp = ov[2 * r->cap_speaker] != PCRE2_UNSET ? ov[2 * r->cap_speaker] : ov[0];
        return !attr_inside_quote(ql, sp);
    }
    return doc->warnings != warned ? -1 : 0;
}

/*
 * Tries before rule @r at each place of [@from, @to) where a character
 * begins after one outside ASCII: inside a word with a letter outside
 * ASCII, PCRE2 may see a word's start that ICU's letters hide (the two
 * may date their Unicode tables differently). As match_start_at().
 */
static int
match_inside_word(whosaid_extractor *ex, struct whosaid_doc *doc, const struct quote_list *ql,
                  const struct rule *r, size_t from, size_t to, size_t end, size_t warned)
{
    const unsigned char *u = (const unsigned char *)doc->text;
    for (size_t x = from; x < to; x++) {
        if ((u[x] & 0xC0) == 0x80 || x == 0 || u[x - 1] < 0x80)
            continue;
        int rc = match_start_at(ex, doc, ql, r, x, end, warned);
        if (rc)
            return rc;
    }
    return 0;
}

/* Words of a window that a start set can take at once: a window of 600 bytes holds fewer. */
#define START_WORDS 320

/*
 * match_outside_quotes() for a before rule with a start set (struct
 * start_set): the rule, compiled anchored, tried at each word of [@start,
 * @end) where a match may begin, in order; the first match it finds is
 * the one PCRE2's search would. Where the paragraph's words do not cover
 * the window, at each place where a word may begin.
 */
static int
match_at_starts(whosaid_extractor *ex, struct whosaid_doc *doc, const struct quote_list *ql,
                const struct rule *r, size_t start, size_t end)
{
    const struct start_set *st = r->starts;
    const whosaid_rules *R = ex->rules;
    const char *t = doc->text;
    const unsigned char *u = (const unsigned char *)t;
    size_t warned = doc->warnings, nw = 0, k0 = 0, k1 = 0;
    const struct lex_word *w = lex_ahead_words(&ex->words, t, start, &nw);
    const struct lex_word *cut = NULL; /* the word the window's start cuts */
    if (w) {
        k0 = lex_words_from(w, nw, start);
        while (k0 < nw && w[k0].s < start)
            cut = &w[k0++];
        for (k1 = k0; k1 < nw && w[k1].s < end;)
            k1++;
    }
    if (!w || end > ex->words.to || k1 - k0 > START_WORDS || (st->guard && !st->memo)) {
        /* every place where a word may begin: after a byte that is no ASCII letter or digit */
        for (size_t x = start; x < end; x++) {
            if (u[x] < 0x80 ? !ws_isalnum(u[x]) : (u[x] & 0xC0) == 0x80)
                continue;
            if (x > 0 && u[x - 1] < 0x80 && ws_isalnum(u[x - 1]))
                continue;
            int rc = match_start_at(ex, doc, ql, r, x, end, warned);
            if (rc)
                return rc > 0;
        }
        return 0;
    }
    if (st->holds) { /* no match begins after the last word that may lead a form it holds */
        const struct lexicon *lex = &R->lexicons[st->holds - 1];
        while (k1 > k0 && !w[k1 - 1].wide && w[k1 - 1].e <= end && /* one the end cuts may */
               !lex_has_lead(lex, t + w[k1 - 1].s, w[k1 - 1].e - w[k1 - 1].s, w[k1 - 1].h))
            k1--;
    }
    /* no match begins inside an ASCII word; one outside ASCII is PCRE2's to judge */
    int rc = cut && cut->wide ? match_inside_word(ex, doc, ql, r, start, cut->e, end, warned) : 0;
    if (rc)
        return rc > 0;
    /* the guard's verdicts, from the first word that needs one on: most matches begin at a name */
    bool pass[START_WORDS];
    size_t swept = k1;
    for (size_t k = k0; k < k1; k++) {
        const struct lex_word *x = &w[k];
        /* a word the end cuts: the pattern sees a shorter one */
        bool may = x->wide || x->e > end || (st->capital && u[x->s] >= 'A' && u[x->s] <= 'Z');
        for (size_t i = 0; i < st->nlex && !may; i++)
            may = lex_has_lead(&R->lexicons[st->lex[i]], t + x->s, x->e - x->s, x->h);
        if (!may && st->guard) {
            if (swept == k1) {
                lex_ahead_sweep(&ex->words, st->memo, t, w, nw, k, k1, end, pass + (k - k0));
                swept = k;
            }
            may = pass[k - k0];
            if (may) /* the pattern's own guard asks here first: it finds the verdict */
                lex_guard_note(&ex->callout, st->guard, x->s, end, true);
        }
        if (may && (rc = match_start_at(ex, doc, ql, r, x->s, end, warned)) != 0)
            return rc > 0;
        if (x->wide && (rc = match_inside_word(ex, doc, ql, r, x->s + 1, x->e < end ? x->e : end,
                                               end, warned)) != 0)
            return rc > 0;
    }
    return 0;
}

/*
 * Runs an unanchored rule over [start, end) and takes the first match whose
 * speaker stands outside every quote: in “Trump says he’s with the working
 * class,” Trumka said, “but ...”, the second quote is Trumka's. A rule
 * anchored with \G at the subject's start is not moved; one with a start
 * set is tried at its words (match_at_starts()).
 */
static int
match_outside_quotes(whosaid_extractor *ex, struct whosaid_doc *doc,
                     const struct quote_list *ql, const struct rule *r, size_t start, size_t end)
{
    if (r->starts)
        return match_at_starts(ex, doc, ql, r, start, end);
    bool anchored = r->anchor == ANCHOR_BEFORE ? !strncmp(r->source, "(?:\\G", 5)
                                               : !strncmp(r->source, "\\G", 2);
    size_t at = start;
    while (at < end && attr_match(ex, doc, r, at, end, false)) {
        const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(ex->md);
        size_t sp = r->cap_speaker && ov[2 * r->cap_speaker] != PCRE2_UNSET ? ov[2 * r->cap_speaker]
                                                                             : ov[0];
        if (!attr_inside_quote(ql, sp))
            return 1;
        if (anchored)
            return 0;
        at = ov[0] + 1;
        while (at < end && ((unsigned char)doc->text[at] & 0xC0) == 0x80)
            at++;
    }
    return 0;
}

/*
 * Tries every attribution rule, by priority, around quote @q. Fills @a
 * and returns true on a match.
 */
static bool
attribute_one(whosaid_extractor *ex, struct whosaid_doc *doc, const struct quote_list *ql,
              const struct raw_quote *q, struct attr *a, bool voiced)
{
    const whosaid_rules *R = ex->rules;
    const struct seg_result *seg = &doc->seg;
    const char *t = doc->text;
    size_t ps = seg->paras[q->paragraph].start;
    /* the paragraph's words, for the rules' lexicon guards (out of memory: none, they pass) */
    (void)lex_read_words(&ex->words, t, seg, q->paragraph);

    size_t a_start = q->close + q->close_len;
    size_t a_end = q->close_len ? after_end(seg, t, a_start, q->paragraph) : a_start;
    size_t so = seg_sentence_at(seg, q->open);
    size_t b_start = seg->sents[so].start;
    if (b_start < ps)
        b_start = ps;
    size_t b_end = q->open;
    if (b_end - b_start > CONTEXT_MAX)
        b_start = cp_boundary(t, b_end - CONTEXT_MAX, b_end);
    bool before_empty = true;
    for (size_t i = b_start; i < b_end && before_empty; i++)
        before_empty = is_ws(t[i]);

    /* a quote that opens its sentence may be introduced by the one before */
    size_t p_start = 0, p_end = 0;
    if (before_empty && so > seg->para_first_sent[q->paragraph]) {
        p_start = seg->sents[so - 1].start;
        p_end = seg->sents[so - 1].end;
        if (p_end - p_start > CONTEXT_MAX)
            p_start = cp_boundary(t, p_end - CONTEXT_MAX, p_end);
    }

    /*
     * "He said:" alone at the end of the paragraph before introduces a
     * paragraph that opens with the quote.
     */
    if (before_empty && so == seg->para_first_sent[q->paragraph] && q->paragraph > 0) {
        const struct span *pp = &seg->paras[q->paragraph - 1];
        if (pp->end > pp->start && t[pp->end - 1] == ':') {
            size_t last = seg->para_first_sent[q->paragraph] - 1;
            p_start = seg->sents[last].start;
            p_end = seg->sents[last].end;
            if (p_end - p_start > CONTEXT_MAX)
                p_start = cp_boundary(t, p_end - CONTEXT_MAX, p_end);
        }
    }

    /*
     * When the quote ends its sentence, the words after it open the next
     * one: "Russia insisted that Pyongyang “stop.” The agency said ...".
     * Then the quote's own sentence speaks first (pass 0: all but after
     * rules), the next sentence second (pass 1: after rules only).
     */
    bool after_next = false, small = false;
    if (a_end > a_start) {
        size_t i = a_start;
        while (i < a_end && is_ws(t[i]))
            i++;
        after_next = i < a_end && seg_sentence_at(seg, i) != seg_sentence_at(seg, q->close);
        small = i < a_end && small_letter(utf8_next(t, a_end, &i));
    }
    /*
     * But a quote that is a sentence of its own after a quote of the same
     * paragraph with a speaker goes on in that voice (attr_find()), not
     * in the next sentence's subject's: “...,” said Candela. “In June I
     * will decide.” Allardyce hopes ... is Candela's. The next sentence
     * speaks for it only where it is an attribution alone (“...” Ivo
     * Marsh said. “...” Mr Marsh told reporters.: attribution_alone()).
     * Words in lower case after it go on with its sentence, whatever ICU
     * saw (“...?” he asked).
     */
    bool strict_next = after_next && voiced && before_empty && !small;

    size_t words = SIZE_MAX; /* counted when a rule first asks (most quotes never get there) */
    signed char *memo = ex->req_memo;
    size_t nreqs = R->nreqs;
    memset(memo, 0, nreqs * ANCHOR_COUNT);
    size_t nsteps = R->nattr_order * (after_next ? 2 : 1);
    for (size_t step = 0; step < nsteps; step++) {
        size_t k = step % R->nattr_order;
        bool second = step >= R->nattr_order;
        const struct rule *r = &R->rules[R->attr_order[k]];
        bool after = r->anchor == ANCHOR_AFTER;
        if (after_next && after != second)
            continue;
        if (r->max_words && words == SIZE_MAX)
            words = count_words(t, q->start, q->end, RULE_COUNT_MAX);
        if (r->max_words && words > r->max_words)
            continue;
        signed char *m = memo + (size_t)r->anchor * nreqs;
        if (after) {
            if (a_end <= a_start || !attr_required(ex, doc, r, a_start, a_end, m) ||
                !attr_match(ex, doc, r, a_start, a_end, true))
                continue;
            if (second && strict_next) {
                const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(ex->md);
                size_t ss, se, cs, ce;
                take(ov, r->cap_speaker, &ss, &se);
                take(ov, r->cap_cue, &cs, &ce);
                if (!attribution_alone(R, seg, t, a_start, ss < cs ? ss : cs, ov[1]))
                    continue;
            }
        } else if (r->anchor == ANCHOR_BEFORE) {
            /* near: every match begins within so many words before the quote */
            size_t from = r->near ? attr_words_back(t, b_start, b_end, r->near) : b_start;
            if (before_empty || !attr_required(ex, doc, r, b_start, b_end, m) ||
                !match_outside_quotes(ex, doc, ql, r, from, b_end))
                continue;
        } else if (r->anchor == ANCHOR_QUOTE) {
            if (!attr_required(ex, doc, r, q->start, q->end, m) ||
                !attr_match(ex, doc, r, q->start, q->end, true))
                continue;
        } else {
            if (p_end <= p_start || !attr_required(ex, doc, r, p_start, p_end, m) ||
                !match_outside_quotes(ex, doc, ql, r, p_start, p_end))
                continue;
        }
        const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(ex->md);
        if (r->type == WHOSAID_TERM) { /* the so-called “peace dividend” */
            a->type = WHOSAID_TERM;
            a->term_rule = r->id;
            return false;
        }
        take(ov, r->cap_speaker, &a->spk_s, &a->spk_e);
        if (a->spk_s == WHOSAID_NOSPAN || a->spk_e == a->spk_s)
            continue;
        /*
         * The speaker's own name, set off after the speaker's words ("the
         * party’s chairman, Tom Baker,"), where those hold a word in lower
         * case or a possessive and do not end in a place: after a name
         * alone, or after "a farmer from Sumter", it is a place ("Sumter,
         * South Carolina, says"), and the match is none; but a name that
         * opens with a given name is a person's after a place too ("the
         * play’s organiser in Uganda, Sarah Mukasa"). Nor after a quote
         * that ends its sentence, where such words with a capital open the
         * next one (“... the better.” The BBC’s correspondent, Rachel
         * Harvey, told ...; but “... in disgrace!” the nominee, Donald
         * Trump, tweeted). Where the cue comes before the speaker, the
         * words set off are no subject's, and such a speaker keeps its
         * own words: "said Jeremy Dear, NUJ General Secretary".
         */
        size_t ns, ne;
        take(ov, r->cap_name, &ns, &ne);
        take(ov, r->cap_cue, &a->cue_s, &a->cue_e);
        if (ns != WHOSAID_NOSPAN && ne > ns) {
            char last = q->end > q->start ? t[q->end - 1] : 0;
            size_t i = a->spk_s;
            bool own = has_small_word(R, t, a->spk_s, a->spk_e) &&
                       !(after_place(R, t, a->spk_s, a->spk_e) &&
                         !opens_with(R->given_names, t, ns, ne)) &&
                       !(after && (last == '.' || last == '?' || last == '!') &&
                         !small_letter(utf8_next(t, doc->len, &i)));
            if (own) {
                a->spk_s = ns;
                a->spk_e = ne;
            } else if (a->cue_s == WHOSAID_NOSPAN || a->cue_s > a->spk_s) {
                continue;
            }
        }
        take(ov, r->cap_via, &a->via_s, &a->via_e);
        a->rule = r;
        a->rule_id = r->id;
        a->needs_entity = r->resolved_only;
        a->confidence = r->confidence;
        a->after = after;
        a->match_end = ov[1];
        return true;
    }
    return false;
}

static void
attr_clear(struct attr *a)
{
    memset(a, 0, sizeof *a);
    a->spk_s = a->spk_e = a->cue_s = a->cue_e = a->via_s = a->via_e = WHOSAID_NOSPAN;
}

/* Copies @from's speaker into @to as an attribution carried over by @how. */
static void
carry(struct attr *to, const struct attr *from, const char *how, double factor)
{
    *to = *from;
    to->rule_id = how;
    to->rule = NULL;
    to->confidence = from->confidence * factor;
    to->carried = true;
}

/*
 * Decides the type of a quote: a whole utterance (direct) or words set
 * into the writer's own sentence (partial). A quote is direct when its
 * first letter is a capital (or it opens with another mark) and nothing
 * but punctuation - a colon, a comma, a bullet, a dash - or the sentence's
 * start comes before it.
 */
static whosaid_quote_type
quote_type(const char *t, size_t ps, const struct raw_quote *q)
{
    size_t i = q->start;
    uint32_t first = utf8_next(t, q->end, &i);
    bool capital = ws_isupper(first) || u_isdigit((UChar32)first) ||
                   u_ispunct((UChar32)first);
    size_t j = q->open;
    uint32_t prev = 0;
    while (j > ps) {
        size_t s;
        prev = utf8_prev(t, j, &s);
        j = s;
        if (!ws_isspace(prev))
            break;
        prev = 0;
    }
    bool after_text = prev && (ws_isalnum(prev));
    return capital && !after_text ? WHOSAID_DIRECT : WHOSAID_PARTIAL;
}

/*
 * Counts the words of [s, e): runs of letters, digits, apostrophes and
 * hyphens; past @most it stops, returning @most + 1 (a rule asks "at most
 * so many?", and a quote may run for pages).
 */
static size_t
count_words(const char *t, size_t s, size_t e, size_t most)
{
    const unsigned char *u = (const unsigned char *)t;
    size_t words = 0;
    bool in = false;
    for (size_t i = s; i < e;) {
        bool w;
        if (u[i] < 0x80) {
            w = ws_isalnum(u[i]) || u[i] == '\'' || u[i] == '-';
            i++;
        } else {
            uint32_t c = utf8_next(t, e, &i);
            w = ws_isalnum(c) || c == 0x2019;
        }
        if (w && !in && ++words > most)
            break;
        in = w;
    }
    return words;
}

bool
attr_term_like(const char *t, const struct raw_quote *q)
{
    size_t last;
    uint32_t end = utf8_prev(t, q->end, &last);
    bool punct = end == '.' || end == ',' || end == '!' || end == '?' || end == ';' ||
                 end == ':' || end == 0x2026;
    return !punct && count_words(t, q->start, q->end, 4) <= 4;
}

bool
attr_find(whosaid_extractor *ex, struct whosaid_doc *doc, const struct quote_list *ql,
          struct attr *attrs)
{
    const char *t = doc->text;
    const struct seg_result *seg = &doc->seg;
    for (size_t i = 0; i < ql->n; i++) {
        attr_clear(&attrs[i]);
        const struct raw_quote *q = &ql->q[i];
        attrs[i].type = quote_type(t, seg->paras[q->paragraph].start, q);
        bool voiced = i > 0 && attrs[i - 1].rule_id && ql->q[i - 1].paragraph == q->paragraph;
        if (attribute_one(ex, doc, ql, q, &attrs[i], voiced) && attrs[i].rule->type >= 0)
            attrs[i].type = (whosaid_quote_type)attrs[i].rule->type;
    }
    /*
     * The first quote of each group that a rule attributed: a continued
     * quote takes its attribution. Found once, not by a walk over every
     * quote for each continued one (quadratic in a long document).
     */
    size_t ngroups = 0;
    for (size_t k = 0; k < ql->n; k++)
        if (ql->q[k].group >= 0 && (size_t)ql->q[k].group >= ngroups)
            ngroups = (size_t)ql->q[k].group + 1;
    size_t *group_first = ws_malloc((ngroups ? ngroups : 1) * sizeof *group_first);
    if (!group_first)
        return false;
    for (size_t g = 0; g < ngroups; g++)
        group_first[g] = SIZE_MAX;
    for (size_t k = 0; k < ql->n; k++)
        if (ql->q[k].group >= 0 && attrs[k].rule_id && group_first[ql->q[k].group] == SIZE_MAX)
            group_first[ql->q[k].group] = k;

    /* a term stays a term: nothing below may give it a speaker */
    size_t last = SIZE_MAX; /* the last quote before i with a speaker, not a term */
    for (size_t i = 0; i < ql->n; i++) {
        if (i > 0 && attrs[i - 1].rule_id && !attrs[i - 1].term_rule)
            last = i - 1;
        if (attrs[i].rule_id || attrs[i].term_rule)
            continue;
        const struct raw_quote *q = &ql->q[i];
        /* split: "“A,” he said, “B.”" - B follows the attribution of A */
        if (i > 0 && attrs[i - 1].rule_id && attrs[i - 1].after &&
            ql->q[i - 1].paragraph == q->paragraph) {
            size_t k = attrs[i - 1].match_end;
            while (k < q->open && (is_ws(t[k]) || t[k] == ',' || t[k] == ':' || t[k] == ';'))
                k++;
            if (k == q->open) {
                carry(&attrs[i], &attrs[i - 1], ATTR_SPLIT, 1.0);
                continue;
            }
        }
        /* a continued quote takes the attribution of its group */
        if (q->group >= 0 && group_first[q->group] != SIZE_MAX) {
            carry(&attrs[i], &attrs[group_first[q->group]], ATTR_CONTINUED, 0.9);
            continue;
        }
        /* another quote of the same sentence names the speaker */
        size_t s0 = seg_sentence_at(seg, q->open), s1 = seg_sentence_at(seg, q->end);
        for (size_t d = 1; d <= ql->n && !attrs[i].rule_id; d++) {
            for (int side = 0; side < 2; side++) {
                size_t k = side ? i + d : i - d;
                if ((side == 0 && d > i) || (side && k >= ql->n))
                    continue;
                size_t k0 = seg_sentence_at(seg, ql->q[k].open), k1 = seg_sentence_at(seg, ql->q[k].end);
                if (k1 < s0 || k0 > s1)
                    continue;
                if (attrs[k].rule_id && !attrs[k].carried) {
                    carry(&attrs[i], &attrs[k], ATTR_SENTENCE, 0.85);
                    break;
                }
            }
            if (d > 4)
                break;
        }
        if (attrs[i].rule_id)
            continue;
        /*
         * A quote of its own later in the paragraph goes on in the voice of
         * the paragraph's speaker: “...,” Ribeiro said. “Now the paperwork
         * has caught up.” The nearest attributed quote before it counts.
         */
        if (last != SIZE_MAX && ql->q[last].paragraph == q->paragraph) {
            carry(&attrs[i], &attrs[last], ATTR_PARAGRAPH, 0.85);
            continue;
        }
        /*
         * A paragraph that opens with a quote nobody introduces goes on in
         * the voice of the last quote of the paragraph before:
         *   “No one is writing songs for her,” he said.
         *   “Right now, the vote is against Trump. ...”
         */
        if (q->open == seg->paras[q->paragraph].start && i > 0 &&
            ql->q[i - 1].paragraph + 1 == q->paragraph && attrs[i - 1].rule_id &&
            !attrs[i - 1].term_rule && attrs[i].type != WHOSAID_TERM)
            carry(&attrs[i], &attrs[i - 1], ATTR_NEXT_PARAGRAPH, 0.8);
    }

    /*
     * Quoted words that no rule attributes and that are a few words with
     * no sentence punctuation are terms, titles or scare quotes (His use
     * of the “hundred flowers” analogy; The book, “Rooms Without
     * Windows”, describes), not speech.
     */
    for (size_t i = 0; i < ql->n; i++)
        if (!attrs[i].rule_id && (attrs[i].term_rule || attr_term_like(t, &ql->q[i])))
            attrs[i].type = WHOSAID_TERM;
    free(group_first);
    return true;
}
