/* whosaid.h compiles as pedantic C99 and its basic calls link. */
#include <whosaid.h>

int
main(void)
{
    whosaid_error err;
    whosaid_rules *r = whosaid_rules_builtin("en", &err);
    int ok = r != NULL && whosaid_rules_count(r) > 0 && WHOSAID_VERSION_MAJOR >= 0;
    whosaid_rules_free(r);
    return ok ? 0 : 1;
}
