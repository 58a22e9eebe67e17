import { mount } from 'svelte';
import { i18n } from '#i18n';
import baseCss from '../../lib/ui/base.css?inline';
import OverlayApp from './OverlayApp.svelte';

/** Styles and mounts the call panel; the frame's document is `public/overlay.html`. */
export function bootOverlay(): void {
  const style = document.createElement('style');
  style.textContent = baseCss;
  document.head.append(style);
  document.documentElement.lang = i18n.t('lang');
  document.title = i18n.t('ringing.panel');
  mount(OverlayApp, { target: document.getElementById('app') as HTMLElement });
}
