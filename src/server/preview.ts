// Answers `threatmodel/dfd` for the DFD preview: the diagram of the current parse, or of the last
// good parse while the YAML is broken. Null when the document is not open or was never valid.
import type { ServerFeature } from './features';
import { isGood } from './documents';
import { previewData } from '../core/diagram/preview';
import { DFD_REQUEST, type DfdParams, type DfdResult } from './previewProtocol';

/** Upper bound for the maxNodes a client may ask for. */
const MAX_NODES_LIMIT = 5000;

export const previewFeature: ServerFeature = (ctx) => {
  ctx.connection.onRequest(
    DFD_REQUEST,
    ctx.safeRequest<DfdParams, DfdResult | null>(DFD_REQUEST, null, (params) => {
      if (!params || typeof params.uri !== 'string') return null;
      const version = ctx.documents.version(params.uri);
      const current = ctx.documents.get(params.uri);
      if (version === undefined || !current) return null;
      const good = ctx.documents.lastGood(params.uri);
      if (!good) return null;
      const maxNodes = Number.isFinite(params.maxNodes) ? Math.min(MAX_NODES_LIMIT, Math.max(1, Math.floor(params.maxNodes))) : 150;
      const view = params.view && ['full', 'boundary', 'focus'].includes(params.view.kind) ? params.view : { kind: 'full' as const };
      const data = previewData(good, { overlay: params.overlay === true, view, maxNodes, force: params.force === true });
      return { ...data, version, broken: !isGood(current) };
    }),
  );
};
