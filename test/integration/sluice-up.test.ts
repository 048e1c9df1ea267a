// `sluice up`: one process with the broker, a distributed worker and its internal topics.
// A file source created over REST moves data; Ctrl-C stops cleanly; a restart resumes.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '../support/worker-process.ts';
import { runCommand } from '../support/run-command.ts';

const CLI = resolve(import.meta.dirname, '../../runtime/cli/main.ts');
const dir = mkdtempSync(join(tmpdir(), 'sluice-up-'));
const input = join(dir, 'input.txt');
let child: ChildProcess | undefined;

afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function up(brokerPort: number, restPort: number): Promise<{ child: ChildProcess; output: string[]; exited: Promise<number | null> }> {
  const proc = spawn(process.execPath, [CLI, 'up', '--data-dir', join(dir, 'data'), '--listen', `127.0.0.1:${brokerPort}`, '--rest-port', String(restPort)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  createInterface({ input: proc.stdout! }).on('line', (l) => output.push(l));
  createInterface({ input: proc.stderr! }).on('line', (l) => output.push(l));
  const exited = new Promise<number | null>((res) => proc.once('exit', (code) => res(code)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`sluice up exited ${proc.exitCode}:\n${output.join('\n')}`);
    try {
      if ((await fetch(`http://127.0.0.1:${restPort}/`)).ok) break;
    } catch {
      // starting
    }
    if (Date.now() > deadline) throw new Error(`sluice up did not serve REST within 60 s:\n${output.join('\n')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child: proc, output, exited };
}

async function topicLines(brokerPort: number, expected: number): Promise<string[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await runCommand('kcat', ['-C', '-b', `127.0.0.1:${brokerPort}`, '-t', 'up-lines', '-o', 'beginning', '-e', '-q', '-f', '%s\n'], { timeoutMs: 30_000 });
    const got = res.stdout.toString().split('\n').filter(Boolean);
    if (got.length >= expected || Date.now() > deadline) return got;
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('sluice up', () => {
  it('moves data from a connector created over REST, stops on Ctrl-C and resumes after a restart', async () => {
    const brokerPort = await freePort();
    const restPort = await freePort();
    writeFileSync(input, ['a', 'b', 'c'].join('\n') + '\n');
    let run = await up(brokerPort, restPort);
    child = run.child;
    // Sent the way the quick start's `curl -X POST .../connectors -d @file-source.json` sends it.
    const created = await fetch(`http://127.0.0.1:${restPort}/connectors`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: JSON.stringify({ name: 'up-source', config: { 'connector.class': 'FileStreamSource', file: input, topic: 'up-lines', 'value.converter': 'org.apache.kafka.connect.storage.StringConverter' } }),
    });
    expect(created.status).toBe(201);
    expect(await topicLines(brokerPort, 3)).toEqual(['a', 'b', 'c']);
    // Let the source offsets reach the offsets topic before stopping.
    await new Promise((r) => setTimeout(r, 1500));

    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);

    appendFileSync(input, ['d', 'e'].join('\n') + '\n');
    run = await up(brokerPort, restPort);
    child = run.child;
    const connectors = await (await fetch(`http://127.0.0.1:${restPort}/connectors`)).json();
    expect(connectors).toEqual(['up-source']);
    expect(await topicLines(brokerPort, 5)).toEqual(['a', 'b', 'c', 'd', 'e']);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });
});
