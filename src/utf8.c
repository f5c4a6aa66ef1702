/*
 * utf8.c - UTF-8 decoding, repair of invalid input, and the mapping from
 * byte offsets to code-point offsets that the records use.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "whosaid-private.h"

uint32_t
utf8_next_multi(const char *str, size_t len, size_t *i)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t p = *i;
    uint32_t c = s[p];
    size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (p + n > len) { /* cannot happen on repaired text; stay in bounds */
        *i = len;
        return 0xFFFD;
    }
    *i = p + n;
    switch (n) {
    case 1: return c;
    case 2: return ((c & 0x1F) << 6) | (s[p + 1] & 0x3Fu);
    case 3:
        return ((c & 0x0F) << 12) | ((uint32_t)(s[p + 1] & 0x3F) << 6) | (s[p + 2] & 0x3Fu);
    default:
        return ((c & 0x07) << 18) | ((uint32_t)(s[p + 1] & 0x3F) << 12) |
               ((uint32_t)(s[p + 2] & 0x3F) << 6) | (s[p + 3] & 0x3Fu);
    }
}

size_t
utf8_to_utf16(const char *str, size_t len, uint16_t *out)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0, k = 0;
    while (i < len) {
        /* ASCII, eight bytes at a time */
        for (; i + 8 <= len; i += 8, k += 8) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080u)
                break;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            /* each byte widened to 16 bits, four to a word */
            uint64_t lo = w & 0xFFFFFFFFu, hi = w >> 32;
            lo = (lo | lo << 16) & 0x0000FFFF0000FFFFu;
            lo = (lo | lo << 8) & 0x00FF00FF00FF00FFu;
            hi = (hi | hi << 16) & 0x0000FFFF0000FFFFu;
            hi = (hi | hi << 8) & 0x00FF00FF00FF00FFu;
            memcpy(out + k, &lo, 8);
            memcpy(out + k + 4, &hi, 8);
#else
            for (int j = 0; j < 8; j++)
                out[k + j] = s[i + j];
#endif
        }
        if (i >= len)
            break;
        uint32_t c = utf8_next(str, len, &i);
        if (c < 0x10000) {
            out[k++] = (uint16_t)c;
        } else { /* a surrogate pair */
            out[k++] = (uint16_t)(0xD800 + ((c - 0x10000) >> 10));
            out[k++] = (uint16_t)(0xDC00 + ((c - 0x10000) & 0x3FF));
        }
    }
    return k;
}

uint32_t
utf8_prev(const char *str, size_t i, size_t *start)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t p = i;
    if (p == 0) {
        *start = 0;
        return 0;
    }
    p--;
    while (p > 0 && (s[p] & 0xC0) == 0x80 && i - p < 4)
        p--;
    *start = p;
    size_t q = p;
    return utf8_next(str, i, &q);
}

size_t
utf8_encode(uint32_t c, char *out)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/*
 * The length of the valid sequence at s[0..n), or, when it is invalid,
 * minus the length of its maximal invalid subpart (at least 1), following
 * the Unicode Standard's table 3-7 of well-formed byte sequences.
 */
static long
sequence_length(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c < 0x80)
        return 1;
    if (c < 0xC2 || c > 0xF4)
        return -1;
    if (c < 0xE0) {
        need = 1;
    } else if (c < 0xF0) {
        need = 2;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else {
        need = 3;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    }
    for (size_t k = 1; k <= need; k++) {
        if (k >= n)
            return -(long)k;
        unsigned char b = s[k];
        if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF))
            return -(long)k;
    }
    return (long)need + 1;
}

/* The end of the ASCII run at @i: news text is mostly ASCII, eight bytes at a time. */
static size_t
ascii_run_end(const unsigned char *s, size_t i, size_t len)
{
#if defined(__SSE2__)
    /* 64 bytes a step: news is mostly ASCII, and its runs are long */
    while (i + 64 <= len && ws_ascii64(s + i))
        i += 64; /* the eight-byte steps below find the byte outside ASCII */
#endif
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080u)
            break;
    }
    while (i < len && s[i] < 0x80)
        i++;
    return i;
}

size_t
utf8_first_invalid(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        if (s[i] < 0x80) {
            i = ascii_run_end(s, i + 1, len);
            continue;
        }
        long l = sequence_length(s + i, len - i);
        if (l < 0)
            return i;
        i += (size_t)l;
    }
    return len;
}

char *
utf8_repair(const char *str, size_t len, size_t *out_len, size_t *invalid)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t bad = 0, i = 0;

    /* first pass: count the replacements, to size the copy once */
    size_t extra = 0;
    while (i < len) {
        if (s[i] < 0x80) {
            i = ascii_run_end(s, i + 1, len);
            continue;
        }
        long l = sequence_length(s + i, len - i);
        if (l > 0) {
            i += (size_t)l;
        } else {
            bad++;
            extra += 3; /* U+FFFD takes 3 bytes, the subpart at least 1 */
            i += (size_t)-l;
        }
    }
    *invalid = bad;
    if (extra > SIZE_MAX - len - 1)
        return NULL;
    char *out = ws_malloc(len + extra + 1);
    if (!out)
        return NULL;
    if (!bad) {
        memcpy(out, str, len);
        out[len] = '\0';
        *out_len = len;
        return out;
    }
    size_t o = 0;
    i = 0;
    while (i < len) {
        long l = s[i] < 0x80 ? 1 : sequence_length(s + i, len - i);
        if (l > 0) {
            memcpy(out + o, s + i, (size_t)l);
            o += (size_t)l;
            i += (size_t)l;
        } else {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i += (size_t)-l;
        }
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}

#define CP_STEP_BITS 8

#if defined(__SSE2__)
/* The set bits of each byte value (x86-64's baseline has no POPCNT instruction). */
static const unsigned char pop8[256] = {
#define P2(n) n, n + 1, n + 1, n + 2
#define P4(n) P2(n), P2(n + 1), P2(n + 1), P2(n + 2)
#define P6(n) P4(n), P4(n + 1), P4(n + 1), P4(n + 2)
    P6(0), P6(1), P6(1), P6(2)
#undef P2
#undef P4
#undef P6
};
#endif

/*
 * The code points of @n bytes of valid UTF-8: the bytes that are not
 * continuation bytes (10xxxxxx), eight at a time.
 */
static size_t
count_cps(const unsigned char *s, size_t n)
{
    size_t cps = 0, i = 0;
#if defined(__SSE2__)
    /* sixteen bytes a step: ASCII at one test, else the continuation bytes counted off */
    const __m128i top2 = _mm_set1_epi8((char)0xC0), cont = _mm_set1_epi8((char)0x80);
    /* sixty-four ASCII bytes at one test where they are (nearly all of English news) */
    for (; i + 64 <= n && ws_ascii64(s + i); i += 64)
        cps += 64; /* the sixteen-byte steps count a block with a byte outside ASCII */
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        if (!_mm_movemask_epi8(v)) {
            cps += 16;
            continue;
        }
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(v, top2), cont));
        cps += 16 - (size_t)(pop8[m & 0xFF] + pop8[m >> 8]);
    }
#endif
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t high = w & 0x8080808080808080u;
        if (!high) {
            cps += 8; /* ASCII */
            continue;
        }
        /* a continuation byte has its top bit set and the next one clear */
        cps += 8 - (size_t)__builtin_popcountll(high & ~(w << 1));
    }
    for (; i < n; i++)
        cps += (s[i] & 0xC0) != 0x80;
    return cps;
}

bool
cp_map_init(struct cp_map *m, const char *text, size_t len)
{
    m->text = text;
    m->len = len;
    m->nmarks = (len >> CP_STEP_BITS) + 1;
    m->marks = ws_malloc((m->nmarks + 1) * sizeof *m->marks);
    if (!m->marks)
        return false;
    size_t cps = 0;
    const unsigned char *s = (const unsigned char *)text;
    for (size_t k = 0; k < m->nmarks; k++) {
        m->marks[k] = cps;
        size_t a = k << CP_STEP_BITS, b = a + ((size_t)1 << CP_STEP_BITS);
        if (b > len)
            b = len;
        if (a < b)
            cps += count_cps(s + a, b - a);
    }
    m->marks[m->nmarks] = cps; /* the end: every step has a mark after it */
    return true;
}

size_t
cp_map_get(const struct cp_map *m, size_t byte)
{
    if (byte > m->len)
        byte = m->len;
    size_t k = byte >> CP_STEP_BITS;
    size_t cps = m->marks[k];
    size_t from = k << CP_STEP_BITS, step = (size_t)1 << CP_STEP_BITS;
    if (m->len - from < step)
        step = m->len - from;
    /*
     * A step with as many code points as bytes holds no continuation
     * byte, so every byte of it up to @byte starts a code point: nearly
     * every step of English news, which need not be counted again.
     */
    if (m->marks[k + 1] - cps == step)
        return cps + (byte - from);
    return cps + count_cps((const unsigned char *)m->text + from, byte - from);
}

size_t
utf8_count(const char *s, size_t n)
{
    return count_cps((const unsigned char *)s, n);
}

void
cp_map_free(struct cp_map *m)
{
    free(m->marks);
    m->marks = NULL;
}
