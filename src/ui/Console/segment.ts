import type { OutputStream } from '../../lib/engines/protocol';

/** A run of console text from one stream; `info` is the console's own notes. */
export interface Segment {
  stream: OutputStream | 'info';
  text: string;
}
