/*
 * rules-cache-none.c - no cache of compiled patterns: the library the
 * cache generator and the unit tests link, which compile every pattern.
 */
#include "config.h"

#include "whosaid-private.h"

const unsigned char *
rules_cache_data(size_t *len)
{
    *len = 0;
    return NULL;
}
