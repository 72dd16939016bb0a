/**
 * Names of the people a Dutch web shop sells to: Dutch, English and
 * Russian-speaking customers. Russian names are given in Cyrillic; the CRM
 * often holds them transliterated, which the generator does as people do.
 */
export { DUTCH_SURNAMES, DUTCH_SURNAMES_WEIGHTED, DUTCH_SURNAME_TAIL, DUTCH_TOP_1000_SHARE } from './dutch-surnames';

export const DUTCH_FIRST_NAMES = {
  female: [
    'Anna', 'Emma', 'Sophie', 'Julia', 'Lotte', 'Sanne', 'Lisa', 'Eva', 'Femke', 'Janneke', 'Marieke',
    'Anouk', 'Fleur', 'Iris', 'Maaike', 'Esther', 'Ingrid', 'Wilma', 'Monique', 'Petra', 'Annemarie',
    'Johanna', 'Hendrika', 'Cornelia', 'Margaretha', 'Willemijn', 'Noor', 'Tess', 'Roos', 'Saskia',
    'Elisabeth', 'Catharina', 'Geertruida', 'Maria', 'Anke', 'Linda', 'Kim', 'Manon', 'Nienke', 'Floor',
    'Mirjam', 'Marloes', 'Merel', 'Marjolein', 'Jolanda', 'Yvonne', 'Karin', 'Sandra', 'Annelies', 'Gerda',
    'Hanneke', 'Ilse', 'Jet', 'Lieke', 'Lonneke', 'Loes', 'Mieke', 'Nathalie', 'Renske', 'Suzanne',
    'Tineke', 'Wendy', 'Ellen', 'Astrid', 'Bianca', 'Carla', 'Debby', 'Evelien', 'Froukje', 'Griet',
    'Hester', 'Inge', 'Jacqueline', 'Karlijn', 'Laura', 'Machteld', 'Nina', 'Pien', 'Quirine', 'Rianne',
    'Sterre', 'Tamara', 'Ursula', 'Vera', 'Wieke', 'Yara', 'Zoë', 'Daphne', 'Emmy', 'Fenna', 'Lynn',
    'Mila', 'Sara', 'Isa', 'Fenne', 'Jasmijn', 'Liv', 'Elin', 'Noa',
  ],
  male: [
    'Jan', 'Pieter', 'Johannes', 'Hendrik', 'Willem', 'Cornelis', 'Gerrit', 'Jacob', 'Dirk', 'Kees',
    'Bram', 'Daan', 'Sem', 'Lucas', 'Thijs', 'Ruben', 'Jeroen', 'Bas', 'Sander', 'Maarten', 'Wouter',
    'Joost', 'Niels', 'Erik', 'Martijn', 'Arjen', 'Hans', 'Joris', 'Stijn', 'Koen', 'Tim', 'Gijs',
    'Theodorus', 'Adrianus', 'Franciscus', 'Henk', 'Frank', 'Rob', 'Mark', 'Vincent', 'Ad', 'Arie',
    'Bart', 'Berend', 'Chris', 'Coen', 'Dennis', 'Edwin', 'Ewout', 'Floris', 'Freek', 'Gerard', 'Gert-Jan',
    'Harm', 'Huub', 'Ivo', 'Jasper', 'Jelle', 'Jesse', 'Job', 'Jurre', 'Kasper', 'Lars', 'Leon', 'Luuk',
    'Marco', 'Menno', 'Michiel', 'Nick', 'Olaf', 'Otto', 'Paul', 'Peter', 'Quinten', 'Remco', 'Richard',
    'Roel', 'Rutger', 'Siebe', 'Sjoerd', 'Teun', 'Thomas', 'Tijmen', 'Twan', 'Valentijn', 'Wessel', 'Wim',
    'Youri', 'Zeger', 'Milan', 'Finn', 'Noah', 'Levi', 'Jens', 'Mats', 'Hidde', 'Boaz', 'Olivier',
  ],
} as const;

export const ENGLISH_FIRST_NAMES = {
  female: [
    'Elizabeth', 'Katherine', 'Margaret', 'Jennifer', 'Rebecca', 'Samantha', 'Victoria', 'Charlotte',
    'Olivia', 'Emily', 'Jessica', 'Sarah', 'Hannah', 'Abigail', 'Alexandra', 'Patricia', 'Deborah',
    'Susan', 'Rachel', 'Amy', 'Lucy', 'Sophie', 'Grace', 'Chloe', 'Megan', 'Lauren', 'Harriet', 'Eleanor',
    'Imogen', 'Isabel', 'Jane', 'Joanna', 'Karen', 'Louise', 'Natalie', 'Philippa', 'Rosie', 'Zoe',
    'Caroline', 'Helen', 'Fiona', 'Gemma', 'Kirsty', 'Nicola', 'Ruth',
  ],
  male: [
    'William', 'Robert', 'Richard', 'Thomas', 'Michael', 'Christopher', 'James', 'Joseph', 'Daniel',
    'Matthew', 'Andrew', 'Benjamin', 'Edward', 'Jonathan', 'Nicholas', 'Timothy', 'Anthony', 'Samuel',
    'Alexander', 'George', 'Oliver', 'Harry', 'Jack', 'Charlie', 'Oscar', 'Henry', 'Alfie', 'Archie',
    'Callum', 'David', 'Ewan', 'Gareth', 'Hugh', 'Ian', 'Liam', 'Neil', 'Owen', 'Patrick', 'Rhys',
    'Simon', 'Stuart', 'Toby', 'Adam', 'Luke', 'Peter',
  ],
} as const;

export const ENGLISH_SURNAMES = [
  'Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson',
  'Roberts', 'Robinson', 'Thompson', 'Wright', 'Walker', 'White', 'Edwards', 'Hughes', 'Green', 'Hall',
  'Lewis', 'Harris', 'Clarke', 'Patel', 'Jackson', 'Wood', 'Turner', 'Martin', 'Cooper', 'Hill', 'Ward',
  'Morris', 'Moore', 'Clark', 'Lee', 'King', 'Baker', 'Harrison', 'Morgan', 'Allen', 'James', 'Scott',
  'Phillips', 'Watson', 'Davis', 'Parker', 'Price', 'Bennett', 'Young', 'Griffiths', 'Mitchell', 'Kelly',
  'Cook', 'Carter', "O'Brien", 'McDonald', 'Murphy', 'Bell', 'Fletcher', 'Shaw', 'Adams', 'Atkinson',
  'Bailey', 'Barker', 'Barnes', 'Bird', 'Booth', 'Bradley', 'Brooks', 'Burton', 'Butler', 'Campbell',
  'Chapman', 'Cole', 'Collins', 'Cox', 'Crawford', 'Dawson', 'Dixon', 'Doyle', 'Ellis', 'Ferguson',
  'Fisher', 'Foster', 'Fox', 'Gibson', 'Graham', 'Grant', 'Gray', 'Hamilton', 'Hart', 'Hayes', 'Holmes',
  'Howard', 'Hunt', 'Hunter', 'Jenkins', 'Johnston', 'Kennedy', 'Knight', 'Lawrence', 'Lloyd', 'Marshall',
  'Mason', 'Matthews', 'Mills', 'Murray', 'Owen', 'Palmer', 'Pearson', 'Porter', 'Powell', 'Reid',
  'Reynolds', 'Richards', 'Richardson', 'Rogers', 'Rose', 'Russell', 'Simpson', 'Stevens', 'Stewart',
  'Sutton', 'Walsh', 'Webb', 'Wells', 'West', 'Wheeler', 'Wilkinson', 'Williamson',
] as const;

export const RUSSIAN_FIRST_NAMES = {
  female: [
    'Анна', 'Екатерина', 'Мария', 'Ольга', 'Елена', 'Татьяна', 'Наталья', 'Ирина', 'Светлана', 'Юлия',
    'Анастасия', 'Дарья', 'Ксения', 'Евгения', 'Людмила', 'Валентина', 'Алёна', 'Полина', 'Виктория', 'Софья',
    'Александра', 'Алина', 'Вера', 'Галина', 'Диана', 'Елизавета', 'Жанна', 'Зоя', 'Инна', 'Карина',
    'Лариса', 'Лидия', 'Маргарита', 'Надежда', 'Оксана', 'Раиса', 'Тамара', 'Ульяна', 'Яна', 'Вероника',
  ],
  male: [
    'Александр', 'Дмитрий', 'Сергей', 'Андрей', 'Алексей', 'Иван', 'Михаил', 'Николай', 'Владимир', 'Евгений',
    'Юрий', 'Максим', 'Павел', 'Артём', 'Константин', 'Георгий', 'Фёдор', 'Илья', 'Виктор', 'Григорий',
    'Антон', 'Борис', 'Вадим', 'Валерий', 'Вячеслав', 'Денис', 'Егор', 'Игорь', 'Кирилл', 'Леонид',
    'Матвей', 'Никита', 'Олег', 'Пётр', 'Роман', 'Руслан', 'Станислав', 'Степан', 'Тимофей', 'Ярослав',
  ],
} as const;

/** Russian surnames in their masculine form; the feminine form is made by `russianSurname`. */
export const RUSSIAN_SURNAMES = [
  'Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков',
  'Фёдоров', 'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов', 'Егоров', 'Павлов', 'Козлов',
  'Степанов', 'Николаев', 'Орлов', 'Андреев', 'Макаров', 'Никитин', 'Захаров', 'Зайцев', 'Соловьёв',
  'Борисов', 'Яковлев', 'Григорьев', 'Романов', 'Воробьёв', 'Сергеев', 'Кузьмин', 'Фролов', 'Александров',
  'Дмитриев', 'Королёв', 'Гусев', 'Киселёв', 'Ильин', 'Максимов', 'Поляков', 'Сорокин', 'Виноградов',
  'Ковалёв', 'Белов', 'Медведев', 'Антонов', 'Тарасов', 'Жуков', 'Баранов', 'Филиппов', 'Комаров',
  'Давыдов', 'Беляев', 'Герасимов', 'Богданов', 'Осипов', 'Сидоров', 'Чайковский', 'Достоевский',
] as const;

export function russianSurname(masculine: string, female: boolean): string {
  if (!female) return masculine;
  if (/(ов|ев|ёв|ин|ын)$/.test(masculine)) return `${masculine}а`;
  if (masculine.endsWith('ский')) return `${masculine.slice(0, -4)}ская`;
  return masculine;
}

/** Places customers live, as they type them into a shop's checkout. */
export const PLACES: Record<'NL' | 'BE' | 'DE' | 'GB', readonly (readonly [string, string])[]> = {
  NL: [
    ['Amsterdam', 'Noord-Holland'], ['Rotterdam', 'Zuid-Holland'], ['Den Haag', 'Zuid-Holland'],
    ['Utrecht', 'Utrecht'], ['Eindhoven', 'Noord-Brabant'], ['Groningen', 'Groningen'],
    ['Tilburg', 'Noord-Brabant'], ['Almere', 'Flevoland'], ['Breda', 'Noord-Brabant'],
    ['Nijmegen', 'Gelderland'], ['Arnhem', 'Gelderland'], ['Haarlem', 'Noord-Holland'],
    ['Amersfoort', 'Utrecht'], ['Zwolle', 'Overijssel'], ['Leiden', 'Zuid-Holland'],
    ['Maastricht', 'Limburg'], ['Delft', 'Zuid-Holland'], ['Leeuwarden', 'Friesland'],
    ['Alkmaar', 'Noord-Holland'], ['Deventer', 'Overijssel'], ['Enschede', 'Overijssel'],
    ["'s-Hertogenbosch", 'Noord-Brabant'], ['Apeldoorn', 'Gelderland'], ['Zeist', 'Utrecht'],
  ],
  BE: [['Antwerpen', 'Antwerpen'], ['Gent', 'Oost-Vlaanderen'], ['Brugge', 'West-Vlaanderen'], ['Leuven', 'Vlaams-Brabant']],
  DE: [['Düsseldorf', 'Nordrhein-Westfalen'], ['Köln', 'Nordrhein-Westfalen'], ['Münster', 'Nordrhein-Westfalen']],
  GB: [['London', 'England'], ['Manchester', 'England'], ['Bristol', 'England'], ['Edinburgh', 'Scotland']],
};

export const EMAIL_DOMAINS = {
  NL: ['gmail.com', 'hotmail.com', 'ziggo.nl', 'kpnmail.nl', 'outlook.com', 'live.nl', 'planet.nl', 'xs4all.nl', 'icloud.com'],
  BE: ['gmail.com', 'telenet.be', 'skynet.be', 'hotmail.com'],
  DE: ['gmail.com', 'web.de', 'gmx.de', 't-online.de'],
  GB: ['gmail.com', 'outlook.com', 'btinternet.com', 'yahoo.co.uk'],
  RU: ['gmail.com', 'yandex.ru', 'mail.ru', 'outlook.com'],
} as const;
