/**
 * One value per account key for the whole process (the account's request budget, its block
 * guard): the first caller's options make it, later callers share it whatever they ask for,
 * because two budgets for one account would together exceed its limit and two guards would each
 * keep calling a blocked account.
 */
export function perAccount<T, O>(create: (options?: O) => T): (key: string, options?: O) => T {
  const made = new Map<string, T>();
  return (key, options) => {
    let value = made.get(key);
    if (value === undefined) {
      value = create(options);
      made.set(key, value);
    }
    return value;
  };
}
