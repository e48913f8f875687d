// The performance budgets, checked against bench/results.json by `npm run bench:check`.
import { median, type Results } from './results';
import { isSample } from './stats';
import type { MemoryAtOpen } from './memory';

export type BudgetStatus = 'pass' | 'fail' | 'unchecked';

export interface BudgetOutcome {
  budget: string;
  status: BudgetStatus;
  detail: string;
}

export const LIMITS = {
  fullCheckVsFloor: 3,
  growthSlope: 1.15,
  editParseFloors: 2,
  mermaidVsFloor: 0.5,
  previewOverhead: 1.1,
  extensionKB: 300,
  memoryPerFileByte: 10,
  /** Growth after many edits allowed as noise: this many MB, or this fraction of the RSS before, whichever is larger. */
  editGrowthMB: 32,
  editGrowthFraction: 0.15,
};

/**
 * Left out of the linearity budget: the every-boundary sum (N/20 views of an N-element model,
 * quadratic by construction) and the js-yaml floor (the reference, not our code).
 */
export const NOT_LINEAR_BY_DESIGN = ['mermaidAllBoundaries', 'yamlLoad'];

const f = (x: number | undefined, digits = 2) => (x === undefined ? 'n/a' : x.toFixed(digits));

export function checkBudgets(r: Results): BudgetOutcome[] {
  const out: BudgetOutcome[] = [];
  const add = (budget: string, status: BudgetStatus, detail: string) => out.push({ budget, status, detail });
  const core = (n: number) => r.core[String(n)];

  // 1. Full check of the 5,000 element model <= 3x the js-yaml load floor.
  {
    const name = `full check of the 5,000 element model <= ${LIMITS.fullCheckVsFloor}x js-yaml load`;
    const c = core(5000);
    const full = median(c?.measures.fullCheck);
    const floor = median(c?.measures.yamlLoad);
    if (full === undefined || floor === undefined) add(name, 'unchecked', c ? 'a measure is missing' : 'the 5,000 element size was not measured');
    else {
      const x = full / floor;
      add(name, x <= LIMITS.fullCheckVsFloor ? 'pass' : 'fail', `${f(full, 0)} ms / ${f(floor, 0)} ms = ${f(x)}x`);
    }
  }

  // 2. Every core measure grows about linearly from 1,000 to 5,000 elements.
  {
    // Pairs of runs on both sizes back to back when the run has them (bench/growth.ts), else the
    // fastest run of each size.
    const paired = r.growthPaired && Object.keys(r.growthPaired).length > 0 ? r.growthPaired : undefined;
    const basis = paired ? 'median of paired runs' : 'fastest runs';
    const name = `every core measure grows about linearly (slope <= ${LIMITS.growthSlope}, 1,000 -> 5,000 elements, ${basis})`;
    if (!r.growthBasis || r.growthBasis[0] !== 1000 || r.growthBasis[1] !== 5000) add(name, 'unchecked', 'needs both the 1,000 and the 5,000 element sizes');
    else {
      // mermaidAllBoundaries draws every boundary in turn: N/20 views of an N-element model, so it
      // grows quadratically by construction; each single view (mermaidBoundary) is checked.
      const slopes: Record<string, number | undefined> = paired
        ? Object.fromEntries(Object.keys(r.growth).map((key) => [key, paired[key]?.median]))
        : (r.growthMin ?? r.growth);
      const growth = Object.entries(slopes).filter(([key]) => !NOT_LINEAR_BY_DESIGN.includes(key));
      const over = growth.filter(([, k]) => k !== undefined && k > LIMITS.growthSlope);
      const missing = growth.filter(([, k]) => k === undefined).map(([key]) => key);
      const detail = growth
        .map(([key, k]) => `${key} ${f(k)}`)
        .join(', ');
      add(name, over.length === 0 ? 'pass' : 'fail', over.length ? `over: ${over.map(([k, v]) => `${k} ${f(v)}`).join(', ')} (all: ${detail})` : detail + (missing.length ? `; not measured: ${missing.join(', ')}` : ''));
    }
  }

  // 3. Edit to diagnostics on the 1,000 element model <= debounce + 2x the parse floor.
  {
    const name = `edit-to-diagnostics on the 1,000 element model <= debounce + ${LIMITS.editParseFloors}x js-yaml load`;
    const s = r.server?.sizes.find((x) => x.elements === 1000);
    const edit = median(s?.editToDiagnostics);
    // Prefer the floor measured next to the edits (same machine load) over the core part's.
    const floor = median(s?.yamlLoadFloor) ?? median(core(1000)?.measures.yamlLoad);
    const debounce = r.server?.debounceMs;
    const paired = s?.editOverFloor;
    if (paired && edit !== undefined && floor !== undefined && debounce !== undefined) {
      // Judged on the pairs (edit next to a floor run of the same moment), as the preview is.
      const interval = paired.ci90 ? `; 90% interval ${f(paired.ci90[0])}-${f(paired.ci90[1])}` : '';
      add(
        name,
        paired.median <= LIMITS.editParseFloors ? 'pass' : 'fail',
        `median of ${paired.runs} paired (edit - ${debounce} ms) / load ratios ${f(paired.median)}x (quartiles ${f(paired.q1)}-${f(paired.q3)}${interval}); medians ${f(edit, 0)} ms vs ${debounce} + ${LIMITS.editParseFloors} x ${f(floor, 0)} = ${f(debounce + LIMITS.editParseFloors * floor, 0)} ms`,
      );
    } else if (edit === undefined || floor === undefined || debounce === undefined) add(name, 'unchecked', s ? 'a measure is missing' : 'the server was not measured on the 1,000 element model');
    else {
      const limit = debounce + LIMITS.editParseFloors * floor;
      add(name, edit <= limit ? 'pass' : 'fail', `${f(edit, 0)} ms vs ${debounce} + ${LIMITS.editParseFloors} x ${f(floor, 0)} = ${f(limit, 0)} ms`);
    }
  }

  // 4. Mermaid generation <= 0.5x the parse floor (full diagram, every size measured).
  {
    const name = `Mermaid generation (full) <= ${LIMITS.mermaidVsFloor}x js-yaml load`;
    const sizes = Object.keys(r.core);
    if (sizes.length === 0) add(name, 'unchecked', 'no core sizes measured');
    for (const n of sizes) {
      const gen = median(r.core[n].measures.mermaidFull);
      const floor = median(r.core[n].measures.yamlLoad);
      if (gen === undefined || floor === undefined) add(`${name} at ${n}`, 'unchecked', 'a measure is missing');
      else add(`${name} at ${n}`, gen <= LIMITS.mermaidVsFloor * floor ? 'pass' : 'fail', `${f(gen, 1)} ms / ${f(floor, 1)} ms = ${f(gen / floor)}x`);
    }
  }

  // 5. Preview render overhead <= 1.1x Mermaid alone.
  {
    const name = `preview render <= ${LIMITS.previewOverhead}x Mermaid alone`;
    const cases = r.preview?.cases ?? [];
    if (cases.length === 0) add(name, 'unchecked', r.preview?.na ?? 'the preview was not measured');
    for (const c of cases) {
      const label = `${name} (${c.elements} elements, ${c.view})`;
      if (!isSample(c.preview) || !isSample(c.mermaidAlone)) {
        const why = [c.preview, c.mermaidAlone].map((m) => ('na' in m ? m.na : '')).filter(Boolean)[0] ?? 'not measured';
        add(label, 'unchecked', why.split('\n')[0]);
      } else {
        // The median of the per-pair ratios when the run has them (back-to-back runs share the load).
        const p = c.pairedRatio;
        const x = p?.median ?? c.preview.median / c.mermaidAlone.median;
        const detail = p
          ? `median of ${p.runs} paired ratios ${f(x)}x (quartiles ${f(p.q1)}-${f(p.q3)}${p.ci90 ? `; 90% interval ${f(p.ci90[0])}-${f(p.ci90[1])}` : ''}); medians ${f(c.preview.median, 0)} ms / ${f(c.mermaidAlone.median, 0)} ms`
          : `${f(c.preview.median, 0)} ms / ${f(c.mermaidAlone.median, 0)} ms = ${f(x)}x`;
        add(label, x <= LIMITS.previewOverhead ? 'pass' : 'fail', detail);
      }
    }
  }

  // 6. The extension bundle under 300 KB (the production build that ships).
  {
    const name = `extension bundle < ${LIMITS.extensionKB} KB (production build)`;
    const kb = r.bundle?.extensionProductionKB ?? r.bundle?.extensionKB;
    if (kb === undefined) add(name, 'unchecked', 'no bundle measured');
    else add(name, kb < LIMITS.extensionKB ? 'pass' : 'fail', `${f(kb, 1)} KB${r.bundle?.extensionProductionKB === undefined ? ' (dist/extension.js; production build missing)' : ''}`);
    if (r.bundle?.mermaidInExtension) add('Mermaid is not in the extension bundle', 'fail', 'a Mermaid marker string was found in the extension bundle');
    else if (kb !== undefined) add('Mermaid is not in the extension bundle', 'pass', 'no Mermaid marker strings');
  }

  // 7. Server memory for the 5,000 element model < 10x the file size + the idle baseline. Read from
  // fresh processes (medians) once the server has settled (bench/memory.ts) when the run has them,
  // else from the in-sequence figures.
  {
    const name = `server memory with the 5,000 element model < idle + ${LIMITS.memoryPerFileByte}x file size`;
    const fresh = r.server?.memory?.ours;
    const inSequence = r.server?.sizes.find((x) => x.elements === 5000);
    const settled = fresh?.settledMB;
    const figures =
      fresh && fresh.elements === 5000 && settled !== undefined && fresh.idleMB !== undefined
        ? {
            open: settled,
            idle: fresh.idleMB,
            above: fresh.aboveIdleMB ?? settled - fresh.idleMB,
            bytes: fresh.bytes,
            basis: `settled, median of ${fresh.runs.length} fresh processes${freshDetail(fresh)}`,
          }
        : inSequence?.rssAfterOpenMB !== undefined && r.server?.rssIdleMB !== undefined
          ? { open: inSequence.rssAfterOpenMB, idle: r.server.rssIdleMB, above: inSequence.rssAfterOpenMB - r.server.rssIdleMB, bytes: inSequence.bytes, basis: 'in sequence' }
          : undefined;
    if (!figures) add(name, 'unchecked', 'the server was not measured on the 5,000 element model');
    else {
      const limit = figures.idle + (LIMITS.memoryPerFileByte * figures.bytes) / (1024 * 1024);
      add(
        name,
        figures.open < limit ? 'pass' : 'fail',
        `${f(figures.open, 1)} MB vs ${f(figures.idle, 1)} + ${LIMITS.memoryPerFileByte} x ${f(figures.bytes / 1048576, 2)} = ${f(limit, 1)} MB (${figures.basis})${memoryFloorNote(r, figures.above)}`,
      );
    }
  }

  // 8. No memory growth over many edits beyond noise: settled before against settled after when
  // the run has both (bench/server.ts), else before against right after the last burst.
  {
    const e = r.server?.edits;
    const name = 'server memory does not grow over many edits (beyond noise)';
    const after = e?.rssSettledAfterMB ?? e?.rssAfterMB;
    if (!e || e.rssBeforeMB === undefined || after === undefined) add(name, 'unchecked', 'the edit series was not run');
    else {
      const allowed = Math.max(LIMITS.editGrowthMB, LIMITS.editGrowthFraction * e.rssBeforeMB);
      const growth = after - e.rssBeforeMB;
      const how =
        e.rssSettledAfterMB === undefined
          ? ''
          : ` settled before and after${e.released ? '' : ' (without the idle release)'}; while typing ${f(e.rssHalfwayMB, 1)} MB halfway, ${f(e.rssAfterMB, 1)} MB after the last burst`;
      add(name, growth <= allowed ? 'pass' : 'fail', `${e.edits} edits on ${e.model} elements: ${f(e.rssBeforeMB, 1)} -> ${f(after, 1)} MB (+${f(growth, 1)}, allowed +${f(allowed, 1)})${how ? `;${how}` : ''}`);
    }
  }
  return out;
}

/** What the settled memory figure leaves out: the reading at the first diagnostics and the peak. */
function freshDetail(m: MemoryAtOpen): string {
  const parts: string[] = [];
  if (m.openMB !== undefined) parts.push(`${f(m.openMB, 1)} MB at the first diagnostics`);
  if (m.peakMB !== undefined) parts.push(`peak ${f(m.peakMB, 1)} MB`);
  const unreleased = m.runs.filter((run) => !run.released).length;
  if (unreleased > 0) parts.push(`${unreleased} of ${m.runs.length} runs without the idle release`);
  return parts.length ? `; ${parts.join(', ')}` : '';
}

/**
 * The memory budget's context: our memory above idle next to the floor server's (a language server
 * that only keeps js-yaml `load` of the same text, bench/floorServer.ts), or nothing when the run
 * has no floor figure. Not a budget of its own: it says how far the absolute budget is from what
 * holding the model in plain JavaScript costs at all.
 */
export function memoryFloorNote(r: Results, oursAboveIdleMB: number): string {
  const floor = r.server?.memory?.floor;
  const held = floor?.settledMB ?? floor?.openMB;
  if (!floor || floor.elements !== 5000 || floor.aboveIdleMB === undefined || held === undefined || floor.idleMB === undefined) return '';
  const ratio = floor.aboveIdleMB > 0 ? ` = ${f(oursAboveIdleMB / floor.aboveIdleMB)}x` : '';
  return `; above idle: ours ${f(oursAboveIdleMB, 1)} MB, js-yaml load in a minimal language server ${f(floor.aboveIdleMB, 1)} MB (${floor.settledMB === undefined ? 'open' : 'settled'} ${f(held, 1)}, idle ${f(floor.idleMB, 1)})${ratio}`;
}
