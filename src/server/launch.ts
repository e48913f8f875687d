// How the language server's process is best started, for everything that starts it: the VS Code
// client (src/extension/lsp/process.ts) and the benchmark; docs/language-server.md tells other
// editors. A value already in the environment wins, so a user's own setting is kept.
//
// MALLOC_ARENA_MAX: glibc gives each thread that allocates its own malloc arena and keeps what
// is freed in it. V8's background threads (concurrent marking, compilation) allocate and free a
// lot while a large model is parsed, and with the 5,000-element model their four arenas then
// held about 11 MB of free memory for the life of the process; with two arenas the server's
// resident memory is about 6 MB lower (docs/performance.md, fifth round). One arena would save
// about 3 MB more, but it puts every thread on one lock. Other allocators ignore the variable.
export const SERVER_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };

/** `base` with SERVER_ENV's variables added where `base` does not set them. */
export function serverEnvironment(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const [name, value] of Object.entries(SERVER_ENV)) if (env[name] === undefined) env[name] = value;
  return env;
}
