/**
 * What a hover evaluates while debugging WAT: a `$name` (local or global) or a memory read such
 * as `i32[0x100]`, never an instruction keyword or a literal. Pure: tested without VS Code.
 */
const NAME = /\$[0-9A-Za-z!#$%&'*+\-./:<=>?@\\^_`|~]+/g;
const MEMORY = /\b(?:[iu](?:8|16|32|64)|f32|f64)\[[^\]\n]{1,40}\]/g;

/** [start, end) of the expression under `character` on `line`, or undefined. */
export function evaluatableRange(line: string, character: number): [number, number] | undefined {
  for (const re of [MEMORY, NAME]) {
    re.lastIndex = 0;
    for (let m = re.exec(line); m; m = re.exec(line)) {
      if (character >= m.index && character < m.index + m[0].length) return [m.index, m.index + m[0].length];
    }
  }
  return undefined;
}
