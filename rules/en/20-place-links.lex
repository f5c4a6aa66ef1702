# whosaid English lexicon: the words that join a place to what is there or
# comes from it ("a farmer from Sumter", "a pastor in Elizabeth"). After
# one and a capitalised word, what a comma sets off is the rest of the
# place ("Sumter, South Carolina,"), not the speaker's own name set off
# after a descriptor ("the party's chairman, Tom Baker,"): the engine
# takes no name there.
%format 1
%name PLACELINK
from
in
near
outside
