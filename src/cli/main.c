/*
 * main.c - the whosaid command: reads files, directories or standard input
 * (plain text or JSON Lines), extracts the quotations of every document and
 * writes records. Includes only the public header.
 *
 * Exit status: 0 ok; 1 some document could not be read (its error record
 * was written) or a pattern hit a limit; 2 usage, rule or output error.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <yajl/yajl_gen.h>
#include <whosaid.h>

#include "html-input.h"
#include "jsonl-input.h"

enum { EXIT_DOCS = 1, EXIT_USAGE = 2 };
enum input_kind { IN_AUTO, IN_TEXT, IN_JSONL, IN_HTML };

struct pool;

/* --profile: the extractors' profiles added up (names owned) */
struct profile {
    whosaid_stat *lines;
    size_t n;
    bool failed; /* out of memory: the profile is incomplete */
};

struct run {
    whosaid_rules *rules;
    /* --jit auto: JIT-compile the rules once this much text has been read; 0: done, or never */
    unsigned long long jit_after;
    bool jitted;                   /* when: jit_bytes of text read; how many: jit_patterns */
    unsigned long long jit_bytes;
    size_t jit_patterns;
    unsigned jit_threads; /* -j: the threads that compile them (the workers wait meanwhile) */
    whosaid_extractor *ex;
    struct pool *pool; /* NULL: one job, documents done as they are read */
    whosaid_writer *w;
    enum input_kind input;
    const char *id_field, *text_field;
    unsigned options;
    FILE *out;        /* where the records go, but for -f sqlite */
    bool emit_text;   /* --emit-text: each document's text, not its records */
    int status;       /* EXIT_SUCCESS or EXIT_DOCS so far */
    bool out_failed;
    int out_errno;
    char out_msg[256]; /* the writer's own message (SQLite's), or empty: out_errno tells */
    /* directories being read, to break symlink loops */
    struct dir_id {
        dev_t dev;
        ino_t ino;
    } dirs[64];
    int ndirs;
    /* --stats and the progress line */
    bool stats, progress;
    struct profile *prof; /* --profile; NULL when not asked for */
    size_t docs, errors, quotes, attributed;
    unsigned long long bytes_in, bytes_before, total_in; /* total_in 0: unknown */
    bool stdin_read;        /* standard input has been read (its buffer is set) */
    bool in_jsonl;          /* reading JSON Lines: ... */
    unsigned long long in_read; /* ... and this many bytes of the file so far */
    double start, last_progress;
    struct speaker_count {
        char *name;
        size_t n;
    } *speakers; /* open addressing, a power of two slots */
    size_t nspeakers, speakers_cap;
};

static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t
hash_name(const char *s)
{
    size_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* Counts one quote of @name for --stats. */
static void
count_speaker(struct run *R, const char *name)
{
    if (R->nspeakers * 2 >= R->speakers_cap) {
        size_t ncap = R->speakers_cap ? R->speakers_cap * 2 : 256;
        struct speaker_count *nt = calloc(ncap, sizeof *nt);
        if (!nt)
            return;
        for (size_t i = 0; i < R->speakers_cap; i++)
            if (R->speakers[i].name) {
                size_t k = hash_name(R->speakers[i].name) & (ncap - 1);
                while (nt[k].name)
                    k = (k + 1) & (ncap - 1);
                nt[k] = R->speakers[i];
            }
        free(R->speakers);
        R->speakers = nt;
        R->speakers_cap = ncap;
    }
    size_t k = hash_name(name) & (R->speakers_cap - 1);
    while (R->speakers[k].name && strcmp(R->speakers[k].name, name))
        k = (k + 1) & (R->speakers_cap - 1);
    if (!R->speakers[k].name) {
        if (!(R->speakers[k].name = strdup(name)))
            return;
        R->nspeakers++;
    }
    R->speakers[k].n++;
}

static int
cmp_speaker_count(const void *a, const void *b)
{
    const struct speaker_count *x = a, *y = b;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return strcmp(x->name ? x->name : "", y->name ? y->name : "");
}

/* The progress line on a terminal: documents, MB, MB/s, quotes, ETA. */
static void
show_progress(struct run *R, bool final)
{
    if (!R->progress)
        return;
    double t = now();
    if (!final && t - R->last_progress < 0.25)
        return;
    R->last_progress = t;
    double secs = t - R->start > 1e-6 ? t - R->start : 1e-6;
    double mb = (double)R->bytes_in / 1e6;
    char eta[64] = "";
    if (R->total_in && R->bytes_in && !final) {
        double left = (double)(R->total_in > R->bytes_in ? R->total_in - R->bytes_in : 0);
        snprintf(eta, sizeof eta, ", ETA %.0f s", left / ((double)R->bytes_in / secs));
    }
    fprintf(stderr, "\r\033[Kwhosaid: %zu documents, %.1f MB, %.1f MB/s, %zu quotes%s%s", R->docs,
            mb, mb / secs, R->quotes, eta, final ? "\n" : "");
    fflush(stderr);
}

static void
print_stats(struct run *R)
{
    double secs = now() - R->start;
    fprintf(stderr, "whosaid: %zu documents (%zu unreadable), %zu quotes, %zu attributed (%.1f%%), "
                    "%.1f MB in %.2f s\n",
            R->docs, R->errors, R->quotes, R->attributed,
            R->quotes ? 100.0 * (double)R->attributed / (double)R->quotes : 0.0,
            (double)R->bytes_in / 1e6, secs);
    size_t total, pre = whosaid_rules_precompiled(R->rules, &total);
    fprintf(stderr, "whosaid: %zu of %zu patterns precompiled when whosaid was built\n", pre, total);
    if (R->jitted)
        fprintf(stderr, "whosaid: %zu patterns JIT-compiled after %.2f MB of text\n",
                R->jit_patterns, (double)R->jit_bytes / 1e6);
    else
        fprintf(stderr, "whosaid: patterns interpreted (PCRE2's JIT not used)\n");
    if (!R->nspeakers)
        return;
    qsort(R->speakers, R->speakers_cap, sizeof *R->speakers, cmp_speaker_count);
    fprintf(stderr, "whosaid: top speakers:");
    for (size_t i = 0; i < 10 && i < R->speakers_cap && R->speakers[i].name; i++)
        fprintf(stderr, "%s %s (%zu)", i ? "," : "", R->speakers[i].name, R->speakers[i].n);
    fprintf(stderr, "\n");
}

/* Adds the profile of @ex to @P (one thread at a time). */
static void
profile_add(struct profile *P, const whosaid_extractor *ex)
{
    size_t n = whosaid_extractor_stats(ex, NULL, 0);
    whosaid_stat *add = n ? calloc(n, sizeof *add) : NULL;
    if (!add) {
        P->failed = P->failed || n;
        return;
    }
    whosaid_extractor_stats(ex, add, n);
    if (!P->lines) {
        P->lines = calloc(n, sizeof *P->lines);
        if (!P->lines) {
            P->failed = true;
            free(add);
            return;
        }
        P->n = n;
        for (size_t i = 0; i < n; i++)
            if (!(P->lines[i].name = strdup(add[i].name)))
                P->failed = true;
    }
    for (size_t i = 0; i < n && i < P->n; i++) {
        P->lines[i].calls += add[i].calls;
        P->lines[i].matches += add[i].matches;
        P->lines[i].seconds += add[i].seconds;
    }
    free(add);
}

static int
cmp_stat_seconds(const void *a, const void *b)
{
    const whosaid_stat *x = a, *y = b;
    return (x->seconds < y->seconds) - (x->seconds > y->seconds);
}

/*
 * --profile: where the extraction time went, stage by stage, then the
 * patterns that ran, slowest first (times are summed over threads).
 */
static void
print_profile(struct profile *P)
{
    if (P->failed)
        fprintf(stderr, "whosaid: warning: out of memory: the profile is incomplete\n");
    double total = 0;
    for (size_t i = 0; i < P->n; i++)
        if (P->lines[i].name && !strncmp(P->lines[i].name, "stage:", 6))
            total += P->lines[i].seconds;
    fprintf(stderr, "whosaid: profile: %.3f s extracting\n", total);
    fprintf(stderr, "%10s %6s %12s %12s  %s\n", "seconds", "share", "runs", "matches",
            "stage or pattern");
    qsort(P->lines, P->n, sizeof *P->lines, cmp_stat_seconds);
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < P->n; i++) {
            const whosaid_stat *st = &P->lines[i];
            bool stage = st->name && !strncmp(st->name, "stage:", 6);
            if (stage != (pass == 0) || !st->calls)
                continue;
            fprintf(stderr, "%10.3f %5.1f%% %12llu %12llu  %s\n", st->seconds,
                    total > 0 ? 100.0 * st->seconds / total : 0.0, st->calls, st->matches,
                    st->name ? st->name : "?");
        }
    for (size_t i = 0; i < P->n; i++)
        free((char *)P->lines[i].name);
    free(P->lines);
}

/* The temporary output file, removed if the run is interrupted. */
static char *tmp_output;

static void
on_signal(int sig)
{
    if (tmp_output)
        unlink(tmp_output);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void
die_usage(const char *what, const char *arg, const char *expected)
{
    fprintf(stderr, "whosaid: error: %s '%s' (%s)\n", what, arg, expected);
    fprintf(stderr, "Try 'whosaid --help' for more information.\n");
    exit(EXIT_USAGE);
}

static void
usage(void)
{
    printf("Usage: whosaid [OPTIONS] [FILE|DIR ...]\n"
           "       whosaid validate-rules DIR\n"
           "\n"
           "Writes a who-said-what record for every quotation in news text:\n"
           "the quote, its speaker, the reporting verb, and their offsets.\n"
           "With no FILE, or when FILE is -, reads standard input.\n"
           "\n"
           "  -f, --format FORMAT    output format: jsonl (default), csv, tsv, or sqlite\n"
           "                         (a database file, with -o PATH)\n"
           "      --batch N          with -f sqlite: documents a transaction holds\n"
           "                         (default 2000)\n"
           "  -o, --output PATH      write records to PATH instead of standard output\n"
           "      --input KIND       auto (default), text, html or jsonl\n"
           "      --id-field NAME    JSON Lines field holding the document id (id)\n"
           "      --text-field NAME  JSON Lines field holding the text (text)\n"
           "      --rules DIR        load rules from DIR instead of the built-in set\n"
           "      --lang LANG        language of the built-in rules (en)\n"
           "      --all              also write quotes that are not speech (type term)\n"
           "      --emit-text        write each document's text as JSON Lines\n"
           "                         ({\"doc\", \"text\"}), the text every offset refers to\n"
           "  -j, --jobs N           extract with N threads (default: one per core);\n"
           "                         the output is the same whatever N is\n"
           "      --stats            print a summary at the end: documents, quotes,\n"
           "                         share attributed, errors, top speakers\n"
           "      --profile          print where the time went at the end: each stage\n"
           "                         and each rule's pattern runs, slowest first\n"
           "      --jit MODE         when to JIT-compile the rules: auto (after 256 KB\n"
           "                         of text), always or never\n"
           "      --progress, --no-progress\n"
           "                         a progress line on standard error (default: when\n"
           "                         it is a terminal)\n"
           "      --version          print the version and exit\n"
           "      --help             print this help and exit\n"
           "\n"
           "With --input auto, files ending in .jsonl or .ndjson are JSON Lines,\n"
           "files ending in .html or .htm HTML pages (the article's text is taken),\n"
           "and other files plain text; in a directory (read recursively, in sorted\n"
           "order) *.txt, *.text, *.html and *.htm files are read, and *.jsonl and\n"
           "*.ndjson files instead with --input jsonl.\n"
           "\n"
           "Exit status: 0 success; 1 a document could not be read (an error record\n"
           "was written for it) or a rule hit its match limit; 2 a usage, rule or\n"
           "output error.\n");
}

static void pool_submit(struct run *R, const char *id, const char *where, const char *text,
                        size_t len, const char *error, bool raw);

/* The writer failed: keeps errno and the writer's own message. */
static void
writer_failed(struct run *R)
{
    R->out_failed = true;
    R->out_errno = errno;
    const char *m = whosaid_writer_message(R->w);
    snprintf(R->out_msg, sizeof R->out_msg, "%s", m ? m : "");
}

/* Writes the error record of a document, on the writing thread. */
static void
emit_error(struct run *R, const char *id, const char *msg)
{
    whosaid_writer_source(R->w, NULL);
    if (R->progress)
        fprintf(stderr, "\r\033[K");
    R->errors++;
    fprintf(stderr, "whosaid: error: %s\n", msg);
    if (!R->out_failed && whosaid_writer_error(R->w, id, msg) != WHOSAID_OK)
        writer_failed(R);
    R->status = EXIT_DOCS;
}

/*
 * What the writing thread needs of a document besides its records: its
 * messages and counts. A worker that has written the records keeps this
 * and frees the document itself: memory is best freed by the thread that
 * took it (glibc's malloc locks the other thread's arena for each free).
 */
struct doc_summary {
    size_t invalid;      /* invalid UTF-8 sequences replaced */
    size_t warnings;     /* the times a rule hit a limit ... */
    const char *warning; /* ... and the first one's message */
    size_t quotes, attributed;
};

static void
doc_summarize(const whosaid_doc *doc, struct doc_summary *s)
{
    s->invalid = whosaid_doc_invalid_count(doc);
    s->warnings = whosaid_doc_warning_count(doc);
    s->warning = s->warnings ? whosaid_doc_warning(doc) : NULL;
    s->quotes = whosaid_doc_quote_count(doc);
    s->attributed = 0;
    for (size_t i = 0; i < s->quotes; i++)
        s->attributed += whosaid_doc_quote(doc, i)->speaker != NULL;
}

/*
 * Reports a document's warnings and writes its records, on the writing
 * thread; @records (@rlen bytes), when not NULL, are the records already
 * written as JSON Lines by the worker that extracted the document. @doc
 * is NULL when that worker has freed it, keeping its summary @sum (which
 * is NULL otherwise); not with --emit-text or --stats, which need it.
 */
static void
emit_doc(struct run *R, whosaid_doc *doc, const struct doc_summary *sum, const char *where,
         const char *records, size_t rlen)
{
    struct doc_summary own;
    if (!sum) {
        doc_summarize(doc, &own);
        sum = &own;
    }
    if (R->progress && (sum->invalid || sum->warnings))
        fprintf(stderr, "\r\033[K"); /* a message starts on a clean line */
    if (sum->invalid)
        fprintf(stderr, "whosaid: warning: %s: %zu invalid UTF-8 sequence(s) replaced by U+FFFD\n",
                where, sum->invalid);
    if (sum->warnings) {
        fprintf(stderr, "whosaid: warning: %s: %s (%zu time(s)); attributions may be missing\n",
                where, sum->warning, sum->warnings);
        R->status = EXIT_DOCS;
    }
    whosaid_writer_source(R->w, where);
    if (R->emit_text) {
        size_t len;
        const char *text = whosaid_doc_text(doc, &len);
        const char *id = whosaid_doc_id(doc);
        yajl_gen g = yajl_gen_alloc(NULL);
        const unsigned char *line = NULL;
        size_t ll = 0;
        bool ok = g && yajl_gen_map_open(g) == yajl_gen_status_ok &&
                  yajl_gen_string(g, (const unsigned char *)"doc", 3) == yajl_gen_status_ok &&
                  yajl_gen_string(g, (const unsigned char *)id, strlen(id)) == yajl_gen_status_ok &&
                  yajl_gen_string(g, (const unsigned char *)"text", 4) == yajl_gen_status_ok &&
                  yajl_gen_string(g, (const unsigned char *)text, len) == yajl_gen_status_ok &&
                  yajl_gen_map_close(g) == yajl_gen_status_ok &&
                  yajl_gen_get_buf(g, &line, &ll) == yajl_gen_status_ok;
        if (!R->out_failed && (!ok || fwrite(line, 1, ll, stdout) != ll || putchar('\n') == EOF)) {
            R->out_failed = true;
            R->out_errno = errno;
        }
        if (g)
            yajl_gen_free(g);
    } else if (records) {
        if (!R->out_failed && rlen && fwrite(records, 1, rlen, R->out) != rlen) {
            R->out_failed = true;
            R->out_errno = errno;
        }
    } else if (!R->out_failed && whosaid_writer_doc(R->w, doc) != WHOSAID_OK) {
        writer_failed(R);
    }
    R->docs++;
    R->quotes += sum->quotes;
    R->attributed += sum->attributed;
    for (size_t i = 0; R->stats && i < sum->quotes; i++) {
        const whosaid_quote *q = whosaid_doc_quote(doc, i);
        if (q->speaker)
            count_speaker(R, q->speaker);
    }
    show_progress(R, false);
}

/*
 * Reports a document that could not be read: "WHERE: WHAT[: DETAIL]" on
 * standard error and as its error record, in its place among the others.
 */
static void
write_error(struct run *R, const char *id, const char *where, const char *what, const char *detail)
{
    char *msg = NULL;
    if (asprintf(&msg, "%s: %s%s%s", where, what, detail ? ": " : "", detail ? detail : "") < 0)
        msg = NULL;
    if (R->pool)
        pool_submit(R, id, where, NULL, 0, msg ? msg : what, false);
    else
        emit_error(R, id, msg ? msg : what);
    free(msg);
}

static void pool_drain(struct run *R, bool wait);
static bool pool_empty(const struct run *R);

/*
 * --jit auto: the rules start in PCRE2's interpreter, which costs nothing
 * to set up; once JIT_AFTER bytes of text have been read, the JIT's
 * start-up (about 50 ms) pays for itself, and the rules are compiled,
 * between two documents: the workers finish theirs first, since compiled
 * rules are shared. Which documents ran interpreted depends only on the
 * input, and the records are the same either way (unless a pattern reaches
 * PCRE2's match or depth limit, which the JIT counts differently).
 */
#define JIT_AFTER (256u * 1024)
/*
 * ... and the patterns' codes for ASCII text (WHOSAID_JIT_ASCII: another
 * 60 ms, for 4-5% of the extraction where the text is ASCII) once this
 * much has been read.
 */
#define JIT_ASCII_AFTER (20u * 1024 * 1024)
/* The block a JSON Lines file is read in: 64 KB, not the 4 KB stdio takes by default */
#define JSONL_BUFFER ((size_t)64 << 10)

static void
jit_now(struct run *R, bool ascii)
{
    while (R->pool && !pool_empty(R))
        pool_drain(R, true);
    size_t n = whosaid_rules_jit_opts(R->rules, (ascii ? WHOSAID_JIT_ASCII : 0) |
                                                    WHOSAID_JIT_THREADS(R->jit_threads));
    if (!R->jitted) {
        R->jit_patterns = n;
        R->jit_bytes = R->bytes_in;
        R->jitted = true;
    }
    R->jit_after = ascii ? 0 : JIT_ASCII_AFTER;
}

/* Counts a document of @len bytes as read; JIT-compiles the rules when it is time. */
static void
count_input(struct run *R, size_t len)
{
    if (R->in_jsonl) { /* JSON Lines: how far into the file */
        R->bytes_in = R->bytes_before + R->in_read;
    } else {
        R->bytes_in += len;
    }
    if (R->jit_after && R->bytes_in >= R->jit_after)
        jit_now(R, R->jitted);
}

/* Extracts and writes one document; @where names it in messages. */
static void
process(struct run *R, const char *id, const char *where, const char *text, size_t len)
{
    count_input(R, len);
    if (R->pool) {
        pool_submit(R, id, where, text, len, NULL, false);
        return;
    }
    whosaid_error err = {0};
    whosaid_doc *doc = whosaid_extract(R->ex, id, text, len, R->options, &err);
    if (!doc) {
        write_error(R, id, where, err.msg, NULL);
        return;
    }
    emit_doc(R, doc, NULL, where, NULL, 0);
    whosaid_doc_free(doc);
}

/*
 * -j N: documents are extracted by N threads, each with its own extractor
 * over the shared rules, and written by the reading thread in the order
 * they were read, so the output is byte for byte that of -j 1. The
 * reading thread is one of the N: N - 1 workers start, and where it would
 * wait for the oldest document (the window is full) it extracts the next
 * one itself. With N workers beside it, the three threads of -j 2 on two
 * cores took turns: over the 100 MB benchmark, 2,200-2,500 context
 * switches against 90-300 now, and 3-5% more CPU time.
 * A slow writer (a database) keeps N workers: it is the bottleneck. At most
 * SLOTS_PER_JOB * N documents, at most INFLIGHT_BYTES of their text (or
 * a single document of any size), and at most INFLIGHT_BYTES of finished
 * records (and those of the N documents being extracted) are in flight:
 * memory stays bounded whatever the input's size. A deep window keeps
 * every worker busy while the oldest document, which must be written
 * first, is still running (4 slots a job gave 1.6 times the speed of -j 1
 * on two cores, 16 give 1.8); 64 wake the writer, and take the lock, half
 * as often as 16 (the context switches of -j 2 over the 100 MB benchmark:
 * 2,300 against 5,000).
 */
#define SLOTS_PER_JOB 64
#define KEEP_RECORDS ((size_t)16 << 10)
#define INFLIGHT_BYTES ((size_t)16 << 20)

enum slot_state { SLOT_FREE, SLOT_QUEUED, SLOT_WORKING, SLOT_DONE };

struct slot {
    enum slot_state state;
    char *id, *where, *text, *error;
    size_t len;
    char *records; /* the document's records as JSON Lines, written by the worker (rbuf); or NULL */
    size_t rlen;
    /*
     * Where the worker writes the records, kept from document to document
     * when it holds at most KEEP_RECORDS bytes (a news article's records
     * are a few kilobytes), freed by the writing thread when longer: a
     * slot's memory stays small whatever the documents' size.
     */
    char *rbuf;
    size_t rcap;
    whosaid_doc *doc;
    char *fail; /* extraction failed: the message */
    bool raw;   /* text is a JSON Lines line, which the worker parses (id: NULL until then) */
    bool summarized;        /* the worker freed doc: sum tells what emit_doc() needs */
    struct doc_summary sum; /* sum.warning is the slot's own copy */
    size_t charged; /* what the slot adds to the pool's bytes */
};

struct pool {
    pthread_mutex_t lock;
    pthread_cond_t work, done;
    pthread_t *threads;
    int nthreads;
    struct slot *slots;
    size_t nslots;
    size_t next_fill, next_take, next_write;
    size_t bytes; /* text in flight; touched by the reading thread only */
    size_t rbytes; /* records of finished documents not yet written (under the lock) */
    int idle;            /* workers waiting for a document */
    bool writer_waiting; /* the reading thread waits for the oldest document */
    bool closing;
    const whosaid_rules *rules;
    unsigned options;
    struct profile *prof; /* --profile; added to under the lock */
    bool jsonl;           /* records as JSON Lines: the workers write them, in memory */
    bool summarize;       /* ... and free the documents (but for --emit-text and --stats) */
    bool slow_writer;     /* writing a document costs about what extracting it does (a database) */
    const char *id_field, *text_field; /* of JSON Lines input, which the workers parse */
    /*
     * The reading thread's own means to extract a document (helps): it
     * extracts the next one itself rather than wait for the oldest
     * (whosaid_extractor is the run's, for -j 1).
     */
    bool helps;
    whosaid_extractor *own_ex;
    struct jsonl_parser *own_parser;
};

/*
 * Is it time to wake the writer (under the lock)? Only when it waits, the
 * oldest document is done, and either half the window is done behind it
 * or no document is left to start (then it has to write and read on).
 * Waking it for every small document made the wake-ups the largest cost
 * of -j. A slow writer (a database) is woken as soon as the oldest is done.
 */
static bool
wake_writer(const struct pool *P)
{
    if (!P->writer_waiting || P->slots[P->next_write % P->nslots].state != SLOT_DONE)
        return false;
    if (P->next_take == P->next_fill || P->rbytes > INFLIGHT_BYTES)
        return true; /* nothing left to start, or the workers wait for records to be written */
    if (P->slow_writer)
        return true; /* it is the bottleneck: every moment it sleeps is lost */
    size_t run = 0;
    for (size_t k = P->next_write; k < P->next_fill && P->slots[k % P->nslots].state == SLOT_DONE;
         k++)
        run++;
    return run * 2 >= P->nslots;
}

/*
 * Turns a slot's JSON Lines line into its document (id and text), or into
 * the error record of a bad line, as jsonl_read() and on_jsonl_doc() do
 * on the reading thread without -j.
 */
static void
parse_slot(struct slot *sl, struct jsonl_parser *parser)
{
    const char *id = sl->where, *text = NULL;
    size_t len = 0;
    const char *error = parser ? jsonl_parse(parser, sl->text, sl->len, sl->where, &id, &text, &len)
                               : "out of memory";
    sl->id = strdup(id);
    if (error && asprintf(&sl->error, "%s: %s", sl->where, error) < 0)
        sl->error = NULL;
    if (!sl->id || (error && !sl->error)) {
        free(sl->error);
        sl->error = strdup("out of memory");
        if (!sl->id)
            sl->id = strdup("");
    }
    if (sl->error) {
        free(sl->text);
        sl->text = NULL;
        len = 0;
    } else {
        /* into the line: a JSON string decodes to no more bytes than it takes */
        memcpy(sl->text, text, len);
    }
    sl->len = len;
}

/*
 * Keeps what the writing thread needs of the slot's document, whose
 * records are written, and frees it and its id: memory is best freed by
 * the thread that took it.
 */
static void
summarize_slot(struct slot *sl)
{
    doc_summarize(sl->doc, &sl->sum);
    if (sl->sum.warning && !(sl->sum.warning = strdup(sl->sum.warning)))
        return; /* out of memory: the document stays */
    whosaid_doc_free(sl->doc);
    sl->doc = NULL;
    free(sl->id);
    sl->id = NULL;
    sl->summarized = true;
}

/*
 * May a worker take the next document (under the lock)? There is one, and
 * the records of finished documents that wait to be written are within
 * INFLIGHT_BYTES, or it is the oldest document not written, for which the
 * writing thread waits. Records can be twenty times their text (a
 * document dense in short quotes): a window bounded by text alone let
 * them pile up behind a slow reader of the output.
 */
static bool
may_take(const struct pool *P)
{
    return P->next_take != P->next_fill &&
           (P->rbytes <= INFLIGHT_BYTES || P->next_take == P->next_write);
}

/*
 * Takes the next document (under the lock, which it leaves and takes
 * again) and extracts it with @ex and @parser: a worker's, or the reading
 * thread's own.
 */
static void
take_slot(struct pool *P, whosaid_extractor *ex, struct jsonl_parser *parser)
{
    whosaid_error err = {0};
    struct slot *sl = &P->slots[P->next_take++ % P->nslots];
    sl->state = SLOT_WORKING;
    pthread_mutex_unlock(&P->lock);
    if (sl->raw)
        parse_slot(sl, parser);
    if (!sl->error && sl->text) {
        if (ex)
            sl->doc = whosaid_extract(ex, sl->id, sl->text, sl->len, P->options, &err);
        if (!sl->doc &&
            asprintf(&sl->fail, "%s: %s", sl->where, ex ? err.msg : "cannot make an extractor") < 0)
            sl->fail = NULL;
        /* the records as the writer writes them (out of memory: the writing thread does) */
        if (sl->doc && P->jsonl &&
            whosaid_doc_jsonl(sl->doc, &sl->rbuf, &sl->rlen, &sl->rcap) == WHOSAID_OK)
            sl->records = sl->rbuf;
        if (sl->doc && sl->records && P->summarize)
            summarize_slot(sl);
    }
    pthread_mutex_lock(&P->lock);
    sl->state = SLOT_DONE;
    P->rbytes += sl->rlen;
}

static void *
pool_worker(void *arg)
{
    struct pool *P = arg;
    whosaid_error err = {0};
    whosaid_extractor *ex = whosaid_extractor_new(P->rules, &err);
    struct jsonl_parser *parser = jsonl_parser_new(P->id_field, P->text_field);
    bool unprofiled = ex && P->prof && whosaid_extractor_profile(ex, 1) != WHOSAID_OK;
    pthread_mutex_lock(&P->lock);
    if (unprofiled)
        P->prof->failed = true;
    for (;;) {
        while (!may_take(P) && !(P->closing && P->next_take == P->next_fill)) {
            P->idle++;
            pthread_cond_wait(&P->work, &P->lock);
            P->idle--;
        }
        if (!may_take(P))
            break; /* closing and nothing left */
        take_slot(P, ex, parser);
        if (wake_writer(P))
            pthread_cond_signal(&P->done);
    }
    if (ex && P->prof)
        profile_add(P->prof, ex);
    pthread_mutex_unlock(&P->lock);
    whosaid_extractor_free(ex);
    jsonl_parser_free(parser);
    return NULL;
}

/* Are all documents submitted to the pool written? */
static bool
pool_empty(const struct run *R)
{
    struct pool *P = R->pool;
    pthread_mutex_lock(&P->lock);
    bool empty = P->next_write == P->next_fill;
    pthread_mutex_unlock(&P->lock);
    return empty;
}

/* Writes and frees the finished document in @sl, which no worker touches any more. */
static void
slot_write(struct run *R, struct slot *sl)
{
    const char *id = sl->id ? sl->id : "";
    if (sl->error)
        emit_error(R, id, sl->error);
    else if (sl->doc || sl->summarized)
        emit_doc(R, sl->doc, sl->summarized ? &sl->sum : NULL, sl->where, sl->records, sl->rlen);
    else
        emit_error(R, id, sl->fail ? sl->fail : "out of memory");
    whosaid_doc_free(sl->doc);
    R->pool->bytes -= sl->charged;
    free(sl->id);
    free(sl->where);
    free(sl->text);
    free(sl->error);
    free(sl->fail);
    free((char *)sl->sum.warning);
    char *rbuf = sl->rbuf;
    size_t rcap = sl->rcap;
    if (rcap > KEEP_RECORDS) { /* long records: the slot keeps no more than a short document's */
        free(rbuf);
        rbuf = NULL;
        rcap = 0;
    }
    memset(sl, 0, sizeof *sl);
    sl->rbuf = rbuf;
    sl->rcap = rcap;
}

/*
 * Writes the finished documents at the head of the queue; waits for one
 * if @wait. The run of finished documents is counted under the lock and
 * written without it, all of them, before the lock is taken again: one
 * lock for many documents, as the threads would otherwise queue on it.
 */
static void
pool_drain(struct run *R, bool wait)
{
    struct pool *P = R->pool;
    pthread_mutex_lock(&P->lock);
    while (P->next_write != P->next_fill) {
        size_t n = 0;
        while (P->next_write + n != P->next_fill &&
               P->slots[(P->next_write + n) % P->nslots].state == SLOT_DONE)
            n++;
        if (!n) {
            if (!wait)
                break;
            if (P->helps && may_take(P)) { /* rather than wait: the next document */
                take_slot(P, P->own_ex, P->own_parser);
                continue;
            }
            P->writer_waiting = true;
            pthread_cond_wait(&P->done, &P->lock);
            P->writer_waiting = false;
            continue;
        }
        size_t written = 0;
        for (size_t k = 0; k < n; k++)
            written += P->slots[(P->next_write + k) % P->nslots].rlen;
        pthread_mutex_unlock(&P->lock);
        for (size_t k = 0; k < n; k++)
            slot_write(R, &P->slots[(P->next_write + k) % P->nslots]);
        pthread_mutex_lock(&P->lock);
        P->next_write += n;
        P->rbytes -= written;
        if (P->idle && may_take(P))
            pthread_cond_broadcast(&P->work); /* workers held back by the records may go on */
        wait = false; /* written: the caller may go on */
    }
    pthread_mutex_unlock(&P->lock);
}

/*
 * Hands a document to the workers: its @text (@len bytes), or the @error
 * that replaces it; or, when @raw, a JSON Lines line for the worker to
 * parse (@id is then unused: the line holds it).
 */
static void
pool_submit(struct run *R, const char *id, const char *where, const char *text, size_t len,
            const char *error, bool raw)
{
    struct pool *P = R->pool;
    pool_drain(R, false);
    /* the window is full: write the oldest first */
    while (P->next_fill - P->next_write >= P->nslots ||
           (P->next_fill != P->next_write && P->bytes + len > INFLIGHT_BYTES))
        pool_drain(R, true);
    struct slot *sl = &P->slots[P->next_fill % P->nslots];
    sl->raw = raw && !error;
    sl->id = sl->raw ? NULL : strdup(id ? id : "");
    sl->where = strdup(where ? where : "");
    sl->error = error ? strdup(error) : NULL;
    if (!error) {
        sl->text = malloc(len ? len : 1);
        if (sl->text)
            memcpy(sl->text, text, len);
        sl->len = len;
        sl->charged = len;
        P->bytes += len;
    }
    if ((!sl->raw && !sl->id) || !sl->where || (error && !sl->error) || (!error && !sl->text)) {
        sl->raw = false;
        free(sl->text);
        sl->text = NULL;
        free(sl->error);
        sl->error = strdup("out of memory");
    }
    pthread_mutex_lock(&P->lock);
    sl->state = SLOT_QUEUED;
    P->next_fill++;
    if (P->idle)
        pthread_cond_signal(&P->work);
    pthread_mutex_unlock(&P->lock);
}

static void
pool_free(struct pool *P)
{
    pthread_mutex_destroy(&P->lock);
    pthread_cond_destroy(&P->work);
    pthread_cond_destroy(&P->done);
    for (size_t i = 0; P->slots && i < P->nslots; i++)
        free(P->slots[i].rbuf);
    free(P->slots);
    free(P->threads);
    jsonl_parser_free(P->own_parser);
    free(P);
}

/*
 * Starts the pool of @jobs threads extracting: @jobs workers when
 * @slow_writer, else @jobs - 1 and the reading thread, with @own_ex.
 * NULL when none can start.
 */
static struct pool *
pool_start(const whosaid_rules *rules, unsigned options, struct profile *prof, int jobs, bool jsonl,
           bool stats, bool slow_writer, const char *id_field, const char *text_field,
           whosaid_extractor *own_ex)
{
    struct pool *P = calloc(1, sizeof *P);
    if (!P)
        return NULL;
    pthread_mutex_init(&P->lock, NULL);
    pthread_cond_init(&P->work, NULL);
    pthread_cond_init(&P->done, NULL);
    P->id_field = id_field;
    P->text_field = text_field;
    P->rules = rules;
    P->options = options;
    P->prof = prof;
    P->jsonl = jsonl;
    P->summarize = jsonl && !stats; /* jsonl: never with --emit-text */
    P->slow_writer = slow_writer;
    P->helps = !slow_writer;
    P->own_ex = own_ex;
    int workers = P->helps ? jobs - 1 : jobs;
    P->nslots = (size_t)jobs * SLOTS_PER_JOB;
    P->slots = calloc(P->nslots, sizeof *P->slots);
    P->threads = calloc((size_t)workers, sizeof *P->threads);
    if (!P->slots || !P->threads ||
        (P->helps && !(P->own_parser = jsonl_parser_new(id_field, text_field)))) {
        pool_free(P);
        return NULL;
    }
    for (int i = 0; i < workers; i++)
        if (pthread_create(&P->threads[P->nthreads], NULL, pool_worker, P) == 0)
            P->nthreads++;
    if (P->nthreads == 0) { /* no thread: nobody to share the work with */
        pool_free(P);
        return NULL;
    }
    return P;
}

/* Writes everything still in flight, then stops the threads. */
static void
pool_finish(struct run *R)
{
    struct pool *P = R->pool;
    pool_drain(R, true);
    while (P->next_write != P->next_fill)
        pool_drain(R, true);
    pthread_mutex_lock(&P->lock);
    P->closing = true;
    pthread_cond_broadcast(&P->work);
    pthread_mutex_unlock(&P->lock);
    for (int i = 0; i < P->nthreads; i++)
        pthread_join(P->threads[i], NULL);
    pool_free(P);
    R->pool = NULL;
}

static bool
has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && !strcmp(s + n - m, suf);
}

static bool
is_jsonl_name(const char *path)
{
    return has_suffix(path, ".jsonl") || has_suffix(path, ".ndjson");
}

/* The id of a text document: its path without the extension. */
static char *
text_id(const char *path, const char *base)
{
    const char *p = path;
    if (base && !strncmp(path, base, strlen(base))) {
        p = path + strlen(base);
        while (*p == '/')
            p++;
    } else {
        const char *slash = strrchr(path, '/');
        p = slash ? slash + 1 : path;
    }
    char *id = strdup(p);
    if (!id)
        return NULL;
    char *dot = strrchr(id, '.');
    if (dot && dot != id && !strchr(dot, '/'))
        *dot = '\0';
    return id;
}

static bool
read_all(FILE *f, char **data, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        return false;
    for (;;) {
        if (n == cap) {
            char *nb = cap < ((size_t)-1) / 2 ? realloc(buf, cap * 2) : NULL;
            if (!nb) {
                free(buf);
                errno = ENOMEM;
                return false;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        free(buf);
        errno = EIO;
        return false;
    }
    *data = buf;
    *len = n;
    return true;
}

static bool
is_html_name(const char *path)
{
    return has_suffix(path, ".html") || has_suffix(path, ".htm");
}

static void
process_html_stream(struct run *R, FILE *f, const char *id, const char *where)
{
    char *data;
    size_t len;
    if (!read_all(f, &data, &len)) {
        write_error(R, id, where, "cannot read", strerror(errno));
        return;
    }
    char *error = NULL;
    size_t tlen;
    char *text = html_article_text(data, len, where, &tlen, &error);
    free(data);
    if (!text)
        write_error(R, id, where, error ? error : "cannot parse the page", NULL);
    else
        process(R, id, where, text, tlen);
    free(text);
    free(error);
}

static void
process_text_stream(struct run *R, FILE *f, const char *id, const char *where)
{
    char *data;
    size_t len;
    if (!read_all(f, &data, &len)) {
        write_error(R, id, where, "cannot read", strerror(errno));
        return;
    }
    process(R, id, where, data, len);
    free(data);
}

/* One JSON Lines document, or the error of a bad line. */
static void
on_jsonl_doc(void *ctx, const char *id, const char *where, const char *text, size_t len,
             const char *error)
{
    struct run *R = ctx;
    if (error)
        write_error(R, id, where, error, NULL);
    else
        process(R, id, where, text, len);
}

/*
 * One JSON Lines line, or a read error, with -j: the workers parse the
 * lines, so that the reading thread, which all of them wait for, only
 * finds where each ends.
 */
static void
on_jsonl_line(void *ctx, const char *where, const char *line, size_t len, const char *error)
{
    struct run *R = ctx;
    if (error) {
        write_error(R, where, where, error, NULL);
        return;
    }
    count_input(R, len);
    pool_submit(R, NULL, where, line, len, NULL, true);
}

static void
process_jsonl_stream(struct run *R, FILE *f, const char *where)
{
    R->in_jsonl = true;
    R->in_read = 0;
    R->bytes_before = R->bytes_in;
    if (R->pool)
        jsonl_read_lines(f, where, on_jsonl_line, R, &R->in_read);
    else
        jsonl_read(f, where, R->id_field, R->text_field, on_jsonl_doc, R, &R->in_read);
    R->bytes_in = R->bytes_before + R->in_read;
    R->in_jsonl = false;
}

static void process_path(struct run *R, const char *path, const char *base, int depth);

static int
cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
process_dir(struct run *R, const char *path, int depth)
{
    struct stat dst;
    if (stat(path, &dst) != 0) {
        write_error(R, path, path, strerror(errno), NULL);
        return;
    }
    for (int i = 0; i < R->ndirs; i++)
        if (R->dirs[i].dev == dst.st_dev && R->dirs[i].ino == dst.st_ino) {
            write_error(R, path, path, "a symlink loop: this directory is already being read", NULL);
            return;
        }
    if (R->ndirs >= (int)(sizeof R->dirs / sizeof R->dirs[0])) {
        write_error(R, path, path, "directories nested too deep", NULL);
        return;
    }
    R->dirs[R->ndirs].dev = dst.st_dev;
    R->dirs[R->ndirs].ino = dst.st_ino;
    R->ndirs++;
    DIR *d = opendir(path);
    if (!d) {
        write_error(R, path, path, "cannot open directory", strerror(errno));
        R->ndirs--;
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *names);
            if (!nn)
                break;
            names = nn;
        }
        if (!(names[n] = strdup(de->d_name)))
            break;
        n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        if (R->out_failed) { /* nobody reads what follows */
            free(names[i]);
            continue;
        }
        size_t plen = strlen(path) + strlen(names[i]) + 2;
        char *child = malloc(plen);
        if (child) {
            snprintf(child, plen, "%s%s%s", path, has_suffix(path, "/") ? "" : "/", names[i]);
            struct stat st;
            if (stat(child, &st) != 0) {
                write_error(R, child, child, strerror(errno), NULL);
            } else if (S_ISDIR(st.st_mode)) {
                process_path(R, child, NULL, depth + 1);
            } else if (S_ISREG(st.st_mode)) {
                bool jsonl = is_jsonl_name(child);
                bool text = has_suffix(child, ".txt") || has_suffix(child, ".text");
                bool html = is_html_name(child);
                if ((jsonl && R->input == IN_JSONL) ||
                    (text && (R->input == IN_AUTO || R->input == IN_TEXT)) ||
                    (html && (R->input == IN_AUTO || R->input == IN_HTML)))
                    process_path(R, child, NULL, depth + 1);
            }
            free(child);
        }
        free(names[i]);
    }
    free(names);
    R->ndirs--;
}

/* The directory argument a nested path belongs to, for ids. */
static const char *dir_base;

static void
process_path(struct run *R, const char *path, const char *base, int depth)
{
    if (!strcmp(path, "-")) {
        /* standard input too, if nothing has read it yet (setvbuf() must come first) */
        static char stdin_block[JSONL_BUFFER];
        if (R->input == IN_JSONL && !R->stdin_read)
            (void)setvbuf(stdin, stdin_block, _IOFBF, sizeof stdin_block);
        R->stdin_read = true;
        if (R->input == IN_JSONL)
            process_jsonl_stream(R, stdin, "<stdin>");
        else if (R->input == IN_HTML)
            process_html_stream(R, stdin, "stdin", "<stdin>");
        else
            process_text_stream(R, stdin, "stdin", "<stdin>");
        return;
    }
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        const char *saved = dir_base;
        if (depth == 0)
            dir_base = path;
        process_dir(R, path, depth);
        dir_base = saved;
        return;
    }
    char *id = text_id(path, base ? base : (depth ? dir_base : NULL));
    FILE *f = fopen(path, "rb");
    if (!f) {
        write_error(R, id ? id : path, path, "cannot open", strerror(errno));
        free(id);
        return;
    }
    bool jsonl = R->input == IN_JSONL || (R->input == IN_AUTO && is_jsonl_name(path));
    bool html = R->input == IN_HTML || (R->input == IN_AUTO && is_html_name(path));
    /*
     * A corpus file is read in blocks of JSONL_BUFFER (out of memory: of
     * stdio's size). glibc ignores the size given without a buffer.
     */
    char *block = jsonl ? malloc(JSONL_BUFFER) : NULL;
    if (block)
        (void)setvbuf(f, block, _IOFBF, JSONL_BUFFER);
    if (jsonl)
        process_jsonl_stream(R, f, path);
    else if (html)
        process_html_stream(R, f, id ? id : path, path);
    else
        process_text_stream(R, f, id ? id : path, path);
    fclose(f);
    free(block);
    free(id);
}

static void
print_rule_error(const whosaid_error *err)
{
    if (err->file[0] && err->line && err->column)
        fprintf(stderr, "whosaid: error: %s:%zu:%zu: %s\n", err->file, err->line, err->column, err->msg);
    else if (err->file[0] && err->line)
        fprintf(stderr, "whosaid: error: %s:%zu: %s\n", err->file, err->line, err->msg);
    else if (err->file[0])
        fprintf(stderr, "whosaid: error: %s: %s\n", err->file, err->msg);
    else
        fprintf(stderr, "whosaid: error: %s\n", err->msg);
}

static int
validate_rules(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: whosaid validate-rules DIR\n");
        return EXIT_USAGE;
    }
    whosaid_error err = {0};
    whosaid_rules *rules = whosaid_rules_load_dir_opts(argv[2], WHOSAID_RULES_NO_JIT, &err);
    if (!rules) {
        print_rule_error(&err);
        return EXIT_USAGE;
    }
    printf("%s: %zu rules compiled\n", argv[2], whosaid_rules_count(rules));
    whosaid_rules_free(rules);
    return EXIT_SUCCESS;
}

int
main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "validate-rules"))
        return validate_rules(argc, argv);

    /*
     * Every document allocates and frees the same few buffers; glibc's
     * default gave the top of the heap back to the kernel after nearly
     * each one (5% of the time in brk). Freed memory below 32 MB is kept
     * for the next document instead; peak memory is unchanged.
     */
    mallopt(M_TRIM_THRESHOLD, 32 << 20);

    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"input", required_argument, NULL, 'I'},
        {"id-field", required_argument, NULL, 'D'},
        {"text-field", required_argument, NULL, 'T'},
        {"rules", required_argument, NULL, 'R'},
        {"lang", required_argument, NULL, 'L'},
        {"all", no_argument, NULL, 'A'},
        {"jobs", required_argument, NULL, 'j'},
        {"batch", required_argument, NULL, 'B'},
        {"stats", no_argument, NULL, 'S'},
        {"profile", no_argument, NULL, 'Q'},
        {"jit", required_argument, NULL, 'J'},
        {"emit-text", no_argument, NULL, 'E'},
        {"progress", no_argument, NULL, 'P'},
        {"no-progress", no_argument, NULL, 'N'},
        {"version", no_argument, NULL, 'V'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct run R = {0};
    struct profile prof = {0};
    R.id_field = "id";
    R.text_field = "text";
    const char *output = NULL, *rules_dir = NULL, *lang = "en";
    whosaid_format format = WHOSAID_FORMAT_JSONL;
    int c;
    long jobs = sysconf(_SC_NPROCESSORS_ONLN);
    long batch = WHOSAID_WRITER_BATCH;
    int progress = -1; /* -1: on a terminal only */
    int jit = -1;      /* -1: auto, 0: never, 1: always */
    while ((c = getopt_long(argc, argv, "f:o:j:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (!strcmp(optarg, "jsonl"))
                format = WHOSAID_FORMAT_JSONL;
            else if (!strcmp(optarg, "csv"))
                format = WHOSAID_FORMAT_CSV;
            else if (!strcmp(optarg, "tsv"))
                format = WHOSAID_FORMAT_TSV;
            else if (!strcmp(optarg, "sqlite"))
                format = WHOSAID_FORMAT_SQLITE;
            else
                die_usage("unknown or unsupported format", optarg, "jsonl, csv, tsv or sqlite");
            break;
        case 'o': output = optarg; break;
        case 'I':
            if (!strcmp(optarg, "auto"))
                R.input = IN_AUTO;
            else if (!strcmp(optarg, "text"))
                R.input = IN_TEXT;
            else if (!strcmp(optarg, "jsonl"))
                R.input = IN_JSONL;
            else if (!strcmp(optarg, "html"))
                R.input = IN_HTML;
            else
                die_usage("unknown input kind", optarg, "auto, text, html or jsonl");
            break;
        case 'D': R.id_field = optarg; break;
        case 'T': R.text_field = optarg; break;
        case 'R': rules_dir = optarg; break;
        case 'L': lang = optarg; break;
        case 'A': R.options |= WHOSAID_OPT_ALL; break;
        case 'S': R.stats = true; break;
        case 'Q': R.prof = &prof; break;
        case 'J':
            if (!strcmp(optarg, "auto"))
                jit = -1;
            else if (!strcmp(optarg, "always"))
                jit = 1;
            else if (!strcmp(optarg, "never"))
                jit = 0;
            else
                die_usage("unknown JIT mode", optarg, "auto, always or never");
            break;
        case 'E': R.emit_text = true; break;
        case 'P': progress = 1; break;
        case 'N': progress = 0; break;
        case 'j': {
            char *end;
            jobs = strtol(optarg, &end, 10);
            if (end == optarg || *end || jobs < 1 || jobs > 256)
                die_usage("bad number of jobs", optarg, "1 to 256");
            break;
        }
        case 'B': {
            char *end;
            errno = 0;
            batch = strtol(optarg, &end, 10);
            if (end == optarg || *end || errno || batch < 1)
                die_usage("bad batch size", optarg, "a number of documents, at least 1");
            break;
        }
        case 'V': printf("whosaid %s\n", whosaid_version()); return EXIT_SUCCESS;
        case 'h': usage(); return EXIT_SUCCESS;
        default:
            fprintf(stderr, "Try 'whosaid --help' for more information.\n");
            return EXIT_USAGE;
        }
    }

    whosaid_error err = {0};
    whosaid_rules *rules =
        rules_dir ? whosaid_rules_load_dir_opts(rules_dir, WHOSAID_RULES_NO_JIT, &err)
                  : whosaid_rules_builtin_opts(lang, WHOSAID_RULES_NO_JIT, &err);
    if (!rules) {
        print_rule_error(&err);
        return EXIT_USAGE;
    }
    R.rules = rules;
    R.jit_after = jit == -1 ? JIT_AFTER : 0;
    R.jit_threads = jobs > 1 ? (unsigned)jobs : 1; /* sysconf() may say -1 */
    if (jit == 1)
        jit_now(&R, true);
    R.ex = whosaid_extractor_new(rules, &err);
    if (R.ex && R.prof && whosaid_extractor_profile(R.ex, 1) != WHOSAID_OK)
        prof.failed = true;
    if (!R.ex) {
        fprintf(stderr, "whosaid: error: %s\n", err.msg);
        whosaid_rules_free(rules);
        return EXIT_USAGE;
    }
    /*
     * A closed pipe is an error to report, not a silent death. An output
     * file is written under a temporary name and renamed when complete, so
     * an interrupted run never leaves a half-written file behind.
     */
    signal(SIGPIPE, SIG_IGN);
    if (format == WHOSAID_FORMAT_SQLITE && !output)
        die_usage("the sqlite format writes a database file", "-f sqlite", "give -o PATH");
    FILE *out = stdout;
    const char *out_name = output ? output : "standard output";
    if (format == WHOSAID_FORMAT_SQLITE) {
        /* a database is appended to in transactions, not replaced */
        R.w = whosaid_writer_open(format, output, &err);
        output = NULL;
        out = NULL;
        if (!R.w) {
            fprintf(stderr, "whosaid: error: %s: %s\n", err.file, err.msg);
            whosaid_extractor_free(R.ex);
            whosaid_rules_free(rules);
            return EXIT_USAGE;
        }
        whosaid_writer_batch(R.w, (size_t)batch);
    }
    struct stat ost;
    bool regular = output && out && (stat(output, &ost) != 0 || S_ISREG(ost.st_mode));
    if (output && !regular && !(out = fopen(output, "wb"))) {
        /* a device or a pipe (/dev/stdout, a FIFO): written in place */
        fprintf(stderr, "whosaid: error: %s: %s\n", output, strerror(errno));
        whosaid_extractor_free(R.ex);
        whosaid_rules_free(rules);
        return EXIT_USAGE;
    }
    if (regular) {
        if (asprintf(&tmp_output, "%s.tmp.%ld", output, (long)getpid()) < 0) {
            fprintf(stderr, "whosaid: error: out of memory\n");
            whosaid_extractor_free(R.ex);
            whosaid_rules_free(rules);
            return EXIT_USAGE;
        }
        signal(SIGINT, on_signal);
        signal(SIGTERM, on_signal);
        signal(SIGHUP, on_signal);
        if (!(out = fopen(tmp_output, "wb"))) {
            fprintf(stderr, "whosaid: error: %s: %s\n", output, strerror(errno));
            whosaid_extractor_free(R.ex);
            whosaid_rules_free(rules);
            return EXIT_USAGE;
        }
    }
    /*
     * Records leave in blocks of 1 MB, unless a terminal shows them:
     * through a pipe, stdio's 4 KB buffer made a write, and woke the
     * reader, every two documents (1 to 2 s of a 9 s run with -j 1).
     */
    static char out_buf[1 << 20]; /* glibc ignores a size given without a buffer */
    if (out && !isatty(fileno(out)))
        setvbuf(out, out_buf, _IOFBF, sizeof out_buf);
    if (!R.w)
        R.w = whosaid_writer_new(format, out, &err);
    R.out = out;
    if (!R.w) {
        fprintf(stderr, "whosaid: error: %s\n", err.msg);
        whosaid_extractor_free(R.ex);
        whosaid_rules_free(rules);
        return EXIT_USAGE;
    }

    /* the progress line: on a terminal, unless --no-progress */
    R.progress = progress == 1 || (progress == -1 && isatty(STDERR_FILENO));
    R.start = now();
    for (int i = optind; i < argc; i++) {
        struct stat ist;
        if (stat(argv[i], &ist) != 0 || !S_ISREG(ist.st_mode)) {
            R.total_in = 0; /* a directory or a pipe: no ETA */
            break;
        }
        R.total_in += (unsigned long long)ist.st_size;
    }
    if (jobs > 1 &&
        !(R.pool = pool_start(rules, R.options, R.prof, (int)jobs,
                              format == WHOSAID_FORMAT_JSONL && !R.emit_text && R.out, R.stats,
                              format == WHOSAID_FORMAT_SQLITE, R.id_field, R.text_field, R.ex)))
        fprintf(stderr, "whosaid: warning: cannot start %ld threads; going on with one\n", jobs);
    if (optind >= argc)
        process_path(&R, "-", NULL, 0);
    for (int i = optind; i < argc && !R.out_failed; i++)
        process_path(&R, argv[i], NULL, 0);

    if (R.pool)
        pool_finish(&R);
    show_progress(&R, true);
    if (R.stats)
        print_stats(&R);
    if (R.prof) {
        profile_add(R.prof, R.ex);
        print_profile(R.prof);
    }
    for (size_t i = 0; i < R.speakers_cap; i++)
        free(R.speakers[i].name);
    free(R.speakers);
    errno = 0;
    /* the last commit's failure has SQLite's message, which the writer keeps until it is closed */
    if (!R.out_failed && whosaid_writer_flush(R.w) != WHOSAID_OK)
        writer_failed(&R);
    if (whosaid_writer_close(R.w) != WHOSAID_OK && !R.out_failed) {
        R.out_failed = true;
        R.out_errno = errno;
    }
    if (out && out != stdout && fclose(out) != 0 && !R.out_failed) {
        R.out_failed = true;
        R.out_errno = errno;
    }
    whosaid_extractor_free(R.ex);
    whosaid_rules_free(rules);
    if (!R.out_failed && tmp_output && rename(tmp_output, output) != 0) {
        R.out_failed = true;
        R.out_errno = errno;
    }
    if (R.out_failed) {
        if (tmp_output)
            unlink(tmp_output);
        fprintf(stderr, "whosaid: error: writing %s failed: %s\n", out_name,
                R.out_msg[0] ? R.out_msg : strerror(R.out_errno ? R.out_errno : EIO));
    }
    free(tmp_output);
    return R.out_failed ? EXIT_USAGE : R.status;
}
