// Writes bindings/custom-elements.json (Custom Elements Manifest, schema 2.1) for the npm package,
// and fails when the places that describe the elements disagree:
// - the Rust sources define them: the tags (bindings/src/element.rs), the observed attributes
//   (same file), the event names (bindings/src/custom_events.rs);
// - the package README documents them: attributes and properties, events, CSS custom properties
//   and parts (which element has which part: the tables under "The ... also has:"), every part
//   the widgets render (widgets/src) and every custom property the CSS reads, and nothing else;
// - the hand-written entry declares them: TAGS and EVENTS (bindings/js/names.js), the element and
//   event types (bindings/js/index.d.ts), which the React and Vue wrappers build on.
// Run by `cargo xtask build-wasm` (so by every packaging), never edited by hand.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const read = (path) => readFileSync(join(root, path), 'utf8');
const problems = [];
const sameSet = (what, a, aName, b, bName) => {
  const missingInB = a.filter((x) => !b.includes(x));
  const missingInA = b.filter((x) => !a.includes(x));
  if (missingInB.length) problems.push(`${what} in ${aName} but not in ${bName}: ${missingInB.join(', ')}`);
  if (missingInA.length) problems.push(`${what} in ${bName} but not in ${aName}: ${missingInA.join(', ')}`);
};

// --- The Rust sources.
const elementRs = read('bindings/src/element.rs');
const tags = [...elementRs.matchAll(/pub const [A-Z_]+_TAG: &str = "([a-z-]+)";/g)].map((m) => m[1]);
const attributeConsts = Object.fromEntries(
  [...elementRs.matchAll(/pub const (ATTR_\w+): &str = "([a-z-]+)";/g)].map((m) => [m[1], m[2]]),
);
const observed = elementRs.match(/OBSERVED_ATTRIBUTES: \[&str; \d+\] = \[([^\]]*)\]/)[1]
  .split(',').map((s) => s.trim()).filter(Boolean).map((name) => attributeConsts[name]);
const eventsRs = read('bindings/src/custom_events.rs');
const events = [...eventsRs.matchAll(/pub const \w+: &str = "(tk-[a-z-]+)";/g)].map((m) => m[1]);

// --- The hand-written entry.
const namesJs = read('bindings/js/names.js');
const jsArray = (name) => [...namesJs.match(new RegExp(`export const ${name} = Object\\.freeze\\(\\[([^\\]]*)\\]`))[1]
  .matchAll(/'([a-z-]+)'/g)].map((m) => m[1]);
const indexDts = read('bindings/js/index.d.ts');
const dtsBlock = (name) => indexDts.match(new RegExp(`export interface ${name} \\{([^}]*)\\}`))[1];
const dtsEvents = Object.fromEntries(
  [...dtsBlock('TenantKitEventMap').matchAll(/'(tk-[a-z-]+)': ([^;]+);/g)].map((m) => [m[1], m[2]]),
);
const dtsTags = Object.fromEntries(
  [...dtsBlock('TenantKitElementTagNameMap').matchAll(/'([a-z-]+)': (\w+);/g)].map((m) => [m[1], m[2]]),
);

// --- The README.
const readme = read('bindings/README.md');
const section = (heading) => readme.split(`\n## ${heading}\n`)[1].split('\n## ')[0];
/** The cells of a Markdown table row (`\|` stays inside a cell). */
const cells = (line) => line.trim().replace(/^\||\|$/g, '').split(/(?<!\\)\|/).map((c) => c.trim().replaceAll('\\|', '|'));
const tableRows = (text) => text.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('|---')).map(cells).slice(0);
const ticks = (cell) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
const plain = (cell) => cell.replaceAll('`', '');

const attributeRows = tableRows(section('Attributes and properties')).slice(1);
const readmeEvents = tableRows(section('Events')).slice(1)
  .flatMap(([names, detail, when]) => ticks(names).map((name) => ({ name, detail, when })));

// Parts and custom properties: every table under "## Styling", with the element it belongs to.
const PART_OWNERS = {
  'The user widget also has:': 'tenant-user-management',
  'The role widget also has:': 'tenant-role-management',
  'The access-key widget also has:': 'tenant-access-key-management',
  'The tenant profile also has:': 'tenant-profile',
  'The audit log also has:': 'tenant-audit-log',
  'The SSO widget also has:': 'tenant-sso-setup',
};
const cssProperties = [];
const parts = Object.fromEntries(tags.map((tag) => [tag, new Map()]));
let owner = null;
for (const line of section('Styling').split('\n')) {
  if (line.includes('style single elements with `::part()`')) owner = 'all';
  if (line in PART_OWNERS) owner = PART_OWNERS[line];
  if (!line.startsWith('| `')) continue;
  const [names, second, third] = cells(line);
  if (names.startsWith('`--')) {
    cssProperties.push({ name: ticks(names)[0], default: plain(second), description: `Used for: ${plain(third)}` });
    continue;
  }
  if (!owner) problems.push(`README: a parts row before any parts heading: ${line}`);
  const owners = owner === 'all' ? tags : [owner];
  for (const name of ticks(names).flatMap((t) => t.split(/\s+/))) {
    for (const tag of owners) if (!parts[tag].has(name)) parts[tag].set(name, plain(second));
  }
}

// Which element sends which event (the README's paragraph under the Events table says so).
const SHARED_EVENTS = ['tk-ready', 'tk-error', 'tk-session-expired', 'tk-token-refreshed'];
const eventOwner = (name) => {
  if (/^tk-(tenant|session-settings|password-policy|domain)-/.test(name)) return 'tenant-profile';
  if (/^tk-role-/.test(name)) return 'tenant-role-management';
  if (/^tk-access-key-/.test(name)) return 'tenant-access-key-management';
  if (/^tk-sso-/.test(name)) return 'tenant-sso-setup';
  if (/^tk-audit-/.test(name)) return 'tenant-audit-log';
  if (/^tk-(user|password|passkeys|totp|invitation|bulk|users)-/.test(name) || name === 'tk-impersonate') return 'tenant-user-management';
  return null;
};

// --- Cross-checks.
sameSet('tags', tags, 'bindings/src/element.rs', jsArray('TAGS'), 'bindings/js/names.js TAGS');
sameSet('tags', tags, 'bindings/src/element.rs', Object.keys(dtsTags), 'bindings/js/index.d.ts');
sameSet('events', events, 'bindings/src/custom_events.rs', jsArray('EVENTS'), 'bindings/js/names.js EVENTS');
sameSet('events', events, 'bindings/src/custom_events.rs', Object.keys(dtsEvents), 'bindings/js/index.d.ts');
sameSet('events', events, 'bindings/src/custom_events.rs', readmeEvents.map((e) => e.name), 'the README Events table');
sameSet('attributes', observed, 'OBSERVED_ATTRIBUTES', attributeRows.map(([a]) => a).filter((a) => a.startsWith('`')).map(plain), 'the README attributes table');
for (const name of events) {
  if (!SHARED_EVENTS.includes(name) && !eventOwner(name)) problems.push(`event ${name} belongs to no element (xtask/scripts/manifest.mjs)`);
}
if (cssProperties.length === 0) problems.push('README: no CSS custom properties found under ## Styling');

// Every part the widgets render and every custom property the CSS reads is documented, and
// every documented one is used. Parts are `part="..."` in widgets/src, or string literals in a
// computed `part={...}` (placeholders such as `{name}` left out; the README names their values
// in the description cell, where any ticked name counts as documented).
const walk = (dir) => readdirSync(join(root, dir), { withFileTypes: true })
  .flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
const widgetSources = walk('widgets/src').filter((path) => path.endsWith('.rs')).map(read).join('\n');
const partWords = (text) => text.replace(/\{[^}]*\}/g, ' ').split(/\s+/).filter((w) => /^[a-z][a-z0-9-]*$/.test(w));
const renderedParts = new Set([
  ...[...widgetSources.matchAll(/\bpart="([^"]*)"/g)].flatMap((m) => partWords(m[1])),
  ...[...widgetSources.matchAll(/\bpart=\{((?:[^{}]|\{[^{}]*\})*)\}/g)]
    .flatMap((m) => [...m[1].matchAll(/"([^"]*)"/g)].flatMap((literal) => partWords(literal[1]))),
]);
const namedParts = new Set(Object.values(parts).flatMap((map) => [...map.keys()]));
const mentionedParts = new Set(section('Styling').split('\n').filter((line) => line.startsWith('| `'))
  .flatMap((line) => ticks(cells(line)[1] ?? '').flatMap((t) => t.split(/\s+/))));
const undocumented = [...renderedParts].filter((p) => !namedParts.has(p) && !mentionedParts.has(p));
const unrendered = [...namedParts].filter((p) => !renderedParts.has(p));
if (undocumented.length) problems.push(`parts in widgets/src but not in the README part tables: ${undocumented.join(', ')}`);
if (unrendered.length) problems.push(`parts in the README part tables but not in widgets/src: ${unrendered.join(', ')}`);
const css = read('widgets/src/styles.css');
const cssRead = [...new Set([...css.matchAll(/var\((--tk-[a-z0-9-]+)/g)].map((m) => m[1]))];
sameSet('custom properties', cssRead, 'widgets/src/styles.css', cssProperties.map((p) => p.name), 'the README property table');
for (const tag of tags) if (!parts[tag].has('base')) problems.push(`README: ${tag} has no part "base"`);
if (problems.length) {
  console.error(`manifest.mjs: the element descriptions disagree:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}

// --- The manifest.
const description = (tag) => {
  const bullet = readme.split(`\n- \`<${tag}>\`: `)[1];
  return bullet ? bullet.split(/\n(?!  )/)[0].replace(/\s*\n\s*/g, ' ') : '';
};
const properties = attributeRows.map(([attribute, property, type, meaning]) => ({
  attribute: attribute.startsWith('`') ? plain(attribute) : undefined,
  property: plain(property),
  type: plain(type),
  meaning: plain(meaning),
}));
const readmeEvent = Object.fromEntries(readmeEvents.map((e) => [e.name, e]));
const MODULE = 'js/index.js';
const declarations = tags.map((tag) => ({
  kind: 'class',
  name: dtsTags[tag],
  tagName: tag,
  customElement: true,
  description: description(tag),
  superclass: { name: 'HTMLElement' },
  attributes: properties.filter((p) => p.attribute).map((p) => ({
    name: p.attribute,
    type: { text: p.type },
    description: p.meaning,
    fieldName: p.property,
  })),
  members: [
    ...properties.map((p) => ({
      kind: 'field',
      name: p.property,
      type: { text: p.type },
      description: p.meaning,
      ...(p.attribute && p.property !== 'sessionToken' ? { attribute: p.attribute, reflects: true } : {}),
      ...(p.property === 'sessionToken' ? { attribute: p.attribute } : {}),
    })),
    {
      kind: 'method',
      name: 'refresh',
      description: 'Fetches the widget\'s data again (e.g. after another widget on the page changed it).',
      return: { type: { text: 'void' } },
    },
  ],
  events: events.filter((name) => SHARED_EVENTS.includes(name) || eventOwner(name) === tag).map((name) => ({
    name,
    type: { text: dtsEvents[name] },
    description: `${plain(readmeEvent[name].when)} (detail: ${plain(readmeEvent[name].detail)})`,
  })),
  cssParts: [...parts[tag]].map(([name, description]) => ({ name, description })),
  cssProperties,
}));
const manifest = {
  schemaVersion: '2.1.0',
  readme: 'README.md',
  modules: [{
    kind: 'javascript-module',
    path: MODULE,
    declarations,
    exports: declarations.map((d) => ({
      kind: 'custom-element-definition',
      name: d.tagName,
      declaration: { name: d.name, module: MODULE },
    })),
  }],
};
writeFileSync(join(root, 'bindings/custom-elements.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`manifest.mjs: bindings/custom-elements.json: ${tags.length} elements, ${events.length} events`);
