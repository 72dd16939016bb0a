/**
 * Surname prefixes (Dutch tussenvoegsels and their neighbours' particles), the
 * longest first so "van der" wins over "van". Taken from the prefixes that the
 * Meertens family-name list (2007, CC0; bench/data/names/dutch_surname_prefixes.tsv)
 * shows on at least two surnames, without the adjectives it also lists
 * (klein, groot, oude, olde, lutje), which are ordinary surnames in a display name,
 * plus German, French, Spanish and Italian particles.
 */
export const SURNAME_PREFIXES: readonly string[] = [
  'meergenaamd van der',
  'van der', 'van den', 'van de', 'van het', "van 't", 'van ter', 'von der', 'von den', 'von dem',
  'de la', 'de le', 'de los', 'de las', "in 't", 'in het', 'in den', 'in de', "op 't", 'op het', 'op den', 'op de', 'op ten',
  'uit de', 'uit den', 'uit het', 'aan de', 'aan den', 'aan het', 'bij de', "bij 't", 'voor de', "voor 't",
  'onder de', 'over de', 'auf dem', 'auf der', 'van', 'de', 'den', 'der', 'ten', 'ter', 'te', "'t", 'het', 'von', 'vom', 'zur', 'zu',
  'da', 'du', 'dos', 'das', 'do', 'le', 'la', 'el', 'del', 'des', 'di', 'della', 'al',
];
