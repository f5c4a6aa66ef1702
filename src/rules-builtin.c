/*
 * rules-builtin.c - the rule set compiled into the library, generated from
 * rules/ at build time by tools/embed-rules.py.
 */
#include "config.h"

#include <string.h>

#include "whosaid-private.h"

#include "rules_builtin.inc"

const struct rule_source *
rules_builtin_sources(const char *lang, size_t *n)
{
    for (size_t i = 0; i < sizeof builtin_langs / sizeof builtin_langs[0]; i++)
        if (!strcmp(builtin_langs[i].lang, lang)) {
            *n = builtin_langs[i].n;
            return builtin_langs[i].src;
        }
    *n = 0;
    return NULL;
}
