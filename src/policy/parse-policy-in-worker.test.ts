// A hostile .docx (XML that expands far beyond its size) is refused by what its zip declares, a
// document that lies about its size is stopped by the worker's memory limit, and a large text is
// parsed off the event loop, so the server keeps serving meanwhile.
import { readFile } from "node:fs/promises";
import { deflateRawSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, seedTrust, signInAs, type TestApp } from "../platform/testing/test-app";
import { parsePolicyInWorker } from "./parse-policy-in-worker";
import { fixturePath } from "./fixtures/load-fixture";

/** A minimal zip of deflated entries; `declare` overrides the uncompressed size written in it. */
function zip(entries: { name: string; data: Buffer; declare?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const packed = deflateRawSync(e.data, { level: 9 });
    const name = Buffer.from(e.name);
    const size = e.declare ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(0, 14); // crc left 0: the reader must not get as far as checking it
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, packed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function bombXml(megabytes: number): Buffer {
  const open =
    '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>';
  const close = "</w:t></w:r></w:p></w:body></w:document>";
  return Buffer.concat([Buffer.from(open), Buffer.alloc(megabytes * 1024 * 1024, 0x61), Buffer.from(close)]);
}

describe("reading a policy in a worker", () => {
  it("refuses a .docx whose XML expands to 50 MB, by what its zip declares", async () => {
    const bomb = zip([{ name: "word/document.xml", data: bombXml(50) }]);
    expect(bomb.length).toBeLessThan(200 * 1024);
    const result = await parsePolicyInWorker({ bytes: bomb, fileName: "policy.docx" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toMatch(/expands to 50 MB .*far more than a policy/);
  });

  it("stops a .docx that lies about its size at the worker's memory limit, with a clear message", {
    timeout: 60_000,
  }, async () => {
    const liar = zip([{ name: "word/document.xml", data: bombXml(300), declare: 1000 }]);
    const result = await parsePolicyInWorker({ bytes: liar, fileName: "liar.docx", memoryMb: 64 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.file).toBe("liar.docx");
    expect(result.error.message).toMatch(
      /more than 64 MB of memory|could not be read|could not read this Word document/,
    );
    // The process that asked is still here and well.
    expect(process.memoryUsage().heapUsed).toBeLessThan(1024 * 1024 * 1024);
  });

  it("parses a large text off the event loop: timers keep firing meanwhile", {
    timeout: 60_000,
  }, async () => {
    const summit = await readFile(fixturePath("summit-social-media-policy.txt"), "utf8");
    const big = Buffer.from(summit.repeat(Math.ceil((8 * 1024 * 1024) / summit.length)));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const result = await parsePolicyInWorker({ bytes: big, fileName: "big.txt" });
    clearInterval(timer);
    expect(result.ok).toBe(true);
    // A parse on the event loop would let no timer run until it finished.
    expect(ticks).toBeGreaterThan(3);
  });
});

describe("uploading one", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedTrust(t);
  });
  afterAll(async () => t?.close());

  it("answers a zip bomb with a 400 naming the file, not a crash", async () => {
    const admin = await signInAs(t, "trust-admin");
    const form = new FormData();
    form.set(
      "file",
      new File([new Uint8Array(zip([{ name: "word/document.xml", data: bombXml(50) }]))], "bomb.docx"),
    );
    const res = await t.request("/policy/versions", { method: "POST", cookie: admin.cookie, body: form });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("bomb.docx: this Word document expands to 50 MB");
  });
});
