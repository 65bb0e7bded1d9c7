// Writes the script-tag bundle's Subresource Integrity hash next to it (dist/membrane.js.sri), so the
// README snippet and the release notes can publish it with the file it covers.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';

const file = new URL('../dist/membrane.js', import.meta.url);
const hash = `sha384-${createHash('sha384').update(await readFile(file)).digest('base64')}`;
await writeFile(new URL('../dist/membrane.js.sri', import.meta.url), `${hash}\n`);
console.log(`dist/membrane.js ${hash}`);
