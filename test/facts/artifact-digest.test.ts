import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { artifactFromBytes, artifactFromChunks, LFS_POINTER_MAX_BYTES, readLfsPointer } from '../../src/facts/artifact-digest.js';

const OID = '4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393';
const POINTER = `version https://git-lfs.github.com/spec/v1\noid sha256:${OID}\nsize 12345\n`;
const bytes = (text: string) => Buffer.from(text, 'utf8');
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('artifactFromBytes', () => {
  it('gives the SHA-256 of the bytes in lower-case hex (the FIPS 180-2 vector for "abc")', async () => {
    expect(await artifactFromBytes('m.bin', bytes('abc'))).toEqual({
      state: 'present',
      sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    });
  });

  it('reads a Git LFS pointer: the digest of its bytes and the oid it names, with the oid line', async () => {
    expect(await artifactFromBytes('m.onnx', bytes(POINTER))).toEqual({
      state: 'present',
      sha256: sha256(bytes(POINTER)),
      lfsPointer: { oid: OID, line: 2 },
    });
  });

  it('refuses, rather than hashes, bytes that start like a pointer but break its format', async () => {
    const broken = (text: string) => artifactFromBytes('m.onnx', bytes(text));
    expect(await broken(POINTER.replace(OID, OID.toUpperCase()))).toEqual({
      state: 'unreadable',
      reason: 'm.onnx looks like a Git LFS pointer, but its oid (line 2) is not "oid sha256:" and 64 lower-case hex digits',
    });
    expect(await broken(POINTER.replace('size 12345\n', ''))).toMatchObject({ state: 'unreadable', reason: expect.stringContaining('no size line') });
    expect(await broken(POINTER.replace(`oid sha256:${OID}\n`, ''))).toMatchObject({ reason: expect.stringContaining('no oid line') });
    expect(await broken(`${POINTER}oid sha256:${'0'.repeat(64)}\n`)).toMatchObject({ reason: expect.stringContaining('oid twice') });
    expect(await broken(POINTER.replace('size 12345', 'size 12345\r'))).toMatchObject({ reason: expect.stringContaining('line 3') });
  });

  it('knows a pointer only by its version line and size, as Git LFS does', () => {
    expect(readLfsPointer(bytes(POINTER.replace('git-lfs.github.com', 'example.com')))).toBeUndefined();
    expect(readLfsPointer(bytes(` ${POINTER}`))).toBeUndefined();
    // Extension lines are part of the format; a pointer without its final newline is still one.
    expect(readLfsPointer(bytes(`${POINTER.split('\n')[0]}\next-0-foo sha256:${'1'.repeat(64)}\noid sha256:${OID}\nsize 1`))).toEqual({ oid: OID, line: 3 });
    const padded = POINTER + `x-pad ${'x'.repeat(LFS_POINTER_MAX_BYTES)}\n`;
    expect(readLfsPointer(bytes(padded))).toBeUndefined();
  });

  it('hashes a large file that begins with a pointer text as the plain file it is', async () => {
    const large = bytes(POINTER + 'y'.repeat(LFS_POINTER_MAX_BYTES));
    expect(await artifactFromBytes('m.onnx', large)).toEqual({ state: 'present', sha256: sha256(large) });
  });
});

describe('artifactFromChunks', () => {
  it('gives the same digest however the bytes are cut into chunks', async () => {
    const data = Buffer.alloc(5000, 7);
    const chunks = [data.subarray(0, 1), data.subarray(1, 1024), data.subarray(1024)];
    expect(await artifactFromChunks('m.bin', chunks)).toEqual({ state: 'present', sha256: sha256(data) });
    const pointer = bytes(POINTER);
    expect(await artifactFromChunks('m.onnx', [pointer.subarray(0, 10), pointer.subarray(10)])).toMatchObject({ lfsPointer: { oid: OID, line: 2 } });
  });

  it('stops reading at the cap and says the file is too large to hash', async () => {
    let read = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      for (;;) {
        read += 1;
        yield Buffer.alloc(1000);
      }
    }
    expect(await artifactFromChunks('m.bin', endless(), 10_000)).toEqual({
      state: 'unreadable',
      reason: 'm.bin is too large to hash (more than 10000 bytes)',
    });
    expect(read).toBe(11);
    expect(await artifactFromChunks('m.bin', [Buffer.alloc(10_000)], 10_000)).toMatchObject({ state: 'present' });
  });
});
