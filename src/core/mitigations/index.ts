// Mitigation diagnostics, registered with checkDocument. Imported for its side effect by core's index.
import { registerChecker } from '../check';
import './codes';
import { checkCoverage } from './coverage';
import { checkBoundaryCrossings } from './flowChecks';
import { checkMitigations } from './mitigationChecks';
import { checkMlArtifacts } from './mlChecks';
import { checkThreats } from './threatChecks';

registerChecker('mitigation: threats', checkThreats);
registerChecker('mitigation: mitigations', checkMitigations);
registerChecker('mitigation: boundary crossings', (doc) => checkBoundaryCrossings(doc));
registerChecker('mitigation: ML artifacts', (doc) => checkMlArtifacts(doc));
registerChecker('mitigation: coverage hints', checkCoverage);

export { threatBand, errorBandThreshold, RISK_BANDS, type RiskBand } from './risk';
export { coverageHintsEnabled } from './coverage';
export { verifiesArtifacts, artifactVerified, ARTIFACT_ROLES } from './mlChecks';
