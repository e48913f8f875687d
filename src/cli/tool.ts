// The tool's identity for SARIF and reports, from package.json.
import pkg from '../../package.json';
import type { SarifTool } from '../core/sarif/index';

export const TOOL: SarifTool = {
  name: 'threatmodel',
  version: pkg.version,
  informationUri: pkg.repository.url.replace(/\.git$/, ''),
};
