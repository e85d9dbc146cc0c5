import os from 'node:os';

/** Where and how the figures were measured; printed with every result table. */
export interface Environment {
  backend: string;
  machine: string;
  cores: number;
  node: string;
  date: string;
  mode: 'quick' | 'full';
}

export function describeEnvironment(backend: string, quick: boolean): Environment {
  const cpus = os.cpus();
  return {
    backend,
    machine: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus.length,
    node: process.version,
    date: new Date().toISOString().slice(0, 10),
    mode: quick ? 'quick' : 'full',
  };
}
