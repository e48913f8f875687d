// The diagnostic codes of the mitigation checks, with their documentation.
import { registerCodes } from '../diagnostics/codes';

registerCodes([
  {
    code: 'unmitigated-threat',
    severity: 'warning',
    category: 'mitigation',
    title: 'A threat has no mitigation and its risk is not accepted or transferred.',
    help: 'Link a mitigation (`mitigations: [M1]`), or record a risk decision with `status: accepted` or `transferred` and a `justification`. It is an error when the DREAD band of the threat is at or above `threatmodel.diagnostics.unmitigatedErrorBand` (default `high`). Quick fixes add a catalog mitigation, link an existing one, or accept the risk.',
  },
  {
    code: 'mitigation-status-mismatch',
    severity: 'warning',
    category: 'mitigation',
    title: 'A threat is marked mitigated but none of its mitigations is in place yet.',
    help: 'Every linked mitigation is still `proposed` or `planned`. Set the threat back to `open` until one is `implemented` or `verified`, or update the mitigation status.',
  },
  {
    code: 'accepted-without-justification',
    severity: 'warning',
    category: 'mitigation',
    title: 'A risk is accepted or transferred without a justification.',
    help: 'Write down why the risk is acceptable, or to whom it is transferred, in `justification:`; reviewers and auditors need the reason.',
  },
  {
    code: 'accepted-without-owner',
    severity: 'info',
    category: 'mitigation',
    title: 'An accepted or transferred risk has no owner.',
    help: 'Name who owns the risk decision in `owner:`.',
  },
  {
    code: 'accepted-without-review-date',
    severity: 'info',
    category: 'mitigation',
    title: 'An accepted or transferred risk has no review date.',
    help: 'Add `review_by: YYYY-MM-DD` so the decision is revisited.',
  },
  {
    code: 'orphan-mitigation',
    severity: 'hint',
    category: 'mitigation',
    title: 'No threat refers to this mitigation.',
    help: "List the mitigation's id in the `mitigations:` of the threats it addresses, or remove it.",
  },
  {
    code: 'missing-evidence',
    severity: 'warning',
    category: 'mitigation',
    title: 'A mitigation is implemented or verified but names no evidence.',
    help: 'Add `evidence:` with a repository path, a ticket or a link that shows the control is in place.',
  },
  {
    code: 'evidence-not-found',
    severity: 'warning',
    category: 'mitigation',
    title: 'An evidence path does not exist in the workspace.',
    help: 'Paths are relative to the workspace folder (or the directory the CLI checks). Fix the path, or remove the evidence if the file was deleted.',
  },
  {
    code: 'unprotected-boundary-crossing',
    severity: 'warning',
    category: 'mitigation',
    title: 'A data flow crosses a trust boundary unauthenticated or unencrypted, and no threat covers it.',
    help: 'Authenticate and encrypt the flow (`authenticated: true`, `encrypted: true`), or write a threat targeting the flow that records how the risk is handled.',
  },
  {
    code: 'unverified-ml-artifact',
    severity: 'warning',
    category: 'mitigation',
    title: 'An externally sourced model or dataset is used without artifact verification.',
    help: 'Models and datasets from outside (provenance `external` or `vendor`) can be poisoned or backdoored (MITRE ATLAS AML.T0010 AI Supply Chain Compromise). Link a mitigation with `atlas: [AML.M0014]` (Verify AI Artifacts) or `AML.M0013` (Code Signing), or `controls: [integrity_check]` / `[signature_verification]`, from a threat targeting the artifact.',
  },
  {
    code: 'coverage-gap',
    severity: 'info',
    category: 'mitigation',
    title: 'Applicable STRIDE / LINDDUN / ATLAS threats are not considered for an element or flow.',
    help: 'Off by default; enable with `threatmodel.diagnostics.coverageHints`. The quick fix adds the missing proposals as threats; or suppress a proposal with a justification under `suppressions:`.',
  },
]);
