/**
 * Diagnostics for timing bugs: with NRF_WASM_SIM_TRACE=1 the simulator keeps its last trace lines
 * in memory (writing them as they come would change the timing) and prints them on exit; with
 * NRF_WASM_SIM_TRACE=DIR (an existing directory) it writes them to DIR/sim-trace-PID.log instead,
 * for simulators whose stderr nobody keeps (the one a debug adapter starts).
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const setting = process.env.NRF_WASM_SIM_TRACE ?? '';
export const tracing = !!setting;
const lines: string[] = [];
const t0 = Date.now();

export function trace(line: string): void {
  if (!tracing) return;
  lines.push(`${String(Date.now() - t0).padStart(6)} ${line}`);
  if (lines.length > 4000) lines.splice(0, 1000);
}

export function dumpTrace(): void {
  if (!tracing || !lines.length) return;
  const text = `--- trace ---\n${lines.join('\n')}\n`;
  if (setting !== '1' && existsSync(setting) && statSync(setting).isDirectory()) writeFileSync(join(setting, `sim-trace-${process.pid}.log`), text);
  else process.stderr.write(text);
}
