// The final whiteboard on the finished page: the SVG that Excalidraw's own exportToSvg made when
// the interview ended (stored with the session), shown as an <img> of a blob: URL fetched with the
// token. The markup holds the candidate's labels, so it never joins our DOM: an image runs no
// script and fetches nothing. Without a stored SVG (or one that does not load) the page falls back
// to the light ScenePreview drawn from the stored scene.
import { useEffect, useState } from 'react';
import type { SceneElement } from '../../../server/protocol/index.js';
import { api } from '../api.js';
import { DownloadIcon } from './icons.js';
import { Loading } from './loading.js';
import { describeScene, ScenePreview, visibleScene } from './scene-preview.js';

export type StoredDiagram = { elements: SceneElement[]; hasSvg: boolean };
export type StoredSvg = { kind: 'loading' } | { kind: 'none' } | { kind: 'ready'; blob: Blob; url: string };

/** The stored SVG as a blob: URL, revoked when the page no longer shows it. */
export function useStoredSvg(id: string, token: string | null, diagram: StoredDiagram | null | 'error'): StoredSvg {
  const wanted = diagram !== null && diagram !== 'error' && diagram.hasSvg;
  const [svg, setSvg] = useState<StoredSvg>({ kind: 'loading' });
  useEffect(() => {
    if (!token || diagram === null) return;
    if (!wanted) {
      setSvg({ kind: 'none' });
      return;
    }
    let url: string | undefined;
    let stopped = false;
    api.diagramSvg(id, token).then(
      (blob) => {
        if (stopped) return;
        // Typed here whatever the response said: an <img> renders a blob only as the type it has.
        const typed = new Blob([blob], { type: 'image/svg+xml' });
        url = URL.createObjectURL(typed);
        setSvg({ kind: 'ready', blob: typed, url });
      },
      () => !stopped && setSvg({ kind: 'none' }),
    );
    return () => {
      stopped = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [id, token, diagram, wanted]);
  return svg;
}

export interface FinalDiagramProps {
  diagram: StoredDiagram | null | 'error';
  svg: StoredSvg;
  title: string;
  onDownload(kind: 'svg' | 'png'): void;
  /** The download being prepared, if any (every download button waits for it). */
  busy: string | null;
}

export function FinalDiagram({ diagram, svg, title, onDownload, busy }: FinalDiagramProps) {
  const [imageFailed, setImageFailed] = useState(false);
  if (diagram === 'error') {
    return (
      <section className="card diagram-card" aria-labelledby="diagram-title">
        <h2 id="diagram-title">Final whiteboard</h2>
        <p className="error">The whiteboard could not be loaded. Reload the page to try again.</p>
      </section>
    );
  }
  const visible = diagram ? visibleScene(diagram.elements) : null;
  const label = `Your final whiteboard for ${title}`;
  const loading = !visible || svg.kind === 'loading';
  const image = svg.kind === 'ready' && !imageFailed ? svg : null;
  return (
    <section className="card diagram-card" aria-labelledby="diagram-title">
      <div className="card-head">
        <h2 id="diagram-title">Final whiteboard</h2>
        {visible && visible.length > 0 && (
          <div className="button-row">
            <button type="button" className="small-button" onClick={() => onDownload('svg')} disabled={busy !== null} aria-busy={busy === 'svg'}>
              <DownloadIcon /> {busy === 'svg' ? 'Preparing…' : 'SVG'}
              <span className="visually-hidden"> (download the whiteboard)</span>
            </button>
            <button type="button" className="small-button" onClick={() => onDownload('png')} disabled={busy !== null} aria-busy={busy === 'png'}>
              <DownloadIcon /> {busy === 'png' ? 'Preparing…' : 'PNG'}
              <span className="visually-hidden"> (download the whiteboard)</span>
            </button>
          </div>
        )}
      </div>
      {loading && <Loading label="Loading your whiteboard…" />}
      {!loading && visible.length === 0 && <p className="muted">The whiteboard was empty.</p>}
      {!loading && visible.length > 0 && (
        <div className="final-diagram" data-testid="final-diagram">
          {image ? (
            <img src={image.url} alt={describeScene(visible, label)} data-testid="final-diagram-svg" onError={() => setImageFailed(true)} />
          ) : (
            <ScenePreview elements={visible} label={label} />
          )}
        </div>
      )}
    </section>
  );
}
