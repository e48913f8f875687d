// Starts the language server as a Node child process speaking JSON-RPC over Node IPC, as
// vscode-languageclient's `TransportKind.ipc` did: `--node-ipc` picks the transport in the server
// and `--clientProcessId` makes it exit when the extension host is gone. When the extension host
// itself runs under a debugger, the server is started with `--inspect=<port>` too.
import { fork, type ChildProcess } from 'node:child_process';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { serverEnvironment } from '../../server/launch';

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly connection: MessageConnection;
  /** Resolves with a description ("code 3", "signal SIGKILL", an error) once the process is gone. */
  readonly exited: Promise<string>;
}

/** Whether the extension host was started with --inspect / --debug (then the server is debuggable too). */
export function extensionHostIsDebugged(): boolean {
  return process.execArgv.some((arg) => /^--(inspect|debug)(-brk)?(=|$)/.test(arg));
}

export function startServerProcess(module: string, debugPort: number | undefined, log: (text: string, stream: 'stdout' | 'stderr') => void): ServerProcess {
  const child = fork(module, ['--node-ipc', `--clientProcessId=${process.pid}`], {
    execArgv: debugPort === undefined ? [] : ['--nolazy', `--inspect=${debugPort}`],
    silent: true,
    // In VS Code desktop the extension host is Electron: run the server as plain Node. The rest of
    // the environment is how the server is best started (server/launch.ts).
    env: serverEnvironment({ ...process.env, ELECTRON_RUN_AS_NODE: '1', ELECTRON_NO_ASAR: '1' }),
  });
  child.stdout?.on('data', (data: Buffer) => log(data.toString('utf8'), 'stdout'));
  child.stderr?.on('data', (data: Buffer) => log(data.toString('utf8'), 'stderr'));
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `code ${code}`));
    child.once('error', (error) => resolve(String(error)));
  });
  const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  return { child, connection, exited };
}

/**
 * Sends a notification without throwing: one to a server that has just exited is dropped (the
 * client notices the exit, restarts the server and syncs the open documents again).
 */
export function notify(connection: MessageConnection, method: string, params?: object): void {
  try {
    // No argument at all when there are no params (`exit`): jsonrpc would send `[null]`.
    const sent = params === undefined ? connection.sendNotification(method) : connection.sendNotification(method, params);
    sent.catch(() => undefined);
  } catch {
    // The connection is closed or disposed.
  }
}
