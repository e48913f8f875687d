// The DFD preview's entry points in package.json, as the issue asks for them: the command palette,
// the editor title button and Ctrl+K V (Cmd+K V) on a .threatmodel file, each bound to a command
// the extension registers (src/extension/preview/feature.ts).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const feature = readFileSync(join(root, 'src', 'extension', 'preview', 'feature.ts'), 'utf8');
const registered = new Set([...feature.matchAll(/'(threatmodel\.preview\.[A-Za-z]+)'/g)].map((m) => m[1]));
const OPEN_TO_SIDE = 'threatmodel.preview.openToSide';

describe('package.json: DFD preview entry points', () => {
  const contributes = pkg.contributes;

  it('contributes every preview command the extension registers, with a title and category', () => {
    assert.ok(registered.size >= 5, [...registered].join(', '));
    for (const id of registered) {
      const command = contributes.commands.find((c: { command: string }) => c.command === id);
      assert.ok(command, `${id} is contributed`);
      assert.equal(command.category, 'Threat Model');
      assert.ok(command.title.length > 0);
    }
    const open = contributes.commands.find((c: { command: string }) => c.command === OPEN_TO_SIDE);
    assert.equal(open.title, 'Open DFD Preview to the Side');
    assert.ok(open.icon, 'the title button has an icon');
  });

  it('Ctrl+K V / Cmd+K V opens the preview to the side, only in a .threatmodel editor', () => {
    const binding = contributes.keybindings.find((k: { command: string }) => k.command === OPEN_TO_SIDE);
    assert.ok(binding);
    assert.equal(binding.key, 'ctrl+k v');
    assert.equal(binding.mac, 'cmd+k v');
    assert.match(binding.when, /editorLangId == threatmodel/);
  });

  it('the editor title bar shows the button for .threatmodel files, and the palette offers the commands there', () => {
    const title = contributes.menus['editor/title'].find((m: { command: string }) => m.command === OPEN_TO_SIDE);
    assert.ok(title);
    assert.equal(title.group, 'navigation');
    assert.match(title.when, /editorLangId == threatmodel/);
    const palette = contributes.menus.commandPalette as { command: string; when?: string }[];
    for (const id of registered) {
      const entry = palette.find((m) => m.command === id);
      assert.ok(entry && /editorLangId == threatmodel/.test(entry.when ?? ''), `${id} in the palette for a model`);
    }
  });
});
