import { mount } from 'svelte';
import { i18n } from '#i18n';
import '../../lib/ui/base.css';
import PermissionApp from './PermissionApp.svelte';

document.documentElement.lang = i18n.t('lang');
document.title = i18n.t('permission.title');
mount(PermissionApp, { target: document.getElementById('app') as HTMLElement });
