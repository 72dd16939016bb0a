import { describe, expect, it } from 'vitest';
import { sampleChunks } from '../../../lib/warehouse/sample';

describe('the sample a chunk at a time', () => {
  it('makes exactly the customers asked for, in chunks no larger than the chunk size, with ids unique across chunks', () => {
    const chunks = [...sampleChunks(2_500, 600, 1_000)];
    expect(chunks.map((c) => c.customers.length)).toEqual([1_000, 1_000, 500]);
    const ids = chunks.flatMap((c) => c.customers.map((customer) => customer.id));
    expect(new Set(ids).size).toBe(2_500);
  });

  it('spreads the profiles over the chunks in proportion to their customers', () => {
    const chunks = [...sampleChunks(2_500, 600, 1_000)];
    const profiles = chunks.map((c) => c.profiles.length);
    expect(profiles).toEqual([240, 240, 120]);
  });

  it('names the argument that is not a size', () => {
    expect(() => [...sampleChunks(0, 10)]).toThrow(/customers/);
    expect(() => [...sampleChunks(10, 1.5)]).toThrow(/profiles/);
  });
});
