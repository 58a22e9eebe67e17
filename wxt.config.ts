import { defineConfig } from 'wxt';

// See ARCHITECTURE.md: the extension lives in extension/ (WXT srcDir).
export default defineConfig({
  srcDir: 'extension',
  publicDir: 'extension/public',
  modules: ['@wxt-dev/module-svelte', '@wxt-dev/i18n/module'],
  manifest: {
    name: 'Ringside',
    // The browser's language picks extension/locales/<lang>.yml (@wxt-dev/i18n); English otherwise.
    default_locale: 'en',
    description: '__MSG_extDescription__',
    permissions: ['storage', 'offscreen', 'scripting', 'tabs', 'notifications', 'alarms'],
    host_permissions: ['<all_urls>'],
    // A team pins its server with a policy (README: "Pin your team's server"); not a permission.
    storage: { managed_schema: 'managed_schema.json' },
    // Only the call frame is reachable from pages; it runs with the extension's origin.
    web_accessible_resources: [
      { resources: ['overlay.html'], matches: ['<all_urls>'], use_dynamic_url: true },
    ],
    commands: {
      'accept-call': { suggested_key: { default: 'Alt+Shift+A' }, description: 'Accept the ringing call' },
      'hang-up': { suggested_key: { default: 'Alt+Shift+H' }, description: 'Hang up or decline the call' },
    },
  },
});
