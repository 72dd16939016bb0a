// Property-based tests of the message contract: any value a sender can put
// in a message is either accepted as a valid request or refused with a
// MessageRejected; nothing else escapes, and an accepted message is exactly
// what the schema describes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AnyRequest, MESSAGES, MessageRejected, validateMessage, type SenderKind } from '../../../lib/messages';

const types = Object.keys(MESSAGES);

const hostile = fc.oneof(
  fc.anything(),
  fc.record({ type: fc.constantFrom(...types, '__proto__', 'constructor', 'toString') }, { requiredKeys: [] }),
  fc.record({ type: fc.constantFrom(...types), page: fc.anything(), profileId: fc.anything(), label: fc.string(), rows: fc.anything() }, { requiredKeys: ['type'] }),
);

describe('message validation, any input', () => {
  it('accepts only valid requests and refuses everything else with a reason', () => {
    fc.assert(
      fc.property(hostile, fc.constantFrom<SenderKind>('content', 'page'), (raw, from) => {
        try {
          const request = validateMessage(raw, from);
          expect(AnyRequest.safeParse(request).success).toBe(true);
          expect((MESSAGES[request.type].from as readonly string[]).includes(from)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(MessageRejected);
          expect((error as MessageRejected).message.length).toBeLessThan(400);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps markup in captured text as text: it is data, never parsed', () => {
    fc.assert(
      fc.property(fc.string(), (name) => {
        const payload = `<img src=x onerror=alert(1)>${name}`;
        const request = validateMessage(
          {
            type: 'capture/report',
            page: { url: 'https://www.trustpilot.com/review/x', site: 'trustpilot', kind: 'reviews', profiles: [{ platform: 'trustpilot', key: 'k', displayName: payload }], contributions: [] },
          },
          'content',
        );
        expect(request.type === 'capture/report' && request.page.profiles[0]!.displayName).toBe(payload.trim());
      }),
    );
  });
});
