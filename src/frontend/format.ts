/**
 * NumPy 2's `repr()` of an array, from its flat C-order values: the same digits, widths,
 * line breaks and summarisation as numpy/_core/arrayprint.py with the default print options,
 * except that the dtype is always shown (`array([1., 2.], dtype=float64)`), where NumPy
 * leaves it out for float64 and bool. test/frontend/format.test.ts diffs it against NumPy.
 */

export type FormatDType = 'float32' | 'float64' | 'int32' | 'uint32' | 'bool';

// NumPy's default print options (np.get_printoptions()).
const LINE_WIDTH = 75;
const THRESHOLD = 1000; // arrays with more elements are summarised with '...'
const EDGE_ITEMS = 3; // elements kept at each end of a summarised axis
const PRECISION = 8; // digits after the point, positional or in a scientific mantissa

// ---------------------------------------------------------------------------------------
// Dragon4: exact decimal digits of a binary float (numpy/_core/src/multiarray/dragon4.c,
// after Steele & White and Burger & Dybvig), with BigInt in place of its fixed-size bigints.
// In "unique" mode it stops at the shortest digits that read back as the same float of the
// given width, but never before `cutoffMin` nor after `cutoffMax`, rounding the exact value.
// ---------------------------------------------------------------------------------------

interface Decimal {
  digits: string;
  /** Power of ten of the first digit. */
  exponent: number;
}
interface Cutoff {
  /** true: counts are significant digits; false: digits after the decimal point. */
  total: boolean;
  max: number; // -1: none
  min: number; // -1: none
}

const f64 = new Float64Array(1);
const f64Bits = new BigUint64Array(f64.buffer);
const f32 = new Float32Array(1);
const f32Bits = new Uint32Array(f32.buffer);

/** Digits of the positive finite x read as a float of `dtype` (float32 values are exact
 * doubles; their neighbours, and hence their shortest digits, are float32 ones). */
function dragon4(x: number, dtype: 'float32' | 'float64', cutoff: Cutoff): Decimal {
  let fraction: bigint;
  let biased: number;
  if (dtype === 'float64') {
    f64[0] = x;
    fraction = f64Bits[0]! & 0xfffffffffffffn;
    biased = Number(f64Bits[0]! >> 52n);
  } else {
    f32[0] = x;
    fraction = BigInt(f32Bits[0]! & 0x7fffff);
    biased = f32Bits[0]! >>> 23;
  }
  const fractionBits = dtype === 'float64' ? 52 : 23;
  const bias = dtype === 'float64' ? 1075 : 150; // exponent bias + fraction bits
  const mantissa = biased === 0 ? fraction : fraction | (1n << BigInt(fractionBits));
  if (mantissa === 0n) return { digits: '0', exponent: 0 };
  const exponent = (biased === 0 ? 1 : biased) - bias;
  const mantissaBit = biased === 0 ? mantissa.toString(2).length - 1 : fractionBits;
  // Just above a power of two the gap below is half the gap above.
  const unequalMargins = biased > 1 && fraction === 0n;
  const isEven = (mantissa & 1n) === 0n;

  // value = mantissa·2^exponent = scaled/scale; marginLow/High = half-gaps to the neighbours.
  const shift = BigInt(Math.abs(exponent));
  const up = exponent > 0 ? 1n << shift : 1n;
  let scale = (exponent > 0 ? 1n : 1n << shift) * (unequalMargins ? 4n : 2n);
  let scaled = mantissa * up * (unequalMargins ? 4n : 2n);
  let marginLow = up;
  let marginHigh = unequalMargins ? 2n * up : up;

  // Estimate of floor(log10(value)) + 1, correct or one too low (dragon4.c's 0.69 offset).
  let k = Math.ceil((mantissaBit + exponent) * 0.30102999566398119521373889472449 - 0.69);
  if (cutoff.max >= 0 && !cutoff.total && k <= -cutoff.max) k = -cutoff.max + 1;
  if (k > 0) {
    scale *= 10n ** BigInt(k);
  } else if (k < 0) {
    const p = 10n ** BigInt(-k);
    scaled *= p;
    marginLow *= p;
    marginHigh *= p;
  }
  if (scaled >= scale) {
    k += 1;
  } else {
    scaled *= 10n;
    marginLow *= 10n;
    marginHigh *= 10n;
  }
  const cutoffMaxExp = cutoff.max < 0 ? -Infinity : cutoff.total ? k - cutoff.max : -cutoff.max;
  const cutoffMinExp = cutoff.min < 0 ? k : Math.min(k, cutoff.total ? k - cutoff.min : -cutoff.min);

  const firstExponent = k - 1;
  let digits = '';
  let digit: bigint;
  let low: boolean;
  let high: boolean;
  for (;;) {
    k -= 1;
    digit = scaled / scale;
    scaled %= scale;
    // IEEE round-half-even input: a neighbour's half-gap boundary reads back as this value
    // only when the mantissa is even.
    low = isEven ? scaled <= marginLow : scaled < marginLow;
    high = isEven ? scaled + marginHigh >= scale : scaled + marginHigh > scale;
    if (((low || high) && k <= cutoffMinExp) || k === cutoffMaxExp) break;
    digits += digit.toString();
    scaled *= 10n;
    marginLow *= 10n;
    marginHigh *= 10n;
  }
  let roundDown = low;
  if (low === high) {
    // Both directions read back (or neither, at a cutoff): nearest, ties to even digit.
    const twice = 2n * scaled;
    roundDown = twice < scale || (twice === scale && (digit & 1n) === 0n);
  }
  if (roundDown) return { digits: digits + digit.toString(), exponent: firstExponent };
  if (digit < 9n) return { digits: digits + (digit + 1n).toString(), exponent: firstExponent };
  // Carry through trailing nines; all nines become a 1 at the next power of ten.
  const kept = digits.replace(/9+$/, '');
  if (kept === '') return { digits: '1', exponent: firstExponent + 1 };
  return { digits: kept.slice(0, -1) + String(Number(kept.at(-1)) + 1), exponent: firstExponent };
}

// ---------------------------------------------------------------------------------------
// dragon4.c's FormatPositional / FormatScientific, for the two trim modes arrays use:
// 'k' keeps trailing zeros (padding to minDigits), '.' trims them but keeps the point.
// ---------------------------------------------------------------------------------------

interface FloatStyle {
  precision: number; // -1: none
  minDigits: number; // -1: none
  trim: 'k' | '.';
  padLeft: number; // characters left of the point (sign included); -1: none
  padRight: number; // positional: characters right of the point; -1: none
  expDigits: number; // scientific: minimum exponent digits; -1: two
}

function isNegative(x: number): boolean {
  return x < 0 || Object.is(x, -0);
}

function trimFraction(frac: string, style: FloatStyle): string {
  return style.trim === 'k' ? frac.padEnd(Math.max(style.minDigits, 0), '0') : frac.replace(/0+$/, '');
}

function positional(x: number, dtype: 'float32' | 'float64', style: FloatStyle): string {
  const cutoff = { total: false, max: style.precision, min: style.minDigits };
  const { digits, exponent } = dragon4(Math.abs(x), dtype, cutoff);
  const whole = exponent >= 0 ? digits.slice(0, exponent + 1).padEnd(exponent + 1, '0') : '0';
  const raw = exponent >= 0 ? digits.slice(exponent + 1) : '0'.repeat(-exponent - 1) + digits;
  const frac = trimFraction(raw, style);
  const sign = isNegative(x) ? '-' : '';
  const left = ' '.repeat(Math.max(0, style.padLeft - whole.length - sign.length));
  const right = ' '.repeat(Math.max(0, style.padRight - frac.length));
  return `${left}${sign}${whole}.${frac}${right}`;
}

function scientific(x: number, dtype: 'float32' | 'float64', style: FloatStyle): string {
  const cutoff = {
    total: true,
    max: style.precision < 0 ? -1 : style.precision + 1,
    min: style.minDigits < 0 ? -1 : style.minDigits + 1,
  };
  const { digits, exponent } = dragon4(Math.abs(x), dtype, cutoff);
  const frac = trimFraction(digits.slice(1), style);
  const sign = isNegative(x) ? '-' : '';
  const left = ' '.repeat(Math.max(0, style.padLeft - 1 - sign.length));
  const exp = String(Math.abs(exponent)).padStart(style.expDigits < 0 ? 2 : style.expDigits, '0');
  return `${left}${sign}${digits[0]}.${frac}e${exponent < 0 ? '-' : '+'}${exp}`;
}

// ---------------------------------------------------------------------------------------
// Element formatters: arrayprint.py's FloatingFormat, IntegerFormat and BoolFormat. Each
// looks at every value that will be shown once, to give the column a common width.
// ---------------------------------------------------------------------------------------

type ElementFormat = (x: number) => string;

/** Length of the longest string (a loop: spreading a huge array into Math.max overflows). */
function longest(strs: readonly string[]): number {
  return strs.reduce((m, s) => Math.max(m, s.length), 0);
}

function floatFormat(shown: readonly number[], dtype: 'float32' | 'float64'): ElementFormat {
  const finite = shown.filter(Number.isFinite);
  let max = 0;
  let min = Infinity;
  for (const v of finite) {
    if (v !== 0) {
      max = Math.max(max, Math.abs(v));
      min = Math.min(min, Math.abs(v));
    }
  }
  // NumPy compares in the array's dtype (NEP 50: the Python float constants are weak), and
  // caps positional float32 at 1e6 because it only has ~7 significant digits.
  const single = dtype === 'float32';
  const ratio = single ? Math.fround(max / min) : max / min;
  const exp = min !== Infinity &&
    (max >= (single ? 1e6 : 1e8) || min < (single ? Math.fround(1e-4) : 1e-4) || ratio > 1000);

  // A first pass prints every value at full precision to measure the columns.
  let style: FloatStyle = {
    precision: PRECISION, minDigits: -1, trim: '.', padLeft: -1, padRight: -1, expDigits: -1,
  };
  if (finite.length > 0) {
    const strs = finite.map((v) => (exp ? scientific : positional)(v, dtype, style));
    if (exp) {
      const mantissas = strs.map((s) => s.split('e')[0]!.split('.'));
      const expDigits = longest(strs.map((s) => s.split('e')[1]!)) - 1; // '+05' has 2 digits
      const precision = longest(mantissas.map((m) => m[1]!));
      const padLeft = longest(mantissas.map((m) => m[0]!));
      // padRight only sizes nan/inf: the width of the fraction, 'e', sign and exponent.
      const padRight = expDigits + 2 + precision;
      style = { precision, minDigits: precision, trim: 'k', padLeft, padRight, expDigits };
    } else {
      const parts = strs.map((s) => s.split('.'));
      const padLeft = longest(parts.map((p) => p[0]!));
      style = { ...style, minDigits: 0, padLeft, padRight: longest(parts.map((p) => p[1]!)) };
    }
  } else {
    style = { ...style, padLeft: 0, padRight: 0 };
  }
  if (finite.length !== shown.length) {
    const negInf = shown.includes(-Infinity) ? 1 : 0;
    style.padLeft = Math.max(style.padLeft, 3 - (style.padRight + 1), 3 + negInf - (style.padRight + 1));
  }
  const width = style.padLeft + style.padRight + 1;
  return (x) => {
    if (Number.isNaN(x)) return 'nan'.padStart(width);
    if (!Number.isFinite(x)) return (x < 0 ? '-inf' : 'inf').padStart(width);
    return (exp ? scientific : positional)(x, dtype, style);
  };
}

function elementFormat(shown: readonly number[], dtype: FormatDType, zeroDim: boolean): ElementFormat {
  if (dtype === 'float64') return floatFormat(shown, dtype);
  if (dtype === 'float32') {
    // Read float32 as float32 even if the caller widened it, so its digits are float32's.
    const format = floatFormat(shown.map(Math.fround), dtype);
    return (x) => format(Math.fround(x));
  }
  if (dtype === 'bool') {
    // ' True' lines up with 'False' in a column; a 0-d array has no column.
    const trueStr = zeroDim ? 'True' : ' True';
    return (x) => (x !== 0 ? trueStr : 'False');
  }
  const width = longest(shown.map(String));
  return (x) => String(x).padStart(width);
}

// ---------------------------------------------------------------------------------------
// Layout: arrayprint.py's _formatArray and _extendLine for NumPy 2 (legacy=False).
// ---------------------------------------------------------------------------------------

/** The indices shown along an axis of length n: all, or EDGE_ITEMS at each end around null. */
function shownIndices(n: number, summarize: boolean): (number | null)[] {
  const all = Array.from({ length: n }, (_, i) => i);
  if (!summarize || n <= 2 * EDGE_ITEMS) return all;
  return [...all.slice(0, EDGE_ITEMS), null, ...all.slice(n - EDGE_ITEMS)];
}

/** Appends word to line, first breaking the line if it would pass width (but never leaving a
 * line that holds only the indent). Returns the finished text and the open line. */
function extendLine(
  text: string, line: string, word: string, width: number, indent: string,
): [text: string, line: string] {
  if (line.length + word.length > width && line.length > indent.length) {
    return [`${text}${line.trimEnd()}\n`, indent + word];
  }
  return [text, line + word];
}

function layout(
  values: ArrayLike<number>, shape: readonly number[], format: ElementFormat,
  summarize: boolean, indent: string, width: number,
): string {
  const strides = shape.map((_, axis) => shape.slice(axis + 1).reduce((a, b) => a * b, 1));
  const recurse = (offset: number, axis: number, hanging: string, curWidth: number): string => {
    if (axis === shape.length) return format(values[offset]!);
    const items = shownIndices(shape[axis]!, summarize).map((i) =>
      i === null ? '...' : recurse(offset + i * strides[axis]!, axis + 1, hanging + ' ', curWidth - 1));
    let body: string;
    if (axis === shape.length - 1) {
      // Wrap the last axis; leave room for the ',' or ']' that follows each element.
      let line = hanging;
      body = '';
      items.forEach((word, i) => {
        [body, line] = extendLine(body, line, word, curWidth - 1, hanging);
        if (i < items.length - 1) line += ', ';
      });
      body += line;
    } else {
      // Outer axes put one sub-array per line, with a blank line per extra dimension.
      const separator = ',' + '\n'.repeat(shape.length - axis - 1);
      body = items.map((item) => hanging + item).join(separator);
    }
    return '[' + body.slice(hanging.length) + ']';
  };
  return recurse(0, 0, indent, width);
}

/** Values at the corners kept by summarisation (all values when not summarised). */
function shownValues(values: ArrayLike<number>, shape: readonly number[], summarize: boolean): number[] {
  let offsets = [0];
  shape.forEach((n, axis) => {
    const stride = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    const kept = shownIndices(n, summarize).filter((i): i is number => i !== null);
    offsets = offsets.flatMap((o) => kept.map((i) => o + i * stride));
  });
  return offsets.map((o) => values[o]!);
}

/** NumPy 2's repr() of the array with these flat C-order values (bool as 0/1), always
 * followed by its dtype, e.g. `array([[1., 2.],\n       [3., 4.]], dtype=float64)`. */
export function formatArray(values: ArrayLike<number>, shape: readonly number[], dtype: FormatDType): string {
  const size = shape.reduce((a, b) => a * b, 1);
  const prefix = 'array(';
  let body = '[]';
  if (size > 0) {
    const summarize = size > THRESHOLD;
    const format = elementFormat(shownValues(values, shape, summarize), dtype, shape.length === 0);
    // Continuation lines align under the first '[', past 'array('; the width leaves room
    // for the ')' that arrayprint reserves.
    body = layout(values, shape, format, summarize, ' '.repeat(prefix.length + 1), LINE_WIDTH - 1);
  }
  const extras: string[] = [];
  if ((size === 0 && !(shape.length === 1 && shape[0] === 0)) || size > THRESHOLD) {
    extras.push(`shape=(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`);
  }
  extras.push(`dtype=${dtype}`);
  const head = `${prefix}${body},`;
  const tail = `${extras.join(', ')})`;
  // The extras go on their own line, indented past 'array(', if they would pass the width.
  const lastLine = head.length - (head.lastIndexOf('\n') + 1);
  const spacer = lastLine + tail.length + 1 > LINE_WIDTH ? '\n' + ' '.repeat(prefix.length) : ' ';
  return head + spacer + tail;
}
