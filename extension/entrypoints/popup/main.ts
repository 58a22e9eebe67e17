import { mount } from 'svelte';
import { i18n } from '#i18n';
import '../../lib/ui/base.css';
import PopupApp from './PopupApp.svelte';

document.documentElement.lang = i18n.t('lang');
mount(PopupApp, { target: document.getElementById('app') as HTMLElement });
