/**
 * `web3forms`: posts JSON to `https://api.web3forms.com/submit` (or `endpoint`, if set) with
 * `access_key` from `backend-key`. That key is public by Web3Forms' design: it only lets a page send
 * mail to the key's owner, like an e-mail address. `email` is Web3Forms' reply-to, `subject` the
 * mail's subject; every other flat payload field is mailed as is.
 *
 * Web3Forms answers `{ success, message }`. A `success: false` is a refusal whatever the status
 * (so a 200 saying "no" is never shown as sent), but its message names no field: the refusal marks
 * none and the customer is told the server refused the message.
 */
import { isObject, type Adapter } from './adapter.js';
import { flatJson, subjectOf } from './plain-text.js';
import { PRESETS } from './presets.js';

const SUBMIT = PRESETS.web3forms!.defaultEndpoint!;

export const web3formsAdapter: Adapter = {
  defaultEndpoint: SUBMIT,
  toRequest(payload, { endpoint, key }) {
    // Thrown errors reach the site owner as a configuration problem, before anything is sent.
    if (!key) throw new Error('web3forms needs backend-key');
    return flatJson(endpoint || SUBMIT, payload, { access_key: key, subject: subjectOf(payload) });
  },
  fromResponse: ({ json }) => (isObject(json) && json.success === false ? { fieldErrors: {} } : undefined),
};
