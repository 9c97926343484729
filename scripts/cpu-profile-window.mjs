/* global console, process */
// Where a process spent its CPU during one phase of a bench: self and inclusive time per function, from a
// `--cpu-prof` profile, counting only the samples inside a window of the monotonic clock (µs).
// bench:intake prints each phase's window when it writes profiles (INTAKE_PROFILE_DIR,
// INTAKE_AZURITE_PROFILE_DIR): V8 stamps samples with the same clock in every process.
//
// Usage: node scripts/cpu-profile-window.mjs <file.cpuprofile> [fromMicros toMicros] [--under <text>] [--top N]
//   --under: only samples with a frame whose name contains <text>, and what ran beneath it.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args.splice(i, 2)[1];
};
const under = option('--under');
const top = Number(option('--top') ?? 40);
const [file, from, to] = args;
if (!file) {
  console.error(
    'usage: node scripts/cpu-profile-window.mjs <file.cpuprofile> [fromMicros toMicros] [--under <text>] [--top N]',
  );
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parents = new Map();
for (const n of profile.nodes) for (const child of n.children ?? []) parents.set(child, n.id);
// Named once per node, not once per sample and frame.
const names = new Map(
  profile.nodes.map((n) => [
    n,
    `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`,
  ]),
);
const frameName = (n) => names.get(n);
const lo = from === undefined ? -Infinity : Number(from);
const hi = to === undefined ? Infinity : Number(to);

const self = new Map();
const inclusive = new Map();
let inWindow = 0;
let counted = 0;
let at = profile.startTime;
for (let i = 0; i < profile.samples.length; i++) {
  at += profile.timeDeltas[i];
  if (at < lo || at > hi) continue;
  inWindow++;
  const stack = [];
  for (let id = profile.samples[i]; id !== undefined; id = parents.get(id)) stack.push(nodes.get(id));
  const cut = under === undefined ? stack.length : stack.findIndex((n) => frameName(n).includes(under));
  if (cut < 0) continue;
  counted++;
  if (under === undefined) {
    const leaf = frameName(stack[0]);
    self.set(leaf, (self.get(leaf) ?? 0) + 1);
  }
  const seen = new Set();
  for (const n of stack.slice(0, cut)) {
    const name = frameName(n);
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + 1);
  }
}
const percent = (v) => ((100 * v) / inWindow).toFixed(1).padStart(5);
console.log(
  `${inWindow} samples in the window${under === undefined ? '' : `, ${counted} (${percent(counted).trim()} %) under "${under}"`}; percentages of the window`,
);
const print = (title, map) => {
  console.log(`--- ${title}`);
  for (const [name, v] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${percent(v)}  ${name}`);
};
if (under === undefined) print('self', self);
print(under === undefined ? 'inclusive' : `beneath "${under}"`, inclusive);
