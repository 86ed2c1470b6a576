/**
 * Serial port discovery: `SerialPort.list()` (udev on Linux), with a fallback that lists
 * /dev/ttyACM* and /dev/ttyUSB* (and /dev/serial/by-id names) where udev is missing or the native
 * module is not loadable. No vscode import.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadSerialPort } from '../transport/serial';

export interface SerialPortInfo {
  path: string;
  /** What the system says it is (e.g. "SEGGER J-Link" / "ZEPHYR nrf-wasm"), when known. */
  description?: string;
  /** True when it looks like an nRF5340 DK / nrf-wasm board (SEGGER or Zephyr USB ids). */
  likelyBoard: boolean;
}

export interface SerialListResult {
  ports: SerialPortInfo[];
  /** Set when the list came from the fallback, saying why. */
  warning?: string;
}

/** USB vendor ids of the nRF5340 DK's debugger (SEGGER) and of Nordic / Zephyr CDC ACM. */
const BOARD_VENDORS = new Set(['1366', '1915', '2fe3']);

type Lister = () => Promise<{ path: string; manufacturer?: string; vendorId?: string; productId?: string; serialNumber?: string; pnpId?: string }[]>;

export interface SerialListDeps {
  list?: Lister;
  readdir?: (dir: string) => string[];
  readlink?: (p: string) => string;
  platform?: NodeJS.Platform;
}

function defaultLister(): Lister {
  return () => loadSerialPort().SerialPort.list();
}

export async function listSerialPorts(deps: SerialListDeps = {}): Promise<SerialListResult> {
  const list = deps.list ?? defaultLister();
  try {
    const raw = await list();
    const ports = raw
      .filter((p) => !/ttyS\d+$/.test(p.path) || p.vendorId) // legacy on-board UARTs clutter the list
      .map((p) => ({
        path: p.path,
        description: [p.manufacturer, p.serialNumber && `#${p.serialNumber}`].filter(Boolean).join(' ') || undefined,
        likelyBoard: BOARD_VENDORS.has((p.vendorId ?? '').toLowerCase()),
      }));
    return { ports: sortPorts(ports) };
  } catch (e) {
    const why = (e as Error).message ?? String(e);
    const platform = deps.platform ?? process.platform;
    if (platform === 'win32') return { ports: [], warning: `Cannot list serial ports (${why}). Type the COM port instead.` };
    const ports = fallbackDevList(deps);
    return {
      ports,
      warning: `Listing serial ports through the system failed (${why.split('\n')[0]}${/udevadm/.test(why) ? ': udev is not available' : ''}); showing /dev/ttyACM* and /dev/ttyUSB* instead.`,
    };
  }
}

function fallbackDevList(deps: SerialListDeps): SerialPortInfo[] {
  const readdir = deps.readdir ?? ((d: string) => fs.readdirSync(d));
  const readlink = deps.readlink ?? ((p: string) => fs.readlinkSync(p));
  const out = new Map<string, SerialPortInfo>();
  let names: string[] = [];
  try {
    names = readdir('/dev');
  } catch {
    return [];
  }
  for (const n of names) {
    if (/^tty(ACM|USB)\d+$/.test(n) || /^cu\.usbmodem/.test(n)) out.set(`/dev/${n}`, { path: `/dev/${n}`, likelyBoard: n.startsWith('ttyACM') || n.startsWith('cu.usbmodem') });
  }
  // /dev/serial/by-id/usb-SEGGER_J-Link_001050012345-if00 -> ../../ttyACM0: a better description.
  try {
    for (const id of readdir('/dev/serial/by-id')) {
      const target = path.posix.resolve('/dev/serial/by-id', readlink(`/dev/serial/by-id/${id}`));
      const p = out.get(target);
      if (p) {
        p.description = id.replace(/^usb-/, '').replace(/-if\d+$/, '').replace(/_/g, ' ');
        if (/SEGGER|Nordic|ZEPHYR|nrf/i.test(id)) p.likelyBoard = true;
      }
    }
  } catch {
    // no by-id folder: fine
  }
  return sortPorts([...out.values()]);
}

function sortPorts(ports: SerialPortInfo[]): SerialPortInfo[] {
  const num = (p: string) => Number(/(\d+)$/.exec(p)?.[1] ?? 0);
  return ports.sort((a, b) => Number(b.likelyBoard) - Number(a.likelyBoard) || a.path.replace(/\d+$/, '').localeCompare(b.path.replace(/\d+$/, '')) || num(a.path) - num(b.path));
}
