/**
 * Sending messages to the service worker, for content scripts and extension
 * pages. Only types come from lib/messages, so content scripts stay free of
 * zod; the service worker validates everything it receives.
 */
import { browser } from 'wxt/browser';
import type { MessageType, Reply, RequestOf, ResponseOf } from '../messages';

export class BackgroundError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BackgroundError';
  }
}

/** Send a message and get its typed answer; a refusal or failure throws with the reason. */
export async function send<K extends MessageType>(type: K, body: Omit<RequestOf<K>, 'type'>): Promise<ResponseOf<K>> {
  const reply = (await browser.runtime.sendMessage({ ...body, type })) as Reply<K> | undefined;
  if (!reply) throw new BackgroundError('failed', `no answer to ${type}`);
  if (!reply.ok) throw new BackgroundError(reply.error.code, reply.error.message);
  return reply.data;
}
