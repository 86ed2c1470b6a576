/**
 * The memory view's text: a hex dump, 16 bytes a line (address, bytes, ASCII), runs of zero lines
 * folded into one so a 64 KiB memory with a few strings reads at a glance. No vscode import.
 */
export interface HexDump {
  text: string;
  /** 0-based line showing `address` (the fold line for an address inside a zero run). */
  lineOf(address: number): number;
}

const WIDTH = 16;
const hex8 = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;

export function hexDump(data: Uint8Array, base = 0, header: string[] = []): HexDump {
  const lines = [...header];
  const starts: number[] = []; // first address of each dump line (fold lines included)
  const first = lines.length;
  let zeroRunStart = -1;
  const flushZeros = (end: number) => {
    if (zeroRunStart < 0) return;
    const n = end - zeroRunStart;
    starts.push(base + zeroRunStart);
    if (n <= WIDTH) lines.push(row(data, base, zeroRunStart));
    else lines.push(`${hex8(base + zeroRunStart)} … ${hex8(base + end - 1)}  ${n.toLocaleString('en-US')} zero bytes`);
    zeroRunStart = -1;
  };
  for (let off = 0; off < data.length; off += WIDTH) {
    const chunk = data.subarray(off, off + WIDTH);
    if (chunk.length === WIDTH && chunk.every((b) => b === 0)) {
      if (zeroRunStart < 0) zeroRunStart = off;
      continue;
    }
    flushZeros(off);
    starts.push(base + off);
    lines.push(row(data, base, off));
  }
  flushZeros(data.length);
  return {
    text: lines.join('\n') + '\n',
    lineOf(address: number): number {
      let lo = 0;
      let hi = starts.length - 1;
      let best = 0;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid] <= address) (best = mid), (lo = mid + 1);
        else hi = mid - 1;
      }
      return first + best;
    },
  };
}

function row(data: Uint8Array, base: number, off: number): string {
  const chunk = data.subarray(off, off + WIDTH);
  const bytes: string[] = [];
  for (let i = 0; i < WIDTH; i++) bytes.push(i < chunk.length ? chunk[i].toString(16).padStart(2, '0') : '  ');
  const ascii = [...chunk].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
  return `${hex8(base + off)}  ${bytes.slice(0, 8).join(' ')}  ${bytes.slice(8).join(' ')}  |${ascii}|`;
}
