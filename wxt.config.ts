import { defineConfig } from 'wxt';

// See ARCHITECTURE.md: the extension lives in extension/ (WXT srcDir).
export default defineConfig({
  srcDir: 'extension',
  modules: ['@wxt-dev/module-svelte'],
  manifest: {
    name: 'Ringside',
    description: 'Take 1-to-1 audio and video calls without leaving the page you are on.',
    permissions: ['storage', 'offscreen', 'scripting', 'activeTab', 'tabs', 'notifications', 'alarms'],
    host_permissions: ['<all_urls>'],
  },
});
