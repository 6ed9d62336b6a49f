import { useEffect, useState } from 'preact/hooks';

/**
 * State that survives a reload and a new sign-in in this tab (sessionStorage), for forms an
 * operator fills while a caller is on the phone. `clearDrafts(prefix)` forgets them once used.
 */
export function useDraft<T>(key: string, initial: T): [T, (v: T) => void] {
  const storageKey = `console.draft.${key}`;
  const [value, setValue] = useState<T>(() => {
    const saved = sessionStorage.getItem(storageKey);
    if (saved === null) return initial;
    try {
      return JSON.parse(saved) as T;
    } catch {
      return initial;
    }
  });
  useEffect(() => {
    sessionStorage.setItem(storageKey, JSON.stringify(value));
  }, [storageKey, value]);
  return [value, setValue];
}

export function clearDrafts(prefix: string): void {
  for (let i = sessionStorage.length - 1; i >= 0; i--) {
    const k = sessionStorage.key(i);
    if (k?.startsWith(`console.draft.${prefix}`)) sessionStorage.removeItem(k);
  }
}
