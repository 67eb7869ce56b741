// Node side of lazy provider loading (see modules/engine.py), preloaded into jsii's Node process with
// `node --require` (NODE_OPTIONS, set by modules/__init__.py).
//
// The jsii kernel `require`s @cdktf/provider-aws's lib/index.js, which requires all ~2,200 resource modules
// (about 2.5 s here), then finds each class by walking `exports.<namespace>.<Class>`. This hook serves that
// index as an object of getters instead: a namespace's module is required the first time it is read. The
// synthesized output is byte-identical (tests/test_engine.py). Unless every require of the index has
// the expected `exports.x = require("./x");` shape, the hook steps aside and the ordinary index is loaded.
"use strict";
const Module = require("module");
const fs = require("fs");
const path = require("path");

const NAMESPACE = /^exports\.(\w+) = require\("(\.\/[\w-]+)"\);$/gm;
const PROVIDER_INDEX = /[\\/]@cdktf[\\/]provider-aws[\\/](?:.*[\\/])?lib[\\/]index\.js$/;
const originalLoad = Module._load;

function lazyIndex(file, parent) {
  const source = fs.readFileSync(file, "utf8");
  const namespaces = [...source.matchAll(NAMESPACE)];
  // Only an index made of nothing but namespace requires is served lazily.
  if (namespaces.length === 0 || namespaces.length !== source.split("require(").length - 1) return undefined;
  const index = new Module(file, parent);
  index.filename = file;
  index.paths = Module._nodeModulePaths(path.dirname(file));
  index.loaded = true;
  Object.defineProperty(index.exports, "__esModule", { value: true });
  for (const [, name, relative] of namespaces) {
    Object.defineProperty(index.exports, name, {
      enumerable: true,
      configurable: true,
      get() {
        const value = index.require(relative);
        Object.defineProperty(index.exports, name, { value, enumerable: true });
        return value;
      },
    });
  }
  Module._cache[file] = index;
  return index.exports;
}

Module._load = function load(request, parent, isMain) {
  let file;
  try {
    file = Module._resolveFilename(request, parent, isMain);
  } catch {
    return originalLoad.apply(this, arguments);
  }
  if (PROVIDER_INDEX.test(file) && !Module._cache[file]) {
    const exports = lazyIndex(file, parent);
    if (exports !== undefined) return exports;
  }
  return originalLoad.apply(this, arguments);
};
