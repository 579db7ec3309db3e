// Plain papaparse streaming of a file (rows per chunk, its fastest streaming mode), in plain JavaScript so
// its process starts as fast as Node can: the baseline `lindung validate` is compared with, start-up included
// on both sides. Prints one JSON line: {rows, ms} (ms: the parse alone, inside the process).
//   node bench/papaparse-child.mjs <file.csv>
import { createReadStream } from 'node:fs';
import Papa from 'papaparse';

const started = process.hrtime.bigint();
let rows = 0;
await new Promise((resolve, reject) => {
  Papa.parse(createReadStream(process.argv[2]), {
    chunk: (results) => {
      rows += results.data.length;
    },
    complete: resolve,
    error: reject,
  });
});
const ms = Number(process.hrtime.bigint() - started) / 1e6;
console.log(JSON.stringify({ rows: rows - 1, ms: Math.round(ms) }));
