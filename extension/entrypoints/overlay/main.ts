import { mount } from 'svelte';
import OverlayApp from './OverlayApp.svelte';

mount(OverlayApp, { target: document.getElementById('app') as HTMLElement });
