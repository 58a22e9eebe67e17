/**
 * The overlay frame's script (issue 12): one classic script file with everything the frame runs,
 * component styles included (Svelte `css: 'injected'`, wxt.config.ts), built by WXT as an unlisted
 * script. `public/overlay.html` loads only this file: every extra chunk or stylesheet was one more
 * extension-resource load between the frame's document start and the ringing panel.
 */
import { bootOverlay } from './boot';

export default defineUnlistedScript(() => bootOverlay());
