/** The toolbar badge for missed calls and the notification that rings where no overlay can. */
import type { CallSnapshot } from '../../lib/call-state';
import { avatarFor } from '../../lib/avatar';
import type { AvatarUser } from '../../lib/avatar';
import { i18n } from '#i18n';
import { translate } from '../../lib/translate';
import { incomingNotificationText } from './incoming-notification-text';

const notificationId = 'ringside-incoming-call';
const iconUrl = 'icon/128.png';

/** Show the number of missed calls on the toolbar icon (nothing when zero). */
export async function showMissedCalls(count: number): Promise<void> {
  await chrome.action.setBadgeBackgroundColor({ color: '#c62828' });
  await chrome.action.setBadgeText({ text: count > 0 ? String(Math.min(count, 99)) : '' });
}

/** Ring with a notification carrying Accept / Decline buttons. */
export async function showIncomingNotification(call: CallSnapshot): Promise<void> {
  const icon = call.peer ? await avatarImageUrl(call.peer).catch(() => null) : null;
  const text = incomingNotificationText(call);
  await new Promise<void>((resolve) =>
    chrome.notifications.create(
      notificationId,
      {
        type: 'basic',
        iconUrl: icon ?? chrome.runtime.getURL(iconUrl),
        title: translate(text.title),
        message: translate(text.message),
        buttons: [{ title: i18n.t('notification.accept') }, { title: i18n.t('notification.decline') }],
        requireInteraction: true,
        priority: 2,
      },
      () => resolve(),
    ),
  );
}

/** The caller's avatar as a data URL, drawn like the overlay's (the worker has OffscreenCanvas, no DOM). */
async function avatarImageUrl(user: AvatarUser): Promise<string> {
  const { initials, background } = avatarFor(user);
  const size = 128;
  const canvas = new OffscreenCanvas(size, size);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2d context');
  context.fillStyle = background;
  context.beginPath();
  context.arc(size / 2, size / 2, size / 2, 0, Math.PI * 2);
  context.fill();
  context.fillStyle = '#fff';
  context.font = `600 ${size * 0.4}px system-ui, sans-serif`;
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  context.fillText(initials, size / 2, size / 2 + size * 0.03);
  const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `data:image/png;base64,${btoa(binary)}`;
}

export async function clearIncomingNotification(): Promise<void> {
  await chrome.notifications.clear(notificationId).catch(() => undefined);
}

/** Route the notification's buttons (Accept = 0, Decline = 1) to the call controller. */
export function listenForNotificationButtons(
  actions: { accept: () => void; decline: () => void; show: () => void },
  signal: AbortSignal,
): void {
  const onButton = (id: string, index: number) => {
    if (id !== notificationId) return;
    if (index === 0) actions.accept();
    else actions.decline();
  };
  const onClick = (id: string) => {
    if (id === notificationId) actions.show();
  };
  chrome.notifications.onButtonClicked.addListener(onButton);
  chrome.notifications.onClicked.addListener(onClick);
  signal.addEventListener('abort', () => {
    chrome.notifications.onButtonClicked.removeListener(onButton);
    chrome.notifications.onClicked.removeListener(onClick);
  });
}

/** Keyboard commands from the manifest: accept a ringing call, hang up or decline. */
export function listenForCommands(
  actions: { accept: () => void; hangUp: () => void },
  signal: AbortSignal,
): void {
  const onCommand = (command: string) => {
    if (command === 'accept-call') actions.accept();
    if (command === 'hang-up') actions.hangUp();
  };
  chrome.commands.onCommand.addListener(onCommand);
  signal.addEventListener('abort', () => chrome.commands.onCommand.removeListener(onCommand));
}
