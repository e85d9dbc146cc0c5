import { ArgumentError, QuiverError } from './errors.js';

/**
 * The boundary of each public risk and random function (#20): its options object is
 * checked against the keys it accepts, and an error raised by an ndarray op inside it
 * is re-raised, same class, with the function's name in front, so a user sees which
 * call they got wrong (`simpleReturns: asarray: expected an array ..., got "x"`).
 */
type Fn = (...args: never[]) => unknown;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(v) as object | null);

/** An options argument: undefined, or a plain object whose keys are all in `accepted`. */
export function checkOptions(fn: string, name: string, options: unknown, accepted: readonly string[]): void {
  if (options === undefined) return;
  if (!isPlainObject(options)) throw new ArgumentError(`${fn}: ${name} must be an object with keys ${accepted.join(', ')}, got ${show(options)}`);
  for (const key of Object.keys(options)) {
    if (!accepted.includes(key)) throw new ArgumentError(`${fn}: unknown option '${key}' (accepted: ${accepted.join(', ')})`);
  }
}

/** An inputs object (blackScholes' spot, strike, ...): a plain object, its keys checked. */
export function checkInputs(fn: string, inputs: unknown, required: readonly string[], optional: readonly string[] = [], name = 'inputs'): void {
  if (!isPlainObject(inputs)) throw new ArgumentError(`${fn}: ${name} must be an object with ${required.join(', ')}, got ${show(inputs)}`);
  checkOptions(fn, name, inputs, [...required, ...optional]);
  const missing = required.filter((k) => inputs[k] === undefined);
  if (missing.length > 0) throw new ArgumentError(`${fn}: missing input ${missing.map((k) => `'${k}'`).join(', ')}`);
}

export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'symbol' || typeof v === 'function') return typeof v;
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (v !== null && typeof v === 'object') return isPlainObject(v) ? 'an object' : `a ${v.constructor?.name ?? 'object'}`;
  return String(v);
}

function attributed(fn: string, e: unknown): unknown {
  if (!(e instanceof QuiverError) || e.message.startsWith(`${fn}:`)) return e;
  const Kind = e.constructor as new (message: string, options?: ErrorOptions) => QuiverError;
  return new Kind(`${fn}: ${e.message}`, { cause: e });
}

/**
 * `impl` as the public function `fn`: `check` runs on the arguments first, and errors
 * (thrown, or rejecting the promise an async function returns) name `fn`.
 */
export function publicFunction<F extends Fn>(fn: string, impl: F, check: (...args: Parameters<F>) => void = () => undefined): F {
  const isAsync = impl.constructor.name === 'AsyncFunction';
  const wrapped = (...args: Parameters<F>): unknown => {
    try {
      checkNoSymbols(fn, args);
      check(...args);
      const out = impl(...args);
      return out instanceof Promise ? out.catch((e: unknown) => Promise.reject(attributed(fn, e))) : out;
    } catch (e) {
      // An async function's bad call rejects, as its body's checks would have.
      if (isAsync) return Promise.reject(attributed(fn, e));
      throw attributed(fn, e);
    }
  };
  return wrapped as F;
}

/**
 * No public function takes a symbol, as an argument or as a value in an options or inputs
 * object; refusing one here lets every message print its values.
 */
function checkNoSymbols(fn: string, args: readonly unknown[]): void {
  const at = args.findIndex((a) => typeof a === 'symbol');
  if (at >= 0) throw new ArgumentError(`${fn}: argument ${at} is a symbol, which no argument accepts`);
  for (const a of args) {
    if (!isPlainObject(a)) continue;
    const key = Object.keys(a).find((k) => typeof a[k] === 'symbol');
    if (key !== undefined) throw new ArgumentError(`${fn}: option '${key}' is a symbol, which no option accepts`);
  }
}

/** A probability or a list of them, as quantile and percentile take it. */
export function numbersArg(fn: string, name: string, v: unknown): number[] {
  const list = typeof v === 'number' ? [v] : Array.isArray(v) ? (v as unknown[]) : undefined;
  if (list === undefined || !list.every((x) => typeof x === 'number')) {
    throw new ArgumentError(`${fn}: ${name} must be a number or a list of numbers, got ${show(v)}`);
  }
  return list as number[];
}
