// Entry of the built `earshot` binary (dist/cli/earshot.mjs).
import { runCli } from './main';

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
});
process.exitCode = code;
