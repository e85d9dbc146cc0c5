import fc from 'fast-check';
import { np, type NDArray } from 'quiverjs';
import { FloatArray } from './tiers.js';

/**
 * Random programs of async tasks that share a buffer cache (issue #20, item 1): each
 * task derives arrays from shared sources and its own, reads them, persists, pins,
 * unpins and disposes them, and yields between steps, some steps left in flight while
 * the task goes on. Every value is an integer below 2^24, exact in float32 and float64,
 * and is checked against a plain-JS oracle: any interleaving must give the values one
 * task at a time gives.
 */
export type Step =
  | { readonly kind: 'derive'; readonly a: number; readonly b: number; readonly c: number }
  | { readonly kind: 'read' | 'sum' | 'persist'; readonly a: number; readonly wait: boolean }
  | { readonly kind: 'pin' | 'unpin' | 'dispose'; readonly a: number }
  | { readonly kind: 'yield'; readonly turns: number; readonly macro: boolean };

const index = fc.nat({ max: 63 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('derive' as const), a: index, b: index, c: fc.integer({ min: -8, max: 8 }) }), weight: 4 },
  fc.record({ kind: fc.constantFrom('read' as const, 'sum' as const, 'persist' as const), a: index, wait: fc.boolean() }),
  fc.record({ kind: fc.constantFrom('pin' as const, 'unpin' as const, 'dispose' as const), a: index }),
  fc.record({ kind: fc.constant('yield' as const), turns: fc.integer({ min: 1, max: 4 }), macro: fc.boolean() }),
);

/** Two to four tasks of up to 16 steps each. */
export const programs = fc.array(fc.array(step, { maxLength: 16 }), { minLength: 2, maxLength: 4 });

interface Tracked {
  readonly array: NDArray;
  readonly want: Float64Array;
}

/** Arrays made from JS values: every task reads them, none disposes them. */
export function sharedSources(length: number, count: number): Tracked[] {
  return Array.from({ length: count }, (_, s) => {
    const want = Float64Array.from({ length }, (_, i) => (i * (s + 3)) % 101);
    return { array: np.asarray(FloatArray.from(want, (v) => v)), want };
  });
}

const pause = (turns: number, macro: boolean): Promise<void> =>
  macro ? new Promise((r) => setTimeout(r, 0)) : Array.from({ length: turns }).reduce<Promise<void>>((p) => p.then(() => undefined), Promise.resolve());

function expectValues(label: string, got: ArrayLike<number>, want: Float64Array): void {
  for (let i = 0; i < want.length; i++) {
    if (got[i] !== want[i]) throw new Error(`${label}: element ${i} is ${got[i]}, expected ${want[i]}`);
  }
}

/** The one pin the tasks of a program may hold at a time, so pins alone never fill the budget. */
interface PinSlot {
  held: Tracked | undefined;
}

/** Runs one task's steps against the shared sources; its own arrays are disposed at the end. */
async function runTask(task: readonly Step[], shared: readonly Tracked[], pin: PinSlot, label: string): Promise<void> {
  const own: Tracked[] = [];
  const inFlight: Promise<void>[] = [];
  let pinned: Tracked | undefined;
  const unpin = () => {
    pinned?.array.unpin();
    if (pinned) pin.held = undefined;
    pinned = undefined;
  };
  const pick = (a: number): Tracked => [...shared, ...own][a % (shared.length + own.length)]!;
  const pickOwn = (a: number): Tracked | undefined => own[a % Math.max(1, own.length)];
  const settle = async () => void (await Promise.all(inFlight.splice(0)));
  for (const [i, s] of task.entries()) {
    const where = `${label} step ${i} (${s.kind})`;
    switch (s.kind) {
      case 'derive': {
        const [x, y] = [pick(s.a), pick(s.b)];
        own.push({ array: np.sub(x.array, y.array).add(s.c), want: x.want.map((v, k) => v - y.want[k]! + s.c) });
        break;
      }
      case 'read':
      case 'sum':
      case 'persist': {
        const t = pick(s.a);
        const work =
          s.kind === 'read'
            ? t.array.data().then((got) => expectValues(where, got, t.want))
            : s.kind === 'sum'
              ? np.sum(t.array).item().then((got) => expectValues(where, [Number(got)], Float64Array.of(t.want.reduce((p, v) => p + v, 0))))
              : t.array.persist().then(() => undefined);
        if (s.wait) await work;
        else inFlight.push(work);
        break;
      }
      case 'pin': {
        const t = pickOwn(s.a);
        if (t && !pin.held) {
          pin.held = pinned = t;
          await settle();
          t.array.pin();
        }
        break;
      }
      case 'unpin':
        unpin();
        break;
      case 'dispose': {
        const t = pickOwn(s.a);
        if (!t) break;
        await settle();
        if (pinned === t) unpin();
        own.splice(own.indexOf(t), 1);
        t.array.dispose();
        break;
      }
      case 'yield':
        await pause(s.turns, s.macro);
        break;
    }
  }
  await settle();
  unpin();
  for (const t of own) expectValues(`${label} at its end`, await t.array.data(), t.want);
  for (const t of own) t.array.dispose();
}

/** Runs every task of `program` at once. */
export async function runProgram(program: readonly (readonly Step[])[], shared: readonly Tracked[]): Promise<void> {
  const pin: PinSlot = { held: undefined };
  const outcomes = await Promise.allSettled(program.map((task, i) => runTask(task, shared, pin, `task ${i}`)));
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
}
