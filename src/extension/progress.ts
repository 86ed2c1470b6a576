/** Text for the Deploy progress notification and its result. No vscode import. */

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function formatRate(bytes: number, ms: number): string {
  if (ms <= 0 || bytes <= 0) return '– KB/s';
  const kbps = bytes / 1024 / (ms / 1000);
  return `${kbps >= 100 ? kbps.toFixed(0) : kbps.toFixed(1)} KB/s`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/**
 * Tracks upload progress for vscode's `progress.report({ increment, message })`, which wants
 * increments (percent points since the last report), not absolute values.
 */
export class ProgressTracker {
  private reported = 0;
  constructor(private readonly now: () => number = () => performance.now(), private readonly t0 = now()) {}

  /** Called with the device's acked bytes; returns what to report. */
  update(acked: number, total: number, resumedFrom = 0): { increment: number; message: string } {
    const pct = total > 0 ? Math.min(100, Math.floor((acked / total) * 100)) : 100;
    const increment = Math.max(0, pct - this.reported);
    this.reported = Math.max(this.reported, pct);
    const ms = this.now() - this.t0;
    const rate = formatRate(Math.max(0, acked - resumedFrom), ms);
    return { increment, message: `${pct}% of ${formatBytes(total)} · ${rate}` };
  }
}

export interface DeployReport {
  file: string;
  size: number;
  sha256: string;
  target: string;
  ms: number;
  resumedFrom: number;
  /** True when the device already held this module and nothing was sent. */
  alreadyThere?: boolean;
}

/** Below this many bytes sent, a deploy's time is the link's latency, not its speed: no rate shown. */
export const MIN_BYTES_FOR_RATE = 4096;

/** "Deployed blink.wasm (12 KB) to Serial ttyACM0 in 0.4 s (30 KB/s). Module SHA-256 1a2b3c4d…" */
export function deploySummary(r: DeployReport): string {
  const sha = `${r.sha256.slice(0, 16)}…`;
  if (r.alreadyThere) return `${r.target} already runs ${r.file} (${formatBytes(r.size)}, SHA-256 ${sha}); nothing to send.`;
  const sent = r.size - r.resumedFrom;
  const extra = [sent >= MIN_BYTES_FOR_RATE ? formatRate(sent, r.ms) : '', r.resumedFrom > 0 ? `resumed at ${formatBytes(r.resumedFrom)}` : ''].filter(Boolean).join(', ');
  return `Deployed ${r.file} (${formatBytes(r.size)}) to ${r.target} in ${formatDuration(r.ms)}${extra ? ` (${extra})` : ''}. Module SHA-256 ${sha}`;
}
