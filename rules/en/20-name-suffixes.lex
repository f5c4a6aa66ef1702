# whosaid English lexicon: what may follow a surname as part of a name
# (generations, post-nominal letters): "Ken Macdonald QC", "Robert F.
# Kennedy Jr.". Where the entity model takes a person's name from the end
# of a title's complement (TITLELINK), the surname is the word before them.
%format 1
%name NAMESUFFIX
Jr | Jr.
Sr | Sr.
II
III
IV
QC
KC
MP
MEP
MSP
MLA
TD
OBE
MBE
CBE
PhD | Ph.D.
