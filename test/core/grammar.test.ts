// Tests the TextMate grammar (syntaxes/threatmodel.tmLanguage.json).
//
// vscode-textmate + vscode-oniguruma are not dependencies of this project, so this file carries a
// small TextMate engine for the subset the grammar uses (match/captures, begin/end with
// backreferences in `end`, contentName, nested patterns, #includes; earliest match wins, ties go
// to the end pattern and then to the first rule). The grammar avoids Oniguruma-only syntax, which
// the first test enforces, so JavaScript regular expressions behave the same here.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDocument, parseDocument } from '../../src/core';

const root = join(__dirname, '..', '..', '..');

interface Captures {
  [group: string]: { name?: string };
}
interface Rule {
  include?: string;
  match?: string;
  begin?: string;
  end?: string;
  name?: string;
  contentName?: string;
  captures?: Captures;
  beginCaptures?: Captures;
  endCaptures?: Captures;
  patterns?: Rule[];
}
interface Grammar {
  scopeName: string;
  patterns: Rule[];
  repository: Record<string, Rule>;
}
interface Token {
  text: string;
  scopes: string[];
}

const grammar: Grammar = JSON.parse(readFileSync(join(root, 'syntaxes', 'threatmodel.tmLanguage.json'), 'utf8'));

function allRules(): Rule[] {
  const out: Rule[] = [];
  const walk = (r: Rule) => {
    out.push(r);
    r.patterns?.forEach(walk);
  };
  grammar.patterns.forEach(walk);
  Object.values(grammar.repository).forEach(walk);
  return out;
}

function expand(patterns: Rule[] | undefined, seen = new Set<string>()): Rule[] {
  const out: Rule[] = [];
  for (const p of patterns ?? []) {
    if (p.include) {
      const name = p.include.replace(/^#/, '');
      const target = grammar.repository[name];
      assert.ok(target, `unknown include ${p.include}`);
      if (seen.has(name)) continue;
      const nextSeen = new Set(seen).add(name);
      if (target.match || target.begin) out.push(target);
      else out.push(...expand(target.patterns, nextSeen));
    } else if (p.match || p.begin) out.push(p);
    else out.push(...expand(p.patterns, seen));
  }
  return out;
}

const cache = new Map<string, RegExp>();
function re(source: string): RegExp {
  let r = cache.get(source);
  if (!r) {
    r = new RegExp(source, 'dg');
    cache.set(source, r);
  }
  return r;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface Frame {
  rule: Rule;
  end: RegExp;
  scopes: string[];
  content: string[];
}

/** Scopes per character for a match, with capture names applied. */
function scopeMatch(line: string, m: RegExpExecArray, base: string[], captures: Captures | undefined, out: Token[]): void {
  const start = m.index;
  const end = start + m[0].length;
  const per: string[][] = [];
  for (let i = start; i < end; i++) per.push([...base]);
  const indices = m.indices!;
  for (const [group, capture] of Object.entries(captures ?? {})) {
    const range = indices[Number(group)];
    if (!range || !capture.name) continue;
    for (let i = range[0]; i < range[1]; i++) per[i - start].push(capture.name);
  }
  for (let i = start; i < end; i++) {
    const scopes = per[i - start];
    const last = out[out.length - 1];
    if (last && i > start && last.scopes.join(' ') === scopes.join(' ')) last.text += line[i];
    else out.push({ text: line[i], scopes });
  }
}

function tokenize(text: string): Token[][] {
  const stack: Frame[] = [];
  const lines = text.split(/\r?\n/);
  return lines.map((line) => {
    const tokens: Token[] = [];
    let pos = 0;
    const plain = (to: number, scopes: string[]) => {
      if (to > pos) tokens.push({ text: line.slice(pos, to), scopes });
    };
    for (let guard = 0; guard < 10000; guard++) {
      const frame = stack[stack.length - 1];
      const base = [grammar.scopeName, ...(frame ? frame.content : [])];
      const candidates = expand(frame ? frame.rule.patterns : grammar.patterns);
      let best: { rule?: Rule; m: RegExpExecArray } | undefined;
      if (frame) {
        frame.end.lastIndex = pos;
        const m = frame.end.exec(line);
        if (m) best = { m };
      }
      for (const rule of candidates) {
        const r = re((rule.match ?? rule.begin)!);
        r.lastIndex = pos;
        let m = r.exec(line);
        while (m && m[0].length === 0 && rule.match) {
          r.lastIndex = m.index + 1;
          m = r.lastIndex <= line.length ? r.exec(line) : null;
        }
        if (m && (!best || m.index < best.m.index)) best = { rule, m };
      }
      if (!best) break;
      plain(best.m.index, base);
      if (!best.rule) {
        const f = stack.pop()!;
        scopeMatch(line, best.m, f.scopes, f.rule.endCaptures, tokens);
      } else if (best.rule.match) {
        scopeMatch(line, best.m, best.rule.name ? [...base, best.rule.name] : base, best.rule.captures, tokens);
      } else {
        const rule = best.rule;
        const scopes = rule.name ? [...base, rule.name] : base;
        scopeMatch(line, best.m, scopes, rule.beginCaptures, tokens);
        const m = best.m;
        const end = rule.end!.replace(/\\(\d)/g, (_, d: string) => escapeRe(m[Number(d)] ?? ''));
        stack.push({ rule, end: new RegExp(end, 'dg'), scopes, content: rule.contentName ? [...scopes.slice(1), rule.contentName] : scopes.slice(1) });
      }
      pos = best.m.index + best.m[0].length;
      if (pos >= line.length && best.m[0].length > 0 && !(stack.length && stack[stack.length - 1].end.source === '$')) break;
      if (pos >= line.length && best.m[0].length === 0 && best.rule) break;
    }
    const frame = stack[stack.length - 1];
    plain(line.length, [grammar.scopeName, ...(frame ? frame.content : [])]);
    // An `end: $` rule closes at the end of its line.
    while (stack.length && stack[stack.length - 1].end.source === '$') stack.pop();
    return tokens;
  });
}

/**
 * Asserts that every token overlapping the first occurrence of `text` on `line` (searching from
 * column `from`) carries `scope`. Captures split a match into several tokens, so this checks the
 * range rather than one token.
 */
function expectScope(lines: Token[][], line: number, text: string, scope: string, from = 0): void {
  const full = lines[line].map((t) => t.text).join('');
  const at = full.indexOf(text, from);
  assert.ok(at >= 0, `'${text}' is not on line ${line}: ${full}`);
  let col = 0;
  for (const token of lines[line]) {
    const start = col;
    col += token.text.length;
    if (col <= at || start >= at + text.length) continue;
    assert.ok(token.scopes.includes(scope), `'${token.text}' (in '${text}') on line ${line} has ${JSON.stringify(token.scopes)}, expected ${scope}`);
  }
}

const SAMPLE = [
  /* 0 */ '# A model',
  /* 1 */ 'threatmodel: 1',
  /* 2 */ 'title: "Spam \\"API\\""',
  /* 3 */ 'description: |',
  /* 4 */ '  Several lines: with a colon,',
  /* 5 */ '  and a # that is text.',
  /* 6 */ 'elements:',
  /* 7 */ '  - id: inference_api # the API',
  /* 8 */ '    name: The customer\'s API',
  /* 9 */ '    type: process',
  /* 10 */ '    internet_facing: true',
  /* 11 */ '    boundary: dmz',
  /* 12 */ '    x-team: &team core',
  /* 13 */ '    owner: *team',
  /* 14 */ 'flows:',
  /* 15 */ '  - id: "f-1"',
  /* 16 */ '    from: client',
  /* 17 */ '    to: inference_api',
  /* 18 */ 'threats:',
  /* 19 */ '  - id: thr-1',
  /* 20 */ '    title: Model extraction',
  /* 21 */ '    target: [inference_api, f-1]',
  /* 22 */ '    stride: [information_disclosure, tampering]',
  /* 23 */ '    linddun: data_disclosure',
  /* 24 */ '    atlas: [AML.T0024.002, AML.T0040]',
  /* 25 */ '    owasp_llm: LLM01:2025',
  /* 26 */ '    dread: { damage: 6, reproducibility: 8.5 }',
  /* 27 */ '    status: accepted',
  /* 28 */ '    justification: >-',
  /* 29 */ '      Rate limited by the gateway.',
  /* 30 */ '    review_by: 2026-06-30',
  /* 31 */ '    mitigations:',
  /* 32 */ '      - mit-rate-limit   # planned',
  /* 33 */ '      - AML.M0004',
  /* 34 */ '  - id: thr-2',
  /* 35 */ 'mitigations:',
  /* 36 */ '  - id: mit-rate-limit',
  /* 37 */ '    atlas: AML.M0004',
  /* 38 */ '    status: verified',
  /* 39 */ '    note: \'it\'\'s done\'',
  /* 40 */ '    tactic: AML.TA0000',
].join('\n');

describe('TextMate grammar', () => {
  it('is valid JSON for source.threatmodel and contributed by package.json', () => {
    assert.equal(grammar.scopeName, 'source.threatmodel');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const contributed = pkg.contributes.grammars.find((g: { language: string }) => g.language === 'threatmodel');
    assert.equal(contributed.scopeName, 'source.threatmodel');
    assert.equal(contributed.path, './syntaxes/threatmodel.tmLanguage.json');
  });

  it('uses only regular expressions that compile in JavaScript (no Oniguruma-only syntax)', () => {
    const sources = allRules().flatMap((r) => [r.match, r.begin, r.end].filter((s): s is string => typeof s === 'string'));
    assert.ok(sources.length > 20);
    for (const source of sources) {
      assert.doesNotThrow(() => new RegExp(source.replace(/\\(\d)/g, 'x'), 'u'), source);
      assert.ok(!/\\[hHAzZG]|\(\?>|\(\?[imx]+[:)]|[*+?]\+/.test(source), `Oniguruma-only construct in ${source}`);
    }
    for (const r of allRules()) if (r.include) assert.ok(grammar.repository[r.include.slice(1)], r.include);
  });

  describe('on a sample model', () => {
    const lines = tokenize(SAMPLE);

    it('keeps every character of every line in exactly one token', () => {
      SAMPLE.split('\n').forEach((line, i) => assert.equal(lines[i].map((t) => t.text).join(''), line, `line ${i}`));
    });

    it('scopes comments, but not a # inside a block scalar', () => {
      expectScope(lines, 0, '# A model', 'comment.line.number-sign.threatmodel');
      expectScope(lines, 7, '# the API', 'comment.line.number-sign.threatmodel');
      assert.ok(lines[5].every((t) => !t.scopes.some((s) => s.startsWith('comment'))));
      expectScope(lines, 5, '  and a # that is text.', 'string.unquoted.block.threatmodel');
    });

    it('scopes section keys apart from ordinary keys', () => {
      for (const [line, key] of [[1, 'threatmodel'], [6, 'elements'], [14, 'flows'], [18, 'threats'], [35, 'mitigations']] as const) {
        expectScope(lines, line, key, 'keyword.other.section.threatmodel');
      }
      expectScope(lines, 9, 'type', 'entity.name.tag.threatmodel');
      expectScope(lines, 20, 'title', 'entity.name.tag.threatmodel');
      expectScope(lines, 12, 'x-team', 'entity.name.tag.extension.threatmodel');
    });

    it('scopes id values as entity names, quoted or not', () => {
      expectScope(lines, 7, 'inference_api', 'entity.name.type.id.threatmodel');
      expectScope(lines, 15, 'f-1', 'entity.name.type.id.threatmodel');
      expectScope(lines, 36, 'mit-rate-limit', 'entity.name.type.id.threatmodel');
    });

    it('scopes references: inline values, flow lists and block list items', () => {
      expectScope(lines, 11, 'dmz', 'variable.other.reference.threatmodel');
      expectScope(lines, 16, 'client', 'variable.other.reference.threatmodel');
      expectScope(lines, 17, 'inference_api', 'variable.other.reference.threatmodel');
      expectScope(lines, 21, 'inference_api', 'variable.other.reference.threatmodel');
      expectScope(lines, 21, 'f-1', 'variable.other.reference.threatmodel');
      expectScope(lines, 32, 'mit-rate-limit', 'variable.other.reference.threatmodel');
      expectScope(lines, 32, '# planned', 'comment.line.number-sign.threatmodel');
      // The block list ends at the next list item of the outer level.
      expectScope(lines, 34, 'thr-2', 'entity.name.type.id.threatmodel');
    });

    it('scopes STRIDE and LINDDUN category names', () => {
      expectScope(lines, 22, 'information_disclosure', 'support.constant.stride.threatmodel');
      expectScope(lines, 22, 'tampering', 'support.constant.stride.threatmodel');
      expectScope(lines, 23, 'data_disclosure', 'support.constant.linddun.threatmodel');
    });

    it('scopes ATLAS technique, sub-technique, mitigation and tactic ids, and OWASP LLM ids', () => {
      expectScope(lines, 24, 'AML.T0024.002', 'constant.other.atlas.threatmodel');
      expectScope(lines, 24, 'AML.T0040', 'constant.other.atlas.threatmodel');
      expectScope(lines, 37, 'AML.M0004', 'constant.other.atlas.threatmodel');
      expectScope(lines, 40, 'AML.TA0000', 'constant.other.atlas.threatmodel');
      expectScope(lines, 25, 'LLM01:2025', 'constant.other.owasp-llm.threatmodel');
    });

    it('scopes statuses, booleans and numbers (also inside flow mappings)', () => {
      expectScope(lines, 27, 'accepted', 'constant.language.status.threatmodel');
      expectScope(lines, 38, 'verified', 'constant.language.status.threatmodel');
      expectScope(lines, 10, 'true', 'constant.language.boolean.threatmodel');
      expectScope(lines, 1, '1', 'constant.numeric.threatmodel');
      expectScope(lines, 26, 'damage', 'entity.name.tag.threatmodel');
      expectScope(lines, 26, '6', 'constant.numeric.threatmodel');
      expectScope(lines, 26, '8.5', 'constant.numeric.threatmodel');
    });

    it('scopes strings: double-quoted with escapes, single-quoted with doubled quotes, and apostrophes in plain text', () => {
      expectScope(lines, 2, '\\"', 'constant.character.escape.threatmodel');
      expectScope(lines, 2, 'Spam ', 'string.quoted.double.threatmodel');
      expectScope(lines, 39, "''", 'constant.character.escape.threatmodel');
      expectScope(lines, 39, 'it', 'string.quoted.single.threatmodel');
      expectScope(lines, 8, "The customer's API", 'string.unquoted.plain.threatmodel');
      // The apostrophe did not open a string that swallows the following lines.
      expectScope(lines, 9, 'type', 'entity.name.tag.threatmodel');
    });

    it('scopes block scalars and ends them at the next key', () => {
      expectScope(lines, 3, '|', 'keyword.control.flow.block-scalar.threatmodel');
      expectScope(lines, 4, '  Several lines: with a colon,', 'string.unquoted.block.threatmodel');
      expectScope(lines, 28, '>-', 'keyword.control.flow.block-scalar.threatmodel');
      expectScope(lines, 29, '      Rate limited by the gateway.', 'string.unquoted.block.threatmodel');
      expectScope(lines, 30, 'review_by', 'entity.name.tag.threatmodel');
    });

    it('scopes anchors and aliases', () => {
      expectScope(lines, 12, '&team', 'entity.name.type.anchor.threatmodel');
      expectScope(lines, 13, '*team', 'variable.other.alias.threatmodel');
    });
  });

  it('a block scalar under a list item ends at the sibling key of that item', () => {
    const lines = tokenize('threats:\n  - description: |\n      text\n    title: x\n');
    expectScope(lines, 2, '      text', 'string.unquoted.block.threatmodel');
    expectScope(lines, 3, 'title', 'entity.name.tag.threatmodel');
  });

  for (const name of ['spam-classifier', 'federated-imaging', 'rag-assistant']) {
    it(`tokenizes examples/${name}.threatmodel: every id and every reference is scoped`, () => {
      const text = readFileSync(join(root, 'examples', `${name}.threatmodel`), 'utf8');
      const lines = tokenize(text);
      const src = text.split('\n');
      src.forEach((line, i) => assert.equal(lines[i].map((t) => t.text).join(''), line));
      src.forEach((line, i) => {
        const id = /^\s*(?:- )?id: ([\w.:-]+)/.exec(line);
        if (id) expectScope(lines, i, id[1], 'entity.name.type.id.threatmodel', line.indexOf(': '));
        const ref = /^\s*(?:- )?(?:from|to|boundary|parent|threat): ([\w.:-]+)\s*$/.exec(line);
        if (ref) expectScope(lines, i, ref[1], 'variable.other.reference.threatmodel', line.indexOf(': '));
        if (/^[a-z_]+:/.test(line)) expectScope(lines, i, line.split(':')[0], 'keyword.other.section.threatmodel');
      });
    });
  }
});

describe('language configuration', () => {
  const config = JSON.parse(readFileSync(join(root, 'language-configuration.json'), 'utf8'));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

  it('is the configuration contributed for the language', () => {
    const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === 'threatmodel');
    assert.equal(lang.configuration, './language-configuration.json');
    assert.equal(config.comments.lineComment, '#');
    assert.deepEqual(config.brackets, [['{', '}'], ['[', ']']]);
    const pairs = config.autoClosingPairs.map((p: { open: string; close: string }) => p.open + p.close);
    assert.deepEqual(pairs, ['{}', '[]', '""', "''"]);
  });

  it('keeps ids such as AML.T0051.000, LLM01:2025 and rate-limit_1 as one word, without a trailing colon or dot', () => {
    const word = new RegExp(config.wordPattern, 'g');
    const words = (s: string) => s.match(word);
    assert.deepEqual(words('atlas: [AML.T0051.000, LLM01:2025]'), ['atlas', 'AML.T0051.000', 'LLM01:2025']);
    assert.deepEqual(words('  - id: rate-limit_1 # ok.'), ['id', 'rate-limit_1', 'ok']);
    assert.deepEqual(words('title: The API.'), ['title', 'The', 'API']);
  });

  it('increases the indentation after a line ending with a colon (also `key: |` and after a list dash)', () => {
    const inc = new RegExp(config.indentationRules.increaseIndentPattern);
    for (const line of ['elements:', '  - id: a', '    children:', '  - data:  # comment', 'description: |', '    scope: >-']) {
      assert.equal(inc.test(line), line !== '  - id: a', line);
    }
    assert.ok(!inc.test('title: x'));
    assert.ok(!inc.test('# note:'));
  });

  it('onEnter continues list items sensibly', () => {
    const rules: { beforeText: string; action: { indent: string; appendText?: string } }[] = config.onEnterRules;
    const onEnter = (line: string) => rules.find((r) => new RegExp(r.beforeText).test(line))?.action;
    assert.deepEqual(onEnter('  - id: api'), { indent: 'none', appendText: '  ' }, 'next key of the same item, aligned with id');
    assert.deepEqual(onEnter('      - mit-rate-limit'), { indent: 'none', appendText: '- ' }, 'next item of a plain list');
    assert.deepEqual(onEnter('    mitigations:'), { indent: 'indent' });
    assert.deepEqual(onEnter('  - children:'), { indent: 'indent' });
    assert.equal(onEnter('    title: x'), undefined);
    assert.equal(onEnter('# - a comment'), undefined);
  });
});

describe('snippets', () => {
  const snippets: Record<string, { prefix: string[]; body: string[]; description: string }> = JSON.parse(
    readFileSync(join(root, 'snippets', 'threatmodel.json'), 'utf8'),
  );

  /** Expands a snippet body as VS Code would when every placeholder keeps its default. */
  function expandSnippet(body: string[]): string {
    const defaults = new Map<string, string>();
    let text = body.join('\n').replace(/\$\{CURRENT_YEAR\}/g, '2030');
    for (let i = 0; i < 3; i++) {
      text = text
        .replace(/\$\{(\d+)\|([^,|]*)[^|]*\|\}/g, (_, n: string, first: string) => (defaults.set(n, first), first))
        .replace(/\$\{(\d+):([^${}]*)\}/g, (_, n: string, d: string) => (defaults.set(n, d), d));
    }
    return text.replace(/\$\{(\d+)\}|\$(\d+)/g, (_, a: string, b: string) => defaults.get(a ?? b) ?? '');
  }

  const FOUNDATION = new Set(['yaml-syntax', 'yaml-duplicate-key', 'unknown-key', 'missing-key', 'invalid-type', 'invalid-value', 'invalid-id', 'duplicate-id', 'empty-model', 'invalid-root', 'missing-version']);
  const errorsOf = (text: string) =>
    checkDocument(parseDocument(text)).filter((d) => FOUNDATION.has(d.code)).map((d) => `${d.code}: ${d.message}`);

  it('is contributed for the language', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    assert.deepEqual(pkg.contributes.snippets, [{ language: 'threatmodel', path: './snippets/threatmodel.json' }]);
    for (const s of Object.values(snippets)) assert.ok(s.prefix.length > 0 && s.description && s.body.length > 0);
  });

  it('the new-model skeleton is a valid model with its references resolved', () => {
    const text = expandSnippet(snippets['New threat model'].body);
    assert.deepEqual(errorsOf(text), []);
    assert.deepEqual(checkDocument(parseDocument(text)).filter((d) => d.code === 'unresolved-reference'), []);
  });

  const host: Record<string, [string, string]> = {
    Element: ['elements', ''],
    'ML element': ['elements', ''],
    'Data flow': ['flows', ''],
    Threat: ['threats', ''],
    Mitigation: ['mitigations', ''],
    'Attack tree': ['attack_trees', ''],
  };
  for (const [name, [section]] of Object.entries(host)) {
    it(`the ${name} snippet gives a valid entry of ${section}`, () => {
      const entry = expandSnippet(snippets[name].body)
        .split('\n')
        .map((l) => (l ? `  ${l}` : l))
        .join('\n');
      assert.deepEqual(errorsOf(`threatmodel: 1\n${section}:\n${entry}\n`), []);
    });
  }

  it('the accepted-risk snippet gives the keys a threat needs', () => {
    const keys = expandSnippet(snippets['Accepted risk'].body)
      .split('\n')
      .filter(Boolean)
      .map((l) => `    ${l}`)
      .join('\n');
    const text = `threatmodel: 1\nelements:\n  - id: a\n    type: process\nthreats:\n  - id: t\n    title: x\n    target: a\n${keys}\n`;
    assert.deepEqual(errorsOf(text), []);
    const threat = parseDocument(text).model.threats[0];
    assert.equal(threat.status, 'accepted');
    assert.equal(threat.reviewBy, '2030-12-31');
  });
});
