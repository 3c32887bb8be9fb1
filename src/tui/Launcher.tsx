// The launcher: pick a program from programs/ (with its one-line description), a profile, a kernel.
import React, { useRef, useState } from 'react';
import { Box, Text, useApp, useInput } from 'ink';
import SelectInput from 'ink-select-input';
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

export function Launcher({ programs, profiles, height, width, onChosen, onQuit }: LauncherProps): React.JSX.Element {
  const [step, setStepState] = useState<Step>('program');
  // A just-unmounted list can still receive the next key (its input effect is cleaned up late):
  // every onSelect checks the step it belongs to against this ref.
  const stepRef = useRef<Step>('program');
  const setStep = (s: Step | ((prev: Step) => Step)): void => {
    const next = typeof s === 'function' ? s(stepRef.current) : s;
    stepRef.current = next;
    setStepState(next);
  };
  const chosen = useRef(false);
  const [program, setProgram] = useState<string | null>(null);
  const [profile, setProfile] = useState<string | null>(null);
  const { exit } = useApp();
  useInput((input, key) => {
    if (input === 'q' || (key.ctrl && input === 'c')) {
      onQuit?.();
      exit();
    } else if (key.escape || key.leftArrow) {
      setStep((s) => (s === 'kernel' ? 'profile' : 'program'));
    }
  });
  const nameWidth = Math.min(24, Math.max(0, ...programs.map((p) => p.name.length)));
  const limit = Math.max(3, height - 6);
  let body: React.ReactNode;
  if (programs.length === 0) {
    body = <Text color={theme.error}>No programs found (looked for programs/*.S). Run `trapdoor debug PROG` instead.</Text>;
  } else if (step === 'program') {
    body = (
      <SelectInput
        key="program"
        limit={limit}
        items={programs.map((p) => ({ key: p.path, label: `${p.name.padEnd(nameWidth)}  ${p.description}`.slice(0, width - 4), value: p.path }))}
        onSelect={(item) => {
          if (stepRef.current !== 'program') return;
          setProgram(item.value);
          setStep('profile');
        }}
      />
    );
  } else if (step === 'profile') {
    body = (
      <SelectInput
        key="profile"
        items={profiles.map((p) => ({ key: p.name, label: `${p.name.padEnd(10)}  ${p.description}`.slice(0, width - 4), value: p.name }))}
        onSelect={(item) => {
          if (stepRef.current !== 'profile') return;
          setProfile(item.value);
          setStep('kernel');
        }}
      />
    );
  } else {
    const kernels: { label: string; value: 'default' | 'i386' | 'x86_64' }[] = [
      { label: "default   the profile's kernel for this program (64-bit programs: x86_64)", value: 'default' },
      { label: 'i386      32-bit programs on the i386 kernel (INT 0x80 + SAVE_ALL, SYSENTER)', value: 'i386' },
      { label: 'x86_64    64-bit kernel; 32-bit programs run in compat mode', value: 'x86_64' },
    ];
    body = (
      <SelectInput
        key="kernel"
        items={kernels.map((k) => ({ ...k, label: k.label.slice(0, width - 4) }))}
        onSelect={(item) => {
          if (stepRef.current !== 'kernel' || chosen.current) return;
          chosen.current = true;
          onChosen({ program: program!, profile: profile!, kernel: item.value === 'default' ? null : item.value });
        }}
      />
    );
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
