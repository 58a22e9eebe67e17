import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findMarkupLiterals } from './markup-literals';

const extensionDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const components = readdirSync(extensionDir, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.svelte'))
  .sort();

describe('findMarkupLiterals', () => {
  const texts = (source: string) => findMarkupLiterals(source).map(({ where, text }) => `${where}: ${text}`);

  it('finds English text nodes, visible attributes and component props', () => {
    expect(
      texts(`<script>let busy = $state(false);</script>
        <h2>Setup check</h2>
        <input placeholder="e.g. alex" aria-label="Contact {busy}" />
        <img alt="Avatar" src="x.png" />
        <IconButton label="Hang up" text="End" tooltip="top" />
        <button title={busy ? 'Testing…' : \`Test \${busy}\`}>{busy && 'Wait'}</button>`),
    ).toEqual([
      'text: Setup check',
      'placeholder: e.g. alex',
      'aria-label: Contact',
      'alt: Avatar',
      'label: Hang up',
      'text: End',
      'title: Testing…',
      'title: Test',
      'text: Wait',
    ]);
  });

  it('finds text inside blocks and snippets', () => {
    expect(
      texts(`{#if a}<p>One</p>{:else}<p>Two</p>{/if}{#each xs as x}<li>Three {x}</li>{/each}
        {#snippet row()}<span>Four</span>{/snippet}`),
    ).toEqual(['text: One', 'text: Two', 'text: Three', 'text: Four']);
  });

  it('leaves translated text, symbols, classes, styles, scripts and comments alone', () => {
    expect(
      texts(`<script>const label = 'Not markup';</script>
        <!-- a comment -->
        <p class="hint big" data-status="pass" aria-hidden="true">{i18n.t('x.y')} · @{user.username} 🙂 42</p>
        <IconButton label={i18n.t('inCall.mute')} tooltip="top-end" variant="danger" />
        <h1>Ringside</h1>
        <style>p { color: red; }</style>`),
    ).toEqual([]);
  });
});

describe('every component in extension/', () => {
  it('finds the components', () => expect(components.length).toBeGreaterThan(20));

  it.each(components)('%s has no English literal in its markup (use i18n.t)', (file) => {
    const source = readFileSync(path.join(extensionDir, file), 'utf8');
    const literals = findMarkupLiterals(source, file).map(
      ({ where, text, line }) => `${file}:${line} ${where}: ${text}`,
    );
    expect(literals).toEqual([]);
  });
});
