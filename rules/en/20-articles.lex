# Articles: "the foreign ministry" is the ministry, "The Hill" a name
# behind an article.
%format 1
%name ARTICLE
a
an
the
