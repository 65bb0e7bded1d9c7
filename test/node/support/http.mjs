// A small HTTP client for the receiver tests: unlike fetch, it lets a test set Origin, send broken
// bodies and stream an upload.
import { request as httpRequest } from 'node:http';
import { readFile } from 'node:fs/promises';
import { collectResponse, PAGE_ORIGIN } from './payloads.mjs';

/**
 * @param {string} url
 * @param {{ method?: string, headers?: Record<string, string>, body?: string | Buffer, chunks?: Buffer[] }} [options]
 */
export function sendRequest(url, { method = 'POST', headers = {}, body, chunks } = {}) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => collectResponse(res).then(resolve, reject));
    req.on('error', reject);
    if (chunks) {
      // Streamed without Content-Length: the receiver only learns the size as bytes arrive.
      for (const chunk of chunks) req.write(chunk);
      return; // left open: a well-behaved receiver answers before the upload ends
    }
    req.end(body);
  });
}

/** POSTs a payload the way the library's transport does, through `send`. */
export function postPayload(send, url, payload, headers = {}) {
  return send(url, {
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'Idempotency-Key': payload.id,
      Origin: PAGE_ORIGIN,
      ...headers,
    },
    body: JSON.stringify(payload),
  });
}

/** The JSON lines of an append-only file, none when it does not exist yet. */
export async function readJsonLines(file) {
  try {
    return (await readFile(file, 'utf8'))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line));
  } catch (error) {
    if (error.code === 'ENOENT') return [];
    throw error;
  }
}
