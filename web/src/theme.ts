/**
 * Light or dark: the system's setting until the reader chooses, then the choice, remembered. The choice is an
 * attribute on `<html>` that the styles read; with none, they follow `prefers-color-scheme`.
 */
const STORAGE_KEY = 'zbwd.theme';
type Theme = 'light' | 'dark';

function stored(): Theme | undefined {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : undefined;
  } catch {
    return undefined;
  }
}

const system = matchMedia('(prefers-color-scheme: dark)');

export function isDark(): boolean {
  const chosen = document.documentElement.dataset.theme;
  return chosen === undefined ? system.matches : chosen === 'dark';
}

/** Applies the remembered choice and keeps `button` (a toggle) saying whether the page is dark. */
export function themeToggle(button: HTMLButtonElement): void {
  const theme = stored();
  if (theme) document.documentElement.dataset.theme = theme;
  const show = (): void => button.setAttribute('aria-pressed', String(isDark()));
  system.addEventListener('change', show);
  button.addEventListener('click', () => {
    const next: Theme = isDark() ? 'light' : 'dark';
    document.documentElement.dataset.theme = next;
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered; the page still switches.
    }
    show();
  });
  show();
}
