/** `"trace": true`: every protocol message both ways, decoded, in the Debug Console. */
import { FrameReader, dumpMessage, encodeMessage, type Message } from '../protocol';
import type { Link } from '../transport/link';

export function traceLink(link: Link, log: (line: string) => void): Link {
  const out = new FrameReader(65535);
  const inn = new FrameReader(65535);
  const show = (dir: string, items: ReturnType<FrameReader['push']>) => {
    for (const it of items) log(`${dir} ${'message' in it ? `${dumpMessage(it.message)} (${wireSize(it.message)} B)` : `bad frame: ${it.error.message}`}`);
  };
  link.onData((d) => show('<-', inn.push(d)));
  return {
    label: link.label,
    write: (d) => {
      show('->', out.push(d));
      return link.write(d);
    },
    close: () => link.close(),
    onData: (l) => link.onData(l),
    onClose: (l) => link.onClose(l),
  };
}

/** Bytes the message took on the wire (re-encoding gives the same frame). */
function wireSize(m: Message): number {
  return encodeMessage(m).length;
}
