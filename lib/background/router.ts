/**
 * The service worker's one entrance: every message is checked for who sent it
 * and what it says before a handler sees it, and every answer is a Reply.
 */
import {
  MessageRejected,
  classifySender,
  validateMessage,
  type AnyRequest,
  type MessageType,
  type ParsedRequestOf,
  type Reply,
  type ResponseOf,
  type SenderInfo,
  type SenderKind,
} from '../messages';
import { isQuotaError } from '../db/storage';

export interface HandlerContext {
  sender: SenderInfo;
  from: SenderKind;
}

export type Handlers = {
  [K in MessageType]: (request: ParsedRequestOf<K>, context: HandlerContext) => Promise<ResponseOf<K>>;
};

export interface RouterIdentity {
  /** Our extension id (runtime.id). */
  id: string;
  /** Our pages' origin, e.g. chrome-extension://<id>/ (runtime.getURL('')). */
  origin: string;
}

export type Router = (raw: unknown, sender: SenderInfo) => Promise<Reply<MessageType>>;

export function createRouter(handlers: Handlers, identity: RouterIdentity, onError?: (error: unknown, type: string) => void): Router {
  return async (raw, sender) => {
    let request: AnyRequest;
    let from: SenderKind;
    try {
      from = classifySender(sender, identity.id, identity.origin);
      request = validateMessage(raw, from);
    } catch (error) {
      if (error instanceof MessageRejected) return { ok: false, error: { code: error.code, message: error.message } };
      throw error;
    }
    try {
      const handler = handlers[request.type] as (r: AnyRequest, c: HandlerContext) => Promise<ResponseOf<MessageType>>;
      const data = await handler(request, { sender, from });
      return { ok: true, data };
    } catch (error) {
      onError?.(error, request.type);
      if (isQuotaError(error)) {
        return {
          ok: false,
          error: { code: 'quota', message: 'The browser has no room left for Earshot\'s data. Nothing was lost; prune old captures in Settings to make room.' },
        };
      }
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, error: { code: 'failed', message: `${request.type}: ${message}` } };
    }
  };
}
