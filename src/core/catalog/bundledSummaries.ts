// The project's own one-line ATLAS summaries (catalogs/atlas-summaries.yaml), bundled so that importing a newer
// ATLAS release from the CLI keeps them.
import summariesText from '../../../catalogs/atlas-summaries.yaml';
import { parseAtlasSummaries } from './importAtlas';
import { lazy } from './shape';

export const bundledAtlasSummaries = lazy(() => parseAtlasSummaries(summariesText));
