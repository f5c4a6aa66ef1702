# whosaid English lexicon: "the" and a word for where someone is from that,
# alone as a speaker, stands for a person the text has named ("Agassi
# ... “...,” said the American"): the resolver reads it as it reads "he"
# or "she", the gender where the word tells one. Not as descriptors: as a
# word before a name they open firms' names as often ("American
# Airlines", "British Airways").
%format 1
%name DEMONYM
the afghan
the albanian
the algerian
the american
the argentine | the argentinian
the armenian
the australian | the aussie
the austrian
the belarusian
the belgian
the bolivian
the bosnian
the brazilian
the briton | the brit
the bulgarian
the cameroonian
the canadian
the chilean
the colombian
the croat | the croatian
the cypriot
the czech
the dane
the dutchman ; gender=male
the dutchwoman ; gender=female
the ecuadorian
the egyptian
the englishman ; gender=male
the englishwoman ; gender=female
the estonian
the ethiopian
the fijian
the finn
the frenchman ; gender=male
the frenchwoman ; gender=female
the georgian
the german
the ghanaian
the greek
the hungarian
the icelander
the indian
the iranian
the iraqi
the irishman ; gender=male
the irishwoman ; gender=female
the israeli
the italian
the ivorian
the jamaican
the kenyan
the kiwi
the latvian
the lithuanian
the mexican
the moroccan
the nigerian
the norwegian
the pakistani
the paraguayan
the peruvian
the pole
the romanian
the russian
the samoan
the scot
the scotsman ; gender=male
the scotswoman ; gender=female
the serb | the serbian
the slovak
the slovakian
the slovenian
the spaniard
the swede
the tongan
the tunisian
the turk
the ukrainian
the uruguayan
the venezuelan
the welshman ; gender=male
the welshwoman ; gender=female
the zambian
the zimbabwean
