import { fileLocation, type Rule } from './context.js';
import { decodeArgs } from './version-args.js';

/** JSON_SYNTAX, JSON_COMMENT, JSON_TRAILING_COMMA, JSON_BOM, JSON_TRAILING_CONTENT (§2). */
export const fileSyntax: Rule = {
  id: 'file-syntax',
  codes: ['JSON_SYNTAX', 'JSON_COMMENT', 'JSON_TRAILING_COMMA', 'JSON_BOM', 'JSON_TRAILING_CONTENT'],
  check(ctx) {
    for (const issue of ctx.loaded.syntax) {
      const args = { ...(issue.detail === undefined ? {} : { detail: issue.detail }), ...(issue.code === 'JSON_TRAILING_CONTENT' ? {} : decodeArgs(ctx.tykVersion)) };
      ctx.report(issue.code, args, [], fileLocation(ctx.file, issue.span));
    }
  },
};
