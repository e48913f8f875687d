// The features the server runs, in order. One import and one entry per feature.
import type { ServerFeature } from './features';
import { diagnosticsFeature } from './diagnostics';

export const FEATURES: ServerFeature[] = [
  diagnosticsFeature,
];
