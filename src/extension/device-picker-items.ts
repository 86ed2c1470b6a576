/**
 * What "Select Device" lists, as plain data (no vscode import: tested in node). The picker
 * (device-picker.ts) only renders these rows and reacts to them.
 *
 * The list is a sequence of sections; each section is a function of the picker's state. A new
 * kind of device (e.g. an emulated board) is one more entry in FIXED_ENTRIES or one more section
 * in pickerRows(), nothing else.
 */
import type { BleDeviceInfo } from '../transport/ble';
import type { SerialListResult } from './serial-ports';
import { type DeviceTarget, EMULATED_BOARD, SIMULATOR, sameDevice, targetLabel } from './targets';

export interface PickerRow {
  /** A separator line (only `label` is used). */
  separator?: boolean;
  label: string;
  description?: string;
  /** One short line: VS Code cuts the rest off. The whole text goes in `full`. */
  detail?: string;
  target?: DeviceTarget;
  /** `info`: not a device; accepting it shows `full` (or `detail`). `tcp`: asks for host:port. */
  action?: 'tcp' | 'info';
  /** The whole text behind a shortened detail. */
  full?: string;
  /** Shown whatever the user types (the typed-path row). */
  alwaysShow?: boolean;
  /** This row is the device in use. */
  current?: boolean;
}

export interface PickerState {
  only?: 'serial' | 'ble';
  current?: DeviceTarget;
  /** Undefined while the list is being made. */
  serial?: SerialListResult;
  /** Undefined while scanning; `error` when Bluetooth is unavailable. */
  ble?: { devices: BleDeviceInfo[]; done: boolean; error?: string };
  bleNameFilter?: string;
  serialBaudRate?: number;
  /** What the user typed in the filter box. */
  typed?: string;
  /** QEMU and a built firmware image are present: the emulated board is offered. */
  emulatedBoard?: boolean;
}

/** Devices that are always there (no discovery). Keep one line per kind of device. */
export const FIXED_ENTRIES: { label: string; description: string; target: DeviceTarget }[] = [
  { label: '$(vm) Simulator', description: 'no board needed', target: SIMULATOR },
];

/**
 * The longest detail VS Code shows in full in a quick pick of the default width (measured in
 * code-server 1.100 at 1400 px: a detail line is cut after about 75 characters).
 */
export const MAX_DETAIL = 70;
const MORE = ' (Enter: more)';

/** One line of at most MAX_DETAIL characters: the first sentence, else the text cut at a word. */
export function shortDetail(text: string, max = MAX_DETAIL): string {
  const line = text.split('\n')[0].trim();
  // A sentence ends at . ! ? before a space, but not in "e.g." / "i.e.".
  const sentence = /^(.+?(?<!\b(?:e\.g|i\.e))[.!?])(\s|$)/.exec(line)?.[1] ?? line;
  const whole = sentence === text.trim();
  if (sentence.length <= (whole ? max : max - MORE.length)) return whole ? sentence : sentence + MORE;
  const room = max - MORE.length - 1;
  const cut = line.slice(0, room);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), room / 2)).replace(/[\s,;:(]+$/, '')}…${MORE}`;
}

function infoRow(label: string, text: string): PickerRow {
  const detail = shortDetail(text);
  return { label, detail, action: 'info', ...(detail !== text ? { full: text } : {}) };
}

/**
 * The device a typed text names: a serial port path (`/dev/ttyACM0`, `/dev/serial/by-id/…`,
 * `COM5`, `\\.\COM12`), or `host:port` of a TCP device. Undefined: not a device.
 */
export function typedTarget(text: string, baudRate?: number): DeviceTarget | undefined {
  const t = text.trim();
  if (!t) return undefined;
  if (/^(\/dev\/\S+|\/\S*tty\S*|COM\d+|\\\\\.\\COM\d+)$/i.test(t)) {
    const port = /^com\d+$/i.test(t) ? t.toUpperCase() : t;
    return { transport: 'serial', serialPort: port, ...(baudRate ? { baudRate } : {}) };
  }
  if (/^(\[[0-9a-f:.]+\]|[a-z0-9][a-z0-9.-]*):\d{1,5}$/i.test(t)) {
    const port = Number(/:(\d+)$/.exec(t)![1]);
    if (port > 0 && port < 65536) return { transport: 'tcp', address: t };
  }
  return undefined;
}

const sep = (label: string): PickerRow => ({ separator: true, label });

export function rssiBars(rssi: number): string {
  return rssi >= -60 ? '▂▄▆█' : rssi >= -70 ? '▂▄▆_' : rssi >= -80 ? '▂▄__' : '▂___';
}

/** The rows of the picker for its current state, the device in use marked and first in its section. */
export function pickerRows(s: PickerState): PickerRow[] {
  const rows: PickerRow[] = [];
  const typed = s.typed ? typedTarget(s.typed, s.serialBaudRate) : undefined;
  if (typed && (!s.only || s.only === typed.transport)) {
    rows.push({
      label: typed.transport === 'serial' ? `$(plug) Use serial port ${typed.serialPort}` : `$(globe) Use TCP device ${typed.transport === 'tcp' ? typed.address : ''}`,
      description: 'typed',
      target: typed,
      alwaysShow: true,
    });
  }
  if (!s.only) for (const f of FIXED_ENTRIES) rows.push({ label: f.label, description: f.description, target: f.target });
  if (!s.only && s.emulatedBoard) rows.push({ label: '$(chip) Emulated board (Cortex-M33, QEMU)', description: 'the firmware under QEMU, no board needed', target: EMULATED_BOARD });

  if (s.only !== 'ble') {
    rows.push(sep('USB serial'));
    if (!s.serial) rows.push({ label: '$(loading~spin) Looking for serial ports…', action: 'info' });
    else {
      for (const p of s.serial.ports) {
        rows.push({
          label: `$(plug) ${p.path}`,
          description: p.description,
          detail: p.likelyBoard ? undefined : 'not recognised as an nRF board',
          target: { transport: 'serial', serialPort: p.path, ...(s.serialBaudRate ? { baudRate: s.serialBaudRate } : {}) },
        });
      }
      if (s.serial.ports.length === 0) rows.push(infoRow('$(circle-slash) No serial ports found', 'Plug in the nRF5340 DK, or type its port above.'));
      if (s.serial.warning) rows.push(infoRow('$(info) The serial port list may be incomplete', s.serial.warning));
    }
  }

  if (s.only !== 'serial') {
    rows.push(sep('Bluetooth LE'));
    const ble = s.ble;
    if (ble?.error) rows.push(infoRow('$(warning) Bluetooth LE unavailable', ble.error));
    else {
      for (const d of ble?.devices ?? []) {
        rows.push({
          label: `$(radio-tower) ${d.name || '(no name)'}`,
          description: `${rssiBars(d.rssi)} ${d.rssi} dBm`,
          detail: d.address,
          target: { transport: 'ble', bleDevice: d.address && d.address !== 'unknown' ? d.address : d.id, ...(d.name ? { name: d.name } : {}) },
        });
      }
      if (!ble?.done) rows.push({ label: '$(loading~spin) Scanning for Bluetooth LE boards…', action: 'info' });
      else if (ble.devices.length === 0) {
        rows.push(infoRow('$(circle-slash) No Bluetooth LE board found', s.bleNameFilter ? `Only boards whose name contains "${s.bleNameFilter}" are listed (setting nrfWasm.ble.nameFilter).` : 'Is the board powered and advertising?'));
      }
    }
  }

  if (!s.only) rows.push(sep('Other'), { label: '$(globe) TCP address…', description: 'a device or firmware host build listening on TCP', action: 'tcp' });

  return markCurrent(rows, s.current && (!s.only || s.current.transport === s.only) ? s.current : undefined);
}

/**
 * Marks the row of the device in use ("$(check)", "in use"). A device no longer listed (a port
 * unplugged, a TCP address) gets a row of its own at the top, so the current choice is visible.
 */
function markCurrent(rows: PickerRow[], current: DeviceTarget | undefined): PickerRow[] {
  if (!current) return rows;
  let found = false;
  const out = rows.map((r) => {
    if (!r.target || r.alwaysShow || !sameDevice(r.target, current)) return r;
    found = true;
    return { ...r, current: true, label: r.label.replace(/^\$\([\w~-]+\)/, '$(check)'), description: r.description ? `in use · ${r.description}` : 'in use' };
  });
  if (found) return out;
  const label = `$(check) ${targetLabel(current)}`;
  const at = out.findIndex((r) => !r.alwaysShow);
  out.splice(at < 0 ? out.length : at, 0, { label, description: 'in use', target: current, current: true });
  return out;
}
