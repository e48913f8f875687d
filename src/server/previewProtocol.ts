// The `threatmodel/dfd` request: the DFD preview asks the language server (which already holds the
// parsed document) for the diagram of a document, so the extension host never bundles the parser.
import type { PreviewData, PreviewRequest } from '../core/diagram/preview';

export const DFD_REQUEST = 'threatmodel/dfd';

export interface DfdParams extends PreviewRequest {
  uri: string;
}

export interface DfdResult extends PreviewData {
  /** The document version the answer is for. */
  version: number;
  /** The current text is not valid YAML; the diagram is from the last valid version. */
  broken: boolean;
}
