/** The launch setting `build`: a shell command run in the program's folder before each launch. */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { AdapterError } from './errors';

export function runBuild(command: string, program: string | undefined, log: (line: string) => void): Promise<void> {
  const cwd = program ? path.dirname(path.resolve(program)) : process.cwd();
  log(`> ${command}  (in ${cwd})`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, { cwd, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    const onData = (b: Buffer) => {
      pending += b.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const l of lines) log(l);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (e) => reject(new AdapterError('buildCommandFailed', { command, reason: e.message })));
    child.on('close', (code, signal) => {
      if (pending) log(pending);
      if (code === 0) resolve();
      else reject(new AdapterError('buildCommandFailed', { command, reason: signal ? `killed by ${signal}` : `exit code ${code}` }));
    });
  });
}
