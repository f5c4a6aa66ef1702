/*
 * jsonl-fast.h - the JSON Lines reader's fast path: simdjson's parser
 * reads a line that is a plain document (an object whose id, if any, and
 * text are strings, each given once, the whole line valid JSON and UTF-8,
 * at most JSONL_FAST_MAX bytes, opening with no byte order mark)
 * at a gigabyte a second or more, where yajl reads about 280 MB/s. Every
 * other line is left to yajl (jsonl-input.c), which says what is wrong
 * with it, repairs invalid UTF-8 and takes an integer id: what this path
 * returns is what yajl would, for the lines it takes.
 */
#ifndef WHOSAID_JSONL_FAST_H
#define WHOSAID_JSONL_FAST_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Lines longer than this go to yajl: simdjson's parser keeps about
 * seventeen bytes of memory for each byte of the longest line it has read
 * (a parser a job: 1.1 MB at this bound, 4.4 MB at 256 KB), while yajl
 * streams. A news article's line is a few kilobytes (the BBC corpus's
 * longest 25 KB, PolNeAR's 59 KB).
 */
#define JSONL_FAST_MAX ((size_t)64 << 10)

/* A parser for one thread at a time; NULL when out of memory. */
struct jsonl_fast;
struct jsonl_fast *jsonl_fast_new(void);
void jsonl_fast_free(struct jsonl_fast *f);

/*
 * Reads @line (@n bytes) as a document with the fields @id_field and
 * @text_field. True when it is a plain document (see above): then *@id is
 * its id as a C string without a NUL inside, or NULL when it has none, and
 * *@text holds its *@len bytes of text; they live until the next call.
 * False for every other line, and when out of memory: yajl reads those.
 */
bool jsonl_fast_parse(struct jsonl_fast *f, const char *line, size_t n, const char *id_field,
                      const char *text_field, const char **id, const char **text, size_t *len);

#ifdef __cplusplus
}
#endif

#endif
