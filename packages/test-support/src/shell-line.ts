/** A piece of a shell word: literal text, or a variable expanded when the command runs (`$X`, `${X}`, `$?`). */
export type WordPart = { text: string } | { variable: string };
/** A shell word before expansion (quotes removed, variables kept). */
export type Word = WordPart[];

/** `A=1 B=2 cmd arg... > file` */
export interface SimpleCommand {
  assignments: Array<{ name: string; value: Word }>;
  words: Word[];
  /** `> file` */
  redirect?: Word;
}

/** Commands joined by `|`, then by `;` or `&&`; `&` at the end runs the line as a background job. */
export interface ShellLine {
  items: Array<{ pipeline: SimpleCommand[]; andThen: boolean }>;
  background: boolean;
}

type Token = { word: Word } | { op: ';' | '&&' | '&' | '|' | '>' };

/**
 * Splits one README console line the way sh would, for the small subset READMEs use: single and double
 * quotes, backslash escapes, `$VAR` / `${VAR}` / `$?`, `|`, `;`, `&&`, `> file` and a trailing `&`.
 * Command substitution, backticks and input redirection are refused, not guessed; there is no globbing.
 */
export function parseShellLine(line: string): ShellLine {
  const tokens = tokenize(line);
  const result: ShellLine = { items: [], background: false };
  let pipeline: SimpleCommand[] = [];
  let current: SimpleCommand = { assignments: [], words: [] };
  let expectRedirect = false;
  const endCommand = () => {
    if (current.words.length === 0 && current.assignments.length === 0)
      throw new Error(`empty command in: ${line}`);
    pipeline.push(current);
    current = { assignments: [], words: [] };
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if ('word' in t) {
      if (expectRedirect) {
        current.redirect = t.word;
        expectRedirect = false;
        continue;
      }
      const first = t.word[0];
      const eq = first && 'text' in first ? /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.text) : null;
      if (eq && current.words.length === 0) {
        const rest = (first as { text: string }).text.slice(eq[0].length);
        current.assignments.push({ name: eq[1] as string, value: [{ text: rest }, ...t.word.slice(1)] });
      } else current.words.push(t.word);
      continue;
    }
    if (t.op === '>') {
      expectRedirect = true;
      continue;
    }
    endCommand();
    if (t.op === '|') continue;
    if (t.op === '&') {
      if (i !== tokens.length - 1) throw new Error(`'&' is only supported at the end of a line: ${line}`);
      result.background = true;
    }
    result.items.push({ pipeline, andThen: t.op === '&&' });
    pipeline = [];
  }
  if (current.words.length > 0 || current.assignments.length > 0) endCommand();
  if (pipeline.length > 0) result.items.push({ pipeline, andThen: false });
  return result;
}

/** The word's text with variables replaced (unset ones are empty, as in sh). */
export function expandWord(word: Word, vars: Readonly<Record<string, string | undefined>>): string {
  return word.map((p) => ('text' in p ? p.text : (vars[p.variable] ?? ''))).join('');
}

function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let word: Word | undefined;
  const add = (text: string) => {
    word ??= [];
    const last = word[word.length - 1];
    if (last && 'text' in last) last.text += text;
    else word.push({ text });
  };
  const end = () => {
    if (word) tokens.push({ word });
    word = undefined;
  };
  const variable = (i: number): number => {
    const rest = line.slice(i + 1);
    const m = /^(\?|[A-Za-z_][A-Za-z0-9_]*|\{([A-Za-z_][A-Za-z0-9_]*)\})/.exec(rest);
    if (!m) {
      if (rest.startsWith('(')) throw new Error(`command substitution is not supported: ${line}`);
      add('$');
      return i;
    }
    word ??= [];
    word.push({ variable: m[2] ?? (m[1] as string) });
    return i + m[0].length;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === ' ' || c === '\t') end();
    else if (c === "'") {
      const close = line.indexOf("'", i + 1);
      if (close < 0) throw new Error(`unclosed ' in: ${line}`);
      add(line.slice(i + 1, close));
      i = close;
    } else if (c === '"') {
      word ??= [];
      for (i++; i < line.length && line[i] !== '"'; i++) {
        const d = line[i] as string;
        if (d === '\\' && /["\\$`]/.test(line[i + 1] ?? '')) add(line[++i] as string);
        else if (d === '$') i = variable(i);
        else add(d);
      }
      if (i >= line.length) throw new Error(`unclosed " in: ${line}`);
    } else if (c === '\\') add(line[++i] ?? '');
    else if (c === '$') i = variable(i);
    else if (c === ';' || c === '|' || c === '>' || c === '&') {
      end();
      if (c === '&' && line[i + 1] === '&') {
        tokens.push({ op: '&&' });
        i++;
      } else tokens.push({ op: c });
    } else if (c === '`' || c === '<') throw new Error(`'${c}' is not supported: ${line}`);
    else add(c);
  }
  end();
  return tokens;
}
