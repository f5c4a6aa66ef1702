# whosaid English lexicon: the words that join a name to where its bearer
# works or comes from ("Bruce Riedel of the Brookings Institution", "a
# researcher from Oxford", "Jane Doe at Harvard", "an analyst with the
# bank"). In a speaker's words the name ends before one of them, where
# two words or more come before it ("Daniel Levy of the New America
# Foundation" is Daniel Levy, not a foundation; "Bank of America" stays
# whole).
%format 1
%name NAMELINK
of
from
at
with
