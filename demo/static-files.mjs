/**
 * Serves files from one folder, and nothing outside it. The URL path is split into segments and each
 * decoded segment is checked on its own, so `..`, `%2e%2e`, `%2f`, backslashes, NUL and dotfiles
 * (`.cert/key.pem`, `.data/…`) never reach the file system; the resolved real path must still lie
 * inside the folder, which also stops a symbolic link from leading out of it.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';

export const CONTENT_TYPES = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
});

/**
 * Maps a URL path below a mount point to a file path, or undefined when it must not be served.
 * @param {string} root absolute folder
 * @param {string} relativeUrlPath the part of the URL path after the mount point, e.g. `core/index.js`
 * @returns {string | undefined}
 */
export function resolveInside(root, relativeUrlPath) {
  const segments = relativeUrlPath.split('/');
  /** @type {string[]} */
  const decoded = [];
  for (const raw of segments) {
    let segment;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (segment === '' || segment.startsWith('.') || /[/\\\0]/.test(segment)) return undefined;
    decoded.push(segment);
  }
  if (decoded.length === 0) return undefined;
  const file = join(root, ...decoded);
  return file.startsWith(root + sep) ? file : undefined;
}

/**
 * Streams the file if it exists inside `root`; answers nothing and returns false otherwise, so the
 * caller decides what a miss means.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {{ root: string, path: string, extensions?: readonly string[], headers?: Record<string, string> }} options
 *   `extensions`: the only file types served from this folder (default: every type in CONTENT_TYPES)
 * @returns {Promise<boolean>}
 */
export async function serveFile(req, res, { root, path, extensions = Object.keys(CONTENT_TYPES), headers = {} }) {
  const candidate = resolveInside(root, path);
  if (candidate === undefined) return false;
  const extension = extname(candidate).toLowerCase();
  if (!extensions.includes(extension)) return false;
  const type = CONTENT_TYPES[/** @type {keyof typeof CONTENT_TYPES} */ (extension)];
  if (type === undefined) return false;
  let file;
  let info;
  try {
    const realRoot = await realpath(root);
    file = await realpath(candidate);
    if (!file.startsWith(realRoot + sep)) return false;
    info = await stat(file);
  } catch {
    return false;
  }
  if (!info.isFile()) return false;

  res.writeHead(200, {
    ...headers,
    'Content-Type': type,
    'Content-Length': info.size,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    'Last-Modified': info.mtime.toUTCString(),
  });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
  return true;
}
