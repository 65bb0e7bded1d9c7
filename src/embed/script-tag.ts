/**
 * What the one-line script tag does besides registering elements: reads its configuration (its own
 * `data-*` attributes, else `window.membraneConfig`), mounts one `<membrane-widget>`, answers the
 * `membrane(...)` command queue (replaying calls made before it loaded, in order), and opens the
 * widget from any element marked `data-membrane-open`.
 */
import { camel, kebab, SETTINGS, settingName } from '../elements/widget/settings.js';
import type { MembraneWidgetElement, WidgetPrefill } from '../elements/widget/widget.js';

/** Properties only `membraneConfig` can carry (functions and objects). */
const PROPERTIES = ['topics', 'strings', 'adapter', 'captcha'] as const;

type Command = [name: string, ...args: unknown[]];
type Listener = (detail: unknown, event: Event) => void;
interface Api {
  (...command: Command): void;
  q?: ArrayLike<Command>;
  version?: string;
}

let widget: MembraneWidgetElement | undefined;
const listeners = new Map<Listener, [string, EventListener][]>();

function target(): MembraneWidgetElement | null {
  return widget?.isConnected ? widget : document.querySelector('membrane-widget');
}

const warned = new Set<string>();

/** Warnings about the script tag itself and its commands (the widget names its own settings). */
function warn(name: string, message: string): void {
  if (warned.has(name + message)) return;
  warned.add(name + message);
  console.warn(`[membrane] <script> ${name}: ${message}`);
}

interface Config {
  readonly via: 'data' | 'config';
  readonly values: Record<string, unknown>;
}

/** The widget's configuration from the script's data attributes, else from `window.membraneConfig`. */
function readConfig(script: HTMLScriptElement | null): Config | undefined {
  const data = script?.dataset ?? {};
  const given = Object.entries(data).map(([key, value]) => [kebab(key), value ?? ''] as const);
  // Other tools mark script tags too (data-cfasync, data-cookieconsent): only our settings count.
  if (given.some(([setting]) => SETTINGS.includes(setting))) {
    const values: Record<string, unknown> = {};
    for (const [setting, value] of given) {
      if (setting === 'topics') {
        try {
          values.topics = JSON.parse(value);
        } catch (error) {
          warn('data-topics', `is not valid JSON (${String(error)}): only Security and Other are offered.`);
        }
      } else if (SETTINGS.includes(setting)) values[camel(setting)] = value;
      else warn(`data-${setting}`, `is not a Membrane setting; the settings are ${SETTINGS.map((s) => settingName('data', s)).join(', ')}.`);
    }
    return { via: 'data', values };
  }
  const config = (globalThis as { membraneConfig?: unknown }).membraneConfig;
  if (config === undefined) return undefined;
  if (config === null || typeof config !== 'object') {
    warn('membraneConfig', 'must be an object of settings: no widget is shown.');
    return undefined;
  }
  for (const key of Object.keys(config)) {
    if (!SETTINGS.some((s) => camel(s) === key) && !(PROPERTIES as readonly string[]).includes(key)) {
      warn(`membraneConfig.${key}`, 'is not a Membrane setting: ignored.');
    }
  }
  return { via: 'config', values: config as Record<string, unknown> };
}

function mount({ via, values }: Config): MembraneWidgetElement {
  const element = document.createElement('membrane-widget');
  element.scriptSettings = via;
  for (const setting of SETTINGS) {
    const value = values[camel(setting)];
    if (typeof value === 'string') element.setAttribute(setting, value);
  }
  for (const property of PROPERTIES) {
    if (values[property] !== undefined) (element as unknown as Record<string, unknown>)[property] = values[property];
  }
  document.body.append(element);
  return element;
}

function run([name, ...args]: Command): void {
  const w = target();
  const [first, second] = args;
  switch (name) {
    case 'open':
      return w?.open(typeof first === 'string' ? first : (first as { topic?: string } | undefined)?.topic);
    case 'close':
      return w?.close();
    case 'prefill':
      if (first && typeof first === 'object') return w?.prefill(first as WidgetPrefill);
      return warn('membrane("prefill")', 'takes an object: { topic, name, email, message }.');
    case 'on':
    case 'off': {
      if (typeof first !== 'string' || typeof second !== 'function') {
        return warn(`membrane("${name}")`, 'takes an event name (sent, submit, error, open, close) and a function.');
      }
      const fn = second as Listener;
      if (name === 'on') {
        const listener: EventListener = (event) => fn((event as CustomEvent).detail, event);
        const type = `membrane-${first}`;
        document.addEventListener(type, listener);
        listeners.set(fn, [...(listeners.get(fn) ?? []), [type, listener]]);
      } else {
        for (const [type, listener] of listeners.get(fn) ?? []) {
          if (type === `membrane-${first}`) document.removeEventListener(type, listener);
        }
        listeners.set(fn, (listeners.get(fn) ?? []).filter(([type]) => type !== `membrane-${first}`));
      }
      return;
    }
    case 'destroy':
      widget?.remove();
      widget = undefined;
      for (const entries of listeners.values()) for (const [type, listener] of entries) document.removeEventListener(type, listener);
      listeners.clear();
      document.removeEventListener('click', onOpenerClick);
      return;
    default:
      warn(`membrane("${name}")`, 'is not a command; the commands are open, close, prefill, on, off, destroy.');
  }
}

function onOpenerClick(event: MouseEvent): void {
  // The path, not the target: an opener inside a shadow root reaches the document retargeted.
  const opener = event.composedPath().find((node): node is Element => node instanceof Element && node.hasAttribute('data-membrane-open'));
  const w = target();
  if (!opener || !w) return;
  event.preventDefault();
  w.open(opener.getAttribute('data-membrane-open') || undefined);
}

/**
 * Starts the script tag's behaviour once per page, whichever copy of the bundle runs first; false for
 * the copies after it.
 */
export function startScriptTag(script: HTMLScriptElement | null): boolean {
  const page = globalThis as unknown as { membrane?: Api };
  if (page.membrane?.version) return false;
  const queued = Array.from(page.membrane?.q ?? []);
  const api: Api = (...command) => {
    try {
      run(command);
    } catch (error) {
      // A page's call must never break the page.
      console.warn(`[membrane] membrane("${command[0]}"): ${String(error)}`);
    }
  };
  api.version = '1';
  page.membrane = api;

  const start = () => {
    const config = readConfig(script);
    if (config && !document.querySelector('membrane-widget')) widget = mount(config);
    document.addEventListener('click', onOpenerClick);
    for (const command of queued) api(...command);
  };
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });
  return true;
}
