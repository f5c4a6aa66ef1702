/*
 * whosaid.h - who said what: quotations, speakers and reporting verbs
 * from news text.
 *
 * The library has three handles, split as PCRE2 splits pcre2_code from
 * pcre2_match_data:
 *
 *   whosaid_rules      compiled rules; immutable once loaded, shareable
 *                      by any number of threads.
 *   whosaid_extractor  per-thread state (match data, ICU iterators,
 *                      scratch buffers). One thread at a time.
 *   whosaid_doc        the result for one document; owns its records.
 *
 * All text is UTF-8. Records carry byte offsets into the document's
 * (repaired) text and Unicode code-point offsets, end exclusive, which is
 * what the JSON records use.
 */
#ifndef WHOSAID_H
#define WHOSAID_H

#include <stddef.h>
#include <stdio.h>

#include "whosaid_version.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#  define WHOSAID_EXPORT
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define WHOSAID_EXPORT __attribute__((visibility("default")))
#else
#  define WHOSAID_EXPORT
#endif

/* MARK: - Errors */

/** Status codes: WHOSAID_OK is 0, every failure is negative. */
typedef enum whosaid_status {
    WHOSAID_OK = 0,
    WHOSAID_ERR_NOMEM = -1,   /* out of memory */
    WHOSAID_ERR_IO = -2,      /* a file or directory could not be read or written */
    WHOSAID_ERR_RULES = -3,   /* a rule file is wrong; file, line, column say where */
    WHOSAID_ERR_INPUT = -4,   /* a document could not be read (bad JSON line, ...) */
    WHOSAID_ERR_LIMIT = -5,   /* a pattern hit its match or depth limit */
    WHOSAID_ERR_ARG = -6      /* a bad argument (NULL where one is needed, ...) */
} whosaid_status;

/** A filled-in error. The message lives in the struct: no lifetime questions. */
typedef struct whosaid_error {
    whosaid_status code;
    char msg[256];
    char file[256];      /* rule file or document, "" when none */
    size_t line, column; /* 1-based, 0 when unknown */
} whosaid_error;

/** The constant name of a status code ("out of memory", ...). Never NULL. */
WHOSAID_EXPORT const char *whosaid_status_string(whosaid_status code);

/** Frees a buffer the library returned to the caller. NULL is a no-op. */
WHOSAID_EXPORT void whosaid_free(void *ptr);

/* MARK: - Version */

/** The library's version string, e.g. "0.1.0" (may differ from the header's). */
WHOSAID_EXPORT const char *whosaid_version(void);

/* MARK: - Rules */

typedef struct whosaid_rules whosaid_rules;

/**
 * Loads the rule set compiled into the library for language @lang ("en";
 * NULL means "en"). Its patterns come precompiled from the build (unless
 * the PCRE2 library differs from the build's in version or configuration,
 * or WHOSAID_NO_RULES_CACHE=1 is set),
 * and are then JIT-compiled (not with whosaid_rules_builtin_opts() and
 * WHOSAID_RULES_NO_JIT).
 *
 * Returns the rules, or NULL with @err filled (@err may be NULL).
 * The caller frees the result with whosaid_rules_free().
 * Thread-safe.
 */
WHOSAID_EXPORT whosaid_rules *whosaid_rules_builtin(const char *lang, whosaid_error *err);

/**
 * Loads every `*.lex` and `*.rules` file of directory @dir, in version-sort
 * order of their names (format: rules/README.md), and compiles the patterns
 * (a pattern the same as one of the built-in rules' comes precompiled).
 *
 * Returns the rules, or NULL with @err filled: WHOSAID_ERR_IO when the
 * directory or a file cannot be read, WHOSAID_ERR_RULES with file, line and
 * column when a rule is wrong. The caller frees the result with
 * whosaid_rules_free(). Thread-safe.
 */
WHOSAID_EXPORT whosaid_rules *whosaid_rules_load_dir(const char *dir, whosaid_error *err);

/**
 * Flags of whosaid_rules_builtin_opts() and whosaid_rules_load_dir_opts().
 *
 * WHOSAID_RULES_NO_JIT: leave the patterns to PCRE2's interpreter until
 * whosaid_rules_jit(). JIT compilation makes matching two to three times
 * as fast but costs about 50 ms: worth it from a few hundred kilobytes of
 * text on, not for one article. The records are the same either way,
 * except where a pattern reaches PCRE2's match or depth limit (reported as
 * a warning on the document): the JIT counts the one differently and has
 * no other.
 */
#define WHOSAID_RULES_NO_JIT 0x1u

/**
 * whosaid_rules_builtin() with @flags (WHOSAID_RULES_*, or-ed); other bits
 * are an error (WHOSAID_ERR_ARG).
 */
WHOSAID_EXPORT whosaid_rules *whosaid_rules_builtin_opts(const char *lang, unsigned flags,
                                                         whosaid_error *err);

/** whosaid_rules_load_dir() with @flags, as whosaid_rules_builtin_opts(). */
WHOSAID_EXPORT whosaid_rules *whosaid_rules_load_dir_opts(const char *dir, unsigned flags,
                                                          whosaid_error *err);

/**
 * JIT-compiles the patterns of @rules that are not yet (rules loaded with
 * WHOSAID_RULES_NO_JIT). A pattern PCRE2 cannot JIT-compile, and every
 * pattern when the environment sets WHOSAID_NO_JIT=1 (for memory
 * checkers), stays interpreted. Returns how many patterns run JIT code
 * (0 for NULL). Not thread-safe: no extractor made from @rules may be
 * extracting meanwhile; extractors made before may be used after.
 */
WHOSAID_EXPORT size_t whosaid_rules_jit(whosaid_rules *rules);

/**
 * Flags of whosaid_rules_jit_opts().
 *
 * WHOSAID_JIT_ASCII: also make and JIT-compile each pattern's second
 * code, compiled without Unicode properties for \s, \w, \d and \b, which
 * runs instead of the first where the text a match may read is all ASCII
 * (there it finds the same matches, about 5% sooner). Making it more than
 * doubles the JIT's start-up (about 60 ms more): it pays for itself from
 * about 20 MB of text on. Until then the first code runs everywhere.
 */
#define WHOSAID_JIT_ASCII 0x1u
/**
 * WHOSAID_JIT_THREADS(n): compile the patterns in @n threads, the
 * calling thread one of them (0 and 1: it alone; more than 64, or a
 * negative number: 64), and at most one for each rule or prefilter. Each
 * pattern is compiled in one thread: with the shipped rules two threads
 * take about 60% of the time of one. The threads are gone when
 * whosaid_rules_jit_opts() returns. A constant expression when @n is
 * one; @n is evaluated twice.
 */
#define WHOSAID_JIT_THREADS(n) (((unsigned)(n) < 64u ? (unsigned)(n) : 64u) << 8)

/**
 * whosaid_rules_jit() with @flags (WHOSAID_JIT_*, or-ed): without
 * WHOSAID_JIT_ASCII only the patterns' first codes are compiled.
 * whosaid_rules_jit() is whosaid_rules_jit_opts(rules, WHOSAID_JIT_ASCII).
 * Returns how many patterns run JIT code, as whosaid_rules_jit(); the same
 * conditions hold.
 */
WHOSAID_EXPORT size_t whosaid_rules_jit_opts(whosaid_rules *rules, unsigned flags);

/**
 * Frees rules. NULL is a no-op. No extractor made from them may remain.
 * Documents made with them may: each keeps the rules (its records' rule
 * ids point into them) until whosaid_doc_free(), and the last one frees
 * them. Thread-safe against documents freed meanwhile.
 */
WHOSAID_EXPORT void whosaid_rules_free(whosaid_rules *rules);

/**
 * How many of the patterns compiled for @rules came precompiled from the
 * build (see whosaid_rules_builtin()); *@total, if not NULL, gets how many
 * there were. Fewer than *@total only cost start-up time: after a PCRE2
 * upgrade none come precompiled. 0 for NULL.
 */
WHOSAID_EXPORT size_t whosaid_rules_precompiled(const whosaid_rules *rules, size_t *total);

/** The number of attribution rules in @rules (0 for NULL). */
WHOSAID_EXPORT size_t whosaid_rules_count(const whosaid_rules *rules);

/** The id of attribution rule @i, or NULL when out of range. Borrowed. */
WHOSAID_EXPORT const char *whosaid_rules_id(const whosaid_rules *rules, size_t i);

/* MARK: - Extraction */

typedef struct whosaid_extractor whosaid_extractor;
typedef struct whosaid_doc whosaid_doc;

/** Options for whosaid_extract(), or-ed together. */
#define WHOSAID_OPT_DEFAULT 0
/** Also keep quotes judged not to be speech (terms, titles, scare quotes). */
#define WHOSAID_OPT_ALL (1u << 0)

/**
 * Makes an extractor over @rules, which must outlive it.
 *
 * Returns NULL with @err filled when out of memory or ICU fails.
 * Thread-safe when: each thread makes and uses its own extractor.
 */
WHOSAID_EXPORT whosaid_extractor *whosaid_extractor_new(const whosaid_rules *rules,
                                                       whosaid_error *err);

/** Frees an extractor. NULL is a no-op. Docs it made stay valid. */
WHOSAID_EXPORT void whosaid_extractor_free(whosaid_extractor *ex);

/**
 * Extracts the quotations of one document.
 *
 * @id is the document's id (copied; may be NULL). @text holds @len bytes of
 * UTF-8; invalid sequences are replaced by U+FFFD, one for each maximal
 * invalid subpart (the Unicode recommendation, and what Python's
 * bytes.decode("utf-8", "replace") does), and every offset refers to that
 * repaired text, which whosaid_doc_text() returns. NUL bytes are kept.
 *
 * Returns the document (free with whosaid_doc_free()), or NULL with @err
 * filled. A pattern that hits its match limit does not fail the document:
 * whosaid_doc_warning_count() counts such events.
 * Thread-safe when: 1. @ex is used by one thread at a time, and 2. the
 * rules are not freed meanwhile.
 */
WHOSAID_EXPORT whosaid_doc *whosaid_extract(whosaid_extractor *ex, const char *id,
                                            const char *text, size_t len,
                                            unsigned options, whosaid_error *err);

/** Frees a document and every record and string it owns. NULL is a no-op. */
WHOSAID_EXPORT void whosaid_doc_free(whosaid_doc *doc);

/** The document's id ("" when none was given). Borrowed from @doc. */
WHOSAID_EXPORT const char *whosaid_doc_id(const whosaid_doc *doc);

/** The repaired UTF-8 text all offsets refer to; @len gets its byte length. */
WHOSAID_EXPORT const char *whosaid_doc_text(const whosaid_doc *doc, size_t *len);

/** The number of invalid UTF-8 subparts replaced by U+FFFD, in the text and the id. */
WHOSAID_EXPORT size_t whosaid_doc_invalid_count(const whosaid_doc *doc);

/** The number of pattern runs that hit a match or depth limit. */
WHOSAID_EXPORT size_t whosaid_doc_warning_count(const whosaid_doc *doc);

/** The first limit warning's text ("rule X hit its match limit"), or NULL. */
WHOSAID_EXPORT const char *whosaid_doc_warning(const whosaid_doc *doc);

/**
 * One line of an extractor's profile: a pattern's runs, or a stage's.
 *
 * Rules come first, in the order whosaid_rules_id() numbers them, then
 * each shared prefilter ("requires" key), then the stages of extraction
 * (their time includes the rules they run).
 */
typedef struct whosaid_stat {
    const char *name;           /* rule id; "requires:" + the first rule using
                                   it; "stage:" + segment, quotes, attribute,
                                   resolve. Borrowed from the extractor. */
    unsigned long long calls;   /* pattern runs; for a stage, documents */
    unsigned long long matches; /* runs that matched; 0 for a stage */
    double seconds;             /* wall time inside them */
} whosaid_stat;

/**
 * Turns the profile of @ex on (@on non-zero; counters start at zero) or
 * off. Off by default: timing every pattern run costs a few per cent.
 * Returns WHOSAID_OK, WHOSAID_ERR_NOMEM, or WHOSAID_ERR_ARG when @ex is NULL.
 */
WHOSAID_EXPORT whosaid_status whosaid_extractor_profile(whosaid_extractor *ex, int on);

/**
 * Copies up to @n lines of the profile of @ex into @out (may be NULL when
 * @n is 0) and returns how many there are: 0 when the profile is off.
 * The lines of two extractors over the same rules are in the same order,
 * so that threads' profiles can be added up.
 */
WHOSAID_EXPORT size_t whosaid_extractor_stats(const whosaid_extractor *ex, whosaid_stat *out,
                                              size_t n);

/** The number of paragraphs found. */
WHOSAID_EXPORT size_t whosaid_doc_paragraph_count(const whosaid_doc *doc);
/**
 * The number of sentences in the document. whosaid_extract() finds the
 * sentences only up to the last paragraph a quote reaches (no others
 * matter to a record); this call segments the paragraphs after it, each
 * time it is made, without changing @doc. SIZE_MAX when out of memory.
 */
WHOSAID_EXPORT size_t whosaid_doc_sentence_count(const whosaid_doc *doc);

/* MARK: - Records */

/** A span of the document: bytes and code points, end exclusive. */
typedef struct whosaid_span {
    size_t start, end;       /* byte offsets into whosaid_doc_text() */
    size_t cp_start, cp_end; /* code-point offsets */
} whosaid_span;

/** WHOSAID_NOSPAN in start marks a span that is absent. */
#define WHOSAID_NOSPAN ((size_t)-1)

typedef enum whosaid_quote_type {
    WHOSAID_DIRECT = 0,  /* a whole utterance in quotation marks */
    WHOSAID_PARTIAL = 1, /* words quoted inside the writer's sentence */
    WHOSAID_TERM = 2     /* not speech: a term, title or scare quote */
} whosaid_quote_type;

/** The kind of the speaker's entity. */
typedef enum whosaid_speaker_kind {
    WHOSAID_KIND_NONE = 0,
    WHOSAID_KIND_PERSON = 1,
    WHOSAID_KIND_ORGANISATION = 2
} whosaid_speaker_kind;

/**
 * One quotation. Read-only; every pointer is borrowed from the whosaid_doc
 * and valid until whosaid_doc_free().
 */
typedef struct whosaid_quote {
    whosaid_span quote;           /* the content, without quotation marks */
    whosaid_quote_type type;
    const char *speaker;          /* canonical name, NULL when not found */
    whosaid_speaker_kind speaker_kind;
    whosaid_span speaker_mention; /* the words used; start WHOSAID_NOSPAN if none */
    whosaid_span cue;             /* reporting verb; start WHOSAID_NOSPAN if none */
    whosaid_span via;             /* who relayed the words, or WHOSAID_NOSPAN */
    const char *rule;             /* id of the rule that attributed it, or NULL */
    double confidence;            /* 0..1: how likely speaker and span are right */
    size_t paragraph, sentence;   /* 0-based within the document */
    long group;                   /* quotes continued across paragraphs share it; -1 */
} whosaid_quote;

/** The number of quotes in @doc, in document order. */
WHOSAID_EXPORT size_t whosaid_doc_quote_count(const whosaid_doc *doc);

/** Quote @i of @doc, or NULL when out of range. Borrowed from @doc. */
WHOSAID_EXPORT const whosaid_quote *whosaid_doc_quote(const whosaid_doc *doc, size_t i);

/** "direct", "partial" or "term". */
WHOSAID_EXPORT const char *whosaid_quote_type_string(whosaid_quote_type type);

/* MARK: - Writers */

typedef enum whosaid_format {
    WHOSAID_FORMAT_JSONL = 0, /* one JSON object a record, a line each */
    WHOSAID_FORMAT_CSV = 1,   /* RFC 4180, a header row, CRLF; an error column last */
    WHOSAID_FORMAT_TSV = 2,   /* tab-separated, \t \n \r \\ escaped; same columns */
    WHOSAID_FORMAT_SQLITE = 3 /* a SQLite database: see whosaid_writer_open() */
} whosaid_format;

typedef struct whosaid_writer whosaid_writer;

/**
 * Makes a writer of records in @format to @out, which it does not close.
 * Returns NULL with @err filled on a bad format or no memory.
 */
WHOSAID_EXPORT whosaid_writer *whosaid_writer_new(whosaid_format format, FILE *out,
                                                  whosaid_error *err);

/**
 * Makes a writer of records into the file at @path: for
 * WHOSAID_FORMAT_SQLITE, a database created or appended to (the schema is in
 * the README; a document id written again replaces its rows); for the other
 * formats, the file is created or truncated. Returns NULL with @err filled
 * when the file cannot be opened or the database has another schema
 * version. whosaid_writer_close() commits and closes it.
 */
WHOSAID_EXPORT whosaid_writer *whosaid_writer_open(whosaid_format format, const char *path,
                                                   whosaid_error *err);

/**
 * Sets where the next documents come from (a file, "file:line"), kept by
 * the SQLite writer in documents.source. @source is copied; NULL clears it.
 */
WHOSAID_EXPORT void whosaid_writer_source(whosaid_writer *w, const char *source);

/** How many documents a SQLite writer writes in one transaction, unless told. */
#define WHOSAID_WRITER_BATCH 2000

/**
 * Sets how many documents (@docs, at least 1) a SQLite writer writes in
 * one transaction, from the next document on. Larger batches write
 * faster (the full-text index is built once a batch) and hold the
 * database's write lock longer; a failed write loses its batch. The
 * other formats ignore it. Returns WHOSAID_OK, or WHOSAID_ERR_ARG for a NULL
 * @w or 0 documents.
 */
WHOSAID_EXPORT whosaid_status whosaid_writer_batch(whosaid_writer *w, size_t docs);

/**
 * Writes every record of @doc. Returns WHOSAID_OK or WHOSAID_ERR_IO. A
 * SQLite writer commits every WHOSAID_WRITER_BATCH documents (see
 * whosaid_writer_batch()); after a failed write it rolls
 * back the documents since its last commit and refuses every later write
 * (the database keeps its last committed state, as after an interrupted
 * run).
 */
WHOSAID_EXPORT whosaid_status whosaid_writer_doc(whosaid_writer *w, const whosaid_doc *doc);

/**
 * Appends the records of @doc as JSON Lines, byte for byte as a JSON Lines
 * writer writes them, to the buffer *@buf of *@cap bytes, *@len of them in
 * use (NULL, 0 and 0 to start one), which it grows with realloc(): the
 * caller frees it. A NUL follows them, not counted. For a program that
 * writes the records elsewhere or later, such as one thread's records
 * written by another. Returns WHOSAID_OK; WHOSAID_ERR_ARG for a NULL
 * argument or an inconsistent buffer; WHOSAID_ERR_NOMEM, when *@len is as
 * before (*@buf and *@cap stay valid).
 */
WHOSAID_EXPORT whosaid_status whosaid_doc_jsonl(const whosaid_doc *doc, char **buf, size_t *len,
                                                size_t *cap);

/**
 * Writes the error record of a document that could not be read:
 * {"doc": @id, "error": @message}. Returns WHOSAID_OK or WHOSAID_ERR_IO.
 */
WHOSAID_EXPORT whosaid_status whosaid_writer_error(whosaid_writer *w, const char *id,
                                                   const char *message);

/**
 * Writes out what @w holds: commits a SQLite writer's open transaction,
 * flushes the others' output. Returns WHOSAID_OK or WHOSAID_ERR_IO (then
 * whosaid_writer_message() may say why). More may be written after it.
 */
WHOSAID_EXPORT whosaid_status whosaid_writer_flush(whosaid_writer *w);

/**
 * Why a write of @w failed, when SQLite said ("cannot add a quote: database
 * is locked"); NULL when no write failed, and for the other formats (errno
 * tells).
 */
WHOSAID_EXPORT const char *whosaid_writer_message(const whosaid_writer *w);

/** Flushes and frees @w. Returns WHOSAID_ERR_IO when a write failed. NULL: OK. */
WHOSAID_EXPORT whosaid_status whosaid_writer_close(whosaid_writer *w);

#ifdef __cplusplus
}
#endif

#endif /* WHOSAID_H */
