// A tiny, safe Markdown renderer for chat text (the model's and the candidate's): paragraphs,
// line breaks, bulleted and numbered lists, **bold**, *em* / _em_, `code` and simple headings.
// It builds React elements from plain strings, so nothing the text says can become HTML.
import { Fragment, type ReactNode } from 'react';

type Block =
  | { kind: 'p'; lines: string[] }
  | { kind: 'h'; text: string }
  | { kind: 'ul' | 'ol'; items: string[]; start: number };

const LIST_ITEM = /^\s{0,3}([-*+]|(\d{1,3})[.)])\s+(.*)$/;
const HEADING = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/;

export function parseBlocks(source: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  const close = () => {
    if (current) blocks.push(current);
    current = undefined;
  };
  for (const line of source.replace(/\r\n?/g, '\n').split('\n')) {
    if (line.trim() === '') {
      close();
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      close();
      blocks.push({ kind: 'h', text: heading[1]! });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      const kind = item[2] !== undefined ? 'ol' : 'ul';
      if (!current || current.kind !== kind) {
        close();
        current = { kind, items: [], start: item[2] !== undefined ? Number(item[2]) : 1 };
      }
      current.items.push(item[3]!);
      continue;
    }
    if (current && (current.kind === 'ul' || current.kind === 'ol') && /^\s+\S/.test(line)) {
      // An indented line continues the previous list item.
      const last = current.items.length - 1;
      current.items[last] = `${current.items[last]} ${line.trim()}`;
      continue;
    }
    if (!current || current.kind !== 'p') {
      close();
      current = { kind: 'p', lines: [] };
    }
    current.lines.push(line.trim());
  }
  close();
  return blocks;
}

const WORD = /[\p{L}\p{N}]/u;

/** Index of the closing single `*` / `_` that ends an emphasis opened at `from - 1`, or -1. */
function closingEmphasis(text: string, mark: string, from: number): number {
  if (from >= text.length || /\s/.test(text[from]!)) return -1;
  for (let j = from + 1; j < text.length; j++) {
    if (text[j] === '`') {
      const end = text.indexOf('`', j + 1);
      if (end < 0) return -1;
      j = end;
      continue;
    }
    if (text[j] !== mark) continue;
    if (text[j + 1] === mark) {
      j++;
      continue;
    }
    if (/\s/.test(text[j - 1]!)) continue;
    if (mark === '_' && j + 1 < text.length && WORD.test(text[j + 1]!)) continue;
    return j;
  }
  return -1;
}

export function renderInline(text: string, keyPrefix = 'i'): ReactNode[] {
  const out: ReactNode[] = [];
  let buf = '';
  let k = 0;
  const flush = () => {
    if (buf) out.push(buf);
    buf = '';
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length && /[\\`*_#-]/.test(text[i + 1]!)) {
      buf += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i + 1) {
        flush();
        out.push(<code key={`${keyPrefix}${k++}`}>{text.slice(i + 1, end)}</code>);
        i = end + 1;
        continue;
      }
    }
    if ((ch === '*' || ch === '_') && text[i + 1] === ch) {
      const mark = ch + ch;
      const end = text.indexOf(mark, i + 2);
      const prevIsWord = i > 0 && WORD.test(text[i - 1]!);
      if (end > i + 2 && !/\s/.test(text[i + 2]!) && !(ch === '_' && prevIsWord)) {
        flush();
        const key = `${keyPrefix}${k++}`;
        out.push(<strong key={key}>{renderInline(text.slice(i + 2, end), `${key}-`)}</strong>);
        i = end + 2;
        continue;
      }
    }
    if (ch === '*' || ch === '_') {
      const prevIsWord = i > 0 && WORD.test(text[i - 1]!);
      const end = ch === '_' && prevIsWord ? -1 : closingEmphasis(text, ch, i + 1);
      if (end > i + 1) {
        flush();
        const key = `${keyPrefix}${k++}`;
        out.push(<em key={key}>{renderInline(text.slice(i + 1, end), `${key}-`)}</em>);
        i = end + 1;
        continue;
      }
    }
    buf += ch;
    i++;
  }
  flush();
  return out;
}

export function Markdown({ text }: { text: string }) {
  const blocks = parseBlocks(text);
  return (
    <>
      {blocks.map((b, bi) => {
        if (b.kind === 'h') return <p key={bi} className="md-heading"><strong>{renderInline(b.text, `h${bi}-`)}</strong></p>;
        if (b.kind === 'p') {
          return (
            <p key={bi}>
              {b.lines.map((line, li) => (
                <Fragment key={li}>
                  {li > 0 && <br />}
                  {renderInline(line, `p${bi}-${li}-`)}
                </Fragment>
              ))}
            </p>
          );
        }
        const items = b.items.map((item, ii) => <li key={ii}>{renderInline(item, `l${bi}-${ii}-`)}</li>);
        return b.kind === 'ol' ? <ol key={bi} start={b.start === 1 ? undefined : b.start}>{items}</ol> : <ul key={bi}>{items}</ul>;
      })}
    </>
  );
}
