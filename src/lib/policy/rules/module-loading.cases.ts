import { js, jsTrap, py, pyTrap, type Positive, type Trap } from './cases';

/** What `module-loading` rules must find. */
export const positives: readonly Positive[] = [
  js('const name = getName(); require(name)', 'module-loading/dynamic', 'medium'),
  js('await import(userInput)', 'module-loading/dynamic', 'medium'),
  js('require("fs" + "")', 'module-loading/dynamic', 'high'),
  js('const lodash = require("lodash")', 'module-loading/dynamic', 'low'),
  js('delete require.cache[require.resolve("./config")]', 'module-loading/internals', 'high'),
  js('module.constructor._load("child_process")', 'module-loading/internals', 'high'),
  js('process.mainModule.require("fs")', 'module-loading/internals', 'high'),
  js('new Worker(URL.createObjectURL(new Blob([code])))', 'module-loading/worker', 'medium'),
  py('mod = __import__(name)', 'module-loading/py-dynamic', 'medium'),
  py('__import__("o" + "s")', 'module-loading/py-dynamic', 'high'),
  py('import importlib\nimportlib.import_module("json")', 'module-loading/py-dynamic', 'low'),
  py('import importlib\nimportlib.import_module(bytes.fromhex("6f73").decode())', 'module-loading/py-dynamic', 'high'),
  py('import sys\nsys.meta_path.insert(0, Finder())', 'module-loading/import-system', 'high'),
  py('import sys\nsys.modules["json"] = fake', 'module-loading/import-system', 'high'),
  py('import sys\nsys.path.append("/tmp/evil")', 'module-loading/import-system', 'medium'),
  py('import sys\nsys.modules.pop("os")', 'module-loading/import-system', 'high'),
  py('import importlib\nimportlib.reload(os)', 'module-loading/import-system', 'high'),
  py('import js\njs.fetch("x")', 'module-loading/host-bridge', 'high'),
];

/** What they must not: look-alikes, comments, strings. */
export const traps: readonly Trap[] = [
  jsTrap('import { readFile } from "./utils.js";\nexport { x } from "./x.js";\nimport React from "react";'),
  jsTrap('// require(name)\nconst requireAuth = () => true; requireAuth();'),
  jsTrap('module.exports = { a: 1 }; exports.b = 2;'),
  pyTrap('import json, math\nfrom collections import Counter\nimport os.path as osp'),
  pyTrap('import sys\nprint(sys.version, sys.argv, sys.path)'),
  pyTrap('import sys\nmod = sys.modules.get("json")\nprint("json" in sys.modules, sys.path[0])'),
];
