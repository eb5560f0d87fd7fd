// Prints a hyperfine export of [anchor, ours] as a table and the ratio ours/anchor (lower is
// better), with the CPU-time ratio and the machine, date and load the figures depend on.
//   node bench/report-ratio.js bench/results/<name>.json
const os = require('os');
const path = require('path');
const r = require(path.resolve(process.argv[2])).results;
const [anchor, ours] = r.map((x) => x.mean);
console.log('| command | mean (s) | stddev (s) |\n|---|---|---|');
for (const x of r) console.log(`| ${x.command} | ${x.mean.toFixed(3)} | ${x.stddev.toFixed(3)} |`);
console.log(`\nratio ours/anchor: ${(ours / anchor).toFixed(2)} (${os.cpus().length} cores, node ${process.version})`);
// CPU time (user + system) moves less than wall time when other work shares the machine.
const [a, o] = r.map((x) => x.user + x.system);
console.log(`CPU time ratio ours/anchor: ${(o / a).toFixed(2)}`);
const load = os.loadavg().map((l) => l.toFixed(1)).join(' ');
console.log(`measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${os.cpus()[0].model.trim()}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}; load average ${load}`);
