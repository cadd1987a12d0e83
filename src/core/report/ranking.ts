// The order every view of a result shares: rows by combined suspicion, most suspicious first.
// Computed once in the engine (a worker in the page) so the page never sorts 60k rows on its
// main thread; the suspect table takes its head, the map draws it back to front.

/** Row indices by suspicion, highest first; equal suspicion keeps row order. */
export function suspicionRanking(suspicion: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(suspicion.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => suspicion[b] - suspicion[a] || a - b);
}
