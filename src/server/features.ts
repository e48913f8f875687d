// How server features plug in. A feature is a function that receives the ServerContext once the
// client has said hello (initialize), registers its handlers on the connection, and contributes
// its part of the server capabilities. To add one: write `src/server/<name>.ts` exporting a
// ServerFeature, then add one import and one array entry in `src/server/featureList.ts`.
import type {
  CancellationToken,
  ClientCapabilities,
  Connection,
  ResponseError,
  ServerCapabilities,
} from 'vscode-languageserver/node';
import type { DocumentStore } from './documents';
import type { MemoryReleaser } from './memory';
import type { SettingsService } from './settings';

export interface ServerContext {
  connection: Connection;
  /** Open documents, parsed once per version, with the last good parse. */
  documents: DocumentStore;
  /** The `threatmodel.*` settings and CheckOptions per document. */
  settings: SettingsService;
  /** What the client supports (from initialize). */
  capabilities: ClientCapabilities;
  /** The client's name from initialize (`clientInfo.name`), e.g. 'Visual Studio Code', 'Neovim'. */
  clientName?: string;
  /** Merged (shallowly, per key) into the initialize result's `capabilities`. */
  addCapabilities(capabilities: ServerCapabilities): void;
  /** Runs after the client's `initialized` notification (e.g. for dynamic registrations). */
  onInitialized(listener: () => void): void;
  /** Re-runs diagnostics for every open document (e.g. after a setting or catalog changed). */
  revalidateAll(): void;
  /** Gives memory back once the server is idle after work on a large model (see memory.ts). */
  memory: MemoryReleaser;
  /** Wraps a request handler: exceptions are logged and answered with `empty`; cancellation honoured; counts as activity for `memory`. */
  safeRequest<P, R>(
    name: string,
    empty: R,
    handler: (params: P, token: CancellationToken) => R | Promise<R>,
  ): (params: P, token: CancellationToken) => Promise<R | ResponseError<void>>;
  /** Wraps a notification/event handler: exceptions are logged, never thrown; counts as activity for `memory`. */
  safeNotify<A extends unknown[]>(name: string, handler: (...args: A) => void | Promise<void>): (...args: A) => void;
}

export type ServerFeature = (ctx: ServerContext) => void;
