import type { Example } from './types';

export default {
  id: 'python-file-workflow',
  title: 'File workflow across turns',
  level: 'intermediate',
  demonstrates: 'A CSV in the session workspace that each run reads and extends: the file is still there on the next turn.',
  language: 'python',
  policy: 'extended',
  code: `import csv, os

if not os.path.exists("scores.csv"):
    with open("scores.csv", "w", newline="") as f:
        csv.writer(f).writerows([["name", "score"], ["ada", 91], ["lin", 78]])
    print("turn 1: created scores.csv")
else:
    with open("scores.csv", "a", newline="") as f:
        csv.writer(f).writerow(["new", 60])
    print("later turn: appended a row")
with open("scores.csv") as f:
    rows = list(csv.DictReader(f))
print("rows:", len(rows))
print("best:", max(rows, key=lambda r: int(r["score"]))["name"])`,
  expected: { status: 'completed', output: ['turn 1: created scores.csv', 'rows: 2', 'best: ada'], again: ['later turn: appended a row', 'rows: 3'] },
} satisfies Example;
