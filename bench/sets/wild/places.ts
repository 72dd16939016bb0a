/**
 * Where the shop's customers and the people it meets online live, and every way
 * they write it: the local name, the English and Dutch exonyms, the Russian
 * name, the nicknames and area codes people use (A'dam, 020, Den Bosch, Питер,
 * NYC), and the region. Weights are populations in thousands (national
 * statistics offices, rounded), so a city is picked as often as people live there.
 */
import { Weighted } from './rng';
import type { Lang } from './names';

export interface Country {
  code: string;
  en: string;
  nl: string;
  ru: string;
  local: string;
  /** Other English names people write (Holland, UK, England, USA). */
  enAlt: readonly string[];
  flag: string;
  dial: string;
  amazon: string;
}

export interface City {
  id: string;
  country: string;
  weight: number;
  local: string;
  en: string;
  nl: string;
  ru: string;
  /** Official, older, informal or abbreviated names: 's-Gravenhage, A'dam, 020, Питер, Kiev. */
  alt: readonly string[];
  region: string;
}

/** code|en|nl|ru|local|english alternatives|flag|dial code|Amazon store */
const COUNTRY_LINES = `NL|Netherlands|Nederland|Нидерланды|Nederland|The Netherlands/Holland/NL|🇳🇱|31|amazon.nl
BE|Belgium|België|Бельгия|België|Belgique|🇧🇪|32|amazon.com.be
GB|United Kingdom|Verenigd Koninkrijk|Великобритания|United Kingdom|UK/England/Great Britain|🇬🇧|44|amazon.co.uk
IE|Ireland|Ierland|Ирландия|Éire|Republic of Ireland|🇮🇪|353|amazon.co.uk
US|United States|Verenigde Staten|США|United States|USA/US/United States of America|🇺🇸|1|amazon.com
CA|Canada|Canada|Канада|Canada||🇨🇦|1|amazon.ca
AU|Australia|Australië|Австралия|Australia|Oz|🇦🇺|61|amazon.com.au
DE|Germany|Duitsland|Германия|Deutschland||🇩🇪|49|amazon.de
RU|Russia|Rusland|Россия|Россия|Russian Federation|🇷🇺|7|amazon.com
UA|Ukraine|Oekraïne|Украина|Україна||🇺🇦|380|amazon.de
BY|Belarus|Wit-Rusland|Беларусь|Беларусь|Byelorussia|🇧🇾|375|amazon.de
KZ|Kazakhstan|Kazachstan|Казахстан|Қазақстан||🇰🇿|7|amazon.com
LV|Latvia|Letland|Латвия|Latvija||🇱🇻|371|amazon.de
EE|Estonia|Estland|Эстония|Eesti||🇪🇪|372|amazon.de
LT|Lithuania|Litouwen|Литва|Lietuva||🇱🇹|370|amazon.de
IL|Israel|Israël|Израиль|ישראל||🇮🇱|972|amazon.com
CY|Cyprus|Cyprus|Кипр|Κύπρος||🇨🇾|357|amazon.de
FI|Finland|Finland|Финляндия|Suomi||🇫🇮|358|amazon.de
ES|Spain|Spanje|Испания|España||🇪🇸|34|amazon.es
FR|France|Frankrijk|Франция|France||🇫🇷|33|amazon.fr`;

/**
 * country|weight|local|en|nl|ru|alternatives|region; an empty name falls back
 * to the local one.
 */
const CITY_LINES = `NL|918|Amsterdam|||Амстердам|A'dam/Adam/Mokum/020|Noord-Holland
NL|655|Rotterdam|||Роттердам|R'dam/010|Zuid-Holland
NL|552|Den Haag|The Hague||Гаага|'s-Gravenhage/'s Gravenhage/070/Scheveningen|Zuid-Holland
NL|361|Utrecht|||Утрехт|030|Utrecht
NL|238|Eindhoven|||Эйндховен|040|Noord-Brabant
NL|234|Groningen|||Гронинген|Stad/Grunn|Groningen
NL|224|Tilburg|||Тилбург|013|Noord-Brabant
NL|218|Almere|||Алмере||Flevoland
NL|184|Breda|||Бреда||Noord-Brabant
NL|179|Nijmegen|||Неймеген|Nimwegen|Gelderland
NL|165|Apeldoorn|||Апелдорн||Gelderland
NL|164|Arnhem|||Арнем||Gelderland
NL|162|Haarlem|||Харлем||Noord-Holland
NL|158|Amersfoort|||Амерсфорт||Utrecht
NL|160|Enschede|||Энсхеде||Overijssel
NL|157|'s-Hertogenbosch||Den Bosch|Хертогенбос|Den Bosch/'s Hertogenbosch/Hertogenbosch|Noord-Brabant
NL|130|Zwolle|||Зволле||Overijssel
NL|125|Leiden|||Лейден||Zuid-Holland
NL|125|Zoetermeer|||Зутермер||Zuid-Holland
NL|125|Leeuwarden|||Леуварден|Ljouwert|Friesland
NL|121|Maastricht|||Маастрихт|Mestreech|Limburg
NL|120|Dordrecht|||Дордрехт|Dordt|Zuid-Holland
NL|118|Ede|||Эде||Gelderland
NL|113|Alphen aan den Rijn|||Алфен-ан-ден-Рейн|Alphen a/d Rijn/Alphen|Zuid-Holland
NL|110|Alkmaar|||Алкмар||Noord-Holland
NL|107|Emmen|||Эммен||Drenthe
NL|104|Delft|||Делфт||Zuid-Holland
NL|102|Venlo|||Венло||Limburg
NL|101|Deventer|||Девентер||Overijssel
NL|93|Helmond|||Хелмонд||Noord-Brabant
NL|93|Oss|||Осс||Noord-Brabant
NL|92|Amstelveen|||Амстелвен||Noord-Holland
NL|92|Hilversum|||Хилверсюм||Noord-Holland
NL|87|Heerlen|||Херлен||Limburg
NL|92|Purmerend|||Пюрмеренд||Noord-Holland
NL|77|Hoofddorp|||Хофддорп|Haarlemmermeer|Noord-Holland
NL|78|Zaandam|||Заандам|Zaanstad|Noord-Holland
NL|78|Roosendaal|||Розендал||Noord-Brabant
NL|80|Schiedam|||Схидам||Zuid-Holland
NL|73|Spijkenisse|||Спейкениссе|Nissewaard|Zuid-Holland
NL|77|Leidschendam|||Лейдсендам|Leidschendam-Voorburg/Voorburg|Zuid-Holland
NL|73|Almelo|||Алмело||Overijssel
NL|75|Gouda|||Гауда||Zuid-Holland
NL|75|Vlaardingen|||Влардинген||Zuid-Holland
NL|74|Hoorn|||Хорн||Noord-Holland
NL|66|Zeist|||Зейст||Utrecht
NL|69|Assen|||Ассен||Drenthe
NL|68|Capelle aan den IJssel|||Капелле-ан-ден-Эйссел|Capelle a/d IJssel/Capelle|Zuid-Holland
NL|67|Veenendaal|||Венендал||Utrecht
NL|66|Katwijk|||Катвейк||Zuid-Holland
NL|64|Nieuwegein|||Ньивегейн||Utrecht
NL|80|Lelystad|||Лелистад||Flevoland
NL|56|Den Helder|||Ден-Хелдер||Noord-Holland
NL|40|Wageningen|||Вагенинген||Gelderland
NL|50|Houten|||Хаутен||Utrecht
NL|33|Bussum|||Бюссюм|Gooise Meren|Noord-Holland
NL|48|Harderwijk|||Хардервейк||Gelderland
NL|49|Middelburg|||Мидделбург||Zeeland
NL|45|Vlissingen||||Flushing|Zeeland
NL|54|Kampen|||Кампен||Overijssel
NL|58|Doetinchem|||Дутинхем||Gelderland
NL|37|Sittard|||Ситтард|Sittard-Geleen|Limburg
NL|50|Weert|||Верт||Limburg
NL|68|Bergen op Zoom|||Берген-оп-Зом||Noord-Brabant
NL|45|Drachten|||Драхтен||Friesland
NL|34|Sneek|||Снек|Snits|Friesland
NL|51|Heerenveen|||Херенвен|It Hearrenfean|Friesland
NL|81|Hengelo|||Хенгело||Overijssel
NL|42|Tiel|||Тил||Gelderland
NL|60|Barneveld|||Барневелд||Gelderland
NL|52|Woerden|||Вурден||Utrecht
NL|37|Gorinchem|||Горинхем|Gorkum|Zuid-Holland
NL|21|Urk|||Урк||Flevoland
NL|23|Volendam|||Волендам|Edam-Volendam|Noord-Holland
NL|14|Den Burg|||Ден-Бург|Texel|Noord-Holland
NL|28|Nunspeet|||Нюнспет||Gelderland
NL|27|Ermelo|||Эрмело||Gelderland
NL|39|Heemskerk|||Хемскерк||Noord-Holland
NL|45|Veldhoven|||Велдховен||Noord-Brabant
NL|30|Bodegraven|||Бодеграфен|Bodegraven-Reeuwijk|Zuid-Holland
BE|530|Antwerpen|Antwerp||Антверпен|'t Stad|Vlaanderen
BE|265|Gent|Ghent||Гент||Vlaanderen
BE|1200|Brussel|Brussels||Брюссель|Bruxelles/BXL|Brussel
BE|118|Brugge|Bruges||Брюгге||Vlaanderen
BE|102|Leuven|Louvain||Лёвен||Vlaanderen
BE|197|Liège|Liege|Luik|Льеж||Wallonie
BE|87|Mechelen|||Мехелен|Malines|Vlaanderen
BE|79|Hasselt|||Хасселт||Vlaanderen
GB|9000|London||Londen|Лондон|LDN/Greater London|England
GB|1140|Birmingham|||Бирмингем|Brum|West Midlands
GB|550|Manchester|||Манчестер|MCR/Manc|Greater Manchester
GB|800|Leeds|||Лидс||Yorkshire
GB|630|Glasgow|||Глазго||Scotland
GB|490|Liverpool|||Ливерпуль||Merseyside
GB|470|Bristol|||Бристоль||South West
GB|560|Sheffield|||Шеффилд||Yorkshire
GB|530|Edinburgh|||Эдинбург|Edinburg|Scotland
GB|370|Leicester|||Лестер||East Midlands
GB|360|Cardiff|||Кардифф|Caerdydd|Wales
GB|345|Belfast|||Белфаст||Northern Ireland
GB|330|Nottingham|||Ноттингем|Notts|East Midlands
GB|300|Newcastle upon Tyne|Newcastle||Ньюкасл|Newcastle/Toon|North East
GB|290|Brighton|||Брайтон|Brighton and Hove/Brighton & Hove|South East
GB|250|Southampton|||Саутгемптон|Soton|South East
GB|145|Cambridge|||Кембридж||East of England
GB|162|Oxford|||Оксфорд||South East
GB|94|Bath|||Бат||South West
GB|200|York|||Йорк||Yorkshire
GB|145|Norwich|||Норидж||East of England
GB|175|Reading|||Рединг||South East
GB|230|Milton Keynes|||Милтон-Кинс|MK|South East
GB|345|Coventry|||Ковентри||West Midlands
GB|200|Aberdeen|||Абердин||Scotland
GB|130|Exeter|||Эксетер||South West
GB|260|Plymouth|||Плимут||South West
GB|240|Swansea|||Суонси|Abertawe|Wales
IE|1200|Dublin|||Дублин|Baile Átha Cliath|Leinster
IE|210|Cork|||Корк||Munster
IE|85|Galway|||Голуэй||Connacht
IE|95|Limerick|||Лимерик||Munster
IE|53|Waterford|||Уотерфорд||Munster
US|8300|New York|||Нью-Йорк|NYC/New York City/Brooklyn/NY|New York
US|3900|Los Angeles|||Лос-Анджелес|LA/L.A.|California
US|2700|Chicago|||Чикаго|Chi-town|Illinois
US|2300|Houston|||Хьюстон||Texas
US|1600|Philadelphia|||Филадельфия|Philly|Pennsylvania
US|810|San Francisco|||Сан-Франциско|SF/San Fran|California
US|740|Seattle|||Сиэтл||Washington
US|650|Boston|||Бостон||Massachusetts
US|960|Austin|||Остин||Texas
US|710|Denver|||Денвер||Colorado
US|640|Portland|||Портленд|PDX|Oregon
US|450|Miami|||Майами||Florida
US|200|Grand Rapids|||Гранд-Рапидс||Michigan
US|34|Holland|Holland, Michigan|Holland (Michigan)|Холланд|Holland, MI|Michigan
CA|2800|Toronto|||Торонто|TO|Ontario
CA|660|Vancouver|||Ванкувер||British Columbia
CA|1760|Montréal|Montreal|Montreal|Монреаль||Quebec
CA|1300|Calgary|||Калгари||Alberta
AU|5300|Sydney|||Сидней||New South Wales
AU|5000|Melbourne|||Мельбурн|Melb|Victoria
AU|2500|Brisbane|||Брисбен||Queensland
AU|2100|Perth|||Перт||Western Australia
DE|3700|Berlin||Berlijn|Берлин||Berlin
DE|1900|Hamburg|||Гамбург||Hamburg
DE|1500|München|Munich||Мюнхен|Muenchen|Bayern
DE|1080|Köln|Cologne|Keulen|Кёльн|Koeln/Koln|NRW
DE|760|Frankfurt am Main|Frankfurt|Frankfurt|Франкфурт-на-Майне|Frankfurt/FFM|Hessen
DE|620|Düsseldorf|Dusseldorf||Дюссельдорф|Duesseldorf|NRW
DE|630|Stuttgart|||Штутгарт||Baden-Württemberg
DE|535|Hannover|Hanover||Ганновер||Niedersachsen
DE|335|Bielefeld|||Билефельд||NRW
DE|250|Aachen||Aken|Ахен||NRW
DE|600|Leipzig|||Лейпциг||Sachsen
DE|560|Dresden|||Дрезден||Sachsen
DE|520|Nürnberg|Nuremberg|Neurenberg|Нюрнберг|Nuernberg|Bayern
DE|330|Bonn|||Бонн||NRW
DE|315|Münster|Munster||Мюнстер|Muenster|NRW
RU|13000|Москва|Moscow|Moskou|Москва|Moskva/Msk/Мск/Moskau|Московская область
RU|5600|Санкт-Петербург|Saint Petersburg|Sint-Petersburg|Санкт-Петербург|St. Petersburg/Sankt-Peterburg/SPb/СПб/Питер/Piter|Ленинградская область
RU|1630|Новосибирск|Novosibirsk|Novosibirsk|Новосибирск|Нск|Сибирь
RU|1540|Екатеринбург|Yekaterinburg|Jekaterinenburg|Екатеринбург|Ekaterinburg/Екб/Ekb|Урал
RU|1310|Казань|Kazan|Kazan|Казань|Kazan'|Татарстан
RU|1230|Нижний Новгород|Nizhny Novgorod|Nizjni Novgorod|Нижний Новгород|Nizhniy Novgorod/Нижний|Нижегородская область
RU|1100|Краснодар|Krasnodar|Krasnodar|Краснодар||Кубань
RU|1170|Самара|Samara|Samara|Самара||Самарская область
RU|1140|Ростов-на-Дону|Rostov-on-Don|Rostov aan de Don|Ростов-на-Дону|Rostov/Ростов|Ростовская область
RU|490|Калининград|Kaliningrad|Kaliningrad|Калининград|Кёнигсберг/Königsberg|Калининградская область
RU|440|Сочи|Sochi|Sotsji|Сочи||Кубань
RU|1050|Воронеж|Voronezh|Voronezj|Воронеж||Воронежская область
RU|1140|Уфа|Ufa|Oefa|Уфа||Башкортостан
UA|2950|Київ|Kyiv|Kiev|Киев|Kiev/Kiew|Київщина
UA|1420|Харків|Kharkiv|Charkiv|Харьков|Kharkov|Харківщина
UA|1010|Одеса|Odesa|Odessa|Одесса|Odessa|Одещина
UA|980|Дніпро|Dnipro|Dnipro|Днепр|Dnepr/Днепропетровск/Dnipropetrovsk|Дніпропетровщина
UA|720|Львів|Lviv|Lviv|Львов|Lvov/Lemberg|Львівщина
BY|2000|Мінск|Minsk|Minsk|Минск||Минская область
BY|500|Гомель|Gomel|Gomel|Гомель|Homel|Гомельская область
KZ|2000|Алматы|Almaty|Almaty|Алматы|Alma-Ata/Алма-Ата|Алматинская область
KZ|1300|Астана|Astana|Astana|Астана|Nur-Sultan/Нур-Султан|Акмолинская область
LV|610|Rīga|Riga|Riga|Рига|Riga|Vidzeme
LV|80|Daugavpils|||Даугавпилс|Dvinsk|Latgale
EE|440|Tallinn|||Таллин|Tallin/Таллинн|Harjumaa
EE|54|Narva|||Нарва||Ida-Virumaa
LT|590|Vilnius|||Вильнюс||Vilniaus apskritis
LT|300|Kaunas|||Каунас|Kovno|Kauno apskritis
IL|460|תל אביב|Tel Aviv|Tel Aviv|Тель-Авив|Tel-Aviv/TLV|Gush Dan
IL|285|חיפה|Haifa|Haifa|Хайфа||Haifa District
IL|225|אשדוד|Ashdod|Asjdod|Ашдод||Southern District
IL|220|נתניה|Netanya|Netanya|Нетания||Central District
CY|240|Λεμεσός|Limassol|Limassol|Лимасол|Lemesos|Limassol District
CY|145|Λάρνακα|Larnaca|Larnaca|Ларнака|Larnaka|Larnaca District
FI|660|Helsinki|||Хельсинки|Helsingfors|Uusimaa
ES|1600|Barcelona|||Барселона|BCN|Catalunya
ES|3300|Madrid|||Мадрид||Comunidad de Madrid
ES|800|València|Valencia|Valencia|Валенсия||Comunitat Valenciana
ES|340|Alacant|Alicante|Alicante|Аликанте||Comunitat Valenciana
FR|2100|Paris||Parijs|Париж||Île-de-France
FR|520|Lyon|||Лион||Auvergne-Rhône-Alpes
FR|340|Nice|||Ницца||Provence-Alpes-Côte d'Azur`;

export const COUNTRIES: ReadonlyMap<string, Country> = new Map(
  COUNTRY_LINES.split('\n').map((line) => {
    const [code = '', en = '', nl = '', ru = '', local = '', enAlt = '', flag = '', dial = '', amazon = ''] = line.split('|');
    return [code, { code, en, nl, ru, local, enAlt: enAlt ? enAlt.split('/') : [], flag, dial, amazon }];
  }),
);

export const CITIES: readonly City[] = CITY_LINES.split('\n').map((line) => {
  const [country = '', weight = '0', local = '', en = '', nl = '', ru = '', alt = '', region = ''] = line.split('|');
  return { id: `${country}:${local}`, country, weight: Number(weight), local, en: en || local, nl: nl || en || local, ru: ru || local, alt: alt ? alt.split('/') : [], region };
});

export function country(code: string): Country {
  const c = COUNTRIES.get(code);
  if (!c) throw new Error(`no country ${code}`);
  return c;
}

/** Where speakers of each language among the shop's customers live, in per cent. */
const HOMES: Readonly<Record<Lang, Readonly<Record<string, number>>>> = {
  nl: { NL: 91, BE: 6, DE: 1, GB: 1, ES: 1 },
  en: { GB: 50, NL: 18, IE: 10, US: 13, CA: 3, AU: 3, DE: 2, FR: 1 },
  ru: { NL: 32, DE: 20, RU: 12, UA: 8, BE: 4, LV: 5, EE: 3, LT: 2, IL: 4, KZ: 3, BY: 2, CY: 2, FI: 1, ES: 2 },
};

const cityTables = new Map<string, Weighted<City>>();

/** Cities of one language's customers: the country by HOMES, the city by population within it. */
export function homeTable(lang: Lang): Weighted<City> {
  const cached = cityTables.get(lang);
  if (cached) return cached;
  const entries: [City, number][] = [];
  for (const [code, share] of Object.entries(HOMES[lang])) {
    const cities = CITIES.filter((c) => c.country === code);
    const total = cities.reduce((s, c) => s + c.weight, 0);
    for (const c of cities) entries.push([c, (share * c.weight) / total]);
  }
  const table = new Weighted(entries);
  cityTables.set(lang, table);
  return table;
}

/** Other cities of the same country (where a person moved to, or a namesake lives). */
export function citiesOf(code: string): readonly City[] {
  return CITIES.filter((c) => c.country === code);
}

export function isLatin(text: string): boolean {
  return !/[\u0370-\u03ff\u0400-\u04ff\u0590-\u05ff]/.test(text);
}
