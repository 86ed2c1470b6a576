/**
 * Diagnostics for timing bugs: with NRF_WASM_SIM_TRACE=1 the simulator keeps its last trace lines
 * in memory (writing them as they come would change the timing) and prints them on exit.
 */
export const tracing = !!process.env.NRF_WASM_SIM_TRACE;
const lines: string[] = [];
const t0 = Date.now();

export function trace(line: string): void {
  if (!tracing) return;
  lines.push(`${String(Date.now() - t0).padStart(6)} ${line}`);
  if (lines.length > 4000) lines.splice(0, 1000);
}

export function dumpTrace(): void {
  if (tracing && lines.length) process.stderr.write(`--- trace ---\n${lines.join('\n')}\n`);
}
