import { expect } from '@open-wc/testing';

import { loadPart, loadScript } from '../../src/embed/load-part.js';

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return String(error);
  }
  return 'it loaded';
}

describe('loading a part of the script-tag build', () => {
  it('vouches through its Trusted Types policy only for its own parts, and runs nothing else', async () => {
    // These sources are not built with parts (the build pins them), so no URL is one of ours.
    const message = await failure(loadScript(new URL('/dist/membrane-security.js', location.href).href, `sha384-${'A'.repeat(64)}`));
    if ('trustedTypes' in window) expect(message).to.contain('refusing to load');
    else expect(message).to.contain('did not match its integrity hash');
    expect(customElements.get('membrane-security-form')).to.equal(undefined);
  });

  it('rejects a part name it was not built with', async () => {
    expect(await failure(loadPart('not-a-part'))).to.contain('no part named not-a-part');
  });
});
