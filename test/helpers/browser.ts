/**
 * A minimal browser for end-to-end tests: a cookie jar per origin, redirects followed by hand
 * (POST → 302 → GET, as browsers do), and HTML forms read and submitted.
 */
export function createBrowser() {
  const jar = new Map<string, Map<string, string>>();
  const visited: string[] = [];

  const cookieHeader = (url: URL) =>
    [...(jar.get(url.host) ?? new Map<string, string>())].map(([name, value]) => `${name}=${value}`).join('; ');
  const store = (url: URL, response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const cookies = jar.get(url.host) ?? new Map<string, string>();
      const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute));
      if (expired) cookies.delete(pair.slice(0, at).trim());
      else cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
      jar.set(url.host, cookies);
    }
  };

  async function request(
    method: string,
    target: string,
    body?: URLSearchParams,
  ): Promise<{ url: string; status: number; text: string }> {
    let url = new URL(target);
    let init: RequestInit = {
      method,
      body,
      headers: body ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
    };
    for (let hops = 0; hops < 10; hops += 1) {
      visited.push(`${init.method} ${url.href}`);
      const headers = new Headers(init.headers);
      const cookie = cookieHeader(url);
      if (cookie) headers.set('cookie', cookie);
      const response = await fetch(url, { ...init, headers, redirect: 'manual' });
      store(url, response);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        url = new URL(location, url);
        init = { method: 'GET', headers: {} };
        continue;
      }
      return { url: url.href, status: response.status, text: await response.text() };
    }
    throw new Error('too many redirects');
  }

  /** The first form of a page: its action (absolute) and its named fields. */
  function form(page: { url: string; text: string }, submit?: string): { action: string; fields: URLSearchParams } {
    const match = /<form\b[^>]*>([\s\S]*?)<\/form>/i.exec(page.text);
    if (!match) throw new Error('no form on the page');
    const action = /action="([^"]*)"/i.exec(match[0])?.[1] ?? page.url;
    const fields = new URLSearchParams();
    for (const input of match[1].matchAll(/<input\b[^>]*>/gi)) {
      const name = /name="([^"]*)"/i.exec(input[0])?.[1];
      const value = /value="([^"]*)"/i.exec(input[0])?.[1] ?? '';
      const type = /type="([^"]*)"/i.exec(input[0])?.[1] ?? 'text';
      if (name && type !== 'submit') fields.set(name, value.replace(/&amp;/g, '&').replace(/&quot;/g, '"'));
    }
    for (const button of match[1].matchAll(/<button\b[^>]*>/gi)) {
      const name = /name="([^"]*)"/i.exec(button[0])?.[1];
      const value = /value="([^"]*)"/i.exec(button[0])?.[1] ?? '';
      if (name && (submit === undefined ? !fields.has(name) : value === submit)) fields.set(name, value);
    }
    return { action: new URL(action.replace(/&amp;/g, '&'), page.url).href, fields };
  }

  return {
    visited,
    get: (url: string) => request('GET', url),
    post: (url: string, fields: URLSearchParams) => request('POST', url, fields),
    form,
  };
}
