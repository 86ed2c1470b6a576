/**
 * TEST DOUBLE: a TCP "device" that speaks only the handshake and the upload messages, with
 * injected faults (dropped chunks, cut links). It sits below the real TcpTransport and the real
 * DeviceClient so their go-back-N and resume logic can be tested precisely. The full device
 * behaviour is tested against the simulator and the firmware host build.
 */
import * as net from 'node:net';
import { createHash } from 'node:crypto';
import { Capability, ErrorCode, FrameReader, encode, type Message } from '../../src/protocol';

export interface Faults {
  /** Chunk arrival numbers (1-based, counted over the device's life) to drop as if corrupted. */
  dropChunks?: Set<number>;
  /** Close the connection after this many chunks have arrived on it. */
  cutAfterChunks?: number;
  /** Corrupt the stored bytes so the commit's hash check fails. */
  corrupt?: boolean;
  /** Drop this many uploadCommit frames as if corrupted on the link. */
  dropCommits?: number;
  /** Carry out this many commits but lose their answers on the link. */
  dropCommitAnswers?: number;
}

export class UploadDeviceDouble {
  readonly server = net.createServer((s) => this.serve(s));
  store = new Uint8Array(0);
  active?: { sha: string; bytes: Uint8Array };
  private upload?: { size: number; sha: Uint8Array; buf: Uint8Array; received: number };
  chunksSeen = 0;
  commitsSeen = 0;
  pings = 0;
  faults: Faults = {};
  readonly chunkMax = 200;
  readonly window = 4;

  async listen(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }
  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }

  private serve(sock: net.Socket): void {
    const reader = new FrameReader(1024);
    let onThisLink = 0;
    const send = (w: Uint8Array) => sock.writable && sock.write(w);
    sock.on('data', (d) => {
      for (const it of reader.push(d)) {
        if (!('message' in it)) continue;
        const m = it.message;
        if (m.name === 'uploadChunk') {
          this.chunksSeen++;
          onThisLink++;
          if (this.faults.cutAfterChunks !== undefined && onThisLink > this.faults.cutAfterChunks) {
            sock.destroy();
            return;
          }
          if (this.faults.dropChunks?.has(this.chunksSeen)) continue;
        }
        if (m.name === 'uploadCommit') {
          this.commitsSeen++;
          if (this.faults.dropCommits) {
            this.faults.dropCommits--;
            continue;
          }
        }
        const reply = this.handle(m);
        if (m.name === 'uploadCommit' && this.faults.dropCommitAnswers) {
          this.faults.dropCommitAnswers--;
          continue;
        }
        if (reply) send(reply);
      }
    });
    sock.on('error', () => undefined);
  }

  private handle(m: Message): Uint8Array | undefined {
    const err = (code: number, message: string) => encode('error', m.id, { code, requestType: 0, message });
    switch (m.name) {
      case 'hello':
        return encode('helloOk', m.id, {
          version: 1, capabilities: Capability.upload | Capability.resumableUpload, maxFrame: 1024, freeMemory: 0, state: 0,
          moduleSha256: this.active ? Buffer.from(this.active.sha, 'hex') : new Uint8Array(32), moduleSize: this.active?.bytes.length ?? 0,
          board: 'upload-double', runtime: 'none', runtimeVersion: '0', firmwareVersion: '0',
        });
      case 'uploadBegin': {
        const same = this.upload && Buffer.compare(this.upload.sha, m.sha256) === 0 && this.upload.size === m.size;
        if (!same) this.upload = { size: m.size, sha: m.sha256, buf: new Uint8Array(m.size), received: 0 };
        const resumeFrom = this.upload!.received - (this.upload!.received % this.chunkMax);
        this.upload!.received = resumeFrom;
        return encode('uploadBeginOk', m.id, { resumeFrom, chunkMax: this.chunkMax, window: this.window });
      }
      case 'uploadChunk': {
        const u = this.upload;
        if (!u) return err(ErrorCode.uploadSequence, 'no upload in progress');
        if (m.offset === u.received && m.offset + m.data.length <= u.size) {
          u.buf.set(m.data, m.offset);
          u.received += m.data.length;
        }
        return encode('uploadAck', m.id, { received: u.received });
      }
      case 'ping':
        this.pings++;
        return encode('pingOk', m.id, { data: m.data });
      case 'uploadCommit': {
        const u = this.upload;
        if (!u || u.received !== u.size) return err(ErrorCode.uploadSequence, 'upload incomplete');
        if (this.faults.corrupt) u.buf[0] ^= 1;
        const sha = createHash('sha256').update(u.buf).digest();
        if (Buffer.compare(sha, u.sha) !== 0) {
          this.upload = undefined;
          return err(ErrorCode.hashMismatch, 'SHA-256 mismatch');
        }
        this.active = { sha: sha.toString('hex'), bytes: u.buf };
        this.upload = undefined;
        return encode('uploadCommitOk', m.id, { slot: 1, sha256: sha, size: u.size });
      }
      default:
        return err(ErrorCode.unknownType, `not in this double: ${m.name}`);
    }
  }
}
