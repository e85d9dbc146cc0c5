import { ValueError } from '../graph/errors.js';

/**
 * The errors the reference raises that depend on the data, so a compiled kernel finds
 * them only while it runs: each has a status code that a kernel reports and the backend
 * turns back into the reference's error. The wasm VM returns the code from its entry
 * points (wasm/src/vm/opcodes.rs names the codes, generated from this table by
 * scripts/contract.ts); a WebGPU kernel writes it to its status word with q_fail, which
 * keeps the largest code when several fail; the js reference throws the error itself.
 *
 * Code 0 is success and code 2 is each backend's own status, so neither is here: to the
 * wasm VM a malformed program, to WebGPU an index out of bounds, which reruns the plan on
 * the CPU to raise the reference's IndexError.
 */
export interface KernelFault {
  readonly code: number;
  /** The ValueError's message; it starts with the op that raises it. */
  readonly message: string;
}

export const KERNEL_FAULTS = {
  negativePower: { code: 1, message: 'pow: integers to negative integer powers are not allowed' },
  nanargminAllNan: { code: 3, message: 'nanargmin: All-NaN slice encountered' },
  nanargmaxAllNan: { code: 4, message: 'nanargmax: All-NaN slice encountered' },
} as const satisfies Record<string, KernelFault>;

export type KernelFaultName = keyof typeof KERNEL_FAULTS;

/** The codes no fault may take (see above). */
export const RESERVED_STATUS_CODES: readonly number[] = [0, 2];

/** The error the reference raises for fault `name`. */
export const faultError = (name: KernelFaultName): ValueError => new ValueError(KERNEL_FAULTS[name].message);

/** The error a kernel's status `code` stands for; undefined for success and for codes the table lacks. */
export function statusError(code: number): ValueError | undefined {
  const name = (Object.keys(KERNEL_FAULTS) as KernelFaultName[]).find((n) => KERNEL_FAULTS[n].code === code);
  return name === undefined ? undefined : faultError(name);
}
