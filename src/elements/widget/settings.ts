/**
 * The widget's settings: attributes on `<membrane-widget>`, `data-*` attributes on the script tag,
 * camelCase keys of `window.membraneConfig`. One list, so a warning names the setting the way the
 * site owner wrote it.
 */
export const SETTINGS = [
  'endpoint',
  'security-endpoint',
  'security-policy',
  'security-txt',
  'encryption-key',
  'encryption',
  'backend',
  'backend-key',
  'response-time',
  'ack-time',
  'fallback-email',
  'persist',
  'timeout',
  'position',
  'label',
  'theme',
  'lang',
  'topics',
];

export const camel = (name: string): string => name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

/** A `dataset` key as the attribute's name after `data-`: `securityEndpoint` → `security-endpoint`. */
export const kebab = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** How a script tag spelled a setting: `data-endpoint`, or `membraneConfig.endpoint`. */
export const settingName = (via: 'data' | 'config', setting: string): string =>
  via === 'data' ? `data-${setting}` : `membraneConfig.${camel(setting)}`;
