import { describe, expect, it } from 'vitest';
import { ValueError } from '../../src/graph/errors.js';
import { REDUCE_OPS, REDUCTIONS } from '../../src/kernel/reductions.js';
import { KERNEL_FAULTS, RESERVED_STATUS_CODES, statusError, type KernelFaultName } from '../../src/kernel/faults.js';

/**
 * The table of kernel faults (src/kernel/faults.ts): the status codes by which compiled
 * kernels report an error the reference raises, read back into that error by the wasm
 * and WebGPU backends.
 */

const NAMES = Object.keys(KERNEL_FAULTS) as KernelFaultName[];

describe('kernel faults', () => {
  it('gives each fault its own code, none of them success or a backend\'s own status', () => {
    const codes = NAMES.map((n) => KERNEL_FAULTS[n].code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(RESERVED_STATUS_CODES).not.toContain(code);
  });

  it('keeps pow\'s code 1 and its message', () => {
    expect(KERNEL_FAULTS.negativePower).toEqual({ code: 1, message: 'pow: integers to negative integer powers are not allowed' });
  });

  it('turns a status code back into the ValueError the reference raises, and nothing else into one', () => {
    for (const name of NAMES) {
      const error = statusError(KERNEL_FAULTS[name].code);
      expect(error, name).toBeInstanceOf(ValueError);
      expect(error?.message, name).toBe(KERNEL_FAULTS[name].message);
    }
    for (const code of [...RESERVED_STATUS_CODES, 99]) expect(statusError(code), `code ${code}`).toBeUndefined();
  });

  it('names the op that raises in each message, and each reduction\'s fault is a row here', () => {
    for (const op of REDUCE_OPS) {
      const fault = REDUCTIONS[op].fault;
      if (fault !== undefined) expect(KERNEL_FAULTS[fault].message, op).toMatch(new RegExp(`^${op}: `));
    }
  });
});
