/** "1 account", "0 accounts", "3 people": a count and the noun in the right number. */
export function plural(count: number, one: string, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}
