// The reference "physical" figure of P1: a bare object push onto a binary heap ordered by (priority, seq),
// the least work any priority queue must do per accepted event.
export class BinaryHeap {
  #a = [];
  get size() {
    return this.#a.length;
  }
  push(item) {
    const a = this.#a;
    let i = a.length;
    a.push(item);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = a[p];
      if (parent.priority < item.priority || (parent.priority === item.priority && parent.seq <= item.seq))
        break;
      a[i] = parent;
      i = p;
    }
    a[i] = item;
  }
}
