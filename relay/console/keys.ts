/**
 * The console's keyboard shortcuts, as a pure function of a key event and
 * where it happened. Shortcuts never fire while the moderator types (an
 * input, a select, an editable element) or holds Ctrl, Alt or Meta (the
 * browser's and the screen reader's own keys); Shift only makes `?`.
 */

export type Shortcut = 'next' | 'previous' | 'approve' | 'hide' | 'pin' | 'block' | 'undo' | 'search' | 'help';

const LETTERS: Record<string, Shortcut> = {j: 'next', k: 'previous', a: 'approve', h: 'hide', p: 'pin', b: 'block', u: 'undo', '/': 'search'};

/** Whether this element takes typed text (so letters are the moderator's, not shortcuts). */
export function takesText(target: EventTarget | undefined): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['button', 'submit', 'reset', 'checkbox', 'radio', 'range', 'color', 'file'].includes(target.type);
  return false;
}

/**
 * The shortcut a keydown means, if any. `inList`: the event came from inside
 * the list of posts, where the arrow keys move between posts too.
 */
export function shortcutFor(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey' | 'shiftKey' | 'isComposing'>, target: EventTarget | undefined, inList: boolean): Shortcut | undefined {
  if (event.ctrlKey || event.altKey || event.metaKey || event.isComposing) return undefined;
  if (takesText(target)) return undefined;
  if (event.key === '?') return 'help';
  if (event.shiftKey) return undefined;
  if (inList && event.key === 'ArrowDown') return 'next';
  if (inList && event.key === 'ArrowUp') return 'previous';
  return LETTERS[event.key];
}
