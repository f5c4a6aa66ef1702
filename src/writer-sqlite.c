/*
 * writer-sqlite.c - records into a SQLite database: documents, speakers
 * (with the aliases seen for them) and quotes, an FTS5 index over the
 * quotes' words, WAL, and one transaction per batch of documents. Writing a
 * document id again replaces its rows. The schema is versioned with
 * PRAGMA user_version and described in the README.
 *
 * The schema's triggers keep the FTS5 index in step with the quotes table
 * for every writer. whosaid's own transactions index their quotes in one
 * statement instead: FTS5 writes its pending terms out at every statement
 * that opens a savepoint, and an insert whose trigger writes to the index
 * is one, so a trigger made a segment of every quote and kept merging them
 * (two thirds of the time of a run; measured in the commit that made this
 * so). Each transaction drops the insert trigger, adds the index entries
 * of the quotes it inserted before it commits, and makes the trigger
 * again: other connections only ever see the schema with it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "whosaid-private.h"

#define SCHEMA_VERSION 1
#define BUSY_WAIT_MS 10000

/* Dropped while whosaid's own transactions write, and made again before they commit. */
#define INSERT_TRIGGER                                                                             \
    "CREATE TRIGGER IF NOT EXISTS quotes_ai AFTER INSERT ON quotes BEGIN"                          \
    "  INSERT INTO quotes_fts(rowid, quote) VALUES (new.id, new.quote); END"

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS documents ("
    "  id TEXT PRIMARY KEY,"
    "  source TEXT,"              /* the file (and line) it was read from */
    "  length INTEGER,"           /* code points of its text */
    "  error TEXT);"              /* why it could not be read, or NULL */
    "CREATE TABLE IF NOT EXISTS speakers ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL,"       /* the canonical name */
    "  kind TEXT,"                /* person, organisation or NULL */
    "  UNIQUE (name, kind));"
    "CREATE TABLE IF NOT EXISTS speaker_aliases ("
    "  speaker_id INTEGER NOT NULL REFERENCES speakers(id),"
    "  alias TEXT NOT NULL,"      /* a mention that named the speaker */
    "  PRIMARY KEY (speaker_id, alias)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS quotes ("
    "  id INTEGER PRIMARY KEY,"
    "  doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    "  speaker_id INTEGER REFERENCES speakers(id),"
    "  quote TEXT NOT NULL, start INTEGER, \"end\" INTEGER, type TEXT,"
    "  speaker TEXT, speaker_mention TEXT, speaker_start INTEGER, speaker_end INTEGER,"
    "  cue TEXT, cue_start INTEGER, cue_end INTEGER,"
    "  via TEXT, via_start INTEGER, via_end INTEGER,"
    "  rule TEXT, confidence REAL, paragraph INTEGER, sentence INTEGER, \"group\" INTEGER);"
    "CREATE INDEX IF NOT EXISTS quotes_doc ON quotes(doc);"
    "CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker_id);"
    "CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5("
    "  quote, content='quotes', content_rowid='id');"
    INSERT_TRIGGER ";"
    "CREATE TRIGGER IF NOT EXISTS quotes_ad AFTER DELETE ON quotes BEGIN"
    "  INSERT INTO quotes_fts(quotes_fts, rowid, quote) VALUES ('delete', old.id, old.quote); END;";

enum {
    ST_HAS_QUOTES,
    ST_DEL_QUOTES,
    ST_PUT_DOC,
    ST_GET_SPEAKER,
    ST_PUT_SPEAKER,
    ST_PUT_ALIAS,
    ST_PUT_QUOTE,
    ST_INDEX_QUOTES,
    ST_COUNT
};

static const char *const statements[ST_COUNT] = {
    "SELECT 1 FROM quotes WHERE doc = ?1 LIMIT 1",
    "DELETE FROM quotes WHERE doc = ?1",
    "INSERT OR REPLACE INTO documents (id, source, length, error) VALUES (?1, ?2, ?3, ?4)",
    "SELECT id FROM speakers WHERE name = ?1 AND kind IS ?2",
    "INSERT INTO speakers (name, kind) VALUES (?1, ?2)",
    "INSERT OR IGNORE INTO speaker_aliases (speaker_id, alias) VALUES (?1, ?2)",
    "INSERT INTO quotes (doc, speaker_id, quote, start, \"end\", type, speaker, speaker_mention,"
    " speaker_start, speaker_end, cue, cue_start, cue_end, via, via_start, via_end, rule,"
    " confidence, paragraph, sentence, \"group\") VALUES"
    " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
    "INSERT INTO quotes_fts(rowid, quote) SELECT id, quote FROM quotes WHERE id BETWEEN ?1 AND ?2",
};

/*
 * Strings with a number each, remembered for one transaction: the
 * speakers' ids and the aliases written (a speaker is quoted again and
 * again, by the same few mentions), so that each asks SQLite once a
 * transaction. Cleared at every commit and rollback: within a transaction
 * nothing else writes, and whosaid deletes no speaker or alias.
 */
struct memo {
    struct memo_slot {
        char *key; /* NULL: free */
        size_t len;
        uint32_t h; /* lex_hash(): it folds ASCII capitals, and keys are compared whole */
        sqlite3_int64 val;
    } *slots;
    size_t cap, n; /* cap: 0 or a power of two */
};

#define MEMO_MAX 65536 /* entries; past it the memo starts afresh */

static void
memo_clear(struct memo *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->slots[i].key);
    free(m->slots);
    memset(m, 0, sizeof *m);
}

static struct memo_slot *
memo_slot(const struct memo *m, const char *k, size_t n, uint32_t h)
{
    for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        struct memo_slot *sl = &m->slots[i];
        if (!sl->key || (sl->h == h && sl->len == n && !memcmp(sl->key, k, n)))
            return sl;
    }
}

/* The number remembered for [@k, @k + @n), if any. */
static bool
memo_get(const struct memo *m, const char *k, size_t n, sqlite3_int64 *val)
{
    if (!m->n)
        return false;
    const struct memo_slot *sl = memo_slot(m, k, n, lex_hash(k, n));
    if (!sl->key)
        return false;
    *val = sl->val;
    return true;
}

/* Remembers @val for [@k, @k + @n); out of memory, nothing (the memo only saves work). */
static void
memo_put(struct memo *m, const char *k, size_t n, sqlite3_int64 val)
{
    if (m->n >= MEMO_MAX)
        memo_clear(m);
    if ((m->n + 1) * 2 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 256;
        struct memo_slot *slots = calloc(cap, sizeof *slots);
        if (!slots)
            return;
        struct memo old = *m;
        m->slots = slots;
        m->cap = cap;
        for (size_t i = 0; i < old.cap; i++)
            if (old.slots[i].key)
                *memo_slot(m, old.slots[i].key, old.slots[i].len, old.slots[i].h) = old.slots[i];
        free(old.slots);
    }
    uint32_t h = lex_hash(k, n);
    struct memo_slot *sl = memo_slot(m, k, n, h);
    if (sl->key)
        return;
    char *key = malloc(n ? n : 1);
    if (!key)
        return;
    memcpy(key, k, n);
    *sl = (struct memo_slot){.key = key, .len = n, .h = h, .val = val};
    m->n++;
}

struct sqlite_out {
    sqlite3 *db;
    sqlite3_stmt *st[ST_COUNT];
    size_t in_transaction; /* documents written since BEGIN */
    size_t batch;          /* ... and how many a transaction holds */
    /*
     * The quotes inserted since the index was last brought up to date:
     * rowids unindexed_first to unindexed_last, none when first > last.
     * SQLite gives a new row the rowid after the largest, and no quote is
     * deleted while some are unindexed, so they are one run of rowids.
     */
    sqlite3_int64 unindexed_first, unindexed_last;
    /*
     * A write failed: its batch was rolled back and every later write is
     * refused, so that no half batch commits (SQLite itself may have
     * rolled the transaction back already).
     */
    bool failed;
    struct memo speakers; /* "name\0kind": the speaker's id */
    struct memo aliases;  /* the speaker's id (8 bytes), then the alias: written */
    struct ws_buf key;    /* a key being made */
    char errmsg[256];
};

static bool
fail(struct sqlite_out *s, const char *what)
{
    snprintf(s->errmsg, sizeof s->errmsg, "%s: %s", what, s->db ? sqlite3_errmsg(s->db) : "no database");
    return false;
}

static bool
exec(struct sqlite_out *s, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        /* what failed, by its first words ("COMMIT: disk I/O error") */
        int n = 0;
        while (sql[n] && sql[n] != '(' && sql[n] != ';' && n < 40)
            n++;
        while (n > 0 && sql[n - 1] == ' ')
            n--;
        snprintf(s->errmsg, sizeof s->errmsg, "%.*s: %s", n, sql, msg ? msg : "SQLite error");
        sqlite3_free(msg);
        return false;
    }
    return true;
}

static bool commit_batch(struct sqlite_out *s);

/* After a failure: rolls the batch back, keeping the message, and refuses what follows. */
static bool
broken(struct sqlite_out *s)
{
    char msg[sizeof s->errmsg];
    memcpy(msg, s->errmsg, sizeof msg);
    if (s->db && !sqlite3_get_autocommit(s->db))
        exec(s, "ROLLBACK");
    memcpy(s->errmsg, msg, sizeof msg);
    s->in_transaction = 0;
    s->unindexed_first = 1; /* none: they went with the transaction */
    s->unindexed_last = 0;
    s->failed = true;
    memo_clear(&s->speakers);
    memo_clear(&s->aliases);
    return false;
}

void
sqlite_out_close(struct sqlite_out *s, bool commit)
{
    if (!s)
        return;
    if (s->db && s->in_transaction && !(commit && !s->failed && commit_batch(s)))
        broken(s);
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(s->st[i]);
    if (s->db)
        sqlite3_close(s->db);
    memo_clear(&s->speakers);
    memo_clear(&s->aliases);
    ws_buf_free(&s->key);
    free(s);
}

/*
 * PRAGMA journal_mode=WAL. Turning a new file to WAL takes its exclusive
 * lock without waiting for it (the busy timeout does not apply: two runs
 * that open a new file together found it locked), so it is tried again
 * for up to BUSY_WAIT_MS.
 */
static bool
wal_mode(struct sqlite_out *s)
{
    for (int waited = 0;; waited += 10) {
        int rc = sqlite3_exec(s->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
        if (rc == SQLITE_OK)
            return true;
        if ((rc & 0xFF) != SQLITE_BUSY || waited >= BUSY_WAIT_MS)
            return fail(s, "PRAGMA journal_mode=WAL");
        sqlite3_sleep(10);
    }
}

void
sqlite_out_batch(struct sqlite_out *s, size_t docs)
{
    s->batch = docs;
}

struct sqlite_out *
sqlite_out_open(const char *path, whosaid_error *err)
{
    struct sqlite_out *s = ws_calloc(1, sizeof *s);
    if (!s) {
        ws_error_set(err, WHOSAID_ERR_NOMEM, NULL, 0, 0, "out of memory");
        return NULL;
    }
    s->unindexed_first = 1; /* none */
    s->batch = WHOSAID_WRITER_BATCH;
    bool ok = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) ==
              SQLITE_OK;
    if (!ok)
        fail(s, "cannot open the database");
    else /* another writer's transaction: wait for it, up to BUSY_WAIT_MS, before giving up */
        sqlite3_busy_timeout(s->db, BUSY_WAIT_MS);
    sqlite3_stmt *v = NULL;
    int version = 0;
    if (ok && sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &v, NULL) == SQLITE_OK &&
        sqlite3_step(v) == SQLITE_ROW)
        version = sqlite3_column_int(v, 0);
    else if (ok)
        ok = fail(s, sqlite3_errcode(s->db) == SQLITE_NOTADB ? "not a database"
                                                              : "cannot read the database");
    sqlite3_finalize(v);
    if (ok && version != 0 && version != SCHEMA_VERSION) {
        snprintf(s->errmsg, sizeof s->errmsg,
                 "the database has schema version %d; this whosaid writes version %d", version,
                 SCHEMA_VERSION);
        ok = false;
    }
    /*
     * The schema in one transaction that takes the write lock at once
     * (IMMEDIATE, waiting for it as long as the busy timeout allows): two
     * runs that open a new file together both find it whole. A deferred
     * transaction that read first could not wait for the lock it then
     * needs (SQLite answers "database is locked" at once).
     */
    ok = ok && wal_mode(s) && exec(s, "PRAGMA foreign_keys=ON") &&
         exec(s, "BEGIN IMMEDIATE") && exec(s, schema);
    if (ok && version == 0) {
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", SCHEMA_VERSION);
        ok = exec(s, pragma);
    }
    ok = ok && exec(s, "COMMIT");
    for (int i = 0; ok && i < ST_COUNT; i++)
        if (sqlite3_prepare_v2(s->db, statements[i], -1, &s->st[i], NULL) != SQLITE_OK)
            ok = fail(s, "cannot prepare a statement");
    if (!ok) {
        ws_error_set(err, WHOSAID_ERR_IO, path, 0, 0, "%s", s->errmsg);
        sqlite_out_close(s, false);
        return NULL;
    }
    return s;
}

const char *
sqlite_out_error(const struct sqlite_out *s)
{
    return s->errmsg;
}

/* Runs a prepared statement to its end and resets it. */
static bool
step(struct sqlite_out *s, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? true : fail(s, what);
}

/* Adds the unindexed quotes to the FTS5 index, in one statement. */
static bool
index_quotes(struct sqlite_out *s)
{
    if (s->unindexed_first > s->unindexed_last)
        return true;
    sqlite3_stmt *st = s->st[ST_INDEX_QUOTES];
    sqlite3_bind_int64(st, 1, s->unindexed_first);
    sqlite3_bind_int64(st, 2, s->unindexed_last);
    s->unindexed_first = 1;
    s->unindexed_last = 0;
    return step(s, st, "cannot index the quotes");
}

/* A quote was inserted as row @id: to be indexed before the next delete or commit. */
static bool
unindexed(struct sqlite_out *s, sqlite3_int64 id)
{
    /* not the next rowid (the largest one was taken: SQLite picks at random): the run so far first */
    bool next = id > s->unindexed_last && id - 1 == s->unindexed_last;
    if (s->unindexed_first <= s->unindexed_last && !next && !index_quotes(s))
        return false;
    if (s->unindexed_first > s->unindexed_last)
        s->unindexed_first = id;
    s->unindexed_last = id;
    return true;
}

static bool
begin(struct sqlite_out *s)
{
    if (s->in_transaction == 0) {
        if (!exec(s, "BEGIN IMMEDIATE") || !exec(s, "DROP TRIGGER IF EXISTS quotes_ai"))
            return false;
    } else if (sqlite3_get_autocommit(s->db)) {
        snprintf(s->errmsg, sizeof s->errmsg, "SQLite rolled the transaction back");
        return false;
    }
    s->in_transaction++;
    return true;
}

/* Indexes the transaction's quotes, makes the insert trigger again and commits. */
static bool
commit_batch(struct sqlite_out *s)
{
    if (!(index_quotes(s) && exec(s, INSERT_TRIGGER) && exec(s, "COMMIT")))
        return false;
    s->in_transaction = 0;
    memo_clear(&s->speakers);
    memo_clear(&s->aliases);
    return true;
}

static bool
maybe_commit(struct sqlite_out *s)
{
    return s->in_transaction < s->batch || commit_batch(s);
}

static void
bind_text(sqlite3_stmt *st, int i, const char *s, size_t n)
{
    if (s)
        sqlite3_bind_text(st, i, s, (int)n, SQLITE_STATIC); /* stepped and cleared before it goes */
    else
        sqlite3_bind_null(st, i);
}

static void
bind_span(sqlite3_stmt *st, int i, const char *text, const whosaid_span *sp)
{
    if (sp->start == WHOSAID_NOSPAN) {
        sqlite3_bind_null(st, i);
        sqlite3_bind_null(st, i + 1);
        sqlite3_bind_null(st, i + 2);
        return;
    }
    bind_text(st, i, text + sp->start, sp->end - sp->start);
    sqlite3_bind_int64(st, i + 1, (sqlite3_int64)sp->cp_start);
    sqlite3_bind_int64(st, i + 2, (sqlite3_int64)sp->cp_end);
}

static const char *
kind_name(whosaid_speaker_kind k)
{
    return k == WHOSAID_KIND_PERSON ? "person" : k == WHOSAID_KIND_ORGANISATION ? "organisation" : NULL;
}

/* The id of speaker @name of @kind, looked up in the database or made there; -1 on failure. */
static sqlite3_int64
speaker_row(struct sqlite_out *s, const char *name, const char *kind)
{
    sqlite3_stmt *get = s->st[ST_GET_SPEAKER];
    bind_text(get, 1, name, strlen(name));
    bind_text(get, 2, kind, kind ? strlen(kind) : 0);
    sqlite3_int64 id = -1;
    if (sqlite3_step(get) == SQLITE_ROW)
        id = sqlite3_column_int64(get, 0);
    sqlite3_reset(get);
    sqlite3_clear_bindings(get);
    if (id >= 0)
        return id;
    sqlite3_stmt *put = s->st[ST_PUT_SPEAKER];
    bind_text(put, 1, name, strlen(name));
    bind_text(put, 2, kind, kind ? strlen(kind) : 0);
    if (!step(s, put, "cannot add a speaker"))
        return -1;
    return sqlite3_last_insert_rowid(s->db);
}

/* The id of speaker @name of @kind, made on first sight; -1 on failure. */
static sqlite3_int64
speaker_id(struct sqlite_out *s, const char *name, const char *kind)
{
    struct ws_buf *key = &s->key;
    key->len = 0;
    bool keyed = ws_buf_put(key, name, strlen(name) + 1) && ws_buf_puts(key, kind ? kind : "");
    sqlite3_int64 known;
    if (keyed && memo_get(&s->speakers, key->data, key->len, &known))
        return known;
    sqlite3_int64 id = speaker_row(s, name, kind);
    if (keyed && id >= 0)
        memo_put(&s->speakers, key->data, key->len, id);
    return id;
}

/* Writes the alias [@a, @a + @n) of speaker @sid, unless this transaction has. */
static bool
put_alias(struct sqlite_out *s, sqlite3_int64 sid, const char *a, size_t n)
{
    struct ws_buf *key = &s->key;
    key->len = 0;
    bool keyed = ws_buf_put(key, (const char *)&sid, sizeof sid) && ws_buf_put(key, a, n);
    sqlite3_int64 seen;
    if (keyed && memo_get(&s->aliases, key->data, key->len, &seen))
        return true;
    sqlite3_stmt *al = s->st[ST_PUT_ALIAS];
    sqlite3_bind_int64(al, 1, sid);
    bind_text(al, 2, a, n);
    if (!step(s, al, "cannot add an alias"))
        return false;
    if (keyed)
        memo_put(&s->aliases, key->data, key->len, 1);
    return true;
}

/*
 * Opens the batch's transaction and deletes the quotes of an earlier run
 * of document @id, if any (the index's delete trigger needs every quote it
 * deletes indexed).
 */
static bool
begin_doc(struct sqlite_out *s, const char *id)
{
    if (!begin(s))
        return false;
    sqlite3_stmt *has = s->st[ST_HAS_QUOTES];
    bind_text(has, 1, id, strlen(id));
    int rc = sqlite3_step(has);
    sqlite3_reset(has);
    sqlite3_clear_bindings(has);
    if (rc == SQLITE_DONE)
        return true;
    if (rc != SQLITE_ROW)
        return fail(s, "cannot look for a document's quotes");
    sqlite3_stmt *del = s->st[ST_DEL_QUOTES];
    bind_text(del, 1, id, strlen(id));
    return index_quotes(s) && step(s, del, "cannot replace a document's quotes");
}

static bool
write_doc(struct sqlite_out *s, const whosaid_doc *doc, const char *source)
{
    size_t len;
    const char *text = whosaid_doc_text(doc, &len);
    const char *id = whosaid_doc_id(doc);
    if (!begin_doc(s, id))
        return false;
    sqlite3_stmt *put = s->st[ST_PUT_DOC];
    size_t cps = utf8_count(text, len);
    bind_text(put, 1, id, strlen(id));
    bind_text(put, 2, source, source ? strlen(source) : 0);
    sqlite3_bind_int64(put, 3, (sqlite3_int64)cps);
    sqlite3_bind_null(put, 4);
    if (!step(s, put, "cannot add a document"))
        return false;
    for (size_t i = 0; i < whosaid_doc_quote_count(doc); i++) {
        const whosaid_quote *q = whosaid_doc_quote(doc, i);
        sqlite3_int64 sid = -1;
        if (q->speaker) {
            sid = speaker_id(s, q->speaker, kind_name(q->speaker_kind));
            if (sid < 0)
                return false;
            if (q->speaker_mention.start != WHOSAID_NOSPAN &&
                !put_alias(s, sid, text + q->speaker_mention.start,
                           q->speaker_mention.end - q->speaker_mention.start))
                return false;
        }
        sqlite3_stmt *st = s->st[ST_PUT_QUOTE];
        bind_text(st, 1, id, strlen(id));
        if (sid >= 0)
            sqlite3_bind_int64(st, 2, sid);
        else
            sqlite3_bind_null(st, 2);
        bind_text(st, 3, text + q->quote.start, q->quote.end - q->quote.start);
        sqlite3_bind_int64(st, 4, (sqlite3_int64)q->quote.cp_start);
        sqlite3_bind_int64(st, 5, (sqlite3_int64)q->quote.cp_end);
        const char *type = whosaid_quote_type_string(q->type);
        bind_text(st, 6, type, strlen(type));
        bind_text(st, 7, q->speaker, q->speaker ? strlen(q->speaker) : 0);
        bind_span(st, 8, text, &q->speaker_mention);
        bind_span(st, 11, text, &q->cue);
        bind_span(st, 14, text, &q->via);
        bind_text(st, 17, q->rule, q->rule ? strlen(q->rule) : 0);
        char conf[16];
        writer_confidence(conf, q->confidence);
        sqlite3_bind_double(st, 18, strtod(conf, NULL));
        sqlite3_bind_int64(st, 19, (sqlite3_int64)q->paragraph);
        sqlite3_bind_int64(st, 20, (sqlite3_int64)q->sentence);
        if (q->group >= 0)
            sqlite3_bind_int64(st, 21, q->group);
        else
            sqlite3_bind_null(st, 21);
        if (!step(s, st, "cannot add a quote") || !unindexed(s, sqlite3_last_insert_rowid(s->db)))
            return false;
    }
    return maybe_commit(s);
}

bool
sqlite_out_doc(struct sqlite_out *s, const whosaid_doc *doc, const char *source)
{
    return !s->failed && (write_doc(s, doc, source) || broken(s));
}

static bool
write_error_doc(struct sqlite_out *s, const char *id, const char *message, const char *source)
{
    if (!begin_doc(s, id))
        return false;
    sqlite3_stmt *put = s->st[ST_PUT_DOC];
    bind_text(put, 1, id, strlen(id));
    bind_text(put, 2, source, source ? strlen(source) : 0);
    sqlite3_bind_null(put, 3);
    bind_text(put, 4, message, strlen(message));
    return step(s, put, "cannot add a document") && maybe_commit(s);
}

bool
sqlite_out_error_doc(struct sqlite_out *s, const char *id, const char *message, const char *source)
{
    return !s->failed && (write_error_doc(s, id, message, source) || broken(s));
}

bool
sqlite_out_finish(struct sqlite_out *s)
{
    if (s->failed)
        return false;
    if (s->in_transaction && !commit_batch(s))
        return broken(s);
    return exec(s, "PRAGMA wal_checkpoint(TRUNCATE)");
}
