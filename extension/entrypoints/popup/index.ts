/**
 * The popup's script (issue 12): one classic script file with its styles (Svelte `css: 'injected'`,
 * wxt.config.ts), built by WXT as an unlisted script and loaded by `public/popup.html` alone, so the
 * popup fetches two files before it renders instead of a dozen chunks and stylesheets.
 */
import { bootPopup } from './boot';

export default defineUnlistedScript(() => bootPopup());
