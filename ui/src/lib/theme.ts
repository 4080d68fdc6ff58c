/** The window's appearance: the system's light or dark setting, or a choice
 *  kept on this computer (it applies before anyone signs in). */
export type Theme = "system" | "light" | "dark";

const KEY = "medvault.theme";

/** The appearance chosen on this computer ("system" when none was). */
export function savedTheme(store: Pick<Storage, "getItem"> = localStorage): Theme {
  const t = store.getItem(KEY);
  return t === "light" || t === "dark" ? t : "system";
}

/** Shows the window in `theme` and remembers the choice. */
export function setTheme(
  theme: Theme,
  root: HTMLElement = document.documentElement,
  store: Pick<Storage, "setItem" | "removeItem"> = localStorage,
): void {
  if (theme === "system") {
    delete root.dataset.theme;
    store.removeItem(KEY);
  } else {
    root.dataset.theme = theme;
    store.setItem(KEY, theme);
  }
}
