# Words that may stand between a speaker and the reporting verb: auxiliaries,
# adverbs, times ("Wang has also said", "Mr Blair on Monday said", "she is
# expected to say"). Used by the AUX macro (30-macros.rules) as a prefix tree,
# so that PCRE2 compares a few letters at each place instead of trying every
# word in turn.
%format 1
%name AUXWORD
on monday
on tuesday
on wednesday
on thursday
on friday
on saturday
on sunday
yesterday
today
tonight
last week
last month
last year
this week
this month
this year
has
have
had
will
would
could
should
may
might
must
can
did
does
do
is
are
was
were
be
been
also
later
then
again
once
previously
recently
earlier
repeatedly
reportedly
publicly
privately
bluntly
simply
only
just
already
further
often
expected to
set to
going to
went on to
not
