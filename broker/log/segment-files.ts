/**
 * File naming inside a partition directory: each segment's files are named by its base offset,
 * zero-padded to 20 digits so that lexical order is offset order.
 */
import { join } from 'node:path';

export const LOG_SUFFIX = '.log';
export const OFFSET_INDEX_SUFFIX = '.index';
export const TIME_INDEX_SUFFIX = '.timeindex';

const SEGMENT_FILE = /^(\d{20})(\.log|\.index|\.timeindex)$/;

export interface SegmentPaths {
  readonly log: string;
  readonly offsetIndex: string;
  readonly timeIndex: string;
}

export function segmentFileName(baseOffset: number, suffix: string): string {
  return String(baseOffset).padStart(20, '0') + suffix;
}

export function segmentPaths(dir: string, baseOffset: number): SegmentPaths {
  return {
    log: join(dir, segmentFileName(baseOffset, LOG_SUFFIX)),
    offsetIndex: join(dir, segmentFileName(baseOffset, OFFSET_INDEX_SUFFIX)),
    timeIndex: join(dir, segmentFileName(baseOffset, TIME_INDEX_SUFFIX)),
  };
}

export function parseSegmentFileName(name: string): { baseOffset: number; suffix: string } | null {
  const match = SEGMENT_FILE.exec(name);
  return match ? { baseOffset: Number(match[1]), suffix: match[2] } : null;
}
