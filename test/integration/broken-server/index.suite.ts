// Entry point for the "broken language server" run (scripts/test-integration.mjs stages a copy of
// the extension whose dist/server.js exits at once): the same runner, the suites of this folder.
export { run } from '../index.suite';
