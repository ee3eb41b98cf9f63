import { createWindower } from './create-windower';

describe('count windows', () => {
  it('closes a window on the record that fills it', () => {
    const windower = createWindower<string>({ type: 'count', size: 3 });

    expect(windower.add('a', 0, null, 0).closed).toEqual([]);
    expect(windower.add('b', 1, null, 0).closed).toEqual([]);
    const { closed, late } = windower.add('c', 0, null, 0);

    expect(late).toEqual([]);
    expect(closed).toEqual([
      { index: 0, startMs: null, endMs: null, items: ['a', 'b', 'c'], emit: ['a', 'b', 'c'], partial: false },
    ]);
    expect(closed[0].emit).toBe(closed[0].items);
    expect(windower.openItemCount()).toBe(0);
  });

  it('numbers windows in arrival order', () => {
    const windower = createWindower<number>({ type: 'count', size: 2 });
    const closed = [1, 2, 3, 4, 5].flatMap((value) => windower.add(value, value % 3, null, 0).closed);

    expect(closed.map((window) => window.index)).toEqual([0, 1]);
    expect(closed.map((window) => window.items)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(windower.openItemCount()).toBe(1);
  });

  it('flushes the open window as partial', () => {
    const windower = createWindower<string>({ type: 'count', size: 3 });
    windower.add('a', 0, null, 0);

    expect(windower.flush()).toEqual([
      { index: 0, startMs: null, endMs: null, items: ['a'], emit: ['a'], partial: true },
    ]);
    expect(windower.openItemCount()).toBe(0);
  });

  it('flushes nothing when empty', () => {
    const windower = createWindower<string>({ type: 'count', size: 2 });
    windower.add('a', 0, null, 0);
    windower.add('b', 0, null, 0);

    expect(windower.flush()).toEqual([]);
  });

  it('continues numbering after a flush', () => {
    const windower = createWindower<string>({ type: 'count', size: 2 });
    windower.add('a', 0, null, 0);
    windower.flush();
    windower.add('b', 0, null, 0);
    const { closed } = windower.add('c', 0, null, 0);

    expect(closed[0].index).toBe(1);
    expect(closed[0].items).toEqual(['b', 'c']);
  });

  it('closes nothing on advance', () => {
    const windower = createWindower<string>({ type: 'count', size: 2 });
    windower.add('a', 0, null, 0);

    expect(windower.advance(1_000_000)).toEqual([]);
    expect(windower.watermarkMs()).toBeNull();
    expect(windower.idlePartitions()).toEqual([]);
  });
});
