import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { Logger } from '../core/logger';
import { redact, redactText } from '../core/redact';

/**
 * The core Logger on Powertools: JSON lines with the Lambda context (function name, request id,
 * cold start), every line redacted before Powertools sees it.
 */
export function createPowertoolsLogger(logger: PowertoolsLogger = new PowertoolsLogger()): {
  log: Logger;
  powertools: PowertoolsLogger;
} {
  const wrap = (fields: Record<string, unknown>): Logger => {
    const emit = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, extra?: Record<string, unknown>) => {
      logger[level](redactText(message), redact({ ...fields, ...extra }) as Record<string, unknown>);
    };
    return {
      debug: emit('debug'),
      info: emit('info'),
      warn: emit('warn'),
      error: emit('error'),
      child: (more) => wrap({ ...fields, ...more }),
    };
  };
  return { log: wrap({}), powertools: logger };
}
