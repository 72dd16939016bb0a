import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Text } from '../lib/ui/text';

/** The interface text and formats of the page's language, provided once at the page's root. */
export const TextContext = createContext<Text | null>(null);

export function useText(): Text {
  const text = useContext(TextContext);
  if (!text) throw new Error('useText outside a TextContext provider');
  return text;
}
