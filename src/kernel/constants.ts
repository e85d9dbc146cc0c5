import type { Body, ConstInstr, Instr, KernelProgram } from './program.js';

/** A program's bodies in a fixed order: the order its constants and random keys are listed and replaced in. */
export function bodiesOf(program: KernelProgram): readonly Body[] {
  switch (program.kind) {
    case 'map':
    case 'scan':
      return [program.body];
    case 'reduce':
      return [program.body, program.epilogue];
    case 'contraction':
      return [program.a, program.b, program.epilogue];
    case 'opaque':
      return program.inputs;
  }
}

/** The same program with its bodies replaced, in bodiesOf's order. */
function withBodies(program: KernelProgram, bodies: readonly Body[]): KernelProgram {
  switch (program.kind) {
    case 'map':
    case 'scan':
      return { ...program, body: bodies[0]! };
    case 'reduce':
      return { ...program, body: bodies[0]!, epilogue: bodies[1]! };
    case 'contraction':
      return { ...program, a: bodies[0]!, b: bodies[1]!, epilogue: bodies[2]! };
    case 'opaque':
      return { ...program, inputs: bodies };
  }
}

const isConst = (instr: Instr): instr is ConstInstr => instr.op === 'const';

/** The program's constant instructions, body by body in instruction order. */
export function constantsOf(program: KernelProgram): ConstInstr[] {
  return bodiesOf(program).flatMap((b) => b.instrs.filter(isConst));
}

/**
 * The same program with its constants' values replaced by `values` (one per constant,
 * in constantsOf's order). Only values change, so the canonical hash, and the code a
 * backend compiled for it, stay the same (hash.ts).
 */
export function withConstantValues(program: KernelProgram, values: readonly number[]): KernelProgram {
  let k = 0;
  const bodies = bodiesOf(program).map((b) => ({
    ...b,
    instrs: b.instrs.map((instr) => (isConst(instr) ? { ...instr, value: values[k++]! } : instr)),
  }));
  return withBodies(program, bodies);
}
