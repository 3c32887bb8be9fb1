// Start the full-screen TUI. Ink reads CI at import time and then draws only the final frame,
// so CI is hidden from it while it loads (a CI=true shell must still get a live screen).
import React from 'react';
import type { TrapdoorAppProps } from './TrapdoorApp.js';

export async function runTui(props: TrapdoorAppProps): Promise<void> {
  const saved = { CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION };
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  const [{ runFullScreen }, { TrapdoorApp }] = await Promise.all([import('./runFullScreen.js'), import('./TrapdoorApp.js')]);
  for (const [k, v] of Object.entries(saved)) if (v !== undefined) process.env[k] = v;
  let stopTarget = (): void => {};
  const target = props.target;
  if (target) stopTarget = () => target.dispose();
  await runFullScreen((size) => React.createElement(TrapdoorApp, { ...props, size }), { onRestore: () => stopTarget() });
}
