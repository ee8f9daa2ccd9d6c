import { MessageTooLargeError } from '../../errors/message-too-large.error';

/**
 * One message on a Railyard TCP connection. On the wire:
 *
 *   [u32 length][u8 kind][u32 id][u32 headerLength][header JSON (utf8)][body bytes]
 *
 * `length` (big-endian, like every integer here) counts the bytes after itself. The body is never
 * re-encoded, so its bytes arrive exactly as sent; headers are a JSON object of strings.
 */
export interface Frame {
  kind: FrameKind;
  /** Pairs an ack, nack or reply with its event or request (and a hello-reply with its hello). */
  id: number;
  headers: Record<string, string>;
  body: Buffer;
}

export enum FrameKind {
  /** client → server: who I am; answered by HelloReply with the server's subscriptions. */
  Hello = 1,
  HelloReply = 2,
  /** server → client: my subscriptions changed (listen() started); answered by RoutesAck. */
  Routes = 3,
  RoutesAck = 4,
  Event = 5,
  /** The event was handled or dead-lettered: the publisher may forget it. */
  Ack = 6,
  /** The event or request was not taken; headers say why and whether to retry. */
  Nack = 7,
  Request = 8,
  Reply = 9,
  /** server → client, with BUS_SECRET: answers Hello with its nonce and proof (peer-handshake.ts). */
  Challenge = 10,
  /** client → server: its proof; answered by HelloReply, or a Nack and the connection closed. */
  Proof = 11,
}

/** Header names that belong to the TCP protocol itself (handshake and nack frames). */
export const TCP_HEADER = {
  service: 'rl-tcp-service',
  instance: 'rl-tcp-instance',
  reason: 'rl-tcp-reason',
  /** 'true' when the refusal is temporary (peer starting or stopping): send again later. */
  retry: 'rl-tcp-retry',
  /** Handshake with BUS_SECRET (peer-handshake.ts). */
  nonce: 'rl-tcp-nonce',
  proof: 'rl-tcp-proof',
} as const;

export const LENGTH_PREFIX_BYTES = 4;
/** kind (1) + id (4) + header length (4). */
export const FRAME_FIXED_BYTES = 9;
/** Room for headers on top of the largest body. Envelope headers are far smaller. */
export const FRAME_HEADER_ALLOWANCE = 64 * 1024;
export const MAX_FRAME_ID = 0xffff_ffff;

const EMPTY = Buffer.alloc(0);

/** The largest frame (without its length prefix) a connection accepts or sends. */
export function maxFrameBytes(maxMessageBytes: number): number {
  return maxMessageBytes + FRAME_HEADER_ALLOWANCE;
}

export function isFrameKind(value: number): value is FrameKind {
  return Number.isInteger(value) && value >= FrameKind.Hello && value <= FrameKind.Proof;
}

/** Size of the frame `encodeFrame` would build, so a sender can refuse it before fan-out. */
export function frameBytes(headers: Record<string, string>, body: Buffer): number {
  return FRAME_FIXED_BYTES + Buffer.byteLength(JSON.stringify(headers), 'utf8') + body.length;
}

/** Throws MessageTooLargeError rather than send a frame the receiver would cut off. */
export function encodeFrame(
  kind: FrameKind,
  id: number,
  headers: Record<string, string>,
  body: Buffer = EMPTY,
  maxBytes: number,
): Buffer {
  const headerJson = Buffer.from(JSON.stringify(headers), 'utf8');
  const length = FRAME_FIXED_BYTES + headerJson.length + body.length;
  if (length > maxBytes) throw new MessageTooLargeError(length, maxBytes);
  const out = Buffer.allocUnsafe(LENGTH_PREFIX_BYTES + length);
  out.writeUInt32BE(length, 0);
  out.writeUInt8(kind, 4);
  out.writeUInt32BE(id, 5);
  out.writeUInt32BE(headerJson.length, 9);
  headerJson.copy(out, 13);
  body.copy(out, 13 + headerJson.length);
  return out;
}
