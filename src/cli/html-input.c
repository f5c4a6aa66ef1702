/*
 * html-input.c - the article text of an HTML page, parsed with libxml2's
 * HTML parser (which decodes entities and mends broken markup).
 *
 * Taken: the <article> element if there is one, else <main>, else <body>;
 * headings, paragraphs, list items, table cells, <blockquote> and <q>.
 * Left out: scripts, styles, templates, forms, navigation, asides, footers,
 * figure captions, and anything marked as navigation, banner, complementary
 * content or hidden. Block elements end paragraphs (a blank line); white
 * space inside a paragraph is collapsed. <q> and <blockquote> count as
 * quotation marks: their words are set in “ ” (a <blockquote> only when its
 * text does not already open with a mark).
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "html-input.h"

struct text {
    char *data;
    size_t len, cap;
    bool space;  /* a space is owed before the next word */
    bool failed;
    size_t glue; /* no paragraph break right after an opening mark set here */
};

static void
put(struct text *t, const char *s, size_t n)
{
    if (t->failed)
        return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 4096;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *d = realloc(t->data, cap);
        if (!d) {
            t->failed = true;
            return;
        }
        t->data = d;
        t->cap = cap;
    }
    memcpy(t->data + t->len, s, n);
    t->len += n;
    t->data[t->len] = '\0';
}

/* Ends the current paragraph: a blank line, once. */
static void
para_break(struct text *t)
{
    t->space = false;
    if (t->len == 0 || t->len == t->glue ||
        (t->len >= 2 && t->data[t->len - 1] == '\n' && t->data[t->len - 2] == '\n'))
        return;
    if (t->data[t->len - 1] == '\n')
        put(t, "\n", 1);
    else
        put(t, "\n\n", 2);
}

/* Appends text with white space collapsed. */
static void
put_words(struct text *t, const char *s)
{
    for (const char *p = s; *p;) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f') {
            t->space = true;
            p++;
            continue;
        }
        const char *w = p;
        while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' && *p != '\f')
            p++;
        if (t->space && t->len && t->data[t->len - 1] != '\n')
            put(t, " ", 1);
        t->space = false;
        put(t, w, (size_t)(p - w));
    }
}

static bool
name_is(const xmlNode *n, const char *name)
{
    return n->name && !strcasecmp((const char *)n->name, name);
}

static bool
name_in(const xmlNode *n, const char *const *names)
{
    for (; *names; names++)
        if (name_is(n, *names))
            return true;
    return false;
}

static const char *const skipped[] = {
    "script", "style", "noscript", "template", "nav", "aside", "footer", "figcaption",
    "form", "button", "select", "textarea", "iframe", "svg", "canvas", "head", NULL,
};

static const char *const blocks[] = {
    "p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5", "h6",
    "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th", "pre", "figure",
    "blockquote", "hr", "br", "address", NULL,
};

/* Is the element left out by its attributes (role, hidden, an ad's class)? */
static bool
skipped_by_attributes(xmlNode *n)
{
    bool skip = false;
    xmlChar *role = xmlGetProp(n, (const xmlChar *)"role");
    if (role) {
        const char *r = (const char *)role;
        skip = !strcasecmp(r, "navigation") || !strcasecmp(r, "banner") ||
               !strcasecmp(r, "complementary") || !strcasecmp(r, "contentinfo");
        xmlFree(role);
    }
    xmlChar *hidden = xmlGetProp(n, (const xmlChar *)"aria-hidden");
    if (hidden) {
        skip = skip || !strcasecmp((const char *)hidden, "true");
        xmlFree(hidden);
    }
    if (xmlHasProp(n, (const xmlChar *)"hidden"))
        skip = true;
    return skip;
}

/* The first text of @n's subtree, to see whether it opens with a mark. */
static const char *
first_text(xmlNode *n)
{
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE && c->content) {
            const char *s = (const char *)c->content;
            while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
                s++;
            if (*s)
                return s;
        } else if (c->type == XML_ELEMENT_NODE) {
            const char *s = first_text(c);
            if (s)
                return s;
        }
    }
    return NULL;
}

static void
walk(struct text *t, xmlNode *n, int depth)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content)
                put_words(t, (const char *)n->content);
            continue;
        }
        if (n->type != XML_ELEMENT_NODE || depth > 200)
            continue;
        if (name_in(n, skipped) || skipped_by_attributes(n))
            continue;
        bool block = name_in(n, blocks);
        if (block)
            para_break(t);
        if (name_is(n, "q")) {
            if (t->space && t->len && t->data[t->len - 1] != '\n')
                put(t, " ", 1);
            t->space = false;
            put(t, "\xE2\x80\x9C", 3);
            walk(t, n->children, depth + 1);
            t->space = false;
            put(t, "\xE2\x80\x9D", 3);
            continue;
        }
        if (name_is(n, "blockquote")) {
            const char *s = first_text(n);
            bool marked = s && (!strncmp(s, "\xE2\x80\x9C", 3) || *s == '"' ||
                                !strncmp(s, "\xE2\x80\x98", 3) || !strncmp(s, "\xC2\xAB", 2));
            if (!marked) {
                put(t, "\xE2\x80\x9C", 3);
                t->glue = t->len;
            }
            walk(t, n->children, depth + 1);
            if (!marked) {
                while (t->len && t->data[t->len - 1] == '\n')
                    t->data[--t->len] = '\0';
                put(t, "\xE2\x80\x9D", 3);
            }
            para_break(t);
            continue;
        }
        walk(t, n->children, depth + 1);
        if (block)
            para_break(t);
    }
}

/* The first element named @name under @n, depth first. */
static xmlNode *
find(xmlNode *n, const char *name)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (name_is(n, name))
            return n;
        if (name_in(n, skipped))
            continue;
        xmlNode *f = find(n->children, name);
        if (f)
            return f;
    }
    return NULL;
}

char *
html_article_text(const char *data, size_t len, const char *name, size_t *out_len, char **error)
{
    *error = NULL;
    *out_len = 0;
    if (len > (size_t)INT32_MAX) {
        *error = strdup("the page is too large for the HTML parser (2 GB)");
        return NULL;
    }
    htmlDocPtr doc = htmlReadMemory(data, (int)len, name, NULL,
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                        HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_NOBLANKS);
    struct text t = {0};
    if (!doc) {
        if (len == 0) { /* an empty page is an empty document */
            put(&t, "", 0);
            return t.failed ? NULL : (t.data ? t.data : strdup(""));
        }
        *error = strdup("not an HTML page the parser can read");
        return NULL;
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    xmlNode *start = root ? find(root, "article") : NULL;
    if (!start && root)
        start = find(root, "main");
    if (!start && root)
        start = find(root, "body");
    if (start) {
        /* the page's headline, when the article leaves it outside */
        xmlNode *h1 = root ? find(root, "h1") : NULL;
        if (h1 && !find(start->children, "h1") && !name_is(start, "h1")) {
            walk(&t, h1->children, 0);
            para_break(&t);
        }
        walk(&t, start->children, 0);
    } else if (root) {
        walk(&t, root, 0);
    }
    xmlFreeDoc(doc);
    while (t.len && (t.data[t.len - 1] == '\n' || t.data[t.len - 1] == ' '))
        t.data[--t.len] = '\0';
    if (t.failed) {
        free(t.data);
        *error = strdup("out of memory");
        return NULL;
    }
    if (t.len)
        put(&t, "\n", 1);
    *out_len = t.len;
    return t.data ? t.data : strdup("");
}
