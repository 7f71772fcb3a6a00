// The pure-TypeScript SHA-256 against FIPS 180-4 test vectors and node:crypto, across block boundaries and chunking.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sha256, sha256Hex, sha256HexOfString } from '../../../main/core/data/sha256';

describe('sha256', () => {
  it('matches the FIPS 180-4 vectors', () => {
    expect(sha256HexOfString('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256HexOfString('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256HexOfString('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('matches node:crypto at every length around the block size, however the input is chunked', () => {
    const data = Uint8Array.from({ length: 300 }, (_, i) => (i * 131 + 7) & 255);
    for (const n of [1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 129, 300]) {
      const want = createHash('sha256').update(data.subarray(0, n)).digest('hex');
      expect(sha256Hex(data.subarray(0, n))).toBe(want);
      const cut = Math.floor(n / 3);
      expect(sha256Hex(data.subarray(0, cut), data.subarray(cut, 2 * cut), data.subarray(2 * cut, n))).toBe(want);
    }
  });

  it('refuses to be used after its digest', () => {
    const h = new Sha256().update(Uint8Array.of(1));
    h.digestHex();
    expect(() => h.update(Uint8Array.of(2))).toThrow();
  });
});
