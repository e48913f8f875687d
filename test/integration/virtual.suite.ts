// A threat model in a virtual workspace (scheme `vscode-vfs`, as Remote Repositories uses) is
// served like a file: diagnostics, symbols and hover work; findings that need the disk
// (evidence paths) are not reported. The file system is an in-memory provider registered here.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAll, codeOf, diagnosticsOf, extensionApi, positionOf, waitFor, workspaceFile } from './helpers';

class MemoryFs implements vscode.FileSystemProvider {
  private readonly files = new Map<string, Uint8Array>();
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }
  stat(uri: vscode.Uri): vscode.FileStat {
    if (uri.path === '/' || uri.path === '') return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const data = this.files.get(uri.path);
    if (!data) throw vscode.FileSystemError.FileNotFound(uri);
    return { type: vscode.FileType.File, ctime: 0, mtime: Date.now(), size: data.length };
  }
  readDirectory(): [string, vscode.FileType][] {
    return [...this.files.keys()].map((p) => [p.slice(1), vscode.FileType.File]);
  }
  createDirectory(): void {}
  readFile(uri: vscode.Uri): Uint8Array {
    const data = this.files.get(uri.path);
    if (!data) throw vscode.FileSystemError.FileNotFound(uri);
    return data;
  }
  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    this.files.set(uri.path, content);
    this.emitter.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }
  delete(uri: vscode.Uri): void {
    this.files.delete(uri.path);
  }
  rename(from: vscode.Uri, to: vscode.Uri): void {
    const data = this.readFile(from);
    this.files.delete(from.path);
    this.files.set(to.path, data);
  }
}

describe('virtual workspace documents', () => {
  let registration: vscode.Disposable;
  before(async () => {
    await extensionApi();
    registration = vscode.workspace.registerFileSystemProvider('vscode-vfs', new MemoryFs(), { isCaseSensitive: true });
  });
  after(async () => {
    await closeAll();
    registration.dispose();
  });

  it('checks a vscode-vfs model without disk-only findings, and answers symbols and hover', async () => {
    const uri = vscode.Uri.parse('vscode-vfs://github/example/models/federated-imaging.threatmodel');
    const text = await vscode.workspace.fs.readFile(workspaceFile('federated-imaging.threatmodel'));
    await vscode.workspace.fs.writeFile(uri, text);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'threatmodel');

    const diagnostics = await diagnosticsOf(uri, (d) => d.some((x) => codeOf(x) === 'unmitigated-threat'));
    assert.deepEqual(diagnostics.filter((d) => codeOf(d) === 'evidence-not-found'), [], 'evidence paths are not checked');
    const fileDiagnostics = await waitFor('the same model on disk to be checked', async () => {
      const onDisk = await vscode.workspace.openTextDocument(workspaceFile('federated-imaging.threatmodel'));
      const d = vscode.languages.getDiagnostics(onDisk.uri);
      return d.length > 0 ? d : undefined;
    });
    assert.ok(fileDiagnostics.some((d) => codeOf(d) === 'evidence-not-found'), 'on disk, the missing evidence file is reported');

    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
    assert.ok(symbols && symbols.length > 0, 'outline answers');
    const at = positionOf(document, 'target: ', 'target: '.length + 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at);
    assert.ok(hovers.length > 0, 'hover answers');
  });
});
