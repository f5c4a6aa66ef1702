/*
 * rules-cache.c - the built-in rules' patterns, compiled once at build
 * time: PCRE2 spends about 15 ms compiling them, three quarters of the
 * time whosaid takes over one article, while decoding a serialized copy
 * costs a fraction of a millisecond.
 *
 * The cache maps the full text and options of every pattern the loader
 * compiles to PCRE2's serialized code. The loader asks it before each
 * pcre2_compile(); a pattern not found (rules from another directory, a
 * changed rule) is compiled as before. PCRE2 refuses serialized code
 * made by another version or build of itself, and then nothing is taken
 * from the cache: it can make loading faster, never different.
 *
 * Layout (host byte order, made and read by the same build):
 *   "WSRC" | u32 format (1) | u32 n | u32 0 | n x {u64 hash, u64 length, u32 options, u32 0}
 *   | u64 size | size bytes of pcre2_serialize_encode() of the n codes
 * PCRE2 reads its part as structs: it starts on a multiple of 8 bytes.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "whosaid-private.h"

#define CACHE_FORMAT 1u

/* FNV-1a, 64 bits: the key of a pattern's text. */
static uint64_t
text_hash(const char *s, size_t n)
{
    uint64_t h = 14695981039346656037u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

bool
rules_cache_open(struct rules_cache *c, const unsigned char *data, size_t len)
{
    memset(c, 0, sizeof *c);
    const char *off = getenv("WHOSAID_NO_RULES_CACHE");
    if (!data || (off && *off && *off != '0'))
        return false;
    uint32_t format, n;
    uint64_t size;
    if (len < 16 || memcmp(data, "WSRC", 4) || (uintptr_t)data % 8)
        return false;
    memcpy(&format, data + 4, 4);
    memcpy(&n, data + 8, 4);
    size_t keys = 16, blob = keys + (size_t)n * sizeof(struct rules_cache_key) + 8;
    if (format != CACHE_FORMAT || n == 0 || n > 100000 || blob > len)
        return false;
    memcpy(&size, data + blob - 8, 8);
    if (size != len - blob)
        return false;
    c->keys = ws_calloc(n, sizeof *c->keys);
    c->codes = ws_calloc(n, sizeof *c->codes);
    if (!c->keys || !c->codes) {
        rules_cache_close(c);
        return false;
    }
    memcpy(c->keys, data + keys, (size_t)n * sizeof *c->keys);
    /* another PCRE2 (version, code unit width, build) refuses it here */
    int32_t got = pcre2_serialize_decode(c->codes, (int32_t)n, data + blob, NULL);
    if (got != (int32_t)n) {
        for (int32_t i = 0; i < got; i++)
            pcre2_code_free(c->codes[i]);
        rules_cache_close(c);
        return false;
    }
    c->n = n;
    return true;
}

pcre2_code *
rules_cache_compile(struct rules_cache *c, const char *src, size_t len, uint32_t options,
                    int *ec, PCRE2_SIZE *eoff)
{
    uint64_t h = c && (c->n || c->record) ? text_hash(src, len) : 0;
    for (size_t i = 0; c && i < c->n; i++)
        if (c->codes[i] && c->keys[i].hash == h && c->keys[i].len == len &&
            c->keys[i].options == options) {
            pcre2_code *code = c->codes[i]; /* each is taken once */
            c->codes[i] = NULL;
            c->hits++;
            return code;
        }
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)src, len, options, ec, eoff, NULL);
    if (code && c && c->record) {
        pcre2_code *copy = pcre2_code_copy(code);
        if (!copy || !WS_GROW(c->rec, c->rec_cap, c->nrec + 1)) {
            pcre2_code_free(copy);
            c->failed = true;
        } else {
            c->rec[c->nrec].code = copy;
            c->rec[c->nrec].key = (struct rules_cache_key){h, len, options, 0};
            c->nrec++;
        }
    }
    return code;
}

void
rules_cache_close(struct rules_cache *c)
{
    for (size_t i = 0; i < c->n; i++)
        pcre2_code_free(c->codes[i]);
    for (size_t i = 0; i < c->nrec; i++)
        pcre2_code_free(c->rec[i].code);
    free(c->codes);
    free(c->keys);
    free(c->rec);
    memset(c, 0, sizeof *c);
}

bool
rules_cache_encode(struct rules_cache *c, unsigned char **out, size_t *outlen)
{
    *out = NULL;
    *outlen = 0;
    if (c->failed || !c->nrec || c->nrec > 100000)
        return false;
    const pcre2_code **codes = ws_calloc(c->nrec, sizeof *codes);
    if (!codes)
        return false;
    for (size_t i = 0; i < c->nrec; i++)
        codes[i] = c->rec[i].code;
    uint8_t *bytes = NULL;
    PCRE2_SIZE size = 0;
    int32_t rc = pcre2_serialize_encode(codes, (int32_t)c->nrec, &bytes, &size, NULL);
    free(codes);
    if (rc != (int32_t)c->nrec)
        return false;
    uint32_t format = CACHE_FORMAT, n = (uint32_t)c->nrec;
    uint64_t size64 = size;
    size_t head = 16 + c->nrec * sizeof(struct rules_cache_key) + 8;
    unsigned char *buf = ws_malloc(head + size);
    if (!buf) {
        pcre2_serialize_free(bytes);
        return false;
    }
    memcpy(buf, "WSRC", 4);
    memcpy(buf + 4, &format, 4);
    memcpy(buf + 8, &n, 4);
    memset(buf + 12, 0, 4);
    for (size_t i = 0; i < c->nrec; i++)
        memcpy(buf + 16 + i * sizeof(struct rules_cache_key), &c->rec[i].key, sizeof(struct rules_cache_key));
    memcpy(buf + head - 8, &size64, 8);
    memcpy(buf + head, bytes, size);
    pcre2_serialize_free(bytes);
    *out = buf;
    *outlen = head + size;
    return true;
}
