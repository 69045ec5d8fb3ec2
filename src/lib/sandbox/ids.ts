/** `exec_` + 12 hex digits from the platform's CSPRNG. */
export function newExecutionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `exec_${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
