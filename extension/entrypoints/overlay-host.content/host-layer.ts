/**
 * Where in the page the overlay host must live to be drawn above, and operable over, everything
 * the page draws. A page's full-screen element or modal dialog makes the rest of the document
 * inert and covers it: a host inside that element stays operable (its descendants are not inert),
 * and shown as a popover it is painted above it. A blocking element that cannot have rendered
 * children (a full-screen <video>) leaves one way: our own modal dialog, opened after it.
 */

/** Elements whose children are never rendered. */
const replacedElements = new Set(['video', 'img', 'canvas', 'iframe', 'embed', 'object', 'audio', 'input']);

export interface HostLayer {
  parent: Element;
  /** Use our own modal dialog (the page's blocking element cannot host us). */
  modal: boolean;
}

/** The page's topmost blocking element (modal dialog or full-screen element), if any. */
export function topBlockingElement(doc: Document, ours: Element): Element | null {
  const blocking = [...doc.querySelectorAll(':modal')].filter(
    (element) => element !== ours && !ours.contains(element),
  );
  const fullscreen = doc.fullscreenElement;
  if (fullscreen && fullscreen !== ours && !blocking.includes(fullscreen)) blocking.push(fullscreen);
  // A modal dialog inside the full-screen element was opened over it; otherwise document order.
  return blocking.at(-1) ?? null;
}

export function chooseHostLayer(doc: Document, host: Element): HostLayer {
  const blocking = topBlockingElement(doc, host);
  if (!blocking) return { parent: doc.documentElement, modal: false };
  if (!replacedElements.has(blocking.localName)) return { parent: blocking, modal: false };
  return { parent: doc.documentElement, modal: true };
}
