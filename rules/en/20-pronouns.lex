# whosaid English lexicon: pronouns that can stand for a speaker (subject forms),
# with gender, number and kind.
%format 1
%name PRONOUN
he ; gender=male number=singular kind=person
I ; number=singular kind=person
it ; number=singular kind=organisation
she ; gender=female number=singular kind=person
they ; number=plural
we ; number=plural kind=organisation
