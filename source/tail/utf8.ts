import {Buffer} from 'node:buffer';
import {LineSplitter, type Utf8Decode} from '../core/line-splitter.js';

const utf8Slice = (Buffer.prototype as unknown as {utf8Slice?: (this: Uint8Array, start: number, end: number) => string}).utf8Slice;

/**
 * Node's UTF-8 decoding (Buffer's UTF-8 slice): the same WHATWG decoding as TextDecoder (U+FFFD
 * per maximal subpart, BOM kept), about a quarter faster. Falls back to Buffer#toString where the
 * internal slice is missing. test/core/line-splitter.property.test.ts checks it against TextDecoder.
 */
export const nodeUtf8: Utf8Decode = utf8Slice === undefined
	? bytes => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')
	: bytes => utf8Slice.call(bytes, 0, bytes.length);

/** A line splitter decoding with Node's decoder. */
export const nodeLineSplitter = (maxLineBytes?: number) => new LineSplitter(maxLineBytes, nodeUtf8);
