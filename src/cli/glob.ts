// A small glob matcher: `*` (within one path segment), `**` (any number of segments), `?` (one
// character) and `{a,b}` (alternatives, nestable). Paths use forward slashes. Walking skips
// node_modules and .git and never follows symbolic links to directories (no cycles).
import { readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';

const MAGIC = /[*?{]/;

export function hasMagic(pattern: string): boolean {
  return MAGIC.test(pattern);
}

/** Compiles a glob to an anchored regular expression over forward-slash paths. */
export function globToRegExp(pattern: string): RegExp {
  let i = 0;
  let depth = 0;
  let out = '';
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const atSegmentStart = i === 0 || pattern[i - 1] === '/';
        const next = pattern[i + 2];
        if (atSegmentStart && next === '/') {
          out += '(?:[^/]*(?:/[^/]*)*/)?';
          i += 3;
          continue;
        }
        if (atSegmentStart && next === undefined) {
          out += '.*';
          i += 2;
          continue;
        }
        out += '[^/]*';
        i += 2;
        continue;
      }
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '{') {
      depth++;
      out += '(?:';
    } else if (c === '}' && depth > 0) {
      depth--;
      out += ')';
    } else if (c === ',' && depth > 0) {
      out += '|';
    } else if (c === '\\' && i + 1 < pattern.length) {
      out += escapeRegExp(pattern[i + 1]);
      i++;
    } else {
      out += escapeRegExp(c);
    }
    i++;
  }
  if (depth > 0) throw new Error(`unbalanced '{' in pattern '${pattern}'`);
  return new RegExp(`^${out}$`);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

const SKIP = new Set(['node_modules', '.git']);
/** Bounds the walk so a glob over a huge tree cannot run away. */
export const MAX_WALK_ENTRIES = 200_000;

/**
 * Expands a glob relative to `cwd`. Returns the matching FILES as forward-slash paths in the
 * pattern's own form (relative if the pattern was relative), sorted.
 */
export function expandGlob(pattern: string, cwd: string): string[] {
  const normalized = pattern.replace(/\\/g, '/');
  const segments = normalized.split('/');
  const fixed: string[] = [];
  for (const segment of segments) {
    if (hasMagic(segment)) break;
    fixed.push(segment);
  }
  // The directory to walk: the leading segments without glob characters.
  const baseSegments = fixed.length === segments.length ? fixed.slice(0, -1) : fixed;
  const basePrefix = baseSegments.length ? `${baseSegments.join('/')}/` : '';
  const baseDir = baseSegments.length === 0 ? cwd : join(normalized.startsWith('/') ? '/' : cwd, ...baseSegments.filter(Boolean));
  const matcher = globToRegExp(normalized);
  const results: string[] = [];
  let seen = 0;
  const stack: { dir: string; rel: string }[] = [{ dir: baseDir, rel: basePrefix }];
  while (stack.length > 0) {
    const { dir, rel } = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (++seen > MAX_WALK_ENTRIES) throw new Error(`the pattern '${pattern}' walks more than ${MAX_WALK_ENTRIES} entries; narrow it`);
      const path = `${rel}${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIP.has(entry.name)) stack.push({ dir: join(dir, entry.name), rel: `${path}/` });
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        if (matcher.test(path)) results.push(path);
      }
    }
  }
  return results.sort();
}
