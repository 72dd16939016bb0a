/**
 * Handles and email local parts as names: "jdevries84" is j + de + vries and
 * 84, "janneke.vd" is janneke + vd, "anna_ivanova_spb" is anna + ivanova +
 * spb, "jannekebakt" is janneke + bakt. Splitting uses separators, letter /
 * digit and camel-case boundaries, the given names we know and the Dutch
 * surname prefixes; the matcher then asks whether a candidate's own name
 * parts are among them, which needs no dictionary of surnames.
 */
import { isGivenName, isGivenNameAsWritten, isPrefixWord, unglue } from './names';
import { skeleton } from './skeleton';
import { fold, lettersOnly } from '../text/fold';
import { transliterations } from '../text/translit';
import { jaroWinkler } from './engine/strings';
import { memo } from './memo';

/** Runs of letters and runs of digits: "JannekeBakt_84" -> janneke, bakt, 84. */
export function handleRuns(handle: string): string[] {
  const text = handle
    .replace(/^@/, '')
    // camelCase boundary before folding loses case.
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2');
  return fold(text)
    .split(/[^\p{L}\p{N}]+|(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/u)
    .filter((r) => r !== '');
}

/**
 * The name parts of a handle or local part, with glued words split where a
 * known given name or a surname prefix shows the seam.
 */
export function splitHandle(handle: string): string[] {
  const parts: string[] = [];
  for (const run of handleRuns(handle)) {
    if (/^\p{N}+$/u.test(run)) parts.push(run);
    else parts.push(...splitWord(run));
  }
  return parts;
}

const RUSSIAN_SURNAME_END = /(?:ov|ova|ev|eva|in|ina|sky|skaya|skiy|skii)$/;

function splitWord(word: string): string[] {
  if (word.length <= 3 || isGivenName(word) || isPrefixWord(word)) return [word];
  // A glued prefix: vandersteen -> vander + steen; devries -> de + vries.
  const glued = unglue(word);
  if (glued) return [gluedPrefixWord(word, glued.surname), glued.surname];
  // An initial and a prefix: jdevries -> j + de + vries; jvdberg -> j + vd + berg.
  const initialed = unglue(word.slice(1));
  if (initialed) return [word[0]!, gluedPrefixWord(word.slice(1), initialed.surname), initialed.surname];
  // A given name as written at the start: jannekebakt -> janneke + bakt; annaivanova -> anna + ivanova.
  // Not ivanova -> ivan + ova or petrova -> pet + rova: a Russian surname keeps its stem.
  const minRest = RUSSIAN_SURNAME_END.test(word) ? 5 : 4;
  for (let end = Math.min(word.length - minRest, 12); end >= 3; end--) {
    const head = word.slice(0, end);
    if (isGivenNameAsWritten(head)) return [head, ...splitRest(word.slice(end))];
  }
  return [word];
}

function splitRest(rest: string): string[] {
  if (rest.length <= 3 || isPrefixWord(rest)) return [rest];
  const glued = unglue(rest);
  return glued ? [gluedPrefixWord(rest, glued.surname), glued.surname] : [rest];
}

function gluedPrefixWord(whole: string, surname: string): string {
  return whole.slice(0, whole.length - surname.length);
}

/**
 * Whether a name part is one of a handle's name parts: a whole run, a part
 * the run splits into ("jdevries84": vries; "jannekebakt": janneke), or the
 * end of a run after initials or a given name ("jsmith", "annavink"), in any
 * spelling. Not any substring: "pieterscholten" holds no "peters", and parts
 * shorter than three letters never count (too many handles contain "an").
 *
 * `companions` are the person's other name parts: what is left of the run
 * may be one of them, perhaps with a prefix glued on, even when no name table
 * knows it ("wiekeugas" holds Ugas next to Wieke, "sophievalphen" Alphen next
 * to Sophie and the v of van, "jetshamier" Jet next to Shamier).
 */
export function runsContain(runs: readonly string[], part: string, companions: readonly string[] = []): boolean {
  const forms = partForms(part);
  if (forms === null) return false;
  const { skeleton: p, written } = forms;
  // What may stand next to the part: initials, a given name, a prefix, an initial and a prefix (z + te + west), the person's other names.
  const rest = (piece: string) => piece.length <= 2 || isGivenName(piece) || isPrefixWord(piece) || isPrefixWord(piece.slice(1)) || isCompanion(piece, companions);
  for (const run of runs) {
    const r = skeleton(run);
    if (r === p) return true;
    if (pieceSkeletons(run).includes(p)) return true;
    // As written first: a skeleton of a glued run changes at the seam (pjones is no p + iones).
    for (const f of written) {
      if (run === f) return true;
      if (run.endsWith(f) && rest(run.slice(0, run.length - f.length))) return true;
      if (run.startsWith(f) && rest(run.slice(f.length))) return true;
    }
    const head = r.endsWith(p) ? run.slice(0, Math.max(0, run.length - part.length)) : null;
    if (head !== null && rest(head)) return true;
    const tail = r.startsWith(p) ? run.slice(part.length) : null;
    if (tail !== null && rest(tail)) return true;
  }
  return false;
}

/**
 * The initials a handle writes before a name part: "e_grishaver", "s.marhurst" and "bl.noya" put the
 * initials in a run of their own, "akovalskiy" glues one on. Null when no run of one or two letters
 * stands right before the part (or glued to it): "anna.vink" has a given name there, not initials.
 */
export function initialsBefore(runs: readonly string[], part: string): string | null {
  const forms = partForms(part);
  if (forms === null) return null;
  const initials = (piece: string) => piece.length >= 1 && piece.length <= 2 && /^\p{L}+$/u.test(piece);
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i]!;
    // What the run holds before the part: nothing or a prefix ("debonth" is the part), or initials,
    // perhaps with a prefix after them ("jdevries").
    const tail = skeleton(run) === forms.skeleton ? run : forms.written.find((f) => run.endsWith(f));
    if (tail === undefined) continue;
    const head = run.slice(0, run.length - tail.length);
    if (head === '' || isPrefixWord(head)) {
      if (i > 0 && initials(runs[i - 1]!)) return runs[i - 1]!;
      continue;
    }
    if (initials(head)) return head;
    for (let k = 1; k <= 2 && k < head.length; k++) if (initials(head.slice(0, k)) && isPrefixWord(head.slice(k))) return head.slice(0, k);
  }
  return null;
}

/**
 * A name part as runsContain looks for it: its skeleton and its spellings of three letters or more;
 * null when too short to be told in a handle (three letters as written, Tee or Vos, however few the
 * skeleton keeps). Worked out once per part: every candidate's name parts meet every run.
 */
const partForms: (part: string) => { skeleton: string; written: readonly string[] } | null = memo((part) => {
  const p = skeleton(part);
  if (lettersOnly(fold(part)).length < 3 || p.length < 2) return null;
  return { skeleton: p, written: spellings(part).filter((f) => f.length >= 3) };
});

/** The skeletons of a run's name parts: a profile's runs meet every candidate of the profile, so they are split once. */
const pieceSkeletons: (run: string) => readonly string[] = memo((run) => splitHandle(run).map(skeleton));

/** Whether a piece of a handle is one of the person's other name parts, with perhaps a prefix or an initial glued to it. */
function isCompanion(piece: string, companions: readonly string[]): boolean {
  if (piece.length < 2 || companions.length === 0) return false;
  const glue = (x: string) => x.length <= 2 || isPrefixWord(x);
  const s = skeleton(piece);
  for (const companion of companions) {
    if (companion.length < 2) continue;
    if (skeleton(companion) === s) return true;
    for (const f of spellings(companion)) {
      if (piece === f) return true;
      if (piece.startsWith(f) && glue(piece.slice(f.length))) return true;
      if (piece.endsWith(f) && glue(piece.slice(0, piece.length - f.length))) return true;
    }
  }
  return false;
}

/** A name part in every Latin spelling it may take in a handle (Зайцева: zaitseva, zaiceva, zaytseva...); customers repeat names, so remembered. */
const spellings: (part: string) => string[] = memo((part) => [...new Set(transliterations(part).map((t) => lettersOnly(fold(t))))].filter((f) => f.length > 1));

function removeAll(text: string, pieces: readonly string[]): string {
  let rest = text;
  for (const piece of pieces) rest = rest.split(piece).join(' ');
  return rest;
}

/** Words left over that are more than initials and surname prefixes (a + vander, j + vd, de). */
function leftoverWords(rest: string): string[] {
  return rest.split(' ').filter((w) => w.length > 2 && !isPrefixWord(w) && !isPrefixWord(w.slice(1)));
}

/** Whether a run holds a name part, in any spelling, as one of its parts or at one of its ends. */
function runHolds(run: string, part: string): boolean {
  return runsContain([run], part) || spellings(part).some((f) => f.length >= 3 && (run.startsWith(f) || run.endsWith(f)));
}

/**
 * Whether an identifier points at one person rather than at a name: it holds
 * the surname and something beyond the name, digits or a word
 * ("jdevries84", "janneke.vdberg.bakt"). A name alone ("jan.devries",
 * "lottejanssen", "alenazaiceva" for Алёна Зайцева) or a given name with a
 * number or a word ("petra65", "sanne_leeuwarden", "janneke.bakt") is what
 * many people of that name build, so it is not distinctive.
 */
export function isDistinctive(identifier: string, given: readonly string[], surname: string): boolean {
  const runs = handleRuns(identifier);
  const surnameParts = surname.split(' ').filter((p) => p.length > 1);
  // A given name and a number of two digits or more (a birth year: "petra65", "elizaveta56") is about as
  // rare as a surname and a number; "anna1" is not.
  if (runs.some((r) => /^\p{N}{2,}$/u.test(r)) && runs.some((r) => given.some((g) => g.length > 1 && runHolds(r, g)))) return true;
  if (!runs.some((r) => surnameParts.some((s) => runHolds(r, s)))) return false;
  const parts = [...given, ...surnameParts].filter((p) => p.length > 1);
  const written = [...new Set(parts.flatMap(spellings))].sort((a, b) => b.length - a.length);
  const skeletons = [...new Set(parts.map(skeleton))].filter((p) => p.length > 1).sort((a, b) => b.length - a.length);
  for (const run of runs) {
    if (/\p{N}/u.test(run)) return true;
    // First as written, then what is left by skeleton (iakovlev / yakovlev), then near spellings (kuznecov / kuznetsov).
    const left = leftoverWords(removeAll(run, written)).filter(
      (w) => leftoverWords(removeAll(skeleton(w), skeletons)).join('').length >= 3 && !skeletons.some((s) => s.length >= 4 && jaroWinkler(skeleton(w), s) >= 0.9),
    );
    if (left.join('').length >= 3) return true;
  }
  return false;
}
