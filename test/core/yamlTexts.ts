// Shared by the tests that compare parses (parse-chunks, incremental): a dump of everything a
// reader can see of a parse, a seeded PRNG, and random texts full of constructs that span lines
// (quoted, flow and block scalars, comments, documents, anchors) where a cut could go wrong.
import type { YamlParseResult } from '../../src/core/yaml/parse';
import type { YNode } from '../../src/core/yaml/tree';

/** Everything a reader can see of a parse, as lines of text (aliases by their target's position). */
export function dump(result: YamlParseResult): string {
  const out = [JSON.stringify({ ok: result.ok, problems: result.problems })];
  const walk = (node: YNode | undefined, pad: string): void => {
    if (!node) return void out.push(`${pad}-`);
    const props = `${node.anchor ? ` &${node.anchor}` : ''}${node.tag ? ` !${node.tag}` : ''}`;
    const at = `${node.start}-${node.end}${props}`;
    switch (node.kind) {
      case 'scalar':
        out.push(`${pad}S ${at} ${JSON.stringify(node.text)} ${JSON.stringify(node.value)} ${node.style}${node.empty ? ' empty' : ''}`);
        break;
      case 'alias':
        out.push(`${pad}A ${at} *${node.name} -> ${node.target ? `${node.target.kind}@${node.target.start}` : 'none'}`);
        break;
      case 'map':
        out.push(`${pad}M ${at}${node.flow ? ' flow' : ''}`);
        for (const pair of node.pairs) {
          out.push(`${pad} key ${JSON.stringify(pair.keyText)}`);
          walk(pair.key, `${pad}  `);
          walk(pair.value, `${pad}  `);
        }
        break;
      case 'seq':
        out.push(`${pad}Q ${at}${node.flow ? ' flow' : ''}`);
        for (const item of node.items) walk(item, `${pad} `);
        break;
    }
  };
  walk(result.root, '');
  return out.join('\n');
}

/** A small deterministic PRNG (mulberry32). */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Pieces of list items (continuation lines are relative to the item's fields) and of top-level
// entries, including the constructs a cut could split.
const ITEM_LINES = [
  'id: a1',
  'title: "quoted\n  on two lines"',
  'title: "quoted\n - looks like an item"',
  "note: 'single\n foo: looks like a key'",
  'tags: [a,\n  b]',
  'tags: [a,\n  -b]',
  'text: |\n  - looks like an item\n  - another',
  'text: >-\n    folded\n\n    more',
  'text: |+\n  keep\n\n',
  'text: |2\n    indented',
  'plain: multi\n  line plain',
  'nested:\n  - x\n  - y: 1',
  'nested:\n- compact\n- list',
  'anchor: &an1 {k: v}',
  'alias: *an1',
  'unknown: *nothere',
  'tag: !!str 12',
  'custom: !thing {a: 1}',
  'num: 0x1F',
  'n: 1_000',
  'f: -1.5e3',
  'b: TRUE',
  'e:',
  '? complex\n: value',
  '? [flow, key]\n: value',
  'dup: 1\ndup: 2',
  'esc: "tab\\tand \\u00e9"',
  'empty: ""',
  '# a comment',
];
// Lines that make the text invalid YAML (rarely added).
const BROKEN_LINES = [
  'title: "quoted\nfoo: at column 0"',
  'tags: [a,\nb: c]',
  ' bad: indentation',
  '- "unterminated',
  'a: b: c',
  'x: [unclosed',
  'x: - y',
  "note: 'single\nfoo: at the key's column'",
];
const TOP_LEVEL = [
  'title: Top',
  'version: 1',
  'description: >-\n  folded text\n  - not an item',
  'owners: [a, b]',
  'x-flow: {a: 1,\n  b: 2}',
  'x-block: |\n  - looks like an item\n  - again',
  '---\nsecond: document',
  '...\nafter: end',
  'x-anchor: &top [1, 2]',
  'x-alias: *top',
  '# comment at column 0',
  '"quoted key": 1',
  'threatmodel: 1',
  'title: duplicate',
  'x-empty:',
  'x-map:\n  a: 1\n  b:\n    - c',
];

export function randomText(rand: () => number, broken: boolean): string {
  const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)];
  const lines: string[] = [];
  const sections = 2 + Math.floor(rand() * 5);
  for (let s = 0; s < sections; s++) {
    if (rand() < 0.3) lines.push(pick(TOP_LEVEL));
    const indent = rand() < 0.2 ? '' : '  ';
    lines.push(`list${s}:${rand() < 0.1 ? ' # the list' : ''}`);
    if (rand() < 0.2) lines.push('# comment before the items');
    const items = 1 + Math.floor(rand() * 8);
    for (let i = 0; i < items; i++) {
      const fields = 1 + Math.floor(rand() * 4);
      for (let f = 0; f < fields; f++) {
        const field = pick(broken && rand() < 0.015 ? BROKEN_LINES : ITEM_LINES).replace(/\n/g, `\n${indent}  `);
        lines.push(`${indent}${f === 0 ? '- ' : '  '}${field}`);
      }
      if (rand() < 0.1) lines.push('');
      if (rand() < 0.05) lines.push('# comment between items');
      if (rand() < 0.03) lines.push(`${indent}-`);
    }
  }
  let text = `${lines.join('\n')}\n`;
  if (rand() < 0.15) text = text.replace(/\n/g, '\r\n');
  if (broken && rand() < 0.05) text = text.replace(/ {2}- /, '  -\t');
  return text;
}
