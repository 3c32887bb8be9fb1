// Colours in one place, so every pane highlights the same things the same way.
export const theme = {
  title: 'cyan',
  titleFocused: 'cyanBright',
  changed: 'yellow',
  current: 'greenBright',
  breakpoint: 'red',
  disabled: 'gray',
  kernel: 'magenta',
  dim: 'gray',
  error: 'red',
  user: 'green',
  /** C source lines drawn above their instructions. */
  source: 'blueBright',
} as const;
