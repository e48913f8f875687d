// Minimal text edits on .threatmodel YAML text.
export * from './textEdit';
export { formatYamlScalar } from './scalar';
export { detectStyle, type YamlStyle } from './style';
export { appendToTopLevelList, addToIdList, setScalar, insertKey } from './yamlEdits';
