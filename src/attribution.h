/*
 * attribution.h - what the attribution stage hands to the resolver.
 */
#ifndef WHOSAID_ATTRIBUTION_H
#define WHOSAID_ATTRIBUTION_H

#include "whosaid-private.h"

/* One quote's attribution, before its mention is resolved. */
struct attr {
    const struct rule *rule; /* NULL when carried over or none */
    const char *rule_id;     /* NULL when not attributed */
    size_t spk_s, spk_e;     /* the speaker mention, bytes */
    size_t cue_s, cue_e;
    size_t via_s, via_e;
    size_t match_end;
    double confidence;
    whosaid_quote_type type;
    bool after;   /* the rule matched after the quote */
    bool carried; /* taken from another quote */
    const char *term_rule; /* a term rule matched: not speech */
    bool needs_entity;     /* from a rule with resolved = yes */
};

extern const char ATTR_SPLIT[], ATTR_SENTENCE[], ATTR_CONTINUED[], ATTR_PARAGRAPH[],
    ATTR_NEXT_PARAGRAPH[];

int attr_match(whosaid_extractor *ex, struct whosaid_doc *doc, const struct rule *r,
               size_t start, size_t end, bool anchored);
/*
 * Does rule @r's prefilter (its "requires" pattern) occur in [start, end)?
 * True for a rule without one. @memo, when not NULL, holds the verdicts
 * already reached for the same text (one slot per requirement).
 */
bool attr_required(whosaid_extractor *ex, struct whosaid_doc *doc, const struct rule *r,
                   size_t start, size_t end, signed char *memo);
/*
 * Where rule @r's prefilter first occurs in [start, end): 1 and the byte
 * it begins at in *@at; 0 when nowhere; -1 when that is not known (no
 * prefilter, or a limit stopped the search).
 */
int attr_required_at(whosaid_extractor *ex, struct whosaid_doc *doc, const struct rule *r,
                     size_t start, size_t end, size_t *at);
/*
 * The start of the @n-th word (a run between ASCII white space, the one
 * that holds byte @c - 1 or begins at @c counted first) back from @c, not
 * before @from: where a match that a rule's near promises lies within
 * @n words before @c can begin at the earliest.
 */
size_t attr_words_back(const char *t, size_t from, size_t c, unsigned n);
/* Is byte @pos inside one of the quotes of @ql (sorted by position)? */
bool attr_inside_quote(const struct quote_list *ql, size_t pos);

/* A few words with no sentence punctuation: a term unless someone said them. */
bool attr_term_like(const char *t, const struct raw_quote *q);

bool attr_find(whosaid_extractor *ex, struct whosaid_doc *doc, const struct quote_list *ql,
               struct attr *attrs);

/*
 * Builds the document's entity table (alias rules and every mention) and
 * sets each quote's canonical speaker; fills doc->quotes from @ql/@attrs.
 */
bool resolve(whosaid_extractor *ex, struct whosaid_doc *doc, const struct quote_list *ql,
             struct attr *attrs, unsigned options);
/* Frees what resolve() keeps across the extractor's documents. */
void resolver_cache_free(whosaid_extractor *ex);

#endif
