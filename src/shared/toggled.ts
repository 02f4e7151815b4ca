/**
 * A copy of a set with `key` added, or removed if it was there. Widget state
 * sets (stars, open details, revealed media) are replaced, never changed in
 * place, so Lit sees the change and guards can compare them.
 */
export function toggled<T>(set: ReadonlySet<T>, key: T): Set<T> {
  const next = new Set(set);
  if (!next.delete(key)) next.add(key);
  return next;
}
