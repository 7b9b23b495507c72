import type { SimResponse } from './response';

/** One route; `pattern` is a path with `:name` parameters, e.g. `/workspaces/:slug/members/`. */
export interface Route<C> {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly pattern: string;
  /** Answers the call, or throws a SimHttpError that stands for the answer. */
  run(call: C): SimResponse | Promise<SimResponse>;
}

/** A route that matched, with its path parameters; or why none did (404 or 405). */
type RouteLookup<C> =
  | { readonly route: Route<C>; readonly params: Record<string, string> }
  | 'not-found'
  | 'method-not-allowed';

export interface Router<C> {
  find(path: string, method: string): RouteLookup<C>;
}

function compile(pattern: string): RegExp {
  const escaped = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/:(\w+)/g, '(?<$1>[^/]+)')}$`);
}

/**
 * A route table, for the OAuth pages and the REST API alike. A path that some route matches
 * with another method is a 405, as in Django REST Framework; a path no route matches is a 404.
 */
export function createRouter<C>(routes: readonly Route<C>[]): Router<C> {
  const compiled = routes.map((route) => ({ route, regex: compile(route.pattern) }));
  return {
    find(path, method) {
      let pathKnown = false;
      for (const { route, regex } of compiled) {
        const match = regex.exec(path);
        if (!match) continue;
        pathKnown = true;
        if (route.method === method) return { route, params: { ...match.groups } };
      }
      return pathKnown ? 'method-not-allowed' : 'not-found';
    },
  };
}
