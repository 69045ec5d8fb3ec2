import type { Example } from './types';

export default {
  id: 'python-file-workflow',
  title: 'File workflow',
  level: 'intermediate',
  demonstrates: 'Writing a CSV into the session workspace and reading it back; the file stays for later runs.',
  language: 'python',
  policy: 'extended',
  code: `import csv
with open("scores.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["name", "score"])
    w.writerows([["ada", 91], ["lin", 78]])
with open("scores.csv") as f:
    rows = list(csv.DictReader(f))
print("rows:", len(rows))
print("best:", max(rows, key=lambda r: int(r["score"]))["name"])`,
  expected: { status: 'completed', output: ['rows: 2', 'best: ada'] },
} satisfies Example;
