import { deflateSync } from 'node:zlib';

/** A real PNG of `width`×`height` grey pixels (what a screenshot tool writes, only smaller). */
export function pngBytes(width = 2, height = 2): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const rows = Buffer.alloc((width + 1) * height, 0x80);
  for (let y = 0; y < height; y++) rows[y * (width + 1)] = 0; // filter byte
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(rows)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

/** The start of a Windows executable (an `MZ` header with a PE signature), as a renamed `.exe` would be. */
export function exeBytes(): Uint8Array {
  const bytes = Buffer.alloc(512, 0);
  bytes.write('MZ', 0, 'ascii');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('PE\0\0', 0x80, 'binary');
  return new Uint8Array(bytes);
}

/** A server log, ANSI colours and all. */
export function logBytes(lines = 20): Uint8Array {
  const text = Array.from(
    { length: lines },
    (_, i) => `2026-12-07T10:00:${String(i % 60).padStart(2, '0')}Z \u001b[31mERROR\u001b[0m invoice ${i} failed: 500`,
  ).join('\n');
  return new TextEncoder().encode(`${text}\n`);
}
