#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Read a test VM console log back into results.

    scripts/collect.py --kunit KUNIT_PY [--bench [--bench-json FILE]] LOG

Every KUnit suite's KTAP report (printed by the VM's /init from debugfs, one document per
suite) is parsed on its own by the kernel's kunit.py; every IGT-style subtest line is
collected; the kernel's own messages are scanned for WARN, BUG, oops, KASAN, lockdep,
hung-task and kmemleak reports, each of which fails the run and is printed with its context.
The last line is the summary, "N passed, N failed, N skipped"; the exit status is non-zero
on any failure, on an incomplete run, or on a kernel report. With --bench the "BENCH" lines of
benchmark modules and programs are printed as one table, and with --bench-json FILE also
written to FILE: {"results": [{"program", "case", "metric", "value", "unit"}, ...],
"passed", "failed", "skipped", "failures"}.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

# A kernel message on the console carries the printk timestamp; userspace output does not.
# The kernel can print in the middle of a program's line, so a kernel message is looked for
# anywhere in a line (a WARN or a result after a program's half line still counts).
KMSG = re.compile(r'\[\s*\d+\.\d+\] (.*)$')
# Kernel reports that fail a run wherever they appear. WARNING: covers WARN_ON and lockdep's
# reports; BUG: covers KASAN, sleeping-in-atomic, soft lockups and bad pointers.
REPORTS = [
    (re.compile(r'^WARNING: '), 'kernel warning'),
    (re.compile(r'^BUG: KASAN: '), 'KASAN report'),
    (re.compile(r'^BUG: |^kernel BUG at '), 'kernel BUG'),
    (re.compile(r'^Oops: |^general protection fault'), 'oops'),
    (re.compile(r'^INFO: task .* blocked for more than'), 'hung task'),
    (re.compile(r'^UBSAN: '), 'UBSAN report'),
    (re.compile(r'^Kernel panic'), 'kernel panic'),
    (re.compile(r'^INFO: (possible|inconsistent|trying)'), 'lockdep report'),
]
SUBTEST = re.compile(r'^Subtest (\S+): (SUCCESS|FAIL|SKIP|CRASH|TIMEOUT)\b')
# The test program also logs each result to the kernel. A kernel message can land in the
# middle of the program's own line on the console, so this one is looked for anywhere in a
# line: between them, the two always give the result.
IGT_KMSG = re.compile(r'\[\s*\d+\.\d+\] \[IGT\] (\S+): finished subtest (\S+), '
                      r'(SUCCESS|FAIL|SKIP|CRASH|TIMEOUT)$')
# A result: name, metric, a number and its unit; anything else (a line that a kernel message
# cut) is no result.
BENCH = re.compile(r'^BENCH\s+(\S+)\s+(\S+)\s+([-+]?[0-9][0-9.eE+-]*)\s+(\S+)\s*$')
CONTEXT = 30


class Results:
    def __init__(self):
        self.passed = []
        self.failed = []
        self.skipped = []
        self.notes = []

    def add(self, name, status):
        {'PASS': self.passed, 'SKIP': self.skipped}.get(status, self.failed).append(name)
        print(f'{status:5} {name}')


def kunit_suite(res, kunit_py, module, suite, lines):
    """Parse one suite's KTAP document with kunit.py and record its leaf cases."""
    with tempfile.TemporaryDirectory() as tmp:
        ktap = os.path.join(tmp, 'ktap')
        out = os.path.join(tmp, 'json')
        with open(ktap, 'w') as f:
            f.write('\n'.join(lines) + '\n')
        subprocess.run([sys.executable, kunit_py, 'parse', f'--json={out}', ktap],
                       cwd=os.path.dirname(kunit_py), stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
        try:
            with open(out) as f:
                tree = json.load(f)
        except (OSError, ValueError):
            res.add(f'kunit:{module}:{suite} (unparsable KTAP)', 'FAIL')
            return

    cases = []

    def walk(group, prefix):
        for case in group.get('test_cases', []):
            cases.append((prefix + case['name'], case['status']))
        for sub in group.get('sub_groups', []):
            walk(sub, prefix + sub['name'] + '.')

    walk(tree, '')
    if not cases:
        res.add(f'kunit:{module}:{suite} (no test cases)', 'FAIL')
    for name, status in cases:
        res.add(f'kunit:{module}:{name}', status)


def igt_subtest(res, step, name, result):
    """Record a subtest of the running IGT step once, from its line or its kernel message."""
    if name in step[3]:
        return
    step[3].add(name)
    st = {'SUCCESS': 'PASS', 'SKIP': 'SKIP'}.get(result, 'FAIL')
    res.add(f'igt:{step[1]}:{name}', st)
    step[2] += 1


def bench_add(bench, prog, result):
    """Record a benchmark result once, whether it came from the program or the kernel log."""
    if not any(r[:3] == (prog,) + result[:2] for r in bench):
        bench.append((prog,) + result)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--kunit', required=True, help="the kernel tree's kunit.py")
    ap.add_argument('--bench', action='store_true', help='print BENCH lines as a table')
    ap.add_argument('--bench-json', metavar='FILE', help='and write them to FILE as JSON')
    ap.add_argument('--require-kmemleak', action='store_true',
                    help='fail when the run did not end with a kmemleak scan')
    ap.add_argument('log')
    args = ap.parse_args()

    with open(args.log, errors='replace') as f:
        raw = [line.rstrip('\r\n') for line in f]

    res = Results()
    reports = []
    bench = []
    step = None
    steps_begun = steps_ended = 0
    booted = done = scanned = False
    i = 0
    while i < len(raw):
        line = raw[i]
        # A kernel message can land right after one of init's tags, before its newline
        # ("@@XEVM booted 1.35[    1.43] input: ..."): both are read, the tag first.
        k = KMSG.search(line)
        if line.startswith('@@XEVM ') and k and k.start() > 0:
            for pat, what in REPORTS:
                if pat.match(k.group(1)):
                    reports.append((what, i))
                    break
            line = line[:k.start()]
        s = IGT_KMSG.search(line)
        # a test's own subtests, not those of an IGT program it runs (vfio_fuzz's work)
        if s and step and step[0] == 'igt' and s.group(1) == step[1]:
            igt_subtest(res, step, s.group(2), s.group(3))
        m = KMSG.search(line)
        if m:
            msg = m.group(1)
            for pat, what in REPORTS:
                if pat.match(msg):
                    reports.append((what, i))
                    break
            # A benchmark module prints its results with pr_info().
            b = BENCH.match(msg)
            if b and step:
                bench_add(bench, step[1], b.groups())
            i += 1
            continue
        if not line.startswith('@@XEVM '):
            s = SUBTEST.match(line)
            if s and step and step[0] == 'igt':
                igt_subtest(res, step, s.group(1), s.group(2))
            b = BENCH.match(line)
            if b and step:
                bench_add(bench, step[1], b.groups())
            i += 1
            continue

        words = line.split()
        tag = words[1] if len(words) > 1 else ''
        if tag == 'booted':
            booted = True
        elif tag == 'done':
            done = True
        elif tag == 'begin' and len(words) >= 4:
            step = [words[2], words[3], 0, set()]
            steps_begun += 1
        elif tag == 'end' and len(words) >= 5 and step:
            steps_ended += 1
            kind, name, rc = words[2], words[3], words[4]
            if kind == 'igt' and rc not in ('0', '77', '98'):
                res.add(f'igt:{name} (exit status {rc})', 'FAIL')
            elif kind == 'igt' and step[2] == 0 and rc != '77':
                res.add(f'igt:{name} (no subtest ran)', 'FAIL')
            elif kind == 'bench' and rc == '77':
                # an IGT-style benchmark program whose requirements are not met
                res.add(f'bench:{name}', 'SKIP')
            elif kind in ('bench', 'benchmod'):
                res.add(f'bench:{name}' + (f' (exit status {rc})' if rc != '0' else ''),
                        'PASS' if rc == '0' else 'FAIL')
            step = None
        elif tag in ('load-failed', 'rmmod-failed', 'bad-plan-line'):
            res.add(f'vm:{tag}:{" ".join(words[2:])}', 'FAIL')
        elif tag == 'ktap' and len(words) >= 4:
            module, suite = words[2], words[3]
            body = []
            i += 1
            while i < len(raw) and raw[i] != '@@XEVM end-ktap':
                if not KMSG.match(raw[i]):
                    body.append(raw[i])
                i += 1
            kunit_suite(res, args.kunit, module, suite, body)
        elif tag == 'kmemleak':
            scanned = True
            i += 1
            start = i
            while i < len(raw) and raw[i] != '@@XEVM end-kmemleak':
                i += 1
            leaks = [ln for ln in raw[start:i] if ln.startswith('unreferenced object')]
            if leaks:
                reports.append((f'kmemleak report ({len(leaks)} objects)', start))
        i += 1

    if not booted:
        res.notes.append('the VM did not reach /init')
    elif not done:
        res.notes.append('the VM did not finish its plan (timeout, panic or hang)')
    elif args.require_kmemleak and not scanned:
        res.notes.append('no kmemleak scan at the end of the run')
    if steps_begun != steps_ended:
        res.notes.append(f'{steps_begun - steps_ended} step(s) did not end')

    for what, at in reports:
        print(f'\n==== {what} at console line {at + 1} ====')
        for ln in raw[max(0, at - 5):at + CONTEXT]:
            print(f'  {ln}')
    for n in res.notes:
        print(f'\nFAIL  run: {n}')

    if args.bench and bench:
        print('\nbenchmark                        metric                         value  unit')
        for prog, name, metric, value, unit in bench:
            print(f'{prog + ":" + name:32} {metric:28} {value:>9}  {unit}')

    failed = len(res.failed) + len(reports) + len(res.notes)
    if args.bench and args.bench_json:
        results = []
        for prog, name, metric, value, unit in bench:
            v = int(value) if re.fullmatch(r'[-+]?[0-9]+', value) else float(value)
            results.append({'program': prog, 'case': name, 'metric': metric, 'value': v,
                            'unit': unit})
        with open(args.bench_json, 'w') as f:
            json.dump({'results': results, 'passed': len(res.passed), 'failed': failed,
                       'skipped': len(res.skipped),
                       'failures': res.failed + [w for w, _ in reports] + res.notes},
                      f, indent=1)
            f.write('\n')
        print(f'\nbenchmark table: {args.bench_json}')
    line = f'{len(res.passed)} passed, {failed} failed'
    if res.skipped:
        line += f', {len(res.skipped)} skipped'
    print()
    print(line)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
