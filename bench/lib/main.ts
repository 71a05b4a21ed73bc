import { fileURLToPath } from 'node:url';
import type { Benchmark } from '../types.js';

/**
 * Runs a benchmark module on its own (`node --import tsx bench/x.bench.ts`) and prints its rows;
 * does nothing when the module is imported by bench/run.ts.
 */
export async function runWhenMain(moduleUrl: string, bench: Benchmark, cleanup?: () => Promise<void>): Promise<void> {
  if (!process.argv[1] || fileURLToPath(moduleUrl) !== process.argv[1]) return;
  try {
    console.table(await bench());
  } finally {
    await cleanup?.();
  }
}
