// Robustness: schemathesis (PyPI, pinned in requirements.txt) generates requests from our own
// `/openapi.json` and sends them to the real server with a management key. Every answer must be
// free of 5xx and match the document. The number of examples is bounded and the seed fixed, so a
// failure reproduces with the command schemathesis prints.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { root, startStack } from '../e2e/harness.mjs';

const python = process.env.TENANTKIT_PYTHON ?? join(root, 'target', 'python', 'bin', 'python');
let stack;

before(async () => {
  // schemathesis sends wrong passwords, keys and invitation tokens on purpose: with the throttle
  // on, after 30 of them every later request from this address (the valid management key's too)
  // would be a 429 and test nothing. The throttle has tests of its own (server/tests/api/throttle.rs).
  stack = await startStack({ serverArgs: ['--auth-failures-per-minute', '0', '--lockout-threshold', '0'] });
});

after(async () => {
  await stack?.stop();
});

test('schemathesis finds no server error and no answer that breaks the OpenAPI document', () => {
  const run = spawnSync(
    join(dirname(python), 'schemathesis'),
    [
      'run', `${stack.apiUrl}/openapi.json`,
      '--header', `Authorization: Bearer ${stack.projectId}:${stack.managementKey}`,
      '--checks', 'not_a_server_error,response_schema_conformance',
      '--phases', 'coverage,fuzzing',
      '--max-examples', '10',
      '--seed', '20261123',
      '--no-color',
    ],
    { encoding: 'utf8', env: { ...process.env, SCHEMATHESIS_HOOKS: '' } },
  );
  const output = `${run.stdout}\n${run.stderr}`;
  assert.equal(run.status, 0, `schemathesis failed:\n${output}`);
  const generated = output.match(/(\d+) generated, (\d+) passed/);
  assert.ok(generated, `no summary in:\n${output}`);
  assert.equal(generated[1], generated[2], 'every generated case passed');
  assert.ok(Number(generated[1]) > 1000, `enough cases ran: ${generated[1]}`);
  console.log(`schemathesis: ${generated[0]}`);
});
