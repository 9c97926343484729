/**
 * Azure Functions route templates (`tickets/{ticketId}/actions`, `{name?}`, `{*rest}`, `{n:int}`),
 * compiled to a matcher that yields the route parameters.
 */
export type RouteMatcher = (path: string) => Record<string, string> | undefined;

export function compileRoute(template: string): RouteMatcher {
  const names: string[] = [];
  const pattern = template
    .replace(/^\/+|\/+$/g, '')
    .split('/')
    .map((segment) => {
      const param = /^\{(\*)?([A-Za-z_][A-Za-z0-9_]*)(?::[^}?]+)?(\?)?\}$/.exec(segment);
      if (!param) return `/${escapeRegExp(segment)}`;
      names.push(param[2] ?? '');
      if (param[1]) return '(?:/(.*))?';
      return param[3] ? '(?:/([^/]+))?' : '/([^/]+)';
    })
    .join('');
  const regex = new RegExp(`^${pattern}/?$`, 'i');
  return (path) => {
    const match = regex.exec(path.startsWith('/') ? path : `/${path}`);
    if (!match) return undefined;
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
      const value = match[i + 1];
      if (value !== undefined) params[name] = safeDecode(value);
    });
    return params;
  };
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
