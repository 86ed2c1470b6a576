/** Regenerates the message tables in docs/protocol.md from src/protocol/schema.ts. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spliceTables } from '../src/protocol/doc-tables';

const path = join(__dirname, '..', 'docs', 'protocol.md');
writeFileSync(path, spliceTables(readFileSync(path, 'utf8')));
console.log(`updated ${path}`);
