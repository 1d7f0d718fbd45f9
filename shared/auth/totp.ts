/**
 * RFC 6238 TOTP (HMAC-SHA1, 6 digits, 30 s), as authenticator apps and Cognito compute it, with the RFC 4648
 * base32 secrets Cognito's AssociateSoftwareToken returns. Used by the local stack and the tests to answer
 * SOFTWARE_TOKEN_MFA challenges for enrolled test administrators; never by deployed code.
 */
import { createHmac } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Decode(secret: string): Buffer {
  const clean = secret.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const idx = BASE32.indexOf(ch);
    if (idx < 0) throw new Error(`not a base32 secret (character ${JSON.stringify(ch)})`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The code for a counter (HOTP, RFC 4226): dynamic truncation of HMAC-SHA1, 6 digits. */
export function hotp(key: Buffer, counter: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(bin).padStart(6, '0');
}

/** The code of the 30-second step containing `atMs`. */
export function totp(secret: string, atMs: number = Date.now()): string {
  return hotp(base32Decode(secret), Math.floor(atMs / 1000 / 30));
}
