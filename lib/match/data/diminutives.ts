/**
 * Dutch and Russian given names and the short forms people go by, which the
 * English nickname list (nicknames.ts) lacks: Hans and Joop for Johannes, Kees
 * for Cornelis, Sasha for Aleksandr, Katya for Ekaterina. One line per formal
 * name: the formal name first, then its short forms. Russian names are written
 * in one Latin spelling; the skeleton (skeleton.ts) makes Саша, Sascha and
 * Sasha one name, so there is no need to list spellings.
 *
 * Compiled for Earshot from common knowledge of Dutch and Russian naming
 * (Meertens Voornamenbank usage notes; Russian diminutive patterns).
 */
export const DIMINUTIVES = `
johannes jan hans johan joop jo hannes jans john jon
johanna jannie janneke hanneke hannie hanna joke jo jopie jans
cornelis kees cees cor neel
cornelia corrie cor nel nelly nellie cokkie lia
jacobus jacob jaap sjaak koos ko coos jacco jack jake
jacoba coby co bea
petrus pieter piet peter
petronella nel nelleke pietje ella petra
hendrik henk hein harry rik henny
hendrika riek rika henny rieky
willem wim pim willy wil bill wilhelmus
wilhelmina mien wil willy mina wilma helma willemijn willemien
gerardus gerrit gerard gert geert ger gerry
geertruida truus truida geertje trudy
adrianus arie ad adri aad arjen adriaan janus
adriana ria adrie
franciscus frans frank cis
theodorus theo dorus door ted
antonius toon ton teun anton tony toni
abraham bram braam
daniel daan danny
matthijs thijs mathijs ties tijs matthias mattheus
alexander sander alex sasha sanja shura sanya sasja
sebastiaan bas bastiaan seb
justus joost
koenraad koen coen conrad coenraad
timotheus tim timo
lucas luuk luc luke
marinus rinus rien
nicolaas klaas nico niek claas niels
jozef sjef jos joep joseph joe
martinus maarten tinus martin tijn martijn
gijsbertus gijs bert
lambertus bert lammert
hubertus huub bert
rudolf ruud dolf rudy
robertus rob robbert bert robert
diederik dirk dick dik
samuel sem sam sammy
hieronymus jeroen jerome
wouter wout walter
georgius joris sjors george
augustinus stijn guus gust
constantijn stijn stan
marcus mark marc
vincent vince vinnie
erik eric rik
elisabeth liesbeth lies els elsje elly betty bep lisa liza liesje
margaretha greet grietje margriet marga greta margo rita maggie
maria marie mia mies ria marieke maaike mieke marijke manon masha mary mariya marusya manya
catharina trijntje tineke kitty karin cato toos katja katinka rina ine
anna anneke annie anja anke anouk anya anyuta nyura ann hanna
saskia sas sassie
helena lena leni heleen lenie ellen
christina tineke tine stien chris kristina
sophia sophie fie soof sofie sofia sonya sonia sofya
julia juul juultje julie iulia yulia yulya yulechka
charlotte lotte lot lotje
susanne sanne suzanne susan sanna
eva eef evi evelien
esther es essie ester
ingrid inge
eleonora noor noortje nora
theresia tess tessa teresa
rosa roos roosje rosalie
flora floor florien
annemarie annemie annemiek
aleksandr sasha sanya shura sashka alex sanek sascha
aleksandra sasha shura sanya alex sandra
dmitrii dima dimka mitya dimitri
ekaterina katya katia katja katyusha katerina kate katrin catherine
evgenii zhenya jenya eugene genya
evgeniia zhenya jenya eugenia
sergei seryozha serezha serega serge
andrei andryusha andrey andrew andre
aleksei lyosha alyosha lesha alex alexei alexis
ivan vanya vanyusha vania
mikhail misha mishka michael mike
nikolai kolya kolia nick nicholas niko
vladimir volodya vova vovka vlad
pavel pasha pavlik paul
artem tyoma tema artemii
konstantin kostya kostia
georgii zhora gosha goga george
fedor fedya theodore feodor
ilia ilyusha ilya
viktor vitya victor
grigorii grisha gregory
iurii yura yurka yuri jurij
maksim max maks maxim
olga olya olenka helga
elena lena lenochka helen helena
tatiana tanya tania tanja
natalia natasha natascha nata natalie
irina ira irochka irene
svetlana sveta lana
anastasia nastya nastia asya stasya
daria dasha dashka
ksenia ksyusha ksusha xenia oksana
liudmila lyuda luda mila lyusya
valentina valya valia tina
alena alyona alenka
polina polya paulina pauline
viktoria vika victoria vicky
nadezhda nadya nadia nadyusha
galina galya galia
larisa lara lora
raisa raya
zoia zoya
liubov lyuba liuba
margarita rita
ekaterina katya katia katerina
elizaveta liza lisa
sofia sonya sonia sophia
valeria lera valeriia
veronika nika
kristina kristi
alina
arina
evgeniia zhenya
marina
nina
vera
anna anya anechka
iuliia yulia julia yuliya
vasilisa vasya
dmitrii dima dimitri
sergei seryozha serezha sergey
andrei andrey andryusha
aleksei alyosha lyosha alexei
evgenii zhenya eugene
anatolii tolya
viacheslav slava vyacheslav
stanislav stas
vadim
vitalii vitalik vitaly
valerii valera
gennadii gena
leonid lyonya lenya
stepan styopa
boris borya
egor yegor
kirill
oleg
igor
denis
roman roma
timur
`;
