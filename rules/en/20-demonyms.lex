# whosaid English lexicon: "the" and a word for where someone is from that,
# alone as a speaker, stands for a person the text has named ("Agassi
# ... “...,” said the American"): the resolver reads it as it reads "he"
# or "she", the gender where the word tells one. Not as descriptors: as a
# word before a name they open firms' names as often ("American
# Airlines", "British Airways"). After a / the plural: a group ("the
# Americans said"), never one person; before a name it is no part of the
# name either ("Americans Andy Roddick and Andre Agassi").
%format 1
%name DEMONYM
the afghan / the afghans
the albanian / the albanians
the algerian / the algerians
the american / the americans
the argentine | the argentinian / the argentines | the argentinians
the armenian / the armenians
the australian | the aussie / the australians | the aussies
the austrian / the austrians
the belarusian / the belarusians
the belgian / the belgians
the bolivian / the bolivians
the bosnian / the bosnians
the brazilian / the brazilians
the briton | the brit / the britons | the brits
the bulgarian / the bulgarians
the cameroonian / the cameroonians
the canadian / the canadians
the chilean / the chileans
the colombian / the colombians
the croat | the croatian / the croats | the croatians
the cypriot / the cypriots
the czech / the czechs
the dane / the danes
the dutchman / the dutchmen ; gender=male
the dutchwoman / the dutchwomen ; gender=female
the ecuadorian / the ecuadorians
the egyptian / the egyptians
the englishman / the englishmen ; gender=male
the englishwoman / the englishwomen ; gender=female
the estonian / the estonians
the ethiopian / the ethiopians
the fijian / the fijians
the finn / the finns
the frenchman / the frenchmen ; gender=male
the frenchwoman / the frenchwomen ; gender=female
the georgian / the georgians
the german / the germans
the ghanaian / the ghanaians
the greek / the greeks
the hungarian / the hungarians
the icelander / the icelanders
the indian / the indians
the iranian / the iranians
the iraqi / the iraqis
the irishman / the irishmen ; gender=male
the irishwoman / the irishwomen ; gender=female
the israeli / the israelis
the italian / the italians
the ivorian / the ivorians
the jamaican / the jamaicans
the kenyan / the kenyans
the kiwi / the kiwis
the latvian / the latvians
the lithuanian / the lithuanians
the mexican / the mexicans
the moroccan / the moroccans
the nigerian / the nigerians
the norwegian / the norwegians
the pakistani / the pakistanis
the paraguayan / the paraguayans
the peruvian / the peruvians
the pole / the poles
the romanian / the romanians
the russian / the russians
the samoan / the samoans
the scot / the scots
the scotsman / the scotsmen ; gender=male
the scotswoman / the scotswomen ; gender=female
the serb | the serbian / the serbs | the serbians
the slovak / the slovaks
the slovakian / the slovakians
the slovenian / the slovenians
the spaniard / the spaniards
the swede / the swedes
the tongan / the tongans
the tunisian / the tunisians
the turk / the turks
the ukrainian / the ukrainians
the uruguayan / the uruguayans
the venezuelan / the venezuelans
the welshman / the welshmen ; gender=male
the welshwoman / the welshwomen ; gender=female
the zambian / the zambians
the zimbabwean / the zimbabweans
