/**
 * Frames to chat members. API Gateway refuses WebSocket frames over 32 KB: a `message.new` whose frame
 * would be larger carries the first FRAME_TEXT_CHARS of the text and `truncated: true` (the client
 * fetches the message); attachments travel by reference (ids and names), never bytes.
 */
import { LIMITS, type MessageView, type MessengerFrame } from '../../shared/messenger/contract';
import { sendEach, sendToUsers, type Conn, type SendResult } from '../../shared/realtime/notify';

export const FRAME_LIMIT_BYTES = 32 * 1024;
/** Headroom under the limit for the gateway's own framing. */
const BUDGET = FRAME_LIMIT_BYTES - 512;

export const frameBytes = (f: unknown) => Buffer.byteLength(JSON.stringify(f), 'utf8');

export function newMessageFrame(message: MessageView): MessengerFrame {
  const full: MessengerFrame = { type: 'message.new', chatId: message.chatId, message };
  if (frameBytes(full) <= BUDGET) return full;
  const cut = { ...message, text: message.text.slice(0, LIMITS.frameTextChars) };
  let f: MessengerFrame = { type: 'message.new', chatId: message.chatId, message: cut, truncated: true };
  if (frameBytes(f) > BUDGET)
    f = {
      type: 'message.new',
      chatId: message.chatId,
      message: { ...cut, text: '', attachments: [], mentions: [] },
      truncated: true,
    };
  return f;
}

export function updatedMessageFrame(message: MessageView): MessengerFrame {
  const f: MessengerFrame = { type: 'message.updated', chatId: message.chatId, message };
  if (frameBytes(f) <= BUDGET) return f;
  // Same rule as message.new: the client refetches the message when it sees `truncated`.
  const cut = newMessageFrame(message) as Extract<MessengerFrame, { type: 'message.new' }>;
  return { type: 'message.updated', chatId: message.chatId, message: cut.message, truncated: true };
}

export const push = (
  userIds: Iterable<string>,
  frame: MessengerFrame,
  connections?: Promise<Conn[]>,
): Promise<SendResult> => sendToUsers(userIds, frame, connections);
export const pushEach = (frames: Map<string, MessengerFrame>): Promise<SendResult> => sendEach(frames);
