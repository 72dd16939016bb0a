/**
 * Words people search for: lower case, Latin diacritics and decorations
 * folded away (𝓙𝓪𝓷𝓷𝓮𝓴𝓮 and Jänneke find "janneke"), split at anything that is
 * not a letter or digit. The same function makes the index words and the
 * words of a query, so the two always agree.
 */
import { fold, lettersAndDigits } from './fold';

export function searchWords(text: string): string[] {
  return lettersAndDigits(fold(text))
    .split(' ')
    .filter((w) => w.length > 0);
}
