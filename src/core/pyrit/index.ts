// The PyRIT bridge: export attack objectives for open LLM threats, import attack results as
// validation evidence. The checker module registers `validation-attack-succeeded`.
import './validationCheck';
export { pyritTargets, PYRIT_CATEGORIES, type PyritCategory, type PyritTarget } from './select';
export { exportPyrit, DATASET_FILE, fileSafe, type ExportedFile, type ManifestThreat, type PyritExport } from './exportFiles';
export { escapeForJinja, yamlString } from './jinja';
export { parseResults, verdict, type AttackOutcome, type ThreatVerdict } from './results';
export { planImport, appendValidation, type ImportSummary } from './importEdits';
export { PYRIT_RUNNER } from './runner';
export { coveringValidation, type CoveringValidation } from './coverageValidation';
