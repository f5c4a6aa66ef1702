/*
 * jsonl-fast.cc - the JSON Lines reader's fast path (see jsonl-fast.h),
 * the command's one C++ file: simdjson is a C++ library. Its DOM parser
 * validates the whole line (structure, numbers, literals, strings and
 * their UTF-8) before anything is read from it, as yajl does; its
 * On-Demand parser would not look at the members it skips, and so would
 * take lines that yajl refuses. No exception leaves this file: simdjson's
 * calls here return error codes, and an allocation that throws makes the
 * line yajl's.
 */
#include <cstring>
#include <new>
#include <string_view>

#include <simdjson.h>

#include "jsonl-fast.h"

struct jsonl_fast {
    simdjson::dom::parser parser;
};

extern "C" struct jsonl_fast *
jsonl_fast_new(void)
{
    return new (std::nothrow) jsonl_fast;
}

extern "C" void
jsonl_fast_free(struct jsonl_fast *f)
{
    delete f;
}

static bool
parse(simdjson::dom::parser &parser, const char *line, size_t n, std::string_view id_field,
      std::string_view text_field, const char **id, const char **text, size_t *len)
{
    simdjson::dom::object obj;
    if (parser.parse(line, n).get_object().get(obj))
        return false; /* not JSON, not valid UTF-8, or not an object */
    simdjson::dom::element idv, textv;
    bool seen_id = false, seen_text = false;
    for (simdjson::dom::key_value_pair m : obj) {
        bool is_id = m.key == id_field, is_text = !is_id && m.key == text_field;
        if ((is_id && seen_id) || (is_text && seen_text))
            return false; /* a field given twice: yajl's message says which */
        if (is_id) {
            seen_id = true;
            idv = m.value;
        } else if (is_text) {
            seen_text = true;
            textv = m.value;
        }
    }
    if (!seen_text || !textv.is_string() || (seen_id && !idv.is_string()))
        return false; /* no text, or an id yajl reads (an integer) or ignores */
    *id = nullptr;
    if (seen_id) {
        /* simdjson ends each string with a NUL: a NUL before it is a \u0000, which yajl's path replaces */
        const char *s;
        size_t sn;
        if (idv.get_c_str().get(s) || idv.get_string_length().get(sn) || std::memchr(s, '\0', sn))
            return false;
        *id = s;
    }
    std::string_view t;
    if (textv.get_string().get(t))
        return false;
    *text = t.data();
    *len = t.size();
    return true;
}

extern "C" bool
jsonl_fast_parse(struct jsonl_fast *f, const char *line, size_t n, const char *id_field,
                 const char *text_field, const char **id, const char **text, size_t *len)
{
    /*
     * A byte order mark is an error on any line but the first, where the
     * reader has taken it off: simdjson from 3.6 on would skip it.
     */
    if (!f || n > JSONL_FAST_MAX || (n >= 3 && !std::memcmp(line, "\xEF\xBB\xBF", 3)))
        return false;
    try {
        return parse(f->parser, line, n, id_field, text_field, id, text, len);
    } catch (...) {
        return false;
    }
}
