/** Colours for chart series, readable on both themes. */
export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#3b5bdb', '#8c564b'];

export const STATUS_COLOURS: Record<string, string> = {
  completed: '#59a14f', error: '#e15759', blocked: '#b07aa1', timeout: '#f28e2b', memory: '#edc948', cancelled: '#bab0ac', interrupted: '#9c755f', running: '#4e79a7',
};

export const SEVERITY_COLOURS: Record<string, string> = { low: '#76b7b2', medium: '#edc948', high: '#f28e2b', critical: '#e15759' };

/** `hh:mm` or a date, for a bucket start. */
export function bucketLabel(start: number, bucketMs: number): string {
  const d = new Date(start);
  return bucketMs < 86_400_000 ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : d.toLocaleDateString();
}
