import { mount } from 'svelte';
import '../../lib/ui/base.css';
import PopupApp from './PopupApp.svelte';

mount(PopupApp, { target: document.getElementById('app') as HTMLElement });
