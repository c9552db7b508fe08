import { Writable } from 'node:stream';
import { suiteLog } from './suite-log.js';

/** Collects the broker's JSON log lines so a test can read what was logged. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];

  constructor() {
    super();
    suiteLog.watch(this.lines); // the suite-wide secret grep reads every capture at the end of the run
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.lines.push(line);
    done();
  }

  records(): Record<string, unknown>[] {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  text(): string {
    return this.lines.join('\n');
  }
}

/**
 * The keys a JSON line names more than once at its top level. JSON.parse keeps the last value
 * silently, so a duplicated key is only visible in the text.
 */
export function duplicatedKeys(line: string): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    else if (c === '"') {
      let j = i + 1;
      while (line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
      const isKey = depth === 1 && /^\s*:/.test(line.slice(j + 1, j + 3));
      if (isKey) {
        const key = JSON.parse(line.slice(i, j + 1)) as string;
        if (seen.has(key)) twice.add(key);
        seen.add(key);
      }
      i = j;
    }
  }
  return [...twice];
}
