/*
 * whosaid-pcre.h - the one place that sets PCRE2_CODE_UNIT_WIDTH and
 * includes <pcre2.h>: whosaid uses the 8-bit library on UTF-8 text.
 */
#ifndef WHOSAID_PCRE_H
#define WHOSAID_PCRE_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#endif /* WHOSAID_PCRE_H */
