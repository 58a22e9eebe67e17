import { mount } from 'svelte';
import { i18n } from '#i18n';
import '../../lib/ui/base.css';
import OverlayApp from './OverlayApp.svelte';

document.documentElement.lang = i18n.t('lang');
document.title = i18n.t('ringing.panel');
mount(OverlayApp, { target: document.getElementById('app') as HTMLElement });
