# whosaid English lexicon: the lower-case particles inside a name (Ursula
# von der Leyen, Ana de la Cruz, Mohammed bin Salman), each before a
# capitalised word or one more particle. The NAMEWORD macro matches them
# in lower case only; the entity model lets them stand in a name's words
# after a title ("Ms von der Leyen" is von der Leyen). A particle added
# here needs its first letter in the NAME macro's (?=[abdeilv]) and in the
# mention rule's prune letters (60-alias.rules) too.
%format 1
%name PARTICLE
al
bin
bint
da
das
de
del
den
der
di
dos
du
el
ibn
la
le
van
von
