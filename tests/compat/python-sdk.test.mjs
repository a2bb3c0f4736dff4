// Descope's own Python SDK (PyPI `descope`, pinned in requirements.txt) against the real server:
// python_sdk.py makes the calls and asserts on the answers; this file gives it a server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root, startStack } from '../e2e/harness.mjs';

const python = process.env.TENANTKIT_PYTHON ?? join(root, 'target', 'python', 'bin', 'python');
let stack;

before(async () => {
  stack = await startStack();
});

after(async () => {
  await stack?.stop();
});

test('the Python SDK\'s core user and tenant calls succeed and return what it promises', () => {
  const run = spawnSync(python, [join(root, 'tests', 'compat', 'python_sdk.py')], {
    encoding: 'utf8',
    env: {
      ...process.env,
      TENANTKIT_BASE_URL: stack.apiUrl,
      TENANTKIT_PROJECT_ID: stack.projectId,
      TENANTKIT_MANAGEMENT_KEY: stack.managementKey,
    },
  });
  assert.equal(run.status, 0, `python_sdk.py failed:\n${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /all calls succeeded/);
});
