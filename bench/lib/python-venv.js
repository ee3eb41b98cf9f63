'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { runCommand } = require('./processes');

/** Folder of the Python anchor scripts. */
const PYTHON_DIR = path.join(__dirname, '..', 'python');
const VENV_DIR = '/root/.cache/driftwatch/bench-venv';
const REQUIREMENTS = path.join(__dirname, '..', 'requirements.txt');

/**
 * Creates the venv of the Python anchors if it is absent and installs the pinned versions of
 * bench/requirements.txt from PyPI (pip leaves satisfied pins alone). Returns the venv's python.
 */
async function ensurePythonVenv(log) {
  const python = path.join(VENV_DIR, 'bin', 'python');
  if (!fs.existsSync(python)) {
    log(`python: creating ${VENV_DIR}`);
    await runCommand('python3', ['-m', 'venv', VENV_DIR]);
  }
  log('python: installing bench/requirements.txt');
  await runCommand(python, [
    '-m',
    'pip',
    'install',
    '--quiet',
    '--disable-pip-version-check',
    '-r',
    REQUIREMENTS,
  ]);
  return python;
}

module.exports = { ensurePythonVenv, PYTHON_DIR };
