/** GitHub workflow-command output: escaping per the Actions toolkit, severity mapping, column rules. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { escapeData, escapeProperty, formatGithub } from '../../shared/report/github.ts';
import { PositionMapper } from '../../shared/report/format-position.ts';
import type { Finding } from '../../shared/rules/finding.ts';

/** The runner's side: `::cmd k=v,k=v::data` with the toolkit's escapes undone. */
function parseCommand(line: string) {
  const m = /^::(\w+) ([^:]*)::(.*)$/.exec(line);
  assert.ok(m, `not a workflow command: ${line}`);
  const unescape = (s: string) => s.replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
  const props = Object.fromEntries(m[2]!.split(',').map((kv) => {
    const i = kv.indexOf('=');
    return [kv.slice(0, i), unescape(kv.slice(i + 1))];
  }));
  return { command: m[1]!, props, message: unescape(m[3]!) };
}

const TEXT = 'a: 1\nbb: 22\nccc: 333\n';
const pos = new PositionMapper(() => TEXT);
const base = { file: 'dir, with: odd%name.yaml', span: { start: 5, end: 7 }, message: 'x' };

it('escapes %, CR, LF in the message and also : and , in properties (round trip)', () => {
  assert.equal(escapeData('100% done\r\nnext: a,b'), '100%25 done%0D%0Anext: a,b');
  assert.equal(escapeProperty('100% a:b,c\n'), '100%25 a%3Ab%2Cc%0A');
  const f: Finding = { ...base, ruleId: 'r-1', severity: 'error', message: 'line one: 50%, then\r\nline two' };
  const [line] = formatGithub([f], pos).split('\n');
  assert.ok(!line!.slice(2).includes('\n'));
  const cmd = parseCommand(line!);
  assert.equal(cmd.command, 'error');
  assert.equal(cmd.props['file'], base.file);
  assert.equal(cmd.props['title'], 'r-1');
  assert.equal(cmd.props['line'], '2');
  assert.equal(cmd.props['col'], '1');
  assert.equal(cmd.props['endLine'], '2');
  assert.equal(cmd.props['endColumn'], '3');
  assert.ok(cmd.message.startsWith('line one: 50%, then\r\nline two\n'));
  assert.match(cmd.message, /Docs: https:\/\/\S+\/r-1\.md$/);
});

it('maps severities to error, warning, notice and omits columns on multi-line regions', () => {
  const findings: Finding[] = [
    { ...base, ruleId: 'a', severity: 'error' },
    { ...base, ruleId: 'b', severity: 'warning' },
    { ...base, ruleId: 'c', severity: 'info', span: { start: 2, end: 12 } },
  ];
  const lines = formatGithub(findings, pos).trimEnd().split('\n');
  assert.deepEqual(lines.slice(0, 3).map((l) => parseCommand(l).command), ['error', 'warning', 'notice']);
  const multi = parseCommand(lines[2]!).props;
  assert.equal(multi['line'], '1');
  assert.equal(multi['endLine'], '3');
  assert.equal(multi['col'], undefined);
  assert.equal(multi['endColumn'], undefined);
  assert.equal(lines[3], 'Pool Tuner: 3 problems (1 error, 1 warning, 1 info).');
});

it('fixes and suggestions are named in the annotation body', () => {
  const edit = { file: base.file, span: { start: 0, end: 1 }, newText: 'A' };
  const f: Finding = { ...base, ruleId: 'r', severity: 'warning', fix: { title: 'Do the safe thing', edits: [edit] }, suggestions: [{ title: 'Maybe this', edits: [edit] }] };
  const cmd = parseCommand(formatGithub([f], pos).split('\n')[0]!);
  assert.match(cmd.message, /\nFix \(pool-tuner review --fix\): Do the safe thing\n/);
  assert.match(cmd.message, /\nSuggestion: Maybe this\n/);
});

it('no findings: only the summary line, no workflow command', () => {
  assert.equal(formatGithub([], pos), 'Pool Tuner: no problems found.\n');
});
