'use strict';

const fs = require('node:fs');
const path = require('node:path');

/**
 * Reads a V8 .cpuprofile (from `node --cpu-prof`) and returns the self time of each function and
 * of each source file, largest first, in milliseconds and as a share of all samples. A sample's
 * time is its entry in `timeDeltas`, charged to the function on top of the stack.
 */
function summarizeCpuProfile(file, options = {}) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map();
  for (let index = 0; index < profile.samples.length; index += 1) {
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

function shortenUrl(url, root) {
  if (url === '') return '';
  const filePath = url.startsWith('file://') ? new URL(url).pathname : url;
  return root !== undefined && filePath.startsWith(root) ? path.relative(root, filePath) : filePath;
}

module.exports = { summarizeCpuProfile };
