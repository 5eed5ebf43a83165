// The few browser shapes that the tests' page functions (page.evaluate, waitForFunction) use. The project
// type-checks without the DOM lib, which would leak browser globals into server code, so a page function
// takes them from globalThis through this type. Type-only: a page function cannot close over imported values.

/** An element, as far as the page functions read it. */
export interface PageElement {
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  contains(other: PageElement | null): boolean;
  readonly parentElement: PageElement | null;
}

/** A service worker, as far as the page functions watch it. */
export interface PageServiceWorker {
  readonly state: string;
  addEventListener(type: "statechange", listener: () => void): void;
}

/** The globals of a page. */
export interface PageGlobals {
  readonly document: {
    querySelector(selector: string): PageElement | null;
    querySelectorAll(selector: string): ArrayLike<PageElement>;
    readonly activeElement: PageElement | null;
    readonly documentElement: { readonly scrollWidth: number; readonly clientWidth: number };
    readonly body: PageElement;
  };
  readonly navigator: {
    readonly serviceWorker: {
      readonly ready: Promise<{ readonly active: PageServiceWorker | null }>;
      readonly controller: unknown;
    };
  };
  getComputedStyle(element: PageElement): { readonly backgroundColor: string };
}
