// Text decoding for the text formats: BOMs decide UTF-8 / UTF-16; bytes that are not valid
// UTF-8 are read as Windows-1252 (a superset of Latin-1 for printable text) with a warning.

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /** Set when the bytes were not what a UTF-8 reader expects. */
  warning?: string;
}

export function decodeText(bytes: Uint8Array, lenient = false): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: utf8(bytes.subarray(3), false), encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  if (lenient) return { text: utf8(bytes, false), encoding: 'utf-8' };
  try {
    return { text: utf8(bytes, true), encoding: 'utf-8' };
  } catch {
    return {
      text: windows1252(bytes),
      encoding: 'windows-1252',
      warning: 'not valid UTF-8; read as Windows-1252 (Latin-1) text',
    };
  }
}

function utf8(bytes: Uint8Array, fatal: boolean): string {
  return new TextDecoder('utf-8', { fatal, ignoreBOM: true }).decode(bytes);
}

function windows1252(bytes: Uint8Array): string {
  try {
    return new TextDecoder('windows-1252').decode(bytes);
  } catch {
    // A runtime without the legacy encodings (small-ICU Node): Latin-1 maps bytes to code points.
    let out = '';
    for (let i = 0; i < bytes.length; i += 8192) {
      out += String.fromCharCode(...bytes.subarray(i, i + 8192));
    }
    return out;
  }
}
