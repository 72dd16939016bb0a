/** The tab the popup was opened on, and opening the workspace beside it. */
import { browser } from 'wxt/browser';

export interface ActiveTab {
  id: number;
  windowId: number;
  url: string | undefined;
}

export async function activeTab(): Promise<ActiveTab | null> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined) return null;
  return { id: tab.id, windowId: tab.windowId ?? -1, url: tab.url };
}

/** Open the side panel (Chrome) or sidebar (Firefox); falls back to a tab. Must run in a user gesture. */
export async function openWorkspace(windowId: number, hash = ''): Promise<void> {
  type SidePanelApi = { open(options: { windowId: number }): Promise<void>; setOptions(options: { path: string }): Promise<void> };
  type SidebarApi = { open(): Promise<void> };
  const api = browser as unknown as { sidePanel?: SidePanelApi; sidebarAction?: SidebarApi };
  if (api.sidePanel) {
    if (hash) await api.sidePanel.setOptions({ path: `sidepanel.html${hash}` });
    await api.sidePanel.open({ windowId });
  } else if (api.sidebarAction) {
    await api.sidebarAction.open();
  } else {
    await browser.tabs.create({ url: browser.runtime.getURL(`/sidepanel.html${hash}`) });
  }
}
