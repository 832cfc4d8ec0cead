/**
 * Encryption at rest for amoCRM tokens: AES-256-GCM from node:crypto.
 *
 * Stored form: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts). The key id is derived from
 * the key itself, so a rotated TOKEN_ENCRYPTION_KEY can decrypt old rows while the previous key is
 * still in the key ring, and a wrong key fails loudly instead of producing garbage.
 * The row context (account id + field) is bound as additional authenticated data: a ciphertext
 * copied into another account's row, or from the refresh to the access column, does not decrypt.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const FORMAT = 'v1';
const IV_BYTES = 12; // the GCM standard nonce size (NIST SP 800-38D)

export interface TokenCipher {
  encrypt(plaintext: string, context: string): string;
  /** Throws TokenDecryptError on a tampered value, an unknown key or a context mismatch. */
  decrypt(stored: string, context: string): string;
}

export class TokenDecryptError extends Error {
  constructor(reason: string) {
    super(`cannot decrypt stored token: ${reason}`);
    this.name = 'TokenDecryptError';
  }
}

const keyIdOf = (key: Buffer): string => createHash('sha256').update(key).digest('hex').slice(0, 8);

/** `keys[0]` encrypts; every key in the ring decrypts (for rotation). */
export function createTokenCipher(keys: readonly Buffer[]): TokenCipher {
  const [current] = keys;
  if (current === undefined) throw new Error('createTokenCipher needs at least one key');
  for (const key of keys) if (key.length !== 32) throw new Error('AES-256-GCM keys are 32 bytes');
  const ring = new Map(keys.map((key) => [keyIdOf(key), key]));
  const currentId = keyIdOf(current);

  return {
    encrypt(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url'));
      return [FORMAT, currentId, ...parts].join('.');
    },
    decrypt(stored, context) {
      const [format, keyId, iv, tag, body, ...rest] = stored.split('.');
      if (format !== FORMAT || keyId === undefined || iv === undefined || tag === undefined || body === undefined || rest.length > 0) {
        throw new TokenDecryptError('unknown format');
      }
      const key = ring.get(keyId);
      if (key === undefined) throw new TokenDecryptError(`key ${keyId} is not in the key ring`);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new TokenDecryptError('authentication failed');
      }
    },
  };
}
