/**
 * TEST DOUBLE, for checking the e2e harness only (E2E_FAKE_ADAPTER=1): a debug adapter that
 * answers every launch by stopping on the first breakpoint set, with two locals. It proves the
 * harness drives VS Code's debugging UI correctly; it says nothing about the real adapter, and a
 * run that uses it says so in its summary.
 */
import { DebugSession, InitializedEvent, Scope, Source, StackFrame, StoppedEvent, Thread } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';

class FakeSession extends DebugSession {
  private lines: number[] = [];
  private program = '';
  protected override initializeRequest(r: DebugProtocol.InitializeResponse): void {
    r.body = { supportsConfigurationDoneRequest: true };
    this.sendResponse(r);
    this.sendEvent(new InitializedEvent());
  }
  protected override setBreakPointsRequest(r: DebugProtocol.SetBreakpointsResponse, a: DebugProtocol.SetBreakpointsArguments): void {
    this.lines = (a.breakpoints ?? []).map((b) => b.line);
    r.body = { breakpoints: this.lines.map((line) => ({ verified: true, line })) };
    this.sendResponse(r);
  }
  protected override launchRequest(r: DebugProtocol.LaunchResponse, a: DebugProtocol.LaunchRequestArguments & { program?: string }): void {
    this.program = a.program ?? '';
    this.sendResponse(r);
  }
  protected override configurationDoneRequest(r: DebugProtocol.ConfigurationDoneResponse): void {
    this.sendResponse(r);
    setTimeout(() => this.sendEvent(new StoppedEvent('breakpoint', 1)), 200);
  }
  protected override threadsRequest(r: DebugProtocol.ThreadsResponse): void {
    r.body = { threads: [new Thread(1, 'main')] };
    this.sendResponse(r);
  }
  protected override stackTraceRequest(r: DebugProtocol.StackTraceResponse): void {
    r.body = { stackFrames: [new StackFrame(1, '$sum', new Source('e2e.wat', this.program), this.lines[0] ?? 1, 7)], totalFrames: 1 };
    this.sendResponse(r);
  }
  protected override scopesRequest(r: DebugProtocol.ScopesResponse): void {
    r.body = { scopes: [new Scope('Locals', 1, false)] };
    this.sendResponse(r);
  }
  protected override variablesRequest(r: DebugProtocol.VariablesResponse): void {
    r.body = { variables: [{ name: '$i', value: '3', type: 'i32', variablesReference: 0 }, { name: '$acc', value: '3', type: 'i32', variablesReference: 0 }] };
    this.sendResponse(r);
  }
  protected override disconnectRequest(r: DebugProtocol.DisconnectResponse): void {
    this.sendResponse(r);
    setTimeout(() => process.exit(0), 50);
  }
}

DebugSession.run(FakeSession);
