// The VS Code language providers, one per capability the server announced in its initialize
// result: completion, hover, definition, references, rename (with prepareRename), document symbols
// and code actions. Each forwards the request (with VS Code's cancellation token, which sends
// $/cancelRequest) and converts the answer. Registered per server session, disposed when it ends.
import * as vscode from 'vscode';
import { ConnectionError, ResponseError, type MessageConnection } from 'vscode-jsonrpc/node';
import type * as lsp from 'vscode-languageserver-protocol';
import { asCodeAction, asCompletionList, asDocumentSymbol, asHover, asLocation, asRange, asWorkspaceEdit } from './toCode';
import { asCodeActionContext, asPositionParams, asRange as toLspRange, asTextDocument } from './toLsp';

/** Cancelled, content modified, server cancelled; pending or new requests of a closed connection. */
const QUIET_CODES = new Set([-32800, -32801, -32802, -32097, -32096]);

function isQuiet(error: unknown): boolean {
  return error instanceof ConnectionError || (error instanceof ResponseError && QUIET_CODES.has(error.code));
}

export function registerProviders(
  connection: MessageConnection,
  caps: lsp.ServerCapabilities,
  selector: vscode.DocumentSelector,
  output: vscode.LogOutputChannel,
): vscode.Disposable[] {
  /**
   * One request. No answer (undefined) when it was cancelled or the server went away; other
   * failures are logged, or, with `rethrow`, thrown with the server's message (VS Code shows it,
   * e.g. why an id cannot be renamed).
   */
  const ask = async <R>(method: string, params: object, token: vscode.CancellationToken, rethrow = false): Promise<R | undefined> => {
    try {
      return await connection.sendRequest<R>(method, params, token);
    } catch (error) {
      if (token.isCancellationRequested || isQuiet(error)) return undefined;
      const message = error instanceof Error ? error.message : String(error);
      if (rethrow) throw new Error(message);
      output.warn(`Request ${method} failed: ${message}`);
      return undefined;
    }
  };
  const languages = vscode.languages;
  const out: vscode.Disposable[] = [];

  if (caps.completionProvider) {
    const provider: vscode.CompletionItemProvider = {
      async provideCompletionItems(document, position, token, context) {
        const params: lsp.CompletionParams = {
          ...asPositionParams(document, position),
          // VS Code counts trigger kinds from 0, LSP from 1.
          context: { triggerKind: (context.triggerKind + 1) as lsp.CompletionTriggerKind, triggerCharacter: context.triggerCharacter },
        };
        const result = await ask<lsp.CompletionList | lsp.CompletionItem[] | null>('textDocument/completion', params, token);
        return result ? asCompletionList(result) : undefined;
      },
    };
    out.push(languages.registerCompletionItemProvider(selector, provider, ...(caps.completionProvider.triggerCharacters ?? [])));
  }

  if (caps.hoverProvider) {
    out.push(
      languages.registerHoverProvider(selector, {
        async provideHover(document, position, token) {
          const result = await ask<lsp.Hover | null>('textDocument/hover', asPositionParams(document, position), token);
          return result ? asHover(result) : undefined;
        },
      }),
    );
  }

  if (caps.definitionProvider) {
    out.push(
      languages.registerDefinitionProvider(selector, {
        async provideDefinition(document, position, token) {
          const result = await ask<lsp.Location | lsp.Location[] | null>('textDocument/definition', asPositionParams(document, position), token);
          if (!result) return undefined;
          return Array.isArray(result) ? result.map(asLocation) : asLocation(result);
        },
      }),
    );
  }

  if (caps.referencesProvider) {
    out.push(
      languages.registerReferenceProvider(selector, {
        async provideReferences(document, position, context, token) {
          const params: lsp.ReferenceParams = { ...asPositionParams(document, position), context: { includeDeclaration: context.includeDeclaration } };
          const result = await ask<lsp.Location[] | null>('textDocument/references', params, token);
          return result?.map(asLocation);
        },
      }),
    );
  }

  if (caps.renameProvider) {
    const prepare = typeof caps.renameProvider === 'object' && caps.renameProvider.prepareProvider === true;
    out.push(
      languages.registerRenameProvider(selector, {
        async provideRenameEdits(document, position, newName, token) {
          const result = await ask<lsp.WorkspaceEdit | null>('textDocument/rename', { ...asPositionParams(document, position), newName }, token, true);
          return result ? asWorkspaceEdit(result) : undefined;
        },
        prepareRename: prepare
          ? async (document, position, token) => {
              type Prepared = lsp.Range | { range: lsp.Range; placeholder: string } | { defaultBehavior: boolean } | null;
              const result = await ask<Prepared>('textDocument/prepareRename', asPositionParams(document, position), token, true);
              if (token.isCancellationRequested) return undefined;
              if (result && 'start' in result) return asRange(result);
              if (result && 'range' in result) return { range: asRange(result.range), placeholder: result.placeholder };
              // defaultBehavior: VS Code picks the word at the position itself.
              if (result && result.defaultBehavior) return undefined;
              throw new Error("The element can't be renamed.");
            }
          : undefined,
      }),
    );
  }

  if (caps.documentSymbolProvider) {
    const label = typeof caps.documentSymbolProvider === 'object' ? caps.documentSymbolProvider.label : undefined;
    out.push(
      languages.registerDocumentSymbolProvider(
        selector,
        {
          async provideDocumentSymbols(document, token) {
            // The client announces hierarchical symbols, so the server answers DocumentSymbol[].
            const result = await ask<lsp.DocumentSymbol[] | null>('textDocument/documentSymbol', { textDocument: asTextDocument(document) }, token);
            return result?.map(asDocumentSymbol);
          },
        },
        label ? { label } : undefined,
      ),
    );
  }

  if (caps.codeActionProvider) {
    const kinds = typeof caps.codeActionProvider === 'object' ? caps.codeActionProvider.codeActionKinds : undefined;
    out.push(
      languages.registerCodeActionsProvider(
        selector,
        {
          async provideCodeActions(document, range, context, token) {
            const params: lsp.CodeActionParams = { textDocument: asTextDocument(document), range: toLspRange(range), context: asCodeActionContext(context) };
            const result = await ask<(lsp.CodeAction | lsp.Command)[] | null>('textDocument/codeAction', params, token);
            return result?.map(asCodeAction);
          },
        },
        kinds ? { providedCodeActionKinds: kinds.map((k) => vscode.CodeActionKind.Empty.append(k)) } : undefined,
      ),
    );
  }
  return out;
}
