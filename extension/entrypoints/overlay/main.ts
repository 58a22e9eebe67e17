import { mount } from 'svelte';
import '../../lib/ui/base.css';
import OverlayApp from './OverlayApp.svelte';

mount(OverlayApp, { target: document.getElementById('app') as HTMLElement });
