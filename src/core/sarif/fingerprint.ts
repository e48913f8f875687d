// What a diagnostic is about, independent of where it sits in the file: the path from the YAML
// root to it, with list items named by their `id` (threats[id=thr-1].mitigations[0]), and the
// threat that contains it. Used for SARIF fingerprints that survive lines moving.
import type { ParsedDocument } from '../document';
import type { Threat } from '../model/types';
import { asMap, locate, scalarText, type YNode } from '../yaml/tree';

export function stablePath(doc: ParsedDocument | undefined, offset: number): string {
  if (!doc || !doc.yaml.root) return '';
  const at = locate(doc.yaml.root, offset);
  if (!at) return '';
  let out = '';
  at.path.forEach((segment, i) => {
    if (typeof segment === 'number') {
      const parent = at.ancestors[i];
      const item: YNode | undefined = parent && parent.kind === 'seq' ? parent.items[segment] : undefined;
      const id = scalarText(asMap(item), 'id');
      out += id !== undefined ? `[id=${id}]` : `[${segment}]`;
    } else {
      out += out ? `.${segment}` : segment;
    }
  });
  return at.onKey ? `${out}#key` : out;
}

/** The threat whose YAML mapping contains the offset, if any. */
export function threatAt(doc: ParsedDocument | undefined, offset: number): Threat | undefined {
  if (!doc) return undefined;
  for (const threat of doc.model.threats) {
    if (offset >= threat.node.start && offset < threat.node.end) return threat;
  }
  return undefined;
}

/** FNV-1a 64-bit as 16 hex digits: stable, dependency-free, and enough to tell alerts apart. */
export function hash64(text: string): string {
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * prime) & mask;
  }
  return h.toString(16).padStart(16, '0');
}
