// The chat's Markdown renderer: the few constructs interviewers and candidates use, and nothing
// in the text ever becomes markup. (A unit test: no browser needed.)
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from '../../web/src/markdown.js';

const html = (text: string) => renderToStaticMarkup(createElement(Markdown, { text }));

describe('chat Markdown', () => {
  it('renders bold, emphasis and code inline', () => {
    expect(html('Use **Redis** for *hot* keys and `GET /r/:code` to _redirect_.')).toBe(
      '<p>Use <strong>Redis</strong> for <em>hot</em> keys and <code>GET /r/:code</code> to <em>redirect</em>.</p>',
    );
    expect(html('**bold with *em* inside**')).toBe('<p><strong>bold with <em>em</em> inside</strong></p>');
  });

  it('renders paragraphs, line breaks and both kinds of lists', () => {
    expect(html('First line\nsecond line\n\nNew paragraph')).toBe('<p>First line<br/>second line</p><p>New paragraph</p>');
    expect(html('Plan:\n- cache\n- shard\n  by code\n\n1. read\n2. write')).toBe(
      '<p>Plan:</p><ul><li>cache</li><li>shard by code</li></ul><ol><li>read</li><li>write</li></ol>',
    );
    expect(html('3. third\n4. fourth')).toBe('<ol start="3"><li>third</li><li>fourth</li></ol>');
    expect(html('## Summary')).toBe('<p class="md-heading"><strong>Summary</strong></p>');
  });

  it('leaves arithmetic, snake_case and unclosed markers alone', () => {
    expect(html('2 * 3 * 4 = 24')).toBe('<p>2 * 3 * 4 = 24</p>');
    expect(html('short_code and user_id')).toBe('<p>short_code and user_id</p>');
    expect(html('**not closed')).toBe('<p>**not closed</p>');
    expect(html('a \\*literal\\* star')).toBe('<p>a *literal* star</p>');
  });

  it('never turns text into HTML', () => {
    const out = html('<img src=x onerror="alert(1)"> **<script>alert(2)</script>** `<b>x</b>`\n- <a href="javascript:alert(3)">link</a>');
    expect(out).not.toMatch(/<img|<script|<b>|<a /);
    expect(out).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expect(out).toContain('<strong>&lt;script&gt;alert(2)&lt;/script&gt;</strong>');
    expect(out).toContain('<code>&lt;b&gt;x&lt;/b&gt;</code>');
  });
});
