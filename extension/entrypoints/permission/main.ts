import { mount } from 'svelte';
import '../../lib/ui/base.css';
import PermissionApp from './PermissionApp.svelte';

mount(PermissionApp, { target: document.getElementById('app') as HTMLElement });
