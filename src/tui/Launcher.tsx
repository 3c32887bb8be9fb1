// The launcher: pick a program from programs/ (with its one-line description), a profile, a kernel.
import type React from 'react';
import { useRef, useState } from 'react';
import { Box, Text, useApp, useInput } from 'ink';
import { type PickItem, PickList, usePick } from './PickList.js';
import type { CatalogEntry } from '../debugger/programCatalog.js';
import { theme } from './theme.js';
import { SIMPLIFICATIONS } from '../debugger/simplifications.js';

export interface LaunchChoice {
  program: string;
  profile: string;
  /** null: the profile's default for the program's bitness. */
  kernel: 'i386' | 'x86_64' | null;
}

export interface LauncherProps {
  programs: CatalogEntry[];
  profiles: { name: string; description: string }[];
  height: number;
  width: number;
  onChosen: (choice: LaunchChoice) => void;
  onQuit?: () => void;
}

type Step = 'program' | 'profile' | 'kernel';

const KERNELS: { label: string; value: 'default' | 'i386' | 'x86_64' }[] = [
  { label: "default   the profile's kernel for this program (64-bit programs: x86_64)", value: 'default' },
  { label: 'i386      32-bit programs on the i386 kernel (INT 0x80 + SAVE_ALL, SYSENTER)', value: 'i386' },
  { label: 'x86_64    64-bit kernel; 32-bit programs run in compat mode', value: 'x86_64' },
];

export function Launcher({ programs, profiles, height, width, onChosen, onQuit }: LauncherProps): React.JSX.Element {
  // One key handler for the three lists, reading refs: keys of one burst each see the last key's effect.
  const stepRef = useRef<Step>('program');
  const [step, setStepState] = useState<Step>('program');
  const setStep = (s: Step): void => {
    stepRef.current = s;
    setStepState(s);
  };
  const chosen = useRef(false);
  const programPick = usePick();
  const profilePick = usePick();
  const kernelPick = usePick();
  const { exit } = useApp();
  const nameWidth = Math.min(24, Math.max(0, ...programs.map((p) => p.name.length)));
  const programItems: PickItem<string>[] = programs.map((p) => ({ key: p.path, label: `${p.name.padEnd(nameWidth)}  ${p.description}`.slice(0, width - 4), value: p.path }));
  const profileItems: PickItem<string>[] = profiles.map((p) => ({ key: p.name, label: `${p.name.padEnd(10)}  ${p.description}`.slice(0, width - 4), value: p.name }));
  const kernelItems: PickItem<string>[] = KERNELS.map((k) => ({ key: k.value, label: k.label.slice(0, width - 4), value: k.value }));
  useInput((input, key) => {
    if (input === 'q' || (key.ctrl && input === 'c')) {
      onQuit?.();
      exit();
      return;
    }
    const s = stepRef.current;
    if (key.escape || key.leftArrow) {
      setStep(s === 'kernel' ? 'profile' : 'program');
      return;
    }
    if (chosen.current || programs.length === 0) return;
    if (s === 'program') {
      if (programPick.handle(key, input, programItems.length)) setStep('profile');
    } else if (s === 'profile') {
      if (profilePick.handle(key, input, profileItems.length)) setStep('kernel');
    } else if (kernelPick.handle(key, input, kernelItems.length)) {
      chosen.current = true;
      const k = KERNELS[kernelPick.index]!.value;
      onChosen({ program: programItems[programPick.index]!.value, profile: profileItems[profilePick.index]!.value, kernel: k === 'default' ? null : k });
    }
  });
  const limit = Math.max(3, height - 6);
  // The header names what has been chosen so far: nothing while picking the program.
  const program = step !== 'program' ? programItems[programPick.index]?.value ?? null : null;
  const profile = step === 'kernel' ? profileItems[profilePick.index]?.value ?? null : null;
  let body: React.ReactNode;
  if (programs.length === 0) {
    body = <Text color={theme.error}>No programs found (looked for programs/*.S). Run `trapdoor debug PROG` instead.</Text>;
  } else if (step === 'program') {
    body = <PickList items={programItems} index={programPick.index} limit={limit} />;
  } else if (step === 'profile') {
    body = <PickList items={profileItems} index={profilePick.index} limit={limit} />;
  } else {
    body = <PickList items={kernelItems} index={kernelPick.index} limit={limit} />;
  }
  const title = step === 'program' ? 'Pick a program' : step === 'profile' ? 'Pick a cost profile' : 'Pick a kernel';
  return (
    <Box flexDirection="column" height={height} width={width}>
      <Text bold color={theme.title}>
        trapdoor — step from user space into the kernel
      </Text>
      <Text color={theme.dim}>
        {program ? `program ${program.split('/').pop()}` : ' '}
        {profile ? ` · profile ${profile}` : ''}
      </Text>
      <Text bold>{title}</Text>
      {body}
      <Box flexGrow={1} />
      <Text color={theme.dim} wrap="truncate-end">{SIMPLIFICATIONS}</Text>
      <Text color={theme.dim}>↑↓ move · Enter choose · Esc back · q quit</Text>
    </Box>
  );
}
