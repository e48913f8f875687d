// A small, reusable LSP test client: spawns the BUILT language server (`node dist/server.js
// --stdio`) as a child process and speaks JSON-RPC 2.0 with Content-Length framing over its
// stdin/stdout. No mocks: the tests talk to the real server.
//
// Usage:
//   const client = LspClient.start();                 // fails clearly if dist/server.js is missing
//   await client.initialize();                        // initialize + initialized
//   client.didOpen(uri, text);
//   const diags = await client.waitForDiagnostics(uri, (d) => d.diagnostics.length > 0);
//   const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri } });
//   await client.shutdown();                          // shutdown + exit; kills after a timeout
//
// Server -> client requests are answered: `workspace/configuration` from `client.settings`
// (the `threatmodel` section object), registrations with null; add more with `onRequest`.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  ClientCapabilities,
  InitializeParams,
  InitializeResult,
  PublishDiagnosticsParams,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver';

/** The repository root (tests run from it; out/test/server/x.js is three levels below). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const SERVER_PATH = path.join(REPO_ROOT, 'dist', 'server.js');

/** A file URI under the repository (the files need not exist). */
export function fileUri(relative: string): string {
  return pathToFileURL(path.join(REPO_ROOT, relative)).href;
}

/** Client capabilities close to what VS Code announces (hierarchical symbols, snippets, markdown). */
export const DEFAULT_CAPABILITIES: ClientCapabilities = {
  workspace: { configuration: true, workspaceFolders: true, workspaceEdit: { documentChanges: true } },
  textDocument: {
    synchronization: { didSave: false, dynamicRegistration: false },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'], insertTextModeSupport: { valueSet: [1, 2] } } },
    rename: { prepareSupport: true },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, tagSupport: { valueSet: [1, 2] } },
  },
};

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
  method: string;
}

export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

export class LspClient {
  /** The `threatmodel` settings section returned to workspace/configuration requests. */
  settings: Record<string, unknown> = {};
  /** window/logMessage and window/showMessage texts, in order. */
  readonly logs: string[] = [];
  /** Everything the server wrote to stderr. */
  stderr = '';
  /** Every publishDiagnostics notification, in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];

  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly requestHandlers = new Map<string, (params: unknown) => unknown>();
  private readonly diagnosticWaiters: { uri: string; predicate: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  private exited = false;
  private readonly exit: Promise<number | null>;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exit = new Promise((resolve) =>
      child.on('exit', (code) => {
        this.exited = true;
        for (const p of this.pending.values()) {
          clearTimeout(p.timer);
          p.reject(new Error(`the server exited (code ${code}) before answering ${p.method}. stderr:\n${this.stderr}`));
        }
        this.pending.clear();
        resolve(code);
      }),
    );
    this.onRequest('workspace/configuration', (params) => {
      const items = (params as { items: { section?: string }[] }).items ?? [];
      return items.map((item) => (item.section === 'threatmodel' || item.section === undefined ? this.settings : null));
    });
    this.onRequest('client/registerCapability', () => null);
    this.onRequest('client/unregisterCapability', () => null);
    this.onRequest('window/workDoneProgress/create', () => null);
    this.onRequest('workspace/workspaceFolders', () => [{ uri: pathToFileURL(REPO_ROOT).href, name: 'repo' }]);
  }

  /** Spawns the built server. Throws a clear error when `npm run build` has not been run. */
  static start(options: { serverPath?: string; args?: string[]; env?: NodeJS.ProcessEnv } = {}): LspClient {
    const serverPath = options.serverPath ?? SERVER_PATH;
    if (!existsSync(serverPath)) {
      throw new Error(`The language server is not built (${serverPath} is missing). Run \`node scripts/build.mjs\` (or \`npm test\`, which builds first).`);
    }
    const child = spawn(process.execPath, [serverPath, ...(options.args ?? ['--stdio'])], {
      cwd: REPO_ROOT,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return new LspClient(child);
  }

  /** Answers a server -> client request method. */
  onRequest(method: string, handler: (params: unknown) => unknown): void {
    this.requestHandlers.set(method, handler);
  }

  /** Sends initialize then initialized. The workspace folder defaults to the repository root. */
  async initialize(overrides: Partial<InitializeParams> = {}): Promise<InitializeResult> {
    const root = pathToFileURL(REPO_ROOT).href;
    const params: InitializeParams = {
      processId: process.pid,
      clientInfo: { name: 'threatmodel-test-client' },
      rootUri: root,
      workspaceFolders: [{ uri: root, name: 'repo' }],
      capabilities: DEFAULT_CAPABILITIES,
      ...overrides,
    };
    const result = await this.request<InitializeResult>('initialize', params);
    this.notify('initialized', {});
    return result;
  }

  /** Sends a request and resolves with its result; rejects with RpcError on an error answer. */
  request<R = unknown>(method: string, params: unknown, timeoutMs = 10000): Promise<R> {
    if (this.exited) return Promise.reject(new Error(`the server has exited; cannot send ${method}. stderr:\n${this.stderr}`));
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no answer to ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer, method });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    if (!this.exited) this.send({ jsonrpc: '2.0', method, params });
  }

  didOpen(uri: string, text: string, version = 1, languageId = 'threatmodel'): void {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  /** Incremental (range) or full ({ text }) changes. */
  didChange(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): void {
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  didClose(uri: string): void {
    this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** The latest diagnostics published for a document, if any. */
  latestDiagnostics(uri: string): PublishDiagnosticsParams | undefined {
    for (let i = this.published.length - 1; i >= 0; i--) if (this.published[i].uri === uri) return this.published[i];
    return undefined;
  }

  /**
   * Resolves with the first publishDiagnostics for `uri` that satisfies `predicate`, checking the
   * latest one already received first. Rejects after `timeoutMs`, listing what did arrive.
   */
  waitForDiagnostics(
    uri: string,
    predicate: (p: PublishDiagnosticsParams) => boolean = () => true,
    timeoutMs = 10000,
  ): Promise<PublishDiagnosticsParams> {
    const latest = this.latestDiagnostics(uri);
    if (latest && predicate(latest)) return Promise.resolve(latest);
    return new Promise((resolve, reject) => {
      const waiter = {
        uri,
        predicate,
        resolve: (p: PublishDiagnosticsParams) => {
          clearTimeout(timer);
          resolve(p);
        },
      };
      const timer = setTimeout(() => {
        const i = this.diagnosticWaiters.indexOf(waiter);
        if (i >= 0) this.diagnosticWaiters.splice(i, 1);
        const seen = this.published.filter((p) => p.uri === uri).map((p) => `v${p.version}: ${p.diagnostics.map((d) => d.code).join(',')}`);
        reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; received: [${seen.join(' | ')}]`));
      }, timeoutMs);
      this.diagnosticWaiters.push(waiter);
    });
  }

  /** shutdown + exit; resolves with the exit code, killing the process if it does not stop. */
  async shutdown(timeoutMs = 5000): Promise<number | null> {
    if (this.exited) return this.exit;
    try {
      await this.request('shutdown', null, timeoutMs);
      this.notify('exit', null);
    } catch {
      // fall through to kill
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const code = await this.exit;
    clearTimeout(timer);
    return code;
  }

  /** Kills the server without the protocol (for cleanup after a failed test). */
  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  get hasExited(): boolean {
    return this.exited;
  }

  private send(message: unknown): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const match = /Content-Length:\s*(\d+)/i.exec(header);
      if (!match) throw new Error(`bad header from the server: ${header}`);
      const length = Number(match[1]);
      const start = headerEnd + 4;
      if (this.buffer.length < start + length) return;
      const body = this.buffer.subarray(start, start + length).toString('utf8');
      this.buffer = this.buffer.subarray(start + length);
      this.dispatch(JSON.parse(body));
    }
  }

  private dispatch(message: { id?: number | string; method?: string; params?: unknown; result?: unknown; error?: { code: number; message: string; data?: unknown } }): void {
    if (message.method !== undefined && message.id !== undefined) {
      // A request from the server.
      const handler = this.requestHandlers.get(message.method);
      if (handler) {
        Promise.resolve()
          .then(() => handler(message.params))
          .then((result) => this.send({ jsonrpc: '2.0', id: message.id, result: result ?? null }))
          .catch((e: unknown) => this.send({ jsonrpc: '2.0', id: message.id, error: { code: -32603, message: String(e) } }));
      } else {
        this.send({ jsonrpc: '2.0', id: message.id, error: { code: -32601, message: `test client: unhandled ${message.method}` } });
      }
      return;
    }
    if (message.method !== undefined) {
      if (message.method === 'textDocument/publishDiagnostics') {
        const p = message.params as PublishDiagnosticsParams;
        this.published.push(p);
        for (const w of [...this.diagnosticWaiters]) {
          if (w.uri === p.uri && w.predicate(p)) {
            this.diagnosticWaiters.splice(this.diagnosticWaiters.indexOf(w), 1);
            w.resolve(p);
          }
        }
      } else if (message.method === 'window/logMessage' || message.method === 'window/showMessage') {
        this.logs.push((message.params as { message: string }).message);
      }
      return;
    }
    const pending = typeof message.id === 'number' ? this.pending.get(message.id) : undefined;
    if (!pending) return;
    this.pending.delete(message.id as number);
    clearTimeout(pending.timer);
    if (message.error) pending.reject(new RpcError(message.error.code, message.error.message, message.error.data));
    else pending.resolve(message.result);
  }
}
