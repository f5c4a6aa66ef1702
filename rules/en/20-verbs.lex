# whosaid English lexicon: reporting and speech verbs (the cue of a quotation).
# Each entry: lemma | 3rd person singular | past | past participle (when it
# differs) | -ing form. British and American spellings are separate entries.
# weak=yes marks verbs of thought or belief that the engine may ignore.
%format 1
%name VERB
accuse | accuses | accused | accusing
acknowledge | acknowledges | acknowledged | acknowledging
add | adds | added | adding
admit | admits | admitted | admitting
admonish | admonishes | admonished | admonishing
advise | advises | advised | advising
advocate | advocates | advocated | advocating
affirm | affirms | affirmed | affirming
agree | agrees | agreed | agreeing
allege | alleges | alleged | alleging
announce | announces | announced | announcing
answer | answers | answered | answering
apologise | apologises | apologised | apologising
apologize | apologizes | apologized | apologizing
appeal | appeals | appealed | appealing
applaud | applauds | applauded | applauding
argue | argues | argued | arguing
ask | asks | asked | asking
assert | asserts | asserted | asserting
assure | assures | assured | assuring
beg | begs | begged | begging
believe | believes | believed | believing ; weak=yes
bellow | bellows | bellowed | bellowing
bemoan | bemoans | bemoaned | bemoaning
berate | berates | berated | berating
blame | blames | blamed | blaming
blast | blasts | blasted | blasting
blog | blogs | blogged | blogging
boast | boasts | boasted | boasting
brag | brags | bragged | bragging
brand | brands | branded | branding
brief | briefs | briefed | briefing
calculate | calculates | calculated | calculating
call | calls | called | calling
call for | calls for | called for | calling for
call on | calls on | called on | calling on
caution | cautions | cautioned | cautioning
challenge | challenges | challenged | challenging
chant | chants | chanted | chanting
characterise | characterises | characterised | characterising
characterize | characterizes | characterized | characterizing
charge | charges | charged | charging
chide | chides | chided | chiding
chime in | chimes in | chimed in | chiming in
chip in | chips in | chipped in | chipping in
chuckle | chuckles | chuckled | chuckling
cite | cites | cited | citing
claim | claims | claimed | claiming
clarify | clarifies | clarified | clarifying
command | commands | commanded | commanding
commend | commends | commended | commending
comment | comments | commented | commenting
complain | complains | complained | complaining
concede | concedes | conceded | conceding
conclude | concludes | concluded | concluding
concur | concurs | concurred | concurring
condemn | condemns | condemned | condemning
confess | confesses | confessed | confessing
confide | confides | confided | confiding
confirm | confirms | confirmed | confirming
congratulate | congratulates | congratulated | congratulating
contend | contends | contended | contending
continue | continues | continued | continuing
contradict | contradicts | contradicted | contradicting
counter | counters | countered | countering
criticise | criticises | criticised | criticising
criticize | criticizes | criticized | criticizing
cry | cries | cried | crying
cry out | cries out | cried out | crying out
declare | declares | declared | declaring
decry | decries | decried | decrying
demand | demands | demanded | demanding
denounce | denounces | denounced | denouncing
deny | denies | denied | denying
deplore | deplores | deplored | deploring
deride | derides | derided | deriding
describe | describes | described | describing
detail | details | detailed | detailing
disagree | disagrees | disagreed | disagreeing
disclose | discloses | disclosed | disclosing
dismiss | dismisses | dismissed | dismissing
dispute | disputes | disputed | disputing
dub | dubs | dubbed | dubbing
echo | echoes | echoed | echoing
elaborate | elaborates | elaborated | elaborating
email | emails | emailed | emailing
emphasise | emphasises | emphasised | emphasising
emphasize | emphasizes | emphasized | emphasizing
encourage | encourages | encouraged | encouraging
enquire | enquires | enquired | enquiring
enthuse | enthuses | enthused | enthusing
estimate | estimates | estimated | estimating
exclaim | exclaims | exclaimed | exclaiming
exhort | exhorts | exhorted | exhorting
explain | explains | explained | explaining
fear | fears | feared | fearing
feel | feels | felt | feeling ; weak=yes
fire back | fires back | fired back | firing back
forecast | forecasts | forecasted | forecasting
gasp | gasps | gasped | gasping
gloat | gloats | gloated | gloating
go on | goes on | went on | gone on | going on
groan | groans | groaned | groaning
growl | growls | growled | growling
grumble | grumbles | grumbled | grumbling
guarantee | guarantees | guaranteed | guaranteeing
guess | guesses | guessed | guessing
gush | gushes | gushed | gushing
hail | hails | hailed | hailing
highlight | highlights | highlighted | highlighting
hint | hints | hinted | hinting
hiss | hisses | hissed | hissing
hit back | hits back | hitting back
hope | hopes | hoped | hoping
hypothesise | hypothesises | hypothesised | hypothesising
hypothesize | hypothesizes | hypothesized | hypothesizing
implore | implores | implored | imploring
imply | implies | implied | implying
indicate | indicates | indicated | indicating
inform | informs | informed | informing
inquire | inquires | inquired | inquiring
insist | insists | insisted | insisting
instruct | instructs | instructed | instructing
interject | interjects | interjected | interjecting
interrupt | interrupts | interrupted | interrupting
joke | jokes | joked | joking
label | labels | labelled | labeled | labelling | labeling
lament | laments | lamented | lamenting
lash out | lashes out | lashed out | lashing out
laud | lauds | lauded | lauding
laugh | laughs | laughed | laughing
maintain | maintains | maintained | maintaining
marvel | marvels | marvelled | marveled | marvelling | marveling
mention | mentions | mentioned | mentioning
moan | moans | moaned | moaning
mock | mocks | mocked | mocking
mumble | mumbles | mumbled | mumbling
murmur | murmurs | murmured | murmuring
muse | muses | mused | musing
mutter | mutters | muttered | muttering
note | notes | noted | noting
notify | notifies | notified | notifying
object | objects | objected | objecting
observe | observes | observed | observing
opine | opines | opined | opining
order | orders | ordered | ordering
outline | outlines | outlined | outlining
plead | pleads | pleaded | pled | pleading
pledge | pledges | pledged | pledging
point out | points out | pointed out | pointing out
ponder | ponders | pondered | pondering
posit | posits | posited | positing
post | posts | posted | posting
praise | praises | praised | praising
predict | predicts | predicted | predicting
proclaim | proclaims | proclaimed | proclaiming
profess | professes | professed | professing
promise | promises | promised | promising
pronounce | pronounces | pronounced | pronouncing
propose | proposes | proposed | proposing
protest | protests | protested | protesting
push back | pushes back | pushed back | pushing back
query | queries | queried | querying
question | questions | questioned | questioning
quip | quips | quipped | quipping
quote | quotes | quoted | quoting
rage | rages | raged | raging
rant | rants | ranted | ranting
read | reads | reading
reaffirm | reaffirms | reaffirmed | reaffirming
reason | reasons | reasoned | reasoning
reassure | reassures | reassured | reassuring
rebuke | rebukes | rebuked | rebuking
rebut | rebuts | rebutted | rebutting
recall | recalls | recalled | recalling
reckon | reckons | reckoned | reckoning ; weak=yes
recommend | recommends | recommended | recommending
recount | recounts | recounted | recounting
reflect | reflects | reflected | reflecting
refute | refutes | refuted | refuting
regret | regrets | regretted | regretting
reiterate | reiterates | reiterated | reiterating
reject | rejects | rejected | rejecting
relay | relays | relayed | relaying
remark | remarks | remarked | remarking
remember | remembers | remembered | remembering ; weak=yes
remind | reminds | reminded | reminding
repeat | repeats | repeated | repeating
reply | replies | replied | replying
report | reports | reported | reporting
request | requests | requested | requesting
respond | responds | responded | responding
retort | retorts | retorted | retorting
reveal | reveals | revealed | revealing
ridicule | ridicules | ridiculed | ridiculing
roar | roars | roared | roaring
rule | rules | ruled | ruling
say | says | said | saying
scoff | scoffs | scoffed | scoffing
scold | scolds | scolded | scolding
scream | screams | screamed | screaming
set out | sets out | setting out
shoot back | shoots back | shot back | shooting back
shout | shouts | shouted | shouting
shriek | shrieks | shrieked | shrieking
sigh | sighs | sighed | sighing
signal | signals | signalled | signaled | signalling | signaling
sing | sings | sang | sung | singing
slam | slams | slammed | slamming
snap | snaps | snapped | snapping
snarl | snarls | snarled | snarling
sneer | sneers | sneered | sneering
sob | sobs | sobbed | sobbing
speak | speaks | spoke | spoken | speaking
speak out | speaks out | spoke out | spoken out | speaking out
speculate | speculates | speculated | speculating
spell out | spells out | spelled out | spelt out | spelling out
stammer | stammers | stammered | stammering
state | states | stated | stating
stress | stresses | stressed | stressing
stutter | stutters | stuttered | stuttering
suggest | suggests | suggested | suggesting
sum up | sums up | summed up | summing up
summarise | summarises | summarised | summarising
summarize | summarizes | summarized | summarizing
swear | swears | swore | sworn | swearing
tease | teases | teased | teasing
tell | tells | told | telling
term | terms | termed | terming
testify | testifies | testified | testifying
text | texts | texted | texting
thank | thanks | thanked | thanking
theorise | theorises | theorised | theorising
theorize | theorizes | theorized | theorizing
think | thinks | thought | thinking ; weak=yes
threaten | threatens | threatened | threatening
tout | touts | touted | touting
trumpet | trumpets | trumpeted | trumpeting
tweet | tweets | tweeted | tweeting
underline | underlines | underlined | underlining
underscore | underscores | underscored | underscoring
urge | urges | urged | urging
utter | utters | uttered | uttering
vent | vents | vented | venting
venture | ventures | ventured | venturing
vow | vows | vowed | vowing
wail | wails | wailed | wailing
warn | warns | warned | warning
weigh in | weighs in | weighed in | weighing in
welcome | welcomes | welcomed | welcoming
whine | whines | whined | whining
whisper | whispers | whispered | whispering
wonder | wonders | wondered | wondering
worry | worries | worried | worrying
write | writes | wrote | written | writing
yell | yells | yelled | yelling
