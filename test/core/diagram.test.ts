// Mermaid generation for the DFD preview: completeness and nesting on the three reference models,
// escaping of hostile names, views for large models, the threat overlay and attack trees.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../../src/core/document';
import { attackTreeToMermaid, attackTreesToMermaid, toMermaid, escapeLabel, type DfdDiagram } from '../../src/core/diagram';

const root = join(__dirname, '..', '..', '..');
const load = (path: string) => parseDocument(readFileSync(join(root, path), 'utf8'));
const EXAMPLES = ['spam-classifier', 'federated-imaging', 'rag-assistant'];

/** Every line the generator may produce. Labels: letters, digits, spaces, `#NN;` entities, non-ASCII, our `<br/>`. */
const LABEL = '"(?:[A-Za-z0-9 ]|#\\d+;|<br/>|[^\\x00-\\x7f])*"';
const LINE_GRAMMAR = [
  /^flowchart (LR|TB)$/,
  new RegExp(`^\\s*subgraph b\\d+\\[${LABEL}\\]$`),
  /^\s*end$/,
  new RegExp(`^\\s*[np]\\d+(\\[${LABEL}\\]|\\(${LABEL}\\)|\\[\\(${LABEL}\\)\\])$`),
  new RegExp(`^\\s*n\\d+ e\\d+@(-->|<-->)\\|${LABEL}\\| n\\d+$`),
  new RegExp(`^\\s*t\\d+(\\[${LABEL}\\]|\\{\\{${LABEL}\\}\\}|\\(\\[${LABEL}\\]\\))$`),
  /^\s*t\d+ --> t\d+$/,
  /^\s*classDef [A-Za-z]+ [a-z:#0-9,. -]+$/,
  /^\s*class [npt]\d+ [A-Za-z]+$/,
  /^\s*style b\d+ [a-z:#0-9,. -]+$/,
  /^\s*linkStyle \d+ [a-z:#0-9,. -]+$/,
];

function assertGrammar(text: string): void {
  for (const line of text.trimEnd().split('\n')) {
    assert.ok(LINE_GRAMMAR.some((re) => re.test(line)), `unexpected Mermaid line: ${JSON.stringify(line)}`);
  }
  assert.ok(!/%%/.test(text), 'no %% (comments/directives) in generated text');
  assert.ok(!/^\s*click\b/m.test(text), 'no click statement');
  assert.ok(!/<(?!br\/>|-->)/.test(text), 'no < other than our <br/> and <-->');
  assert.ok(!/[`&]/.test(text), 'no backtick or ampersand');
}

/** The text a label shows: entities decoded, line breaks as \n. */
function decode(label: string): string {
  return label.replace(/<br\/>/g, '\n').replace(/#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)));
}

function labelOf(d: DfdDiagram, mermaidId: string): string {
  const line = d.text.split('\n').find((l) => new RegExp(`^\\s*${mermaidId}[\\[(]`).test(l) || new RegExp(`subgraph ${mermaidId}\\[`).test(l));
  assert.ok(line, `no line for ${mermaidId}`);
  return decode(/"(.*)"/.exec(line!)![1]);
}

function idFor(d: DfdDiagram, kind: string, id: string): string {
  const entry = Object.entries(d.nodeMap).find(([mid, ref]) => ref.kind === kind && ref.id === id && !mid.startsWith('p'));
  assert.ok(entry, `${kind} ${id} missing from nodeMap`);
  return entry![0];
}

/** Parent subgraph of every node / subgraph line, by walking subgraph ... end. */
function containment(text: string): Map<string, string | undefined> {
  const parent = new Map<string, string | undefined>();
  const stack: string[] = [];
  for (const line of text.split('\n')) {
    const sub = /^\s*subgraph (b\d+)\[/.exec(line);
    if (sub) {
      parent.set(sub[1], stack[stack.length - 1]);
      stack.push(sub[1]);
      continue;
    }
    if (/^\s*end$/.test(line)) {
      stack.pop();
      continue;
    }
    const node = /^\s*([np]\d+)[[(]/.exec(line);
    if (node) parent.set(node[1], stack[stack.length - 1]);
  }
  return parent;
}

describe('DFD Mermaid generation', () => {
  for (const name of EXAMPLES) {
    describe(`examples/${name}.threatmodel`, () => {
      const doc = load(`examples/${name}.threatmodel`);
      const model = doc.model;
      const d = toMermaid(model, { overlay: true });

      it('parses cleanly and draws something', () => {
        assert.ok(doc.yaml.ok);
        assert.ok(model.elements.length >= 4 && model.flows.length >= 3 && model.boundaries.length >= 1);
        assert.ok(d.text.startsWith('flowchart LR\n'));
      });

      it('draws every element, flow and boundary once, with generated ids only', () => {
        for (const e of model.elements) {
          const mid = idFor(d, 'element', e.id);
          assert.match(mid, /^n\d+$/);
          assert.equal(labelOf(d, mid).split('\n')[0], e.name ?? e.id);
        }
        for (const f of model.flows) assert.match(idFor(d, 'flow', f.id), /^e\d+$/);
        for (const b of model.boundaries) {
          const mid = idFor(d, 'boundary', b.id);
          assert.equal(labelOf(d, mid), b.name ?? b.id);
        }
        assert.equal(d.stats.nodes, model.elements.length);
        assert.equal(d.stats.edges, model.flows.length);
        assert.equal(d.stats.clusters, model.boundaries.length);
        assert.deepEqual(d.stats.skippedFlows, []);
        assert.equal((d.text.match(/^\s*subgraph /gm) ?? []).length, model.boundaries.length);
        assert.equal((d.text.match(/@(<-->|-->)/g) ?? []).length, model.flows.length);
        assertGrammar(d.text);
      });

      it('nests elements and boundaries as declared', () => {
        const parent = containment(d.text);
        for (const e of model.elements) {
          const expected = e.boundary ? idFor(d, 'boundary', e.boundary) : undefined;
          assert.equal(parent.get(idFor(d, 'element', e.id)), expected, `element ${e.id}`);
        }
        for (const b of model.boundaries) {
          const expected = b.parent ? idFor(d, 'boundary', b.parent) : undefined;
          assert.equal(parent.get(idFor(d, 'boundary', b.id)), expected, `boundary ${b.id}`);
        }
      });

      it('draws flows between the right nodes, bidirectional ones as <-->', () => {
        for (const f of model.flows) {
          const eid = idFor(d, 'flow', f.id);
          const line = d.text.split('\n').find((l) => l.includes(` ${eid}@`))!;
          const m = /^\s*(n\d+) e\d+@(<-->|-->)\|"(.*)"\| (n\d+)$/.exec(line)!;
          assert.equal(m[1], idFor(d, 'element', f.from));
          assert.equal(m[4], idFor(d, 'element', f.to));
          assert.equal(m[2], f.bidirectional ? '<-->' : '-->');
          if (f.protocol) assert.ok(decode(m[3]).includes(`(${f.protocol})`), `protocol in ${line}`);
        }
      });

      it('marks ML elements and colours threats in the overlay', () => {
        for (const e of model.elements.filter((x) => x.mlRoles.length > 0)) {
          const mid = idFor(d, 'element', e.id);
          assert.match(labelOf(d, mid), /«.+»/);
          assert.match(d.text, new RegExp(`class ${mid} [a-zA-Z,]*\\bml\\b`));
        }
        const open = model.threats.filter((t) => t.status === 'open');
        assert.ok(open.length > 0);
        for (const t of open) {
          for (const target of t.targets) {
            const el = model.index.elements.get(target);
            if (el) assert.match(d.text, new RegExp(`class ${idFor(d, 'element', el.id)} [a-zA-Z,]*threatOpen`));
            const fl = model.index.flows.get(target);
            if (fl) {
              const index = Number(idFor(d, 'flow', fl.id).slice(1));
              assert.match(d.text, new RegExp(`linkStyle ${index} stroke:#d32f2f`));
            }
          }
        }
        assert.ok(d.legend.some((l) => l.swatch === 'threat-open'));
        const plain = toMermaid(model);
        assert.ok(!/threatOpen fill|class n\d+ [a-z,]*threatOpen|linkStyle/.test(plain.text.replace(/classDef.*\n/g, '')));
        assert.ok(!plain.text.includes('⚠'));
      });

      it('draws each attack tree with AND/OR nodes and threat leaves', () => {
        for (const tree of attackTreesToMermaid(model)) {
          assertGrammar(tree.text);
          assert.match(tree.text, /^flowchart TB\n/);
          assert.ok(Object.values(tree.nodeMap).some((r) => r.kind === 'threat'));
        }
      });
    });
  }

  describe('hostile names (test/fixtures/diagram/hostile.threatmodel)', () => {
    const doc = load('test/fixtures/diagram/hostile.threatmodel');
    const d = toMermaid(doc.model, { overlay: true });

    it('keeps every line in the generator grammar: no directive, click, markup or raw quote', () => {
      assertGrammar(d.text);
      for (const raw of ['x"]', 'onerror=', '%%{', '<img', '<script', '"]-->', '`md`']) {
        assert.ok(!d.text.includes(raw), `raw user text ${raw} leaked`);
      }
    });

    it('shows each hostile name verbatim as label text', () => {
      for (const e of doc.model.elements) {
        const shown = labelOf(d, idFor(d, 'element', e.id)).split('\n')[0];
        assert.equal(shown, e.name!.replace(/\s+/g, ' '));
      }
      assert.equal(labelOf(d, idFor(d, 'boundary', 'inner')), '%%{init: {"securityLevel":"loose"}}%%');
      assert.equal(labelOf(d, idFor(d, 'boundary', 'outer')), 'end');
    });

    it('draws an empty boundary as a cluster with a placeholder and skips flows to unknown elements', () => {
      const parent = containment(d.text);
      const bid = idFor(d, 'boundary', 'empty_one');
      const placeholder = [...parent.entries()].find(([k, v]) => k.startsWith('p') && v === bid);
      assert.ok(placeholder, 'placeholder inside the empty boundary');
      assert.deepEqual(d.stats.skippedFlows, ['f_bad']);
    });

    it('escapes attack tree labels too', () => {
      const tree = attackTreeToMermaid(doc.model.attackTrees[0], doc.model);
      assertGrammar(tree.text);
      assert.ok(!tree.text.includes('onerror=window'));
      assert.match(tree.text, /t0\{\{"GOAL #40;AND#41;<br\/>#60;img/);
      assert.match(tree.text, /\(\["OR<br\/>step two"\]\)/);
      assert.ok(decode(tree.text).includes('t404: unknown threat'));
      assert.ok(decode(tree.text).includes('status: mitigated'));
      assert.deepEqual(Object.values(tree.nodeMap).filter((r) => r.kind === 'threat').map((r) => r.id), ['t1', 't2']);
    });

    it('escapeLabel encodes every ASCII symbol and drops control and bidi characters', () => {
      assert.equal(escapeLabel('a"b'), 'a#34;b');
      assert.equal(escapeLabel('%%'), '#37;#37;');
      assert.equal(escapeLabel('x\u202ey\u0007z'), 'x y z');
      assert.equal(escapeLabel('é ✓'), 'é ✓');
      assert.equal(decode(escapeLabel('a'.repeat(200))).length, 80);
    });

    it('escapeLabel and clip: the short-text fast paths give what escaping every character gives', () => {
      // The character-by-character definition (what escapeLabel did for every label before its
      // fast paths): collapse whitespace, clip to 80 code points, escape each one.
      const reference = (text: string, max = 80): string => {
        const collapsed = text.replace(/\s+/g, ' ').trim();
        const chars = Array.from(collapsed);
        const clipped = chars.length <= max ? collapsed : chars.slice(0, max - 1).join('') + '…';
        let out = '';
        for (const ch of clipped) {
          const code = ch.codePointAt(0)!;
          const invisible = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/.test(ch);
          if (code < 128) out += /[A-Za-z0-9 ]/.test(ch) ? ch : invisible ? ' ' : `#${code};`;
          else out += invisible ? ' ' : ch;
        }
        return out;
      };
      const alphabet = ['a', 'Z', '7', ' ', '  ', '\t', '\n', '"', '#', ';', '%', '<', 'é', '✓', '😀', '\u202e', '\u0007', '\ud800'];
      let seed = 7;
      const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
      const texts = ['', ' ', 'plain id 42', 'a'.repeat(80), 'a'.repeat(81), '😀'.repeat(79), '😀'.repeat(80), '😀'.repeat(81), 'é'.repeat(81)];
      for (let i = 0; i < 2000; i++) {
        let t = '';
        const length = next() % 120;
        for (let k = 0; k < length; k++) t += alphabet[next() % alphabet.length];
        texts.push(t);
      }
      for (const t of texts) assert.equal(escapeLabel(t), reference(t), JSON.stringify(t));
      for (const t of texts) assert.equal(escapeLabel(t, 5), reference(t, 5), JSON.stringify(t));
    });
  });

  describe('views for large models', () => {
    const model = load('examples/spam-classifier.threatmodel').model;

    it('per boundary: the boundary, the boundaries inside it, its elements, and the outside ends of its flows as context', () => {
      const d = toMermaid(model, { boundary: 'internal' });
      assert.equal(d.stats.view, 'boundary');
      const boundaries = Object.values(d.nodeMap).filter((r) => r.kind === 'boundary').map((r) => r.id).sort();
      assert.deepEqual(boundaries, ['internal', 'training_env']);
      const inside = model.elements.filter((e) => e.boundary === 'internal' || e.boundary === 'training_env').map((e) => e.id);
      const drawn = Object.values(d.nodeMap).filter((r) => r.kind === 'element').map((r) => r.id);
      for (const id of inside) assert.ok(drawn.includes(id), id);
      // inference_api (in the DMZ) talks to the model registry and the log store: drawn as context, outside any subgraph.
      assert.ok(drawn.includes('inference_api'));
      const mid = idFor(d, 'element', 'inference_api');
      assert.equal(containment(d.text).get(mid), undefined);
      assert.match(d.text, new RegExp(`class ${mid} [a-zA-Z,]*context`));
      assert.ok(!drawn.includes('mail_user'));
      assertGrammar(d.text);
    });

    it('neighbourhood of an element: the element, its neighbours through flows, and their boundaries', () => {
      const d = toMermaid(model, { focus: 'training_pipeline' });
      const drawn = Object.values(d.nodeMap).filter((r) => r.kind === 'element').map((r) => r.id).sort();
      const expected = new Set(['training_pipeline']);
      for (const f of model.flows) if (f.from === 'training_pipeline' || f.to === 'training_pipeline') expected.add(f.from).add(f.to);
      assert.deepEqual(drawn, [...expected].sort());
      const flows = Object.values(d.nodeMap).filter((r) => r.kind === 'flow').length;
      assert.equal(flows, model.flows.filter((f) => f.from === 'training_pipeline' || f.to === 'training_pipeline').length);
      const boundaries = Object.values(d.nodeMap).filter((r) => r.kind === 'boundary').map((r) => r.id);
      assert.ok(boundaries.includes('training_env') && boundaries.includes('cloud_account'));
      assert.ok(!boundaries.includes('dmz'));
    });

    it('reports an unknown boundary or focus instead of drawing the wrong thing', () => {
      assert.match(toMermaid(model, { boundary: 'nope' }).stats.viewError!, /no trust boundary "nope"/);
      assert.match(toMermaid(model, { focus: 'nope' }).stats.viewError!, /no element or flow "nope"/);
      assert.equal(toMermaid(model, { focus: 'nope' }).stats.nodes, 0);
    });

    it('is linear: a 3000-element model is generated quickly', () => {
      const lines = ['threatmodel: 1', 'elements:'];
      for (let i = 0; i < 3000; i++) lines.push(`  - { id: e${i}, name: Element ${i}, type: process }`);
      lines.push('flows:');
      for (let i = 1; i < 3000; i++) lines.push(`  - { id: f${i}, from: e${i - 1}, to: e${i} }`);
      const big = parseDocument(lines.join('\n')).model;
      const start = Date.now();
      const d = toMermaid(big, { overlay: true });
      assert.equal(d.stats.nodes, 3000);
      assert.equal(d.stats.edges, 2999);
      assert.ok(Date.now() - start < 1000, `took ${Date.now() - start} ms`);
    });
  });
});
