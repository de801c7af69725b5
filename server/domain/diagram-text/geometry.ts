// Geometry of the whiteboard: boxes, points, reading order, and an index that finds the smallest
// box holding a point in linear total work [SAFE6]. Knows nothing of Excalidraw's element fields.

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Anything placed on the board: its id, its top-left corner and its box. */
export interface Placed {
  id: string;
  x: number;
  y: number;
  box: Box;
}

/** [SAFE6] Work done by one description (boxes indexed and tested, labels probed): linear in the scene. */
export interface DiagramWork {
  steps: number;
}

/** Plain code-unit comparison (locale independent, so the output is the same everywhere). */
export function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Reading order: top to bottom, then left to right, then id. */
export function cmpPos(a: { x: number; y: number; id: string }, b: { x: number; y: number; id: string }): number {
  return a.y - b.y || a.x - b.x || cmpStr(a.id, b.id);
}

/** The box of a rectangle given by a corner and a (possibly negative) width and height. */
export function boxFrom(x: number, y: number, w: number, h: number): Box {
  return { left: Math.min(x, x + w), top: Math.min(y, y + h), right: Math.max(x, x + w), bottom: Math.max(y, y + h) };
}

export function area(b: Box): number {
  return (b.right - b.left) * (b.bottom - b.top);
}

export function inside(p: Point, b: Box): boolean {
  return p.x >= b.left && p.x <= b.right && p.y >= b.top && p.y <= b.bottom;
}

export function center(b: Box): Point {
  return { x: (b.left + b.right) / 2, y: (b.top + b.bottom) / 2 };
}

/**
 * [SAFE6] Which boxes contain a point, without testing every box for every point: boxes are
 * bucketed in a grid of about n cells; a box spanning many cells goes in a short list checked for
 * every query instead. Building is linear; a query checks its cell's boxes and the wide ones.
 * The answer is the smallest containing box (then reading order), exactly as a full scan finds it.
 * (Many long thin boxes that hold no point can still make a query scan the wide list; the scene
 * caps, 5,000 elements a session and 20,000 a room, bound that case.)
 */
export class BoxIndex<T extends Placed> {
  private readonly cells: T[][] = [];
  private readonly wide: T[] = [];
  private readonly cols: number;
  private readonly rows: number;
  private readonly minX: number;
  private readonly minY: number;
  private readonly cellW: number;
  private readonly cellH: number;

  constructor(
    items: readonly T[],
    private readonly work: DiagramWork,
  ) {
    const boxes = items.filter((c) => area(c.box) > 0);
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const c of boxes) {
      minX = Math.min(minX, c.box.left);
      minY = Math.min(minY, c.box.top);
      maxX = Math.max(maxX, c.box.right);
      maxY = Math.max(maxY, c.box.bottom);
    }
    const side = Math.max(1, Math.ceil(Math.sqrt(boxes.length)));
    const finite = [minX, minY, maxX, maxY].every(Number.isFinite) && Number.isFinite(maxX - minX) && Number.isFinite(maxY - minY);
    this.cols = finite ? side : 1;
    this.rows = finite ? side : 1;
    this.minX = finite ? minX : 0;
    this.minY = finite ? minY : 0;
    this.cellW = finite && maxX > minX ? (maxX - minX) / this.cols : 1;
    this.cellH = finite && maxY > minY ? (maxY - minY) / this.rows : 1;
    for (let i = 0; i < this.cols * this.rows; i++) this.cells.push([]);
    for (const c of boxes) {
      this.work.steps++;
      const c0 = this.col(c.box.left);
      const c1 = this.col(c.box.right);
      const r0 = this.row(c.box.top);
      const r1 = this.row(c.box.bottom);
      if (!finite || (c1 - c0 + 1) * (r1 - r0 + 1) > 16) {
        this.wide.push(c);
        continue;
      }
      for (let r = r0; r <= r1; r++) for (let k = c0; k <= c1; k++) this.cells[r * this.cols + k]!.push(c);
    }
    // Smallest first: a query stops at the first wide box that holds its point.
    this.wide.sort((a, b) => area(a.box) - area(b.box) || cmpPos(a, b));
  }

  private col(x: number): number {
    const i = Math.floor((x - this.minX) / this.cellW);
    return Number.isFinite(i) ? Math.min(this.cols - 1, Math.max(0, i)) : 0;
  }

  private row(y: number): number {
    const i = Math.floor((y - this.minY) / this.cellH);
    return Number.isFinite(i) ? Math.min(this.rows - 1, Math.max(0, i)) : 0;
  }

  smallestContaining(p: Point): T | undefined {
    let best: T | undefined;
    const consider = (c: T): void => {
      this.work.steps++;
      if (!inside(p, c.box)) return;
      if (!best) {
        best = c;
        return;
      }
      const d = area(c.box) - area(best.box);
      if (d < 0 || (d === 0 && cmpPos(c, best) < 0)) best = c;
    };
    for (const c of this.cells[this.row(p.y) * this.cols + this.col(p.x)] ?? []) consider(c);
    for (const c of this.wide) {
      if (best && area(c.box) > area(best.box)) break;
      const before = best;
      consider(c);
      if (best !== before) break;
    }
    return best;
  }
}
