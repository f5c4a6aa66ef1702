/*
 * jsonl-input.h - JSON Lines input for the whosaid command: one document a
 * line, parsed with simdjson or yajl. Shared by main.c and the fuzz target.
 */
#ifndef WHOSAID_JSONL_INPUT_H
#define WHOSAID_JSONL_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * Called once per non-blank line. @where is "FILE:LINE". On success @text
 * holds @len bytes (NULs possible) and @error is NULL; otherwise @error says
 * what is wrong with the line and @text is NULL. @id is the document's id
 * field, or @where when the line has none. All pointers live until the
 * callback returns.
 */
typedef void (*jsonl_doc_fn)(void *ctx, const char *id, const char *where, const char *text,
                             size_t len, const char *error);

/*
 * Reads @f to its end, one line at a time (a line is never held twice in
 * memory). When @read is not NULL, each line's bytes (its break included)
 * are added to *@read before @fn is called for it: how far the reading has
 * got, without asking the file (ftello() is a system call).
 * Returns 0, or the errno of a read error (reported through @fn as a
 * document error as well).
 */
int jsonl_read(FILE *f, const char *where, const char *id_field, const char *text_field,
               jsonl_doc_fn fn, void *ctx, unsigned long long *read);

/*
 * The two halves of jsonl_read(), for a reader that hands lines to other
 * threads: reading the lines, and parsing each.
 *
 * jsonl_read_lines() calls @fn once per non-blank line, without its line
 * break (@error NULL), and once more for a read error (@line NULL); @read
 * and the return value are as jsonl_read()'s.
 */
typedef void (*jsonl_line_fn)(void *ctx, const char *where, const char *line, size_t len,
                              const char *error);
int jsonl_read_lines(FILE *f, const char *where, jsonl_line_fn fn, void *ctx,
                     unsigned long long *read);

/*
 * A parser of lines, for one thread at a time, reading the fields
 * @id_field and @text_field (which must outlive it). NULL when out of
 * memory.
 */
struct jsonl_parser;
struct jsonl_parser *jsonl_parser_new(const char *id_field, const char *text_field);
void jsonl_parser_free(struct jsonl_parser *p);
/*
 * Whether @p reads plain documents with simdjson first (the default) or
 * every line with yajl: the same answers either way, which the tests and
 * the fuzz target check by reading each line both ways.
 */
void jsonl_parser_set_fast(struct jsonl_parser *p, bool on);
/*
 * Parses @line (@n bytes), found at @where. Sets *@id to the document's
 * id (or @where), and, when the line is a document, *@text and *@len to
 * its text; returns NULL then, else what is wrong with the line. The
 * pointers live until the parser's next call.
 */
const char *jsonl_parse(struct jsonl_parser *p, const char *line, size_t n, const char *where,
                        const char **id, const char **text, size_t *len);

#endif
