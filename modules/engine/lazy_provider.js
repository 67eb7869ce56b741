// Node side of lazy provider loading (see modules/engine/bindings.py), preloaded into jsii's Node process with
// `node --require` (NODE_OPTIONS, set by modules/engine/selection.py).
//
// The jsii kernel `require`s the AWS provider's lib/index.js (@cdktf/provider-aws or @cdktn/provider-aws), which
// requires all ~2,200 resource modules (about 2.5 s here), then finds each class by walking
// `exports.<namespace>.<Class>`. This hook compiles that index with every namespace assignment turned into a
// getter: a namespace's module is required the first time it is read. Both index shapes are served:
//   exports.x = require("./x");                          (@cdktf/provider-aws)
//   exports.x = __importStar(require("./x/index"));      (@cdktn/provider-aws; the helper stays the index's own)
// The synthesized output is byte-identical (tests/test_engine.py). Unless every require of the index is such an
// assignment, the hook steps aside, says so once on stderr, and the ordinary index is loaded.
"use strict";
const Module = require("module");
const fs = require("fs");
const path = require("path");

const NAMESPACE = /^exports\.(\w+) = ((?:__importStar\()?require\("\.\/[\w\/-]+"\)\)?);$/gm;
const PROVIDER_INDEX = /[\\/](@cdkt[fn][\\/]provider-aws)[\\/](?:.*[\\/])?lib[\\/]index\.js$/;
const originalLoad = Module._load;
let steppedAside = false;

function stepAside(packageName) {
  if (!steppedAside) {
    steppedAside = true;
    process.stderr.write(
      `warning: modules/engine/lazy_provider.js: ${packageName.replace(/\\/g, "/")}/lib/index.js is not a list of ` +
        "namespace requires; its modules load eagerly (a slower synth, more memory)\n",
    );
  }
  return undefined;
}

function lazyIndex(file, parent, packageName) {
  const source = fs.readFileSync(file, "utf8");
  const namespaces = source.match(NAMESPACE) || [];
  if (namespaces.length === 0 || namespaces.length !== source.split("require(").length - 1) {
    return stepAside(packageName);
  }
  const lazySource = source.replace(NAMESPACE, (_, name, value) => {
    const key = JSON.stringify(name);
    return (
      `Object.defineProperty(exports, ${key}, { enumerable: true, configurable: true, get() { const value = ${value}; ` +
      `Object.defineProperty(exports, ${key}, { value, enumerable: true, writable: true, configurable: true }); ` +
      "return value; } });"
    );
  });
  const index = new Module(file, parent);
  index.filename = file;
  index.paths = Module._nodeModulePaths(path.dirname(file));
  Module._cache[file] = index;
  try {
    index._compile(lazySource, file);
  } catch (error) {
    delete Module._cache[file];
    throw error;
  }
  index.loaded = true;
  return index.exports;
}

Module._load = function load(request, parent, isMain) {
  let file;
  try {
    file = Module._resolveFilename(request, parent, isMain);
  } catch {
    return originalLoad.apply(this, arguments);
  }
  const provider = PROVIDER_INDEX.exec(file);
  if (provider !== null && !Module._cache[file]) {
    const exports = lazyIndex(file, parent, provider[1]);
    if (exports !== undefined) return exports;
  }
  return originalLoad.apply(this, arguments);
};
