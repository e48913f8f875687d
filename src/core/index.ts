// The public surface of core, for the server, the CLI and the extension.
export * from './document';
export * from './check';
export * from './diagnostics/types';
export * from './diagnostics/codes';
export * from './model/types';
export * from './model/symbols';
export * from './text/lineIndex';
export * from './yaml/tree';
export { parseYaml, LIMITS } from './yaml/parse';
export * from './edits';
export * from './catalog';
