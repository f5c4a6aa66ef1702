# Documents and media that "say" things: "the report said", "a statement
# from the ministry", "the book says". They speak for whoever wrote them.
%format 1
%name SOURCE
ad | ads
advertisement | advertisements
analysis | analyses
article | articles
book | books
cable | cables
communiqué | communiqués | communique | communiques
complaint | complaints
document | documents
email | emails | e-mail | e-mails
filing | filings
indictment | indictments
letter | letters
lawsuit | lawsuits
memo | memos | memorandum
note | notes
op-ed | op-eds
petition | petitions
poll | polls
post | posts
readout | readouts
release | releases
report | reports
resolution | resolutions
ruling | rulings
statement | statements
study | studies
survey | surveys
transcript | transcripts
tweet | tweets
verdict | verdicts
website | websites
