/** What every part of the extension host shares: created once in activate(). */
import * as vscode from 'vscode';
import { CONFIG_SECTION, LAST_TARGET_KEY } from './constants';
import { DeviceManager } from './device-manager';
import { type EntryPoints, entryPoints } from './paths';
import { readSettings, type Settings } from './settings';
import { SimulatorProcess } from '../simulator/process';
import { findImage, QEMU_BOARD_LABEL, QemuBoard, qemuBoardMissing } from '../qemu/board';
import { simulatorLogLine } from './simulator-log';
import { createTransport, type DeviceTarget, parseStoredTarget, targetLabel } from './targets';

export class Ext {
  readonly paths: EntryPoints;
  /** The extension's own log (activation, commands). */
  readonly log: vscode.LogOutputChannel;
  /** What the device prints (the module's log output, device events). */
  readonly deviceLog: vscode.LogOutputChannel;
  readonly simulator = new SimulatorProcess();
  readonly qemuBoard = new QemuBoard();
  readonly devices: DeviceManager;
  readonly diagnostics: vscode.DiagnosticCollection;
  private readonly targetChanged = new vscode.EventEmitter<DeviceTarget | undefined>();
  readonly onTargetChanged = this.targetChanged.event;

  constructor(readonly context: vscode.ExtensionContext) {
    this.paths = entryPoints(context.extensionPath);
    this.log = vscode.window.createOutputChannel('nRF WASM', { log: true });
    this.deviceLog = vscode.window.createOutputChannel('nRF WASM Device', { log: true });
    this.diagnostics = vscode.languages.createDiagnosticCollection('nrf-wasm');
    this.devices = new DeviceManager({
      transportFor: async (t) =>
        createTransport(t, {
          settings: this.settings(),
          simulatorAddress: t.transport === 'simulator' ? await this.ensureSimulator() : undefined,
          qemuPort: t.transport === 'qemu' ? await this.ensureQemuBoard() : undefined,
        }),
      log: (level, text) => this.deviceLog[level](text),
    });
    context.subscriptions.push(this.log, this.deviceLog, this.diagnostics, this.targetChanged, { dispose: () => void this.shutdown() });
  }

  settings(): Settings {
    const c = vscode.workspace.getConfiguration(CONFIG_SECTION);
    return readSettings((k) => c.get(k));
  }

  /** The device picked last in this workspace (Select Device, or a debug session). */
  get target(): DeviceTarget | undefined {
    return parseStoredTarget(this.context.workspaceState.get(LAST_TARGET_KEY));
  }
  async setTarget(t: DeviceTarget | undefined): Promise<void> {
    await this.context.workspaceState.update(LAST_TARGET_KEY, t);
    this.log.info(`device: ${t ? targetLabel(t) : 'none'}`);
    this.targetChanged.fire(t);
  }

  /** Starts the simulator if it is not running; returns its host:port. */
  async ensureSimulator(): Promise<string> {
    if (this.simulator.running && this.simulator.address) return this.simulator.address;
    const s = this.settings();
    this.log.info(`starting the simulator: ${this.paths.simulator}`);
    const addr = await this.simulator.start({
      script: this.paths.simulator,
      port: s.simulatorPort,
      args: s.simulatorArgs,
      cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
      onOutput: (line) => {
        const l = simulatorLogLine(line, this.devices.connectedTo()?.transport === 'simulator');
        if (l) this.deviceLog[l.level](l.text);
      },
      onExit: (code, signal) => {
        this.log.info(`the simulator exited (${signal ?? `code ${code}`})`);
        this.targetChanged.fire(this.target);
      },
    });
    this.log.info(`the simulator listens on tcp://${addr}`);
    this.targetChanged.fire(this.target);
    return addr;
  }

  /** The firmware image of the emulated board: nrfWasm.qemu.image, NRFW_QEMU_IMAGE or build/qemu-m33/ in a workspace folder. */
  qemuImage(): string | undefined {
    return findImage(this.settings().qemuImage || undefined, (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath));
  }

  /** What the emulated board lacks (QEMU, an image), in the user's words; undefined when it can run. */
  qemuBoardMissing(): string | undefined {
    return qemuBoardMissing(this.qemuImage());
  }

  /** Starts the emulated board if it is not running; returns its serial port (a pseudo-terminal). */
  async ensureQemuBoard(): Promise<string> {
    if (this.qemuBoard.running && this.qemuBoard.ptyPath) return this.qemuBoard.ptyPath;
    const image = this.qemuImage();
    const missing = qemuBoardMissing(image);
    if (missing) throw new Error(`${QEMU_BOARD_LABEL}: ${missing}.`);
    this.log.info(`starting the emulated board: ${image}`);
    const port = await this.qemuBoard.start({
      image: image!,
      onOutput: (line) => this.deviceLog.info(`[qemu] ${line}`),
      onExit: (code, signal) => {
        this.log.info(`the emulated board stopped (${signal ?? `code ${code}`})`);
        this.targetChanged.fire(this.target);
      },
    });
    this.log.info(`the emulated board's UART is ${port}`);
    this.targetChanged.fire(this.target);
    return port;
  }

  async shutdown(): Promise<void> {
    await this.devices.release().catch(() => undefined);
    await this.simulator.stop().catch(() => undefined);
    await this.qemuBoard.stop().catch(() => undefined);
  }
}
