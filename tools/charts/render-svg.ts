import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';

/**
 * Renders a Vega-Lite spec to an SVG string, headlessly: Vega's SVG renderer needs no canvas and
 * no browser. Vega and Vega-Lite are ES modules (with top-level await), so they are loaded with a
 * dynamic import, and only by the commands that draw charts.
 */
async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vegaLite, vega] = await Promise.all([import('vega-lite'), import('vega')]);
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Renders `spec` and writes it to `path` (folders created). Resolves with the path. */
export async function writeSvg(path: string, spec: TopLevelSpec): Promise<string> {
  const svg = await renderSvg(spec);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, svg);
  return path;
}
