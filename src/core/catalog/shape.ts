// Reading catalog YAML safely: parse with js-yaml's CORE schema (no dates, no custom tags) and pull typed
// values out of the plain result, throwing an Error that names the file and the path of anything malformed.
import { load, CORE_SCHEMA } from 'js-yaml';

/** Largest catalog text we accept (characters). */
export const MAX_CATALOG_LENGTH = 20 * 1024 * 1024;

export class CatalogShapeError extends Error {
  constructor(file: string, path: string, problem: string) {
    super(`${file}: ${path ? path + ': ' : ''}${problem}`);
    this.name = 'CatalogShapeError';
  }
}

/** Parses one YAML document; rejects oversized text, aliases and anything that is not valid YAML. */
export function loadCatalogYaml(text: string, file: string): unknown {
  if (typeof text !== 'string') throw new CatalogShapeError(file, '', 'expected YAML text');
  if (text.length > MAX_CATALOG_LENGTH) {
    throw new CatalogShapeError(file, '', `too large (${text.length} characters; the limit is ${MAX_CATALOG_LENGTH})`);
  }
  try {
    return load(text, { schema: CORE_SCHEMA, filename: file, maxAliases: 0, maxDepth: 50 });
  } catch (e) {
    const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new CatalogShapeError(file, '', `not valid YAML: ${reason}`);
  }
}

/** A cursor over a parsed value that knows its file and path, for precise error messages. */
export class Reader {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly value: unknown,
  ) {}

  fail(problem: string): never {
    throw new CatalogShapeError(this.file, this.path, problem);
  }

  private child(key: string | number, value: unknown): Reader {
    const path = typeof key === 'number' ? `${this.path}[${key}]` : this.path ? `${this.path}.${key}` : key;
    return new Reader(this.file, path, value);
  }

  isMap(): boolean {
    return typeof this.value === 'object' && this.value !== null && !Array.isArray(this.value);
  }

  map(): Record<string, unknown> {
    if (!this.isMap()) this.fail(`expected a mapping, found ${describe(this.value)}`);
    return this.value as Record<string, unknown>;
  }

  has(key: string): boolean {
    const m = this.map();
    return Object.prototype.hasOwnProperty.call(m, key) && m[key] !== null && m[key] !== undefined;
  }

  /** The value under `key` (required unless `optional`). */
  get(key: string, optional = false): Reader {
    const m = this.map();
    const present = Object.prototype.hasOwnProperty.call(m, key) && m[key] !== null && m[key] !== undefined;
    if (!present && !optional) this.child(key, undefined).fail('missing');
    return this.child(key, present ? m[key] : undefined);
  }

  str(): string {
    if (typeof this.value === 'number' || typeof this.value === 'boolean') return String(this.value);
    if (typeof this.value !== 'string' || this.value.trim() === '') this.fail(`expected a non-empty string, found ${describe(this.value)}`);
    return this.value;
  }

  optStr(): string | undefined {
    return this.value === undefined ? undefined : this.str();
  }

  items(): Reader[] {
    if (!Array.isArray(this.value)) this.fail(`expected a list, found ${describe(this.value)}`);
    return (this.value as unknown[]).map((v, i) => this.child(i, v));
  }

  /** A list of strings; a missing value is an empty list. */
  strs(): string[] {
    if (this.value === undefined) return [];
    return this.items().map((r) => r.str());
  }

  entries(): [string, Reader][] {
    return Object.keys(this.map()).map((k) => [k, this.child(k, (this.value as Record<string, unknown>)[k])]);
  }

  /** A string that must be one of `allowed`. */
  oneOf<T extends string>(allowed: readonly T[]): T {
    const s = this.str();
    if (!(allowed as readonly string[]).includes(s)) this.fail(`'${s}' is not one of ${allowed.join(', ')}`);
    return s as T;
  }
}

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return value.trim() === '' ? 'an empty string' : `the string '${value.length > 40 ? value.slice(0, 40) + '…' : value}'`;
  return `${typeof value} ${String(value)}`;
}

/** Lazily computed, cached value (catalogs are parsed at first use, not at activation). */
export function lazy<T>(compute: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value;
  };
}
