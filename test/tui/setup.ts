// Ink draws only the final frame when CI is set: unset it so TUI tests see every frame in CI too.
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
export const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));
