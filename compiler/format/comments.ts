// Tokens + `//` comments -> which token each comment belongs to. An end-of-line comment trails the token
// before it on the same line; an own-line comment leads the next token (or the end of the file).
import type { IToken } from "chevrotain";

export interface Leading { comment: IToken; blankAfter: boolean }
export interface CommentMap {
  text: string;
  /** Own-line comments before a token, keyed by the token's start offset. */
  leading: Map<number, Leading[]>;
  /** The end-of-line comment after a token, keyed by the token's start offset. */
  trailing: Map<number, IToken>;
  /** Own-line comments after the last token. */
  eof: Leading[];
}

const BLANK = /\n[ \t\r\u00a0\ufeff]*\n/;
export const hasBlankLine = (text: string, from: number, to: number): boolean => from < to && BLANK.test(text.slice(from, to));

export function attachComments(text: string, tokens: IToken[], comments: IToken[]): CommentMap {
  const cm: CommentMap = { text, leading: new Map(), trailing: new Map(), eof: [] };
  let i = 0; // index of the first token after the current comment
  let pending: IToken[] = [];
  const flush = (next: IToken | undefined): void => {
    if (!pending.length) return;
    const list: Leading[] = pending.map((c, k) => ({
      comment: c,
      blankAfter: hasBlankLine(text, c.endOffset! + 1, pending[k + 1]?.startOffset ?? next?.startOffset ?? text.length),
    }));
    if (next) cm.leading.set(next.startOffset, list); else cm.eof = list;
    pending = [];
  };
  for (const c of comments) {
    while (i < tokens.length && tokens[i].startOffset < c.startOffset) {
      if (pending.length) flush(tokens[i]);
      i++;
    }
    const prev = tokens[i - 1];
    if (!pending.length && prev && (prev.endLine ?? prev.startLine) === c.startLine && !cm.trailing.has(prev.startOffset)) {
      cm.trailing.set(prev.startOffset, c);
    } else pending.push(c);
  }
  flush(tokens[i]);
  return cm;
}

/** Where a token's printed text begins: its first own-line comment, or the token itself. */
export const startWithComments = (cm: CommentMap, t: IToken): number => cm.leading.get(t.startOffset)?.[0]?.comment.startOffset ?? t.startOffset;
/** Where a token's printed text ends: after its end-of-line comment, or the token itself. */
export const endWithComments = (cm: CommentMap, t: IToken): number => {
  const c = cm.trailing.get(t.startOffset);
  return (c ?? t).endOffset! + 1;
};
