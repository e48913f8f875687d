// Every request and notification handler goes through these wrappers: an exception is logged to
// the connection console and the client gets a safe empty answer, so one bad model or one bug in
// a feature never crashes the server or leaves a request unanswered. Cancellation is honoured.
import {
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type Connection,
} from 'vscode-languageserver/node';

/** The error LSP expects when a request was cancelled by the client. */
export function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * Wraps a request handler. `empty` is what the client receives when the handler throws (for
 * example `null` for hover, `[]` for symbols). A cancelled request is answered with
 * RequestCancelled before and after the work, as the protocol asks.
 */
export function safeRequest<P, R>(
  connection: Connection,
  name: string,
  empty: R,
  handler: (params: P, token: CancellationToken) => R | Promise<R>,
): (params: P, token: CancellationToken) => Promise<R | ResponseError<void>> {
  return async (params: P, token: CancellationToken) => {
    if (token?.isCancellationRequested) return cancelled();
    try {
      const result = await handler(params, token);
      if (token?.isCancellationRequested) return cancelled();
      return result;
    } catch (error) {
      // A handler may deliberately answer with a ResponseError (e.g. rename refused): pass it on.
      if (error instanceof ResponseError) return error as ResponseError<void>;
      connection.console.error(`threatmodel: ${name} failed: ${describe(error)}`);
      return empty;
    }
  };
}

/** Wraps a notification or event handler: exceptions (sync or async) are logged, never thrown. */
export function safeNotify<A extends unknown[]>(
  connection: Connection,
  name: string,
  handler: (...args: A) => void | Promise<void>,
): (...args: A) => void {
  return (...args: A) => {
    try {
      const result = handler(...args);
      if (result && typeof (result as Promise<void>).catch === 'function') {
        (result as Promise<void>).catch((error: unknown) => connection.console.error(`threatmodel: ${name} failed: ${describe(error)}`));
      }
    } catch (error) {
      connection.console.error(`threatmodel: ${name} failed: ${describe(error)}`);
    }
  };
}
