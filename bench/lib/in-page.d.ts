// Types of the helpers that in-page.js installs in every benchmark page (globalThis.__bench).
export {};

interface Rendered<T> {
  /** performance.now() once the frame in which `check` first held was painted. */
  at: number;
  /** The rAF timestamp of that frame (when its work began). */
  frameStart: number;
  /** Animation frames checked, the successful one included. */
  frames: number;
  value: T;
}

interface BenchHelpers {
  countNodes(root?: Node): { nodes: number; elements: number };
  deepElements(root?: Node): Iterable<Element>;
  deepQuery(root: Node, predicate: (element: Element) => boolean): Element | null;
  findButton(root: Node, name: string): HTMLElement | null;
  isDataRow(element: Element): boolean;
  rowHeaderText(row: Element): string;
  afterPaint(): Promise<number>;
  untilRendered<T>(check: () => T, timeoutMs?: number): Promise<Rendered<T>>;
  recordFrames(): { stop(): { deltas: number[]; longTasks: number[] } };
  nextEvent(target: EventTarget, type: string, timeoutMs?: number): Promise<Event>;
  ready(provider?: Element | null): Promise<unknown>;
}

declare global {
  var __bench: BenchHelpers;
  var __benchReady: unknown;
  var __benchReadyAt: number | undefined;
  var __benchErrors: string[] | undefined;
}
