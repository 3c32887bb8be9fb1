// Subscribe to a session's view models: the latest one drives every pane.
import { useEffect, useState } from 'react';
import type { DebugTarget } from '../debugger/DebugTarget.js';
import type { ViewModel } from '../debugger/viewModel.js';

export function useDebugTarget(target: DebugTarget): ViewModel {
  const [view, setView] = useState<ViewModel>(() => target.view());
  useEffect(() => {
    setView(target.view());
    return target.subscribe(setView);
  }, [target]);
  return view;
}
