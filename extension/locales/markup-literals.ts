/**
 * Finds user-visible words written straight into a Svelte component's markup instead of coming
 * from the locale files (the guard in markup-literals.test.ts). Uses Svelte's own parser, so
 * `<style>`, `<script>`, comments and class names are never mistaken for text.
 */
import { parse } from 'svelte/compiler';

/** One literal the user would see untranslated. */
export interface MarkupLiteral {
  /** `text`, or the attribute / prop name that carries it. */
  where: string;
  text: string;
  line: number;
}

/** Attributes of HTML elements that a person sees or hears. */
const visibleAttributes = new Set([
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'aria-placeholder',
  'title',
  'placeholder',
  'alt',
  'label',
]);
/** Props of our components that end up as visible or spoken text (`IconButton` `label`, `text`, ...). */
const visibleProps = new Set(['label', 'text', 'title', 'placeholder', 'alt', 'heading', 'hint', 'message']);
/** Words that are the same in every language. */
const untranslatable = new Set(['Ringside']);

const hasLetters = (text: string) => /\p{L}/u.test(text) && !untranslatable.has(text.trim());

interface AstNode {
  type: string;
  start: number;
  [key: string]: unknown;
}
const isNode = (value: unknown): value is AstNode =>
  typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';

/**
 * The strings an expression can evaluate to when it is only a choice between literals:
 * `{busy ? 'Testing…' : label}` yields `Testing…`; a call such as `{i18n.t('x')}` yields nothing.
 */
function resultLiterals(expression: unknown): { text: string; start: number }[] {
  if (!isNode(expression)) return [];
  switch (expression.type) {
    case 'Literal':
      return typeof expression.value === 'string'
        ? [{ text: expression.value, start: expression.start }]
        : [];
    case 'TemplateLiteral':
      return (expression.quasis as { value: { cooked: string }; start: number }[]).map((quasi) => ({
        text: quasi.value.cooked,
        start: quasi.start,
      }));
    case 'ConditionalExpression':
      return [...resultLiterals(expression.consequent), ...resultLiterals(expression.alternate)];
    case 'LogicalExpression':
    case 'BinaryExpression':
      return [...resultLiterals(expression.left), ...resultLiterals(expression.right)];
    default:
      return [];
  }
}

/** Every untranslated user-visible literal in one component's markup. */
export function findMarkupLiterals(source: string, filename = 'component.svelte'): MarkupLiteral[] {
  const ast = parse(source, { modern: true, filename });
  const found: MarkupLiteral[] = [];
  const lineOf = (offset: number) => source.slice(0, offset).split('\n').length;
  const report = (where: string, text: string, start: number) => {
    if (hasLetters(text)) found.push({ where, text: text.trim(), line: lineOf(start) });
  };
  const checkValue = (where: string, value: unknown) => {
    for (const part of Array.isArray(value) ? value : [value]) {
      if (!isNode(part)) continue;
      if (part.type === 'Text') report(where, part.data as string, part.start);
      else if (part.type === 'ExpressionTag')
        for (const literal of resultLiterals(part.expression)) report(where, literal.text, literal.start);
    }
  };

  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!isNode(value)) return;
    if (value.type === 'Fragment') {
      for (const child of value.nodes as AstNode[]) {
        if (child.type === 'Text') report('text', child.data as string, child.start);
        else if (child.type === 'ExpressionTag')
          for (const literal of resultLiterals(child.expression)) report('text', literal.text, literal.start);
      }
    }
    if (Array.isArray(value.attributes)) {
      const names = value.type === 'Component' ? visibleProps : visibleAttributes;
      for (const attribute of value.attributes as AstNode[])
        if (attribute.type === 'Attribute' && names.has(attribute.name as string))
          checkValue(attribute.name as string, attribute.value);
    }
    for (const [key, child] of Object.entries(value))
      if (key !== 'attributes' && typeof child === 'object') visit(child);
  };
  visit(ast.fragment);
  return found;
}
