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
// Registers the mitigation checks with checkDocument.
export * from './mitigations';
export * from './catalog';
// STRIDE / LINDDUN / ATLAS analysis and DREAD (registers the dread checker and rule-pack codes).
export * from './analysis';
// PyRIT bridge (registers the validation-attack-succeeded check).
export * from './pyrit';
