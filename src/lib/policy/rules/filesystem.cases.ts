import { js, jsTrap, py, pyTrap, type Positive, type Trap } from './cases';

/** What `filesystem` rules must find. */
export const positives: readonly Positive[] = [
  js('const fs = require("fs"); fs.writeFileSync("out.txt", "x")', 'filesystem/write', 'medium'),
  js('import { rm } from "node:fs/promises"; await rm("data", { recursive: true })', 'filesystem/write', 'medium'),
  js('require("fs").promises.unlink("a.txt")', 'filesystem/write', 'medium'),
  js('const fs = require("fs"); fs.readFileSync("data.csv", "utf8")', 'filesystem/read', 'low'),
  js('import fs from "fs"; fs.readdirSync(".")', 'filesystem/read', 'low'),
  js('require("fs").readFileSync("/etc/passwd")', 'filesystem/sensitive-path', 'high'),
  js('const fs = require("fs"); fs.readFileSync("../../secrets.json")', 'filesystem/sensitive-path', 'high'),
  js('const fs = require("fs"); fs.readFileSync(process.env.HOME + "/.ssh/id_rsa")', 'filesystem/read', 'low'),
  py('open("out.txt", "w").write("x")', 'filesystem/open', 'medium'),
  py('with open("log.txt", mode="a") as f:\n    f.write("x")', 'filesystem/open', 'medium'),
  py('data = open("data.csv").read()', 'filesystem/open', 'low'),
  py('from pathlib import Path\nPath("x.txt").open("w")', 'filesystem/open', 'medium'),
  py('import os\nos.remove("a.txt")', 'filesystem/modify', 'medium'),
  py('import shutil\nshutil.rmtree("/app")', 'filesystem/modify', 'medium'),
  py('from pathlib import Path\nPath("notes.txt").write_text("hi")', 'filesystem/modify', 'medium'),
  py('from pathlib import Path\np = Path("a")\np.unlink()', 'filesystem/modify', 'medium'),
  py('import os\nfor name in os.listdir("."):\n    print(name)', 'filesystem/list', 'low'),
  py('import glob\nglob.glob("*.csv")', 'filesystem/list', 'low'),
  py('open("/etc/shadow").read()', 'filesystem/sensitive-path', 'high'),
  py('open("~/.aws/credentials").read()', 'filesystem/sensitive-path', 'high'),
  py('import os\nos.listdir("/proc/self")', 'filesystem/sensitive-path', 'high'),
];

/** What they must not: look-alikes, comments, strings. */
export const traps: readonly Trap[] = [
  jsTrap('const path = require("path"); path.join("a", "b"); path.resolve("/etc/passwd");'),
  jsTrap('const file = { readFile() {} }; file.readFile("x"); writeFile("y");'),
  jsTrap('console.log("/etc/passwd"); const url = "../../api";'),
  pyTrap('import os.path\nprint(os.path.join("a", "b"), os.path.exists)'),
  pyTrap('path = "/etc/passwd"\nprint(path)'),
  pyTrap('webbrowser_open = 1\nwriter.write("x")\nf.read()'),
];
