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
 *   "WSRC" | u32 format (3) | u32 n | u32 c | c bytes of PCRE2's configuration,
 *   padded with NULs to a multiple of 8
 *   | n x {u64 hash, u64 hash2, u64 length, u32 options, u32 0}
 *   | u64 size | size bytes of pcre2_serialize_encode() of the n codes
 * PCRE2 reads its part as structs: it starts on a multiple of 8 bytes.
 * pcre2_serialize_decode() checks PCRE2's version and code unit width but
 * not its link size or default newline, which change what compiled code
 * means: the configuration string holds those, and is compared first.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "whosaid-private.h"

#define CACHE_FORMAT 3u
#define CONFIG_MAX 256

static inline uint64_t
rotl64(uint64_t x, unsigned r)
{
    return x << r | x >> (64 - r);
}

/*
 * The two unrelated 64-bit hashes of a pattern's text that key it, read
 * eight bytes at a time: the built-in patterns run to hundreds of
 * kilobytes, and hashing them a byte at a time cost a sixth of loading
 * the rules. Each eight bytes enter both: one by xor and multiply, the
 * other by add, rotate and another multiply; the length and the tail
 * (read as a zero-padded word) close them, and a final mix spreads every
 * bit.
 */
static void
text_hashes(const char *s, size_t n, uint64_t *h1, uint64_t *h2)
{
    uint64_t a = 0xCBF29CE484222325u, b = 0x9E3779B97F4A7C15u, w;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        memcpy(&w, s + i, 8);
        a = (a ^ w) * 0x100000001B3u;
        a ^= a >> 29;
        b = rotl64(b + w, 23) * 0xC2B2AE3D27D4EB4Fu;
    }
    w = 0;
    memcpy(&w, s + i, n - i);
    a = (a ^ w ^ (uint64_t)n) * 0x100000001B3u;
    b = rotl64(b + w + (uint64_t)n, 23) * 0xC2B2AE3D27D4EB4Fu;
    /* the finaliser of MurmurHash3 */
    a ^= a >> 33;
    a *= 0xFF51AFD7ED558CCDu;
    a ^= a >> 33;
    b ^= b >> 31;
    b *= 0xC4CEB9FE1A85EC53u;
    b ^= b >> 29;
    *h1 = a;
    *h2 = b;
}

/*
 * What of PCRE2's build its compiled code depends on, as a string (its
 * length; 0 when it does not fit).
 */
static size_t
pcre2_build(char *buf, size_t cap)
{
    char version[64] = "", unicode[32] = "";
    uint32_t link = 0, newline = 0, bsr = 0, parens = 0, unit = 8 * sizeof(PCRE2_UCHAR);
    pcre2_config(PCRE2_CONFIG_VERSION, version);
    pcre2_config(PCRE2_CONFIG_UNICODE_VERSION, unicode);
    pcre2_config(PCRE2_CONFIG_LINKSIZE, &link);
    pcre2_config(PCRE2_CONFIG_NEWLINE, &newline);
    pcre2_config(PCRE2_CONFIG_BSR, &bsr);
    pcre2_config(PCRE2_CONFIG_PARENSLIMIT, &parens);
    int n = snprintf(buf, cap,
                     "pcre2 %s; unicode %s; link %u; newline %u; bsr %u; parens %u; "
                     "unit %u; size %zu; pointer %zu",
                     version, unicode, link, newline, bsr, parens, unit, sizeof(PCRE2_SIZE),
                     sizeof(void *));
    return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

/* Where the keys begin: after the header and the build's name, on a multiple of 8. */
static size_t
keys_offset(uint32_t clen)
{
    return 16 + ((size_t)clen + 7) / 8 * 8;
}

bool
rules_cache_open(struct rules_cache *c, const unsigned char *data, size_t len)
{
    memset(c, 0, sizeof *c);
    if (!data || ws_env_flag("WHOSAID_NO_RULES_CACHE"))
        return false;
    uint32_t format, n, clen;
    uint64_t size;
    char build[CONFIG_MAX];
    size_t blen = pcre2_build(build, sizeof build);
    if (len < 16 || memcmp(data, "WSRC", 4) || (uintptr_t)data % 8 || !blen)
        return false;
    memcpy(&format, data + 4, 4);
    memcpy(&n, data + 8, 4);
    memcpy(&clen, data + 12, 4);
    size_t keys = keys_offset(clen);
    if (format != CACHE_FORMAT || n == 0 || n > 100000 || clen != blen || keys > len ||
        memcmp(data + 16, build, blen))
        return false;
    size_t blob = keys + (size_t)n * sizeof(struct rules_cache_key) + 8;
    if (blob > len)
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
        /*
         * A failure part way leaves the codes decoded so far: they are
         * freed. (PCRE2 10.42 then keeps their 1 KB of shared tables: it
         * counted them for all n codes. Only a damaged build gets here.)
         */
        c->n = n;
        rules_cache_close(c);
        return false;
    }
    c->n = n;
    return true;
}

pcre2_code *
rules_cache_take(struct rules_cache *c, const char *src, size_t len, uint32_t options,
                 struct rules_cache_key *key)
{
    *key = (struct rules_cache_key){0, 0, len, options, 0};
    if (!c)
        return NULL;
    c->calls++;
    if (!c->n && !c->record)
        return NULL;
    text_hashes(src, len, &key->hash, &key->hash2);
    for (size_t i = 0; i < c->n; i++)
        if (c->codes[i] && c->keys[i].hash == key->hash && c->keys[i].hash2 == key->hash2 &&
            c->keys[i].len == len && c->keys[i].options == options) {
            pcre2_code *code = c->codes[i]; /* each is taken once */
            c->codes[i] = NULL;
            c->hits++;
            return code;
        }
    return NULL;
}

pcre2_code *
rules_cache_compile_key(struct rules_cache *c, const struct rules_cache_key *key, const char *src,
                        int *ec, PCRE2_SIZE *eoff)
{
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)src, key->len, key->options, ec, eoff, NULL);
    if (code && c && c->record) {
        pcre2_code *copy = pcre2_code_copy(code);
        if (!copy || !WS_GROW(c->rec, c->rec_cap, c->nrec + 1)) {
            pcre2_code_free(copy);
            c->failed = true;
        } else {
            c->rec[c->nrec].code = copy;
            c->rec[c->nrec].key = *key;
            c->nrec++;
        }
    }
    return code;
}

void
rules_cache_drop(struct rules_cache *c, const struct rules_cache_key *key)
{
    if (!c || !c->nrec)
        return;
    struct rules_cache_key *k = &c->rec[c->nrec - 1].key;
    if (k->hash == key->hash && k->hash2 == key->hash2 && k->len == key->len &&
        k->options == key->options) {
        pcre2_code_free(c->rec[c->nrec - 1].code);
        c->nrec--;
    }
}

pcre2_code *
rules_cache_compile(struct rules_cache *c, const char *src, size_t len, uint32_t options, int *ec,
                    PCRE2_SIZE *eoff)
{
    struct rules_cache_key key;
    pcre2_code *code = rules_cache_take(c, src, len, options, &key);
    return code ? code : rules_cache_compile_key(c, &key, src, ec, eoff);
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
    char build[CONFIG_MAX];
    uint32_t format = CACHE_FORMAT, n = (uint32_t)c->nrec,
             clen = (uint32_t)pcre2_build(build, sizeof build);
    uint64_t size64 = size;
    size_t keys = keys_offset(clen);
    size_t head = keys + c->nrec * sizeof(struct rules_cache_key) + 8;
    unsigned char *buf = clen ? ws_calloc(1, head + size) : NULL;
    if (!buf) {
        pcre2_serialize_free(bytes);
        return false;
    }
    memcpy(buf, "WSRC", 4);
    memcpy(buf + 4, &format, 4);
    memcpy(buf + 8, &n, 4);
    memcpy(buf + 12, &clen, 4);
    memcpy(buf + 16, build, clen);
    for (size_t i = 0; i < c->nrec; i++)
        memcpy(buf + keys + i * sizeof(struct rules_cache_key), &c->rec[i].key,
               sizeof(struct rules_cache_key));
    memcpy(buf + head - 8, &size64, 8);
    memcpy(buf + head, bytes, size);
    pcre2_serialize_free(bytes);
    *out = buf;
    *outlen = head + size;
    return true;
}
