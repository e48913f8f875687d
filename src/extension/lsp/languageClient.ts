// A small language client for this extension's own server, on vscode-jsonrpc. One session =
// one server process: start it (process.ts), initialize it, then wire document sync (sync.ts),
// diagnostics, providers (providers.ts) and the workspace messages (workspace.ts) until it ends.
// If the process dies on its own it is restarted, at most MAX_RESTARTS times in RESTART_WINDOW_MS;
// stop() shuts it down (shutdown + exit, then kill if it lingers).
import * as vscode from 'vscode';
import { Trace, type MessageConnection, type Tracer } from 'vscode-jsonrpc/node';
import type * as lsp from 'vscode-languageserver-protocol';
import { CLIENT_CAPABILITIES } from './capabilities';
import { extensionHostIsDebugged, notify, startServerProcess, type ServerProcess } from './process';
import { registerProviders } from './providers';
import { DocumentSync } from './sync';
import { asDiagnostics, asUri } from './toCode';
import { handleServerRequests, watchWorkspace, workspaceFolders } from './workspace';

export type ClientState = 'stopped' | 'starting' | 'running';

export interface LanguageClientOptions {
  /** For messages, e.g. "Threat Model Language Server". */
  name: string;
  /** The server's script (run with Node over IPC). */
  serverModule: string;
  /** Inspector port of the server when the extension host itself is being debugged. */
  debugPort: number;
  selector: vscode.DocumentFilter[];
  /** The settings section: forwarded on change; `<section>.trace.server` sets message tracing. */
  section: string;
  /** Evaluated at each start. */
  initializationOptions(): unknown;
  /** Last say on published diagnostics (e.g. drop findings that do not apply to a document). */
  filterDiagnostics?(uri: vscode.Uri, diagnostics: vscode.Diagnostic[]): vscode.Diagnostic[];
  output: vscode.LogOutputChannel;
  /** Tells the user the server is down for good (after a failed restart or too many crashes). */
  reportFailure(message: string): void;
}

interface Session {
  readonly server: ServerProcess;
  readonly disposables: vscode.Disposable[];
  stopping: boolean;
}

const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60_000;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class LanguageClient {
  private current: ClientState = 'stopped';
  private readonly stateEmitter = new vscode.EventEmitter<ClientState>();
  readonly onDidChangeState = this.stateEmitter.event;
  private session: Session | undefined;
  private starting: Promise<void> | undefined;
  private crashes: number[] = [];
  private readonly diagnostics: vscode.DiagnosticCollection;
  private readonly tracer: Tracer;

  constructor(private readonly options: LanguageClientOptions) {
    this.diagnostics = vscode.languages.createDiagnosticCollection(options.section);
    // `threatmodel.trace.server` is what the user turns on to see the messages: log at info level.
    this.tracer = {
      log: (message: unknown, data?: string) => {
        const text = typeof message === 'string' ? message : JSON.stringify(message);
        options.output.info(data ? `${text}\n${data}` : text);
      },
    };
  }

  get state(): ClientState {
    return this.current;
  }

  /** Starts the server (resolves once it is initialised; the same promise while starting). */
  start(): Promise<void> {
    if (this.current === 'running') return Promise.resolve();
    this.starting ??= this.launch().finally(() => (this.starting = undefined));
    return this.starting;
  }

  /** Stops the server if it runs and starts a new one; also after automatic restarts gave up. */
  async restart(): Promise<void> {
    this.crashes = [];
    await this.stop();
    await this.start();
  }

  /** Shuts the server down: `shutdown` (waiting at most `timeoutMs`), `exit`, then kill if it lingers. */
  async stop(timeoutMs = 2000): Promise<void> {
    if (this.starting) await this.starting.catch(() => undefined);
    const session = this.session;
    if (!session) return;
    session.stopping = true;
    this.endSession(session);
    const { connection, exited, child } = session.server;
    try {
      await withTimeout(connection.sendRequest('shutdown'), timeoutMs);
      notify(connection, 'exit');
      await withTimeout(exited, 1000);
    } catch {
      child.kill();
    }
    connection.dispose();
  }

  async dispose(timeoutMs = 2000): Promise<void> {
    try {
      await this.stop(timeoutMs);
    } finally {
      this.diagnostics.dispose();
      this.stateEmitter.dispose();
    }
  }

  /** A request to the running server (waits for a start in progress). */
  async sendRequest<R>(method: string, params?: object, token?: vscode.CancellationToken): Promise<R> {
    const connection = await this.runningConnection();
    // Only what is given is passed: jsonrpc would send an undefined argument as `[null]`.
    const args: unknown[] = [params, token].filter((a) => a !== undefined);
    return connection.sendRequest<R>(method, ...args);
  }

  async sendNotification(method: string, params?: object): Promise<void> {
    const connection = await this.runningConnection();
    return params === undefined ? connection.sendNotification(method) : connection.sendNotification(method, params);
  }

  private async runningConnection(): Promise<MessageConnection> {
    if (this.starting) await this.starting;
    if (!this.session || this.current !== 'running') throw new Error(`The ${this.options.name} is not running.`);
    return this.session.server.connection;
  }

  private setState(state: ClientState): void {
    if (state === this.current) return;
    this.current = state;
    this.stateEmitter.fire(state);
  }

  private async launch(): Promise<void> {
    const { output } = this.options;
    this.setState('starting');
    const debugPort = extensionHostIsDebugged() ? this.options.debugPort : undefined;
    const server = startServerProcess(this.options.serverModule, debugPort, (text, stream) => {
      for (const line of text.trimEnd().split('\n')) {
        if (stream === 'stderr') output.warn(`[server stderr] ${line}`);
        else output.info(`[server] ${line}`);
      }
    });
    const session: Session = { server, disposables: [], stopping: false };
    this.session = session;
    const { connection } = server;
    handleServerRequests(connection, output);
    connection.onNotification('textDocument/publishDiagnostics', (params: lsp.PublishDiagnosticsParams) => {
      if (this.session === session) this.publish(params);
    });
    connection.onError(([error]) => output.warn(`Language server connection: ${error.message}`));
    connection.listen();
    const trace = this.traceSetting();
    void connection.trace(trace, this.tracer, false);

    try {
      // A server that exits before answering would otherwise leave `initialize` pending forever.
      const died = server.exited.then((how) => Promise.reject(new Error(`the server process exited (${how}) before it was initialised`)));
      died.catch(() => undefined);
      const result = await Promise.race([connection.sendRequest<lsp.InitializeResult>('initialize', this.initializeParams(trace)), died]);
      notify(connection, 'initialized', {});
      this.attach(session, result.capabilities);
    } catch (error) {
      output.error(`The language server failed to initialise: ${describe(error)}`);
      session.stopping = true;
      this.endSession(session);
      server.child.kill();
      connection.dispose();
      throw error;
    }
    void server.exited.then((how) => this.onExit(session, how));
    this.setState('running');
  }

  private initializeParams(trace: Trace): lsp.InitializeParams {
    const first = vscode.workspace.workspaceFolders?.[0];
    return {
      processId: process.pid,
      clientInfo: { name: vscode.env.appName, version: vscode.version },
      locale: vscode.env.language,
      rootUri: first ? first.uri.toString() : null,
      workspaceFolders: workspaceFolders(),
      capabilities: CLIENT_CAPABILITIES,
      initializationOptions: this.options.initializationOptions(),
      trace: Trace.toString(trace) as lsp.TraceValues,
    };
  }

  /** Everything a running session needs, from the server's capabilities. */
  private attach(session: Session, caps: lsp.ServerCapabilities): void {
    const { connection } = session.server;
    const { selector, section, output } = this.options;
    const sync = caps.textDocumentSync;
    if (sync !== undefined) session.disposables.push(new DocumentSync(connection, selector, typeof sync === 'number' ? sync : (sync.change ?? 0)));
    session.disposables.push(
      ...registerProviders(connection, caps, selector, output),
      watchWorkspace(connection, section, !!caps.workspace?.workspaceFolders?.changeNotifications),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${section}.trace.server`)) void connection.trace(this.traceSetting(), this.tracer, { sendNotification: true });
      }),
    );
  }

  private traceSetting(): Trace {
    return Trace.fromString(vscode.workspace.getConfiguration(this.options.section).get<string>('trace.server', 'off'));
  }

  private publish({ uri, diagnostics }: lsp.PublishDiagnosticsParams): void {
    const target = asUri(uri);
    const converted: vscode.Diagnostic[] = asDiagnostics(diagnostics);
    this.diagnostics.set(target, this.options.filterDiagnostics ? this.options.filterDiagnostics(target, converted) : converted);
  }

  /** Unhooks a session from VS Code (providers, sync, its diagnostics); the caller ends the process. */
  private endSession(session: Session): void {
    if (this.session === session) {
      this.session = undefined;
      this.setState('stopped');
    }
    for (const d of session.disposables.splice(0)) d.dispose();
    this.diagnostics.clear();
  }

  private onExit(session: Session, how: string): void {
    if (session.stopping) return;
    this.endSession(session);
    session.server.connection.dispose();
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < RESTART_WINDOW_MS), now];
    if (this.crashes.length > MAX_RESTARTS) {
      const message = `the language server stopped ${this.crashes.length} times in ${RESTART_WINDOW_MS / 60_000} minutes and is not restarted again.`;
      this.options.output.error(`The language server process exited (${how}); ${message}`);
      this.options.reportFailure(`${message} Run "Restart Language Server" to try again.`);
      return;
    }
    this.options.output.warn(`The language server process exited unexpectedly (${how}); restarting it.`);
    this.start().then(
      () => this.options.output.info('The language server is running again.'),
      () => this.options.reportFailure('the language server could not be restarted.'),
    );
  }
}
