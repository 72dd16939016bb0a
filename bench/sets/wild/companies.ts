/**
 * Businesses the shop's B2B customers work for, and the talent agencies and
 * shops whose shared address creators put in their bios: a name as the
 * trade register would have it, a domain, and the addresses people there use.
 */
import { type Rng } from './rng';
import { type Person, latinGiven, latinSurname, slug } from './person';
import { type City } from './places';
import { type DomainRegistry, tld, WORDS } from './contact';

export interface Company {
  name: string;
  domain: string;
  city: City;
}

export function makeCompany(rng: Rng, registry: DomainRegistry, founder: Person): Company {
  const surname = latinSurname(founder);
  const core = founder.lang === 'ru' ? surname : founder.surname.core;
  const given = latinGiven(founder, founder.call);
  const word = rng.pick(WORDS[founder.lang === 'ru' ? 'en' : founder.lang]);
  const Word = word[0]?.toUpperCase() + word.slice(1);
  const inRussia = ['RU', 'BY', 'KZ'].includes(founder.city.country);
  let name: string;
  let label: string;
  if (founder.lang === 'nl') {
    const choice = rng.int(8);
    name = [`${capitalise(surname)} B.V.`, `Bakkerij ${core}`, `${core} Installatietechniek`, `Studio ${given}`, `${Word} Design`, `Kapsalon ${given}`, `${core} & Zn.`, `${Word}winkel`][choice] as string;
    label = slug(name.replace(/ B\.V\.$| & Zn\.$/, ''));
  } else if (founder.lang === 'en') {
    const choice = rng.int(6);
    name = [`${surname} Ltd`, `${surname} & Sons`, `${Word} Creative`, `${Word} Consulting`, `${surname} Associates`, `${given}'s Kitchen`][choice] as string;
    label = slug(name.replace(/ Ltd$| & Sons$/, ''));
  } else if (inRussia) {
    name = rng.chance(0.5) ? `ООО «${rng.pick(['Ромашка', 'Вектор', 'Альфа', 'Север', 'Гранит', 'Меридиан', 'Лотос'])}»` : `ИП ${founder.surname.core}`;
    label = `${slug(surname)}-${rng.pick(['group', 'trade', 'pro', 'studio'])}`;
  } else {
    name = rng.chance(0.5) ? `${surname} Consultancy` : `${Word} Studio`;
    label = slug(name);
  }
  return { name, domain: registry.claim(rng, label, tld(founder.city.country)), city: founder.city };
}

/** The address a person has at work: anna.devries@, a.devries@, anna@, or the shared info@. */
export function workEmail(rng: Rng, p: Person, company: Company): string {
  const f = slug(latinGiven(p, p.call));
  const l = slug(p.surname.core);
  return `${rng.pick([`${f}.${l}`, `${f[0] ?? ''}.${l}`, f, `${f}${l[0] ?? ''}`])}@${company.domain}`;
}

export interface Agency {
  name: string;
  email: string;
  domain: string;
}

/** A talent agency or a shop whose one address several creators show. */
export function makeAgency(rng: Rng, registry: DomainRegistry, lang: Person['lang'], code: string): Agency {
  const word = rng.pick(WORDS[lang === 'ru' ? 'en' : lang]);
  const kind = rng.pick(['talent', 'media', 'creators', 'agency', 'collective', 'shop']);
  const domain = registry.claim(rng, `${word}${kind}`, tld(code));
  const box = kind === 'shop' ? rng.pick(['info', 'hallo', 'hello', 'shop']) : rng.pick(['bookings', 'collab', 'hello', 'talent', 'pr', 'partnerships']);
  return { name: `${capitalise(word)} ${capitalise(kind)}`, email: `${box}@${domain}`, domain };
}

function capitalise(text: string): string {
  return text ? (text[0] as string).toUpperCase() + text.slice(1) : text;
}
