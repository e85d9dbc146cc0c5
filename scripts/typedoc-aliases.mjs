// A TypeDoc plugin: a member of a namespace object (`np`, `risk`, `random`) that only
// names a function declared elsewhere (`{ cov, corr }`, `var: red.variance`), or wraps one in
// an argument check (`cov: withOptions('cov', cov, 1, ['ddof'])`), takes that function's doc comment, so each function is documented once, where it is written.
// TypeDoc itself reads comments only from the property, which has none.
import { Converter, ReflectionKind } from 'typedoc';
import ts from 'typescript';

const isName = (node) => ts.isIdentifier(node) || ts.isPropertyAccessExpression(node);

/**
 * The expression naming the function a property's value is: the value itself, or the first
 * named argument of a wrapping call.
 */
function namingExpression(initializer) {
  if (isName(initializer)) return initializer;
  if (ts.isCallExpression(initializer)) return initializer.arguments.find(isName);
  return undefined;
}

/** The symbol a property's value names, through imports; undefined when the value is computed. */
function namedValue(checker, declaration) {
  let symbol;
  if (ts.isShorthandPropertyAssignment(declaration)) symbol = checker.getShorthandAssignmentValueSymbol(declaration);
  else if (ts.isPropertyAssignment(declaration)) {
    const named = namingExpression(declaration.initializer);
    symbol = named && checker.getSymbolAtLocation(named);
  }
  return symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/** A function's comment sits on its signature (TypeDoc reads it from there); a const's on its declaration. */
function commentOf(context, symbol) {
  const declaration = symbol.declarations?.find((d) => ts.isFunctionDeclaration(d) && d.body) ?? symbol.declarations?.[0];
  if (!declaration) return undefined;
  return ts.isFunctionDeclaration(declaration) ? context.getSignatureComment(declaration) : context.getComment(symbol, ReflectionKind.Variable);
}

export function load(app) {
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (reflection.comment) return;
    const declaration = context.getSymbolFromReflection(reflection)?.declarations?.[0];
    const target = declaration && namedValue(context.checker, declaration);
    if (!target) return;
    const comment = commentOf(context, target);
    if (comment) reflection.comment = comment;
  });
}
