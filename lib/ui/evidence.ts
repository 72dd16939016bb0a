/**
 * The matcher's evidence in the interface language: the wording tables of
 * lib/match/explain.ts with each line looked up in the locale files (English
 * stays the fallback), so the same describeEvidence serves every language.
 */
import { EVIDENCE_WORDS, describeEvidence, evidenceText, type EvidenceWords } from '../match/explain';
import type { Evidence } from '../model';
import type { MessageKey, Text } from './text';

/** "given.jaro-winkler>=0.92" -> "evidence.given_jaro_winkler_0_92" (locale keys are identifiers). */
export function evidenceKey(id: string): MessageKey {
  return `evidence.${id.replace(/[^A-Za-z0-9]+/g, '_').replace(/_$/, '')}` as MessageKey;
}

const cache = new WeakMap<Text, EvidenceWords>();

export function evidenceWords(text: Text): EvidenceWords {
  let words = cache.get(text);
  if (!words) {
    words = Object.fromEntries(
      Object.entries(EVIDENCE_WORDS).map(([id, english]) => {
        const key = evidenceKey(id);
        const local = text.t(key);
        return [id, local === key ? english : local];
      }),
    );
    cache.set(text, words);
  }
  return words;
}

export function describe(text: Text, evidence: Evidence): string {
  return describeEvidence(evidence, evidenceWords(text));
}

/** The words alone, for a table whose own column shows the weight. */
export function describeWithoutWeight(text: Text, evidence: Evidence): string {
  return evidenceText(evidence, evidenceWords(text));
}
