/** A first-in first-out queue with O(1) amortised push and shift (Array#shift is O(n)). */
export class Deque<T> {
	private items: T[] = [];
	private head = 0;

	get length(): number {
		return this.items.length - this.head;
	}

	push(item: T): void {
		this.items.push(item);
	}

	/** The oldest item, or undefined when empty. */
	peek(): T | undefined {
		return this.head < this.items.length ? this.items[this.head] : undefined;
	}

	/** The newest item, or undefined when empty. */
	peekLast(): T | undefined {
		return this.head < this.items.length ? this.items.at(-1) : undefined;
	}

	/** The item at position `index` from the oldest (0), or undefined. */
	at(index: number): T | undefined {
		return index >= 0 && index < this.length ? this.items[this.head + index] : undefined;
	}

	shift(): T | undefined {
		if (this.head >= this.items.length) return undefined;
		const item = this.items[this.head];
		this.items[this.head] = undefined as T; // Let the item be collected before compaction.
		this.head++;
		if (this.head >= 1024 && this.head * 2 >= this.items.length) {
			this.items = this.items.slice(this.head);
			this.head = 0;
		}
		return item;
	}

	clear(): void {
		this.items = [];
		this.head = 0;
	}

	/** The items oldest first (a copy). */
	toArray(): T[] {
		return this.items.slice(this.head);
	}
}
