/* parser.h - the .ph parser: tokens (lexer.h) -> syntax tree (ast.h).
 *
 * THE LANGUAGE FRONT END, AS IMPLEMENTED (spec/LANGUAGE.md §1-2)
 *
 * Lexical
 *   - `--` starts a comment to the end of the line, anywhere outside a
 *     string (`a--b` is `a`). `#` is an operator, never a comment.
 *   - Identifiers [A-Za-z_][A-Za-z0-9_']* (`'` allowed after the first
 *     character, for Tidal names like `every'`). ASCII only.
 *   - Bus references `~name` (no space after `~`).
 *   - Numbers 12  0.5  .5  1e3  2.5e-3; `1.`, `1e`, `2x`, `0x10` are
 *     malformed; a literal that overflows a double is "out of range".
 *   - Negative literals: a `-` directly followed by a digit or `.digit` is
 *     the sign of a number when it is not the first token of its line and
 *     comes after whitespace, `(`, `[`, `,`, `:`, `=` or an operator:
 *     `chop -1`, `late -0.25`, `[-1, 2]`, `(-1)`, `x * -1`. Otherwise it is
 *     the minus operator: `a - 1`, `a-1`, `- x` (unary), and in a program
 *     a `-` that starts a line is always the operator (the line continues
 *     the statement above). In parse_expression the start of the input
 *     counts as "start": `-1` is a literal. `(x) -1` and `~a -1` read `-1`
 *     as a literal that cannot follow there; the error says to write `- 1`.
 *   - Strings "..." hold raw mini-notation: no escapes, no `"` inside, one
 *     line. AST_STRING records the offset of its first content byte so the
 *     mini-notation parser can point inside it. UTF-8 inside strings and
 *     comments is not checked here; anywhere else invalid UTF-8, non-ASCII
 *     characters and control characters are errors. A leading UTF-8 BOM and
 *     CR of CRLF line ends are ignored.
 *   - Operators: # $ + - * / and Tidal's structure operators
 *     |+ +| |- -| |* *| |/ /| |% %| |> >| |< <| (`|op` = structure from the
 *     left, `op|` = from the right) and the both-sides spellings |+| |-| |*|
 *     |/| |%| |>| |<| (|+| is the same as +).
 *
 * Layout (statements)
 *   - One statement per line. A line continues the previous statement when it
 *     starts with whitespace, or its first token is an operator (# $ + - * /
 *     |… …|), or `)`, `]` or `,` (these can never start a statement, so a
 *     multi-line list or call may close on its own line).
 *   - Blank lines and comment-only lines end a statement. A continuation line
 *     right after one (or at the top of the file) is an error; the lines of
 *     that orphan group are skipped.
 *   - An inline `-- comment` never joins lines.
 *
 * Statements
 *   tempo: N | cps: N      N a number literal > 0 (cycles per second)
 *   bpm: N                 N > 0
 *   ~name: e | ~name $ e   bus definition
 *   ~name # e              modifier bus (tier 2, AST_STMT_MODBUS)
 *   out: e | out $ e | out # e               main output (`out #` as in the reference)
 *   dN / oN / outN (: | $ | #) e             numbered output, N in 1..16, no leading 0
 *   hush  panic  resetCycles                 alone on their line
 *   setCycle N  nudge N    (an optional `:` after the keyword is accepted)
 *   fn name p1 p2 = e      user function (tier 2), distinct parameter names
 *   Anything else is an error: `name:` with an unknown name ("did you mean"),
 *   or a bare expression ("an expression needs a destination").
 *
 * Expressions (Pratt), lowest binding first
 *   1  a # b    left-assoc; the LEFT binding power is the lowest of all, but
 *               the right operand is parsed at the unary/application level:
 *               `x # f a * 0.8 + y` = ((x # f a) * 0.8) + y,
 *               `a + b # f` = (a + b) # f,
 *               `s "hh" $ degrade # gain 0.4` = (s "hh" $ degrade) # gain 0.4,
 *               `x # gain 0.4 $ fast 2` = (x # gain 0.4) $ fast 2.
 *   2  a $ b $ c   right-assoc; kept flat as AST_DOLLAR [a, b, c] in source
 *               order. Elements are level-3 expressions; `(a $ b) $ c` is a
 *               DOLLAR whose first element is a DOLLAR. The compiler decides
 *               prefix (`fast 2 $ s "bd"`) vs postfix (`s "bd" $ fast 2 $ rev`).
 *   3  + -  |+ +| |- -| |> >| |< <| |+| |-| |>| |<|      left-assoc
 *   4  * /  |* *| |/ /| |% %| |*| |/| |%|                left-assoc
 *   5  unary -  (prefix; `- - x` nests)
 *   6  application by juxtaposition `f a b` (AST_APP, flat). The head is an
 *      identifier; arguments are primaries. Only identifiers take arguments:
 *      `~bus x`, `"str" x`, `2 x`, `(e) x` are errors.
 *   7  primaries: number, string, identifier, ~bus, (expr), [list], section.
 *   Sections: `(op e)` for any binary operator except `-` is AST_SECTION, the
 *   function x -> x op e, where the body continues with any further operators:
 *   `(# speed 2 # gain 0.5)`, `(+ 7)`, `(|+ n 1)`, `($ fast 2)`. `(- x)` is a
 *   parenthesised negation (Haskell's rule), `(-1)` a literal.
 *   Lists: `[a, b, c]`, `[]`; elements are full expressions; a trailing comma
 *   is an error.
 *
 * Errors: every error in the file is reported (the parser resumes at the next
 * statement), each as FILE:LINE:COL with a caret on the offending token, in
 * source order. At most one error per statement (later ones would be
 * consequences) and one lexical error per line. A statement with an error is
 * left out of the program; the status says so. Messages name tokens in
 * backticks and say what was expected, e.g.
 *   unclosed `(`: expected `)` before the end of the line   (caret on the `(`)
 *   missing expression after `+`                            (caret on the `+`)
 *   unknown statement `temp:`; did you mean `tempo`?
 *   an expression needs a destination: write `out: …` or `~name: …`
 *   this line continues a statement (it is indented), but the blank or
 *     comment line above ended that statement
 */
#ifndef PHONON_LANG_PARSER_H
#define PHONON_LANG_PARSER_H

#include <stddef.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/status.h"
#include "lang/ast.h"

/* Limits; exceeding one is a diagnostic, never a crash. */
#define LANG_MAX_SOURCE_BYTES (4u * 1024u * 1024u) /* whole program */
#define LANG_MAX_DEPTH 256             /* expression nesting (parens, operators, unary minus, brackets) */
#define LANG_MAX_STMT_TOKENS 65536     /* tokens in one statement (continuation lines included) */
#define LANG_MAX_PARAMS 32             /* parameters of one `fn` */
#define LANG_MAX_OUTPUT_INDEX 16       /* d1..d16, o1..o16, out1..out16 */

/* Parses a whole program. The AST lives in `a`; errors go to `d` (if d has no
 * source yet, it is set to src/len/filename so messages print the line).
 * *out always receives a program (unless memory ran out: NULL) holding every
 * statement that parsed, so `check` can go on reporting compile errors; a
 * caller that runs code must refuse it unless the result is PH_OK.
 * Returns PH_OK, PH_ERR_SYNTAX (errors in d), PH_ERR_LIMIT (source too large)
 * or PH_ERR_NOMEM. */
PhStatus parse_program(const char *src, size_t len, const char *filename, Arena *a, Diag *d,
                       AstProgram **out);

/* Parses one expression, e.g. a `phonon query` line `s "bd sn" $ fast 2 #
 * gain 0.8`. Line breaks are plain whitespace here. *out is NULL on error. */
PhStatus parse_expression(const char *src, size_t len, const char *filename, Arena *a, Diag *d,
                          AstNode **out);

#endif
