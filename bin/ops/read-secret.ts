import { createInterface } from 'node:readline';

/**
 * Reads a secret from standard input so it never lands in shell history or `ps`: typed at a
 * hidden prompt on a terminal, or piped (`pbpaste | npm run set-secret -- ...`; the whole pipe is
 * read). `hidden: false` echoes what is typed (for a value that is not secret, like a client id).
 */
export async function readSecretFromStdin(
  prompt: string,
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WriteStream = process.stderr,
  hidden = true,
): Promise<string> {
  if (!input.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of input) chunks.push(Buffer.from(chunk as Buffer));
    return Buffer.concat(chunks).toString('utf8').trim();
  }
  output.write(prompt);
  const rl = createInterface({ input, output, terminal: true });
  // Echo nothing while the secret is typed.
  if (hidden) (rl as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = () => undefined;
  const value = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  if (hidden) output.write('\n');
  return value.trim();
}
