// Catalog YAML files are bundled as text by esbuild (`loader: { '.yaml': 'text' }`) and parsed at first use.
declare module '*.yaml' {
  const text: string;
  export default text;
}
