import { randomBytes } from 'node:crypto';

/** An issued access token and whom it acts as. */
interface AccessTokenRecord {
  readonly token: string;
  readonly kind: 'bot' | 'user';
  readonly userId: string;
  readonly installationId: string;
  readonly clientId: string;
  readonly scope: string;
  expiresAt: number;
  revoked: boolean;
}

/** An authorization code from the consent screen. */
interface CodeRecord {
  readonly code: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly userId: string;
  readonly installationId: string;
  readonly scope: string;
  readonly expiresAt: number;
  used: boolean;
}

/** The token endpoint's success body. */
interface TokenResponse {
  access_token: string;
  expires_in: number;
  token_type: 'Bearer';
  scope: string;
  refresh_token?: string;
}

export interface TokenRegistry {
  issueCode(input: Omit<CodeRecord, 'code' | 'expiresAt' | 'used'>): string;
  /** Marks the code used and returns it when it is unused, unexpired and for this client and URI. */
  consumeCode(code: string, clientId: string, redirectUri: string): CodeRecord | undefined;
  issue(input: Omit<AccessTokenRecord, 'token' | 'expiresAt' | 'revoked'>): TokenResponse;
  /** Rotates a refresh token: the old one (and its access token) stop working. */
  refresh(refreshToken: string, clientId: string): TokenResponse | undefined;
  /** The live record for a bearer token, or undefined if unknown, revoked or expired. */
  authenticate(token: string): AccessTokenRecord | undefined;
  revoke(token: string, clientId: string): void;
  revokeInstallation(installationId: string): void;
  expireAll(): void;
}

export interface TokenRegistryOptions {
  clock: () => number;
  tokenLifetimeSeconds: number;
  codeLifetimeSeconds: number;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A 30-character alphanumeric secret, like Django OAuth Toolkit's generated tokens. */
function secretToken(): string {
  return [...randomBytes(30)].map((byte) => ALPHABET[byte % ALPHABET.length]).join('');
}

/** Creates the registry of codes, access tokens and rotating refresh tokens. */
export function createTokenRegistry(options: TokenRegistryOptions): TokenRegistry {
  const { clock } = options;
  const codes = new Map<string, CodeRecord>();
  const tokens = new Map<string, AccessTokenRecord>();
  const refreshTokens = new Map<string, { accessToken: string; revoked: boolean }>();

  const issue = (input: Omit<AccessTokenRecord, 'token' | 'expiresAt' | 'revoked'>): TokenResponse => {
    const token = secretToken();
    tokens.set(token, { ...input, token, expiresAt: clock() + options.tokenLifetimeSeconds * 1000, revoked: false });
    const response: TokenResponse = {
      access_token: token,
      expires_in: options.tokenLifetimeSeconds,
      token_type: 'Bearer',
      scope: input.scope,
    };
    if (input.kind === 'user') {
      const refreshToken = secretToken();
      refreshTokens.set(refreshToken, { accessToken: token, revoked: false });
      response.refresh_token = refreshToken;
    }
    return response;
  };

  const revokeAccess = (token: string): void => {
    const record = tokens.get(token);
    if (record) record.revoked = true;
  };

  return {
    issueCode(input) {
      const code = secretToken();
      codes.set(code, { ...input, code, expiresAt: clock() + options.codeLifetimeSeconds * 1000, used: false });
      return code;
    },
    consumeCode(code, clientId, redirectUri) {
      const record = codes.get(code);
      if (!record || record.used || clock() >= record.expiresAt) return undefined;
      if (record.clientId !== clientId || record.redirectUri !== redirectUri) return undefined;
      record.used = true;
      return record;
    },
    issue,
    refresh(refreshToken, clientId) {
      const entry = refreshTokens.get(refreshToken);
      const previous = entry ? tokens.get(entry.accessToken) : undefined;
      if (!entry || entry.revoked || !previous || previous.clientId !== clientId) return undefined;
      entry.revoked = true;
      previous.revoked = true;
      const { kind, userId, installationId, scope } = previous;
      return issue({ kind, userId, installationId, clientId, scope });
    },
    authenticate(token) {
      const record = tokens.get(token);
      if (!record || record.revoked || clock() >= record.expiresAt) return undefined;
      return record;
    },
    revoke(token, clientId) {
      const access = tokens.get(token);
      if (access && access.clientId === clientId) revokeAccess(token);
      const refresh = refreshTokens.get(token);
      if (refresh && tokens.get(refresh.accessToken)?.clientId === clientId) {
        refresh.revoked = true;
        revokeAccess(refresh.accessToken);
      }
    },
    revokeInstallation(installationId) {
      for (const record of tokens.values()) {
        if (record.installationId === installationId && record.kind === 'bot') record.revoked = true;
      }
    },
    expireAll() {
      const now = clock();
      for (const record of tokens.values()) record.expiresAt = Math.min(record.expiresAt, now);
    },
  };
}
