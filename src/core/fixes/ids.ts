// Fresh ids for entries a fix creates, in the style the file already uses: `M3` after `M1, M2`,
// `mit-rate-limiting` after `mit-...` ids, `M1` in a file without any.
import type { ParsedDocument } from '../document';
import type { RefKind } from '../schema/fields';

const NUMBERED: Partial<Record<RefKind, string>> = { mitigation: 'M', threat: 'T' };

export class IdAllocator {
  private readonly used: Set<string>;

  constructor(private readonly doc: ParsedDocument) {
    this.used = new Set(doc.symbols.definitions.map((d) => d.id));
  }

  /** A new id for an entry of `kind`; `hint` names it when the file uses descriptive ids. */
  fresh(kind: RefKind, hint: string): string {
    const existing = [...(this.doc.symbols.byKind.get(kind)?.keys() ?? [])];
    const letter = NUMBERED[kind] ?? kind.charAt(0).toUpperCase();
    const numbered = new RegExp(`^${letter}(\\d+)$`);
    const prefix = commonPrefix(existing);
    if (existing.length === 0 || existing.some((id) => numbered.test(id)) || !prefix) {
      let n = 1;
      for (const id of existing) {
        const m = numbered.exec(id);
        if (m) n = Math.max(n, Number(m[1]) + 1);
      }
      while (this.used.has(`${letter}${n}`)) n++;
      return this.take(`${letter}${n}`);
    }
    const base = prefix + slug(hint);
    let candidate = base;
    for (let n = 2; this.used.has(candidate); n++) candidate = `${base}-${n}`;
    return this.take(candidate);
  }

  private take(id: string): string {
    this.used.add(id);
    return id;
  }
}

/** `mit-` when most ids start with the same letters and a `-` or `_`. */
function commonPrefix(ids: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const id of ids) {
    const m = /^([A-Za-z]+[-_])/.exec(id);
    if (m) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
  }
  let best: string | undefined;
  let bestCount = 0;
  for (const [p, c] of counts) if (c > bestCount) [best, bestCount] = [p, c];
  return best && bestCount * 2 >= ids.length ? best : undefined;
}

function slug(text: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return s || 'new';
}
