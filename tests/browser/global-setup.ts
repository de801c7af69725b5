// Builds the web client once before the suite when web/dist is missing or stale, so the server
// the tests start serves the current pages.
import { ensureWebBuild } from '../../web/scripts/ensure-build.js';

export default function setup(): void {
  ensureWebBuild((msg) => console.log(`[web] ${msg}`));
}
