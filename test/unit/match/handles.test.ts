import { describe, expect, it } from 'vitest';
import { handleRuns, isDistinctive, runsContain, splitHandle } from '../../../lib/match/handles';

describe('splitHandle: handles and email local parts as name parts', () => {
  it.each([
    ['jdevries84', ['j', 'de', 'vries', '84']],
    ['janneke.vd', ['janneke', 'vd']],
    ['anna_ivanova_spb', ['anna', 'ivanova', 'spb']],
    ['jannekebakt', ['janneke', 'bakt']],
    ['JannekeBakt', ['janneke', 'bakt']],
    ['@jannekevdberg', ['janneke', 'vd', 'berg']],
    ['jvdberg', ['j', 'vd', 'berg']],
    ['annaivanova', ['anna', 'ivanova']],
    ['sasha.petrova', ['sasha', 'petrova']],
    ['kees_bakker_1970', ['kees', 'bakker', '1970']],
    ['anke.vandersteen', ['anke', 'vander', 'steen']],
    ['bakingqueen', ['bakingqueen']],
  ])('%s', (handle, parts) => {
    expect(splitHandle(handle)).toEqual(parts);
  });

  it('splits letters from digits and camel case', () => {
    expect(handleRuns('@JannekeBakt_84')).toEqual(['janneke', 'bakt', '84']);
  });
});

describe('runsContain', () => {
  it('finds a name part as a run or glued to one end of a run', () => {
    expect(runsContain(handleRuns('jdevries84'), 'Vries')).toBe(true);
    expect(runsContain(handleRuns('jannekebakt'), 'Janneke')).toBe(true);
    expect(runsContain(handleRuns('anna_ivanova_spb'), 'Иванова')).toBe(true);
  });

  it('takes what is left of the run for the person’s other name part, even a name no table knows', () => {
    // Wieke and Ugas, Siebe and Drost: given names the tables lack, a surname glued on.
    expect(runsContain(handleRuns('wiekeugas60'), 'Ugas')).toBe(false);
    expect(runsContain(handleRuns('wiekeugas60'), 'Ugas', ['wieke'])).toBe(true);
    expect(runsContain(handleRuns('siebedrost'), 'Siebe', ['drost'])).toBe(true);
    // The v of van glued between: Sophie van Alphen, Jan van Dorst.
    expect(runsContain(handleRuns('sophievalphen'), 'Alphen', ['sophie'])).toBe(true);
    expect(runsContain(handleRuns('janvdorst'), 'Dorst', ['jan'])).toBe(true);
    // An initial before the surname, read as written (the skeleton of pjones is no p + jones).
    expect(runsContain(handleRuns('pjones'), 'Jones')).toBe(true);
    // Another person's given name next to the surname is no companion.
    expect(runsContain(handleRuns('wiekeugas'), 'Ugas', ['sterre'])).toBe(false);
  });

  it('ignores short parts and parts inside a word', () => {
    expect(runsContain(handleRuns('pieterscholten22'), 'Peters')).toBe(false);
    expect(runsContain(handleRuns('bosmaster'), 'os')).toBe(false);
    expect(runsContain(handleRuns('rubberglove'), 'berg')).toBe(false);
  });
});

describe('isDistinctive: more than a name', () => {
  it.each([
    ['jdevries84', ['jan'], 'vries'],
    ['janneke.vdberg.bakt', ['janneke'], 'berg'],
    ['vink_anna_utrecht', ['anna'], 'vink'],
    ['ivanova1990', ['анна'], 'иванова'],
    // A given name and a birth year: about as few people share it as share jdevries84.
    ['petra65', ['petra'], 'hartman'],
    ['elizaveta56', ['елизавета'], 'семенова'],
  ])('%s is distinctive for %j %s', (identifier, given, surname) => {
    expect(isDistinctive(identifier, given, surname)).toBe(true);
  });

  it.each([
    ['jan.devries', ['jan'], 'vries'],
    ['lottejanssen', ['lotte'], 'janssen'],
    ['avanderhorst', ['adrianus'], 'horst'],
    ['mihail.kuznecov', ['mikhail'], 'kuznetsov'],
    ['alenazaiceva', ['алёна'], 'зайцева'],
    ['olgasokolova', ['olga'], 'sokolova'],
    ['artem.iakovlev', ['artem'], 'yakovlev'],
    // A given name with one digit or a word: what many people of that name build.
    ['anna1', ['anna'], 'vink'],
    ['sanne_leeuwarden', ['sanne'], 'driessen'],
    ['janneke.bakt', ['janneke'], 'berg'],
  ])('%s is only the name %j %s', (identifier, given, surname) => {
    expect(isDistinctive(identifier, given, surname)).toBe(false);
  });
});
