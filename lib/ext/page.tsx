/** Start an extension page: its text in the chosen language first, then the page's root component. */
import { render, type ComponentType } from 'preact';
import { TextContext } from '../ui/text-context';
import { loadText } from './i18n';

export async function mountPage(App: ComponentType, root: HTMLElement = document.getElementById('app')!): Promise<void> {
  // The interface language comes from the settings, so the text is loaded before the first render.
  const text = await loadText();
  render(
    <TextContext.Provider value={text}>
      <App />
    </TextContext.Provider>,
    root,
  );
}
