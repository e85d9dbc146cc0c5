/**
 * Appends a weak reference to `list` (`item` itself when it is one, else a new one),
 * sweeping out collected ones whenever the list reaches a power of two (from 64), so a
 * list that a long loop keeps appending to stays near its live size. The sweep compacts in place: spreading a list of a hundred thousand
 * live references into push() would overflow the call stack.
 */
export function pushSwept<T extends object>(list: WeakRef<T>[], item: T | WeakRef<T>): void {
  list.push(item instanceof WeakRef ? item : new WeakRef(item));
  if (list.length < 64 || (list.length & (list.length - 1)) !== 0) return;
  let kept = 0;
  for (const ref of list) if (ref.deref() !== undefined) list[kept++] = ref;
  list.length = kept;
}
