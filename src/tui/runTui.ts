// Start the full-screen TUI. Ink reads CI at import time and then draws only the final frame, so
// CI is hidden from it while it loads (a CI=true shell must still get a live screen); React is
// loaded in its production build (the development one is several times slower per frame).
import type React from 'react';
import type { TrapdoorAppProps } from './TrapdoorApp.js';

type Modules = [typeof import('react'), typeof import('./runFullScreen.js'), typeof import('./TrapdoorApp.js')];
let loading: Promise<Modules> | null = null;

/** Start loading Ink and React (Yoga's WebAssembly compiles meanwhile): call before booting a session. */
export function preloadTui(): Promise<Modules> {
  if (loading) return loading;
  const saved = { CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION };
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  process.env.NODE_ENV ??= 'production';
  loading = Promise.all([import('react'), import('./runFullScreen.js'), import('./TrapdoorApp.js')]).finally(() => {
    for (const [k, v] of Object.entries(saved)) if (v !== undefined) process.env[k] = v;
  });
  return loading;
}

export async function runTui(props: TrapdoorAppProps): Promise<void> {
  const [ReactNs, { runFullScreen }, { TrapdoorApp }] = await preloadTui();
  const target = props.target;
  const make = (size: { columns: number; rows: number }): React.ReactNode => ReactNs.createElement(TrapdoorApp, { ...props, size });
  await runFullScreen(make, { onRestore: () => target?.dispose() });
}
