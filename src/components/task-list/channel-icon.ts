import { html, svg } from 'lit';
import { registerStrings } from '../../core/strings.js';

registerStrings({
  'channel.voice': 'Call',
  'channel.chat': 'Chat',
  'channel.sms': 'SMS',
  'channel.whatsapp': 'WhatsApp',
  'channel.email': 'Email',
  'channel.messenger': 'Messenger',
  'channel.callback': 'Callback',
  'channel.voicemail': 'Voicemail',
});

const PATHS: Record<string, ReturnType<typeof svg>> = {
  voice: svg`<path d="M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z"/>`,
  chat: svg`<path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/>`,
  sms: svg`<path d="M4 3h16a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H7l-4 4V4a1 1 0 0 1 1-1zm3 6v2h2V9zm4 0v2h2V9zm4 0v2h2V9z"/>`,
  whatsapp: svg`<path d="M12 2a10 10 0 0 0-8.6 15.1L2 22l5-1.3A10 10 0 1 0 12 2zm5 13.6c-.2.6-1.2 1.2-1.7 1.2-.5.1-1 .2-3.3-.7a11 11 0 0 1-4.3-3.9c-.4-.6-.9-1.6-.9-2.6s.6-1.6.8-1.8.5-.3.7-.3h.5c.2 0 .4 0 .6.5l.8 2c.1.1.1.3 0 .5l-.3.5-.4.4c-.1.1-.3.3-.1.6a8 8 0 0 0 3.6 3.1c.3.1.5.1.6-.1l.8-1c.2-.2.4-.2.6-.1l1.9.9c.3.1.5.2.5.3s0 .8-.2 1.4z"/>`,
  callback: svg`<path d="M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1zM14 3h7v2h-4.6l5.3 5.3-1.4 1.4L15 6.4V11h-2V4a1 1 0 0 1 1-1z"/>`,
  voicemail: svg`<path d="M6.5 7a4.5 4.5 0 0 1 3.6 7.2h3.8A4.5 4.5 0 1 1 17.5 16h-11a4.5 4.5 0 0 1 0-9zm0 2a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5zm11 0a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5z"/>`,
  email: svg`<path d="M3 5h18a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1zm9 7.5L4 7.3V8l8 5 8-5v-.7z"/>`,
};

/** The channel's name for people ("Chat", "Call"), through the given translator. */
export function channelLabel(t: (key: string) => string, channel: string): string {
  const key = `channel.${channel}`;
  const text = t(key);
  return text === key ? channel : text;
}

/** An inline, decorative channel icon (aria-hidden: the channel is always also given as text). */
export function channelIcon(channel: string) {
  const path = PATHS[channel] ?? PATHS['chat'];
  return html`<svg class="channel-icon" part="channel-icon" viewBox="0 0 24 24" width="16" height="16" fill="currentColor" aria-hidden="true" focusable="false">${path}</svg>`;
}
