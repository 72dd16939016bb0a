import { useContext } from 'preact/hooks';
import type { Text } from '../lib/ui/text';
import { TextContext } from '../lib/ui/text-context';

// Screens' tests provide the text through this name.
export { TextContext };

export function useText(): Text {
  const text = useContext(TextContext);
  if (!text) throw new Error('useText outside a TextContext provider');
  return text;
}
