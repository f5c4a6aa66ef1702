# whosaid English lexicon: the words that join a title to what it is the
# title of ("Minister for Defence", "Ambassador to the United States",
# "CEO of the Refugee Council"). A title so joined governs capitalised
# words that are not the name: in "Italian Minister for Defence Ignazio La
# Russa" the entity model takes the name from the end (the last word, the
# particles and initials before it, and one word more), where the words
# after the link hold three or more.
%format 1
%name TITLELINK
of
for
to
