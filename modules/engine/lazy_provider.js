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
//
// Before that `require`, the kernel reads the provider's jsii assembly (`.jsii`: 131 MB of JSON for
// @cdktf/provider-aws 21, 155 MB for @cdktn/provider-aws 25). From its package cache (~/.cache/aws/jsii) it reads
// a runtime index instead (`.jsii.runtime.v1.json` and two data files), and then only the types a synth uses:
// jsii's Node peaks at ~200 MB instead of ~1.6 GB. Without an index, the kernel parses the whole assembly and
// builds the index in a worker thread, but exits as soon as Python is done, killing that worker: a synth faster
// than the build (cdktn's, ~3 s against ~5 s) never leaves an index behind. So this hook also
// - holds the kernel's exit until its index workers are done: one synth pays, the next ones read the index;
// - says once on stderr when the provider's assembly was parsed whole (no index in the package cache).
"use strict";
const Module = require("module");
const fs = require("fs");
const path = require("path");
const workerThreads = require("worker_threads");

const NAMESPACE = /^exports\.(\w+) = ((?:__importStar\()?require\("\.\/[\w\/-]+"\)\)?);$/gm;
const PROVIDER_INDEX = /[\\/](@cdkt[fn][\\/]provider-aws)[\\/](?:.*[\\/])?lib[\\/]index\.js$/;
const INDEX_WORKER = /[\\/]runtime-index-worker\.js$/;
const INDEX_MANIFEST = /^\.jsii\.runtime\.v\d+\.json$/;
const originalLoad = Module._load;
let steppedAside = false;
/** The kernel's runtime index workers still running, by the real path of the package they index. */
const indexBuilds = new Map();
let warnedParsedWhole = false;

function realPath(file) {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

if (workerThreads.isMainThread) {
  const OriginalWorker = workerThreads.Worker;
  workerThreads.Worker = class Worker extends OriginalWorker {
    constructor(filename, options) {
      super(filename, options);
      const packageDir = options && options.workerData && options.workerData.packageDir;
      if (INDEX_WORKER.test(String(filename)) && typeof packageDir === "string") {
        const key = realPath(packageDir);
        indexBuilds.set(key, this);
        this.once("exit", () => indexBuilds.delete(key));
      }
    }
  };
  const exit = process.exit;
  let exiting = false;
  process.exit = function holdExitForIndexBuilds(code) {
    if (indexBuilds.size === 0 || exiting) return exit.call(process, code);
    exiting = true;
    const builds = [...indexBuilds.values()];
    let left = builds.length;
    for (const worker of builds) {
      worker.ref();
      worker.once("exit", () => --left === 0 && exit.call(process, code));
    }
    return undefined;
  };
}

function warnIfParsedWhole(packageDir, packageName) {
  let files;
  try {
    files = fs.readdirSync(packageDir);
  } catch {
    return;
  }
  const building = indexBuilds.has(realPath(packageDir));
  if (warnedParsedWhole || !files.includes(".jsii") || (!building && files.some((f) => INDEX_MANIFEST.test(f)))) {
    return;
  }
  warnedParsedWhole = true;
  process.stderr.write(
    `warning: modules/engine/lazy_provider.js: jsii had no runtime index of ${packageName.replace(/\\/g, "/")} and ` +
      "parsed its whole assembly (over 1 GB more memory in jsii's Node); " +
      (building
        ? "the index is being built for the next synths\n"
        : "jsii builds none without its package cache (JSII_RUNTIME_PACKAGE_CACHE), so every synth will\n"),
  );
}

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
    warnIfParsedWhole(file.slice(0, provider.index + provider[1].length + 1), provider[1]);
    const exports = lazyIndex(file, parent, provider[1]);
    if (exports !== undefined) return exports;
  }
  return originalLoad.apply(this, arguments);
};
