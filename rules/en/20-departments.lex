# whosaid English lexicon: the words of what a title is the title of, when
# that is a portfolio or department ("Minister of Finance", "Secretary of
# State", "Minister for Foreign Affairs"). After a title and its link
# (TITLELINK), the entity model sets these words aside and takes the rest
# as the person's name: "Minister of Finance Sri Mulyani Indrawati" is Sri
# Mulyani Indrawati, where the name's length alone would have left out
# "Sri" (and "Minister of State for Trade Policy Greg Hands" Greg Hands),
# where two words or more remain: "Director of Public Prosecutions" names
# no one. One word an entry: the engine asks word by word.
%format 1
%name DEPARTMENT
administration
affairs
agriculture
armed
aviation
budget
business
cabinet
children
civil
climate
commerce
communications
constitutional
consumer
cooperation | co-operation
courts
culture
customs
defence | defense
development
digital
economy
education
employment
energy
enterprise
environment
equality | equalities
european
external
family
finance
fisheries
forces
foreign
forestry
government
health
home
homeland
housing
human
immigration
industry
information
infrastructure
innovation
interior
internal
international
investment
justice
labour | labor
land | lands
legal
local
maritime
media
mines | mining
national
office
overseas
parliamentary
pensions
petroleum
planning
police
policy
prisons
prosecutions
public
refugees
regional
relations
research
resources
revenue
rights
rural
science
security
service | services
social
sport | sports
state
technology
tourism
trade
transport | transportation
treasury
urban
water
welfare
women
work | works
youth
