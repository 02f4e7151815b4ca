// Custom Elements Manifest: generated from the classes' JSDoc (@summary, @fires,
// @slot, @csspart, @cssproperty); feeds Storybook's controls and docs and editors.

const isTagName = (name) => /^[a-z][a-z0-9._]*-[a-z0-9._-]*$/.test(name);

/**
 * Our elements are registered with `defineElement('trust-x', TrustX)` (guarded
 * against a second copy on the page), not `customElements.define`, so the
 * analyzer is taught to read those calls as definitions; the one inside the
 * helper itself (`customElements.define(tag, ctor)`) is not a definition.
 */
function defineElementCalls() {
  return {
    name: 'trust-widgets: defineElement calls',
    analyzePhase({ts, node, moduleDoc}) {
      if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'defineElement') return;
      const [tag, ctor] = node.arguments;
      if (!tag || !ctor || !ts.isStringLiteral(tag) || !ts.isIdentifier(ctor)) return;
      moduleDoc.exports ??= [];
      moduleDoc.exports.push({kind: 'custom-element-definition', name: tag.text, declaration: {name: ctor.text}});
    },
    packageLinkPhase({customElementsManifest}) {
      const classModules = new Map();
      for (const mod of customElementsManifest.modules) {
        for (const declaration of mod.declarations ?? []) {
          if (declaration.kind === 'class') classModules.set(declaration.name, mod.path);
        }
      }
      for (const mod of customElementsManifest.modules) {
        mod.exports = mod.exports?.filter((e) => e.kind !== 'custom-element-definition' || isTagName(e.name));
        for (const definition of mod.exports ?? []) {
          if (definition.kind === 'custom-element-definition' && !definition.declaration.module) {
            definition.declaration.module = classModules.get(definition.declaration.name);
          }
        }
      }
    },
  };
}

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts'],
  outdir: '.',
  litelement: true,
  // package.json already points at ./custom-elements.json; never rewrite it.
  packagejson: false,
  plugins: [defineElementCalls()],
};
