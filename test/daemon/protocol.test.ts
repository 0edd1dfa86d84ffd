// Request validation: every malformed request is an E_PROTOCOL answer, never a throw.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRequest } from '../../src/daemon/protocol.js';

const ok = (line: string): void => assert.equal(parseRequest(line).ok, true, line);
const bad = (line: string, why: RegExp): void => {
  const r = parseRequest(line);
  assert.equal(r.ok, false, line);
  if (!r.ok) {
    assert.equal(r.code, 'E_PROTOCOL');
    assert.match(r.error, why);
  }
};

describe('parseRequest', () => {
  it('accepts the request types', () => {
    ok('{"type":"ping"}');
    ok('{"v":1,"type":"status","id":7}');
    ok('{"type":"execute"}');
    ok('{"v":1,"type":"evaluate","argv":["git","push"],"cwd":"/","context":"ai","env":{"A":"b"},"pid":5,"session":"s"}');
    ok('{"type":"evaluate","command":"cd x && rm -rf /","cwd":"/tmp","context":"human"}');
    ok('{"type":"evaluate","argv":["a\\udcff"],"cwd":"/","context":"human"}');
  });

  it('rejects malformed requests with a reason', () => {
    bad('', /not valid JSON/);
    bad('{', /not valid JSON/);
    bad('[1]', /JSON object/);
    bad('null', /JSON object/);
    bad('"ping"', /JSON object/);
    bad('{"type":"nope"}', /unknown request type/);
    bad('{"v":2,"type":"ping"}', /protocol version/);
    bad('{"type":"evaluate","cwd":"/","context":"ai"}', /exactly one of/);
    bad('{"type":"evaluate","argv":["a"],"command":"a","cwd":"/","context":"ai"}', /exactly one of/);
    bad('{"type":"evaluate","argv":[],"cwd":"/","context":"ai"}', /non-empty array/);
    bad('{"type":"evaluate","argv":["a",1],"cwd":"/","context":"ai"}', /non-empty array/);
    bad('{"type":"evaluate","command":5,"cwd":"/","context":"ai"}', /'command' must be a string/);
    bad('{"type":"evaluate","argv":["a"],"cwd":"","context":"ai"}', /'cwd'/);
    bad('{"type":"evaluate","argv":["a"],"cwd":"/","context":"robot"}', /'context'/);
    bad('{"type":"evaluate","argv":["a"],"cwd":"/","context":"ai","env":[1]}', /'env'/);
    bad('{"type":"evaluate","argv":["a"],"cwd":"/","context":"ai","pid":"x"}', /'pid'/);
  });

  it('echoes the id of a bad request when it can', () => {
    const r = parseRequest('{"type":"nope","id":"abc"}');
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.id, 'abc');
  });
});
