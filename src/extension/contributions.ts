/**
 * package.json `contributes` and `activationEvents`, generated from the code that uses them
 * (command ids, settings, the launch/attach arguments declared once in the debug adapter). Write
 * them with `node --import tsx src/extension/update-package-json.ts`; a test fails when
 * package.json drifts from this.
 */
import { configurationAttributes } from '../debug-adapter/launch-config';
import { COMMANDS, DEBUG_TYPE, LANGUAGE_ID } from './constants';
import { configurationSnippets, initialConfigurations } from './debug-config';
import { configurationProperties } from './settings';

const CATEGORY = 'nRF WASM';
const IS_WAT = `resourceLangId == ${LANGUAGE_ID} && resourceExtname != .wast`;
const IS_WASM = 'resourceExtname == .wasm';
const IS_PROGRAM = `${IS_WAT} || ${IS_WASM}`;
const IN_OUR_SESSION = `inDebugMode && debugType == ${DEBUG_TYPE}`;

export const COMMAND_TITLES: Record<keyof typeof COMMANDS, { title: string; icon?: string }> = {
  build: { title: 'Build (WAT to .wasm)', icon: '$(tools)' },
  deploy: { title: 'Deploy to Device', icon: '$(cloud-upload)' },
  run: { title: 'Run without Debugging', icon: '$(play)' },
  selectDevice: { title: 'Select Device…', icon: '$(circuit-board)' },
  resetDevice: { title: 'Reset Device' },
  startSimulator: { title: 'Start Simulator', icon: '$(vm-running)' },
  stopSimulator: { title: 'Stop Simulator', icon: '$(debug-stop)' },
  showDeviceLog: { title: 'Show Device Log', icon: '$(output)' },
  showMemory: { title: 'Show Memory', icon: '$(file-binary)' },
};

export function activationEvents(): string[] {
  return [
    `onLanguage:${LANGUAGE_ID}`,
    `onDebugResolve:${DEBUG_TYPE}`,
    `onDebugDynamicConfigurations:${DEBUG_TYPE}`,
    'onDebugInitialConfigurations',
    'workspaceContains:**/*.wat',
  ];
}

export function contributes(): Record<string, unknown> {
  const commands = (Object.keys(COMMANDS) as (keyof typeof COMMANDS)[]).map((k) => ({
    command: COMMANDS[k],
    title: COMMAND_TITLES[k].title,
    category: CATEGORY,
    ...(COMMAND_TITLES[k].icon ? { icon: COMMAND_TITLES[k].icon } : {}),
  }));
  return {
    languages: [
      {
        id: LANGUAGE_ID,
        aliases: ['WebAssembly Text', 'WAT', 'wat'],
        extensions: ['.wat', '.wast'],
        configuration: './syntaxes/wat.language-configuration.json',
      },
    ],
    grammars: [{ language: LANGUAGE_ID, scopeName: 'source.wat', path: './syntaxes/wat.tmLanguage.json' }],
    // C, C++ and Rust: source debugging of .wasm files with DWARF (docs/debugging.md).
    breakpoints: [{ language: LANGUAGE_ID }, { language: 'c' }, { language: 'cpp' }, { language: 'rust' }],
    debuggers: [
      {
        type: DEBUG_TYPE,
        label: 'nRF WASM',
        // F5 on a C, C++ or Rust file picks us (debugged through DWARF, the .wasm its Makefile builds).
        languages: [LANGUAGE_ID, 'c', 'cpp', 'rust'],
        configurationAttributes: configurationAttributes(),
        initialConfigurations: initialConfigurations(),
        configurationSnippets: configurationSnippets(),
      },
    ],
    commands,
    menus: {
      'editor/title/run': [
        { command: COMMANDS.run, when: IS_PROGRAM, group: 'navigation@1' },
        { command: COMMANDS.deploy, when: IS_PROGRAM, group: 'navigation@2' },
      ],
      'editor/title': [{ command: COMMANDS.deploy, when: IS_PROGRAM, group: 'navigation@10' }],
      'editor/context': [
        { command: COMMANDS.build, when: IS_WAT, group: 'nrfWasm@1' },
        { command: COMMANDS.deploy, when: IS_PROGRAM, group: 'nrfWasm@2' },
        { command: COMMANDS.run, when: IS_PROGRAM, group: 'nrfWasm@3' },
      ],
      'explorer/context': [
        { command: COMMANDS.build, when: IS_WAT, group: 'nrfWasm@1' },
        { command: COMMANDS.deploy, when: IS_PROGRAM, group: 'nrfWasm@2' },
        { command: COMMANDS.run, when: IS_PROGRAM, group: 'nrfWasm@3' },
      ],
      commandPalette: [
        { command: COMMANDS.build, when: `editorLangId == ${LANGUAGE_ID}` },
        { command: COMMANDS.showMemory, when: IN_OUR_SESSION },
      ],
      // Our memory view, beside VS Code's "View Binary Data" (which needs the Hex Editor extension).
      'debug/variables/context': [
        { command: COMMANDS.showMemory, when: `${IN_OUR_SESSION} && canViewMemory`, group: 'inline' },
        { command: COMMANDS.showMemory, when: `${IN_OUR_SESSION} && canViewMemory`, group: 'navigation' },
      ],
    },
    configuration: { title: 'nRF WASM', properties: configurationProperties() },
  };
}
