/** The toolbar badge for missed calls and the notification that rings where no overlay can. */
import type { CallSnapshot } from '../../lib/call-state';

const notificationId = 'ringside-incoming-call';
const iconUrl = 'icon/128.png';

/** Show the number of missed calls on the toolbar icon (nothing when zero). */
export async function showMissedCalls(count: number): Promise<void> {
  await chrome.action.setBadgeBackgroundColor({ color: '#c62828' });
  await chrome.action.setBadgeText({ text: count > 0 ? String(Math.min(count, 99)) : '' });
}

/** Ring with a notification carrying Accept / Decline buttons. */
export async function showIncomingNotification(call: CallSnapshot): Promise<void> {
  await new Promise<void>((resolve) =>
    chrome.notifications.create(
      notificationId,
      {
        type: 'basic',
        iconUrl: chrome.runtime.getURL(iconUrl),
        title: `${call.peer?.displayName ?? 'Someone'} is calling`,
        message: call.media === 'video' ? 'Video call' : 'Audio call',
        buttons: [{ title: 'Accept' }, { title: 'Decline' }],
        requireInteraction: true,
        priority: 2,
      },
      () => resolve(),
    ),
  );
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
