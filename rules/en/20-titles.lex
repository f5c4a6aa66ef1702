# whosaid English lexicon: titles and honorifics set aside from names,
# capitalised as they appear before a name. Abbreviations with and without
# the dot are forms of one entry; gender is given where the title tells it.
%format 1
%name TITLE
Admiral | Adm | Adm.
Alderman
Ambassador | Amb | Amb.
Archbishop
Assemblyman ; gender=male
Assemblymember
Assemblywoman ; gender=female
Attorney General | Attorney-General | AG
Ayatollah ; gender=male
Baron ; gender=male
Baroness ; gender=female
Bishop
Brigadier General | Brig Gen | Brig. Gen.
Brigadier | Brig | Brig.
Captain | Capt | Capt.
Cardinal
Chair
Chairman ; gender=male
Chairperson
Chairwoman ; gender=female
Chancellor
Chief
Chief Constable
Chief Executive | CEO
Chief Inspector
Chief Justice
Chief Minister
Chief Rabbi
Chief Superintendent | Chief Supt | Chief Supt.
Coach
Colonel | Col | Col.
Commander | Cmdr | Cmdr.
Commissioner
Commodore | Cdre | Cdre.
Congressman ; gender=male
Congresswoman ; gender=female
Constable
Consul
Consul General | Consul-General
Corporal | Cpl | Cpl.
Councillor | Councilor | Cllr | Cllr.
Councilman ; gender=male
Councilwoman ; gender=female
Countess ; gender=female
Crown Prince ; gender=male
Crown Princess ; gender=female
Dame ; gender=female
Defence Minister | Defense Minister
Defence Secretary | Defense Secretary
Democrat
Democratic
Deputy Chief Constable
Deputy Mayor
Deputy Prime Minister
Detective Chief Inspector | DCI
Detective Chief Superintendent | Det Ch Supt
Detective Constable
Detective Inspector
Detective Sergeant
Detective Superintendent | Det Supt | Det. Supt.
Detective | Det | Det.
Director
Director-General | Director General
District Attorney
Dr | Dr.
Duchess ; gender=female
Duke ; gender=male
Earl ; gender=male
Economy Minister
Emir ; gender=male
Emperor ; gender=male
Empress ; gender=female
Envoy
Father | Fr | Fr. ; gender=male
Field Marshal
Finance Minister
First Minister
Foreign Minister
Foreign Secretary
General | Gen | Gen.
Governor | Gov | Gov.
Grand Ayatollah ; gender=male
Grand Duchess ; gender=female
Grand Duke ; gender=male
Grand Imam
Grand Mufti
Health Minister
Health Secretary
High Commissioner
Home Secretary
Imam
Inspector | Insp | Insp.
Interior Minister
Judge
Justice
Justice Minister
King ; gender=male
Lady ; gender=female
Leader
Lieutenant Colonel | Lt Col | Lt. Col.
Lieutenant General | Lt Gen | Lt. Gen.
Lieutenant Governor | Lt Gov | Lt. Gov.
Lieutenant | Lt | Lt.
Lord ; gender=male
Lord Justice
Madam | Madame | Mme | Mme. ; gender=female
Magistrate
Major General | Maj Gen | Maj. Gen.
Major | Maj | Maj.
Majority Leader
Manager
Marshal
Mayor
Minister
Minority Leader
Miss ; gender=female
Monsignor | Msgr | Msgr.
Mr | Mr. ; gender=male
Mrs | Mrs. ; gender=female
Ms | Ms. ; gender=female
Mufti
Mx | Mx.
Officer
Pastor
Patriarch ; gender=male
Pope ; gender=male
Premier
President | Pres.
President-elect
Prime Minister
Prince ; gender=male
Princess ; gender=female
Professor | Prof | Prof.
Prosecutor
Queen ; gender=female
Rabbi
Rear Admiral | Rear Adm | Rear Adm.
Representative | Rep | Rep.
Republican
Reverend | Rev | Rev.
Secretary
Secretary of State
Secretary-General | Secretary General
Senator | Sen | Sen.
Sergeant | Sgt | Sgt.
Sheikh | Sheik ; gender=male
Sheriff
Sir ; gender=male
Solicitor General | Solicitor-General
Speaker
Special Envoy
Spokesman ; gender=male
Spokesperson
Spokeswoman ; gender=female
State Councillor | State Councilor
Sultan ; gender=male
Superintendent | Supt | Supt.
Tanaiste | Tánaiste
Taoiseach
Trade Minister
Treasury Secretary
Vice Admiral | Vice Adm | Vice Adm.
Vice Chancellor | Vice-Chancellor
Vice Premier
Vice President | Vice-President
Whip
