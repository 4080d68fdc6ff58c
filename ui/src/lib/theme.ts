/** The window's appearance: the system's light or dark setting, or a choice
 *  kept on this computer (it applies before anyone signs in). */
export type Theme = "system" | "light" | "dark";

const KEY = "medvault.theme";

/** The appearance chosen on this computer ("system" when none was). */
export function savedTheme(): Theme {
  const t = localStorage.getItem(KEY);
  return t === "light" || t === "dark" ? t : "system";
}

/** Shows the window in `theme` and remembers the choice. */
export function setTheme(theme: Theme): void {
  const root = document.documentElement;
  if (theme === "system") {
    delete root.dataset.theme;
    localStorage.removeItem(KEY);
  } else {
    root.dataset.theme = theme;
    localStorage.setItem(KEY, theme);
  }
}
