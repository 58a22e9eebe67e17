/**
 * Where this call panel is drawn (issue 14): in a web page's overlay frame, in the extension's
 * plain call window (no page could host it), in the pop-out call window the user asked for, or in
 * that window's Document Picture-in-Picture window ("Keep on top").
 */
export type Surface = 'page' | 'window' | 'pop-out' | 'on-top';

export function currentSurface(): Surface {
  if (window.parent !== window) return 'page';
  return new URLSearchParams(location.search).has('popout') ? 'pop-out' : 'window';
}
