import type { Args } from '../types.js';
import { fileLocation, type Rule } from './context.js';
import { decodeArgs } from './version-args.js';

/**
 * JSON_SYNTAX, JSON_COMMENT, JSON_TRAILING_COMMA, JSON_BOM, JSON_TRAILING_CONTENT (§2), and
 * TEMPLATE_PLACEHOLDER: one finding per placeholder, the first carrying Go's error at it.
 */
export const fileSyntax: Rule = {
  id: 'file-syntax',
  codes: ['JSON_SYNTAX', 'JSON_COMMENT', 'JSON_TRAILING_COMMA', 'JSON_BOM', 'JSON_TRAILING_CONTENT', 'TEMPLATE_PLACEHOLDER'],
  check(ctx) {
    for (const issue of ctx.loaded.syntax) {
      const args: Args = { ...(issue.detail === undefined ? {} : { detail: issue.detail }), ...(issue.code === 'JSON_TRAILING_CONTENT' ? {} : decodeArgs(ctx.tykVersion)) };
      if (issue.placeholder !== undefined) {
        args.placeholder = issue.placeholder.text;
        if (issue.placeholder.key !== undefined) args.key = issue.placeholder.key;
        if (ctx.loaded.placeholderNodes.size > 0) args.readAsValue = true;
      }
      ctx.report(issue.code, args, [], fileLocation(ctx.file, issue.span));
    }
  },
};
