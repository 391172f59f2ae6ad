// A zip archive written as a stream (yazl: deflate, CRC-32, zip64 when a file or the archive passes
// 4 GB or 65,534 files), so the trust export never holds the whole trust in memory: each file is
// read from its source only when the archive reaches it, and its size and SHA-256 are counted on
// the way through for the manifest.
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import yazl from "yazl";

export type ZipWriter = {
  /** The archive's bytes, as they are made. */
  output: Readable;
  /**
   * Adds a file whose bytes come from `chunks`, pulled only when the archive reaches it; resolves
   * with its size and SHA-256 once it has all been read (or rejects with the source's error).
   */
  addStream: (
    name: string,
    chunks: () => AsyncIterable<Buffer>,
  ) => Promise<{ bytes: number; sha256: string }>;
  addBuffer: (name: string, data: Buffer) => void;
  /** No more files: the central directory is written and `output` ends. */
  end: () => void;
  /** Abandons the archive: `output` fails, so a reader never takes a truncated file for whole. */
  fail: (error: Error) => void;
};

export function startZip(at = new Date()): ZipWriter {
  const zip = new yazl.ZipFile();
  const output = zip.outputStream as Readable;
  return {
    output,
    addStream(name, chunks) {
      return new Promise((resolve, reject) => {
        const hash = createHash("sha256");
        let bytes = 0;
        zip.addReadStreamLazy(name, { mtime: at, mode: 0o100644 }, (callback) => {
          const source = Readable.from(
            (async function* () {
              for await (const chunk of chunks()) {
                hash.update(chunk);
                bytes += chunk.length;
                yield chunk;
              }
            })(),
            { objectMode: false },
          );
          source.on("end", () => resolve({ bytes, sha256: hash.digest("hex") }));
          source.on("error", reject);
          callback(null, source);
        });
      });
    },
    addBuffer(name, data) {
      zip.addBuffer(data, name, { mtime: at, mode: 0o100644 });
    },
    end() {
      zip.end();
    },
    fail(error) {
      output.destroy(error);
    },
  };
}
