/**
 * "Select Device": one quick pick with the simulator, the serial ports, the Bluetooth LE boards
 * (scanned live: names and RSSI update while it is open) and "TCP address...". A typed serial
 * port path (/dev/ttyACM0, COM5) or host:port is offered as a row of its own. The device in use
 * is marked. What the rows are is decided in device-picker-items.ts; this file renders them.
 */
import * as vscode from 'vscode';
import { scanBleDevices } from '../transport/ble';
import { type PickerRow, type PickerState, pickerRows } from './device-picker-items';
import type { Ext } from './ext';
import { listSerialPorts } from './serial-ports';
import type { DeviceTarget } from './targets';

export { rssiBars } from './device-picker-items';

interface Item extends vscode.QuickPickItem {
  row: PickerRow;
}

export interface PickOptions {
  only?: 'serial' | 'ble';
  title?: string;
}

const toItem = (row: PickerRow): Item =>
  row.separator
    ? { label: row.label, kind: vscode.QuickPickItemKind.Separator, row }
    : { label: row.label, description: row.description, detail: row.detail, alwaysShow: row.alwaysShow, row };

export async function pickDevice(ext: Ext, opts: PickOptions = {}): Promise<DeviceTarget | undefined> {
  const settings = ext.settings();
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = opts.title ?? 'nRF WASM: Select Device';
  qp.placeholder = opts.only === 'ble' ? 'Pick the board' : 'Pick the board, or type a serial port (/dev/ttyACM0, COM5) or host:port';
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.busy = true;

  const state: PickerState = { only: opts.only, current: ext.target, bleNameFilter: settings.bleNameFilter, serialBaudRate: settings.serialBaudRate, emulatedBoard: !ext.qemuBoardMissing() };
  let first = true;
  const render = () => {
    const active = qp.activeItems[0]?.row;
    const items = pickerRows(state).map(toItem);
    qp.items = items;
    // Keep the highlighted row while the list updates; at first, the device in use.
    const keep = active && !first ? items.find((i) => i.label === active.label) : items.find((i) => i.row.current);
    const typed = items.find((i) => i.row.alwaysShow);
    if (typed) qp.activeItems = [typed];
    else if (keep) qp.activeItems = [keep];
    first = false;
    qp.busy = !((opts.only === 'ble' || state.serial) && (opts.only === 'serial' || state.ble?.done));
  };
  qp.onDidChangeValue((v) => {
    state.typed = v;
    render();
  });
  render();

  const scan = new AbortController();
  if (opts.only !== 'ble') {
    void listSerialPorts().then((r) => {
      if (r.warning) ext.log.warn(r.warning);
      state.serial = r;
      render();
    });
  }
  if (opts.only !== 'serial') {
    state.ble = { devices: [], done: false };
    scanBleDevices(undefined, {
      nameFilter: settings.bleNameFilter,
      durationMs: settings.bleScanSeconds * 1000,
      signal: scan.signal,
      onUpdate: (list) => {
        state.ble = { devices: list, done: false };
        render();
      },
    })
      .then((list) => (state.ble = { devices: list, done: true }))
      .catch((e: Error) => {
        ext.log.warn(e.message);
        state.ble = { devices: [], done: true, error: e.message };
      })
      .finally(render);
  }

  const picked = await new Promise<PickerRow | undefined>((resolve) => {
    qp.onDidAccept(() => {
      const sel = qp.selectedItems[0]?.row ?? qp.activeItems[0]?.row;
      if (!sel) {
        // Enter on a typed text that is not a device: say what is accepted.
        if (qp.value.trim()) void vscode.window.showWarningMessage(`"${qp.value.trim()}" is not a serial port path (e.g. /dev/ttyACM0, COM5) or host:port.`);
        return;
      }
      if (sel.action === 'info') {
        const text = sel.full ?? sel.detail;
        if (text) void vscode.window.showInformationMessage(text);
        return;
      }
      resolve(sel);
      qp.hide();
    });
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
  scan.abort();
  qp.dispose();
  if (!picked) return undefined;
  if (picked.action === 'tcp') {
    const current = ext.target;
    const address = await vscode.window.showInputBox({
      title: 'nRF WASM: TCP device',
      prompt: 'host:port of a device listening on TCP (e.g. the firmware host build)',
      value: current?.transport === 'tcp' ? current.address : settings.tcpAddress,
      validateInput: (v) => (/^(\[[^\]]+\]|[^:/\s]+):\d{1,5}$/.test(v.trim()) ? undefined : 'Use host:port, e.g. 127.0.0.1:4000'),
    });
    return address ? { transport: 'tcp', address: address.trim() } : undefined;
  }
  return picked.target;
}
