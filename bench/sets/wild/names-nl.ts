/**
 * Dutch names. Given names: the common names of Dutch adults (born 1950-2005)
 * with rough relative frequencies after the Meertens Nederlandse Voornamenbank,
 * including the baptismal names (Johannes, Cornelis, Maria) that most bearers
 * never use: they go by a roepnaam (Jan, Hans, Kees, Mieke), and the official
 * name only shows in initials (J.H. de Vries). Surnames: the Meertens 2007
 * counts of the 1,000 most frequent, and the full list of names with at least
 * five bearers as the long tail (bench/sets/wild/data, CC0).
 */
import { readFileSync } from 'node:fs';
import { Weighted } from './rng';
import { givenNames, rareNames, splitDutchSurname, type Surname } from './names';

export const DUTCH_GIVEN = [
  ...givenNames(
    'm',
    [
      'Johannes/Jan/Hans/Johan/Joop/Hannes|60|0.04',
      'Cornelis/Kees/Cor/Cees/Corné|28|0.05',
      'Hendrik/Henk/Rik/Henri|24|0.08',
      'Wilhelmus/Wim/Willem/Pim|14|0.03',
      'Willem/Wim/Pim|14|0.5',
      'Pieter/Piet/Peter|18|0.45',
      'Petrus/Peter/Piet/Peer|12|0.03',
      'Gerardus/Gerard/Gert/Ger|12|0.05',
      'Gerrit/Gert/Ger|10|0.6',
      'Jacobus/Jaap/Koos/Sjaak|12|0.04',
      'Adrianus/Ad/Arie/Aad/Adrie|10|0.04',
      'Antonius/Ton/Toon/Anton/Twan|10|0.04',
      'Theodorus/Theo/Ruud/Dick|7|0.04',
      'Franciscus/Frans/Frank|6|0.04',
      'Nicolaas/Klaas/Niek/Nico|8|0.1',
      'Martinus/Martin/Tinus/Rinus|6|0.04',
      'Marinus/Rien/Rinus|5|0.05',
      'Albertus/Bert/Albert|5|0.05',
      'Dirk/Dick|9|0.85',
      'Robert/Rob/Bob/Robbie|10|0.5',
      'Sebastiaan/Bas/Sebas|9|0.3',
      'Alexander/Sander/Alex/Xander|10|0.35',
      'Daniël/Daan/Dani|9|0.4',
      'Matthijs/Thijs/Mathijs|7|0.5',
      'Lucas/Luuk/Luc|7|0.45',
      'Michael/Mike/Michaël|5|0.5',
      'Thomas/Tom/Thom|13|0.7',
      'Abraham/Bram|5|0.15',
      'Ronald/Ron/Ronnie|7|0.6',
      'Maximiliaan/Max|3|0.1',
      'Koenraad/Koen|3|0.05',
      'Koen|6|1',
      'Mark|14|1',
      'Marco|9|1',
      'Martijn|11|1',
      'Jeroen|14|1',
      'Erik|11|1',
      'Michiel|7|1',
      'Bart|8|1',
      'Tim|9|1',
      'Stefan|7|1',
      'Dennis|9|1',
      'Patrick|7|1',
      'Richard|5|1',
      'René|6|1',
      'Marcel|8|1',
      'Frank|7|1',
      'Paul|7|1',
      'Edwin|6|1',
      'Arjan|6|1',
      'Remco|5|1',
      'Wouter|8|1',
      'Joost|7|1',
      'Niels|8|1',
      'Ruben|7|1',
      'Lars|7|1',
      'Jesse|6|1',
      'Sem|4|1',
      'Milan|5|1',
      'Stijn|7|1',
      'Rick|7|1',
      'Kevin|7|1',
      'Jasper|6|1',
      'Rutger|3|1',
      'Sjoerd|4|1',
      'Gijs|5|1',
      'Floris|4|1',
      'Jelle|4|1',
      'Sven|6|1',
      'Bram|6|1',
      'Vincent|6|1',
      'Daan|7|1',
      'Youssef|3|1',
      'Mohamed|5|1',
      'Mehmet|3|1',
      'Hüseyin|1|1',
      'Noël|1|1',
    ],
    0.8,
  ),
  ...givenNames(
    'f',
    [
      'Maria/Marie/Mieke/Marja/Ria/Marieke|50|0.12',
      'Johanna/Hanneke/Joke/Jo/Hanna|22|0.05',
      'Cornelia/Corrie/Cora/Nel|12|0.04',
      'Elisabeth/Els/Lies/Liesbeth/Bep/Lisa|16|0.1',
      'Anna/Anne/Anneke/Annie/Ans|22|0.45',
      'Hendrika/Riek/Riet/Henny/Ineke|8|0.03',
      'Wilhelmina/Wilma/Mien/Willy|8|0.03',
      'Geertruida/Truus/Trudy/Gerda|6|0.03',
      'Petronella/Nel/Nelly/Petra|7|0.04',
      'Catharina/Karin/Ina/Tineke/Katrien|10|0.05',
      'Adriana/Jana/Adrie/Janny|5|0.05',
      'Margaretha/Greet/Margriet/Marga/Margot|7|0.05',
      'Susanne/Sanne/Suus/Suzan|11|0.35',
      'Charlotte/Lotte/Lot|9|0.3',
      'Rosalie/Roos/Rosa|5|0.3',
      'Sophie/Sofie/Fie|9|0.9',
      'Sandra|11|1',
      'Linda|11|1',
      'Monique|9|1',
      'Petra|9|1',
      'Ingrid|7|1',
      'Marloes|7|1',
      'Femke|7|1',
      'Lisa|9|1',
      'Anouk|7|1',
      'Iris|7|1',
      'Eva|9|1',
      'Laura|9|1',
      'Julia|7|1',
      'Emma|8|1',
      'Fleur|6|1',
      'Kim|8|1',
      'Esther|7|1',
      'Ilse|6|1',
      'Judith|5|1',
      'Mirjam|5|1',
      'Annemiek|4|1',
      'Karin|7|1',
      'Saskia|6|1',
      'Nicole|6|1',
      'Manon|5|1',
      'Daphne|4|1',
      'Chantal|5|1',
      'Naomi|4|1',
      'Tessa|5|1',
      'Yvonne|6|1',
      'Jolanda|5|1',
      'Marjolein|4|1',
      'Renate|4|1',
      'Lieke|4|1',
      'Merel|5|1',
      'Floor|3|1',
      'Amber|4|1',
      'Demi|4|1',
      'Noa|3|1',
      'Zoë|3|1',
      'Chloë|2|1',
      'Fatima|4|1',
      'Samira|3|1',
      'Noor|4|1',
      'Nina|4|1',
      'Sara|4|1',
      'Marleen|4|1',
      'Wendy|5|1',
      'Miranda|5|1',
      'Astrid|3|1',
      'Bianca|4|1',
      'Anita|5|1',
      'Marianne|5|1',
      'Ellen|4|1',
      'Inge|5|1',
      'Carla|4|1',
      'Ayşe|1|1',
    ],
    0.8,
  ),
  ...rareNames(
    'm',
    `Aart Adriaan Alwin Arend Arnoud Auke Barend Bastiaan Benno Berend Bjorn Boudewijn Casper Christiaan Coen Dave Diederik
    Dion Douwe Eelco Egbert Elmer Emiel Erwin Evert Ferdinand Freek Frits Geert Gerben Gijsbert Govert Guus Harm Hidde Hugo
    Huub Ivo Jacco Jelmer Jochem Joep Jorn Joris Jurgen Laurens Leon Lodewijk Maarten Mels Menno Merijn Mitchell Nick Olaf
    Onno Otto Pepijn Quinten Reinier Remko Robin Roel Roy Sietse Siebe Sybren Teun Thijmen Valentijn Victor Wessel Wiebe
    Wybren Yannick Youri Zeger Ahmet Rachid Said Kemal Ricardo Romano Dewi Mustafa Bilal Anand`,
    2,
  ),
  ...rareNames(
    'f',
    `Aafke Agnes Alida Angela Anja Annelies Annette Antoinette Aukje Babette Berber Bernadette Brenda Carolien Cindy Claudia
    Debby Dieuwke Dorien Eline Elise Elke Ellis Evelien Fenna Froukje Gerdien Geertje Hanna Heleen Hester Hilde Ilona
    Jacqueline Janneke Jantine Jeanette Jennifer Jessica Jikke Joyce Karlijn Kirsten Lianne Lilian Loes Lonneke Maartje
    Madelief Margreet Marit Marlies Mascha Meike Myrthe Nathalie Nienke Nynke Patty Pien Renée Rianne Rinske Romy Rosanne
    Sabine Sharon Silvia Sietske Simone Sjoukje Stephanie Suzanne Tamara Tanja Thirza Trijntje Vera Wietske Willemijn Yara
    Yfke Zeynep Khadija Nadia Priya Shanti`,
    2,
  ),
];

/** Bearers with at least five holders but outside the top 1,000: 11 million people over ~123,000 names in 2007. */
const TAIL_WEIGHT = 90;

function dataText(file: string): string {
  return readFileSync(new URL(`./data/${file}`, import.meta.url), 'utf8');
}

let cached: Weighted<Surname> | undefined;

/** Dutch surnames weighted by bearers: the top 1,000 by their 2007 counts, every other name as the tail. */
export function dutchSurnames(): Weighted<Surname> {
  if (cached) return cached;
  const entries: [Surname, number][] = [];
  const top = new Set<string>();
  for (const line of dataText('dutch-surnames-top1000.tsv').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [name = '', count = '0'] = line.split('\t');
    top.add(name);
    entries.push([splitDutchSurname(name), Number(count)]);
  }
  for (const raw of dataText('dutch-family-names.lst').split('\n')) {
    const name = raw.trim();
    // Names glued to their article ('sGravemade) are registry artefacts, not names people write.
    if (!name || top.has(name) || /^'[st][A-Z]/.test(name)) continue;
    entries.push([splitDutchSurname(name), TAIL_WEIGHT]);
  }
  cached = new Weighted(entries);
  return cached;
}
