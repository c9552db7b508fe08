/** What a page is given: where to draw, the query of its address, and how to draw itself again. */
export interface PageContext {
  readonly content: HTMLElement;
  readonly params: URLSearchParams;
  readonly path: readonly string[];
  readonly refresh: () => void;
}
