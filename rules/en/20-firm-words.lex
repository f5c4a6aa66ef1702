# whosaid English lexicon: "the" and a head noun that, alone, stand for an
# organisation the text has named ("Umbro said ... “...,” the firm added"):
# the resolver takes the last name before them that is the subject of a
# reporting verb ("EMI said") or follows one of these words ("sportswear
# firm Umbro"), and no person's. Words for public bodies ("the
# government", "the ministry") are not here: they stand for the country's
# or the story's, which the text seldom names before them; nor are words
# for the press ("the newspaper", "the magazine"), which is seldom the
# subject of a reporting verb before them; nor "the group", which is as
# often a campaign's or a trade's as a firm's. An indefinite article
# ("a company") names none the text has named.
%format 1
%name FIRMWORD
the airline
the bank
the carmaker
the club
the company
the conglomerate
the corporation
the firm
the giant
the insurer
the lender
the manufacturer
the operator
the retailer
the studio
the supermarket
