import { mount } from 'svelte';
import PopupApp from './PopupApp.svelte';

mount(PopupApp, { target: document.getElementById('app') as HTMLElement });
