// Writing a string as a YAML scalar: plain when that reads back as the same string everywhere
// (this parser, js-yaml's core and YAML 1.1 schemas, flow context), otherwise quoted.
import { CORE_SCHEMA, YAML11_SCHEMA, load } from 'js-yaml';

// YAML 1.1 booleans and nulls that some tools still read as such.
const YAML11_SPECIAL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

/** A string as a YAML scalar: quoted only when needed. */
export function formatYamlScalar(value: string): string {
  return isPlainSafe(value) ? value : quote(value);
}

function isPlainSafe(value: string): boolean {
  if (value === '' || value.length > 1000) return false;
  if (value !== value.trim()) return false;
  // Indicators at the start, flow indicators anywhere (values may go into `[a, b]`), comments,
  // key separators and anything that is not a printable single line.
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(value)) return false;
  if (/[,[\]{}]/.test(value)) return false;
  if (/: |:$| #|\t/.test(value)) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\u0085\u2028\u2029\ufeff]/.test(value)) return false;
  if (YAML11_SPECIAL.test(value)) return false;
  for (const schema of [undefined, CORE_SCHEMA, YAML11_SCHEMA]) {
    try {
      if (load(value, schema ? { schema } : {}) !== value) return false;
    } catch {
      return false;
    }
  }
  return true;
}

function quote(value: string): string {
  // Single quotes need no escapes except '' for '; double quotes for anything with control chars.
  // eslint-disable-next-line no-control-regex
  if (!/[\u0000-\u001f\u007f\u0085\u2028\u2029\ufeff]/.test(value)) return `'${value.replace(/'/g, "''")}'`;
  return JSON.stringify(value).replace(/[\u007f\u0085\u2028\u2029\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
