// Realistic synthetic threat models of any size, deterministic from a seed. Used by the benchmark
// (bench/) and by tests that need large models. Shape per N elements: ~N/20 nested trust
// boundaries, ~2N flows, ~3N threats, ~2N mitigations, personal data, ML roles, attack trees.

export interface GenerateOptions {
  /** Number of DFD elements. */
  elements: number;
  /** PRNG seed; the same seed and size always give the same text. */
  seed?: number;
}

/** mulberry32: a small, fast, well-distributed 32-bit PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ML_ROLES = ['model', 'training_data', 'inference_api', 'llm', 'retriever', 'vector_store', 'federated_client', 'dataset', 'training_pipeline'];
const STRIDE = ['spoofing', 'tampering', 'repudiation', 'information_disclosure', 'denial_of_service', 'elevation_of_privilege'];
const LINDDUN = ['linking', 'identifying', 'data_disclosure', 'detecting', 'non_compliance'];
const ATLAS = ['AML.T0040', 'AML.T0024.002', 'AML.T0051.000', 'AML.T0020', 'AML.T0015', 'AML.T0043', 'AML.T0029', 'AML.T0057'];
const ATLAS_MITIGATIONS = ['AML.M0004', 'AML.M0019', 'AML.M0014', 'AML.M0015', 'AML.M0020', 'AML.M0024'];
const PROTOCOLS = ['HTTPS', 'gRPC', 'SQL', 'AMQP', 'S3 API', 'HTTP'];
const MITIGATION_STATUS = ['proposed', 'planned', 'implemented', 'verified'];

export function generateModel(options: GenerateOptions): string {
  const n = Math.max(1, Math.floor(options.elements));
  const rand = prng(options.seed ?? 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const out: string[] = [];
  const w = (line: string): void => {
    out.push(line);
  };

  w('# Synthetic threat model generated for benchmarks and tests.');
  w('threatmodel: 1');
  w(`title: Synthetic system with ${n} elements`);
  w('description: >-');
  w('  A generated model with nested trust boundaries, ML components, personal data,');
  w('  threats, mitigations and attack trees.');
  w('owners: [platform-security]');
  w('assumptions:');
  w('  - Generated; the shape mirrors real systems, the names do not.');
  w('');

  const assets = Math.max(2, Math.ceil(n / 50));
  w('data_assets:');
  for (let i = 0; i < assets; i++) {
    const personal = i % 2 === 0;
    w(`  - id: asset-${i}`);
    w(`    name: Data set ${i}`);
    w(`    classification: ${personal ? 'confidential' : 'internal'}`);
    w(`    personal: ${personal}`);
    if (i % 5 === 0) w('    special_category: true');
  }
  w('');

  const boundaries = Math.max(1, Math.ceil(n / 20));
  w('boundaries:');
  for (let i = 0; i < boundaries; i++) {
    w(`  - id: zone-${i}`);
    w(`    name: Zone ${i}`);
    w(`    kind: ${i === 0 ? 'network' : pick(['network', 'cloud_account', 'host', 'container'])}`);
    // A forest of depth up to 3: every third boundary nests in an earlier one.
    if (i > 0 && i % 3 !== 0) w(`    parent: zone-${i - (i % 3)}`);
  }
  w('');

  w('elements:');
  const types: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = rand();
    const type = i % 10 === 0 ? 'external_entity' : r < 0.3 ? 'data_store' : 'process';
    types.push(type);
    if (i % 25 === 0) w(`  # Elements of zone ${Math.floor(i / 20)}`);
    w(`  - id: el-${i}`);
    w(`    name: ${type.replace('_', ' ')} ${i}`);
    w(`    type: ${type}`);
    if (type !== 'external_entity') w(`    boundary: zone-${Math.floor(i / 20) % boundaries}`);
    if (type === 'process' && rand() < 0.3) {
      const role = pick(ML_ROLES);
      w(`    ml_role: ${role}`);
      if (role === 'inference_api') w('    returns_scores: true');
      if (role === 'training_data' || role === 'model') w(`    provenance: ${rand() < 0.5 ? 'external' : 'internal'}`);
    }
    if (type === 'process') {
      w(`    authentication: ${pick(['none', 'oauth', 'mtls', 'api_key'])}`);
      if (rand() < 0.1) w('    internet_facing: true');
    }
    if (type === 'data_store') {
      w(`    data: [asset-${i % assets}]`);
      if (rand() < 0.2) w('    stores_logs: true');
    }
  }
  w('');

  const flows = 2 * n;
  w('flows:');
  for (let i = 0; i < flows; i++) {
    const from = i % n;
    let to = (from + 1 + Math.floor(rand() * Math.min(40, n))) % n;
    if (to === from) to = (from + 1) % n;
    if (n === 1) break;
    w(`  - id: flow-${i}`);
    w(`    from: el-${from}`);
    w(`    to: el-${to}`);
    w(`    data: [asset-${i % assets}]`);
    w(`    protocol: ${pick(PROTOCOLS)}`);
    w(`    authenticated: ${rand() < 0.6}`);
    w(`    encrypted: ${rand() < 0.7}`);
  }
  w('');

  const mitigations = 2 * n;
  const threats = 3 * n;
  w('threats:');
  for (let i = 0; i < threats; i++) {
    const onFlow = i % 3 === 2 && n > 1;
    const target = onFlow ? `flow-${i % flows}` : `el-${i % n}`;
    w(`  - id: T-${i}`);
    w(`    title: Threat ${i} against ${target}`);
    w(`    target: ${target}`);
    w(`    stride: [${pick(STRIDE)}]`);
    if (i % 4 === 0) w(`    linddun: [${pick(LINDDUN)}]`);
    if (i % 5 === 0) w(`    atlas: [${pick(ATLAS)}]`);
    const r = rand();
    // Deliberately unmitigated threats are low risk (factors 1-4), so the generated model carries
    // warnings but no high-risk errors; the others span the whole 1-10 range.
    const factor = (): number => 1 + Math.floor(rand() * (r < 0.15 ? 4 : 10));
    w(
      `    dread: {damage: ${factor()}, reproducibility: ${factor()}, exploitability: ${factor()}, affected_users: ${factor()}, discoverability: ${factor()}}`,
    );
    if (r < 0.15) {
      // Deliberately unmitigated.
      w('    status: open');
    } else if (r < 0.2) {
      w('    status: accepted');
      w('    justification: Low impact; revisit next quarter.');
      w('    owner: risk-board');
      w('    review_by: 2027-03-31');
    } else {
      const m = i % mitigations;
      w(`    status: ${rand() < 0.5 ? 'mitigated' : 'open'}`);
      w(`    mitigations: [M-${m}, M-${(m + 1) % mitigations}]`);
    }
  }
  w('');

  w('mitigations:');
  for (let i = 0; i < mitigations; i++) {
    const status = pick(MITIGATION_STATUS);
    w(`  - id: M-${i}`);
    w(`    title: Control ${i}`);
    w(`    status: ${status}`);
    if (i % 3 === 0) w(`    atlas: [${pick(ATLAS_MITIGATIONS)}]`);
    if (status === 'implemented' || status === 'verified') w(`    evidence: [{ticket: SEC-${1000 + i}}]`);
  }
  w('');

  const trees = Math.max(1, Math.ceil(n / 100));
  w('attack_trees:');
  for (let i = 0; i < trees; i++) {
    w(`  - id: AT-${i}`);
    w(`    goal: Compromise asset-${i % assets}`);
    w('    operator: or');
    w('    children:');
    w(`      - title: Direct path ${i}`);
    w(`        threat: T-${(i * 7) % threats}`);
    w('      - title: Chained path');
    w('        operator: and');
    w('        children:');
    w(`          - title: Foothold`);
    w(`            threat: T-${(i * 7 + 1) % threats}`);
    w(`          - title: Escalation`);
    w(`            threat: T-${(i * 7 + 2) % threats}`);
  }
  return out.join('\n') + '\n';
}

/**
 * A one-character edit somewhere in the middle of a generated model (inside a threat title), as
 * an offset and the inserted text, for edit-to-diagnostics latency measurements.
 */
export function oneCharacterEdit(text: string, round = 0): { offset: number; insert: string } {
  const marker = '    title: Threat ';
  let at = text.indexOf(marker, Math.floor(text.length / 2));
  if (at < 0) at = text.indexOf(marker);
  if (at < 0) return { offset: text.length, insert: '\n' };
  return { offset: at + marker.length, insert: String.fromCharCode(97 + (round % 26)) };
}
