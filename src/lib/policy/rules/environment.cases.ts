import { js, jsTrap, py, pyTrap, type Positive, type Trap } from './cases';

/** What `environment` rules must find. */
export const positives: readonly Positive[] = [
  js('const key = process.env.AWS_SECRET_ACCESS_KEY', 'environment/env', 'medium'),
  js('console.log(JSON.stringify(process.env))', 'environment/env', 'medium'),
  js('const { env } = process; env.TOKEN', 'environment/env', 'medium'),
  js('const p = process; p.env["HOME"]', 'environment/env', 'medium'),
  js('process.kill(process.pid, "SIGKILL")', 'environment/process-control', 'high'),
  js('process.exit(1)', 'environment/process-control', 'low'),
  js('process.setuid(0)', 'environment/process-control', 'medium'),
  js('const os = require("os"); os.userInfo()', 'environment/host-info', 'medium'),
  js('fetchLater(document.cookie)', 'environment/host-info', 'medium'),
  py('import os\nsecret = os.environ["API_KEY"]', 'environment/environ', 'medium'),
  py('import os\nprint(dict(os.environ))', 'environment/environ', 'medium'),
  py('import os\nos.getenv("HOME")', 'environment/environ', 'medium'),
  py('from os import environ\nenviron.get("X")', 'environment/environ', 'medium'),
  py('import os\nos.kill(1, 9)', 'environment/py-process-control', 'high'),
  py('import sys\nsys.settrace(tracer)', 'environment/py-process-control', 'medium'),
  py('import getpass\ngetpass.getuser()', 'environment/py-host-info', 'low'),
];

/** What they must not: look-alikes, comments, strings. */
export const traps: readonly Trap[] = [
  jsTrap('const env = { mode: "dev" }; console.log(env.mode, process.argv.length, process.platform);'),
  jsTrap('// process.env.SECRET\nconst s = "process.env";'),
  pyTrap('import sys\nenviron = {"a": 1}\nprint(environ["a"], sys.argv)\nsys.exit(0)'),
  pyTrap('import os\nprint(os.getcwd(), os.sep, os.path.basename("a/b"))'),
];
