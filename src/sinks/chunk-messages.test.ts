import { chunkMessages } from './chunk-messages';

describe('chunkMessages', () => {
  it('keeps order and stays under the byte limit', () => {
    const messages = Array.from({ length: 100 }, (_, index) => ({ key: `k${index}`, value: 'x'.repeat(80) }));

    const chunks = chunkMessages(messages, 1000);

    expect(chunks.flat()).toEqual(messages);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      const bytes = chunk.reduce(
        (sum, message) => sum + 20 + String(message.key).length + String(message.value).length,
        0,
      );
      expect(bytes).toBeLessThanOrEqual(1000);
    }
  });

  it('gives an oversized message a chunk of its own', () => {
    const chunks = chunkMessages(
      [
        { key: null, value: 'a' },
        { key: null, value: 'b'.repeat(5000) },
        { key: null, value: 'c' },
      ],
      1000,
    );

    expect(chunks.map((chunk) => chunk.length)).toEqual([1, 1, 1]);
  });

  it('returns no chunk for no message', () => {
    expect(chunkMessages([])).toEqual([]);
  });
});
