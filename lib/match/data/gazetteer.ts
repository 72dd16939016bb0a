/**
 * A small gazetteer for the places a Dutch shop's customers name: cities and
 * regions of the Netherlands, Belgium, Germany, the United Kingdom and Russia,
 * and country names in English, Dutch, German, French and Russian. One Latin
 * and one Cyrillic spelling is enough: names are looked up by their skeleton,
 * so Москва / Moskva and Екатеринбург / Yekaterinburg / Ekaterinburg meet.
 * Compiled for Earshot from public knowledge (ISO 3166, national statistics
 * offices' city lists).
 *
 * Format: `id|names;...` for countries; `id|country|names;...` for regions;
 * `country|region|names;...` for cities (the first name is the city's id).
 */
export const COUNTRIES = `
NL|netherlands;the netherlands;nederland;holland;nl;nld;pays-bas;niederlande;нидерланды;голландия
BE|belgium;belgie;belgique;belgien;be;bel;бельгия
DE|germany;deutschland;duitsland;allemagne;de;deu;ger;германия
GB|united kingdom;uk;u.k.;great britain;britain;gb;gbr;verenigd koninkrijk;groot-brittannie;engeland;england;royaume-uni;великобритания;англия;соединенное королевство
RU|russia;russian federation;rusland;russland;russie;ru;rus;россия;рф;российская федерация
FR|france;frankrijk;frankreich;fr;франция
ES|spain;spanje;spanien;espana;es;испания
IT|italy;italie;italien;italia;it;италия
PT|portugal;pt;португалия
US|united states;usa;u.s.a.;us;america;verenigde staten;vereinigte staaten;сша;америка
CA|canada;ca;канада
AU|australia;australie;au;австралия
IE|ireland;ierland;irland;ie;ирландия
LU|luxembourg;luxemburg;lu;люксембург
AT|austria;oostenrijk;osterreich;at;австрия
CH|switzerland;zwitserland;schweiz;suisse;ch;швейцария
DK|denmark;denemarken;danemark;dk;дания
SE|sweden;zweden;schweden;se;швеция
NO|norway;noorwegen;norwegen;no;норвегия
FI|finland;finnland;fi;финляндия
PL|poland;polen;pologne;pl;польша
CZ|czech republic;czechia;tsjechie;tschechien;cz;чехия
UA|ukraine;oekraine;ua;украина;україна
BY|belarus;wit-rusland;weissrussland;by;беларусь;белоруссия
KZ|kazakhstan;kazachstan;kz;казахстан
GE|georgia;georgie;georgien;грузия
AM|armenia;armenie;армения
LV|latvia;letland;lettland;lv;латвия
LT|lithuania;litouwen;litauen;lt;литва
EE|estonia;estland;ee;эстония
IL|israel;il;израиль
TR|turkey;turkije;turkei;turkiye;tr;турция
AE|united arab emirates;uae;dubai;оаэ
`;

export const REGIONS = `
NL-DR|NL|drenthe;дренте
NL-FL|NL|flevoland;флеволанд
NL-FR|NL|friesland;fryslan;фрисландия
NL-GE|NL|gelderland;гелдерланд
NL-GR|NL|groningen province;provincie groningen
NL-LI|NL|limburg;limburg nl;лимбург
NL-NB|NL|noord-brabant;north brabant;brabant;северный брабант
NL-NH|NL|noord-holland;north holland;северная голландия
NL-OV|NL|overijssel;оверэйссел
NL-UT|NL|utrecht province;provincie utrecht
NL-ZE|NL|zeeland;зеландия
NL-ZH|NL|zuid-holland;south holland;южная голландия
NL-RA|NL|randstad
BE-VAN|BE|antwerp province;provincie antwerpen
BE-VOV|BE|oost-vlaanderen;east flanders
BE-VWV|BE|west-vlaanderen;west flanders
BE-VBR|BE|vlaams-brabant;flemish brabant
BE-VLI|BE|limburg be;belgian limburg
BE-BRU|BE|brussels-capital region;brussels hoofdstedelijk gewest
BE-WAL|BE|wallonia;wallonie;wallonië;hainaut;henegouwen;liege province;namur province;luxembourg province;waals-brabant
BE-VLG|BE|flanders;vlaanderen;flandre;фландрия
DE-NW|DE|nordrhein-westfalen;north rhine-westphalia;noordrijn-westfalen;nrw;северный рейн-вестфалия
DE-NI|DE|niedersachsen;lower saxony;nedersaksen;нижняя саксония
DE-BY|DE|bayern;bavaria;beieren;бавария
DE-BW|DE|baden-wurttemberg;баден-вюртемберг
DE-HE|DE|hessen;hesse;гессен
DE-SN|DE|sachsen;saxony;saksen;саксония
DE-RP|DE|rheinland-pfalz;rhineland-palatinate;рейнланд-пфальц
DE-SH|DE|schleswig-holstein;шлезвиг-гольштейн
DE-BE|DE|berlin state
DE-HH|DE|hamburg state
DE-HB|DE|bremen state
DE-BB|DE|brandenburg;бранденбург
DE-TH|DE|thuringen;thuringia;тюрингия
DE-ST|DE|sachsen-anhalt;saxony-anhalt
DE-MV|DE|mecklenburg-vorpommern
DE-SL|DE|saarland
GB-ENG|GB|england region;english
GB-SCT|GB|scotland;schotland;schottland;шотландия
GB-WLS|GB|wales;уэльс
GB-NIR|GB|northern ireland;noord-ierland;северная ирландия
RU-MOW|RU|moscow city region
RU-MOS|RU|moscow oblast;moskovskaya oblast;подмосковье;московская область
RU-SPE|RU|st petersburg city region
RU-LEN|RU|leningrad oblast;leningradskaya oblast;ленинградская область;ленобласть
RU-SVE|RU|sverdlovsk oblast;свердловская область
RU-NVS|RU|novosibirsk oblast;новосибирская область
RU-TA|RU|tatarstan;татарстан
RU-KDA|RU|krasnodar krai;краснодарский край;kuban;кубань
RU-NIZ|RU|nizhny novgorod oblast;нижегородская область
RU-SAM|RU|samara oblast;самарская область
RU-ROS|RU|rostov oblast;ростовская область
RU-KGD|RU|kaliningrad oblast;калининградская область
RU-CHE|RU|chelyabinsk oblast;челябинская область
RU-PRI|RU|primorsky krai;приморский край
`;

export const CITIES = `
NL|NL-NH|amsterdam;amsterdam-centrum;adam;амстердам
NL|NL-ZH|rotterdam;роттердам
NL|NL-ZH|den haag;the hague;'s-gravenhage;s-gravenhage;la haye;гаага
NL|NL-UT|utrecht;утрехт
NL|NL-NB|eindhoven;эйндховен
NL|NL-GR|groningen;гронинген
NL|NL-NB|tilburg;тилбург
NL|NL-FL|almere;алмере
NL|NL-NB|breda;бреда
NL|NL-GE|nijmegen;неймеген
NL|NL-GE|apeldoorn;апелдорн
NL|NL-GE|arnhem;арнем
NL|NL-NH|haarlem;харлем
NL|NL-NH|haarlemmermeer;hoofddorp
NL|NL-OV|enschede;энсхеде
NL|NL-UT|amersfoort;амерсфорт
NL|NL-NH|zaanstad;zaandam
NL|NL-NB|'s-hertogenbosch;s-hertogenbosch;den bosch;хертогенбос
NL|NL-OV|zwolle;зволле
NL|NL-ZH|leiden;лейден
NL|NL-ZH|zoetermeer
NL|NL-FR|leeuwarden;ljouwert;леуварден
NL|NL-LI|maastricht;маастрихт
NL|NL-ZH|dordrecht;дордрехт
NL|NL-GE|ede
NL|NL-ZH|alphen aan den rijn
NL|NL-NH|alkmaar;алкмар
NL|NL-DR|emmen
NL|NL-ZH|westland;naaldwijk
NL|NL-ZH|delft;делфт
NL|NL-LI|venlo
NL|NL-OV|deventer;девентер
NL|NL-LI|sittard-geleen;sittard;geleen
NL|NL-NB|helmond
NL|NL-NB|oss
NL|NL-NH|amstelveen
NL|NL-NH|hilversum;хилверсюм
NL|NL-LI|heerlen
NL|NL-NH|purmerend
NL|NL-ZH|schiedam
NL|NL-FL|lelystad
NL|NL-ZH|leidschendam-voorburg;voorburg
NL|NL-NH|hoorn
NL|NL-ZH|vlaardingen
NL|NL-ZH|gouda;гауда
NL|NL-UT|zeist
NL|NL-DR|assen
NL|NL-NB|roosendaal
NL|NL-NB|bergen op zoom
NL|NL-ZE|middelburg
NL|NL-ZE|vlissingen;flushing
NL|NL-OV|hengelo
NL|NL-OV|almelo
NL|NL-NH|den helder
NL|NL-UT|veenendaal
NL|NL-ZH|capelle aan den ijssel
NL|NL-ZH|katwijk
NL|NL-GE|harderwijk
NL|NL-GE|wageningen
NL|NL-OV|kampen
NL|NL-GE|doetinchem
NL|NL-LI|roermond
NL|NL-UT|nieuwegein
NL|NL-UT|houten
NL|NL-UT|woerden
NL|NL-NH|bussum;gooise meren
NL|NL-FR|heerenveen
NL|NL-FR|drachten;smallingerland
NL|NL-FR|sneek
NL|NL-ZE|terneuzen
NL|NL-ZH|gorinchem
NL|NL-GE|zutphen
NL|NL-NH|beverwijk
NL|NL-NH|heemskerk
NL|NL-NH|velsen;ijmuiden
NL|NL-NB|waalwijk
NL|NL-NB|veldhoven
NL|NL-GE|tiel
NL|NL-GE|culemborg
BE|BE-VAN|antwerpen;antwerp;anvers;антверпен
BE|BE-VOV|gent;ghent;gand;гент
BE|BE-VWV|brugge;bruges;брюгге
BE|BE-VBR|leuven;louvain;лёвен;левен
BE|BE-BRU|brussel;brussels;bruxelles;брюссель
BE|BE-VAN|mechelen;malines
BE|BE-VLI|hasselt
BE|BE-VWV|kortrijk;courtrai
BE|BE-VWV|oostende;ostend;ostende;остенде
BE|BE-VOV|aalst
BE|BE-VLI|genk
BE|BE-VOV|sint-niklaas
BE|BE-WAL|liege;luik;lüttich;льеж
BE|BE-WAL|namur;namen
BE|BE-WAL|charleroi;шарлеруа
DE|DE-BE|berlin;берлин
DE|DE-HH|hamburg;гамбург
DE|DE-BY|munchen;munich;munchen;мюнхен
DE|DE-NW|koln;cologne;keulen;кёльн;кельн
DE|DE-HE|frankfurt am main;frankfurt;франкфурт
DE|DE-BW|stuttgart;штутгарт
DE|DE-NW|dusseldorf;дюссельдорф
DE|DE-NW|dortmund;дортмунд
DE|DE-NW|essen;эссен
DE|DE-SN|leipzig;лейпциг
DE|DE-HB|bremen;бремен
DE|DE-SN|dresden;дрезден
DE|DE-NI|hannover;hanover;ганновер
DE|DE-BY|nurnberg;nuremberg;neurenberg;нюрнберг
DE|DE-NW|duisburg;дуйсбург
DE|DE-NW|bochum
DE|DE-NW|munster;мюнстер
DE|DE-NW|aachen;aken;aix-la-chapelle;ахен
DE|DE-NW|bonn;бонн
DE|DE-NW|kleve;cleves;kleef
DE|DE-NW|emmerich;emmerik
DE|DE-NW|monchengladbach
DE|DE-NW|krefeld
DE|DE-NW|oberhausen
DE|DE-NW|gelsenkirchen
DE|DE-NW|wuppertal
DE|DE-NW|bielefeld
DE|DE-NI|osnabruck
DE|DE-NI|oldenburg
GB|GB-ENG|london;londen;londres;лондон
GB|GB-ENG|manchester;манчестер
GB|GB-ENG|birmingham;бирмингем
GB|GB-ENG|leeds;лидс
GB|GB-ENG|liverpool;ливерпуль
GB|GB-ENG|bristol;бристоль
GB|GB-ENG|sheffield;шеффилд
GB|GB-ENG|newcastle upon tyne;newcastle;ньюкасл
GB|GB-ENG|nottingham;ноттингем
GB|GB-ENG|leicester
GB|GB-ENG|brighton;брайтон
GB|GB-ENG|oxford;оксфорд
GB|GB-ENG|cambridge;кембридж
GB|GB-ENG|york;йорк
GB|GB-ENG|bath
GB|GB-ENG|southampton
GB|GB-ENG|reading
GB|GB-ENG|norwich
GB|GB-SCT|edinburgh;edinburg;эдинбург
GB|GB-SCT|glasgow;глазго
GB|GB-SCT|aberdeen;абердин
GB|GB-WLS|cardiff;кардифф
GB|GB-NIR|belfast;белфаст
RU|RU-MOW|moskva;moscow;moskou;moskau;msk;мск;москва
RU|RU-SPE|sankt-peterburg;saint petersburg;st petersburg;st. petersburg;petersburg;sint-petersburg;piter;spb;питер;спб;санкт-петербург;петербург
RU|RU-NVS|novosibirsk;новосибирск
RU|RU-SVE|yekaterinburg;ekb;екб;екатеринбург
RU|RU-TA|kazan;казань
RU|RU-NIZ|nizhny novgorod;nizhnii novgorod;нижний новгород
RU|RU-CHE|chelyabinsk;челябинск
RU|RU-SAM|samara;самара
RU|RU-ROS|rostov-na-donu;rostov-on-don;rostov;ростов-на-дону;ростов
RU|RU-KDA|krasnodar;краснодар
RU|RU-KDA|sochi;сочи
RU|RU-KGD|kaliningrad;калининград
RU|RU-PRI|vladivostok;владивосток
RU|RU-MOS|podolsk;подольск
RU|RU-MOS|khimki;химки
RU|RU-MOS|balashikha;балашиха
RU||omsk;омск
RU||ufa;уфа
RU||krasnoyarsk;красноярск
RU||voronezh;воронеж
RU||perm;пермь
RU||volgograd;волгоград
RU||tver;тверь
RU||yaroslavl;ярославль
RU||tula;тула
RU||irkutsk;иркутск
RU||tomsk;томск
`;
