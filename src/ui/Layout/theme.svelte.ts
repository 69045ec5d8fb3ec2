export type ThemeChoice = 'system' | 'light' | 'dark';

const KEY = 'sandcell:theme';

/** The colour theme: follows `prefers-color-scheme` until the user picks one, which is remembered. */
export class Theme {
  choice: ThemeChoice = $state('system');

  constructor() {
    try {
      const saved = localStorage.getItem(KEY);
      if (saved === 'light' || saved === 'dark') this.choice = saved;
    } catch {
      // Storage can be blocked (sandboxed iframe); the theme then lasts for the page only.
    }
  }

  /** Cycles system → light → dark → system. */
  toggle(): void {
    this.choice = this.choice === 'system' ? 'light' : this.choice === 'light' ? 'dark' : 'system';
    try {
      if (this.choice === 'system') localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, this.choice);
    } catch {
      // See the constructor.
    }
  }

  /** Puts the choice on <html data-theme>, which app.css reads. */
  apply(root: HTMLElement): void {
    if (this.choice === 'system') delete root.dataset.theme;
    else root.dataset.theme = this.choice;
  }
}
