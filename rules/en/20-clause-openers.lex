# whosaid English lexicon: words that open a sentence with a clause of its
# own before its subject ("Speaking after talks with Angela Merkel,
# Emmanuel Macron said ...", "After meeting Boris Johnson, Leo Varadkar
# said ..."). A pronoun after such a sentence goes to its subject: the
# engine passes over the names before the sentence's first comma when the
# sentence's first word is one of these. (Not "visiting", "meeting",
# "standing" or "sitting", which also qualify the subject: "Visiting US
# envoy Tom Baker, who arrived on Monday, met ...")
%format 1
%name CLAUSEOPENER
after
before
following
during
while
when
whilst
although
though
despite
since
unlike
like
upon
alongside
amid
amidst
speaking
addressing
responding
reacting
commenting
talking
writing
asked
hosting
welcoming
greeting
flanked
joined
appearing
accompanied
with
