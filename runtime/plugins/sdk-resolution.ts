/**
 * Makes `import ... from 'sluice/sdk'` in a plugin load the very SDK module this runtime runs on.
 *
 * Why: the runtime checks plugin classes with `instanceof SourceConnector`, tells retriable errors by
 * `instanceof ConnectException`, and interns TopicPartitions (Map keys compare by identity). A second
 * copy of the SDK breaks all three silently. Plugins therefore declare `sluice` as a peerDependency,
 * but Node resolves the specifier from the plugin's folder, where `sluice` is usually absent (or is some
 * other copy), and when Sluice runs from its .ts sources there is no dist/ for the package's
 * `"exports": {"./sdk": ...}` to point at anyway.
 *
 * How: a module resolution hook answers 'sluice/sdk' with the URL of the SDK index next to this file,
 * `.ts` when running from sources and `.js` from dist/, which is the URL the runtime's own imports of
 * the SDK resolved to, so Node's module cache hands the plugin the instance already loaded. Node 22.15+
 * runs synchronous in-thread hooks (module.registerHooks); older Nodes get the off-thread
 * module.register() equivalent. The hook applies process-wide, to this one specifier only.
 */
import * as nodeModule from 'node:module';

export const SDK_SPECIFIER = 'sluice/sdk';

/** The SDK module the runtime itself uses. */
export const SDK_URL = new URL(`../../connectors/sdk/index${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;

const OFF_THREAD_HOOKS = `
let target;
export function initialize(data) { target = data; }
export async function resolve(specifier, context, next) {
  return specifier === target.specifier ? { url: target.url, shortCircuit: true } : next(specifier, context);
}`;

let installed = false;

/** Installs the hook once per process (repeated calls do nothing). */
export function installSdkResolution(): void {
  if (installed) return;
  installed = true;
  if (typeof nodeModule.registerHooks === 'function') {
    nodeModule.registerHooks({
      resolve: (specifier, context, next) => (specifier === SDK_SPECIFIER ? { url: SDK_URL, shortCircuit: true } : next(specifier, context)),
    });
    return;
  }
  nodeModule.register(`data:text/javascript,${encodeURIComponent(OFF_THREAD_HOOKS)}`, { data: { specifier: SDK_SPECIFIER, url: SDK_URL } });
}
