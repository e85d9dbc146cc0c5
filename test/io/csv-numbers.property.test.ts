import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/io/index.js';

/** Reads one float64 column written one value a line, the way a test compares it with Number(). */
function readFloats(texts: string[]): number[] {
  return Array.from(parseCsv(['x', ...texts].join('\n'), { schema: { x: 'float64' } }).columns.get('x') as Float64Array);
}

const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
const printed = fc.oneof(
  finite.map((v) => String(v)),
  fc.tuple(finite, fc.integer({ min: 0, max: 20 })).map(([v, k]) => v.toExponential(k)),
  fc.tuple(fc.double({ min: -1e21, max: 1e21, noNaN: true }), fc.integer({ min: 0, max: 20 })).map(([v, k]) => v.toFixed(k)),
  fc.tuple(fc.integer({ min: -(10 ** 9), max: 10 ** 9 }), fc.integer({ min: 0, max: 9 })).map(([m, k]) => (m / 10 ** k).toFixed(k)),
  fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 25n }), fc.integer({ min: -40, max: 40 })).map(([m, e]) => `${m}e${e}`),
);

describe('float fields are read correctly rounded, exactly as Number() reads them', () => {
  it('agrees with Number() on random doubles printed with toString, toExponential and toFixed', () => {
    fc.assert(
      fc.property(fc.array(printed, { minLength: 1, maxLength: 50 }), (texts) => {
        expect(readFloats(texts)).toEqual(texts.map(Number));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the sign of zero and reads halfway cases, subnormals and the largest double', () => {
    const texts = ['-0', '0.0', '-0.0e5', '9007199254740993', '2.2250738585072011e-308', '5e-324', '1.7976931348623157e308', '1e23', '0.1', '123456789012345678'];
    expect(readFloats(texts)).toEqual(texts.map(Number));
  });

  it('reads inf, Infinity and padded numbers as pandas does', () => {
    expect(readFloats(['inf', '-Infinity', '+inf', ' 1.5', '2 ', '+3'])).toEqual([Infinity, -Infinity, Infinity, 1.5, 2, 3]);
  });
});

describe('int32 inference takes only integers in int32 range', () => {
  it('reads the int32 extremes as int32 and one past them as float64', () => {
    const edge = parseCsv('a,b\n2147483647,2147483648\n-2147483648,-2147483649\n');
    expect(edge.columns.get('a')).toEqual(new Int32Array([2147483647, -2147483648]));
    expect(edge.columns.get('b')).toEqual(new Float64Array([2147483648, -2147483649]));
  });

  it('reads random int32 values back exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { minLength: 1, maxLength: 50 }), (values) => {
        expect(Array.from(parseCsv(['n', ...values].join('\n')).columns.get('n') as Int32Array)).toEqual(values);
      }),
    );
  });
});
