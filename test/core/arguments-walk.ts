import { NDArray, QuiverError } from 'quiverjs';

/**
 * The walk behind the arguments-* suites (#20): every public function is called with
 * each of these in each argument position, and may either accept it or throw a
 * QuiverError whose message starts with the op's name. A TypeError, RangeError or bare
 * Error escaping, or an error naming another op, is a finding.
 */
export const BAD: readonly unknown[] = ['x', NaN, -1, 1e12, 2.5, true, null, undefined, [], { bogus: 1 }, Symbol('s'), () => 0];

/** Results small enough to compute are computed, since some checks only the data can make. */
const COMPUTE_UP_TO = 1e5;

const show = (v: unknown): string =>
  typeof v === 'number' ? String(v) : typeof v === 'symbol' ? 'Symbol' : typeof v === 'function' ? 'fn' : v instanceof NDArray ? 'NDArray' : isPlainObject(v) ? `{${Object.entries(v).map(([k, x]) => `${k}: ${show(x)}`).join(', ')}}` : (JSON.stringify(v) ?? String(v));

async function settle(value: unknown): Promise<void> {
  const v = await value;
  if (v instanceof NDArray) {
    if (v.size <= COMPUTE_UP_TO) await v.data();
  } else if (Array.isArray(v)) for (const item of v) await settle(item);
}

/** What is wrong with one call's outcome, or undefined when it is fine. */
export async function finding(label: string, op: string, call: () => unknown): Promise<string | undefined> {
  try {
    await settle(call());
    return undefined;
  } catch (e) {
    if (!(e instanceof QuiverError)) return `${label} threw ${(e as Error)?.name}: ${(e as Error)?.message}`;
    if (!e.message.startsWith(`${op}:`)) return `${label} threw ${e.name} naming another op: ${e.message}`;
    return undefined;
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

/** The good call with position i replaced by each BAD value and, when it is an options object, each of its values too. */
function variants(good: readonly unknown[], i: number): unknown[][] {
  const at = (v: unknown) => good.map((g, j) => (j === i ? v : g));
  const g = good[i];
  const nested = isPlainObject(g) ? Object.keys(g).flatMap((k) => BAD.map((bad) => at({ ...g, [k]: bad }))) : [];
  return [...BAD.map(at), ...nested];
}

/** Findings of calling fn with each BAD value in each argument position of a good call, and in each value of an options object there. */
export async function walk(name: string, op: string, fn: (...args: unknown[]) => unknown, good: readonly unknown[]): Promise<string[]> {
  const found: string[] = [];
  for (let i = 0; i < good.length; i++) {
    for (const args of variants(good, i)) {
      const f = await finding(`${name}(${args.map(show).join(', ')})`, op, () => fn(...args));
      if (f) found.push(f);
    }
  }
  return found;
}
