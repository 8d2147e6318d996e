// JetCrab I/O benchmark: 1,000 small files through fs/promises, in parallel then sequentially.
// EXPECT: io_files: files=1000 rounds=1 bytes=35393 PASS
// Parallel: write all, then read all, with Promise.all; sequential: write+read one at a time.
// Written for the project (no third-party code).

var FILES = 1000;
var ROUNDS = 1;

function body(i) {
  return 'file ' + i + ': ' + 'x'.repeat(i % 50) + '\n';
}

async function main() {
  const fs = await import('node:fs/promises');
  const base = (process.env.TMPDIR || '/tmp') + '/jetcrab-io-bench-' + process.pid;
  await fs.rm(base, { recursive: true, force: true });
  await fs.mkdir(base, { recursive: true });
  let bytes = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const names = [];
    for (let i = 0; i < FILES; i++) names.push(base + '/f' + i + '.txt');
    // Parallel: every write in flight at once, then every read.
    await Promise.all(names.map((n, i) => fs.writeFile(n, body(i))));
    const texts = await Promise.all(names.map((n) => fs.readFile(n, 'utf8')));
    for (let i = 0; i < FILES; i++) {
      if (texts[i] !== body(i)) throw new Error('parallel mismatch at ' + i);
    }
    // Sequential: one operation at a time.
    bytes = 0;
    for (let i = 0; i < FILES; i++) {
      await fs.writeFile(names[i], body(i + 1));
      const t = await fs.readFile(names[i], 'utf8');
      if (t !== body(i + 1)) throw new Error('sequential mismatch at ' + i);
      bytes += t.length;
    }
  }
  await fs.rm(base, { recursive: true, force: true });
  return 'io_files: files=' + FILES + ' rounds=' + ROUNDS + ' bytes=' + bytes + ' PASS';
}

main().then((line) => console.log(line));
