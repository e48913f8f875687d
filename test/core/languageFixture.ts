// A small model used by the language-feature unit tests (test/core/language-*.test.ts).
export const MODEL = `threatmodel: 1
title: Spam filter
data_assets:
  - id: mail
    name: E-mail
    classification: confidential
    personal: true
boundaries:
  - id: cloud
    name: Cloud account
  - id: dmz
    parent: cloud
elements:
  - id: client
    name: Mail server
    type: external_entity
  - id: api
    name: Inference API
    type: process
    ml_role: [inference_api, model]
    boundary: dmz
    data: [mail]
flows:
  - id: f1
    from: client
    to: api
    data: [mail]
threats:
  - id: T1
    title: Model evasion
    target: api
    stride: [tampering]
    dread: { damage: 8, reproducibility: 6, exploitability: 7, affected_users: 9, discoverability: 5 }
    mitigations: [M1]
  - id: T2
    title: Sniffing
    target: [f1, api]
    status: mitigated
    mitigations:
      - M1
mitigations:
  - id: M1
    title: Adversarial training
    status: implemented
attack_trees:
  - id: AT1
    goal: Evade the filter
    operator: or
    children:
      - title: Craft adversarial mail
        threat: T1
        children:
          - title: Probe the API
`;

/** Offset of the n-th (0-based) occurrence of `needle` in `text`, plus `delta`. */
export function at(text: string, needle: string, delta = 0, nth = 0): number {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`'${needle}' (#${nth}) not found`);
  }
  return i + delta;
}
