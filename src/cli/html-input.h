/*
 * html-input.h - the article text of an HTML page (libxml2's HTML parser).
 */
#ifndef WHOSAID_HTML_INPUT_H
#define WHOSAID_HTML_INPUT_H

#include <stddef.h>

/*
 * Returns the article's text as UTF-8 (caller frees; *@out_len its length)
 * or NULL with *@error set (caller frees) when the page cannot be read.
 * @name is the page's file name, for the parser's base URL; may be NULL.
 */
char *html_article_text(const char *data, size_t len, const char *name, size_t *out_len,
                        char **error);

#endif
