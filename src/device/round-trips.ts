/**
 * Sequential round trips on a link, counted from the order requests leave and answers arrive:
 * a request sent while another is unanswered is pipelined (it rides the same round trip); one
 * sent when nothing is outstanding starts a new round trip. On a slow link (BLE: a round trip
 * costs whole connection intervals, whatever its size) this count, not bytes, sets the latency.
 */
import { MESSAGES, type MessageName } from '../protocol';

export class RoundTrips {
  private readonly outstanding = new Set<number>();
  /** Round trips so far. */
  count = 0;
  /** Requests that rode a round trip already under way. */
  pipelined = 0;

  sent(id: number): void {
    if (this.outstanding.size === 0) this.count++;
    else this.pipelined++;
    this.outstanding.add(id);
  }

  /** A response or error for request `id` (or a request given up on). */
  answered(id: number): void {
    this.outstanding.delete(id);
  }
}

/**
 * Counts round trips in the adapter's protocol trace (`"trace": true`: lines `-> name id=N …`
 * for what it sent, `<- name id=N …` for what it received), from the first line to the last.
 */
export function roundTripsInTrace(lines: readonly string[]): { roundTrips: number; requests: number; pipelined: number } {
  const rt = new RoundTrips();
  let requests = 0;
  for (const l of lines) {
    const m = /^(->|<-) (\w+) id=(\d+)/.exec(l);
    if (!m || !(m[2] in MESSAGES)) continue;
    const kind = MESSAGES[m[2] as MessageName].kind;
    if (m[1] === '->' && kind === 'request') {
      rt.sent(Number(m[3]));
      requests++;
    } else if (m[1] === '<-' && (kind === 'response' || kind === 'error')) rt.answered(Number(m[3]));
  }
  return { roundTrips: rt.count, requests, pipelined: rt.pipelined };
}
