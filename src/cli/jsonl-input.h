/*
 * jsonl-input.h - JSON Lines input for the whosaid command: one document a
 * line, parsed with yajl. Shared by main.c and the fuzz target.
 */
#ifndef WHOSAID_JSONL_INPUT_H
#define WHOSAID_JSONL_INPUT_H

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
 * memory). Returns 0, or the errno of a read error (reported through
 * @fn as a document error as well).
 */
int jsonl_read(FILE *f, const char *where, const char *id_field, const char *text_field,
               jsonl_doc_fn fn, void *ctx);

#endif
