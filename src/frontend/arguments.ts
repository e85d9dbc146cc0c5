import { requireDType, type DType } from '../graph/dtype.js';
import { ArgumentError } from '../graph/errors.js';

/**
 * The calling convention every public function follows (#18, #20): arrays first, then
 * the NumPy keywords either positionally or in one trailing options object
 * (`np.argmax(x, 1, { keepdims: true })` or `np.argmax(x, { axis: 1, keepdims: true })`).
 * Each argument is checked when the op is called, so a wrong one fails with the op's
 * name, the argument's and what it accepts, never later inside a kernel.
 */
export type Options = Record<string, unknown>;

/** A plain `{ ... }` object: what an options argument is, as opposed to an array, NDArray or TypedArray. */
export function isOptionsObject(v: unknown): v is Options {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A value as an error message shows it: strings quoted, objects by their kind. */
export function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'symbol' || typeof v === 'function') return typeof v;
  if (Array.isArray(v)) return `[${v.map(describe).join(', ')}]`;
  if (v !== null && typeof v === 'object') return isOptionsObject(v) ? 'an options object' : `a ${v.constructor?.name ?? 'object'}`;
  return String(v);
}

/** The options object with every key checked against the ones the op accepts. */
export function checkOptions(op: string, options: unknown, accepted: readonly string[]): Options {
  if (options === undefined) return {};
  if (!isOptionsObject(options)) {
    throw new ArgumentError(`${op}: options must be an object with keys ${accepted.join(', ')}, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!accepted.includes(key)) throw new ArgumentError(`${op}: unknown option '${key}' (accepted: ${accepted.join(', ') || 'none'})`);
  }
  return options;
}

/**
 * The keywords of one call, from positional arguments named by `names` and an optional
 * trailing options object whose keys must be in `accepted`. A keyword given both ways
 * is refused, as Python refuses it.
 */
export function callOptions(op: string, given: readonly unknown[], names: readonly string[], accepted: readonly string[] = names): Options {
  const args = [...given];
  while (args.length > 0 && args.at(-1) === undefined) args.pop();
  const trailing = args.length > 0 && isOptionsObject(args.at(-1)) ? checkOptions(op, args.pop(), accepted) : {};
  if (args.length > names.length) {
    throw new ArgumentError(`${op}: takes at most ${names.length} argument(s) after the array(s) (${names.join(', ')}) and an options object, got ${args.length}`);
  }
  const out: Options = { ...trailing };
  args.forEach((v, i) => {
    const name = names[i]!;
    if (v === undefined) return;
    if (trailing[name] !== undefined) throw new ArgumentError(`${op}: got multiple values for argument '${name}'`);
    out[name] = v;
  });
  return out;
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** One axis: an integer, or null / undefined where the op allows "all axes" (its range is checked against the array later). */
export function axisArg(op: string, v: unknown, name = 'axis'): number | null | undefined {
  if (v === undefined || v === null || isInt(v)) return v;
  throw new ArgumentError(`${op}: ${name} must be an integer or null, got ${describe(v)}`);
}

/** An axis or a list of axes, or null / undefined for all axes. */
export function axesArg(op: string, v: unknown, name = 'axis'): number | number[] | null | undefined {
  if (Array.isArray(v) && v.every(isInt)) return v as number[];
  if (v === undefined || v === null || isInt(v)) return v;
  throw new ArgumentError(`${op}: ${name} must be an integer, a list of integers or null, got ${describe(v)}`);
}

export function boolArg(op: string, name: string, v: unknown): boolean | undefined {
  if (v === undefined || typeof v === 'boolean') return v;
  throw new ArgumentError(`${op}: ${name} must be a boolean, got ${describe(v)}`);
}

/** An integer, at least `min`. */
export function intArg(op: string, name: string, v: unknown, min = -Infinity): number | undefined {
  if (v === undefined) return v;
  if (isInt(v) && v >= min) return v;
  const range = min === -Infinity ? 'an integer' : min === 0 ? 'a non-negative integer' : `an integer >= ${min}`;
  throw new ArgumentError(`${op}: ${name} must be ${range}, got ${describe(v)}`);
}

/** A finite number. */
export function numberArg(op: string, name: string, v: unknown): number | undefined {
  if (v === undefined) return v;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw new ArgumentError(`${op}: ${name} must be a finite number, got ${describe(v)}`);
}

/** A finite number the op cannot do without. */
export function requiredNumber(op: string, name: string, v: unknown): number {
  if (v === undefined) throw new ArgumentError(`${op}: ${name} is required (a finite number)`);
  return numberArg(op, name, v)!;
}

export function dtypeArg(op: string, v: unknown): DType | undefined {
  return v === undefined ? v : requireDType(op, v);
}

/** A shape: a non-negative integer or a list of them (the values are checked by checkShape). */
export function shapeArg(op: string, v: unknown, name = 'shape'): number[] {
  if (isInt(v)) return [v];
  if (Array.isArray(v) && v.every((d) => typeof d === 'number')) return v as number[];
  throw new ArgumentError(`${op}: ${name} must be an integer or a list of integers, got ${describe(v)}`);
}

/** A function argument (scope's body, a callback). */
export function functionArg<F>(op: string, name: string, v: unknown): F {
  if (typeof v === 'function') return v as F;
  throw new ArgumentError(`${op}: ${name} must be a function, got ${describe(v)}`);
}
