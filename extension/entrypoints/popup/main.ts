import { mount } from 'svelte';
import { i18n } from '#i18n';
import '../../lib/ui/base.css';
import PopupApp from './PopupApp.svelte';

// Marks for bench/popup-open.ts: the module graph is evaluated when this body runs.
performance.mark('ringside:popup-modules');
document.documentElement.lang = i18n.t('lang');
mount(PopupApp, { target: document.getElementById('app') as HTMLElement });
performance.mark('ringside:popup-mounted');
