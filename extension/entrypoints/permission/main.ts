import { mount } from 'svelte';
import PermissionApp from './PermissionApp.svelte';

mount(PermissionApp, { target: document.getElementById('app') as HTMLElement });
