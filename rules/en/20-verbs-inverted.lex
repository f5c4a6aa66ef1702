# Reporting verbs that stand before their speaker after a quote
# ("“...,” said the minister.", "added Ribeiro"). Verbs that need an object
# ("urges Brics to ...") are left out: after them a name is the hearer.
%format 1
%name VERB_INVERTED
acknowledge | acknowledges | acknowledged
add | adds | added
admit | admits | admitted
agree | agrees | agreed
announce | announces | announced
answer | answers | answered
argue | argues | argued
ask | asks | asked
boast | boasts | boasted
caution | cautions | cautioned
claim | claims | claimed
comment | comments | commented
complain | complains | complained
conclude | concludes | concluded
concede | concedes | conceded
confirm | confirms | confirmed
continue | continues | continued
counter | counters | countered
cry | cries | cried
declare | declares | declared
demand | demands | demanded
exclaim | exclaims | exclaimed
explain | explains | explained
insist | insists | insisted
joke | jokes | joked
lament | laments | lamented
mutter | mutters | muttered
note | notes | noted
observe | observes | observed
offer | offers | offered
predict | predicts | predicted
promise | promises | promised
quip | quips | quipped
recall | recalls | recalled
report | reports | reported
remark | remarks | remarked
reply | replies | replied
respond | responds | responded
retort | retorts | retorted
say | says | said
shout | shouts | shouted
sigh | sighs | sighed
state | states | stated
stress | stresses | stressed
suggest | suggests | suggested
tweet | tweets | tweeted
wonder | wonders | wondered
write | writes | wrote
warn | warns | warned
whisper | whispers | whispered
