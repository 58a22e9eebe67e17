/**
 * The popup's last view (issue 12): the app state and the signed-in user's contacts as the worker
 * last served them, kept in chrome.storage.session (memory only, trusted contexts only: never a
 * content script). The popup shows it at once and replaces it with the worker's fresh answers.
 */
import * as z from 'zod/mini';
import { ContactsResponseSchema, IdSchema } from '../../protocol';
import { AppStateSchema } from './messages/ui-to-worker';
import { readStoredView } from './popup-view-key';

export { popupViewKey } from './popup-view-key';

export const PopupViewSchema = z.object({
  app: AppStateSchema,
  /** The contacts of `userId` (dropped when that user signs out or another signs in). */
  contacts: z.nullable(z.object({ userId: IdSchema, list: ContactsResponseSchema })),
});
export type PopupView = z.infer<typeof PopupViewSchema>;

/**
 * The stored view when it is valid and its contacts belong to its signed-in user; else null.
 * `read` is a read already under way (the popup starts it before its modules are evaluated).
 */
export async function readPopupView(read: Promise<unknown> = readStoredView()): Promise<PopupView | null> {
  try {
    const stored: unknown = await read;
    const parsed = PopupViewSchema.safeParse(stored);
    if (!parsed.success) return null;
    const { app, contacts } = parsed.data;
    return { app, contacts: contacts && contacts.userId === app.user?.id ? contacts : null };
  } catch {
    return null;
  }
}
