// Start the full-screen TUI. Ink reads CI at import time and then draws only the final frame, so
// CI is hidden from it while it loads (a CI=true shell must still get a live screen); React is
// loaded in its production build (the development one is several times slower per frame).
import type React from 'react';
import type { TrapdoorAppProps } from './TrapdoorApp.js';

type Modules = [typeof import('react'), typeof import('./runFullScreen.js'), typeof import('./DebuggerApp.js')];
let loading: Promise<Modules> | null = null;

/** Start loading Ink and React (Yoga's WebAssembly compiles meanwhile): call before booting a session. */
export function preloadTui(): Promise<Modules> {
  if (loading) return loading;
  const saved = { CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION };
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  process.env.NODE_ENV ??= 'production';
  // Yoga's WebAssembly loader fetch()es its own base64 data: URL when fetch exists, and the first
  // touch of Node's fetch loads undici (~30 ms at launch): hidden while Ink loads, so Yoga decodes
  // the base64 itself. (Replacing the property does not run Node's lazy getter; it is put back.)
  const fetchProperty = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  if (fetchProperty?.configurable) Object.defineProperty(globalThis, 'fetch', { value: undefined, configurable: true, writable: true });
  // The launcher (TrapdoorApp, ink-select-input) is loaded only when there is no program to debug.
  loading = Promise.all([import('react'), import('./runFullScreen.js'), import('./DebuggerApp.js')]).finally(() => {
    for (const [k, v] of Object.entries(saved)) if (v !== undefined) process.env[k] = v;
    if (fetchProperty?.configurable) Object.defineProperty(globalThis, 'fetch', fetchProperty);
  });
  return loading;
}

export async function runTui(props: TrapdoorAppProps): Promise<void> {
  const [ReactNs, { runFullScreen }, { DebuggerApp }] = await preloadTui();
  const target = props.target;
  let make: (size: { columns: number; rows: number }) => React.ReactNode;
  if (target) {
    // What TrapdoorApp renders for a target, without loading the launcher.
    make = (size) => ReactNs.createElement(DebuggerApp, { target, size, onQuit: props.onQuit });
  } else {
    const { TrapdoorApp } = await import('./TrapdoorApp.js');
    make = (size) => ReactNs.createElement(TrapdoorApp, { ...props, size });
  }
  await runFullScreen(make, { onRestore: () => target?.dispose() });
}
