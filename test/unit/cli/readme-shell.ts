/**
 * The README's shell examples as commands to run: its ```sh blocks, with line
 * continuations joined, comments dropped, pipes split into stages and a final
 * `> file` taken as where stdout goes. Only what the README uses is understood;
 * anything else is an error, so a new kind of example cannot pass untested.
 */
export interface ShellCommand {
  /** The line as the README shows it (continuations joined). */
  text: string;
  /** Each stage's words, `earshot` first. */
  stages: string[][];
  /** The file stdout is redirected to, if any. */
  redirect?: string;
}

/** The ```sh blocks of one `## ` section of a Markdown text. */
export function shellBlocks(markdown: string, heading: string): string[] {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README: no section "## ${heading}"`);
  const end = markdown.indexOf('\n## ', start + 1);
  const section = markdown.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

export function shellCommands(block: string): ShellCommand[] {
  const joined = block.replace(/\\\n\s*/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map(parseLine);
}

function parseLine(line: string): ShellCommand {
  const words = tokens(line);
  const stages: string[][] = [[]];
  let redirect: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === '|') stages.push([]);
    else if (word === '>') {
      redirect = words[i + 1];
      if (redirect === undefined || i + 2 !== words.length) throw new Error(`README: "${line}": > must end the line with one file`);
      break;
    } else stages.at(-1)!.push(word);
  }
  for (const stage of stages) if (stage[0] !== 'earshot') throw new Error(`README: "${line}": every stage must be an earshot command`);
  return { text: line, stages, ...(redirect !== undefined ? { redirect } : {}) };
}

/** Words split on blanks, with '...' and "..." kept whole and a # that starts a word ending the line. */
function tokens(line: string): string[] {
  const words: string[] = [];
  const pattern = /'([^']*)'|"([^"]*)"|(\S+)/g;
  for (const m of line.matchAll(pattern)) {
    const word = m[1] ?? m[2] ?? m[3]!;
    if (m[3]?.startsWith('#')) break;
    if (/[;&<`$*?]/.test(m[3] ?? '')) throw new Error(`README: "${line}": "${word}" needs a shell this test does not have`);
    words.push(word);
  }
  return words;
}
