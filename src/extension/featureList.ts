// The client features the extension runs, in order. One import and one entry per feature.
import type { ExtensionFeature } from './features';
import { clientCommandsFeature } from './commands';
import { activeEditorContextFeature } from './activeContext';
import { examplesFeature } from './examples';
import { previewFeature } from './preview/feature';
import { analysisFeature } from './analysis/feature';
import { atlasImportFeature } from './atlasImport';
import { pyritImportFeature } from './pyritImport';

export const FEATURES: ExtensionFeature[] = [
  clientCommandsFeature,
  activeEditorContextFeature,
  examplesFeature,
  previewFeature,
  analysisFeature,
  atlasImportFeature,
  pyritImportFeature,
];
