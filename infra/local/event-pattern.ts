/**
 * The part of EventBridge / Lambda event-filtering pattern syntax the manifest uses: nested objects,
 * and at the leaves a list of accepted values, each a literal or `{ prefix }`. Locally it decides what
 * CDK's FilterCriteria decide in AWS, from the same pattern object.
 */
export function matchesPattern(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern)) {
    return pattern.some((accepted) => {
      if (typeof accepted === 'object' && accepted !== null && 'prefix' in accepted) {
        return typeof value === 'string' && value.startsWith(String((accepted as { prefix: unknown }).prefix));
      }
      return accepted === value;
    });
  }
  if (typeof pattern === 'object' && pattern !== null) {
    if (typeof value !== 'object' || value === null) return false;
    return Object.entries(pattern).every(([key, inner]) => matchesPattern(inner, (value as Record<string, unknown>)[key]));
  }
  throw new Error(`Unsupported pattern leaf: ${JSON.stringify(pattern)} (use a list of values)`);
}
