// whosaid.h compiles as C++ and its basic calls link.
#include <whosaid.h>

int
main()
{
    whosaid_error err;
    whosaid_rules *r = whosaid_rules_builtin("en", &err);
    bool ok = r != nullptr && whosaid_rules_count(r) > 0;
    whosaid_rules_free(r);
    return ok ? 0 : 1;
}
