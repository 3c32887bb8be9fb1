// The whole full-screen program: the launcher (when no program was given), then the debugger.
import type React from 'react';
import { useEffect, useState } from 'react';
import { Box, Text, useApp, useInput } from 'ink';
import type { DebugTarget } from '../debugger/DebugTarget.js';
import type { CatalogEntry } from '../debugger/programCatalog.js';
import { DebuggerApp } from './DebuggerApp.js';
import { type LaunchChoice, Launcher } from './Launcher.js';
import { theme } from './theme.js';
import { type TerminalSize, useTerminalSize } from './useTerminalSize.js';

export interface TrapdoorAppProps {
  /** A session already created (`trapdoor debug PROG`); otherwise the launcher runs first. */
  target?: DebugTarget;
  launcher?: {
    programs: CatalogEntry[];
    profiles: { name: string; description: string }[];
    /** Load and boot the chosen program; rejects with a one-line message on failure. */
    createTarget: (choice: LaunchChoice) => Promise<DebugTarget>;
  };
  size?: TerminalSize;
  onQuit?: () => void;
}

function Failed({ message, onBack }: { message: string; onBack: () => void }): React.JSX.Element {
  const { exit } = useApp();
  useInput((input) => (input === 'q' ? exit() : onBack()));
  return (
    <Box flexDirection="column">
      <Text color={theme.error}>{`trapdoor: error: ${message}`}</Text>
      <Text color={theme.dim}>any key: back to the launcher · q quit</Text>
    </Box>
  );
}

export function TrapdoorApp({ target: initial, launcher, size: fixedSize, onQuit }: TrapdoorAppProps): React.JSX.Element {
  const size = useTerminalSize(fixedSize);
  const [target, setTarget] = useState<DebugTarget | null>(initial ?? null);
  const [loading, setLoading] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => () => target?.dispose(), [target]);
  // From the launcher, quitting the debugger goes back to the launcher (the session is disposed).
  if (target) return <DebuggerApp target={target} size={fixedSize} onQuit={onQuit} onBack={initial ? undefined : () => setTarget(null)} />;
  if (error) return <Failed message={error} onBack={() => setError(null)} />;
  if (loading) return <Text>{`Loading ${loading}…`}</Text>;
  if (!launcher) return <Text color={theme.error}>nothing to debug</Text>;
  return (
    <Launcher
      programs={launcher.programs}
      profiles={launcher.profiles}
      width={size.columns}
      height={Math.max(5, size.rows - 1)}
      onQuit={onQuit}
      onChosen={(choice) => {
        setLoading(choice.program);
        launcher.createTarget(choice).then(
          (t) => {
            setLoading(null);
            setTarget(t);
          },
          (e: unknown) => {
            setLoading(null);
            setError(e instanceof Error ? e.message : String(e));
          },
        );
      }}
    />
  );
}
