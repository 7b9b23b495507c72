import { escapeHtml } from '../../../core/html-page';

/** What the consent screen shows and carries through its form. */
export interface ConsentPageInput {
  appName: string;
  workspaceName: string;
  workspaceSlug: string;
  userName: string;
  scopes: string[];
  /** Posted back unchanged as hidden inputs: client_id, redirect_uri, state, scope, response_type. */
  hidden: Readonly<Record<string, string>>;
}

// Plane's blue (#3f76ff) darkened to #2f62e8, so white button text meets WCAG AA contrast (5.2:1).
const STYLE = `body{font-family:system-ui,sans-serif;background:#f5f6f8;margin:0;padding:48px}
main{max-width:440px;margin:auto;background:#fff;border-radius:12px;padding:32px;box-shadow:0 1px 4px #0002}
h1{font-size:20px}ul{padding-left:20px}.actions{display:flex;gap:12px;margin-top:24px}
button{font-size:15px;padding:10px 18px;border-radius:8px;border:1px solid #ccd;cursor:pointer}
button[value=approve]{background:#2f62e8;color:#fff;border-color:#2f62e8}.muted{color:#667}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

/** The consent screen: app, workspace, scopes, and an Approve / Deny form posting back here. */
export function renderConsentPage(input: ConsentPageInput): string {
  const hidden = Object.entries(input.hidden)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  const scopes = input.scopes.map((scope) => `<li>${escapeHtml(scope)}</li>`).join('');
  return page(
    `Install ${input.appName}`,
    `<p class="muted">Plane simulator · signed in as ${escapeHtml(input.userName)}</p>
<h1><strong>${escapeHtml(input.appName)}</strong> wants to access the workspace
<strong>${escapeHtml(input.workspaceName)}</strong> (${escapeHtml(input.workspaceSlug)})</h1>
<p>It will be able to:</p><ul>${scopes}</ul>
<form method="POST" action="/auth/o/authorize-app/">
${hidden}
<div class="actions">
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
</div>
</form>`,
  );
}

/**
 * The 403 page for a form without a valid CSRF token. Plane renders its own csrf_failure.html
 * (authentication/views/common.py `csrf_failure`), titled "CSRF Verification Failed"; the reason
 * is Django's.
 */
export function renderCsrfFailurePage(reason: string): string {
  return page(
    'CSRF Verification Failed',
    `<h1>CSRF Verification Failed</h1><p>${escapeHtml(reason)}</p>` +
      '<p>The form has expired or came from another site. Start the install again from the app.</p>',
  );
}

/** The 400 page for a bad client_id or redirect_uri (Plane does not redirect those). */
export function renderErrorPage(message: string): string {
  return page('Authorization error', `<h1>Authorization error</h1><p>${escapeHtml(message)}</p>`);
}
