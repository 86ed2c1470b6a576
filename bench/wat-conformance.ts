// Prints the spec-testsuite conformance counts of src/wat (byte-identical / malformed / invalid).
// Run: node --import tsx bench/wat-conformance.ts
import { formatCounts, runConformance, suiteAvailable } from '../test/wat/conformance';

export async function main(): Promise<string[]> {
  if (!suiteAvailable()) {
    const msg = ['skipped: ../shared/wasm-testsuite not found'];
    console.log(msg[0]);
    return msg;
  }
  const c = await runConformance();
  const lines = formatCounts(c);
  for (const l of lines) console.log(l);
  if (process.argv.includes('--failures')) for (const f of c.failures) console.log(`  ${f}`);
  return lines;
}

if (require.main === module) void main();
