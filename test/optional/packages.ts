/**
 * The optional npm dependencies some tests need: @stoprocent/noble (BLE) and
 * @vscode/dwarf-debugging (C/C++/Rust). npm leaves an optional package out, silently, when it
 * cannot install it; the tests that need one then say so in one `skipped:` line instead of failing
 * in ways that name something else. CI refuses to run without them (.ci/run checks first).
 */
import { createRequire } from 'node:module';
import path from 'node:path';

const requireFromRoot = createRequire(path.resolve(__dirname, '..', '..', 'package.json'));

/** undefined when `name` resolves from the project, else the skip reason. */
export function optionalMissing(name: '@stoprocent/noble' | '@vscode/dwarf-debugging'): string | undefined {
  try {
    requireFromRoot.resolve(`${name}/package.json`);
    return undefined;
  } catch {
    return `${name} is not installed (an optional dependency that npm leaves out when it cannot install it here; run npm ci and read its warnings)`;
  }
}
