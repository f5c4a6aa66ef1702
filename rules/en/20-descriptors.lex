# whosaid English lexicon: head nouns of descriptive speaker mentions
# ("the foreign minister", "a White House spokesman", "the mother of two").
# A word's singular forms, then after a / its plural forms: a plural
# ("officials said", "the committee chairmen") is a group, which the
# resolver never takes for one person. Gender where the word tells it.
%format 1
%name DESCRIPTOR
academic / academics
activist / activists
actor / actors
actress / actresses ; gender=female
adviser | advisor / advisers | advisors
aide / aides
ambassador / ambassadors
analyst / analysts
anchor / anchors
announcer / announcers
archbishop / archbishops
artist / artists
attorney / attorneys
attorney general | attorney-general / attorneys general
aunt / aunts ; gender=female
author / authors
banker / bankers
billionaire / billionaires
bishop / bishops
boss / bosses
boy / boys ; gender=male
brother / brothers ; gender=male
businessman / businessmen ; gender=male
businesswoman / businesswomen ; gender=female
campaigner / campaigners
candidate / candidates
captain / captains
cardinal / cardinals
ceo / ceos
chairman / chairmen ; gender=male
chairperson / chairpersons
chairwoman / chairwomen ; gender=female
chancellor / chancellors
chef / chefs
chief / chiefs
chief executive / chief executives
cleric / clerics
coach / coaches
colleague / colleagues
columnist / columnists
comedian / comedians
commander / commanders
commentator / commentators
commissioner / commissioners
congressman / congressmen ; gender=male
congresswoman / congresswomen ; gender=female
consultant / consultants
correspondent / correspondents
councillor | councilor / councillors | councilors
critic / critics
crown prince / crown princes ; gender=male
daughter / daughters ; gender=female
defendant / defendants
delegate / delegates
deputy / deputies
designer / designers
detective / detectives
diplomat / diplomats
director / directors
dj / djs
doctor / doctors
economist / economists
editor / editors
editor-in-chief / editors-in-chief
emperor / emperors ; gender=male
employee / employees
empress / empresses ; gender=female
engineer / engineers
entrepreneur / entrepreneurs
envoy / envoys
executive / executives
expert / experts
farmer / farmers
father / fathers ; gender=male
filmmaker / filmmakers
firefighter / firefighters
fly-half / fly-halves
founder / founders
friend / friends
general / generals
girl / girls ; gender=female
goalkeeper / goalkeepers
governor / governors
grandfather / grandfathers ; gender=male
grandmother / grandmothers ; gender=female
guitarist / guitarists
head / heads
historian / historians
host / hosts
husband / husbands ; gender=male
imam / imams
insider / insiders
inspector / inspectors
interviewer / interviewers
investigator / investigators
investor / investors
journalist / journalists
judge / judges
king / kings ; gender=male
lawmaker / lawmakers
lawyer / lawyers
leader / leaders
legislator / legislators
man / men ; gender=male
manager / managers
mayor / mayors
mep / meps
midfielder / midfielders
migrant / migrants
militant / militants
minister / ministers
moderator / moderators
monarch / monarchs
mother / mothers ; gender=female
mp / mps
narrator / narrators
negotiator / negotiators
neighbour | neighbor / neighbours | neighbors
nominee / nominees
novelist / novelists
nurse / nurses
observer / observers
officer / officers
official / officials
operative / operatives
opponent / opponents
organiser | organizer / organisers | organizers
owner / owners
panelist | panellist / panelists | panellists
parent / parents
passenger / passengers
pastor / pastors
photographer / photographers
physician / physicians
pilot / pilots
player / players
playwright / playwrights
podcaster / podcasters
poet / poets
police officer / police officers
policeman / policemen ; gender=male
policewoman / policewomen ; gender=female
politician / politicians
pollster / pollsters
pope / popes ; gender=male
premier / premiers
presenter / presenters
president / presidents
priest / priests
prime minister / prime ministers
prince / princes ; gender=male
princess / princesses ; gender=female
producer / producers
professor / professors
prosecutor / prosecutors
protester | protestor / protesters | protestors
questioner / questioners
rabbi / rabbis
rapper / rappers
rebel / rebels
referee / referees
refugee / refugees
regulator / regulators
reporter / reporters
representative / representatives
rescuer / rescuers
researcher / researchers
resident / residents
rival / rivals
ruler / rulers
scholar / scholars
scientist / scientists
screenwriter / screenwriters
scrum-half / scrum-halves
secretary / secretaries
secretary-general | secretary general / secretaries-general
senator / senators
sheikh / sheikhs ; gender=male
singer / singers
sister / sisters ; gender=female
soldier / soldiers
son / sons ; gender=male
source / sources
spokesman / spokesmen ; gender=male
spokesperson / spokespersons | spokespeople
spokeswoman / spokeswomen ; gender=female
strategist / strategists
striker / strikers
student / students
sultan / sultans ; gender=male
supporter / supporters
surgeon / surgeons
surrogate / surrogates
survivor / survivors
teacher / teachers
teenager / teenagers
trader / traders
uncle / uncles ; gender=male
veteran / veterans
vice president | vice-president / vice presidents | vice-presidents
victim / victims
villager / villagers
volunteer / volunteers
voter / voters
whistleblower / whistleblowers
widow / widows ; gender=female
widower / widowers ; gender=male
wife / wives ; gender=female
witness / witnesses
woman / women ; gender=female
worker / workers
writer / writers
