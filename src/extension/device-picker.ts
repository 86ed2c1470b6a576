/**
 * "Select Device": one quick pick with the simulator, the serial ports, the Bluetooth LE boards
 * (scanned live: names and RSSI update while it is open) and "TCP address...". Missing native
 * modules or a missing Bluetooth adapter show as a disabled line saying what is missing.
 */
import * as vscode from 'vscode';
import { scanBleDevices, type BleDeviceInfo } from '../transport/ble';
import type { Ext } from './ext';
import { listSerialPorts } from './serial-ports';
import { type DeviceTarget, SIMULATOR, sameTarget } from './targets';

interface Item extends vscode.QuickPickItem {
  target?: DeviceTarget;
  action?: 'tcp' | 'info';
}

const sep = (label: string): Item => ({ label, kind: vscode.QuickPickItemKind.Separator });

export function rssiBars(rssi: number): string {
  return rssi >= -60 ? '▂▄▆█' : rssi >= -70 ? '▂▄▆_' : rssi >= -80 ? '▂▄__' : '▂___';
}

export interface PickOptions {
  only?: 'serial' | 'ble';
  title?: string;
}

export async function pickDevice(ext: Ext, opts: PickOptions = {}): Promise<DeviceTarget | undefined> {
  const settings = ext.settings();
  const current = ext.target;
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = opts.title ?? 'nRF WASM: Select Device';
  qp.placeholder = 'Pick the board (or the simulator) that Deploy, Run and F5 use';
  qp.matchOnDescription = true;
  qp.busy = true;

  let serial: Item[] = [{ label: '$(loading~spin) Looking for serial ports…', action: 'info' }];
  let ble: Item[] = [{ label: '$(loading~spin) Scanning for Bluetooth LE boards…', action: 'info' }];
  let bleDone = false;
  let serialDone = false;
  const mark = (i: Item): Item => (i.target && sameTarget(i.target, current) ? { ...i, description: `${i.description ?? ''} (current)`.trim() } : i);
  const render = () => {
    const items: Item[] = [];
    if (!opts.only) items.push(mark({ label: '$(vm) Simulator', description: 'no board needed', target: SIMULATOR }));
    if (opts.only !== 'ble') items.push(sep('USB serial'), ...serial.map(mark));
    if (opts.only !== 'serial') items.push(sep('Bluetooth LE'), ...ble.map(mark));
    if (!opts.only) items.push(sep('Other'), { label: '$(globe) TCP address…', description: 'a device or firmware host build listening on TCP', action: 'tcp' });
    const active = qp.activeItems[0];
    qp.items = items;
    if (active) {
      const same = items.find((i) => i.label === active.label);
      if (same) qp.activeItems = [same];
    }
    qp.busy = !(bleDone && serialDone);
  };
  render();

  const scan = new AbortController();
  if (opts.only !== 'ble') {
    listSerialPorts().then((r) => {
      serial = r.ports.map((p) => ({
        label: `$(plug) ${p.path}`,
        description: p.description,
        detail: p.likelyBoard ? undefined : 'not recognised as an nRF board',
        target: { transport: 'serial', serialPort: p.path, baudRate: settings.serialBaudRate },
      }));
      if (r.warning) {
        ext.log.warn(r.warning);
        serial.push({ label: '$(info) Serial port list is partial', detail: r.warning, action: 'info' });
      }
      if (r.ports.length === 0) serial.unshift({ label: '$(circle-slash) No serial ports found', detail: 'Plug in the nRF5340 DK (the USB port marked "nRF USB" or the debugger port)', action: 'info' });
      serialDone = true;
      render();
    });
  } else serialDone = true;

  if (opts.only !== 'serial') {
    const toItem = (d: BleDeviceInfo): Item => ({
      label: `$(radio-tower) ${d.name || '(no name)'}`,
      description: `${rssiBars(d.rssi)} ${d.rssi} dBm`,
      detail: d.address,
      target: { transport: 'ble', bleDevice: d.address && d.address !== 'unknown' ? d.address : d.id, name: d.name || undefined },
    });
    scanBleDevices(undefined, {
      nameFilter: settings.bleNameFilter,
      durationMs: settings.bleScanSeconds * 1000,
      signal: scan.signal,
      onUpdate: (list) => {
        ble = list.map(toItem);
        render();
      },
    })
      .then((list) => {
        ble = list.map(toItem);
        if (list.length === 0) ble.push({ label: '$(circle-slash) No Bluetooth LE board found', detail: settings.bleNameFilter ? `Only boards whose name contains "${settings.bleNameFilter}" (nrfWasm.ble.nameFilter)` : 'Is the board powered and advertising?', action: 'info' });
      })
      .catch((e: Error) => {
        ext.log.warn(e.message);
        ble = [{ label: '$(warning) Bluetooth LE unavailable', detail: e.message, action: 'info' }];
      })
      .finally(() => {
        bleDone = true;
        render();
      });
  } else bleDone = true;

  const picked = await new Promise<Item | undefined>((resolve) => {
    qp.onDidAccept(() => {
      const sel = qp.selectedItems[0];
      if (sel?.action === 'info') {
        if (sel.detail) void vscode.window.showInformationMessage(sel.detail);
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
