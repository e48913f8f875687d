// The features the server runs, in order. One import and one entry per feature.
import type { ServerFeature } from './features';
import { diagnosticsFeature } from './diagnostics';
import { symbolsFeature } from './symbols';
import { navigationFeature } from './navigation';
import { completionFeature } from './completion';
import { hoverFeature } from './hover';
import { previewFeature } from './preview';
import { analysisFeature } from './analysis';
import { codeActionsFeature } from './codeActions';
import { atlasCatalogFeature } from './atlasCatalog';
import { pyritFeature } from './pyrit';

export const FEATURES: ServerFeature[] = [
  diagnosticsFeature,
  symbolsFeature,
  navigationFeature,
  completionFeature,
  hoverFeature,
  previewFeature,
  analysisFeature,
  codeActionsFeature,
  atlasCatalogFeature,
  pyritFeature,
];
