/**
 * What the Device Log shows of the simulator's own output (its stderr). No vscode import.
 *
 * The simulator echoes the module's output (`[app] …`) on stderr, and the same text reaches the
 * extension as an `output` event when its link to the simulator is open: the log would show it
 * twice. So `[app]` lines are dropped while that link is open (the event shows them); without it
 * (e.g. while a debug session owns the simulator), the echo is the only copy and stays.
 */
export interface LogLine {
  level: 'info' | 'warn';
  text: string;
}

export function simulatorLogLine(line: string, linkOpen: boolean): LogLine | undefined {
  if (!line.trim()) return undefined;
  if (linkOpen && line.startsWith('[app] ')) return undefined;
  // The simulator logs to stderr as a matter of course: the level comes from the words, not the stream.
  return { level: /\b(error|failed|cannot)\b/i.test(line) ? 'warn' : 'info', text: `[simulator] ${line}` };
}
