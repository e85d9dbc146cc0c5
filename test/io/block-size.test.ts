import { describe, expect, it } from 'vitest';
import { parseBlockSize } from '../../src/io/block-size.js';
import { parseBytes } from '../../src/runtime/cache/bytes.js';

describe('block sizes read as memory budgets are', () => {
  it('reads KB, MB and GB as powers of 1024, the same as KiB, MiB and GiB', () => {
    expect(['64MB', '512KiB', '1 GB', '1.5MiB', '100', '7b'].map(parseBlockSize)).toEqual([64 * 2 ** 20, 512 * 1024, 2 ** 30, 1.5 * 2 ** 20, 100, 7]);
    expect(parseBlockSize(4096)).toBe(4096);
  });

  it('reads every size string to the bytes a memory budget reads it to', () => {
    for (const size of ['64MB', '64MiB', '512 KB', '1.5m', '1GB', '3k', '100']) expect(parseBlockSize(size), size).toBe(parseBytes('host', size));
  });

  it('refuses sizes it cannot read, fractions of a byte, zero and sizes past 1GiB', () => {
    expect(() => parseBlockSize('lots')).toThrow('blockSize: cannot read "lots" (write e.g. 64MB, 512KiB or 1048576)');
    expect(() => parseBlockSize(0.5)).toThrow('blockSize: 0.5 is not a whole number of bytes between 1 and 1GiB');
    expect(() => parseBlockSize(0)).toThrow('between 1 and 1GiB');
    expect(() => parseBlockSize('2GiB')).toThrow('blockSize: "2GiB" is not a whole number of bytes between 1 and 1GiB');
  });
});
