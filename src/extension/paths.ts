/** Entry points of the other processes, inside the installed extension (dist/ after `npm run build`). */
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export interface EntryPoints {
  languageServer: string;
  debugAdapter: string;
  simulator: string;
}

export function entryPoints(extensionPath: string): EntryPoints {
  return {
    languageServer: path.join(extensionPath, 'dist', 'language-server.js'),
    debugAdapter: path.join(extensionPath, 'dist', 'debug-adapter.js'),
    simulator: path.join(extensionPath, 'dist', 'simulator.js'),
  };
}

/** Message when an entry point is missing: says which feature is off and how to get it. */
export function missingEntryMessage(feature: string, file: string): string | undefined {
  if (existsSync(file)) return undefined;
  return `${feature} is not available: ${path.basename(file)} is missing from this build of the extension (${file}). Rebuild it with "npm run build", or install a complete .vsix.`;
}
