# whosaid English lexicon: the words that may open the rest of a sentence
# that is an attribution alone, after its verb ("Ivo Marsh told reporters.",
# "Mr Marsh said in a statement.", "Ms Lee added on Monday."). After a
# quote that goes on in the voice of the quote before it, such a sentence
# still speaks for the quote; one that goes on otherwise ("Allardyce hopes
# the move works.") is a sentence of its own.
%format 1
%name ATTRTAIL
after
again
at
before
during
earlier
from
in
journalists
later
on
recently
reporters
to
today
tonight
yesterday
