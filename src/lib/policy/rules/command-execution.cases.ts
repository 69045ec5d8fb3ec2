import { js, jsTrap, py, pyTrap, type Positive, type Trap } from './cases';

/** What `command-execution` rules must find. */
export const positives: readonly Positive[] = [
  js('require("child_process").exec("ls")', 'command-execution/child-process', 'critical'),
  js('const cp = require("child_process"); cp.spawnSync("sh", ["-c", "id"])', 'command-execution/child-process', 'critical'),
  js('const { execSync: run } = require("node:child_process"); run("whoami")', 'command-execution/child-process', 'critical'),
  js('import { spawn } from "child_process"; spawn("ls")', 'command-execution/child-process', 'critical'),
  js('import * as cp from "child_process"; cp.fork("x.js")', 'command-execution/child-process', 'critical'),
  js('require("child_" + "process")["ex" + "ec"]("id")', 'command-execution/child-process', 'critical'),
  js('process.binding("spawn_sync").spawn({ file: "/bin/sh" })', 'command-execution/child-process', 'critical'),
  js('const m = await import("child_process"); m.execFile("ls")', 'command-execution/child-process', 'critical'),
  js('require("child_process")', 'command-execution/child-process-import', 'high'),
  js('require(["child", "process"].join("_"))', 'command-execution/child-process-import', 'critical'),
  js('Deno.run({ cmd: ["ls"] })', 'command-execution/child-process', 'critical'),
  py('import os\nos.system("rm -rf /")', 'command-execution/os-command', 'critical'),
  py('import os\nos.popen("id").read()', 'command-execution/os-command', 'critical'),
  py('from os import system as s\ns("ls")', 'command-execution/os-command', 'critical'),
  py('import os\nos.execvp("sh", ["sh"])', 'command-execution/os-command', 'critical'),
  py('__import__("os").system("ls")', 'command-execution/os-command', 'critical'),
  py('__import__("o" + "s").system("ls")', 'command-execution/os-command', 'critical'),
  py('getattr(__import__("os"), "sys" + "tem")("ls")', 'command-execution/os-command', 'critical'),
  py('import sys\nsys.modules["os"].system("ls")', 'command-execution/os-command', 'critical'),
  py('import subprocess\nsubprocess.run(["ls"], capture_output=True)', 'command-execution/subprocess', 'critical'),
  py('import subprocess as sp\nsp.check_output("id", shell=True)', 'command-execution/subprocess', 'critical'),
  py('from subprocess import Popen\nPopen(["sh"])', 'command-execution/subprocess', 'critical'),
  py('import pty\npty.spawn("/bin/sh")', 'command-execution/subprocess', 'critical'),
  py('import asyncio\nasyncio.create_subprocess_shell("ls")', 'command-execution/subprocess', 'critical'),
  py('import subprocess', 'command-execution/process-import', 'high'),
  py('from pty import spawn', 'command-execution/process-import', 'high'),
  py('import os\ngetattr(os, cmd_name)("ls")', 'command-execution/dynamic', 'high'),
  js('const cp = require("child_process"); cp[method]("ls")', 'command-execution/dynamic', 'high'),
];

/** What they must not: look-alikes, comments, strings. */
export const traps: readonly Trap[] = [
  jsTrap('const re = /a+/g; let m; while ((m = re.exec(s)) !== null) console.log(m[0]);'),
  jsTrap('const exec = (q) => db.run(q); exec("select 1");'),
  jsTrap('// require("child_process").exec("ls")\nconsole.log("child_process.exec")'),
  jsTrap('cursor.spawn(); worker.fork(); game.exec();'),
  pyTrap('import os\nprint(os.path.join("a", "b"))'),
  pyTrap('cursor.execute("select 1")\nsystem = "linux"\nprint(system)'),
  pyTrap('# os.system("ls")\ns = "subprocess.run"'),
  pyTrap('import re\nre.compile(r"import\\s+os")'),
];
