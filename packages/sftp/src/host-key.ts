import { createHash } from 'node:crypto';

/** A host key as OpenSSH prints it (`ssh-keygen -lf`): `SHA256:` + unpadded base64 of the key blob's SHA-256. */
export function fingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** Pinned fingerprints compare without padding, so `…U` and `…U=` are the same key. */
export function normalizeFingerprint(fingerprint: string): string {
  return fingerprint.trim().replace(/=+$/, '');
}
