#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the figures of make demo into its report, its JSON and its timeline PNG.

    scripts/demo-report.py DATA OUTDIR [--png-migration N]
    scripts/demo-report.py --timeline CONSOLE_LOG OUTDIR

DATA is what scripts/vm/demo wrote to the VM's second serial port: one JSON document between
"@@DEMO-JSON-BEGIN" and "@@DEMO-JSON-END" (the migrations as tools/xevfio-migrate --json
reported them, the guest driver's recovery file and tracepoints around each, the workload's
counts around each, and the workload's final report with its throughput samples, all times
in the VM's CLOCK_MONOTONIC milliseconds). Prints a short report per migration, writes the
same figures to OUTDIR/report.json, and draws migration N (default 1) under load with gnuplot
into OUTDIR/timeline.png: exec throughput over time, with the freeze, stop-copy, transfer,
resume, thaw and every recovery step shaded. Exits 1, naming what failed, when a migration
or a recovery failed or the workload lost, changed or repeated a write.

With --timeline, DATA is the console log of make bench: the first migration that
igt-tests/bench/vfio_exec_throughput printed as "@@TL" lines is drawn the same way into
OUTDIR/timeline.png (its guest recovery as one band: the bench has no per-step trace).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys

# The migration's phases (tools/lib/xevfio_migrate.h) in the bands of the timeline.
BANDS = [
    ('prepare', ('dst_resuming',), '#cfd8dc'),
    ('freeze', ('freeze',), '#8d8d8d'),
    ('stop-copy', ('src_running_p2p', 'src_stop_copy'), '#ffb74d'),
    ('transfer', ('transfer',), '#64b5f6'),
    ('resume', ('dst_stop', 'reattach', 'dst_running'), '#81c784'),
    ('thaw', ('thaw',), '#ba68c8'),
]
STEP_COLORS = ['#e57373', '#f8bbd0', '#ef5350', '#f48fb1', '#e53935', '#f06292', '#c62828',
               '#ec407a', '#b71c1c']
# the guest driver's recovery steps (vf/xevf_gt_vf_migration.c), in their order
STEPS = ['shutdown', 'start', 'query', 'ggtt', 'rebase', 'ct', 'reemit', 'done', 'resume']
COUNTS = ['checked', 'found', 'lost', 'wrong', 'twice', 'hangs', 'fence_errors']


class Failed(Exception):
    pass


def load(path):
    try:
        with open(path, errors='replace') as f:
            text = f.read().replace('\r', '')
    except OSError as e:
        raise Failed(f'no figures from the VM: {e}')
    begin, end = text.find('@@DEMO-JSON-BEGIN'), text.find('@@DEMO-JSON-END')
    if begin < 0 or end < begin:
        raise Failed(f'no figures from the VM in {path}')
    try:
        return json.loads(text[begin + len('@@DEMO-JSON-BEGIN'):end])
    except ValueError as e:
        raise Failed(f'the figures from the VM do not parse: {e}')


def stall(samples, t0, t1):
    """The longest time without a job completing that overlaps [t0, t1], in ms."""
    longest = 0.0
    last_t, last_jobs = None, None
    for t, jobs in samples:
        if last_jobs is None or jobs != last_jobs:
            if last_t is not None and t >= t0 and last_t <= t1:
                longest = max(longest, t - last_t)
            last_t, last_jobs = t, jobs
    if last_t is not None and last_t <= t1 and samples and samples[-1][0] >= t0:
        longest = max(longest, samples[-1][0] - last_t)
    return longest


def recovery_timeline(m):
    """The recovery's steps on the shared clock, from the tracepoints: start, end in ms."""
    steps = []
    irq = None
    for e in m.get('trace', []):
        if e.get('event') == 'step':
            steps.append({'name': e['name'], 'start_ms': e['end_ms'] - e['ns'] / 1e6,
                          'end_ms': e['end_ms'], 'err': e['err']})
    # the recovery's time runs from the MIGRATED interrupt to RESFIX_DONE (the "done" step)
    done = [s for s in steps if s['name'] == 'done']
    total = m['recovery_after'].get('last_us', 0) / 1e3
    if done:
        irq = done[-1]['end_ms'] - total
    return steps, irq


def migration(m, samples):
    """The figures of one migration, and what failed in it."""
    mig = m['migrate']
    ra, rb = m['recovery_after'], m['recovery_before']
    ba, bb = m['busy_after'], m['busy_before']
    phases = {p['name']: p for p in mig['phases']}
    steps, irq = recovery_timeline(m)
    rec_end = max([s['end_ms'] for s in steps] + [mig['end_ms']])
    d = {k: ra.get(k, 0) - rb.get(k, 0) for k in
         ('recoveries', 'restarts', 'absorbed', 'spurious', 'wedges', 'replayed',
          'discarded_dw', 'reemitted', 'resubmitted')}
    work = {k: ba.get(k, 0) - bb.get(k, 0) for k in COUNTS}
    out = {
        'n': m['n'], 'from': m['from'], 'to': m['to'],
        'ggtt_from': m['ggtt_before'], 'ggtt_to': m['ggtt_after'],
        'ok': bool(mig['ok']), 'failed_phase': mig['failed'], 'error': mig['error'],
        'downtime_ms': mig['downtime_ms'], 'total_ms': mig['total_ms'],
        'bytes': mig['bytes'], 'mib_s': mig['mib_s'],
        'phases': mig['phases'],
        'bands_ms': {name: round(sum(phases[p]['ms'] for p in ps if p in phases), 3)
                     for name, ps, _ in BANDS},
        'recovery': {
            'us': ra.get('last_us', 0),
            'steps_us': ra.get('step_us', {}),
            'interrupt_ms': irq,
            'steps': steps,
            **d,
        },
        'guest': {'migrated_irqs': m['irq_after'] - m['irq_before'],
                  'ggtt': m['ggtt_after']},
        'workload': {
            'expected': work['checked'], 'found': work['found'], 'lost': work['lost'],
            'wrong': work['wrong'], 'twice': work['twice'], 'hangs': work['hangs'],
            'fence_errors': work['fence_errors'],
            'stall_ms': round(stall(samples, mig['start_ms'], rec_end), 1),
        },
    }
    fails = []
    what = f"migration {m['n']} ({m['from']} -> {m['to']})"
    if not mig['ok']:
        fails.append(f"{what}: {mig['failed']}: {mig['error']}")
    if out['guest']['migrated_irqs'] != 1 or d['recoveries'] != 1 or d['wedges']:
        fails.append(f"{what}: the guest's recovery: {out['guest']['migrated_irqs']} MIGRATED "
                     f"interrupts, {d['recoveries']} recoveries, {d['wedges']} wedges")
    for k in ('lost', 'wrong', 'twice', 'hangs', 'fence_errors'):
        if work[k]:
            fails.append(f'{what}: the workload: {work[k]} {k}')
    if work['found'] != work['checked']:
        fails.append(f"{what}: the workload found {work['found']} of {work['checked']} writes")
    return out, fails


def count(n, one, many=None):
    return f'{n} {one if n == 1 else many or one + "s"}'


def guest_saw(o):
    r, w = o['recovery'], o['workload']
    line = (f"{count(o['guest']['migrated_irqs'], 'MIGRATED interrupt')}, "
            f"{count(r['recoveries'], 'recovery', 'recoveries')} "
            f"({count(r['restarts'], 'restart')}): re-emitted {count(r['reemitted'], 'job')}, "
            f"resubmitted {count(r['resubmitted'], 'queue')}, replayed "
            f"{count(r['replayed'], 'H2G message')}, discarded {count(r['discarded_dw'], 'H2G dword')}"
            f"; its jobs stalled {w['stall_ms'] / 1e3:.2f} s and ")
    bad = w['fence_errors'] + w['hangs']
    return line + (f'{bad} failed' if bad else 'none failed')


def print_report(rep):
    wl = rep['workload']
    print()
    print(f"The guest's workload: {wl['engines']} engines, {wl['queues']} exec queues "
          f"(store-dword and MI_ATOMIC), {rep['summary']['migrations']} live migrations "
          f"between two GPUs whose VFs sit at different GGTT bases.")
    for o in rep['migrations']:
        b, r, w = o['bands_ms'], o['recovery'], o['workload']
        print()
        print(f"migration {o['n']}: {o['from']} (GGTT {o['ggtt_from']}) -> {o['to']} "
              f"(GGTT {o['ggtt_to']})" + ('' if o['ok'] else f" FAILED in {o['failed_phase']}"))
        print(f"  downtime       {o['downtime_ms']:9.1f} ms  (freeze {b['freeze']:.1f}, "
              f"stop-copy {b['stop-copy']:.1f}, transfer {b['transfer']:.1f}, "
              f"resume {b['resume']:.1f}, thaw {b['thaw']:.1f} ms)")
        print(f"  moved          {o['bytes'] / 1e6:9.1f} MB  ({o['bytes']} bytes, "
              f"{o['mib_s']:.1f} MiB/s in transfer)")
        steps = ', '.join(f"{s} {r['steps_us'].get(s, 0) / 1e3:.2f}" for s in STEPS
                          if s in r['steps_us'])
        print(f"  recovery       {r['us'] / 1e3:9.1f} ms  MIGRATED to RESFIX_DONE; steps (ms): "
              f"{steps}")
        print(f"  writes         expected {w['expected']} / found {w['found']} / "
              f"lost {w['lost']}  (the jobs checked around this migration)")
        print(f"  the guest saw  {guest_saw(o)}")
    s = rep['summary']
    print()
    print(f"workload: {wl['jobs']} jobs in {(wl['end_ms'] - wl['start_ms']) / 1e3:.1f} s: "
          f"writes expected {wl['expected']} / found {wl['found']} / lost {wl['lost']} "
          f"(wrong {wl['wrong']}, ran twice {wl['twice']}); atomic counter "
          f"{wl['atomic_counter']} of {wl['atomic_counter_expected']}")
    print(f"downtime {s['downtime_ms_min']:.1f} .. {s['downtime_ms_max']:.1f} ms, "
          f"recovery {s['recovery_ms_min']:.1f} .. {s['recovery_ms_max']:.1f} ms, "
          f"{s['bytes'] / 1e6:.1f} MB moved in all")


def buckets(samples, t0, ms):
    """Jobs per second in each bucket of @ms milliseconds, the buckets aligned on @t0: a list
    of (bucket start, rate); the jobs a sample adds count in the bucket the sample is in."""
    out = {}
    for (ta, ja), (tb, jb) in zip(samples, samples[1:]):
        k = int((tb - t0) // ms)
        out[k] = out.get(k, 0) + jb - ja
    if not out:
        return []
    return [(t0 + k * ms, out.get(k, 0) * 1e3 / ms) for k in range(min(out), max(out) + 1)]


def plot(o, samples, outdir):
    """Draw migration @o under load into OUTDIR/timeline.png; return the path, or None."""
    gnuplot = shutil.which('gnuplot')
    if not gnuplot:
        print('demo-report: no gnuplot (scripts/deps.sh plot installs it): no timeline',
              file=sys.stderr)
        return None
    # the destination is prepared (RESUMING) before the freeze: time counts from the freeze
    t0 = next((p['start_ms'] for p in o['phases'] if p['name'] == 'freeze'),
              o['phases'][0]['start_ms'])
    steps = o['recovery']['steps']
    end = max([s['end_ms'] for s in steps] + [o['phases'][-1]['start_ms'] +
                                               o['phases'][-1]['ms']])
    lo, hi = t0 - 1500, end + 1500

    def rel(t):
        return (t - t0) / 1e3

    # the overview: jobs completed per 100 ms, as jobs per second; the zooms: every job
    rate = []
    for t, r in buckets(samples, t0, 100.0):
        if lo - 200 <= t <= hi + 200:
            rate.append(f'{rel(t):.4f} {r:.1f}')
    base = 0
    for t, jobs in samples:
        if t <= t0:
            base = jobs
    jobs = [f'{rel(t):.4f} {j - base}' for t, j in samples if lo <= t <= hi]
    for name, rows in (('timeline.dat', rate), ('timeline-jobs.dat', jobs)):
        with open(os.path.join(outdir, name), 'w') as f:
            f.write('\n'.join(rows) + '\n')
    ymax = max([float(r.split()[1]) for r in rate] + [1.0]) * 1.35

    phases = {p['name']: p for p in o['phases']}
    bands = []
    for name, ps, color in BANDS:
        ps = [phases[p] for p in ps if p in phases]
        if ps:
            bands.append((name, ps[0]['start_ms'], ps[-1]['start_ms'] + ps[-1]['ms'], color))
    steps_bands = [(f'{chr(ord("a") + STEPS.index(s["name"]))} {s["name"]}'
                    if s['name'] in STEPS else s['name'], s['start_ms'], s['end_ms'],
                    STEP_COLORS[i % len(STEP_COLORS)]) for i, s in enumerate(steps)]
    if steps:
        rec_band = [('recovery', steps[0]['start_ms'], steps[-1]['end_ms'], '#e57373')]
    else:
        rec_band = []
    down_end = phases['thaw']['start_ms'] + phases['thaw']['ms'] if 'thaw' in phases else t0

    def panel(title, x0, x1, shaded, size, origin, data):
        g = ['unset object', 'unset label', 'unset arrow', f'set size {size[0]},{size[1]}',
             f'set origin {origin[0]},{origin[1]}', f'set title "{title}"',
             f'set xrange [{rel(x0):.4f}:{rel(x1):.4f}]']
        if data == 'rate':
            g += [f'set yrange [0:{ymax:.1f}]', 'set ylabel "jobs completed per second"']
            plot = "'timeline.dat' using 1:2 with steps lw 2 lc rgb '#1a237e'"
        else:
            inside = [int(r.split()[1]) for r in jobs if x0 <= t0 + float(r.split()[0]) * 1e3 <= x1]
            y0, y1 = (min(inside), max(inside)) if inside else (0, 1)
            pad = max(2, (y1 - y0) * 0.3)
            g += [f'set yrange [{y0 - 1}:{y1 + pad:.0f}]',
                  'set ylabel "jobs completed since the freeze"']
            plot = "'timeline-jobs.dat' using 1:2 with steps lw 2 lc rgb '#1a237e'"
        n = 1
        g.append(f'set object {n} rect from {rel(t0):.4f}, graph 0 to {rel(down_end):.4f}, '
                 'graph 1 behind fc rgb "#eeeeee" fs solid 1.0 noborder')
        for k, (name, a, b, color) in enumerate(shaded):
            if b < x0 or a > x1:
                continue
            n += 1
            g.append(f'set object {n} rect from {rel(a):.4f}, graph 0 to {rel(b):.4f}, graph 1 '
                     f'behind fc rgb "{color}" fs transparent solid 0.55 noborder')
            # a label where the band is wide enough to tell it from its neighbours
            if min(b, x1) - max(a, x0) < (x1 - x0) / 120:
                continue
            mid = rel((max(a, x0) + min(b, x1)) / 2)
            y = 0.98 - 0.08 * (k % 2)
            g.append(f'set label {n} "{name}" at {mid:.4f}, graph {y:.2f} right '
                     'rotate by 90 font ",9" front')
        irq = o['recovery']['interrupt_ms']
        if data == 'jobs' and irq and x0 <= irq <= x1:
            g.append(f'set arrow 1 from {rel(irq):.4f}, graph 0 to {rel(irq):.4f}, graph 1 '
                     'nohead dt 2 lw 1.5 lc rgb "#b71c1c" front')
            g.append(f'set label 99 "MIGRATED" at {rel(irq):.4f}, graph 0.04 right '
                     'offset -0.5,0 font ",9" tc rgb "#b71c1c" front')
        if data == 'rate':
            g.append(f'set label 100 "downtime {o["downtime_ms"]:.0f} ms" at '
                     f'{rel((t0 + down_end) / 2):.4f}, graph 0.45 center font ",10" front')
        g.append(f'plot {plot} notitle')
        return g

    stopcopy_end = phases['transfer']['start_ms'] if 'transfer' in phases else t0
    xfer_end = (phases['transfer']['start_ms'] + phases['transfer']['ms']
                if 'transfer' in phases else t0)
    g = ['set terminal pngcairo size 1400,900 font ",10" noenhanced',
         "set output 'timeline.png'", 'set multiplot',
         'set xlabel "seconds from the freeze (CLOCK_MONOTONIC in the VM)"',
         'set grid ytics lc rgb "#dddddd"', 'set key off', 'set tics out nomirror',
         'set border 3']
    g += panel(f"migration {o['n']} under load: {o['from']} -> {o['to']}: "
               f"downtime {o['downtime_ms']:.0f} ms, {o['bytes'] / 1e6:.1f} MB moved, "
               f"guest recovery {o['recovery']['us'] / 1e3:.0f} ms",
               lo, hi, bands + rec_band, (1.0, 0.55), (0.0, 0.45), 'rate')
    g += panel('zoom: the freeze and the stop-copy', t0 - 30, stopcopy_end + 60,
               bands, (0.4, 0.45), (0.0, 0.0), 'jobs')
    g += panel("zoom: resume, thaw and the guest's recovery steps (a..i)", xfer_end - 30,
               end + 60, bands + steps_bands, (0.6, 0.45), (0.4, 0.0), 'jobs')
    g.append('unset multiplot')
    with open(os.path.join(outdir, 'timeline.gp'), 'w') as f:
        f.write('\n'.join(g) + '\n')
    r = subprocess.run([gnuplot, 'timeline.gp'], cwd=outdir, capture_output=True, text=True)
    if r.returncode != 0:
        print(f'demo-report: gnuplot failed:\n{r.stderr}', file=sys.stderr)
        return None
    return os.path.join(outdir, 'timeline.png')


def bench_timeline(path, outdir):
    """The PNG of the migration igt-tests/bench/vfio_exec_throughput printed as @@TL lines."""
    o = {'n': 1, 'phases': [], 'recovery': {'steps': [], 'interrupt_ms': None, 'us': 0}}
    samples, recovered = [], None
    with open(path, errors='replace') as f:
        for line in f:
            w = line.split()
            try:
                if w[:2] == ['@@TL', 'migration'] and len(w) == 7:
                    o.update({'from': w[2], 'to': w[3], 'downtime_ms': float(w[4]),
                              'bytes': int(w[5])})
                    o['recovery']['us'] = float(w[6]) * 1e3
                elif w[:2] == ['@@TL', 'phase'] and len(w) == 5:
                    o['phases'].append({'name': w[2], 'start_ms': float(w[3]),
                                        'ms': float(w[4])})
                elif w[:2] == ['@@TL', 'recovered'] and len(w) == 3:
                    recovered = float(w[2])
                elif w[:2] == ['@@TL', 'sample'] and len(w) == 4:
                    samples.append((float(w[2]), int(float(w[3]))))
            except ValueError:
                continue	# a line a kernel message cut: skip it
    if 'from' not in o or not o['phases'] or len(samples) < 2:
        print(f'demo-report: no timeline in {path}', file=sys.stderr)
        return 1
    thaw = o['phases'][-1]
    thaw = next((p for p in o['phases'] if p['name'] == 'thaw'), thaw)
    if recovered:
        # the bench has the guest's recovery as a whole, not its steps
        o['recovery']['steps'] = [{'name': 'guest recovery',
                                   'start_ms': thaw['start_ms'] + thaw['ms'],
                                   'end_ms': recovered}]
    png = plot(o, samples, outdir)
    if png:
        print(f'timeline of a migration under load: {png}')
    return 0 if png else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('data')
    ap.add_argument('outdir')
    ap.add_argument('--png-migration', type=int, default=1)
    ap.add_argument('--timeline', action='store_true',
                    help='DATA is a make bench console log: draw its @@TL timeline only')
    args = ap.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    if args.timeline:
        return bench_timeline(args.data, args.outdir)

    try:
        data = load(args.data)
    except Failed as e:
        print(f'demo: FAILED at: {e}')
        return 1
    wl = data['workload']
    samples = wl.get('samples', [])
    migs, fails = [], []
    for m in data['migrations']:
        o, f = migration(m, samples)
        migs.append(o)
        fails += f
    if wl['lost'] or wl['wrong'] or wl['twice'] or wl['found'] != wl['expected']:
        fails.append(f"the workload's final check: expected {wl['expected']}, found "
                     f"{wl['found']}, lost {wl['lost']}, wrong {wl['wrong']}, "
                     f"ran twice {wl['twice']}")
    if wl['atomic_counter'] != wl['atomic_counter_expected'] or wl['queue_counters_wrong']:
        fails.append(f"the workload's atomic counters: {wl['atomic_counter']} of "
                     f"{wl['atomic_counter_expected']}, {wl['queue_counters_wrong']} "
                     'queue counters wrong')
    ok = [o for o in migs if o['ok']] or migs
    rep = {
        'version': 1, 'kernel': data.get('kernel'), 'gpus': data.get('gpus'),
        'vfs': data.get('vfs'),
        'summary': {
            'migrations': len(migs),
            'downtime_ms_min': min(o['downtime_ms'] for o in ok),
            'downtime_ms_max': max(o['downtime_ms'] for o in ok),
            'recovery_ms_min': min(o['recovery']['us'] for o in ok) / 1e3,
            'recovery_ms_max': max(o['recovery']['us'] for o in ok) / 1e3,
            'bytes': sum(o['bytes'] for o in migs),
            'writes_expected': wl['expected'], 'writes_found': wl['found'],
            'writes_lost': wl['lost'],
        },
        'migrations': migs,
        'workload': {k: v for k, v in wl.items() if k != 'samples'},
        'throughput_100ms': [[round(t, 1), round(r, 1)] for t, r in
                             buckets(samples, samples[0][0] if samples else 0, 100.0)],
        'samples': samples,
        'ok': not fails, 'failures': fails,
    }
    print_report(rep)
    n = min(max(args.png_migration, 1), len(migs))
    png = plot(migs[n - 1], samples, args.outdir) if migs else None
    rep['timeline_png'] = png
    path = os.path.join(args.outdir, 'report.json')
    with open(path, 'w') as f:
        json.dump(rep, f, indent=1)
        f.write('\n')
    print()
    print(f'report: {path}')
    if png:
        print(f'timeline of migration {n}: {png}')
    for f in fails:
        print(f'demo: FAILED at: {f}')
    return 1 if fails else 0


if __name__ == '__main__':
    sys.exit(main())
