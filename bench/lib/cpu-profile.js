'use strict';

const fs = require('node:fs');
const path = require('node:path');

/**
 * Reads a V8 .cpuprofile (from `node --cpu-prof`) and returns the self time of each function and
 * of each source file, largest first, in milliseconds and as a share of the samples counted. A
 * sample's time is its entry in `timeDeltas`, charged to the function on top of the stack.
 * With `withinFunction`, only the samples from the first to the last one taken inside that
 * function count, garbage collection and idle samples between them included.
 */
function summarizeCpuProfile(file, options = {}) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const [first, last] =
    options.withinFunction === undefined
      ? [0, profile.samples.length - 1]
      : findSampleRange(profile, nodes, options.withinFunction);
  const selfUs = new Map();
  for (let index = first; index <= last; index += 1) {
    const id = profile.samples[index];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  }

  const totalUs = [...selfUs.values()].reduce((sum, value) => sum + value, 0);
  const byFunction = new Map();
  const byFile = new Map();
  for (const [id, us] of selfUs) {
    const frame = nodes.get(id).callFrame;
    const source = shortenUrl(frame.url, options.root);
    const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
    const functionKey = source === '' ? name : `${name} ${source}:${frame.lineNumber + 1}`;
    byFunction.set(functionKey, (byFunction.get(functionKey) ?? 0) + us);
    const fileKey = source === '' ? name : source;
    byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + us);
  }

  const rank = (map, limit) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, us]) => ({ name, selfMs: us / 1000, share: us / totalUs }));
  return {
    totalMs: totalUs / 1000,
    functions: rank(byFunction, options.limit ?? 15),
    files: rank(byFile, options.limit ?? 15),
  };
}

/** Returns the indexes of the first and last sample whose stack contains `functionName`. */
function findSampleRange(profile, nodes, functionName) {
  const inside = new Set();
  const mark = (id) => {
    inside.add(id);
    for (const child of nodes.get(id).children ?? []) mark(child);
  };
  for (const node of profile.nodes) {
    if (node.callFrame.functionName === functionName && !inside.has(node.id)) mark(node.id);
  }
  const first = profile.samples.findIndex((id) => inside.has(id));
  const last = profile.samples.findLastIndex((id) => inside.has(id));
  if (first === -1) {
    throw new Error(`cpu profile: no sample inside ${functionName}; is the profiled code the one named?`);
  }
  return [first, last];
}

function shortenUrl(url, root) {
  if (url === '') return '';
  const filePath = url.startsWith('file://') ? new URL(url).pathname : url;
  return root !== undefined && filePath.startsWith(root) ? path.relative(root, filePath) : filePath;
}

module.exports = { summarizeCpuProfile };
