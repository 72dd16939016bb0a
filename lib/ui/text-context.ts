import { createContext } from 'preact';
import type { Text } from './text';

/** The interface text and formats of the page's language, provided once at the page's root (lib/ext/page.tsx). */
export const TextContext = createContext<Text | null>(null);
