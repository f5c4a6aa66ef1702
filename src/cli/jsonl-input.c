/*
 * jsonl-input.c - JSON Lines input: each line one JSON object holding a
 * document's id and text. A malformed line is reported and skipped; the
 * next line is read as usual.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "jsonl-input.h"

int
jsonl_read(FILE *f, const char *where, const char *id_field, const char *text_field,
           jsonl_doc_fn fn, void *ctx)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    size_t lineno = 0;
    char loc[4096 + 32];
    while ((n = getline(&line, &cap, f)) != -1) {
        lineno++;
        snprintf(loc, sizeof loc, "%s:%zu", where, lineno);
        size_t len = (size_t)n;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        size_t sp = 0;
        while (sp < len && (line[sp] == ' ' || line[sp] == '\t'))
            sp++;
        if (sp == len)
            continue;
        json_error_t jerr;
        json_t *obj = json_loadb(line, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
        if (!obj) {
            char msg[512];
            snprintf(msg, sizeof msg, "invalid JSON at column %d: %s", jerr.column, jerr.text);
            fn(ctx, loc, loc, NULL, 0, msg);
            continue;
        }
        char idbuf[64];
        const char *id = loc;
        json_t *jid = json_is_object(obj) ? json_object_get(obj, id_field) : NULL;
        if (json_is_string(jid)) {
            id = json_string_value(jid);
        } else if (json_is_integer(jid)) {
            snprintf(idbuf, sizeof idbuf, "%" JSON_INTEGER_FORMAT, json_integer_value(jid));
            id = idbuf;
        }
        json_t *jt = json_is_object(obj) ? json_object_get(obj, text_field) : NULL;
        if (!json_is_object(obj)) {
            fn(ctx, id, loc, NULL, 0, "a JSON Lines document must be an object");
        } else if (!json_is_string(jt)) {
            char msg[300];
            snprintf(msg, sizeof msg, "no string field \"%s\"", text_field);
            fn(ctx, id, loc, NULL, 0, msg);
        } else {
            fn(ctx, id, loc, json_string_value(jt), json_string_length(jt), NULL);
        }
        json_decref(obj);
    }
    int rerr = ferror(f) ? (errno ? errno : EIO) : 0;
    if (rerr) {
        snprintf(loc, sizeof loc, "%s:%zu", where, lineno + 1);
        fn(ctx, loc, loc, NULL, 0, strerror(rerr));
    }
    free(line);
    return rerr;
}
