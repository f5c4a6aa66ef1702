/*
 * whosaid.c - the public entry points: extractors, whosaid_extract() and
 * the whosaid_doc accessors.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "whosaid-private.h"
#include "attribution.h"

WHOSAID_EXPORT const char *
whosaid_version(void)
{
    return WHOSAID_VERSION_STRING;
}

WHOSAID_EXPORT whosaid_extractor *
whosaid_extractor_new(const whosaid_rules *rules, whosaid_error *err)
{
    if (!rules) {
        ws_error_set(err, WHOSAID_ERR_ARG, NULL, 0, 0, "no rules given");
        return NULL;
    }
    whosaid_extractor *ex = ws_calloc(1, sizeof *ex);
    if (!ex)
        goto nomem;
    ex->rules = rules;
    ex->seg = seg_new(err);
    if (!ex->seg) {
        free(ex);
        return NULL;
    }
    ex->md = pcre2_match_data_create(rules->max_captures ? rules->max_captures : 1, NULL);
    ex->mctx = pcre2_match_context_create(NULL);
    ex->jit_stack = pcre2_jit_stack_create(32 * 1024, 512 * 1024, NULL);
    ex->req_memo = ws_calloc(rules->nreqs * ANCHOR_COUNT + 1, 1);
    if (!ex->md || !ex->mctx || !ex->jit_stack || !ex->req_memo) {
        whosaid_extractor_free(ex);
        goto nomem;
    }
    pcre2_set_match_limit(ex->mctx, WS_MATCH_LIMIT);
    pcre2_set_depth_limit(ex->mctx, WS_DEPTH_LIMIT);
    pcre2_jit_stack_assign(ex->mctx, NULL, ex->jit_stack);
    /* lexicon words are looked up by callout (lexicon.c) */
    ex->callout = (struct lex_callout_data){
        .rules = rules,
        .words = &ex->words,
        /* without (out of memory): only slower */
        .guards = ws_calloc(LEX_GUARD_MEMOS, sizeof(struct lex_guard_memo)),
        .guard_tables = ws_calloc(LEX_GUARD_MEMOS, sizeof(struct lex_guard_table))};
    for (size_t i = 0; i < rules->nrules; i++)
        if (rules->rules[i].end_memo) { /* without (out of memory): only slower */
            ex->callout.memo = ws_calloc(1, sizeof *ex->callout.memo);
            break;
        }
    pcre2_set_callout(ex->mctx, lex_callout, &ex->callout);
    return ex;
nomem:
    ws_error_set(err, WHOSAID_ERR_NOMEM, NULL, 0, 0, "out of memory");
    return NULL;
}

WHOSAID_EXPORT void
whosaid_extractor_free(whosaid_extractor *ex)
{
    if (!ex)
        return;
    seg_free(ex->seg);
    pcre2_match_data_free(ex->md);
    pcre2_match_context_free(ex->mctx);
    pcre2_jit_stack_free(ex->jit_stack);
    free(ex->req_memo);
    free(ex->callout.memo);
    free(ex->callout.guards);
    free(ex->callout.guard_tables);
    free(ex->wide);
    free(ex->leads);
    lex_words_free(&ex->words);
    ws_arena_free(&ex->arena);
    resolver_cache_free(ex);
    whosaid_extractor_profile(ex, 0);
    free(ex);
}

uint64_t
ws_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

WHOSAID_EXPORT whosaid_status
whosaid_extractor_profile(whosaid_extractor *ex, int on)
{
    if (!ex)
        return WHOSAID_ERR_ARG;
    const whosaid_rules *R = ex->rules;
    if (ex->req_names)
        for (size_t k = 0; k < R->nreqs; k++)
            free(ex->req_names[k]);
    free(ex->req_names);
    free(ex->stats);
    ex->req_names = NULL;
    ex->stats = NULL;
    if (!on)
        return WHOSAID_OK;
    ex->req_names = ws_calloc(R->nreqs + 1, sizeof *ex->req_names);
    ex->stats = ws_calloc(R->nrules + R->nreqs + STAGE_COUNT, sizeof *ex->stats);
    bool ok = ex->req_names && ex->stats;
    for (size_t k = 0; ok && k < R->nreqs; k++) {
        /* a prefilter is named after the first rule that uses it */
        const char *first = "?";
        for (size_t i = 0; i < R->nrules; i++)
            if (R->rules[i].req == k + 1) {
                first = R->rules[i].id;
                break;
            }
        ex->req_names[k] = ws_malloc(strlen(first) + sizeof "requires:");
        if (!ex->req_names[k])
            ok = false;
        else
            sprintf(ex->req_names[k], "requires:%s", first);
    }
    if (!ok) {
        whosaid_extractor_profile(ex, 0);
        return WHOSAID_ERR_NOMEM;
    }
    return WHOSAID_OK;
}

WHOSAID_EXPORT size_t
whosaid_extractor_stats(const whosaid_extractor *ex, whosaid_stat *out, size_t n)
{
    static const char *const stages[STAGE_COUNT] = {"stage:segment", "stage:quotes",
                                                    "stage:attribute", "stage:resolve"};
    if (!ex || !ex->stats)
        return 0;
    const whosaid_rules *R = ex->rules;
    size_t total = R->nrules + R->nreqs + STAGE_COUNT;
    for (size_t i = 0; i < total && i < n; i++) {
        const struct ws_stat *st = &ex->stats[i];
        out[i].name = i < R->nrules             ? R->rules[i].id
                      : i < R->nrules + R->nreqs ? ex->req_names[i - R->nrules]
                                                 : stages[i - R->nrules - R->nreqs];
        out[i].calls = st->calls;
        out[i].matches = st->matches;
        out[i].seconds = (double)st->ns / 1e9;
    }
    return total;
}

void
doc_warn(struct whosaid_doc *doc, const char *rule_id, int rc)
{
    doc->warnings++;
    if (doc->warning)
        return;
    PCRE2_UCHAR msg[128];
    pcre2_get_error_message(rc, msg, sizeof msg);
    char buf[384];
    snprintf(buf, sizeof buf, "rule %s: %s", rule_id, (const char *)msg);
    doc->warning = ws_strdup(buf);
}

const char *
doc_keep_string(struct whosaid_doc *doc, char *s)
{
    if (!s)
        return NULL;
    if (!WS_GROW(doc->strings, doc->strings_cap, doc->nstrings + 1)) {
        free(s);
        return NULL;
    }
    doc->strings[doc->nstrings++] = s;
    return s;
}

/* Ends stage @which of the profile (when on), begun at *@t0, and begins the next. */
static void
stage_done(struct ws_stat *stage, int which, uint64_t *t0)
{
    if (!stage)
        return;
    ws_stat_add(&stage[which], *t0, false);
    *t0 = ws_now_ns();
}

/* The paragraphs up to the last one that a quote of @ql reaches. */
static size_t
quoted_paragraphs(const struct seg_result *seg, const struct quote_list *ql)
{
    size_t upto = 0;
    for (size_t i = 0; i < ql->n; i++) {
        const struct raw_quote *q = &ql->q[i];
        size_t last = q->close + q->close_len > q->end ? q->close + q->close_len : q->end;
        size_t p = seg_paragraph_at(seg, last > q->open ? last - 1 : q->open);
        if (q->paragraph > p)
            p = q->paragraph;
        if (p + 1 > upto)
            upto = p + 1;
    }
    return upto;
}

void
ws_ascii_blocks(whosaid_extractor *ex, const char *text, size_t len)
{
    size_t nb = len / 64 + 2; /* the last block may be partial; one more count */
    ex->nwide = 0;
    if (nb > UINT32_MAX || (nb > ex->wide_cap && !ws_grow((void **)&ex->wide, &ex->wide_cap, nb,
                                                            sizeof *ex->wide)))
        return; /* no ASCII code runs: only slower */
    const unsigned char *u = (const unsigned char *)text;
    uint32_t n = 0;
    for (size_t b = 0; b + 1 < nb; b++) {
        size_t s = b * 64, e = s + 64 < len ? s + 64 : len;
        uint64_t any = 0, w;
        size_t i = s;
#if defined(__SSE2__)
        if (e - s == 64) { /* a whole block at one test; a high bit where the test below looks */
            any = ws_ascii64(u + s) ? 0 : 0x80;
            i = e;
        }
#endif
        for (; i + 8 <= e; i += 8) {
            memcpy(&w, u + i, 8);
            any |= w;
        }
        for (; i < e; i++)
            any |= u[i];
        ex->wide[b] = n;
        n += (any & 0x8080808080808080u) != 0;
    }
    ex->wide[nb - 1] = n;
    ex->nwide = nb;
}

WHOSAID_EXPORT whosaid_doc *
whosaid_extract(whosaid_extractor *ex, const char *id, const char *text, size_t len,
                unsigned options, whosaid_error *err)
{
    if (!ex || (!text && len)) {
        ws_error_set(err, WHOSAID_ERR_ARG, NULL, 0, 0, "no extractor or no text");
        return NULL;
    }
    struct whosaid_doc *doc = ws_calloc(1, sizeof *doc);
    struct quote_list ql = {0};
    struct attr *attrs = NULL;
    if (!doc)
        goto nomem;
    /* a reference to the rules, given back by whosaid_doc_free() */
    doc->rules = (whosaid_rules *)ex->rules;
    atomic_fetch_add_explicit(&doc->rules->refs, 1, memory_order_relaxed);
    /* an id is written into every record: it must be valid UTF-8 too */
    size_t id_len, id_invalid;
    doc->id = utf8_repair(id ? id : "", id ? strlen(id) : 0, &id_len, &id_invalid);
    doc->text = utf8_repair(text ? text : "", len, &doc->len, &doc->invalid);
    if (!doc->id || !doc->text)
        goto nomem;
    doc->invalid += id_invalid;
    /* where the text is ASCII, once the rules have codes for it */
    if (ex->rules->ascii_codes)
        ws_ascii_blocks(ex, doc->text, doc->len);
    else
        ex->nwide = 0;
    /* the profile's stages, when it is on */
    struct ws_stat *stage = ex->stats ? ex->stats + ex->rules->nrules + ex->rules->nreqs : NULL;
    uint64_t t0 = stage ? ws_now_ns() : 0;
    lex_words_reset(&ex->words); /* another document's */
    if (!seg_paragraphs(doc->text, doc->len, &doc->seg))
        goto nomem;
    /* quotes are paired per paragraph: sentences are not needed for that */
    if (!scan_quotes(ex->rules, doc->text, &doc->seg, &ql))
        goto nomem;
    stage_done(stage, STAGE_QUOTES, &t0);
    /*
     * Sentences serve the quotes: their index and the context the rules
     * look at, which never lies after the paragraph a quote ends in. The
     * paragraphs after the last quote's (a fifth of news text, all of a
     * document without quotes) are segmented only if
     * whosaid_doc_sentence_count() asks.
     */
    if (!seg_sentences(ex->seg, doc->text, &doc->seg, quoted_paragraphs(&doc->seg, &ql),
                       ex->rules->titles, err))
        goto fail;
    stage_done(stage, STAGE_SEGMENT, &t0);
    attrs = ws_calloc(ql.n, sizeof *attrs);
    if (!attrs || !attr_find(ex, doc, &ql, attrs))
        goto nomem;
    stage_done(stage, STAGE_ATTRIBUTE, &t0);
    if (!resolve(ex, doc, &ql, attrs, options))
        goto nomem;
    stage_done(stage, STAGE_RESOLVE, &t0);
    lex_words_reset(&ex->words);
    free(ql.q);
    free(attrs);
    return doc;
nomem:
    ws_error_set(err, WHOSAID_ERR_NOMEM, NULL, 0, 0, "out of memory");
fail:
    lex_words_reset(&ex->words);
    free(ql.q);
    free(attrs);
    whosaid_doc_free(doc);
    return NULL;
}

WHOSAID_EXPORT void
whosaid_doc_free(whosaid_doc *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->nstrings; i++)
        free(doc->strings[i]);
    free(doc->strings);
    free(doc->quotes);
    seg_result_free(&doc->seg);
    free(doc->warning);
    free(doc->text);
    free(doc->id);
    whosaid_rules_free(doc->rules); /* its reference */
    free(doc);
}

WHOSAID_EXPORT const char *whosaid_doc_id(const whosaid_doc *doc) { return doc ? doc->id : ""; }

WHOSAID_EXPORT const char *
whosaid_doc_text(const whosaid_doc *doc, size_t *len)
{
    if (len)
        *len = doc ? doc->len : 0;
    return doc ? doc->text : "";
}

WHOSAID_EXPORT size_t whosaid_doc_invalid_count(const whosaid_doc *doc) { return doc ? doc->invalid : 0; }
WHOSAID_EXPORT size_t whosaid_doc_warning_count(const whosaid_doc *doc) { return doc ? doc->warnings : 0; }
WHOSAID_EXPORT const char *whosaid_doc_warning(const whosaid_doc *doc) { return doc ? doc->warning : NULL; }
WHOSAID_EXPORT size_t whosaid_doc_paragraph_count(const whosaid_doc *doc) { return doc ? doc->seg.nparas : 0; }
/*
 * whosaid_extract() leaves the paragraphs after the last quote's without
 * sentences: they are counted here, in a copy, so that the document stays
 * as it is (and may be read by several threads at once).
 */
WHOSAID_EXPORT size_t
whosaid_doc_sentence_count(const whosaid_doc *doc)
{
    if (!doc)
        return 0;
    const struct seg_result *seg = &doc->seg;
    if (seg->sent_paras >= seg->nparas)
        return seg->nsents;
    struct seg_result rest = {.paras = seg->paras + seg->sent_paras,
                              .nparas = seg->nparas - seg->sent_paras};
    whosaid_error err;
    struct segmenter *sg = seg_new(&err);
    size_t n = seg->nsents;
    if (sg && seg_sentences(sg, doc->text, &rest, rest.nparas, doc->rules->titles, &err))
        n += rest.nsents;
    else
        n = SIZE_MAX; /* out of memory */
    seg_free(sg);
    free(rest.sents);
    free(rest.para_first_sent);
    return n;
}
WHOSAID_EXPORT size_t whosaid_doc_quote_count(const whosaid_doc *doc) { return doc ? doc->nquotes : 0; }

WHOSAID_EXPORT const whosaid_quote *
whosaid_doc_quote(const whosaid_doc *doc, size_t i)
{
    return doc && i < doc->nquotes ? &doc->quotes[i] : NULL;
}

WHOSAID_EXPORT const char *
whosaid_quote_type_string(whosaid_quote_type type)
{
    switch (type) {
    case WHOSAID_DIRECT: return "direct";
    case WHOSAID_PARTIAL: return "partial";
    case WHOSAID_TERM: return "term";
    }
    return "unknown";
}
