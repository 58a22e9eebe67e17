import { mount } from 'svelte';
import { i18n } from '#i18n';
import baseCss from '../../lib/ui/base.css?inline';
import PopupApp from './PopupApp.svelte';

/** Styles and mounts the popup; its document is `public/popup.html` (also opened as a tab). */
export function bootPopup(): void {
  const style = document.createElement('style');
  style.textContent = baseCss;
  document.head.append(style);
  document.documentElement.lang = i18n.t('lang');
  mount(PopupApp, { target: document.getElementById('app') as HTMLElement });
}
