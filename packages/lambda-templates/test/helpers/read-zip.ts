import { crc32, inflateRawSync } from 'node:zlib';

/** One entry of a zip archive as read back from its central directory. */
export interface ReadZipEntry {
  path: string;
  method: number;
  dosTime: number;
  dosDate: number;
  /** Unix permission bits from the external attributes. */
  mode: number;
  extraLength: number;
  content: Buffer;
}

/**
 * A minimal, strict zip reader for tests: walks the central directory, checks each local
 * header agrees with it, inflates the data and verifies the CRC-32.
 */
export function readZip(bytes: Uint8Array): ReadZipEntry[] {
  const zip = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = zip.length - 22;
  if (zip.readUInt32LE(eocd) !== 0x06054b50) throw new Error('no end of central directory record');
  const count = zip.readUInt16LE(eocd + 10);
  const centralSize = zip.readUInt32LE(eocd + 12);
  let cursor = zip.readUInt32LE(eocd + 16);
  if (cursor + centralSize !== eocd) throw new Error('central directory does not end at the EOCD');
  const entries: ReadZipEntry[] = [];
  for (let index = 0; index < count; index += 1) {
    if (zip.readUInt32LE(cursor) !== 0x02014b50) throw new Error(`bad central header ${index}`);
    const method = zip.readUInt16LE(cursor + 10);
    const dosTime = zip.readUInt16LE(cursor + 12);
    const dosDate = zip.readUInt16LE(cursor + 14);
    const crc = zip.readUInt32LE(cursor + 16);
    const compressedSize = zip.readUInt32LE(cursor + 20);
    const size = zip.readUInt32LE(cursor + 24);
    const nameLength = zip.readUInt16LE(cursor + 28);
    const extraLength = zip.readUInt16LE(cursor + 30);
    const commentLength = zip.readUInt16LE(cursor + 32);
    const external = zip.readUInt32LE(cursor + 38);
    const localOffset = zip.readUInt32LE(cursor + 42);
    const name = zip.toString('utf8', cursor + 46, cursor + 46 + nameLength);
    if (zip.readUInt32LE(localOffset) !== 0x04034b50) throw new Error(`bad local header for ${name}`);
    const localNameLength = zip.readUInt16LE(localOffset + 26);
    const localExtraLength = zip.readUInt16LE(localOffset + 28);
    if (zip.toString('utf8', localOffset + 30, localOffset + 30 + localNameLength) !== name)
      throw new Error(`local name differs for ${name}`);
    if (zip.readUInt32LE(localOffset + 14) !== crc) throw new Error(`local CRC differs for ${name}`);
    const dataStart = localOffset + 30 + localNameLength + localExtraLength;
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    const content = method === 8 ? inflateRawSync(data) : Buffer.from(data);
    if (content.length !== size) throw new Error(`size differs for ${name}`);
    if (crc32(content) !== crc) throw new Error(`CRC differs for ${name}`);
    entries.push({
      path: name,
      method,
      dosTime,
      dosDate,
      mode: (external >>> 16) & 0o7777,
      extraLength: extraLength + localExtraLength,
      content,
    });
    cursor += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
