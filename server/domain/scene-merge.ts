// The element merge, Excalidraw's reconcile rule made a total order so every node and every
// arrival order reaches the same scene: per element id the higher `version` wins, an equal version
// goes to the lower `versionNonce`, and (never seen from Excalidraw, which draws a new nonce on
// every change) equal version and nonce go to the smaller canonical JSON. Deletions are ordinary
// elements with `isDeleted: true` (tombstones), so a deletion only wins the way an edit would.
// Pure: no I/O, inputs are never mutated. [MRG1–MRG6]

/** What the merge reads of an element; every other field is carried along untouched. */
export interface Mergeable {
  id: string;
  version: number;
  versionNonce: number;
  isDeleted?: boolean;
}

/** [MRG1][MRG2] True when `incoming` should replace `current`. */
export function wins(incoming: Mergeable, current: Mergeable | undefined): boolean {
  if (!current) return true;
  if (incoming.version !== current.version) return incoming.version > current.version;
  if (incoming.versionNonce !== current.versionNonce) return incoming.versionNonce < current.versionNonce;
  if (incoming === current) return false;
  return canonical(incoming) < canonical(current);
}

export interface MergeResult<E extends Mergeable> {
  /** Incoming elements that won: what the scene now holds for their ids (last win per id). */
  accepted: E[];
  /** For incoming elements that lost: the scene's element that beat them (once per id). */
  rejected: E[];
}

/**
 * [MRG3][MRG4] Merges `incoming` into `scene` without changing either: returns the elements that
 * change the scene and, for the ones that lost, the scene's winners. Applying `accepted` with
 * `applyMerge` gives the merged scene.
 */
export function reconcile<E extends Mergeable>(scene: ReadonlyMap<string, E>, incoming: readonly E[]): MergeResult<E> {
  const acceptedById = new Map<string, E>();
  const lostIds = new Set<string>();
  for (const el of incoming) {
    const current = acceptedById.get(el.id) ?? scene.get(el.id);
    if (wins(el, current)) {
      acceptedById.set(el.id, el);
      lostIds.delete(el.id);
    } else if (current !== el && !acceptedById.has(el.id) && !sameVersion(el, current)) {
      lostIds.add(el.id);
    }
  }
  const rejected: E[] = [];
  for (const id of lostIds) rejected.push(scene.get(id)!);
  return { accepted: [...acceptedById.values()], rejected };
}

/** A new scene: `scene` with the accepted elements in place. */
export function applyMerge<E extends Mergeable>(scene: ReadonlyMap<string, E>, accepted: readonly E[]): Map<string, E> {
  const next = new Map(scene);
  for (const el of accepted) next.set(el.id, el);
  return next;
}

/** [MRG5][MRG6] The merge of two whole scenes: the same map whichever comes first. */
export function mergeScenes<E extends Mergeable>(a: readonly E[], b: readonly E[]): Map<string, E> {
  const first = applyMerge(new Map<string, E>(), reconcile(new Map<string, E>(), a).accepted);
  return applyMerge(first, reconcile(first, b).accepted);
}

/** Elements of a scene in drawing order: Excalidraw's fractional `index`, then id. */
export function orderedElements<E extends Mergeable>(elements: Iterable<E>): E[] {
  return [...elements].sort((x, y) => {
    const a = indexOf(x);
    const b = indexOf(y);
    if (a !== b) return a < b ? -1 : 1;
    return x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
  });
}

function indexOf(e: Mergeable): string {
  const index = (e as { index?: unknown }).index;
  return typeof index === 'string' ? index : '';
}

function sameVersion(a: Mergeable, b: Mergeable | undefined): boolean {
  return b !== undefined && a.version === b.version && a.versionNonce === b.versionNonce && canonical(a) === canonical(b);
}

/** JSON with object keys sorted, so the same element always reads the same. */
export function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const keys = Object.keys(value).sort();
  const parts: string[] = [];
  for (const k of keys) {
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined) continue;
    parts.push(`${JSON.stringify(k)}:${canonical(v)}`);
  }
  return `{${parts.join(',')}}`;
}
